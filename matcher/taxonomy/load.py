"""The account-management taxonomy: load the YAML in ``taxonomy/``, validate it, freeze it.

    taxonomy/*.yaml (+ a user's own files) ─► raw entries ─► merged ─► validated ─► Taxonomy

Every file has the same shape (``taxonomy/SCHEMA.md``): a mapping with any of the keys
``schema_version``, ``taxonomy_version``, ``version_suffix``, ``sources``, ``skills``,
``roles`` and ``lexicon``. The default folder is read in a fixed order; a file it does not
know (``sections.yaml`` belongs to the section splitter) is ignored. A user file given as
``extra`` overrides entries with the same id field by field and adds new ones.

Validation (``matcher.taxonomy.check``) collects every problem, each naming its file and
entry, and ``load_taxonomy`` raises them as one ``TaxonomyError``. The data classes live in
``matcher.taxonomy.types`` and the compiled matching data in ``matcher.taxonomy.patterns``;
both are re-exported here.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from matcher.errors import TaxonomyError
from matcher.resources import taxonomy_dir
from matcher.taxonomy.patterns import (
    FORBIDDEN_FORMS,
    expand,
    is_token_pattern,
    noun_forms,
    skill_context_phrases,
    skill_context_rules,
    skill_exact_phrases,
    skill_exclude_phrases,
    skill_near_phrases,
    skill_phrases,
    skill_token_patterns,
    title_exact_phrases,
    title_phrases,
    title_token_patterns,
    token_patterns,
    verb_forms,
)
from matcher.taxonomy.types import (  # re-exported: the data classes live there
    NEAR_WINDOW,
    SCHEMA_VERSION,
    Context,
    Link,
    Role,
    Skill,
    Source,
    Taxonomy,
    _Entry,
    _Raw,
)

__all__ = [
    "FORBIDDEN_FORMS",
    "Context",
    "NEAR_WINDOW",
    "SCHEMA_VERSION",
    "Link",
    "Role",
    "Skill",
    "Source",
    "Taxonomy",
    "check_taxonomy",
    "entry_to_dict",
    "lexicon_phrases",
    "lexicon_token_patterns",
    "load_taxonomy",
    "noun_forms",
    "skill_context_phrases",
    "skill_context_rules",
    "skill_exact_phrases",
    "skill_exclude_phrases",
    "skill_near_phrases",
    "skill_phrases",
    "skill_token_patterns",
    "taxonomy_stats",
    "taxonomy_to_dict",
    "title_exact_phrases",
    "title_phrases",
    "title_token_patterns",
    "verb_forms",
    "without_wide_patterns",
]

DEFAULT_FILES = ("meta.yaml", "lexicon.yaml", "skills.yaml", "certifications.yaml", "roles.yaml")
"""The default folder's files, in load order; any other file there is not ours."""

_TOP_KEYS = {
    "schema_version",
    "taxonomy_version",
    "version_suffix",
    "sources",
    "skills",
    "roles",
    "lexicon",
}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_SUFFIX = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.]*$")


# --- reading YAML -----------------------------------------------------------------------

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe YAML that refuses a key given twice in one mapping (PyYAML keeps the last)."""


def _mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if isinstance(key, str) and key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} appears twice in one mapping", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def _read(path: Path, problems: list[str], digest: Any = None) -> dict[str, Any] | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: cannot read the file ({exc.__class__.__name__}: {exc})")
        return None
    if digest is not None:
        digest.update(path.name.encode() + b"\0" + text.encode() + b"\0")
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "somewhere"
        context = ""
        if exc.context and exc.context_mark and exc.context_mark is not mark:
            # The scanner's context says where an unclosed quote or bracket began.
            context = f" ({exc.context} at line {exc.context_mark.line + 1})"
        problems.append(
            f"{path}: YAML syntax error at {where}: {exc.problem or exc}{context}; fix the YAML there"
        )
        return None
    except yaml.YAMLError as exc:
        problems.append(f"{path}: YAML error: {exc}")
        return None
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.append(
            f"{path}: the top level must be a mapping with keys like 'skills:' and 'roles:'"
        )
        return None
    unknown = sorted(set(map(str, data)) - _TOP_KEYS)
    if unknown:
        problems.append(
            f"{path}: unknown top-level key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(_TOP_KEYS))}"
        )
    return data


# --- merging layers ---------------------------------------------------------------------


def _layer(
    raw: _Raw, files: list[tuple[Path, dict[str, Any]]], *, user: bool, problems: list[str]
) -> None:
    """Add one layer: the default folder (ids must be unique across it) or one user file."""
    layer_ids: dict[tuple[str, str], str] = {}
    for path, data in files:
        name = str(path)
        if "schema_version" in data and data["schema_version"] != SCHEMA_VERSION:
            problems.append(
                f"{name}: schema_version {data['schema_version']!r} is not supported; use {SCHEMA_VERSION}"
            )
        if "taxonomy_version" in data:
            if user:
                problems.append(
                    f"{name}: a user file cannot set taxonomy_version; set version_suffix instead"
                )
            elif not isinstance(data["taxonomy_version"], str) or not data["taxonomy_version"]:
                problems.append(
                    f'{name}: taxonomy_version must be a non-empty quoted string like "2026.11.0"'
                )
            else:
                raw.version = data["taxonomy_version"]
        if user:
            suffix = data.get("version_suffix", re.sub(r"[^A-Za-z0-9]+", ".", path.stem).strip("."))
            if not isinstance(suffix, str) or not _SUFFIX.match(suffix):
                problems.append(
                    f"{name}: version_suffix must be letters, digits and dots, like 'custom'"
                )
            else:
                raw.suffixes.append(suffix)
        elif "version_suffix" in data:
            problems.append(
                f"{name}: version_suffix belongs in a user file, not the default taxonomy"
            )
        lexicon = data.get("lexicon")
        if lexicon is not None:
            if isinstance(lexicon, dict):
                for table, value in lexicon.items():
                    old = raw.lexicon.get(table)
                    # A table of entries (education levels) merges entry by entry; a list
                    # or anything else is replaced whole.
                    if isinstance(old, dict) and isinstance(value, dict):
                        raw.lexicon[table] = {**old, **value}
                    else:
                        raw.lexicon[table] = value
                    raw.lexicon_origin[table] = name
            else:
                problems.append(f"{name}: 'lexicon' must be a mapping of list names to lists")
        for kind, key in (("source", "sources"), ("skill", "skills"), ("role", "roles")):
            items = data.get(key)
            if items is None:
                continue
            if not isinstance(items, list):
                problems.append(
                    f"{name}: '{key}' must be a list of entries, each starting with '- id: ...'"
                )
                continue
            for index, item in enumerate(items):
                if not isinstance(item, dict):
                    problems.append(
                        f"{name}: {kind} #{index + 1} is not a mapping; write it as '- id: ...'"
                    )
                    continue
                entry_id = item.get("id")
                if not isinstance(entry_id, str) or not _SLUG.match(entry_id):
                    problems.append(
                        f"{name}: {kind} #{index + 1} has no valid 'id' ({entry_id!r}); "
                        "use a lower-case slug like 'skl.negotiation'"
                    )
                    continue
                if (kind, entry_id) in layer_ids:
                    other = layer_ids[(kind, entry_id)]
                    where = "earlier in this file" if other == name else f"also in {other}"
                    problems.append(
                        f"{name}: {kind} {entry_id}: duplicate id ({where}); give each entry its own id"
                    )
                    continue
                layer_ids[(kind, entry_id)] = name
                existing = raw.entries[kind].get(entry_id)
                if existing is None:
                    near = ()
                    if user:
                        near = tuple(difflib.get_close_matches(entry_id, raw.entries[kind], n=1))
                    raw.entries[kind][entry_id] = _Entry(
                        kind, entry_id, dict(item), dict.fromkeys(item, name), name, near
                    )
                else:  # a user file overrides the fields it gives
                    existing.data.update(item)
                    existing.origin.update(dict.fromkeys(item, name))
                    existing.file = name


def _resolve(layers: list[tuple[list[Path], bool]]) -> tuple[Taxonomy | None, list[str]]:
    problems: list[str] = []
    raw = _Raw()
    digest = hashlib.sha256()
    for layer, user in layers:
        files = []
        for path in layer:
            data = _read(path, problems, digest)
            if data is not None:
                files.append((path, data))
        _layer(raw, files, user=user, problems=problems)
    if not raw.version and any(not user for _, user in layers):
        problems.append(f"{taxonomy_dir() / 'meta.yaml'}: taxonomy_version is missing")
    # Imported here, not at the top: the checks import this module's frozen values.
    from matcher.taxonomy.check import build_entries

    # A file that cannot be read leaves references into it dangling; say so once instead.
    readable = not any("YAML" in p or "cannot read" in p for p in problems)
    sources, skills, roles = build_entries(raw, problems, references=readable)
    if problems:
        return None, problems
    version = raw.version or "0"
    if raw.suffixes:
        version += "+" + ".".join(raw.suffixes)
    return (
        Taxonomy(
            version=version,
            schema_version=SCHEMA_VERSION,
            skills=MappingProxyType(skills),
            roles=MappingProxyType(roles),
            sources=MappingProxyType(sources),
            lexicon=MappingProxyType(raw.lexicon),
            paths=tuple(p for layer, _ in layers for p in layer),
            digest=digest.hexdigest()[:16],
        ),
        [],
    )


def _plan(extra: tuple[str | Path, ...], default: bool) -> list[tuple[list[Path], bool]]:
    """The layers to merge, each with whether it is a user file."""
    layers: list[tuple[list[Path], bool]] = []
    if default:
        folder = taxonomy_dir()
        layers.append(
            ([folder / name for name in DEFAULT_FILES if (folder / name).is_file()], False)
        )
    layers.extend(([Path(item)], True) for item in extra)
    return layers


def check_taxonomy(*extra: str | Path, default: bool = True) -> list[str]:
    """Every problem in the taxonomy (default files, then ``extra`` files); empty when valid."""
    layers = _plan(extra, default)
    if not layers:
        return ["no taxonomy files given"]
    return _resolve(layers)[1]


@functools.lru_cache(maxsize=1)
def _default_taxonomy() -> Taxonomy:
    return _load((), True)


def _load(extra: tuple[str | Path, ...], default: bool) -> Taxonomy:
    layers = _plan(extra, default)
    if not layers:
        raise TaxonomyError(["no taxonomy files given"])
    tax, problems = _resolve(layers)
    if problems or tax is None:
        raise TaxonomyError(problems)
    return tax


def without_wide_patterns(tax: Taxonomy) -> Taxonomy:
    """``tax`` with every skill's ``wide_patterns`` left out: the skills as the role-fit
    features read them (``benchmarks/onet_tasks.py --no-wide`` and ``skillspan.py --no-wide``
    measure what the wide patterns add)."""
    import dataclasses
    from types import MappingProxyType

    skills = {k: dataclasses.replace(s, wide_patterns=()) for k, s in tax.skills.items()}
    return dataclasses.replace(tax, skills=MappingProxyType(skills), version=f"{tax.version}+narrow")


def load_taxonomy(*extra: str | Path, default: bool = True) -> Taxonomy:
    """Load, merge and validate the taxonomy.

    The shipped files come first (unless ``default=False``), then each ``extra`` YAML file in
    order: an entry whose id already exists is overridden field by field, a new id is added,
    and the version gains the file's ``version_suffix`` ("2026.11.0+custom"). Raises
    ``TaxonomyError`` listing every problem. The default taxonomy is loaded once per process.
    """
    if default and not extra:
        return _default_taxonomy()
    return _load(tuple(extra), default)


# --- plain views ------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, (Link, Source, Skill, Role, Context)):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, Path):
        return str(value)
    return value


def entry_to_dict(entry: Skill | Role | Source) -> dict[str, Any]:
    """A JSON-ready dict of one entry."""
    return _plain(entry)


def taxonomy_to_dict(tax: Taxonomy) -> dict[str, Any]:
    """The whole resolved taxonomy as JSON-ready data (what ``taxonomy show --format json`` prints)."""
    return {
        "taxonomy_version": tax.version,
        "schema_version": tax.schema_version,
        "digest": tax.digest,
        "paths": [str(p) for p in tax.paths],
        "sources": [_plain(s) for s in tax.sources.values()],
        "roles": [_plain(r) for r in tax.roles.values()],
        "skills": [_plain(s) for s in tax.skills.values()],
        "lexicon": _plain(tax.lexicon),
    }


def taxonomy_stats(tax: Taxonomy) -> dict[str, Any]:
    """Counts a maintainer checks after an edit (``matcher taxonomy stats``)."""
    articles = {s.id for s in tax.sources.values() if s.kind == "article"}
    links = [link for entry in (*tax.skills.values(), *tax.roles.values()) for link in entry.links]
    return {
        "version": tax.version,
        "entries": {
            "skills": len(tax.skills),
            "roles": len(tax.roles),
            "sources": len(tax.sources),
        },
        "skills_by_type": dict(sorted(Counter(s.type for s in tax.skills.values()).items())),
        "patterns": {
            "written": sum(len(s.patterns) for s in tax.skills.values()),
            "skill_phrases": len(skill_phrases(tax)),
            "skill_exact_phrases": len(skill_exact_phrases(tax)),
            "skill_token_patterns": len(skill_token_patterns(tax, exact=False)),
            "title_phrases": len(title_phrases(tax)),
            "title_exact_phrases": len(title_exact_phrases(tax)),
            "title_token_patterns": len(title_token_patterns(tax, exact=False)),
        },
        "provenance": {
            "skills_citing_an_article": sum(
                1 for s in tax.skills.values() if articles & set(s.sources)
            ),
            "skills_from_classifications_only": sum(
                1 for s in tax.skills.values() if not articles & set(s.sources)
            ),
            "roles_citing_an_article": sum(
                1 for r in tax.roles.values() if articles & set(r.sources)
            ),
            "skills_citing_each_source": {
                src: sum(1 for s in tax.skills.values() if src in s.sources) for src in tax.sources
            },
        },
        "links": {
            "by_scheme": dict(sorted(Counter(link.scheme for link in links).items())),
            "by_match": dict(sorted(Counter(link.match for link in links).items())),
            "skills_linked": sum(1 for s in tax.skills.values() if s.links),
            "roles_linked": sum(1 for r in tax.roles.values() if r.links),
        },
    }


def lexicon_phrases(tax: Taxonomy, name: str) -> list[tuple[str, str]]:
    """``(key, lower-cased phrase)`` for a lexicon table of ``{key: {patterns: [...]}}``.

    For example ``lexicon_phrases(tax, "education_levels")`` gives ``("bachelor", "bachelor's
    degree")``...; case-sensitive (``=``) patterns are left to ``lexicon_token_patterns``.
    """
    table = tax.lexicon.get(name) or {}
    irregular = tax.lexicon.get("inflection") or {}
    return [
        (key, phrase.lower())
        for key, spec in table.items()
        for pattern in (spec.get("patterns") or [])
        if not is_token_pattern(pattern)
        for phrase in expand(pattern, irregular)
    ]


def lexicon_token_patterns(tax: Taxonomy, name: str) -> list[tuple[str, list[dict[str, Any]]]]:
    """``(key, Matcher pattern)`` for a lexicon table's case-sensitive or ``<num>`` patterns."""
    table = tax.lexicon.get(name) or {}
    irregular = tax.lexicon.get("inflection") or {}
    return [
        (key, specs)
        for key, spec in table.items()
        for pattern in (spec.get("patterns") or [])
        if is_token_pattern(pattern)
        for specs in token_patterns(pattern, irregular)
    ]
