"""``doc.spans["skills"]`` → one ``SkillMention`` per taxonomy skill, every place it is seen."""

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
    return mentions


def _combine(flags: list[bool | None]) -> bool | None:
    """A skill asked for as required anywhere is required; else preferred if stated so."""
    if True in flags:
        return True
    if False in flags:
        return False
    return None
