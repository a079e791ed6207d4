"""Text → dates and date ranges as resumes write them.

Handles ``MM/YYYY``, ``M/YY``, ``Month YYYY``, ``Mon. YYYY``, ``YYYY`` and the open ends
``Present``, ``Current``, ``to date``, ``Now``, joined by ``-``, ``–``, ``—``, ``to``,
``until`` or ``through``. Every date is the first day of its month; a bare year stands for
January when it starts a range and December when it ends one, so "2019 - 2021" is three
calendar years, as a reader would count it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from matcher.extract.lookahead import starting_with

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR4 = r"(?:19[5-9]\d|20\d\d)"
# One date: "March 2021", "Mar. 2021", "Mar '21", "03/2021", "3/21", "2021-03", "2021".
_DATE = (
    rf"(?:{_MONTH},?\s+(?:{_YEAR4}|['’]\d\d)"
    rf"|(?:0?[1-9]|1[0-2])\s*[/.]\s*(?:{_YEAR4}|\d\d)(?![/\d])"
    rf"|{_YEAR4}-(?:0[1-9]|1[0-2])(?![\d-])"
    rf"|(?:spring|summer|fall|autumn|winter)\s+{_YEAR4}"
    rf"|{_YEAR4})"
)
_OPEN = r"(?:present|current(?:ly)?|now|today|(?:to\s+)?date|ongoing)"
_JOIN = r"\s*(?:-{1,2}|–|—|to|until|through|thru)\s*"
# Behind a look-ahead for the first letters of months and seasons and the digits (see
# matcher.extract.lookahead): every position of every text is tried.
RANGE = starting_with(
    "jfmasondw0123456789", rf"(?<![\w/$.-])(?P<start>{_DATE}){_JOIN}(?P<end>{_DATE}|{_OPEN})(?![\w/]|-\d)"
)
SINGLE = re.compile(rf"(?<![\w/$])(?P<date>{_DATE})(?![\w/%])", re.I)
_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}


@dataclass(frozen=True, slots=True)
class DateRange:
    start: date
    end: date | None
    """None when the range is open ("Present")."""
    current: bool
    begin: int
    """Character offsets of the whole range in the text searched."""
    stop: int
    by_year: bool = False
    """True when either end is a bare year ("2019 - 2021"), so months are a reader's guess."""


def parse_date(text: str, *, end: bool = False) -> date | None:
    """One written date → the first day of its month; a bare year → Jan (Dec when ``end``)."""
    s = text.strip().lower().rstrip(".")
    match = re.fullmatch(rf"({_MONTH}),?\s+({_YEAR4}|['’]\d\d)", s)
    if match:
        month = _MONTHS[match.group(1)[:3]]
        return date(_year(match.group(2)), month, 1)
    match = re.fullmatch(r"(\d{1,2})\s*[/.]\s*(\d{4}|\d\d)", s)
    if match:
        month = int(match.group(1))
        return date(_year(match.group(2)), month, 1) if 1 <= month <= 12 else None
    match = re.fullmatch(r"(\d{4})-(\d\d)", s)
    if match:
        return date(int(match.group(1)), int(match.group(2)), 1)
    match = re.fullmatch(r"(spring|summer|fall|autumn|winter)\s+(\d{4})", s)
    if match:
        return date(int(match.group(2)), _SEASONS[match.group(1)], 1)
    if re.fullmatch(_YEAR4, s):
        return date(int(s), 12 if end else 1, 1)
    return None


def _year(text: str) -> int:
    digits = text.lstrip("'’")
    if len(digits) == 4:
        return int(digits)
    # Two-digit years: a resume's dates lie in the past century or this one.
    value = int(digits)
    return 2000 + value if value <= 49 else 1900 + value


def find_ranges(text: str, *, offset: int = 0) -> list[DateRange]:
    """Every date range in ``text``; offsets are shifted by ``offset``."""
    return list(_ranges(text, offset))


@lru_cache(maxsize=4)
def _ranges(text: str, offset: int) -> tuple[DateRange, ...]:
    # Cached: a resume's whole text is read for ranges twice (its reference date, its
    # positions); the ranges are immutable and a string's hash is computed once and kept.
    found = []
    for match in RANGE.finditer(text):
        start = parse_date(match.group("start"))
        end_text = match.group("end")
        current = re.fullmatch(_OPEN, end_text.strip(), re.I) is not None
        end = None if current else parse_date(end_text, end=True)
        if start is None or (not current and end is None):
            continue
        if end is not None and end < start:
            # "2021 - 03/2021" style slips: keep the order a reader would mean.
            start, end = end, start
        by_year = any(re.fullmatch(_YEAR4, g.strip()) for g in (match.group("start"), end_text))
        found.append(DateRange(start, end, current, offset + match.start(), offset + match.end(), by_year))
    return tuple(found)


def years_in(text: str) -> list[int]:
    """Every four-digit year written in ``text`` (1950-2099), in order."""
    return [int(m.group()) for m in re.finditer(rf"(?<![\d$.,]){_YEAR4}(?![\d%])", text)]


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end``, counting both end months ("Jan-Dec" = 12)."""
    return max(0, (end.year - start.year) * 12 + end.month - start.month + 1)
