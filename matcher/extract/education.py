"""Degree mentions → ``Education`` (level, field, institution, year) and certifications.

Levels and fields come from the lexicon (``education_levels``, ``education_fields``). On a
resume, a degree is read with the lines around it inside its section (institution and year
often sit on the next line); in a job ad, each degree named is something asked for, and the
``required`` judge decides whether it is required, preferred or waived.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from matcher.extract.dates import years_in
from matcher.extract.lexicon import lexicon_matcher
from matcher.extract.reading import Reading
from matcher.extract.requirements import Judge
from matcher.types import Certification, Education

if TYPE_CHECKING:
    from spacy.language import Language



_INSTITUTION = re.compile(
    r"[^,|•\n–—]*\b(?:University|College|Institute|School|Academy|Polytechnic|Universit[ée]|Conservatory)\b"
    r"[^,|•\n–—(]*",
)
_EDUCATION_SECTIONS = ("education",)
_DEGREE_WORD = re.compile(r"\bdegree\b", re.I)
_GENERIC_CERT = re.compile(
    r"(?:\b[A-Z][\w&'-]*[^\S\n]+){0,2}\b(?:Certified|Certificate (?:in|of)|Certification (?:in|of)|Licensed)\s+[A-Z][^.;:\n•|]{2,70}"
    r"|\b[A-Z][\w&'-]*(?:[^\S\n]+[A-Z][\w&'-]*){0,5}[^\S\n]+(?:Certification|Certificate|License|Licence)\b",
)
_CERT_WORDS = ("Certifi", "Licens", "Licenc")
"""Every ``_GENERIC_CERT`` match holds one of these (the pattern is case-sensitive): a text
without any is not searched, which is most of them and saved ~3% of a text document's time."""
_CERT_SECTIONS = ("certifications",)
# Words around a certificate's name that say whether it is asked for, not what it is.
_CERT_CUES = re.compile(
    r"^(?:(?:must have|must hold|required|preferred|ideally|plus)\b[:\s]*)+|"
    r"[\s,(-]*\b(?:(?:is |are )?(?:strongly |highly )?(?:required|preferred|desired|a plus|a must|an advantage|"
    r"helpful|welcome))\b.*$",
    re.I,
)
_BULLET_TRIM = " \t•●○◦▪■–—-*·,;:"


def find_education(reading: Reading, *, nlp: Language, judge: Judge | None = None) -> list[Education]:
    """Every degree the document names; on a resume one entry per degree line."""
    text = reading.text
    levels = lexicon_matcher(nlp, reading.taxonomy, "education_levels")(reading.doc)
    fields = lexicon_matcher(nlp, reading.taxonomy, "education_fields")(reading.doc)
    ranks = {k: int((v or {}).get("rank", 0)) for k, v in (reading.taxonomy.lexicon.get("education_levels") or {}).items()}
    has_section = any(s.name in _EDUCATION_SECTIONS for s in reading.document.sections)
    found: list[Education] = []
    seen_lines: dict[tuple[int, int], int] = {}
    for span in levels:
        section = reading.section_at(span.start_char)
        if section not in _EDUCATION_SECTIONS and not _names_a_degree(span):
            continue
        if judge is None and has_section and section not in _EDUCATION_SECTIONS and section != "header":
            # A resume's summary saying "MBA candidates" is not a degree held.
            if section not in ("summary", "other", "certifications"):
                continue
        line = reading.line_bounds(span.start_char)
        context = _context(reading, line, span.start_char)
        field = _field_after(fields, span.end_char, context[1]) or _field_after(fields, context[0], context[1])
        evidence = reading.evidence(span.start_char, span.end_char)
        required = None
        if judge is not None:
            verdict = judge(evidence)
            if verdict is Ellipsis:
                continue
            required = verdict
        institution = None if judge is not None else _institution(text[context[0]:context[1]])
        years = years_in(text[context[0]:context[1]]) if judge is None else []
        entry = Education(
            level=span.label_, field=field, institution=institution,
            year=max(years) if years else None, evidence=evidence, required=required,
        )  # fmt: skip
        if line in seen_lines:
            # Two level words on one line ("B.A. (Bachelor of Arts)"): keep the higher.
            i = seen_lines[line]
            if ranks.get(entry.level, 0) > ranks.get(found[i].level, 0):
                found[i] = entry
            continue
        seen_lines[line] = len(found)
        found.append(entry)
    if judge is not None:
        found += _bare_degrees(reading, levels, fields, judge)
    return found


_BARE_LEVELS = frozenset(("master", "masters", "bachelor", "bachelors"))
_DEGREE_NEXT = frozenset(("in", "of", "degree", "degrees", "'s", "’s", "(", ","))


def _names_a_degree(span) -> bool:  # noqa: ANN001 - a spaCy Span
    """Whether a level word names a degree: a bare "master" or "bachelor" outside an education
    section must go on like one ("Master in…", "Bachelor of…", "Masters degree"), since
    "Master Calendar", "Scrum Master" and "master service agreement" are not degrees."""
    if span.text.lower() not in _BARE_LEVELS:
        return True
    following = span.doc[span.end].lower_ if span.end < len(span.doc) else ""
    return following in _DEGREE_NEXT


def _bare_degrees(reading: Reading, levels: list, fields: list, judge: Judge) -> list[Education]:
    """Ads often say just "degree" ("degree preferred", "degree not required"): a bachelor's."""
    out = []
    covered = [(s.start_char, s.end_char) for s in levels]
    for match in _DEGREE_WORD.finditer(reading.text):
        if any(a <= match.start() < b for a, b in covered):
            continue
        sentence = reading.sentence_bounds(match.start())
        if any(sentence[0] <= a < sentence[1] for a, _ in covered):
            continue
        evidence = reading.evidence(match.start(), match.end())
        verdict = judge(evidence)
        if verdict is Ellipsis:
            continue
        field = _field_after(fields, match.end(), sentence[1])
        out.append(Education("bachelor", field, None, None, evidence, verdict))
        covered.append((sentence[0], sentence[1]))
    return out


def _context(reading: Reading, line: tuple[int, int], offset: int) -> tuple[int, int]:
    """The degree's line and the next two lines of the same section (institution, year)."""
    text = reading.text
    end = line[1]
    section = reading.section_at(offset)
    for _ in range(2):
        nxt = text.find("\n", end + 1)
        candidate_end = len(text) if nxt < 0 else nxt
        if end + 1 >= len(text) or reading.section_at(end + 1) != section:
            break
        following = text[end + 1:candidate_end]
        if not following.strip() or _looks_like_degree(following):
            break
        end = candidate_end
    start = line[0]
    previous = text.rfind("\n", 0, max(0, start - 1)) + 1
    if start > 0 and reading.section_at(previous) == section and _INSTITUTION.search(text[previous:start]) \
            and not _INSTITUTION.search(text[start:end]):
        start = previous
    return start, end


def _looks_like_degree(line: str) -> bool:
    return bool(re.search(r"\b(?:Bachelor|Master|Associate|B\.?A\b|B\.?S\b|MBA|Ph\.?D|Diploma)", line))


def _field_after(fields: list, start: int, end: int) -> str | None:
    for span in fields:
        if start <= span.start_char < end:
            return span.label_
    return None


def _institution(block: str) -> str | None:
    match = _INSTITUTION.search(block)
    return match.group().strip(" ,-–—|") if match else None


def find_certifications(reading: Reading, *, judge: Judge | None = None) -> list[Certification]:
    """Taxonomy certifications (skills of type ``certification``) and other named ones."""
    taxonomy = reading.taxonomy
    found: list[Certification] = []
    covered: list[tuple[int, int]] = []
    seen: set[str] = set()
    for span in reading.doc.spans.get("skills", ()):
        skill = taxonomy.skills.get(span.label_)
        if skill is None or skill.type != "certification":
            continue
        evidence = reading.evidence(span.start_char, span.end_char)
        verdict = judge(evidence) if judge else None
        if verdict is Ellipsis:
            continue
        covered.append(reading.line_bounds(span.start_char))
        if skill.id in seen:
            continue
        seen.add(skill.id)
        found.append(Certification(skill.id, skill.label, evidence, verdict))
    text = reading.text
    candidates: list[tuple[int, int]] = []
    for section in reading.document.sections:
        if section.name in _CERT_SECTIONS:
            for start, end in reading.lines:
                if section.start <= start < section.end and start >= section.start + len(section.heading):
                    candidates.append((start, end))
    if any(word in text for word in _CERT_WORDS):
        for match in _GENERIC_CERT.finditer(text):
            candidates.append((match.start(), match.end()))
    for start, end in sorted(set(candidates)):
        if any(a <= start < b or start <= a < end for a, b in covered):
            continue
        raw = text[start:end]
        start += len(raw) - len(raw.lstrip(_BULLET_TRIM))
        label = text[start:end].strip(_BULLET_TRIM)
        label = re.sub(r"[\s,(–—-]*\b(?:19|20)\d\d\)?\s*$", "", label).strip(_BULLET_TRIM)
        cue = re.match(r"^(?:(?:must have|must hold|required|preferred|ideally)\b[:\s]*)+", label, re.I)
        if cue:
            start += len(text[start:end]) - len(text[start:end][cue.end():])
            label = label[cue.end():]
        label = _CERT_CUES.sub("", label).strip(_BULLET_TRIM)
        if len(label) < 4 or label.lower() in seen or label.endswith(":"):
            continue
        evidence = reading.evidence(start, start + len(label))
        verdict = judge(evidence) if judge else None
        if verdict is Ellipsis:
            continue
        seen.add(label.lower())
        covered.append((start, end))
        found.append(Certification(None, label, evidence, verdict))
    return found
