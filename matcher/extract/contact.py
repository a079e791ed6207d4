"""A resume's top lines → ``Contact`` (name, emails, phones, addresses, links) for blind mode.

Only what identifies the person: the name is read from the first lines, a city-and-state
address only from the header (an employer's city further down is not the candidate's).
"""

from __future__ import annotations

import re

from matcher.extract.lookahead import starting_with
from matcher.extract.reading import Reading
from matcher.types import Contact

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# PHONE and LINK sit behind a look-ahead for their first character (see
# matcher.extract.lookahead), which compiles them case-insensitive: PHONE has no letters.
PHONE = starting_with(
    "+(",
    r"(?<![\w/.-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?|\d{2,4}[\s.-])\d{3,4}[\s.-]\d{3,4}(?![\w/-])",
    digits=True,
)
LINK = starting_with(
    "hwlgbtx",
    r"(?:https?://|www\.)[^\s|,;<>()]+|\b(?:linkedin\.com|github\.com|behance\.net|twitter\.com|x\.com)/[^\s|,;<>()]+",
)
STREET = re.compile(
    r"\b\d{1,6}\s+(?:[A-Z][\w.'-]*\s+){1,4}(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Dr|Drive|Ln|Lane|"
    r"Way|Ct|Court|Pl|Place|Ter|Terrace|Pkwy|Parkway|Hwy|Highway|Cir|Circle)\b\.?(?:[^\n|]{0,40}?\b\d{5}(?:-\d{4})?)?"
)
STATES: frozenset[str] = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND "
    "OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AB BC MB NB NL NS ON PE QC SK".split()
)
"""US states (and DC) and Canadian provinces by their postal codes."""
CITY_STATE = re.compile(r"\b[A-Z][a-zA-Z.'-]+(?:\s[A-Z][a-zA-Z.'-]+){0,2},\s?(?:[A-Z]{2}|[A-Z][a-z]+)\b(?:\s+\d{5}(?:-\d{4})?)?")
_NAME = re.compile(r"^[A-Z][A-Za-z'’.-]*(?:\s+[A-Z][A-Za-z'’.-]*){1,3}$")
_HEADER_LINES = 6


def find_contact(reading: Reading, *, title_offsets: set[int] | None = None) -> Contact:
    text = reading.text
    head_end = _header_end(reading)
    head = text[:head_end]
    emails = tuple(dict.fromkeys(find_emails(text)))
    links = tuple(dict.fromkeys(m.group().rstrip(".") for m in LINK.finditer(text) if "@" not in m.group()))
    phones = tuple(dict.fromkeys(m.group().strip() for m in PHONE.finditer(text) if _phone_like(m.group())))
    addresses = [m.group().strip() for m in STREET.finditer(head)]
    for line_start, line_end in reading.lines[:_HEADER_LINES]:
        if line_start >= head_end:
            break
        line = text[line_start:line_end]
        if "@" in line or "|" in line or "•" in line or any(c.isdigit() for c in line) or len(addresses) == 0:
            for piece in re.split(r"\s*[|•·]\s*|\s{2,}", line):
                match = CITY_STATE.fullmatch(piece.strip())
                if match and not EMAIL.search(piece):
                    addresses.append(match.group())
    return Contact(
        name=_name(reading, head_end, title_offsets or set()),
        emails=emails, phones=phones, addresses=tuple(dict.fromkeys(addresses)), links=links,
    )  # fmt: skip


def find_emails(text: str) -> list[str]:
    """``EMAIL.findall(text)``, searched for only in the runs of non-space text holding an "@".

    An address holds no white space, so the matches are the same; re otherwise tries every
    word as a local part (and backtracks through it), ~0.5 ms on a two-page resume.
    """
    return [found for chunk in text.split() if "@" in chunk for found in EMAIL.findall(chunk)]


def _header_end(reading: Reading) -> int:
    for section in reading.document.sections:
        if section.name not in ("header", "contact"):
            return section.start
    lines = reading.lines
    return lines[min(len(lines), _HEADER_LINES) - 1][1] if lines else 0


def _phone_like(text: str) -> bool:
    digits = sum(c.isdigit() for c in text)
    return 10 <= digits <= 15


def _name(reading: Reading, head_end: int, title_offsets: set[int]) -> str | None:
    text = reading.text
    for line_start, line_end in reading.lines[:3]:
        line = text[line_start:line_end].strip().strip("#*_ ")  # "# Rebecca Tan" in markdown
        if line_start in title_offsets:
            continue
        candidate = re.split(r"\s*[|,•]\s*", line)[0].strip()
        if _NAME.match(candidate.title() if candidate.isupper() else candidate) and len(candidate) <= 40:
            return candidate
    return None
