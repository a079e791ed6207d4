"""Normalised text → its sections (resume: experience, skills...; job ad: requirements...).

Headings are recognised from the lexicon in ``taxonomy/sections.yaml``: a line is a heading
when its letters alone ("WORK HISTORY:" → ``workhistory``) equal a variant's, or when it
starts with a variant and a colon ("Skills: Excel, Salesforce"). Comparing letters only makes
the match indifferent to case, punctuation, markdown marks and the missing spaces some PDF
producers leave ("WorkHistory"). Offsets index the text: ``text[s.start:][:len(s.heading)]``
is the heading as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache, wraps
from pathlib import Path
from typing import Any, TypeVar

from matcher.errors import TaxonomyError
from matcher.resources import taxonomy_dir
from matcher.types import Kind, Section

T = TypeVar("T")

_MAX_HEADING_CHARS = 60
_MAX_PREFIX_WORDS = 6
"""A wildcard variant ("about *") only matches a heading of at most this many words."""
_MAX_SUFFIX_WORDS = 5
"""A variant with a leading wildcard ("* experience") matches a heading of at most this many
words, each capitalised ("Aviation Experience", "CLIENT SERVICES EXPERIENCE")."""
_SMALL_WORDS = frozenset({"and", "of", "in", "&", "the", "for"})
_KINDS: tuple[Kind, ...] = ("resume", "job_ad")
_NOT_LETTERS = re.compile(r"[\W\d_]+")
# Markdown heading marks, emphasis and numbering ("1.", "II.") that may wrap a heading.
_DECORATION = re.compile(r"^(?:#{1,6}\s*|\*{1,2}|_{1,2}|(?:\d{1,2}|[IVX]{1,4})[.)]\s+)+")
_TRAILING = " \t*_:.-–—|"
"""Stripped from the end of a heading line: "Skills:", "**Experience**", "EDUCATION |"."""
_COLON_HEAD = re.compile(r"^([^:\n]{2,40}?)\s*:\s*\S")


@dataclass(frozen=True, slots=True)
class _Lexicon:
    leading: str
    exact: dict[str, dict[str, str]]
    """kind → letters-only variant → canonical name."""
    prefix: dict[str, tuple[tuple[str, str], ...]]
    """kind → (letters-only prefix, canonical name), for variants ending in " *"."""
    suffix: dict[str, tuple[tuple[str, str], ...]]
    """kind → (letters-only suffix, canonical name), for variants starting with "* "."""
    phrases: dict[str, tuple[tuple[str, str], ...]]
    """kind → (variant as written, canonical name), for headings run into the text."""


def _letters(text: str) -> str:
    return _NOT_LETTERS.sub("", text.replace("&", "and").lower())


@cache
def _lexicon(path: Path | None = None) -> _Lexicon:
    import yaml

    path = path or taxonomy_dir() / "sections.yaml"
    with open(path, encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    problems: list[str] = []
    if not isinstance(data, dict):
        raise TaxonomyError([f"{path}: expected a mapping with 'resume' and 'job_ad' keys"])
    exact: dict[str, dict[str, str]] = {}
    prefix: dict[str, tuple[tuple[str, str], ...]] = {}
    suffix: dict[str, tuple[tuple[str, str], ...]] = {}
    phrases: dict[str, tuple[tuple[str, str], ...]] = {}
    for kind in _KINDS:
        table = data.get(kind)
        if not isinstance(table, dict):
            problems.append(f"{path}: '{kind}' must map section names to lists of headings")
            continue
        exact[kind] = {}
        prefixes: list[tuple[str, str]] = []
        suffixes: list[tuple[str, str]] = []
        written: list[tuple[str, str]] = []
        for name, variants in table.items():
            if not isinstance(variants, list) or not variants:
                problems.append(f"{path}: {kind}.{name} must be a non-empty list of headings")
                continue
            for variant in variants:
                variant = str(variant)
                if variant.endswith(" *"):
                    prefixes.append((_letters(variant[:-2]), name))
                    continue
                if variant.startswith("* "):
                    suffixes.append((_letters(variant[2:]), name))
                    continue
                key = _letters(variant)
                written.append((variant, name))
                if not key:
                    problems.append(f"{path}: {kind}.{name} heading {variant!r} has no letters")
                elif exact[kind].setdefault(key, name) != name:
                    problems.append(
                        f"{path}: {kind} heading {variant!r} is listed under both "
                        f"{exact[kind][key]!r} and {name!r}; keep it under one"
                    )
        prefix[kind] = tuple(prefixes)
        suffix[kind] = tuple(suffixes)
        phrases[kind] = tuple(written)
    if problems:
        raise TaxonomyError(problems)
    return _Lexicon(str(data.get("leading", "header")), exact, prefix, suffix, phrases)


_MIN_INLINE_LETTERS = 5


@cache
def _inline_pattern(kind: Kind) -> re.Pattern[str]:
    """Headings run into the text around them, as scraped job ads lose their line breaks:
    "...nationwide.Role OverviewThe Account Coordinator...ResponsibilitiesMaintain item data".

    Only capitalised forms of a variant count ("Role Overview", "Role overview", "ROLE
    OVERVIEW"), glued to the next word's capital and preceded by the start of a line or by
    text with no space: a heading that merely starts a sentence is not a run-in heading.
    """
    forms = set()
    for variant, _ in _lexicon().phrases[kind]:
        if len(_letters(variant)) < _MIN_INLINE_LETTERS:
            continue
        words = variant.split()
        for form in (
            " ".join(w[:1].upper() + w[1:] for w in words),
            variant[:1].upper() + variant[1:],
            variant.upper(),
        ):
            forms.add(re.escape(form).replace("'", "['’]"))
    alternatives = "|".join(sorted(forms, key=len, reverse=True))
    # The leading (?=[A-Z]) lets the engine drop most positions before trying ~200 phrases;
    # it comes before the look-behind (both only test the position) because it is cheaper.
    return re.compile(
        rf"(?=[A-Z])(?:(?<=[a-z.!?:)\]])|^)(?:{alternatives})(?=[A-Z])", re.MULTILINE
    )


@dataclass(frozen=True, slots=True)
class _Heading:
    name: str
    heading: str
    start: int
    line_start: int


def _match_line(line: str, offset: int, kind: Kind, lexicon: _Lexicon) -> _Heading | None:
    stripped = line.strip()
    if not stripped or stripped[0] in "•-*–—" and not stripped.startswith(("**", "__")):
        return None
    if len(stripped) > _MAX_HEADING_CHARS + 12 and ":" not in stripped[:48]:
        return None  # body text: too long for a heading, no "Heading:" at its start
    lead = len(line) - len(line.lstrip())
    decoration = _DECORATION.match(stripped)
    body_start = decoration.end() if decoration else 0
    body = stripped[body_start:]
    whole = body.rstrip(_TRAILING)
    if whole and len(whole) <= _MAX_HEADING_CHARS:
        name = _lookup(whole, kind, lexicon)
        if name:
            return _Heading(name, whole, offset + lead + body_start, offset)
    colon = _COLON_HEAD.match(body)
    if colon:
        head = colon.group(1).rstrip("*_ ")
        name = lexicon.exact[kind].get(_letters(head))
        if name:
            return _Heading(name, head, offset + lead + body_start, offset)
    return None


def _lookup(heading: str, kind: Kind, lexicon: _Lexicon) -> str | None:
    key = _letters(heading)
    if not key:
        return None
    name = lexicon.exact[kind].get(key)
    if name or len(heading.split()) > _MAX_PREFIX_WORDS:
        return name
    for start, prefix_name in lexicon.prefix[kind]:
        # A prefix heading needs something after the prefix: "About" alone is exact-matched.
        if key.startswith(start) and len(key) > len(start) and heading[:1].isupper():
            return prefix_name
    words = heading.split()
    if len(words) <= _MAX_SUFFIX_WORDS and all(w[:1].isupper() or w.lower() in _SMALL_WORDS for w in words):
        for end, suffix_name in lexicon.suffix[kind]:
            # "Nursing Experience": a trade's own heading; not "10+ Years Experience", not a sentence.
            if key.endswith(end) and len(key) > len(end) and not any(c.isdigit() for c in heading):
                return suffix_name
    return None


def _headings(text: str, kind: Kind, lexicon: _Lexicon) -> list[_Heading]:
    found = []
    offset = 0
    inline = _inline_pattern(kind) if kind == "job_ad" else None
    for line in text.split("\n"):
        heading = _match_line(line, offset, kind, lexicon)
        if heading:
            found.append(heading)
        elif inline is not None:
            for match in inline.finditer(line):
                name = lexicon.exact[kind].get(_letters(match.group()))
                if name:
                    start = offset + match.start()
                    found.append(_Heading(name, match.group(), start, start))
        offset += len(line) + 1
    return found


def find_sections(text: str, *, kind: Kind | None = None) -> tuple[Section, ...]:
    """The sections of ``text`` in order, each from its heading to the next heading.

    With ``kind=None`` the lexicon (resume or job ad) that recognises more headings wins.
    Text before the first heading becomes the ``header`` section (a resume's name and
    contact line, an ad's opening) when any heading is found; no heading, no sections.
    """
    if kind is not None and kind not in _KINDS:
        raise ValueError(f"kind must be one of {', '.join(_KINDS)} or None, not {kind!r}")
    return _find_sections(text, kind)


_MAX_CACHED_CHARS = 200_000
"""Longer texts are not cached: a cache holds its texts, so it must stay small."""


def _cached_per_text(function: Callable[[str, Any], T]) -> Callable[[str, Any], T]:
    """``function(text, kind)`` remembered for the last 256 texts of up to ``_MAX_CACHED_CHARS``.

    Kind detection and profiling ask for the same document's headings and sections under each
    kind; the results are immutable, and a string's hash is computed once and kept.
    """
    cached = lru_cache(maxsize=256)(function)

    @wraps(function)
    def call(text: str, kind: Any) -> T:
        return function(text, kind) if len(text) > _MAX_CACHED_CHARS else cached(text, kind)

    return call


@_cached_per_text
def _find_sections(text: str, kind: Kind | None) -> tuple[Section, ...]:
    lexicon = _lexicon()
    if kind is None:
        candidates = [_headings_of(text, k) for k in _KINDS]
        headings = max(candidates, key=len)  # max keeps the first (resume) on a tie
    else:
        headings = _headings_of(text, kind)
    if not headings:
        return ()
    sections: list[Section] = []
    first = headings[0].line_start
    if text[:first].strip():
        sections.append(Section(lexicon.leading, "", 0, first))
    for heading, following in zip(headings, [*headings[1:], None]):
        end = following.line_start if following else len(text)
        sections.append(Section(heading.name, heading.heading, heading.start, end))
    return tuple(sections)


@_cached_per_text
def _headings_of(text: str, kind: Kind) -> tuple[_Heading, ...]:
    """``_headings`` under the default lexicon: a document's sections are asked for under its
    detected kind, under no kind (both lexicons compete) and by kind detection under each
    kind; each lexicon then reads the lines once, not twice."""
    return tuple(_headings(text, kind, _lexicon()))
