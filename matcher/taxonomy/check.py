"""Validate the merged taxonomy entries and freeze them into ``Skill``, ``Role`` and ``Source``.

    merged raw entries (``matcher.taxonomy.load``) ─► checked field by field ─► cross-checked ─► frozen

Every check adds a message to one ``problems`` list instead of stopping at the first, so
``matcher taxonomy check`` can list them all; each message names the file that set the field
and the entry's id, and says how to fix it. ``matcher.taxonomy.load`` calls ``build_entries`` when
it loads a taxonomy; ``check_taxonomy`` there is the public way in.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from matcher.taxonomy.patterns import (
    MAX_EXPANSIONS,
    NUM,
    expansion_count,
    is_token_pattern,
    odd_tokens,
    pattern_forbidden,
    pattern_problems,
    vocabulary,
)
from matcher.taxonomy.types import Context, Link, Role, Skill, Source, _Entry, _Raw
from matcher.types import RUNGS

__all__ = ["build_entries"]

SKILL_TYPES = ("skill", "knowledge", "tool", "trait", "certification")
MATCH_KINDS = ("exact", "close", "broad", "narrow", "related")
LINK_SCHEMES = ("esco", "onet")

_SOURCE_KEYS = {
    "id",
    "title",
    "publisher",
    "author",
    "kind",
    "url",
    "version",
    "licence",
    "attribution",
    "note",
    "file",
}
_SKILL_KEYS = {
    "id",
    "label",
    "type",
    "patterns",
    "exclude",
    "context",
    "weights",
    "sources",
    "note",
    "links",
    "description",
    "examples",
    "wide_patterns",
}
_ROLE_KEYS = {
    "id",
    "label",
    "rung",
    "rung_order",
    "titles",
    "abbreviations",
    "promoted_from",
    "promoted_to",
    "years",
    "education",
    "certifications",
    "signals",
    "sources",
    "note",
    "links",
}
_REQUIRED = {
    "source": ("title", "publisher", "kind"),
    "skill": ("label", "type", "patterns", "sources"),
    "role": ("label", "titles", "sources"),
}
_LINK_KEYS = {"scheme", "id", "label", "match", "note"}
_EDUCATION_KEYS = {"minimum", "typical", "preferred", "fields", "note"}


# --- validation -------------------------------------------------------------------------


def _where(entry: _Entry, key: str | None = None) -> str:
    return f"{entry.origin.get(key, entry.file) if key else entry.file}: {entry.kind} {entry.id}"


def _reporter(entry: _Entry, problems: list[str]) -> Callable[[str | None, str], None]:
    """Report a problem about ``entry``, prefixed with the file that set ``key`` and the id."""

    def say(key: str | None, message: str) -> None:
        problems.append(f"{_where(entry, key)}: {message}")

    return say


def _str_list(
    entry: _Entry, key: str, problems: list[str], *, allow_empty: bool = True
) -> tuple[str, ...]:
    say = _reporter(entry, problems)
    value = entry.data.get(key, [])
    if value is None:
        value = []
    if (
        isinstance(value, str)
        or not isinstance(value, list)
        or not all(isinstance(v, str) and v.strip() for v in value)
    ):
        say(key, f"'{key}' must be a list of non-empty strings")
        return ()
    if not value and not allow_empty:
        say(key, f"'{key}' is empty; give at least one")
    return tuple(value)


def _links(entry: _Entry, problems: list[str]) -> tuple[Link, ...]:
    say = _reporter(entry, problems)
    value = entry.data.get("links") or []
    if not isinstance(value, list):
        say("links", "'links' must be a list of {scheme, id, match}")
        return ()
    out = []
    for link in value:
        if not isinstance(link, dict):
            say("links", "each link must be a mapping {scheme, id, match}")
            continue
        bad = sorted(set(link) - _LINK_KEYS)
        if bad:
            say("links", f"unknown link key(s) {', '.join(bad)}")
        if link.get("scheme") not in LINK_SCHEMES:
            say(
                "links",
                f"link scheme {link.get('scheme')!r} is not one of {', '.join(LINK_SCHEMES)}",
            )
        if link.get("match") not in MATCH_KINDS:
            say("links", f"link match {link.get('match')!r} is not one of {', '.join(MATCH_KINDS)}")
        if not isinstance(link.get("id"), str) or not link.get("id"):
            say("links", "a link needs an 'id' (ESCO URI or O*NET code)")
            continue
        out.append(
            Link(
                str(link.get("scheme")),
                link["id"],
                str(link.get("match")),
                str(link.get("label", "")),
            )
        )
    return tuple(out)


def _common(entry: _Entry, keys: set[str], problems: list[str]) -> None:
    say = _reporter(entry, problems)
    for key in sorted(set(entry.data) - keys):
        close = difflib.get_close_matches(str(key), sorted(keys), n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"allowed: {', '.join(sorted(keys))}"
        say(key, f"unknown key '{key}'; {hint}")
    missing = [key for key in _REQUIRED[entry.kind] if entry.data.get(key) in (None, "")]
    for key in missing:
        say(None, f"missing required field '{key}'")
    if missing and entry.near:
        # A user file that means to override an entry but misspells its id adds a new one.
        say(None, f"this adds a new {entry.kind}; to change '{entry.near[0]}', use its exact id")


def _check_patterns(
    entry: _Entry,
    key: str,
    patterns: tuple[str, ...],
    lexicon: Mapping[str, Any],
    problems: list[str],
    *,
    forbid: bool = True,
) -> None:
    """Syntax, size and (unless ``forbid=False``, for exclude contexts) the accountancy rule."""
    say = _reporter(entry, problems)
    irregular = lexicon.get("inflection") or {}
    for pattern in sorted({p for p in patterns if patterns.count(p) > 1}):
        say(key, f"pattern {pattern!r} is listed twice; remove one")
    for pattern in patterns:
        syntax = pattern_problems(pattern)
        if syntax:
            for problem in syntax:
                say(key, f"pattern {pattern!r} {problem}")
            continue
        # <num> patterns compile to one token pattern with IN sets, not to phrases.
        count = 0 if NUM in pattern.split() else expansion_count(pattern, irregular)
        if count > MAX_EXPANSIONS:
            say(
                key,
                f"pattern {pattern!r} expands to {count} phrases (at most {MAX_EXPANSIONS}); "
                "drop optional words the shorter patterns already cover, or split it",
            )
            continue
        if not forbid:
            continue
        words = vocabulary(pattern, irregular)
        try:
            found = pattern_forbidden(pattern, irregular, words=words)
        except ValueError as exc:  # too many expansions
            say(key, f"pattern {pattern!r} {exc}")
            continue
        if found:
            say(
                key,
                f"pattern {pattern!r} gives {found[0]!r}, which {found[1]}; "
                "make it more specific (e.g. 'key account', 'account management')",
            )
        if is_token_pattern(pattern):
            odd = sorted({t for w in words for t in odd_tokens(w)})
            if odd:
                # spaCy splits such words into several tokens, so a one-token spec never matches.
                say(
                    key,
                    f"pattern {pattern!r} has {', '.join(map(repr, odd))}; a pattern "
                    "with <num> or '=' may hold only letters, digits and hyphens in each word",
                )


_CONTEXT_KEYS = {"patterns", "near", "lists"}


def _contexts(entry: _Entry, raw: _Raw, problems: list[str]) -> tuple[Context, ...]:
    """A skill's ``context`` rules: mappings of ``patterns`` and ``near`` and/or ``lists``."""
    say = _reporter(entry, problems)
    value = entry.data.get("context") or []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        say("context", "'context' must be a list of mappings of 'patterns' and 'near' or 'lists'")
        return ()
    rules = []
    for i, rule in enumerate(value):
        found: list[str] = []
        item = _Entry(entry.kind, entry.id, rule, entry.origin, entry.file, entry.near)
        tell = _reporter(item, found)
        for key in sorted(set(rule) - _CONTEXT_KEYS):
            tell(None, f"unknown key '{key}'; allowed: {', '.join(sorted(_CONTEXT_KEYS))}")
        patterns = _str_list(item, "patterns", found, allow_empty=False)
        near = _str_list(item, "near", found)
        lists = rule.get("lists", False)
        if not isinstance(lists, bool):
            tell(None, "'lists' must be true or false")
            lists = False
        if not near and not lists:
            tell(None, "give 'near' phrases or 'lists: true', or its patterns never count")
        _check_patterns(item, "patterns", patterns, raw.lexicon, found)
        _check_patterns(item, "near", near, raw.lexicon, found, forbid=False)
        prefix = _where(item) + ": "
        problems.extend(p.replace(prefix, f"{prefix}context[{i}]: ", 1) for p in found)
        rules.append(Context(patterns=patterns, near=near, lists=lists))
    return tuple(rules)


def _weight(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0.0 <= value <= 1.0


def _build_skill(entry: _Entry, raw: _Raw, problems: list[str]) -> Skill:
    say = _reporter(entry, problems)
    _common(entry, _SKILL_KEYS, problems)
    d = entry.data
    if d.get("type") is not None and d.get("type") not in SKILL_TYPES:
        say("type", f"type {d.get('type')!r} is not one of {', '.join(SKILL_TYPES)}")
    patterns = _str_list(entry, "patterns", problems, allow_empty=False) if "patterns" in d else ()
    exclude = _str_list(entry, "exclude", problems)
    _check_patterns(entry, "patterns", patterns, raw.lexicon, problems)
    _check_patterns(entry, "exclude", exclude, raw.lexicon, problems, forbid=False)
    wide = _str_list(entry, "wide_patterns", problems)
    _check_patterns(entry, "wide_patterns", wide, raw.lexicon, problems)
    if wide and d.get("type") == "certification":
        say("wide_patterns", "a certification takes no 'wide_patterns'; list its names in 'patterns'")
    for pattern in sorted(set(wide) & set(patterns)):
        say("wide_patterns", f"{pattern!r} is in both 'patterns' and 'wide_patterns'; keep it in one")
    context = _contexts(entry, raw, problems)
    weights = dict.fromkeys(RUNGS, 0.0)
    given = d.get("weights") or {}
    if not isinstance(given, dict):
        say("weights", "'weights' must map rung ids to numbers 0..1")
        given = {}
    for rung, value in given.items():
        if rung not in RUNGS:
            say("weights", f"weight for unknown rung {rung!r}; rungs are {', '.join(RUNGS)}")
        elif not _weight(value):
            say("weights", f"weight {rung}={value!r} must be a number from 0 to 1")
        else:
            weights[rung] = float(value)
    return Skill(
        id=entry.id,
        label=str(d.get("label", "")),
        type=str(d.get("type", "")),
        patterns=patterns,
        exclude=exclude,
        context=context,
        weights=MappingProxyType(weights),
        sources=_str_list(entry, "sources", problems, allow_empty="sources" not in d),
        links=_links(entry, problems),
        description=str(d.get("description", "") or ""),
        note=str(d.get("note", "") or ""),
        examples=_examples(entry, problems),
        wide_patterns=wide,
    )


EXAMPLE_WORDS = (3, 20)
"""An example is a clause of this many words: shorter says too little to read by meaning,
longer folds several duties together."""


def _examples(entry: _Entry, problems: list[str]) -> tuple[str, ...]:
    """``examples``: plain sentences (no pattern syntax), each a few words, none twice."""
    say = _reporter(entry, problems)
    examples = _str_list(entry, "examples", problems)
    low, high = EXAMPLE_WORDS
    seen: set[str] = set()
    for example in examples:
        words = example.split()
        if not low <= len(words) <= high:
            say("examples", f"example {example!r} has {len(words)} words; write {low} to {high}")
        if any(c in example for c in "()|=<>"):
            say("examples", f"example {example!r} is plain words, not the pattern language")
        key = " ".join(words).lower()
        if key in seen:
            say("examples", f"example {example!r} is listed twice")
        seen.add(key)
    return examples


def _years(entry: _Entry, problems: list[str]) -> tuple[float | None, float | None]:
    say = _reporter(entry, problems)
    years = entry.data.get("years")
    if years is None:
        return None, None
    if not isinstance(years, dict) or set(years) - {"min", "max"}:
        say("years", "'years' must be {min: N, max: N}")
        return None, None
    lo, hi = years.get("min"), years.get("max")
    for name, value in (("min", lo), ("max", hi)):
        if value is not None and (
            not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0
        ):
            say("years", f"years {name} must be a number of years >= 0")
            return None, None
    if lo is not None and hi is not None and lo > hi:
        say("years", f"years min {lo} is above max {hi}")
    return (None if lo is None else float(lo)), (None if hi is None else float(hi))


def _education(entry: _Entry, lexicon: Mapping[str, Any], problems: list[str]) -> Mapping[str, Any]:
    say = _reporter(entry, problems)
    edu = entry.data.get("education") or {}
    if not isinstance(edu, dict):
        say("education", "'education' must be a mapping")
        return MappingProxyType({})
    unknown = sorted(set(edu) - _EDUCATION_KEYS)
    if unknown:
        say("education", f"unknown education key(s) {', '.join(unknown)}")
    levels = lexicon.get("education_levels") or {}
    fields = lexicon.get("education_fields") or {}
    out: dict[str, Any] = {}
    for key, value in edu.items():
        if key == "note":
            out[key] = str(value)
            continue
        values = [value] if key == "minimum" else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            say(
                "education",
                f"education {key} must be {'an id' if key == 'minimum' else 'a list of ids'}",
            )
            continue
        known = fields if key == "fields" else levels
        lexkey = "education_fields" if key == "fields" else "education_levels"
        for v in values:
            if v not in known:
                say("education", f"education {key} {v!r} is not in lexicon {lexkey}")
        out[key] = value if key == "minimum" else tuple(value)
    return MappingProxyType(out)


def _build_role(entry: _Entry, raw: _Raw, problems: list[str]) -> Role:
    say = _reporter(entry, problems)
    _common(entry, _ROLE_KEYS, problems)
    d = entry.data
    titles = _str_list(entry, "titles", problems, allow_empty=False) if "titles" in d else ()
    abbreviations = _str_list(entry, "abbreviations", problems)
    _check_patterns(entry, "titles", titles, raw.lexicon, problems)
    _check_patterns(entry, "abbreviations", abbreviations, raw.lexicon, problems)
    rung_order = d.get("rung_order")
    if rung_order is not None and rung_order not in range(len(RUNGS)):
        say("rung_order", "rung_order must be 0, 1 or 2 (or absent for a neighbour)")
        rung_order = None
    signals: dict[str, float] = {}
    given = d.get("signals") or {}
    if not isinstance(given, dict):
        say("signals", "'signals' must map skill ids to weights 0..1")
        given = {}
    for skill_id, value in given.items():
        if not _weight(value):
            say("signals", f"signal {skill_id}={value!r} must be a number from 0 to 1")
        else:
            signals[str(skill_id)] = float(value)
    years_min, years_max = _years(entry, problems)
    return Role(
        id=entry.id,
        label=str(d.get("label", "")),
        rung=d.get("rung"),
        rung_order=rung_order,
        titles=titles,
        abbreviations=abbreviations,
        promoted_from=_str_list(entry, "promoted_from", problems),
        promoted_to=_str_list(entry, "promoted_to", problems),
        years_min=years_min,
        years_max=years_max,
        education=_education(entry, raw.lexicon, problems),
        certifications=_str_list(entry, "certifications", problems),
        signals=MappingProxyType(signals),
        sources=_str_list(entry, "sources", problems, allow_empty="sources" not in d),
        links=_links(entry, problems),
        note=str(d.get("note", "") or ""),
    )


def _check_lexicon(raw: _Raw, problems: list[str]) -> None:
    """Tables of ``{key: {patterns: [...]}}`` (education levels and fields) use the pattern
    language, so their patterns get the same syntax and size checks."""
    irregular = raw.lexicon.get("inflection") or {}
    for table, entries in raw.lexicon.items():
        where = f"{raw.lexicon_origin.get(table, 'lexicon')}: lexicon {table}"
        if not isinstance(entries, dict) or not all(
            isinstance(v, dict) and "patterns" in v for v in entries.values()
        ):
            continue
        for key, spec in entries.items():
            patterns = spec["patterns"]
            if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
                problems.append(f"{where}.{key}: 'patterns' must be a list of strings")
                continue
            for pattern in patterns:
                for problem in pattern_problems(pattern):
                    problems.append(f"{where}.{key}: pattern {pattern!r} {problem}")
                if (
                    not pattern_problems(pattern)
                    and expansion_count(pattern, irregular) > MAX_EXPANSIONS
                ):
                    problems.append(
                        f"{where}.{key}: pattern {pattern!r} expands to too many phrases"
                    )
            if table == "education_levels" and not isinstance(spec.get("rank"), int):
                problems.append(f"{where}.{key}: 'rank' must be a whole number (high school 1 ...)")


def _build_source(entry: _Entry, problems: list[str]) -> Source:
    _common(entry, _SOURCE_KEYS, problems)
    d = entry.data
    values = {k: str(d.get(k, "") or "") for k in _SOURCE_KEYS - {"id", "file"}}
    return Source(id=entry.id, **values)


def _cross_check(
    skills: dict[str, Skill], roles: dict[str, Role], raw: _Raw, problems: list[str]
) -> None:
    sources = raw.entries["source"]
    files = {kind: {i: e for i, e in raw.entries[kind].items()} for kind in ("skill", "role")}
    for skill in skills.values():
        entry = files["skill"][skill.id]
        say = _reporter(entry, problems)
        for src in skill.sources:
            if src not in sources:
                say("sources", f"unknown source {src!r}; declare it under 'sources'")
    for role in roles.values():
        entry = files["role"][role.id]
        say = _reporter(entry, problems)
        if role.rung is not None and role.rung not in RUNGS:
            say("rung", f"rung {role.rung!r} is not one of {', '.join(RUNGS)} (or null)")
        if role.rung_order is not None and (
            role.id != role.rung or RUNGS[role.rung_order] != role.id
        ):
            say(
                "rung_order",
                f"only the scored rung {RUNGS[role.rung_order]} may have rung_order {role.rung_order}",
            )
        for key in ("promoted_from", "promoted_to"):
            for other in getattr(role, key):
                if other not in roles:
                    say(key, f"{key} names unknown role {other!r}")
        for cert in role.certifications:
            if cert not in skills:
                say("certifications", f"unknown certification {cert!r}; add it as a skill")
            elif skills[cert].type != "certification":
                say("certifications", f"{cert!r} is a {skills[cert].type}, not a certification")
        for skill_id in role.signals:
            if skill_id not in skills:
                say("signals", f"signal names unknown skill {skill_id!r}")
        for src in role.sources:
            if src not in sources:
                say("sources", f"unknown source {src!r}; declare it under 'sources'")
    for rung in RUNGS:
        if rung not in roles:
            problems.append(
                f"taxonomy: the scored rung {rung!r} has no role entry; add it to roles"
            )
        elif roles[rung].rung_order != RUNGS.index(rung) or roles[rung].rung != rung:
            problems.append(
                f"{_where(files['role'][rung])}: a scored rung needs rung: {rung} and rung_order: {RUNGS.index(rung)}"
            )


def build_entries(
    raw: _Raw, problems: list[str], *, references: bool = True
) -> tuple[dict[str, Source], dict[str, Skill], dict[str, Role]]:
    """Check every entry of ``raw`` and freeze it, adding each problem to ``problems``.

    References between entries (sources, promotions, certifications, signals) are checked
    only when ``references`` is true: with a file unreadable, every reference into it would
    be reported as unknown too, so one line says they were skipped instead.
    """
    _check_lexicon(raw, problems)
    sources = {i: _build_source(e, problems) for i, e in raw.entries["source"].items()}
    skills = {i: _build_skill(e, raw, problems) for i, e in raw.entries["skill"].items()}
    roles = {i: _build_role(e, raw, problems) for i, e in raw.entries["role"].items()}
    if not references:
        problems.append(
            "taxonomy: references between entries are checked once the files above can be read"
        )
    else:
        _cross_check(skills, roles, raw, problems)
    return sources, skills, roles
