"""Document → Profile: what a resume or job ad says, each fact with its evidence.

    Document ─► spaCy Doc (skills, titles, sentences) ─► extractors ─► Profile

``build_profile`` reads one document; ``build_profiles`` streams many through ``nlp.pipe``.
``profile_to_dict`` gives the JSON-ready form the CLI prints.

"Present" in a resume means the day the resume was written. ``resolve_as_of`` picks it, and
the profile records it with its source (``as_of``, ``as_of_source``), first found wins:

1. ``as_of`` given by the caller (``--as-of``): ``option``;
2. the file's own date (PDF ModDate/CreationDate, DOCX modified/created):
   ``pdf_metadata`` / ``docx_metadata``, when it is believable (``believable_file_date``);
3. the fallback: the day of the run (``run_date``, the default; ``run_date()`` honours
   ``SOURCE_DATE_EPOCH``, the reproducible-builds convention, so a test suite or a replayed
   run can pin it), or, where results must not move with the calendar (training,
   evaluation), December of the latest year the document mentions (``latest_year``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from matcher.extract.contact import STATES
from matcher.extract.kind import detect_kind
from matcher.types import Document, Evidence, Kind, Occupation, Position, Profile

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from matcher.taxonomy.load import Taxonomy

__all__ = [
    "believable_file_date",
    "build_profile",
    "build_profiles",
    "detect_kind",
    "profile_to_dict",
    "resolve_as_of",
    "run_date",
]

Fallback = Literal["run_date", "latest_year"]
"""What "present" is for a document with no date of its own (see the module doc)."""
OLDEST_FILE_DATE = date(1990, 1, 1)
"""File dates before this are defaults of the program that wrote them (1970, 1980, 1601...),
not the day a resume was written."""
STATED_YEARS_MARGIN = 2.0
"""Years the dated positions may fall short of a summary's stated experience before a note
says so (at least; a quarter of the stated figure for long careers): bare-year dates
("2019 - 2021") and unlisted early jobs easily account for a year or two."""

GAP_MONTHS = 6
"""A break between positions longer than this is noted."""
_HEADLINE_LINES = 4
_MAX_YEARS_AFTER = 10
_SEPARATORS = re.compile(r"\s+[|·•–—-]\s+|\s*\|\s*|\s+at\s+|\s*\(|\)\s*")
"""A year mentioned more than this after the latest dated position is not a date."""
_MAX_HEADLINE = 90
_CONTACT = re.compile(r"@|://|\w\.(?:com|org|net|edu|gov|io|co)\b|\d{3}\D{0,2}\d{3,4}", re.I)
"""An e-mail, a web address or a phone number: a contact line, never a title."""
_PLACE = re.compile(rf"\b[A-Z][\w.'-]+(?:\s[A-Z][\w.'-]+){{0,2}}\s?,\s?(?:{'|'.join(sorted(STATES))})\b(?!\s*[a-z])")
"""A city and a US state or Canadian province ("Baltimore, MD", "Denver , CO"): an address, whose
state code is no title ("MD" is not a physician, "CO" not a correctional officer)."""


def build_profile(
    document: Document,
    *,
    kind: Kind | None = None,
    nlp: Language | None = None,
    taxonomy: Taxonomy | None = None,
    as_of: date | None = None,
    fallback: Fallback = "run_date",
    file_dates: bool = True,
    today: date | None = None,
) -> Profile:
    """Read one document into a Profile (kind detected unless given); ``as_of``,
    ``fallback``, ``file_dates`` and ``today`` say what "present" is (see ``build_profiles``)."""
    return next(build_profiles([document], kind=kind, nlp=nlp, taxonomy=taxonomy, as_of=as_of,
                               fallback=fallback, file_dates=file_dates, today=today))  # fmt: skip


def build_profiles(
    documents: Iterable[Document],
    *,
    kind: Kind | None = None,
    nlp: Language | None = None,
    taxonomy: Taxonomy | None = None,
    as_of: date | None = None,
    fallback: Fallback = "run_date",
    file_dates: bool = True,
    today: date | None = None,
    batch_size: int = 32,
) -> Iterator[Profile]:
    """Profiles for a stream of documents, tokenised in batches by ``nlp.pipe``.

    ``as_of`` pins "present" for every resume; without it each resume's own file date is
    used (unless ``file_dates`` is False: training reads renders of text files whose dates
    are the day they were rendered), else ``fallback``. The run's date (``today``, default
    the clock's) is taken once, so a batch that runs past midnight reads every document alike.
    """
    from matcher.extract.nlp import get_nlp
    from matcher.taxonomy.load import load_taxonomy

    taxonomy = taxonomy if taxonomy is not None else load_taxonomy()
    nlp = nlp if nlp is not None else get_nlp(taxonomy)
    prepared = (_prepare(d, kind) for d in documents)
    pairs = nlp.pipe(((d.text, (d, k)) for d, k in prepared), as_tuples=True, batch_size=batch_size)
    today = today or run_date()
    for doc, (document, doc_kind) in pairs:
        present = resolve_as_of(document, as_of=as_of, fallback=fallback, file_dates=file_dates, today=today)
        yield profile_from_doc(document, doc, kind=doc_kind, nlp=nlp, taxonomy=taxonomy, as_of=present)


def _prepare(document: Document, kind: Kind | None) -> tuple[Document, Kind]:
    kind = kind or detect_kind(document)
    if document.kind_hint != kind:
        # Sections found without knowing the kind may use the other kind's headings.
        from matcher.extract.sections import find_sections

        document = dataclasses.replace(document, sections=find_sections(document.text, kind=kind))
    return document, kind


def profile_from_doc(
    document: Document, doc: Doc, *, kind: Kind, nlp: Language, taxonomy: Taxonomy,
    as_of: tuple[date | None, str | None] | date | None = None,
) -> Profile:
    """Extract a Profile from a document already run through the pipeline; ``as_of`` is
    ``resolve_as_of``'s answer (a bare date counts as given by the caller)."""
    from matcher.extract.reading import Reading

    if kind == "job_ad":
        return _job_ad(Reading(document, doc, taxonomy), nlp=nlp)
    from matcher.extract.nlp import read_by_meaning

    return _resume(Reading(document, read_by_meaning(nlp, doc, document.sections), taxonomy), nlp=nlp, as_of=as_of)


def _resume(reading, *, nlp: Language, as_of: tuple[date | None, str | None] | date | None) -> Profile:  # noqa: ANN001
    from matcher.extract.contact import find_contact
    from matcher.extract.education import find_certifications, find_education
    from matcher.extract.metrics import find_metrics
    from matcher.extract.positions import find_positions
    from matcher.extract.signals import find_signals
    from matcher.extract.skills import near_mentions, skill_mentions

    taxonomy = reading.taxonomy
    if not isinstance(as_of, tuple):
        as_of = (as_of, "option") if as_of else (reference_date(reading.text), "latest_year")
    as_of, as_of_source = as_of
    as_of_source = as_of_source if as_of else None
    blocks = find_positions(reading, nlp=nlp, as_of=as_of)
    positions = tuple(_with_occupation(b.position, taxonomy) for b in blocks)
    recency = sorted(range(len(positions)), key=lambda i: (positions[i].end or as_of, positions[i].start), reverse=True)
    skills = skill_mentions(reading, blocks=[(b.start, b.end, i) for i, b in enumerate(blocks)], recency=recency,
                            by_meaning=True)
    headline, match, headline_at = _resume_headline(reading, nlp=nlp)
    account_roles = _account_roles(taxonomy)
    total, _ = _years(positions, as_of)
    account, _ = _years([p for p in positions if p.role in account_roles], as_of)
    contact = find_contact(reading)
    return Profile(
        source=reading.document.source,
        kind="resume",
        skills=tuple(skills),
        positions=positions,
        education=tuple(find_education(reading, nlp=nlp)),
        certifications=tuple(find_certifications(reading)),
        metrics=tuple(find_metrics(reading)),
        signals=tuple(find_signals(reading)),
        contact=contact,
        flags=reading.document.flags,
        years_experience=round(total / 12, 1),
        years_account=round(account / 12, 1),
        notes=tuple(_notes(positions, as_of, by_year={i for i, b in enumerate(blocks) if b.by_year}))
        + _stated_years_note(reading, total / 12, dated=any(p.start for p in positions)),
        headline=headline,
        headline_evidence=headline_at,
        title_role=match.role if match else None,
        title_rung=match.rung if match else None,
        occupation=_resume_occupation(reading, headline, match, positions, recency, name=contact.name),
        taxonomy_version=taxonomy.version,
        as_of=as_of,
        near_skills=tuple(near_mentions(reading, skills)),
        as_of_source=as_of_source,
    )


def _job_ad(reading, *, nlp: Language) -> Profile:  # noqa: ANN001
    from matcher.extract.education import find_certifications, find_education
    from matcher.extract.requirements import make_judge, min_years
    from matcher.extract.signals import find_signals
    from matcher.extract.skills import skill_mentions

    candidates = _ad_candidates(reading)
    headline, match, headline_at = _ad_headline(reading, nlp=nlp, candidates=candidates)
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
        occupation=_ad_occupation(reading, headline, match, candidates),
        min_years=min_years(reading, judge),
        taxonomy_version=reading.taxonomy.version,
    )


# --- dates and years -------------------------------------------------------------------


def run_date() -> date:
    """Today (UTC), or the day of ``SOURCE_DATE_EPOCH`` (seconds since 1970) when it is set."""
    import os
    from datetime import datetime, timezone

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return datetime.now(tz=timezone.utc).date()


def resolve_as_of(
    document: Document,
    *,
    as_of: date | None = None,
    fallback: Fallback = "run_date",
    file_dates: bool = True,
    today: date | None = None,
) -> tuple[date | None, str | None]:
    """The date "present" means for ``document`` and where it came from (see the module doc).

    ``(None, None)`` only for ``latest_year`` on a text that mentions no year: nothing in it
    is dated, so nothing needs the date."""
    today = today or run_date()
    if as_of is not None:
        return as_of, "option"
    if file_dates and document.file_date is not None:
        if believable_file_date(document.file_date, document.text, today=today):
            return document.file_date, document.file_date_source or "file_metadata"
    if fallback == "run_date":
        return today, "run_date"
    latest = reference_date(document.text)
    return (latest, "latest_year") if latest else (None, None)


def believable_file_date(file_date: date, text: str, *, today: date) -> bool:
    """Whether a file's own date can stand for "present" in ``text``.

    Not when it is in the future (the writer's clock was wrong), before ``OLDEST_FILE_DATE``
    (a program's default, not a date someone set), or before the month the latest dated
    position in the text starts (the file was created from an older template or copy, and
    its date says when that was, not when this text was written: no one lists a job before
    it starts). A position that ends after the file date is fine: "expected May 2027"."""
    from matcher.extract.dates import find_ranges

    if file_date > today or file_date < OLDEST_FILE_DATE:
        return False
    starts = [r.start for r in find_ranges(text) if r.start is not None]
    return not starts or (file_date.year, file_date.month) >= (max(starts).year, max(starts).month)


def _stated_years_note(reading, counted: float, *, dated: bool) -> tuple[str, ...]:  # noqa: ANN001
    """A note when the dated positions give fewer years than the summary's own figure ("8+
    years of experience") by more than ``STATED_YEARS_MARGIN`` (or a quarter of the figure).

    Only fewer: a summary's figure is often about one line of work ("five years of B2B
    sales") while the positions hold the whole career, so more years than stated is normal;
    fewer means a wrong "present", a missing position or an inflated claim."""
    from matcher.extract.requirements import stated_years

    stated = stated_years(reading) if dated else None
    if stated is None:
        return ()
    figure, at_least = stated
    margin = max(STATED_YEARS_MARGIN, 0.25 * figure)
    if counted < figure - margin:
        words = f"{figure:g}{'+' if at_least else ''} years"
        return (f"summary says {words}; dated positions give {counted:.1f}",)
    return ()


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


def _ad_candidates(reading) -> list[tuple[str, tuple[int, int] | None]]:  # noqa: ANN001
    """Where an ad's title may stand, in order: the title given with it, a "Title:" line, the
    parts of its first line; each with its place in the text (None when given outside it)."""
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
    return candidates


def _ad_headline(reading, *, nlp: Language, candidates):  # noqa: ANN001, ANN202
    """The ad's title (given with it, on a "Title:" line, or its first line), its title
    match and, when the title stands in the text, its evidence."""

    from matcher.extract.titles import resolve_title

    for candidate, where in candidates:
        match = resolve_title(candidate, nlp=nlp, taxonomy=reading.taxonomy)
        if match is not None:
            at = _evidence_of(reading, candidate, *where) if where else None
            return candidate, match, at
    if _title_occupation(candidates) is not None:
        # The ad's own title names another occupation: a role its body mentions ("reports to
        # the account manager", "our client partners with...") is not the ad's title.
        return candidates[0][0], None, None
    for span in reading.doc.spans.get("titles", ()):
        match = resolve_title(span.text, nlp=nlp, taxonomy=reading.taxonomy)
        if match is not None:
            return span.text, match, reading.evidence(span.start_char, span.end_char)
    return (candidates[0][0] if candidates else None), None, None


# --- occupations -----------------------------------------------------------------------


def _occupation(title: str | None, rung: str | None, role: str | None, taxonomy: Taxonomy) -> Occupation | None:
    """The occupation ``title`` names. The taxonomy outranks the index for our own roles: a
    title it reads as a scored rung is account work, and one it reads as a neighbouring role
    is a neighbour, whatever O*NET or ESCO file it under."""
    from matcher.extract.occupations import occupation_of, with_relation

    occupation = occupation_of(title)
    if occupation is None:
        return occupation
    if rung is None:
        # A neighbour on the taxonomy's ladder (sales, customer service, sales support) is
        # never far from client work, whatever a partial match of its title says.
        neighbour = role in taxonomy.roles and occupation.relation in ("unrelated", "unknown")
        return with_relation(occupation, "neighbour") if neighbour else occupation
    if occupation.method == "unknown":
        label = taxonomy.roles[role].label if role in taxonomy.roles else None
        return Occupation(None, label, None, "taxonomy", 0.9, "account", occupation.matched)
    return with_relation(occupation, "account")


def _names_occupation(occupation: Occupation | None, piece: str) -> bool:
    """Found in a line that may hold anything (a heading, a name): a whole title, a part or a
    run of two words or more is enough; a single word only as the line's last word, where a
    title's head noun stands ("Guest Teacher"), not inside a phrase ("General Business ...")."""
    if occupation is None or occupation.method == "unknown":
        return False
    if occupation.method != "noun":
        return True
    words = re.findall(r"\w+", piece.lower())
    return bool(words) and words[-1] == occupation.matched.lower()


def _with_occupation(position: Position, taxonomy: Taxonomy) -> Position:
    occupation = _occupation(position.title, position.rung, position.role, taxonomy)
    return dataclasses.replace(position, occupation=occupation) if occupation is not None else position


def _resume_occupation(reading, headline, match, positions, recency, *, name: str | None) -> Occupation | None:  # noqa: ANN001, E501
    """The headline's occupation; else the first top-line piece that names one; else the most
    recent position's that is known; else the most recent position's (unknown)."""
    from matcher.extract.occupations import names_family, occupation_of

    if headline is not None:
        return _occupation(headline, match.rung if match else None, match.role if match else None,
                           reading.taxonomy)  # fmt: skip
    text = reading.text
    for start, end in reading.lines[:_HEADLINE_LINES]:
        if end - start > _MAX_HEADLINE * 2:
            continue
        for piece in _SEPARATORS.split(text[start:end]):
            piece = piece.strip(" *_#-–—|•·")
            if not piece or len(piece) > _MAX_HEADLINE or _CONTACT.search(piece) or _PLACE.search(piece):
                continue  # "casey@example.com" names no "com" occupation, "Baltimore, MD" no "MD"
            found = occupation_of(piece)
            # What reads as the person's name may be a title after all (anonymised resumes
            # start with one, "GUEST TEACHER"), but "Jane Baker" is no baker: on that line a
            # single word counts only when it names a family of occupations.
            is_name = bool(name) and piece.casefold() == name.casefold()
            if _names_occupation(found, piece) and not (is_name and found.method == "noun" and not names_family(found)):
                return found
    ordered = [positions[i].occupation for i in recency if positions[i].occupation is not None]
    known = [o for o in ordered if o.method != "unknown"]
    return known[0] if known else (ordered[0] if ordered else None)


def _title_occupation(candidates) -> Occupation | None:  # noqa: ANN001
    """The occupation of the first title candidate that names one. A title given with the ad
    (the only candidate without a place in the text, always first) may name it by its head
    noun alone; a piece of a line must name it in full (``_names_occupation``)."""
    from matcher.extract.occupations import occupation_of

    for candidate, where in candidates:
        found = occupation_of(candidate)
        if _names_occupation(found, candidate) or (where is None and found.method != "unknown"):
            return found
    return None


def _ad_occupation(reading, headline, match, candidates) -> Occupation | None:  # noqa: ANN001
    """The occupation of the ad's title: the taxonomy's title when it stands where a title
    does; else the first candidate that names one (a title given with the ad may be a bare
    head noun); else a taxonomy title from the body; else the first candidate's (unknown)."""
    from matcher.extract.occupations import occupation_of

    taxonomy = reading.taxonomy
    titles = [c for c, _ in candidates]
    if match is not None and headline in titles:
        return _occupation(headline, match.rung, match.role, taxonomy)
    found = _title_occupation(candidates)
    if found is not None:
        return found
    if match is not None:
        return _occupation(headline, match.rung, match.role, taxonomy)
    return occupation_of(titles[0]) if titles else None


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
