"""Blind mode: take out of everything shown what says who a candidate is, not what they can do.

    redactor_for(profile)          a function text → text for one candidate
    blind_row(row, profile=...)    a JSON-ready row with every string redacted, source renamed

Removed: the name, emails, phones, street and city addresses, links, graduation years, ages
and dates of birth, gendered pronouns and titles (made neutral). The profile's ``contact``
gives the exact strings read from the header; regexes catch the same kinds of token anywhere
else (a phone in a quote, a link in a skill line). Photos never reach the output: readers keep
text only and the report embeds no image from a document.

Blinding applies to what is shown (table, JSON, CSV, report), after scoring: scores are the
same in blind mode. The source path is replaced by ``candidate-<8 hex>``, a digest of the path,
so a recruiter holding the files can map a pseudonym back and nobody else can read a name
from a file name.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from typing import Any

from matcher.types import Profile

__all__ = ["blind_row", "pseudonym", "redactor_for"]

REDACTED = "[redacted]"
_NAME = "[name]"

# Shared with the contact extractor so that blind mode removes at least what parsing finds.
from matcher.extract.contact import EMAIL, LINK, PHONE, STREET  # noqa: E402

_AGE = re.compile(
    r"\b(?:age[d]?\s*[:\-]?\s*\d{1,3}\b|\d{1,3}\s*(?:years?|yrs?)[\s-]*old\b|\d{1,3}\s*y/?o\b"
    r"|(?:date\s+of\s+birth|d\.?o\.?b\.?|born(?:\s+(?:on|in))?)\s*[:\-]?\s*[^\n;|]{0,30}?\d{2,4}\b)",
    re.I,
)
_GRAD = re.compile(
    r"\b(?:class\s+of|graduat(?:ed|ing|ion)(?:\s+(?:in|date|year))?|expected|grad\.?)"
    r"\s*[:\-]?\s*(?:(?:[A-Z][a-z]{2,8}\.?|\d{1,2}/)\s*)?(?:19|20)\d{2}\b|['’]\d{2}\b(?=\s*(?:grad|alum))",
    re.I,
)
# Gendered words → neutral ones; "her" is usually possessive in resumes ("her team").
_PRONOUNS = {
    "he": "they", "she": "they", "him": "them", "his": "their", "her": "their", "hers": "theirs",
    "himself": "themself", "herself": "themself", "mr": "Mx", "mrs": "Mx", "ms": "Mx",
    "miss": "Mx", "sir": "", "madam": "",
}  # fmt: skip
# One pass for every kind of identifying token (a row has a hundred strings or so).
# Each keeps its own case rule: an address needs capitalised words, a link does not.
_TOKENS = re.compile("|".join(f"(?{'i' if p.flags & re.I else ''}:{p.pattern})"
                              for p in (EMAIL, LINK, PHONE, STREET, _AGE, _GRAD)))
_PRONOUN = re.compile(r"\b(" + "|".join(sorted(_PRONOUNS, key=len, reverse=True)) + r")\b\.?", re.I)


def pseudonym(source: str) -> str:
    """``candidate-`` and 8 hex digits of the source's digest: stable, and names nothing."""
    return "candidate-" + hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def _literal_pattern(strings: Iterable[str], *, flags: int = re.I) -> re.Pattern[str] | None:
    # Longest first, so "Jordan Avery" goes before "Jordan"; whitespace may differ in quotes.
    parts = sorted({s.strip() for s in strings if s and len(s.strip()) >= 2}, key=len, reverse=True)
    if not parts:
        return None
    body = "|".join(r"\s+".join(map(re.escape, p.split())) for p in parts)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", flags)


def _name_parts(name: str | None) -> list[str]:
    """The full name and each part of it longer than an initial, in the cases people write.

    Parts are matched in Title and UPPER case only, so a candidate called Will or Hope
    does not turn every "will" and "hope" into a redaction.
    """
    if not name:
        return []
    words = [w.strip(".,'’") for w in name.split()]
    words = [w for w in words if len(w) >= 2]
    forms = {name, name.upper(), name.title()}
    for word in words:
        forms.update({word, word.upper(), word.title()})
    return sorted(forms)


def redactor_for(profile: Profile | None) -> Callable[[str], str]:
    """A function that blinds one string of this candidate's output."""
    contact = profile.contact if profile is not None else None
    name = _literal_pattern(_name_parts(contact.name if contact else None), flags=0)
    literals = _literal_pattern([
        *(contact.emails if contact else ()), *(contact.phones if contact else ()),
        *(contact.addresses if contact else ()), *(contact.links if contact else ()),
    ])  # fmt: skip
    years = sorted({str(e.year) for e in (profile.education if profile else ()) if e.year})
    grad_years = re.compile(r"(?<!\d)(?:" + "|".join(years) + r")(?!\d)") if years else None

    def redact(text: str) -> str:
        if not text:
            return text
        if literals is not None:
            text = literals.sub(REDACTED, text)
        text = _TOKENS.sub(REDACTED, text)
        if name is not None:
            text = name.sub(_NAME, text)
        if grad_years is not None:
            text = grad_years.sub(REDACTED, text)
        return _PRONOUN.sub(_neutral, text)

    return redact


def _neutral(match: re.Match[str]) -> str:
    word = match.group(1)
    neutral = _PRONOUNS[word.lower()]
    if word[0].isupper() and neutral:
        neutral = neutral[0].upper() + neutral[1:]
    return neutral


def blind_row(
    row: dict[str, Any], *, profile: Profile | None, keep: Iterable[str] = ("ad",)
) -> dict[str, Any]:
    """A copy of ``row`` with every string redacted and ``source`` replaced by a pseudonym.

    Keys in ``keep`` (the ad's path in a match row: the recruiter's own file) stay as they are.
    """
    redact = redactor_for(profile)
    kept = set(keep)
    source = row.get("source")
    if isinstance(source, str) and source:
        # Error messages and the like name the file; its name may be the candidate's.
        alias, named = pseudonym(source), redact
        redact = lambda text: named(text.replace(source, alias))  # noqa: E731
    out = {k: (v if k in kept else _walk(v, redact)) for k, v in row.items()}
    if isinstance(source, str):
        out["source"] = pseudonym(source)
    return out


def _walk(value: Any, redact: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {k: _walk(v, redact) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v, redact) for v in value]
    return value
