"""A document → ``resume`` or ``job_ad``, from the cues each kind leaves — or neither.

A job ad addresses a reader ("you will", "we are", "apply", "equal opportunity") and has
responsibilities, requirements and benefits sections; a resume has dated positions, an
education section and a contact block, and its bullets drop the first person.

``check_document`` refuses what cannot be judged as either (``UnreadableDocument``):

- ``too_short``: fewer than ``MIN_WORDS`` words. The shortest real documents in the
  development benchmark have 25 words (an ad in ``real_ads_dev``), 67 (``postings``), 97
  (a resume PDF); the project's shortest samples 27 (a four-line resume) and 37 (an ad).
  Twelve is under half of the shortest: two lines of a real resume clear it, "hello" or a
  file holding a name alone does not.
- ``not_a_resume_or_ad``: none of the signs either kind leaves (``document_signs``). One
  strong sign is enough (a dated range, contact details, a job-ad section, two resume
  section headings); weak signs (a job word, a job ad's phrase, a count of years of
  experience) count from two on: "you will" is in recipes too, "license" in READMEs. Measured on every development-benchmark document and every sample
  (``tests/test_extract_kind_check.py``): none lacks a sign.
"""

from __future__ import annotations

import re

from matcher.errors import UnreadableDocument
from matcher.extract.dates import RANGE
from matcher.extract.lookahead import starting_with
from matcher.types import Document, Kind

MIN_WORDS = 12
"""Fewer words than this are too little to judge (see the module doc for the measurement)."""
WEAK_SIGNS = 2
"""Distinct job words, job-ad phrases and years-of-experience counts that together make a sign."""
_EXPERIENCE_YEARS = re.compile(
    r"\b\d{1,2}\s*\+?\s*(?:-|to)?\s*\d{0,2}\s*\+?\s*(?:years?|yrs?)\b[^.;\n]{0,40}?"
    r"\b(?:experience|in|as|of)\b", re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]{2,}")
"""A word: two letters or more (so "a", "I", "5", "--" and bullets are not counted)."""
# Words of working life that resumes and ads use and recipes, stories, news and software
# READMEs rarely do. Words with an everyday second sense ("project", "license", "support")
# are left out: two distinct ones from this list are needed, never one.
_JOB_WORDS = re.compile(
    r"\b(?:experienced?|experiences|work(?:ed|ing|s|er|ers)?|jobs?|employ(?:ed|er|ers|ment|ee|ees)?|roles?|"
    r"positions?|careers?|skill(?:s|ed)?|teams?|responsib\w*|dut(?:y|ies)|manag(?:e|ed|er|ers|ing|ement)|"
    r"clients?|customers?|sales|company|companies|firm|hire[ds]?|hiring|salary|salaries|pay|wages?|"
    r"benefits|appl(?:y|icants?|ication)|candidates?|qualifi\w*|education|degree|resume|cv|professional|"
    r"staff|business|office|training|trained|recruit\w*|seeking|opportunit(?:y|ies)|vacanc(?:y|ies)|"
    r"shifts?|department|supervis\w*|contract|permanent|temporary|full[- ]time|part[- ]time|certifi\w*|"
    r"university|college|bachelor'?s?|diploma|intern(?:ship)?|assistant|coordinator|executive|officer|"
    r"accomplishments?|achievements?|objective|references|hours)\b",
    re.IGNORECASE,
)

_AD_PHRASES = starting_with(
    "ywojactespbriqfh4/",
    r"\b(?:you will|you'll|you’ll|we are|we're|we’re|our team|join (?:us|our)|apply|applicants?|"
    r"candidates?|the ideal|equal opportunity|eoe|job type|salary|compensation|per hour|/hr|"
    r"benefits include|what you'll|what we|who you are|responsibilities include|reports? to|"
    r"is seeking|are seeking|is looking for|are looking for|we offer|required|preferred|"
    r"qualifications|full[- ]time|part[- ]time|remote|hybrid|401\(?k\)?|pto)\b",
)
# Second person and pay: an ad talks to its reader and names the pay; a resume does neither.
_SECOND_PERSON = starting_with("y", r"\b(?:you|your|you'd|you’d|you're|you’re|yourself)\b")
_AD_TERMS = starting_with(
    "/phmlewd$",
    r"(?:/\s?(?:hour|hr)\b|\bper (?:hour|year|annum)\b|\bhourly\b|\$\d{2,3}k\b|\bmust (?:be|have)\b|"
    r"\blooking for an? \b|\bentry[- ]level\b|\bwe train\b|\b(?:experience|degree) (?:is )?(?:necessary|required|"
    r"preferred|helpful|a plus|welcome)\b|\bwelcome\b|\bhelpful\b)",
)
_PHONE = re.compile(r"\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}")
_RESUME_PHRASES = starting_with(
    "rcogim", r"\b(?:references available|curriculum vitae|resume|objective|gpa|i am|i have|my)\b"
)
_AD_SECTIONS = frozenset({"about_company", "about_role", "responsibilities", "requirements", "preferred",
                          "benefits", "how_to_apply", "equal_opportunity"})
_RESUME_SECTIONS = frozenset({"experience", "education", "certifications", "contact", "awards", "projects", "activities",
                              "languages", "volunteer", "interests", "references", "summary"})
_CUE_CHARS = 8000
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def detect_kind(document: Document) -> Kind:
    """``document.kind_hint`` when set, else the kind whose cues weigh more (resume on a tie)."""
    if document.kind_hint is not None:
        return document.kind_hint
    return "job_ad" if kind_score(document) > 0 else "resume"


def kind_score(document: Document) -> float:
    """Positive for a job ad, negative for a resume; each cue adds or subtracts."""
    # The first pages carry every cue; reading a 40-page file to the end adds nothing.
    text = document.text[:_CUE_CHARS]
    score = 0.0
    from matcher.extract.sections import find_sections

    ad_sections = {s.name for s in find_sections(text, kind="job_ad")} & _AD_SECTIONS
    resume_sections = {s.name for s in find_sections(text, kind="resume")} & _RESUME_SECTIONS
    score += 1.5 * len(ad_sections)
    score -= 1.5 * len(resume_sections - {"summary"})
    ad_hits = len(_AD_PHRASES.findall(text))
    score += min(ad_hits, 12) * 0.5
    score -= min(len(_RESUME_PHRASES.findall(text)), 6) * 0.5
    ranges = len(RANGE.findall(text))
    score -= min(ranges, 5) * 1.0
    score += min(len(_SECOND_PERSON.findall(text)), 4) * 0.5
    score += min(len(_AD_TERMS.findall(text)), 4) * 0.75
    head = text[:300]
    if _EMAIL.search(head):
        score -= 2.0
    elif not ranges and not _PHONE.search(head):
        score += 1.0  # no dated history and no contact line: not laid out like a resume
    if document.title:
        score += 1.0
    return score


# --- neither kind ----------------------------------------------------------------------


def count_words(document: Document, *, limit: int | None = None) -> int:
    """Words (two letters or more) in the document's text and the title it came with;
    counting stops at ``limit`` when one is given."""
    from itertools import chain, islice

    words = chain(_WORD.finditer(document.title or ""), _WORD.finditer(document.text))
    return sum(1 for _ in islice(words, limit))


def document_signs(document: Document) -> list[str]:
    """The signs of a resume or a job ad in ``document``, in plain words (empty: none)."""
    text = document.text[:_CUE_CHARS]  # the slice kind_score reads: its sections are cached
    return [sign for sign, test in _SIGNS if test(document, text)]


def _has_sign(document: Document) -> bool:
    """Whether ``document`` shows any sign; the test that most documents pass first (words
    about work pass 714 of the 716 texts in the samples and the benchmark postings)."""
    text = document.text[:_CUE_CHARS]
    return any(test(document, text) for _, test in _CHEAPEST_FIRST)


def _dated(document: Document, text: str) -> bool:
    return RANGE.search(text) is not None


def _contact(document: Document, text: str) -> bool:
    return _EMAIL.search(text) is not None or _PHONE.search(text) is not None


def _work_words(document: Document, text: str) -> bool:
    # Weak signs, each distinct word or phrase once: job words, a job ad's phrases ("apply",
    # "/hr", "a plus"...), and a count of years of experience ("2+ years in manufacturing").
    # A batch row's title column ("Care Assistant") says what the job is, so it counts too.
    titled = f"{document.title}\n{text}" if document.title else text
    weak: set[str] = set()
    for pattern in (_JOB_WORDS, _AD_PHRASES, _AD_TERMS, _EXPERIENCE_YEARS):
        for match in pattern.finditer(titled):
            weak.add("years of experience" if pattern is _EXPERIENCE_YEARS else match.group().lower())
            if len(weak) >= WEAK_SIGNS:
                return True
    return False


def _ad_section(document: Document, text: str) -> bool:
    from matcher.extract.sections import find_sections

    return bool({s.name for s in find_sections(text, kind="job_ad")} & _AD_SECTIONS)


def _resume_sections(document: Document, text: str) -> bool:
    from matcher.extract.sections import find_sections

    return len({s.name for s in find_sections(text, kind="resume")} & (_RESUME_SECTIONS - {"summary"})) >= 2


_SIGNS = (("a dated range", _dated), ("contact details", _contact), ("words about work", _work_words),
          ("a job-ad section", _ad_section), ("resume sections", _resume_sections))  # fmt: skip
_CHEAPEST_FIRST = (_SIGNS[2], _SIGNS[0], _SIGNS[1], _SIGNS[3], _SIGNS[4])


def check_document(document: Document) -> None:
    """Raise ``UnreadableDocument`` (``too_short``, ``not_a_resume_or_ad``) for a document
    that cannot be judged as a resume or a job ad (see the module doc)."""
    words = count_words(document, limit=MIN_WORDS)
    if words < MIN_WORDS:
        raise UnreadableDocument(
            document.source, f"too little text to judge: {words} word{'s' if words != 1 else ''}, "
            f"fewer than the {MIN_WORDS} a resume or job ad needs; check that this is the right "
            "file and that it was exported in full", reason="too_short",
        )
    if not _has_sign(document):
        raise UnreadableDocument(
            document.source, "neither a resume nor a job ad: no dated positions, contact details, "
            "resume or job-ad sections, or words about work; check that this is the right file",
            reason="not_a_resume_or_ad",
        )
