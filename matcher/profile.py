"""Document → Profile: what a resume or job ad says, each fact with its evidence.

    Document ─► spaCy Doc (skills, titles, sentences) ─► extractors ─► Profile

``build_profile`` reads one document; ``build_profiles`` streams many through ``nlp.pipe``.
``profile_to_dict`` gives the JSON-ready form the CLI prints.

"Present" needs a reference date. Using today would make the same file give different
years next month, so by default the reference is fixed by the document itself: December of
the latest year it mentions (never earlier than its latest dated month). Pass ``as_of`` to
use another date (``date.today()`` for live screening); the profile records the one used.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from matcher.extract.kind import detect_kind
from matcher.types import Document, Evidence, Kind, Position, Profile

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from matcher.taxonomy import Taxonomy

__all__ = ["build_profile", "build_profiles", "detect_kind", "profile_to_dict"]

GAP_MONTHS = 6
"""A break between positions longer than this is noted."""
_HEADLINE_LINES = 4
_MAX_YEARS_AFTER = 10
_SEPARATORS = re.compile(r"\s+[|·•–—-]\s+|\s*\|\s*|\s+at\s+|\s*\(|\)\s*")
"""A year mentioned more than this after the latest dated position is not a date."""
_MAX_HEADLINE = 90


def build_profile(
    document: Document,
    *,
    kind: Kind | None = None,
    nlp: Language | None = None,
    taxonomy: Taxonomy | None = None,
    as_of: date | None = None,
) -> Profile:
    """Read one document into a Profile (kind detected unless given)."""
    return next(build_profiles([document], kind=kind, nlp=nlp, taxonomy=taxonomy, as_of=as_of))


def build_profiles(
    documents: Iterable[Document],
    *,
    kind: Kind | None = None,
    nlp: Language | None = None,
    taxonomy: Taxonomy | None = None,
    as_of: date | None = None,
    batch_size: int = 32,
) -> Iterator[Profile]:
    """Profiles for a stream of documents, tokenised in batches by ``nlp.pipe``."""
    from matcher.nlp import get_nlp
    from matcher.taxonomy import load_taxonomy

    taxonomy = taxonomy if taxonomy is not None else load_taxonomy()
    nlp = nlp if nlp is not None else get_nlp(taxonomy)
    prepared = (_prepare(d, kind) for d in documents)
    pairs = nlp.pipe(((d.text, (d, k)) for d, k in prepared), as_tuples=True, batch_size=batch_size)
    for doc, (document, doc_kind) in pairs:
        yield profile_from_doc(document, doc, kind=doc_kind, nlp=nlp, taxonomy=taxonomy, as_of=as_of)


def _prepare(document: Document, kind: Kind | None) -> tuple[Document, Kind]:
    kind = kind or detect_kind(document)
    if document.kind_hint != kind:
        # Sections found without knowing the kind may use the other kind's headings.
        from matcher.sections import find_sections

        document = dataclasses.replace(document, sections=find_sections(document.text, kind=kind))
    return document, kind


def profile_from_doc(
    document: Document, doc: Doc, *, kind: Kind, nlp: Language, taxonomy: Taxonomy, as_of: date | None = None
) -> Profile:
    """Extract a Profile from a document already run through the pipeline."""
    from matcher.extract.reading import Reading

    if kind == "job_ad":
        return _job_ad(Reading(document, doc, taxonomy), nlp=nlp)
    from matcher.nlp import read_by_meaning

    return _resume(Reading(document, read_by_meaning(nlp, doc), taxonomy), nlp=nlp, as_of=as_of)


def _resume(reading, *, nlp: Language, as_of: date | None) -> Profile:  # noqa: ANN001
    from matcher.extract.contact import find_contact
    from matcher.extract.education import find_certifications, find_education
    from matcher.extract.metrics import find_metrics
    from matcher.extract.positions import find_positions
    from matcher.extract.signals import find_signals
    from matcher.extract.skills import near_mentions, skill_mentions

    taxonomy = reading.taxonomy
    as_of = as_of or reference_date(reading.text)
    blocks = find_positions(reading, nlp=nlp, as_of=as_of)
    positions = tuple(b.position for b in blocks)
    recency = sorted(range(len(positions)), key=lambda i: (positions[i].end or as_of, positions[i].start), reverse=True)
    skills = skill_mentions(reading, blocks=[(b.start, b.end, i) for i, b in enumerate(blocks)], recency=recency,
                            by_meaning=True)
    headline, match, headline_at = _resume_headline(reading, nlp=nlp)
    account_roles = _account_roles(taxonomy)
    total, _ = _years(positions, as_of)
    account, _ = _years([p for p in positions if p.role in account_roles], as_of)
    return Profile(
        source=reading.document.source,
        kind="resume",
        skills=tuple(skills),
        positions=positions,
        education=tuple(find_education(reading, nlp=nlp)),
        certifications=tuple(find_certifications(reading)),
        metrics=tuple(find_metrics(reading)),
        signals=tuple(find_signals(reading)),
        contact=find_contact(reading),
        flags=reading.document.flags,
        years_experience=round(total / 12, 1),
        years_account=round(account / 12, 1),
        notes=tuple(_notes(positions, as_of, by_year={i for i, b in enumerate(blocks) if b.by_year})),
        headline=headline,
        headline_evidence=headline_at,
        title_role=match.role if match else None,
        title_rung=match.rung if match else None,
        taxonomy_version=taxonomy.version,
        as_of=as_of,
        near_skills=tuple(near_mentions(reading, skills)),
    )


def _job_ad(reading, *, nlp: Language) -> Profile:  # noqa: ANN001
    from matcher.extract.education import find_certifications, find_education
    from matcher.extract.requirements import make_judge, min_years
    from matcher.extract.signals import find_signals
    from matcher.extract.skills import skill_mentions

    headline, match, headline_at = _ad_headline(reading, nlp=nlp)
    judge = make_judge(reading, headline=_title_line(reading))
    return Profile(
        source=reading.document.source,
        kind="job_ad",
        skills=tuple(skill_mentions(reading, judge=judge)),
        education=tuple(find_education(reading, nlp=nlp, judge=judge)),
        certifications=tuple(find_certifications(reading, judge=judge)),
        signals=tuple(find_signals(reading)),
        flags=reading.document.flags,
        headline=headline,
        headline_evidence=headline_at,
        title_role=match.role if match else None,
        title_rung=match.rung if match else None,
        min_years=min_years(reading, judge),
        taxonomy_version=reading.taxonomy.version,
    )


# --- dates and years -------------------------------------------------------------------


def reference_date(text: str) -> date | None:
    """December of the latest year ``text`` mentions (see the module doc); None when it
    mentions none (then nothing is dated and nothing needs the date)."""
    from matcher.extract.dates import find_ranges, years_in

    ranges = find_ranges(text)
    dated = [d for r in ranges for d in (r.start, r.end) if d is not None]
    years = years_in(text)
    if dated:
        # A stray larger number ("2045 units") is not a date: stay near the dated history.
        limit = max(d.year for d in dated) + _MAX_YEARS_AFTER
        years = [y for y in years if y <= limit]
    if not years and not dated:
        return None
    latest = max([*years, *(d.year for d in dated)])
    return date(latest, 12, 1)


def _years(positions: Iterable[Position], as_of: date) -> tuple[int, list[tuple[date, date]]]:
    from matcher.extract.positions import merged_months

    intervals = [(p.start, p.end or as_of) for p in positions if p.start is not None and (p.end or as_of) >= p.start]
    return merged_months(intervals)


def _notes(positions: tuple[Position, ...], as_of: date, *, by_year: set[int] = frozenset()) -> list[str]:
    """Gaps over ``GAP_MONTHS`` and overlaps over a month, in plain words. Positions dated by
    bare years ("2019 - 2021", "2021 - Present") share their boundary year, which is not an
    overlap worth noting."""
    from matcher.extract.dates import months_between

    notes = []
    order = sorted((i for i, p in enumerate(positions) if p.start), key=lambda i: (positions[i].start, positions[i].end or as_of))
    dated = [positions[i] for i in order]
    _, runs = _years(dated, as_of)
    for (_, end), (start, _) in zip(runs, runs[1:]):
        gap = months_between(end, start) - 2
        if gap > GAP_MONTHS:
            notes.append(f"gap of {gap} months between {end:%b %Y} and {start:%b %Y}")
    for n, a in enumerate(dated):
        for m in range(n + 1, len(dated)):
            b = dated[m]
            a_end = a.end or as_of
            if b.start > a_end:
                continue
            overlap = months_between(b.start, min(a_end, b.end or as_of))
            if overlap <= 12 and (order[n] in by_year or order[m] in by_year):
                continue
            if overlap > 1:
                notes.append(
                    f"{_label(a)} and {_label(b)} overlap by {overlap} months (counted once in years)"
                )
    return notes


def _label(position: Position) -> str:
    title = position.title or "untitled position"
    return f"'{title}'" + (f" at {position.employer}" if position.employer else "")


def _account_roles(taxonomy: Taxonomy) -> frozenset[str]:
    """Roles that count as account-management experience: the rungs, roles counted as a rung,
    and the ladder neighbours the rungs are promoted from or to."""
    roles = {r.id for r in taxonomy.roles.values() if r.rung is not None}
    for role in taxonomy.roles.values():
        if role.rung is not None:
            roles.update(role.promoted_from)
            roles.update(role.promoted_to)
    return frozenset(roles)


# --- headlines -------------------------------------------------------------------------


def _resume_headline(reading, *, nlp: Language):  # noqa: ANN001, ANN202
    """The first top line (or part of one, between separators) naming a taxonomy title,
    its title match and its evidence."""

    from matcher.extract.titles import resolve_title

    text = reading.text
    for start, end in reading.lines[:_HEADLINE_LINES]:
        line = text[start:end]
        if len(line) > _MAX_HEADLINE * 2:
            continue
        for piece in _SEPARATORS.split(line):
            piece = piece.strip(" *_#-–—|•·")
            if not piece or len(piece) > _MAX_HEADLINE:
                continue
            match = resolve_title(piece, nlp=nlp, taxonomy=reading.taxonomy)
            if match is not None:
                return piece, match, _evidence_of(reading, piece, start, end)
    return None, None, None


def _ad_headline(reading, *, nlp: Language):  # noqa: ANN001, ANN202
    """The ad's title (given with it, on a "Title:" line, or its first line), its title
    match and, when the title stands in the text, its evidence."""

    from matcher.extract.titles import resolve_title

    text = reading.text
    candidates: list[tuple[str, tuple[int, int] | None]] = []
    if reading.document.title:
        candidates.append((reading.document.title.strip(), None))
    lines = [
        (m.group(1), (m.start(1), m.end(1)))
        for m in re.finditer(r"(?im)^\s*(?:job title|position title|title|position|role)\s*:\s*(.+)$", text)
    ]
    if reading.lines:
        start, end = reading.lines[0]
        if end - start <= _MAX_HEADLINE * 2:
            lines.append((text[start:end], (start, end)))
    for line, where in lines:
        # "Account Coordinator — Cinder Street Advertising (Chicago)": the title is one part.
        pieces = [p.strip(" #*_") for p in _SEPARATORS.split(line)]
        candidates.extend((p, where) for p in pieces if p and len(p) <= _MAX_HEADLINE)
    for candidate, where in candidates:
        match = resolve_title(candidate, nlp=nlp, taxonomy=reading.taxonomy)
        if match is not None:
            at = _evidence_of(reading, candidate, *where) if where else None
            return candidate, match, at
    for span in reading.doc.spans.get("titles", ()):
        match = resolve_title(span.text, nlp=nlp, taxonomy=reading.taxonomy)
        if match is not None:
            return span.text, match, reading.evidence(span.start_char, span.end_char)
    return (candidates[0][0] if candidates else None), None, None


def _evidence_of(reading, piece: str, start: int, end: int) -> Evidence | None:  # noqa: ANN001
    """Evidence for ``piece``, found within ``text[start:end]``."""
    at = reading.text.find(piece, start, end)
    return reading.evidence(at, at + len(piece)) if at >= 0 else None


def _title_line(reading) -> tuple[int, int] | None:  # noqa: ANN001
    """An ad's first line when it reads as a title (short, not a sentence)."""
    if not reading.lines:
        return None
    start, end = reading.lines[0]
    line = reading.text[start:end].rstrip()
    return (start, end) if len(line) <= _MAX_HEADLINE and not line.endswith((".", "!", "?")) else None


# --- serialisation ---------------------------------------------------------------------


def profile_to_dict(profile: Profile) -> dict[str, Any]:
    """A JSON-ready dict of ``profile``: dates as ISO strings, skills with their ``count``."""
    return _plain(profile)


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if hasattr(type(value), "count") and isinstance(type(value).count, property):
            out["count"] = value.count
        return out
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, date):
        return value.isoformat()
    return value
