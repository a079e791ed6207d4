"""Dated lines of a resume → positions held, with title, rung, employer, dates and months.

A position is anchored on a date range ("March 2021 - Present"). Its header is the range's
own line plus the short, non-bullet lines just before it (title and employer lines), or the
line just after when the range line stands first ("Acme Corp | 2019-2021" then the title).
The header is cut at strong separators (" | ", " - ", " — ", " at ", "@", tabs, wide gaps)
into parts: the part naming a taxonomy title is the title, the first other part (before its
first comma, so the city is dropped) is the employer. A part ending like an organisation's
name ("…Group", "…Partners", "…Solutions", lexicon ``employer_suffixes``) is never taken as
the title while another part names one, and a bracketed organisation after the title
("Account Coordinator (Senior Housing Partners)") is the employer, not part of the title. A position's block runs to the next position's header:
skills read inside it are credited to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from matcher.extract.dates import DateRange, find_ranges, months_between
from matcher.extract.reading import Reading
from matcher.extract.titles import TitleMatch, is_employer, resolve_title
from matcher.types import Position

if TYPE_CHECKING:
    from spacy.language import Language

_NOT_POSITIONS = frozenset({"education", "certifications", "skills", "summary", "awards", "references"})
# Markdown emphasis ("**Account Coordinator**") is not a bullet; "* " and "- " are.
_BULLET = re.compile(r"^\s*(?:[•●○◦▪■□➢➤►✓✔]|[-–—*·>](?:\s|$))")
_STRONG = re.compile(r"\s+[|–—-]\s+|\s*[|•·]\s*|\s+at\s+|\s+@\s+|\t+|\s{3,}")
_MAX_HEADER_LINE = 110
_HEADER_LINES_BEFORE = 3
_TRIM = " ,;:-–—|[]\t*_#"
_STATE = re.compile(r"^(?:[A-Z]{2}|remote|hybrid|usa?|united states)$", re.I)
_UNCLOSED = re.compile(r"\s*\([^)]*$")
_LOCATION = re.compile(r"^(?:[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2},\s*[A-Z]{2}(?:\s+\d{5})?|remote|hybrid)$", re.I)
_TITLE_WORDS = re.compile(
    r"\b(?:manager|coordinator|executive|specialist|representative|associate|assistant|analyst|"
    r"director|consultant|officer|clerk|cashier|intern|lead|supervisor|agent|engineer|administrator|"
    r"advisor|adviser|planner|buyer|partner|owner|teacher|nurse|accountant|technician|server|"
    r"designer|developer|recruiter|producer|strategist|writer|editor|bookkeeper|receptionist|"
    r"secretary|rep|head|president|vp|founder|attendant|operator|driver|worker|trainer|instructor)s?\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Block:
    """A position with where its header starts and its block ends (for crediting skills)."""

    position: Position
    start: int
    end: int
    by_year: bool = False
    """Its dates are bare years (see ``DateRange.by_year``)."""


def find_positions(reading: Reading, *, nlp: Language, as_of: date) -> list[Block]:
    """Every dated position in the resume, in document order."""
    text = reading.text
    ranges = [r for r in find_ranges(text) if reading.section_at(r.begin) not in _NOT_POSITIONS]
    if not ranges:
        return []
    lines = reading.lines
    starts = [s for s, _ in lines]
    blocks: list[tuple[int, DateRange, list[tuple[int, int]]]] = []
    used_lines: set[int] = set()
    range_lines = {_line_of(starts, r.begin) for r in ranges}
    # A section heading ("EXPERIENCE") is never part of a position's header.
    heading_lines = {_line_of(starts, sec.start) for sec in reading.document.sections if sec.heading}
    anchors: set[int] = set()
    for rng in ranges:
        li = _line_of(starts, rng.begin)
        if li in anchors:
            continue  # two ranges on one line: the first one anchors the position
        anchors.add(li)
        header = [li]
        j = li - 1
        while j >= 0 and li - j <= _HEADER_LINES_BEFORE and _is_header(text, lines[j]) and j not in range_lines \
                and j not in used_lines and j not in heading_lines and _same_section(reading, lines[j][0], rng.begin):
            if _blank_between(text, lines[j][1], lines[j + 1][0]):
                break
            header.insert(0, j)
            j -= 1
        rest = _strip_range(text, lines[li], rng)
        if len(header) == 1 and not _TITLE_WORDS.search(rest) and li + 1 < len(lines) \
                and li + 1 not in range_lines and li + 1 not in heading_lines and _is_header(text, lines[li + 1]):
            header.append(li + 1)
        used_lines.update(header)
        blocks.append((lines[header[0]][0], rng, [lines[k] for k in header]))
    out: list[Block] = []
    seen: set[tuple[str, date, date | None]] = set()
    for n, (start, rng, header) in enumerate(blocks):
        end = blocks[n + 1][0] if n + 1 < len(blocks) else _section_end(reading, rng.begin)
        position = _position(reading, rng, header, nlp=nlp, as_of=as_of)
        key = (position.title.lower(), position.start, position.end)
        if key in seen:
            # Some resume builders print the history twice (an overview, then the detail).
            if out:
                out[-1] = Block(out[-1].position, out[-1].start, end, out[-1].by_year)
            continue
        seen.add(key)
        out.append(Block(position, start, end, rng.by_year))
    return out


def _line_of(starts: list[int], offset: int) -> int:
    import bisect

    return bisect.bisect_right(starts, offset) - 1


def _is_header(text: str, line: tuple[int, int]) -> bool:
    body = text[line[0]:line[1]]
    if len(body) > _MAX_HEADER_LINE or _BULLET.match(body) or body.endswith("."):
        return False
    # A title or employer line starts with a capital (or a digit: "3M Company"), maybe
    # inside markdown emphasis.
    body = body.lstrip("*_#")
    return body[:1].isupper() or body[:1].isdigit()


def _blank_between(text: str, end: int, start: int) -> bool:
    return text.count("\n", end, start) > 1


def _same_section(reading: Reading, a: int, b: int) -> bool:
    return reading.section_at(a) == reading.section_at(b)


def _section_end(reading: Reading, offset: int) -> int:
    for section in reading.document.sections:
        if section.start <= offset < section.end:
            return section.end
    return len(reading.text)


def _strip_range(text: str, line: tuple[int, int], rng: DateRange) -> str:
    return (text[line[0]:rng.begin] + "   " + text[rng.stop:line[1]]).strip(_TRIM)


def _parts(text: str, header: list[tuple[int, int]], rng: DateRange) -> list[tuple[str, int]]:
    """Header parts split at strong separators, each with its offset, dates removed."""
    parts: list[tuple[str, int]] = []
    for start, end in header:
        body = text[start:end]
        if start <= rng.begin < end:
            body = body[: rng.begin - start] + " " * (rng.stop - rng.begin) + body[rng.stop - start:]
        pos = 0
        for piece in [*_STRONG.split(body)]:
            where = body.find(piece, pos) if piece else pos
            pos = where + len(piece)
            cleaned = piece.strip(_TRIM)
            if cleaned and any(c.isalpha() for c in cleaned):
                parts.append((cleaned, start + where + (len(piece) - len(piece.lstrip(_TRIM)))))
    return parts


def _position(reading: Reading, rng: DateRange, header: list[tuple[int, int]], *, nlp: Language,
              as_of: date) -> Position:
    text = reading.text
    parts = _parts(text, header, rng)
    title, title_at, match, title_part = _pick_title(parts, nlp=nlp, reading=reading)
    rest = None
    if title is not None and match is not None:
        title, rest = _bracketed_employer(title, reading)
        if rest is None:
            title, rest = _cut_after_title(title, match.phrase)
        if rest is not None:
            # Read the title again without the employer's words run on after it.
            match = resolve_title(title, nlp=nlp, taxonomy=reading.taxonomy) or match
    employer = _employer(parts, title_part, title, rest)
    end = None if rng.current else rng.end
    months = months_between(rng.start, end or as_of) if (end or as_of) >= rng.start else 0
    evidence = None
    if title is not None:
        evidence = reading.evidence(title_at, title_at + len(title))
    else:
        evidence = reading.evidence(rng.begin, rng.stop)
    return Position(
        title=title or "",
        role=match.role if match else None,
        rung=match.rung if match else None,
        employer=employer,
        start=rng.start,
        end=end,
        current=rng.current,
        months=months,
        evidence=evidence,
        seniority=match.seniority if match else None,
    )


def _cut_after_title(title: str, phrase: str) -> tuple[str, str | None]:
    """"Account Executive Company Name" (no separator): the title ends with the words of its
    title phrase, and what follows is returned as a candidate employer."""
    last = phrase.split()[-1] if phrase.split() else ""
    match = re.search(rf"\b{re.escape(last[:4])}\w*\.?", title, re.I) if len(last) >= 2 else None
    if match is None:
        return title, None
    rest = title[match.end():].strip(_TRIM)
    if not rest or len(rest.split()) <= 2 and not rest[:1].isupper():
        return title, None
    if len(rest.split()) <= 1 or rest.startswith("("):
        return title, None  # "Account Manager II", "Account Executive (Remote)"
    return title[:match.end()].strip(_TRIM), rest


def _bracketed_employer(title: str, reading: Reading) -> tuple[str, str | None]:
    """"Account Coordinator (Senior Housing Partners)" → the title and the bracketed employer."""
    m = re.search(r"\s*\(([^()]+)\)\s*$", title)
    if m and is_employer(m.group(1), reading.taxonomy):
        return title[:m.start()].strip(_TRIM), m.group(1).strip()
    return title, None


def _pick_title(parts: list[tuple[str, int]], *, nlp: Language, reading: Reading
                ) -> tuple[str | None, int, TitleMatch | None, int]:
    """(title, its offset, its resolution, index of the part holding it)."""
    best = _first_title(parts, nlp=nlp, reading=reading, employers=False)
    if best is None:
        # Only an organisation's name holds title words ("Executive Search Group" alone).
        best = _first_title(parts, nlp=nlp, reading=reading, employers=True)
    if best is not None:
        return best
    for index, (part, at) in enumerate(parts):
        for piece, offset in _comma_pieces(part):
            # An organisation's name may still be taken here ("Delaware Valley Partners LLP |
            # Senior Auditor"): changing that changes the role-fit features of training
            # documents, so it waits for the next refit of the model.
            if _TITLE_WORDS.search(piece):
                return piece, at + offset, None, index
    if len(parts) >= 2:
        # "Dispatcher | Carolina Transport | 2021 - 2023": a title the taxonomy does not know
        # comes first, as on most resumes.
        piece, offset = _comma_pieces(parts[0][0])[0]
        return piece, parts[0][1] + offset, None, 0
    return None, 0, None, -1


def _first_title(parts: list[tuple[str, int]], *, nlp: Language, reading: Reading, employers: bool
                 ) -> tuple[str, int, TitleMatch, int] | None:
    """The first piece naming a taxonomy title (one naming a scored rung first); pieces that
    end like an organisation's name only when ``employers``."""
    best: tuple[str, int, TitleMatch, int] | None = None
    for index, (part, at) in enumerate(parts):
        for piece, offset in _comma_pieces(part):
            if not employers and is_employer(piece, reading.taxonomy):
                continue
            match = resolve_title(piece, nlp=nlp, taxonomy=reading.taxonomy)
            if match is None:
                continue
            if best is None or (best[2].rung is None and match.rung is not None):
                best = (piece, at + offset, match, index)
    return best


def _employer(parts: list[tuple[str, int]], title_part: int, title: str | None, rest: str | None) -> str | None:
    """The first part that is neither the title nor a place; else the words run on after the
    title ("Account Executive Harbor Freight"); else what follows the title in its own part
    ("Account Executive, Contoso Media")."""
    for index, (part, _) in enumerate(parts):
        if index == title_part or _LOCATION.match(part):
            continue
        first = _comma_pieces(part)[0][0] if _comma_pieces(part) else ""
        first = _UNCLOSED.sub("", first)
        if first and not _STATE.match(first):
            return first
    if rest:
        return rest
    if 0 <= title_part < len(parts):
        pieces = [p for p, _ in _comma_pieces(parts[title_part][0])]
        after = pieces[pieces.index(title) + 1:] if title in pieces else []
        for piece in after:
            if not _STATE.match(piece) and not _LOCATION.match(piece):
                return piece
    return None


def _comma_pieces(part: str) -> list[tuple[str, int]]:
    pieces = []
    pos = 0
    for piece in part.split(","):
        cleaned = piece.strip(_TRIM)
        if cleaned:
            pieces.append((cleaned, part.find(cleaned, pos)))
        pos += len(piece) + 1
    return pieces


def merged_months(intervals: list[tuple[date, date]]) -> tuple[int, list[tuple[date, date]]]:
    """Months covered by the union of ``intervals`` (inclusive months), and the merged runs."""
    if not intervals:
        return 0, []
    ordered = sorted(intervals)
    merged = [list(ordered[0])]
    for start, end in ordered[1:]:
        last = merged[-1]
        if _month_index(start) <= _month_index(last[1]) + 1:
            last[1] = max(last[1], end)
        else:
            merged.append([start, end])
    runs = [(a, b) for a, b in merged]
    return sum(months_between(a, b) for a, b in runs), runs


def _month_index(d: date) -> int:
    return d.year * 12 + d.month - 1
