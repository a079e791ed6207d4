"""Skill spans → one ``SkillMention`` per taxonomy skill, every place it is seen.

A skill the patterns found (``doc.spans["skills"]``) is a ``pattern`` mention with only its
pattern evidence. In a resume, a skill only the meaning recogniser found
(``matcher_skill_meaning``) is a ``meaning`` mention: its evidence is each close clause, its
``score`` the best clause's and ``example`` the skill example that clause came closest to.
Clauses close but below ``matcher.extract.meaning.THRESHOLD`` (``DEEP_THRESHOLD`` when read in
depth) become ``near_mentions``.

Meaning is read in resumes only, and only in the parts that describe work (not contact,
education, certification, interest or reference sections). Job ads keep to the patterns: an
ad's requirements are what the recruiter wrote, and on job-posting text the recogniser's
hits are mostly boilerplate ("work with customers on new products"; see the README).
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from matcher.extract.reading import Reading
from matcher.extract.requirements import Judge
from matcher.types import Evidence, SkillMention

if TYPE_CHECKING:
    from spacy.language import Language

    from matcher.taxonomy.types import Taxonomy


def skill_mentions(
    reading: Reading,
    *,
    blocks: Sequence[tuple[int, int, int]] = (),
    recency: Sequence[int] = (),
    judge: Judge | None = None,
    by_meaning: bool = False,
) -> list[SkillMention]:
    """Group skill spans by skill id, in order of first mention.

    ``blocks`` are (start, end, position index) of dated positions; ``recency`` ranks
    position indexes most recent first, so a mention is credited to the most recent position
    whose block holds it. ``judge`` (job ads) marks each mention required or preferred and
    drops negated ones; certifications are left to ``find_certifications``. ``by_meaning``
    (resumes) adds the skills only the meaning recogniser found.
    """
    taxonomy = reading.taxonomy
    starts = [b[0] for b in blocks]
    rank = {index: r for r, index in enumerate(recency)}
    grouped: dict[str, list[Evidence]] = {}
    positions: dict[str, int | None] = {}
    flags: dict[str, list[bool | None]] = {}
    patterned: set[str] = set()
    # Pattern spans first, then wide ones: a skill its patterns found is placed by them alone,
    # as the role-fit features read it; wide matches place only a skill they alone found.
    from matcher.extract.components import is_wide

    for span in sorted(reading.doc.spans.get("skills", ()), key=is_wide):
        by_wide = is_wide(span)
        evidence = reading.evidence(span.start_char, span.end_char)
        skill_id = span.label_
        skill = taxonomy.skills.get(skill_id)
        if skill is None or skill.type == "certification":
            continue
        flag = judge(evidence) if judge is not None else None
        if flag is Ellipsis:
            continue
        if by_wide:
            evidence = dataclasses.replace(evidence, wide=True)
        grouped.setdefault(skill_id, []).append(evidence)
        flags.setdefault(skill_id, []).append(flag)
        if not by_wide:
            patterned.add(skill_id)
        elif skill_id in patterned:
            continue
        i = bisect.bisect_right(starts, span.start_char) - 1
        if i >= 0 and span.start_char < blocks[i][1]:
            index = blocks[i][2]
            current = positions.get(skill_id)
            if current is None or rank.get(index, 1 << 30) < rank.get(current, 1 << 30):
                positions[skill_id] = index
    mentions = []
    for skill_id, evidence in grouped.items():
        skill = taxonomy.skills.get(skill_id)
        if skill is None:
            continue
        mentions.append(SkillMention(
            id=skill_id, label=skill.label, type=skill.type, evidence=tuple(evidence),
            position=positions.get(skill_id), required=_combine(flags[skill_id]) if judge else None,
        ))  # fmt: skip
    if not by_meaning:
        return mentions
    strong, _ = _meaning(reading, set(grouped), place=lambda at: _place(blocks, starts, rank, at))
    return mentions + strong


def near_mentions(reading: Reading, found: Sequence[SkillMention]) -> list[SkillMention]:
    """Skills with a clause close to one of their examples, but not close enough to be found."""
    _, weak = _meaning(reading, {m.id for m in found}, place=lambda at: None)
    return weak


def _place(blocks: Sequence[tuple[int, int, int]], starts: list[int], rank: dict[int, int], at: int) -> tuple[int, int] | None:
    i = bisect.bisect_right(starts, at) - 1
    if i >= 0 and at < blocks[i][1]:
        return rank.get(blocks[i][2], 1 << 30), blocks[i][2]
    return None


_NOT_DUTIES = frozenset({"contact", "education", "certifications", "languages", "interests", "references"})
"""Resume sections whose clauses are never read for skills by meaning."""


def _meaning(reading: Reading, found: set[str], *,
             place) -> tuple[list[SkillMention], list[SkillMention]]:  # noqa: ANN001
    """Mentions of the skills ``found`` lacks, from the meaning recogniser's hits: (at or over
    the threshold, close but under it)."""
    from matcher.extract.components import HITS_KEY

    taxonomy = reading.taxonomy
    by_skill: dict[str, list] = {}
    for hit in reading.doc.user_data.get(HITS_KEY, ()) or ():
        if hit.skill not in found and reading.section_at(hit.start) not in _NOT_DUTIES:
            by_skill.setdefault(hit.skill, []).append(hit)
    strong, weak = [], []
    for skill_id, hits in by_skill.items():
        skill = taxonomy.skills.get(skill_id)
        if skill is None:
            continue
        over = [h for h in hits if h.found]
        chosen = over or hits
        evidence, best, where = [], None, None
        for hit in chosen:
            evidence.append(reading.evidence(hit.start, hit.end))
            if best is None or hit.score > best.score:
                best = hit
            spot = place(hit.start)
            if spot is not None and (where is None or spot < where):
                where = spot
        if best is None:
            continue
        mention = SkillMention(
            id=skill_id, label=skill.label, type=skill.type, evidence=tuple(evidence),
            position=where[1] if where else None, recogniser="meaning", score=best.score, example=best.example,
            reader=best.read,
        )  # fmt: skip
        (strong if over else weak).append(mention)
    return strong, weak


def _combine(flags: list[bool | None]) -> bool | None:
    """A skill asked for as required anywhere is required; else preferred if stated so."""
    if True in flags:
        return True
    if False in flags:
        return False
    return None


@dataclass(frozen=True, slots=True)
class SkillInText:
    """A skill one piece of text states, or comes close to: ``recogniser`` is ``"pattern"``,
    ``"wide pattern"`` (one of the skill's ``wide_patterns``) or ``"meaning"``; ``status`` is ``"met"`` (a
    pattern, the trained reader, or an alignment from ``THRESHOLD`` up) or ``"close"`` (an
    alignment from ``WEAK``: a must-have it would be is "partly met"). ``words`` are the text's own words;
    ``score`` and ``example`` (the skill example they came closest to) are None for a pattern."""

    id: str
    label: str
    type: str
    recogniser: str
    status: str
    words: str
    score: float | None = None
    example: str | None = None
    reader: bool = False
    """Found by the trained reader (``score`` is then its probability), not by alignment."""


def skills_in_texts(texts: Iterable[str], nlp: Language, taxonomy: Taxonomy, *, depth: str | None = "static",
                    close: bool = False) -> Iterator[list[SkillInText]]:
    """The skills each of ``texts`` (sentences or bullets, not whole documents) states, one
    list per text in order: the patterns' first, then those found only by meaning (``depth``
    "static" or "deep", as ``MATCHER_MEANING``; None for patterns only), then with ``close``
    the skills a clause is close to without stating.

    Unlike a document, a text is not checked for being a resume or an ad, and no section is
    passed over: this is how one bullet reads, the same reading ``benchmarks/paraphrases.py``
    measures."""
    from matcher.extract.components import is_wide
    from matcher.extract.meaning import WEAK

    skills = taxonomy.skills
    meaning = nlp.get_pipe("matcher_skill_meaning") if depth and "matcher_skill_meaning" in nlp.component_names \
        else None
    for doc in nlp.pipe(texts):
        out: list[SkillInText] = []
        seen: set[str] = set()
        for span in doc.spans.get("skills", ()):
            skill = skills.get(span.label_)
            if skill is None or span.label_ in seen:
                continue
            seen.add(span.label_)
            out.append(SkillInText(skill.id, skill.label, skill.type,
                                   "wide pattern" if is_wide(span) else "pattern", "met", span.text))
        if meaning is not None:
            best: dict[str, object] = {}
            for hit in meaning.hits(doc, floor=WEAK, scorer="deep" if depth == "deep" else "static"):
                if hit.skill not in seen and (hit.skill not in best or (hit.found, hit.score) >
                                              (best[hit.skill].found, best[hit.skill].score)):
                    best[hit.skill] = hit
            for hit in sorted(best.values(), key=lambda h: (not h.found, -h.score)):
                skill = skills.get(hit.skill)
                if skill is None or (not hit.found and not close):
                    continue
                status = "met" if hit.found else "close"
                out.append(SkillInText(skill.id, skill.label, skill.type, "meaning", status,
                                       doc.text[hit.start:hit.end], hit.score, hit.example, hit.read))
        yield out
