"""A document → ``resume`` or ``job_ad``, from the cues each kind leaves.

A job ad addresses a reader ("you will", "we are", "apply", "equal opportunity") and has
responsibilities, requirements and benefits sections; a resume has dated positions, an
education section and a contact block, and its bullets drop the first person.
"""

from __future__ import annotations

import re

from matcher.extract.dates import RANGE
from matcher.extract.lookahead import starting_with
from matcher.types import Document, Kind

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
_RESUME_SECTIONS = frozenset({"experience", "education", "certifications", "contact", "awards", "projects",
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
    from matcher.sections import find_sections

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
