"""Account documents whose account work the taxonomy's patterns miss once titles are masked.

    python benchmarks/pattern_gaps.py [--labels samples/labels.csv] [--max-skills 2] [--sentences]

The role-fit model reads only pattern-found skills, so an account document with a masked
title and few of them leans on the prior alone. For every account document (label not
``none``) of a labels CSV, read title-masked, this counts those with at most ``--max-skills``
pattern skills; for them it takes the sentences (lines split at ``. ; ! ?``, four words or
more) that hold no skill span and counts, per source document, which of the duty classes
below their wording falls in. ``--sentences`` prints the sentences too. The classes are a
reading aid for deciding which patterns to write, not a measure of the extractor: a class
still counted after a change may sit in a section the extractor does not read (an ad's
company blurb) or in words the patterns leave out on purpose.

Default data: the project's own ``samples/`` (never ``../shared/benchmark``).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CLASSES: dict[str, str] = {
    "portfolio or book stated as a number": (
        r"\b(manag\w*|own\w*|look after|responsible for( about)?|oversee\w*|serv\w*) "
        r"(about |roughly |some )?\d[\d,]*\+? [\w-]+( [\w-]+)?( [\w-]+)? "
        r"(accounts|clients|customers|relationships|partners|advertisers|stores)"
        r"|\b(portfolio|book|base) of (about |roughly )?\d"
        r"|\b(grow|grew|build|keep|largest|my|the|own) (my |the |your |a |own )?book\b"
    ),
    "periodic reviews or meetings with clients": (
        r"\b(quarterly|annual|monthly|yearly|weekly) ([\w-]+ ){0,2}(reviews?|meetings|summits)\b"
        r"|\breviews with\b|executive reviews"
    ),
    "joint or annual account plans": r"joint business plan|annual plans?|plan the coming year",
    "renewals or renegotiation": r"\brenew(ed|s|ing)?\b|renegotiat|renewal review",
    "retention": r"\bretain(ed|s|ing)?\b|\bretention\b|kept \d+% of|keep (those|our|the) customers",
    "growing the book, portfolio or spend": (
        r"\bgr[eo]w\w* (revenue across |the |my |what they|their )?"
        r"(portfolio|book|spend|fees|account production|partner bookings)"
        r"|sold into existing|expand\w* from|expanded \d+"
    ),
    "day-to-day lead or main contact": (
        r"day[- ]to[- ]day|main contact|first contact|relationship owner|escalation point"
    ),
    "owning or managing the relationship": r"\b(own|manag\w*|lead) (our |the |those )?([\w-]+ )?relationships?\b",
    "supporting the account or sales team": r"\b(support|back up|help)\w* (our |the )?([\w-]+ )?(account|sales) team",
    "training or mentoring colleagues": r"\b(train\w*|mentor\w*|coach\w*|onboard\w*)\b.*\b(new|associate|junior|\[ROLE\])",
    "attainment against a goal or budget": r"% of (my )?([\w-]+ )?(goal|budget)|over plan",
    "insurance policy servicing": r"policy changes|endorsement|certificates|renewal submissions|loss runs",
    "PR and media work": r"press release|media lists?|pitch (reporters|national)|coverage",
    "territory": r"\bterritory\b",
}
_COMPILED = {name: re.compile(rx, re.IGNORECASE) for name, rx in CLASSES.items()}
_SENTENCE = re.compile(r"[^\n.;!?]+[.;!?]?")


@dataclass(slots=True)
class Gap:
    """One account document with few pattern skills: its skills and unmatched sentences."""

    id: str
    label: str
    skills: list[str]
    sentences: list[str] = field(default_factory=list)


def unmatched_sentences(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """The sentences of ``text`` (four words or more) that overlap none of ``spans``."""
    out = []
    for found in _SENTENCE.finditer(text):
        start, end = found.span()
        sentence = found.group().strip()
        if len(sentence.split()) < 4 or any(a < end and b > start for a, b in spans):
            continue
        out.append(sentence)
    return out


def gaps(labels: Path, max_skills: int = 2) -> tuple[int, list[Gap]]:
    """(account documents read, those with at most ``max_skills`` pattern skills)."""
    from matcher.pipeline import profile
    from matcher.scoring.evaluate import labelled_documents, read_labelled

    items = [item for item in labelled_documents(labels) if item.label != "none"]
    out = []
    for item in items:
        document = read_labelled(item, masked=True)
        found = [m for m in profile(document, kind=item.kind).skills if m.recogniser == "pattern"]
        if len(found) > max_skills:
            continue
        spans = [(e.start, e.end) for m in found for e in m.evidence]
        out.append(
            Gap(item.id, item.label, [m.id for m in found], unmatched_sentences(document.text, spans))
        )
    return len(items), out


def class_counts(found: list[Gap]) -> Counter:
    """Per class, the source documents (renderings of one source counted once) whose
    unmatched sentences hold its wording."""
    counts: Counter = Counter()
    seen = set()
    for gap in found:
        source = gap.id.rsplit(".", 1)[0]
        if source in seen:
            continue
        seen.add(source)
        text = "\n".join(gap.sentences)
        counts.update(name for name, rx in _COMPILED.items() if rx.search(text))
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=REPO / "samples" / "labels.csv")
    parser.add_argument("--max-skills", type=int, default=2)
    parser.add_argument("--sentences", action="store_true", help="print the unmatched sentences")
    args = parser.parse_args(argv)
    total, found = gaps(args.labels, args.max_skills)
    sources = {g.id.rsplit(".", 1)[0] for g in found}
    print(
        f"{len(found)} of {total} account documents have at most {args.max_skills} pattern "
        f"skills with titles masked ({len(sources)} sources)"
    )
    print("\n| duty class in their unmatched sentences | source documents |\n| --- | --- |")
    counts = class_counts(found)
    for name in CLASSES:
        print(f"| {name} | {counts[name]} |")
    if args.sentences:
        for gap in found:
            print(f"\n## {gap.id} ({gap.label}) {', '.join(gap.skills) or 'no pattern skill'}")
            for sentence in gap.sentences:
                print(f"    {sentence}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
