"""Precision of skills found by meaning on real resumes (``../shared/benchmark``).

    python benchmarks/meaning_precision.py [--benchmark DIR] [--sample 100] [--seed 1] [--write FILE]
                                           [--reader-only] [--deep] [--resumes N]
    python benchmarks/meaning_precision.py --check benchmarks/meaning_check_s1.csv

A *meaning-only hit* is a clause the meaning recogniser (``matcher_skill_meaning``) reads as a
skill the patterns found nowhere in that resume: what a recruiter sees as "met (by meaning)",
with the evidence "by meaning, 0.52 close to '…'". Every such hit of every readable resume
(``none_resumes/*.pdf`` and the development split's ``resumes/*.pdf``, all read by the whole
pipeline with reading by meaning on) is counted; the script prints, as markdown, hits per
resume, the skills hit most and the hits per score band, each split by who gave the hit: the
aligned examples, or the trained reader (``matcher.extract.skill_classifier``, a hit's
``MeaningHit.read``). A reader hit's score is its probability (0.8 or 0.9 and up), so it always
falls in the top band.

``--write FILE`` draws a random sample of ``--sample`` hits (``random.Random(--seed)``, over
the hits in a stable order) to a CSV with the columns document, skill, score, band, reader
(``y`` when the trained reader gave the hit, ``n`` when alignment did), clause (only the
clause, not its sentence), example (the skill's example it was closest to), ``correct``
(empty: a person writes ``y`` when a recruiter would agree the clause states the skill,
``n`` when not) and comment. ``--check FILE`` reads a checked CSV back and prints
precision overall and per score band, with 95% Wilson intervals, and by who gave the hit
when the file has the reader column (files written before it have none); it needs no
benchmark. ``--reader-only`` samples only the trained reader's hits.

``--deep`` reads in depth (``MATCHER_MEANING=deep``); ``--resumes N`` reads only N resumes,
drawn with ``--seed``, as reading in depth costs about a second each.

The committed checks: ``meaning_check_s1.csv`` (``--seed 1``, drawn and checked before the
fixes of taxonomy 2026.12.8), ``meaning_check_s2.csv`` (``--seed 2``, drawn and checked
after them), ``meaning_check_s3.csv`` (``--deep --resumes 100 --seed 3 --sample 50``), and the
trained reader's hits alone: ``meaning_check_s4.csv`` (``--reader-only --seed 4 --sample 50``)
and ``meaning_check_s5.csv`` (``--reader-only --deep --resumes 60 --seed 5 --sample 30``), both
before the reader's second bank of sentences, and ``meaning_check_s6.csv`` (``--reader-only
--seed 6 --sample 60``) after it; ``meaning_check_s7.csv`` (``--seed 7 --sample 80``), every
meaning-only hit once alignment names a skill from 0.60, and ``meaning_check_s8.csv``
(``--folder resumes --seed 8 --sample 1000``), all such hits on the 25 development resumes;
``meaning_check_s9.csv`` (``--reader-only --seed 9 --sample 80``), after the reader's retraining;
``meaning_check_s10.csv`` (``--reader-only --seed 10 --sample 80``), the new reader (none prior 0.8).
``meaning_check_s11.csv`` (``--reader-only --seed 11 --sample 80``), the reader retrained on ten authors.

Skips (exit 0) when the benchmark folder is absent.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stats import precision_table, read_judged, write_sample  # noqa: E402 - a sibling script's module

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "benchmark"
FIELDS = ("document", "skill", "score", "band", "reader", "clause", "example", "correct", "comment")
KINDS = {"alignment": "n", "reader": "y"}
"""Who gave a hit, by the ``reader`` column: the aligned examples, or the trained reader."""
BANDS = (0.41, 0.45, 0.50, 0.60)
"""Lower edges of the score bands: the first was the alignment's threshold when the checks
``_s1`` to ``_s6`` were drawn; at the shipped 0.60 every hit falls in the last band."""


def band(score: float) -> str:
    """The score band a hit falls in, as "0.45-0.50" (or "0.60+"); under the first edge "<0.41"."""
    if score < BANDS[0]:
        return f"<{BANDS[0]:.2f}"
    for low, high in zip(BANDS, BANDS[1:], strict=False):
        if score < high:
            return f"{low:.2f}-{high:.2f}"
    return f"{BANDS[-1]:.2f}+"


def _resumes(benchmark: Path) -> list[Path]:
    paths = sorted((benchmark / "none_resumes").glob("*.pdf"))
    with open(benchmark / "resumes.csv", newline="", encoding="utf-8") as handle:
        paths += [benchmark / row["file"] for row in csv.DictReader(handle)]
    return paths


def meaning_hits(paths: list[Path], *, depth: str = "1") -> tuple[list[dict], int, int]:
    """(every meaning-only hit as a row of ``FIELDS``, resumes read, resumes unreadable);
    ``depth`` is ``MATCHER_MEANING`` ("1", or "deep" to read with MiniLM too)."""
    os.environ["MATCHER_MEANING"] = depth
    from matcher.errors import UnreadableDocument
    from matcher.extract.components import HITS_KEY
    from matcher.extract.nlp import get_nlp
    from matcher.extract.profile import _prepare, profile_from_doc
    from matcher.readers import read_document
    from matcher.taxonomy.load import load_taxonomy

    taxonomy = load_taxonomy()
    nlp = get_nlp(taxonomy)
    rows: list[dict] = []
    read = unreadable = 0
    for path in paths:
        try:
            document, kind = _prepare(read_document(path, kind_hint="resume"), "resume")
        except UnreadableDocument:
            unreadable += 1
            continue
        read += 1
        doc = nlp(document.text)
        profile = profile_from_doc(document, doc, kind=kind, nlp=nlp, taxonomy=taxonomy)
        by_place = {(h.skill, h.start, h.end): h for h in doc.user_data.get(HITS_KEY, ()) if h.found}
        for mention in profile.skills:
            if mention.recogniser != "meaning":
                continue
            for evidence in mention.evidence:
                hit = by_place.get((mention.id, evidence.start, evidence.end))
                if hit is None:
                    continue
                rows.append({"document": f"{path.parent.name}/{path.name}", "skill": mention.id,
                             "score": f"{hit.score:.3f}", "band": band(hit.score),
                             "reader": "y" if hit.read else "n",
                             "clause": evidence.text, "example": hit.example, "correct": "", "comment": ""})
    return rows, read, unreadable


def summary(rows: list[dict], read: int) -> None:
    documents = Counter(r["document"] for r in rows)
    print(f"## Meaning-only hits on {read} real resumes\n")
    print(f"- hits: {len(rows)}; resumes with any: {len(documents)} of {read}; "
          f"per resume: mean {len(rows) / max(read, 1):.2f}, "
          f"max {max(documents.values(), default=0)}")
    per = Counter(documents.get(d, 0) for d in documents)
    print(f"- resumes by hits: 0: {read - len(documents)}, "
          + ", ".join(f"{k}: {per[k]}" for k in sorted(per)))
    for kind, flag in KINDS.items():
        mine = Counter(r["document"] for r in rows if r["reader"] == flag)
        print(f"- by {kind}: {sum(mine.values())} hits; resumes with any: {len(mine)} of {read}; "
              f"per resume: mean {sum(mine.values()) / max(read, 1):.2f}, max {max(mine.values(), default=0)}")
    print("\n| score band | hits | by alignment | by reader |\n| --- | ---: | ---: | ---: |")
    for name, count in sorted(Counter(r["band"] for r in rows).items()):
        split = " | ".join(str(sum(r["band"] == name and r["reader"] == f for r in rows)) for f in KINDS.values())
        print(f"| {name} | {count} | {split} |")
    print("\n| skill | hits | by reader | resumes |\n| --- | ---: | ---: | ---: |")
    skills = Counter(r["skill"] for r in rows)
    for skill, count in skills.most_common():
        mine = [r for r in rows if r["skill"] == skill]
        print(f"| {skill} | {count} | {sum(r['reader'] == 'y' for r in mine)} | {len({r['document'] for r in mine})} |")


def _kind(flag: str | None) -> str:
    return next((kind for kind, f in KINDS.items() if f == flag), "")


def check(path: Path) -> int:
    """Print precision overall and per band of a checked sample; 1 when nothing is checked."""
    rows, judged = read_judged(path)
    if not judged:
        print(f"{path}: no row has a verdict (y or n) in the correct column", file=sys.stderr)
        return 1
    print(f"## Precision of meaning-only hits, {path.name} ({len(judged)} of {len(rows)} checked)\n")
    groups = sorted({r["band"] for r, _ in judged})
    if any(r.get("reader") for r, _ in judged):  # files written before the column have no split
        groups += [f"by {kind}" for kind, flag in KINDS.items() if any(r.get("reader") == flag for r, _ in judged)]
    print(precision_table(judged, [*groups, "all"], first="score band",
                          member=lambda name, r: name in ("all", r["band"]) or name == f"by {_kind(r.get('reader'))}"))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--benchmark", type=Path, default=DEFAULT)
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--write", type=Path, default=None, help="write the sample to this CSV")
    parser.add_argument("--reader-only", action="store_true",
                        help="--write samples only the trained reader's hits")
    parser.add_argument("--check", type=Path, default=None, help="print precision of a checked CSV")
    parser.add_argument("--deep", action="store_true",
                        help="read in depth (MATCHER_MEANING=deep: static and MiniLM scores averaged)")
    parser.add_argument("--folder", choices=("resumes", "none_resumes"), default=None,
                        help="read only the account resumes (resumes/, labelled with a rung) or only "
                             "those of other occupations (none_resumes/); default both")
    parser.add_argument("--resumes", type=int, default=None,
                        help="read only this many resumes, drawn with --seed (reading in depth costs ~1 s each)")
    args = parser.parse_args(argv)
    if args.check is not None:
        return check(args.check)
    if not (args.benchmark / "none_resumes").is_dir():
        print(f"skipped: {args.benchmark} is absent")
        return 0
    began = time.perf_counter()
    paths = _resumes(args.benchmark)
    if args.folder is not None:
        paths = [p for p in paths if p.parent.name == args.folder]
    if args.resumes is not None:
        paths = sorted(random.Random(args.seed).sample(paths, min(args.resumes, len(paths))))
    rows, read, unreadable = meaning_hits(paths, depth="deep" if args.deep else "1")
    summary(rows, read)
    print(f"\n{read} resumes read, {unreadable} unreadable, in {time.perf_counter() - began:.0f} s")
    if args.write is not None:
        chosen = [r for r in rows if r["reader"] == "y"] if args.reader_only else rows
        written = write_sample(chosen, args.write, FIELDS, size=args.sample, seed=args.seed,
                               order=lambda r: (r["document"], r["skill"], r["clause"]))
        print(f"wrote {written} of {len(chosen)} {'reader ' if args.reader_only else ''}hits to {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
