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

When no part names a taxonomy title, the title is the first piece holding a title word
("Specialist"), else the first naming an occupation the occupation index knows ("Courier",
"Housekeeper"), else the first part. Layouts without separators are read too: a title with
its employer glued on before the place ("Biology Teacher Lincoln High School, Omaha , NE":
the employer is cut off where the title words end, when nothing else in the header can name
it), and a title after the employer's state ("Wells Fargo Phoenix , AZ SVP").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from matcher.extract.contact import STATES
from matcher.extract.dates import DateRange, find_ranges, months_between
from matcher.extract.reading import Reading
from matcher.extract.titles import TitleMatch, is_employer, resolve_title
from matcher.types import Position

if TYPE_CHECKING:
    from spacy.language import Language

_NOT_POSITIONS = frozenset({"education", "certifications", "skills", "summary", "awards", "references", "activities"})
"""Sections whose dated lines are no jobs: a student club's treasurer is not years of work, nor an
occupation."""
# Markdown emphasis ("**Account Coordinator**") is not a bullet; "* " and "- " are.
_BULLET = re.compile(r"^\s*(?:[•●○◦▪■□➢➤►✓✔]|[-–—*·>](?:\s|$))")
_STRONG = re.compile(r"\s+[|–—-]\s+|\s*[|•·]\s*|\s+at\s+|\s+@\s+|\t+|\s{3,}")
_MAX_HEADER_LINE = 110
_HEADER_LINES_BEFORE = 3
_TRIM = " ,;:-–—|[]\t*_#"
_STATE_CODE = "|".join(sorted(STATES))
_STATE = re.compile(rf"^(?:(?-i:{_STATE_CODE})|remote|hybrid|usa?|united states)$", re.I)
_UNCLOSED = re.compile(r"\s*\([^)]*$")
_LOCATION = re.compile(rf"^(?:(?-i:[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){{0,2}},\s*(?:{_STATE_CODE}))(?:\s+\d{{5}})?|remote|hybrid)$", re.I)
_PLACE_PIECE = re.compile(r"^[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2}$")
"""A piece of a location: "Omaha", "NE", "New York", "USA"."""
_CORPORATE = re.compile(r"^(?:inc|llc|ltd|corp|co|company|llp|plc|gmbh|group|limited)\.?$", re.I)
_STATE_FIRST = re.compile(rf"({_STATE_CODE})\s+(?=[A-Z])")
"""A state's postal code starting a piece after a comma, and a capitalised word after it."""
_WORD = re.compile(r"[^\W\d_]{2}")
_ABSTRACT = re.compile(r"(?:ment|ity|tion|sion|ness|ship|ance|ence|ing)\W*$", re.I)
"""Endings of nouns that name a thing done, not the person doing it ("Management", "Security")."""
_PLURAL = re.compile(r"(?:[^\Wsiu]s|'s?)$", re.I)
_GRADE = re.compile(r"\s+(?:[IVX]{1,4}\b\S*|\d\b|\([^)]*\))")
"""A grade or a note that still belongs to the title before it: "II", "II/Chocolatier", "(PRN)"."""
_MAX_TITLE_WORDS = 8
_OCCUPATION_CONFIDENCE = 0.3
"""As the occupation guard in scoring reads a title as naming an occupation."""
_TITLE_WORDS = re.compile(
    r"\b(?:manager|coordinator|executive|specialist|representative|associate|assistant|analyst|"
    r"director|consultant|officer|clerk|cashier|intern|lead|supervisor|agent|engineer|administrator|"
    r"advisor|adviser|planner|buyer|partner|owner|teacher|nurse|accountant|technician|server|"
    r"designer|developer|recruiter|producer|strategist|writer|editor|bookkeeper|receptionist|"
    r"secretary|rep|head|president|[sea]?vp|founder|attendant|operator|driver|worker|trainer|instructor)s?\b",
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
    title, title_at, match, title_part, head = _pick_title(parts, nlp=nlp, reading=reading)
    rest = glued = None
    if title is not None and match is not None:
        title, rest = _bracketed_employer(title, reading)
        if rest is None:
            title, rest = _cut_after_title(title, match.phrase)
        if rest is not None:
            # Read the title again without the employer's words run on after it.
            match = resolve_title(title, nlp=nlp, taxonomy=reading.taxonomy) or match
    elif title is not None and head and _glued_employer(parts, title_part, title):
        # The other parts are places: what is glued to the title is the employer.
        title, glued = _cut_glued(title, head)
    employer = glued or _employer(parts, title_part, title, rest)
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
                ) -> tuple[str | None, int, TitleMatch | None, int, int]:
    """(title, its offset, its resolution, index of the part holding it, and, when the taxonomy
    does not know it, where its title words end: a glued employer may start after)."""
    best = _first_title(parts, nlp=nlp, reading=reading, employers=False)
    if best is None:
        # Only an organisation's name holds title words ("Executive Search Group" alone).
        best = _first_title(parts, nlp=nlp, reading=reading, employers=True)
    if best is not None:
        return (*best, 0)
    for index, (part, at) in enumerate(parts):
        for piece, offset in _comma_pieces(part):
            words = list(_TITLE_WORDS.finditer(piece))
            if words:
                # "Executive Sous Chef": the occupation's words may end after the title words.
                return piece, at + offset, None, index, max(words[-1].end(), _occupation_end(piece)[0])
    for index, (part, at) in enumerate(parts):
        for piece, offset in _comma_pieces(part):
            end, method = _occupation_end(piece)
            # "Housekeeper", "Courier Blue Ridge Legal Services, Asheville , NC": a title the
            # taxonomy and the title words do not know, but the occupation index does. A match
            # on one noun is weak ("Publisher Partnerships", "Golden Gate Travel Management"
            # name no one's job): the noun must name a person and end the piece ("Assembly
            # Line Painter"), or be followed by an employer that a place confirms.
            if end and (method != "noun" or not _ABSTRACT.search(piece[:end]) and (
                    end == len(piece) or index == 0 and _glued_employer(parts, index, piece))):
                return piece, at + offset, None, index, end
    if len(parts) >= 2:
        # "Dispatcher | Carolina Transport | 2021 - 2023": a title the taxonomy does not know
        # comes first, as on most resumes.
        piece, offset = _comma_pieces(parts[0][0])[0]
        return piece, parts[0][1] + offset, None, 0, 0
    return None, 0, None, -1, 0


def _occupation_end(piece: str) -> tuple[int, str]:
    """Where the words of ``piece`` that name an occupation end, when the occupation index
    knows one with enough confidence, and how it matched; 0 for places, names and sentences.

    A title is written with capitals and names one person's job: lower-case words ("sending
    out flyers"), plurals and possessives ("Bay Colony Beverage Distributors", "Dean's List"),
    company suffixes ("Promo Co.") and places ("Pittsburgh, PA") are not titles, whatever
    occupation their words can name."""
    if len(piece.split()) > _MAX_TITLE_WORDS or _is_place(piece) or _CORPORATE.match(piece.split()[-1]):
        return 0, ""
    from matcher.extract.occupations import occupation_of

    occupation = occupation_of(piece)
    if occupation is None or occupation.code is None or occupation.confidence < _OCCUPATION_CONFIDENCE:
        return 0, ""
    at = piece.lower().find(occupation.matched.lower())
    if at < 0 or not piece[at].isupper() or _PLURAL.search(occupation.matched):
        return 0, ""
    return at + len(occupation.matched), occupation.method


def _glued_employer(parts: list[tuple[str, int]], title_part: int, title: str) -> bool:
    """True when the employer can only be glued to the end of the title: "Biology Teacher
    Lincoln High School, Omaha , NE" — the title is followed by a place, in its part or in
    another, and nothing else could name the employer."""
    pieces = [p for p, _ in _comma_pieces(parts[title_part][0])]
    after = pieces[pieces.index(title) + 1:] if title in pieces else []
    others = [p for i, (p, _) in enumerate(parts) if i != title_part and _WORD.search(p)]
    if not all(_is_place(p) for p in others):
        return False
    if others:
        # A header gives one place: with a place of its own, what follows the title in its
        # part is the employer ("Logistics Specialist Second Class, U.S. Navy — Norfolk, VA").
        return not after
    # After the title in its own part there is no employer left to mistake for a city.
    return bool(after) and len(after) <= 3 and not _CORPORATE.match(after[-1]) \
        and all(_PLACE_PIECE.match(p) and not _TITLE_WORDS.search(p) for p in after)


def _is_place(part: str) -> bool:
    """"Omaha, NE", "Omaha , Nebraska", "Remote" — not "Contoso, Inc", nor "Contoso, Omaha, NE"."""
    if _LOCATION.match(part) or _STATE.match(part):
        return True
    pieces = [p for p, _ in _comma_pieces(part)]
    # "Harbor Grill Omaha , NE" is an employer and its city: two words at most before the comma.
    return len(pieces) == 2 and len(pieces[0].split()) <= 2 and len(pieces[1].split()) == 1 \
        and not _CORPORATE.match(pieces[1]) \
        and all(_PLACE_PIECE.match(p) and not _TITLE_WORDS.search(p) for p in pieces)


def _cut_glued(title: str, end: int) -> tuple[str, str | None]:
    """"Biology Teacher Lincoln High School" → ("Biology Teacher", "Lincoln High School"): the
    title ends where its title words do (``end``), with what is glued to them
    ("Manager/Buyer", a grade "II", "(PRN)"); the rest, two words or more starting with a
    capital, is the employer (one word is more often the title's own: "Lead Teller")."""
    while end < len(title) and not title[end].isspace():
        end += 1  # "Manager/Technologist"
    while (grade := _GRADE.match(title, end)) is not None:
        end = grade.end()
    rest = title[end:].strip(_TRIM)
    if len(rest.split()) < 2 or not rest[:1].isupper():
        return title, None
    return title[:end].strip(_TRIM), rest


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
        at = pieces.index(title) if title in pieces else -1
        if at >= 2 and _STATE.match(pieces[at - 1]) and not _STATE.match(pieces[0]):
            return pieces[0]  # "Wells Fargo Phoenix , AZ SVP, Business Banking"
        after = pieces[at + 1:] if at >= 0 else []
        for piece in after:
            if not _STATE.match(piece) and not _LOCATION.match(piece):
                return piece
    return None


def _comma_pieces(part: str) -> list[tuple[str, int]]:
    pieces = []
    pos = 0
    for n, piece in enumerate(part.split(",")):
        cleaned = piece.strip(_TRIM)
        if cleaned:
            at = part.find(cleaned, pos)
            state = _STATE_FIRST.match(cleaned) if n and pieces and not _TITLE_WORDS.search(pieces[-1][0]) else None
            if state is not None:
                # "Harbor Grill Portland , OR Sous Chef": the title follows the employer's state.
                pieces.append((state.group(1), at))
                cleaned, at = cleaned[state.end():], at + state.end()
            pieces.append((cleaned, at))
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
