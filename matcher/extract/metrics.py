"""Sentences → the numbers a resume states about results and scope, as typed ``Metric``s.

    quota_attainment  "118% of quota", "quota attainment of 104%", "achieved 112% of target"
    revenue           "$610K in upsell bookings", "closed $1.2M in new business"
    book_size         "a book of business worth $3.1M", "portfolio of ... worth $3.1M ARR"
    accounts          "a portfolio of 38 mid-market accounts", "managed 60+ accounts"
    retention         "retention at 96%", "96% client retention"
    renewal           "renewal rate of 92%", "renewed 95% of contracts"
    growth            "grew expansion revenue 27%", "increased sales by 40%", "35% growth"

These are grammar of the genre (how people write a number about their book), not taxonomy
entries, so the cue words live here beside the patterns that read them.

A number counts only in its client context. Retention and renewals of people who are not
clients ("employee retention above 90%", "student retention", "member renewals") are not a
book of business, and growth is growth of business ("increased sales 40%"), not of class
attendance or efficiency: a sentence with a growth number must name what grew in business
terms.
"""

from __future__ import annotations

import re

from matcher.extract.reading import Reading
from matcher.types import Metric

_MONEY = re.compile(
    r"(?<![\w$])(?:US)?\$\s?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?"
    r"(?P<suffix>[kmb](?![a-z])|thousand|million|billion|mm)?(?:\+)?",
    re.I,
)
_PERCENT = re.compile(r"(?<![\w.])(?P<num>\d{1,3}(?:\.\d+)?)\s?(?:%|percent\b)", re.I)
_COUNT_ACCOUNTS = re.compile(
    r"(?<![\w$.,])(?P<num>\d{1,3}(?:,\d{3})*|\d+)\s?\+?\s+(?:[\w-]+\s+){0,3}?"
    r"(?:accounts|clients|customers|customer accounts|client accounts)\b",
    re.I,
)
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "million": 1e6, "b": 1e9, "billion": 1e9}

_QUOTA = re.compile(r"\b(?:quota|target|goal|plan|attainment)s?\b", re.I)
_BOOK = re.compile(
    r"\b(?:book(?: of business)?|portfolio|territory worth|managed? (?:accounts|clients) worth|"
    r"accounts? (?:worth|totall?ing|valued)|ARR of|under management)\b",
    re.I,
)
_REVENUE = re.compile(
    r"\b(?:revenue|sales|bookings?|booked|closed|generated|sold|ARR|MRR|pipeline|deals?|"
    r"new business|upsells?|cross-sells?|contracts?|won)\b",
    re.I,
)
_RETENTION = re.compile(r"\b(?:retention|retained|retain|churn)\b", re.I)
_RENEWAL = re.compile(r"\b(?:renewal|renewals|renewed|renew)\b", re.I)
_GROWTH = re.compile(
    r"\b(?:grew|grow|growing|growth|increased?|increasing|boosted|expanded|raised|lifted|improved|up)\b",
    re.I,
)
_NOT_CLIENTS = re.compile(
    r"\b(?:employees?|staff|workforce|personnel|workers?|students?|pupils?|learners?|patients?|"
    r"residents?|members?|membership|volunteers?|trainees?|talent|teachers?|nurses?|"
    r"team members?|data|records)\b",
    re.I,
)
"""Whose retention or renewal a number may be about that is not a client's."""
_BUSINESS = re.compile(
    r"\b(?:revenue|sales|bookings?|business|accounts?|clients?|customers?|market share|ARR|MRR|"
    r"pipeline|orders?|profits?|margins?|deals?|upsell\w*|cross-sell\w*|renewals?|spend|"
    r"contract value|portfolio|book|territory|wallet share|share of wallet|buyers?|brands?|"
    r"advertisers?|subscriptions?|subscribers?)\b",
    re.I,
)
"""What a growth number must be about to say something of account work."""
_GROWTH_TAIL = re.compile(r"^\s*(?:growth|increase|uplift|year[- ]over[- ]year|yoy)\b", re.I)
_WINDOW = 60
"""Characters around a number searched for the words that say what it measures."""


def find_metrics(reading: Reading) -> list[Metric]:
    """Every typed metric in the document, in text order.

    Numbers are found in the whole text at once; the words that say what a number measures
    are read from its own sentence only.
    """
    text = reading.text
    found: list[tuple[int, Metric]] = []
    for match in _PERCENT.finditer(text):
        s, e = reading.sentence_bounds(match.start())
        kind = _percent_kind(text[s:e], match.start() - s, match.end() - s)
        if kind:
            found.append((match.start(), _metric(reading, kind, float(match.group("num")), "%", match, (s, e))))
    for match in _MONEY.finditer(text):
        s, e = reading.sentence_bounds(match.start())
        kind = _money_kind(text[s:e], match.start() - s, match.end() - s)
        if kind:
            found.append((match.start(), _metric(reading, kind, _money(match), "$", match, (s, e))))
    for match in _COUNT_ACCOUNTS.finditer(text):
        s, e = reading.sentence_bounds(match.start())
        value = float(match.group("num").replace(",", ""))
        if match.end() > e or _is_year(match.group("num")) or value == 0:
            continue
        found.append((match.start(), _metric(reading, "accounts", value, "count", match, (s, e))))
    return [metric for _, metric in sorted(found, key=lambda pair: pair[0])]


def _metric(reading: Reading, kind: str, value: float, unit: str, match: re.Match[str],
            sentence: tuple[int, int]) -> Metric:
    return Metric(kind, value, unit, reading.evidence(match.start(), match.end(), sentence=sentence))


def _money(match: re.Match[str]) -> float:
    value = float(match.group("num").replace(",", ""))
    suffix = (match.group("suffix") or "").lower()
    return value * _SCALE.get(suffix, 1.0)


def _is_year(digits: str) -> bool:
    return len(digits) == 4 and digits[:2] in ("19", "20")


def _near(sentence: str, start: int, end: int, *, before: int = _WINDOW, after: int = _WINDOW) -> tuple[str, str]:
    return sentence[max(0, start - before): start], sentence[end: end + after]


def _percent_kind(sentence: str, start: int, end: int) -> str | None:
    left, right = _near(sentence, start, end, before=50, after=40)
    close_right = right[:25]
    kind = _percent_cue(left, right, close_right)
    if kind in ("retention", "renewal") and (
        _NOT_CLIENTS.search(left[-30:]) or _NOT_CLIENTS.search(close_right)
    ):
        return None
    if kind == "growth" and not _BUSINESS.search(sentence):
        return None
    return kind


def _percent_cue(left: str, right: str, close_right: str) -> str | None:
    # The words just before the number name it ("renewal rate of 92% against a target of
    # 88%" is a renewal rate), so they are read before the words after it.
    if _RENEWAL.search(left[-30:]):
        return "renewal"
    if _RETENTION.search(left[-30:]):
        return "retention"
    if _QUOTA.search(close_right) or re.search(r"\b(?:quota|attainment)\b", left[-40:], re.I):
        return "quota_attainment"
    if _RENEWAL.search(close_right):
        return "renewal"
    if _RETENTION.search(close_right):
        return "retention"
    if re.search(r"\b(?:of|to)\s+(?:annual\s+|the\s+|my\s+|team\s+)?(?:target|goal|plan)\b", close_right, re.I):
        return "quota_attainment"
    if _GROWTH.search(left[-45:]) or _GROWTH_TAIL.search(right):
        return "growth"
    return None


def _money_kind(sentence: str, start: int, end: int) -> str | None:
    left, right = _near(sentence, start, end)
    if _BOOK.search(left[-45:]) or re.search(r"^\s*(?:book|portfolio)\b", right, re.I):
        return "book_size"
    if _REVENUE.search(left[-45:]) or _REVENUE.search(right[:45]):
        return "revenue"
    return None
