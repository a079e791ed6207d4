"""What a job ad asks for: required or preferred, waived by a negation, and minimum years;
and, with the same year counts, the experience a resume's summary claims (``stated_years``).

A mention's verdict comes from its sentence first, then its section:

- a negation just before it drops it ("no cold calling": not a skill asked for), and so
  does text about the employer rather than the applicant (the company, benefits and
  how-to-apply sections; "We collaborate with..." sentences that never address the reader;
  what the employer offers; application instructions; the ad's own title);
- "not required", "preferred", "a plus", "nice to have", "bonus", "ideally"... → preferred;
- "must", "required", "minimum", "essential"... → required;
- otherwise the section: requirements → required, preferred → preferred, else unstated.

When a sentence holds both kinds of cue, the one nearest the mention wins
("Salesforce required; HubSpot a plus").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import EllipsisType

from matcher.extract.lookahead import starting_with
from matcher.extract.numbers import number_words
from matcher.extract.reading import Reading
from matcher.types import Evidence

Verdict = bool | None | EllipsisType
Judge = Callable[[Evidence], Verdict]
"""Evidence → True (required), False (preferred), None (unstated), ``...`` (negated: drop)."""

# The cue patterns sit behind a look-ahead for their first letters (matcher.extract.lookahead):
# the judge searches every sentence that mentions a skill, once per skill.
_PREFERRED = starting_with(
    "abdghinopw",
    r"\b(?:preferred|preferably|prefer|a plus|plus\b|nice[- ]to[- ]have|bonus|ideally|ideal|desired|"
    r"desirable|advantageous|an advantage|helpful|beneficial|optional|not required|not necessary|"
    r"not needed|not essential|not a must|welcome[d]?|would be great|great to have|good to have)",
)
_REQUIRED = starting_with(
    "ademnpry",
    r"\b(?:must|required|requires?|requirement|mandatory|essential|minimum|at least|need to|needs to|"
    r"you have|you'll have|you will have|proven|demonstrated|necessary)\b",
)
_NEGATION = starting_with(
    "dinwz",
    r"\b(?:no|not|without|never|zero|nor|don't need|do not need|isn't|is not|won't|will not)"
    r"(?:\s+[\w-]+){0,2}\s*[\w-]*\s*$",
)
_WAIVED = re.compile(r"^\W{0,3}(?:is\s+|are\s+)?(?:not\s+(?:required|necessary|needed|essential|a must)|optional)", re.I)
_REQUIRED_SECTIONS = frozenset({"requirements"})
_PREFERRED_SECTIONS = frozenset({"preferred"})
# Text about the employer, its perks or how to apply describes the company, not the person
# it wants: "our collaborative culture", "training and development for you" (a benefit).
_DUTY_SECTIONS = frozenset({"responsibilities", "requirements", "preferred"})
_NOT_ASKED_SECTIONS = frozenset({"about_company", "benefits", "equal_opportunity", "how_to_apply"})
_COMPANY_VOICE = re.compile(r"^\W*(?:(?i:we|we're|we’re|we've|we’ve|our|us)\b|At (?!least\b)[A-Z<][\w<>]*)")
# What the employer gives ("we offer you the opportunity to build your business development
# toolbox", "access to mentoring") and how to apply ("your application must contain a CV
# ... leadership") mention skills without asking for them.
_OFFER = starting_with(
    "abegoptuwy",
    r"\b(?:we offer|we can offer|will be offered|offers? you|the position offers|the role offers|"
    r"(?:an?|the|great|perfect|unique|exciting|excellent) opportunity (?:to|for)|possibility (?:of|to)|you will get|"
    r"you'll get|perks?|benefits? include)\b",
)
_APPLICATION = starting_with(
    "acpty",
    r"\b(?:your application|the application|applications? (?:must|should)|to apply|cover letter|"
    r"curriculum vitae|attached files?|attach|publication list|the file must)\b",
)
_ABOUT_APPLICANT = starting_with(
    "acehilnprsy",
    r"\b(?:you|your|you'll|you’ll|candidates?|applicants?|someone|individual|person|looking for|"
    r"seeking|hiring|need|require|expect)\b",
)


def make_judge(reading: Reading, *, headline: tuple[int, int] | None = None) -> Judge:
    """The verdict function for mentions in this ad; ``headline`` is the span of its title."""
    has_duties = any(s.name in _DUTY_SECTIONS for s in reading.document.sections)

    def judge(evidence: Evidence) -> Verdict:
        s, e = reading.sentence_bounds(evidence.start)
        text = reading.text
        before = text[max(s, evidence.start - 40):evidence.start]
        after = text[evidence.end:min(e, evidence.end + 40)]
        if evidence.section in _NOT_ASKED_SECTIONS:
            return ...
        sentence = text[s:e]
        if _COMPANY_VOICE.match(sentence) and not _ABOUT_APPLICANT.search(sentence):
            return ...
        if evidence.section == "header" and has_duties and not _ABOUT_APPLICANT.search(sentence):
            return ...  # the opening of an ad with duty/requirement sections: company and pitch
        if _OFFER.search(sentence) or _APPLICATION.search(sentence):
            return ...
        if headline is not None and headline[0] <= evidence.start < headline[1]:
            return ...  # the ad's own title names the job, not a skill asked for
        if re.search(r"\b(?:our|we)\s*$", before, re.I):
            return ...  # "our mentor", "our reporting": the company's, not a skill asked for
        if _WAIVED.search(after):
            return False
        if _NEGATION.search(before) and not re.search(r"\b(?:not only|no less than|no later)\b", before, re.I):
            return ...
        cue = _cue(sentence, evidence.start - s, evidence.end - s)
        return cue if cue is not None else _section(evidence.section)

    return judge


def _cue(sentence: str, start: int, end: int) -> bool | None:
    best: tuple[int, bool] | None = None
    for pattern, verdict in ((_PREFERRED, False), (_REQUIRED, True)):
        for match in pattern.finditer(sentence):
            distance = start - match.end() if match.end() <= start else match.start() - end
            distance = abs(distance)
            if best is None or distance < best[0]:
                best = (distance, verdict)
    return None if best is None else best[1]


def _section(section: str) -> bool | None:
    if section in _REQUIRED_SECTIONS:
        return True
    if section in _PREFERRED_SECTIONS:
        return False
    return None


# --- minimum years -------------------------------------------------------------------------

_CARDINALS = number_words(1, 10)
# Before "year" an article is a count ("a year of experience"), so only here "a" is 1
# (matcher.extract.numbers says why the signals do not read it). The article counts only
# as a whole word right before a singular "year" that goes on to say what of ("a year of
# experience", "a year in B2B sales"), so "a year-end review" and "a few years" are not counts.
_WORDS = {**_CARDINALS, "a": 1}
_ARTICLE = r"\ba(?=\s+year\s+(?:of|in|as|with|selling|working)\b)"
_N = r"(\d{1,2}(?:\.\d)?|" + "|".join(_CARDINALS) + "|" + _ARTICLE + ")"
_YEARS = starting_with(  # the look-ahead skips the positions no count can start at
    "(maotfsen",
    rf"(?:(?P<min>minimum|at least|min\.?)\s+(?:of\s+)?)?(?:\(?{_N}\)?\s*(?:\+|plus)?"
    rf"(?:\s*(?:-|–|—|to|or)\s*{_N}\s*\+?)?)\s*(?:full[- ]time\s+)?(?:years?|yrs?)\b(?P<tail>[^.;\n]{{0,80}})",
    digits=True,
)
_EXPERIENCE = starting_with(
    "beistw", r"\b(?:experience|background|track record|working|work|in (?:a |an )?\w+|selling|sales)\b"
)
_NO_EXPERIENCE = starting_with(
    "enw",
    r"\b(?:no (?:prior |previous |sales |industry )?experience (?:is )?(?:necessary|needed|required)|"
    r"experience (?:is )?not (?:necessary|required|needed)|entry[- ]level|will train|we will train)\b",
)


def min_years(reading: Reading, judge: Judge) -> float | None:
    """The experience an ad asks for: the largest lower bound among required (or unstated)
    year counts ("3+ years", "minimum of two years", "2-4 years" → 2); 0 when the ad waives
    experience ("no experience necessary") and asks none; the lowest preferred count when
    that is all it gives; None when it says nothing."""
    text = reading.text
    asked: list[float] = []
    preferred: list[float] = []
    for match in _YEARS.finditer(text):
        s, e = reading.sentence_bounds(match.start())
        sentence = text[s:e]
        tail = match.group("tail")
        if not (_EXPERIENCE.search(tail) or _EXPERIENCE.search(text[s:match.start()])):
            continue
        if re.search(r"\b(?:old|of age|age)\b", tail[:12], re.I):
            continue  # "18 years of age"
        if re.search(r"\b(?:founded|since|history|in business|company|we've been|we have been)\b", sentence, re.I) \
                and not re.search(r"\bexperience\b", sentence, re.I):
            continue
        low = _number(match.group(2))
        if low is None or low > 20:
            continue
        evidence = reading.evidence(match.start(), match.end())
        verdict = judge(evidence)
        if verdict is Ellipsis:
            continue
        (preferred if verdict is False else asked).append(low)
    if asked:
        return max(asked)
    if _NO_EXPERIENCE.search(text):
        return 0.0
    if preferred:
        # Only a preferred count ("2-4 years preferred"): the lowest one is what the ad
        # would settle for.
        return min(preferred)
    return None


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    text = text.lower()
    if text in _WORDS:
        return float(_WORDS[text])
    try:
        return float(text)
    except ValueError:
        return None


# --- years a resume states -----------------------------------------------------------------

_SUMMARY_SECTIONS = ("summary", "header")
_OVER = re.compile(r"\b(?:over|more than|at least)\s*$", re.I)
"""Words before a count that make it a floor: "over 10 years"."""


def stated_years(reading: Reading) -> tuple[float, bool] | None:
    """The years of experience a resume's summary (or its top, before the first heading)
    claims: ``(8.0, True)`` for "8+ years of experience" or "over 8 years in account
    management", ``(8.0, False)`` for "eight years in client services"; None when it claims
    none. The first claim counts: it is the one about the whole career."""
    text = reading.text
    for start, end in reading.sections_named(*_SUMMARY_SECTIONS):
        for match in _YEARS.finditer(text, start, end):
            tail = match.group("tail")
            if not _EXPERIENCE.search(tail) or re.search(r"\b(?:old|of age|age)\b", tail[:12], re.I):
                continue
            low = _number(match.group(2))
            if low is None or not 0 < low <= 50:
                continue
            between = text[match.end(2):match.start("tail")].lower()
            before = text[max(start, match.start() - 16):match.start()]
            # "8+", "8 plus", "minimum of 8", "over 8" and a range "8-10" all say at least 8.
            floor = "+" in between or "plus" in between or match.group("min") or match.group(3)
            return low, bool(floor or _OVER.search(before))
    return None
