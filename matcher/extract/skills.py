"""Skill spans → one ``SkillMention`` per taxonomy skill, every place it is seen.

A skill the patterns found (``doc.spans["skills"]``) is a ``pattern`` mention with only its
pattern evidence. A skill only the meaning recogniser found (``matcher_skill_meaning``) is a
``meaning`` mention: its evidence is each close clause, its ``score`` the best clause's and
``example`` the skill example that clause came closest to. Clauses close but below
``matcher.meaning.THRESHOLD`` become ``near_mentions``.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from matcher.extract.reading import Reading
from matcher.extract.requirements import Judge
from matcher.types import Evidence, SkillMention


def skill_mentions(
    reading: Reading,
    *,
    blocks: Sequence[tuple[int, int, int]] = (),
    recency: Sequence[int] = (),
    judge: Judge | None = None,
) -> list[SkillMention]:
    """Group skill spans by skill id, in order of first mention.

    ``blocks`` are (start, end, position index) of dated positions; ``recency`` ranks
    position indexes most recent first, so a mention is credited to the most recent position
    whose block holds it. ``judge`` (job ads) marks each mention required or preferred and
    drops negated ones; certifications are left to ``find_certifications``.
    """
    taxonomy = reading.taxonomy
    starts = [b[0] for b in blocks]
    rank = {index: r for r, index in enumerate(recency)}
    grouped: dict[str, list[Evidence]] = {}
    positions: dict[str, int | None] = {}
    flags: dict[str, list[bool | None]] = {}
    for span in reading.doc.spans.get("skills", ()):
        evidence = reading.evidence(span.start_char, span.end_char)
        skill_id = span.label_
        skill = taxonomy.skills.get(skill_id)
        if skill is None or skill.type == "certification":
            continue
        flag = judge(evidence) if judge is not None else None
        if flag is Ellipsis:
            continue
        grouped.setdefault(skill_id, []).append(evidence)
        flags.setdefault(skill_id, []).append(flag)
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
    strong, _ = _meaning(reading, set(grouped), judge=judge, place=lambda at: _place(blocks, starts, rank, at))
    return mentions + strong


def near_mentions(reading: Reading, found: Sequence[SkillMention]) -> list[SkillMention]:
    """Skills with a clause close to one of their examples, but not close enough to be found."""
    _, weak = _meaning(reading, {m.id for m in found}, judge=None, place=lambda at: None)
    return weak


def _place(blocks: Sequence[tuple[int, int, int]], starts: list[int], rank: dict[int, int], at: int) -> tuple[int, int] | None:
    i = bisect.bisect_right(starts, at) - 1
    if i >= 0 and at < blocks[i][1]:
        return rank.get(blocks[i][2], 1 << 30), blocks[i][2]
    return None


def _meaning(reading: Reading, found: set[str], *, judge: Judge | None,
             place) -> tuple[list[SkillMention], list[SkillMention]]:  # noqa: ANN001
    """Mentions of the skills ``found`` lacks, from the meaning recogniser's hits: (at or over
    the threshold, close but under it)."""
    from matcher.components import HITS_KEY
    from matcher.meaning import THRESHOLD

    taxonomy = reading.taxonomy
    by_skill: dict[str, list] = {}
    for hit in reading.doc.user_data.get(HITS_KEY, ()) or ():
        if hit.skill not in found:
            by_skill.setdefault(hit.skill, []).append(hit)
    strong, weak = [], []
    for skill_id, hits in by_skill.items():
        skill = taxonomy.skills.get(skill_id)
        if skill is None:
            continue
        over = [h for h in hits if h.score >= THRESHOLD]
        chosen = over or hits
        evidence, flags, best, where = [], [], None, None
        for hit in chosen:
            ev = reading.evidence(hit.start, hit.end)
            flag = judge(ev) if judge is not None else None
            if flag is Ellipsis:
                continue
            evidence.append(ev)
            flags.append(flag)
            if best is None or hit.score > best.score:
                best = hit
            spot = place(hit.start)
            if spot is not None and (where is None or spot < where):
                where = spot
        if best is None:
            continue
        mention = SkillMention(
            id=skill_id, label=skill.label, type=skill.type, evidence=tuple(evidence),
            position=where[1] if where else None, required=_combine(flags) if judge else None,
            recogniser="meaning", score=best.score, example=best.example,
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
