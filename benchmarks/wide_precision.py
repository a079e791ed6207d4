"""Precision of the skills read by wide patterns on real documents (``../shared/benchmark``).

    python benchmarks/wide_precision.py [--benchmark DIR] [--sample 150] [--seed 11] [--write FILE]
                                        [--skills ID,ID]
    python benchmarks/wide_precision.py --check benchmarks/wide_check_s11.csv

A *wide hit* is one piece of evidence a skill's ``wide_patterns`` read (``Evidence.wide``): it
counts for the profile, a job ad's must-haves and resume-to-ad matching, not for the rungs.
Every readable document of the benchmark is read by the normal pipeline (``build_profile``,
patterns only: reading by meaning is switched off): the resumes of other occupations
(``none_resumes/*.pdf``), the development resumes (``resumes/*.pdf``) and the ads of
``real_ads_dev.jsonl`` and ``postings.jsonl``. The script prints, as markdown, the documents
read, wide hits per document, the skills a document has only by wide patterns (no pattern of
that skill matched it anywhere) and the skills hit most, each for resumes and ads.

``--write FILE`` draws a random sample of ``--sample`` hits (``random.Random(--seed)``, over the
hits in a stable order) to a CSV with the columns document, kind (``resume`` or ``ad``), skill,
label, text (the matched words), sentence, ``correct`` (empty: a person writes ``y`` when a
recruiter reading the sentence would agree the person or the job states the skill, ``n`` when
not) and comment. The CSV does not say which pattern matched, so the check is blind to it.
``--skills`` samples only the hits of these skill ids (a second check after a change to some
skills). ``--check FILE`` reads a checked CSV back and prints precision with 95% Wilson
intervals, overall, by kind and by skill group (the sections of ``taxonomy/skills.yaml``); it
needs no benchmark.

The committed checks, each judged by a person who did not write the patterns and saw only the
skill, its label and note, and the sentence: ``wide_check_s11.csv`` (``--sample 150 --seed
11``, every skill, drawn before the administrative, billing, project and reporting skills were
widened) and ``wide_check_s12.csv`` (``--sample 60 --seed 12 --skills`` the 13 skills that
widening changed: administrative_support, budget_management, data_analysis, invoicing,
multitasking, office_software, order_processing, project_management, record_keeping, reporting,
time_management, trend_analysis, word_processing, each with its ``skl.`` prefix).

Skips (exit 0) when the benchmark folder is absent.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stats import precision_table, read_judged, write_sample  # noqa: E402 - a sibling script's module

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "benchmark"
FIELDS = ("document", "kind", "skill", "label", "text", "sentence", "correct", "comment")
KINDS = {"resume": "resume", "job_ad": "ad"}
"""The CSV's name for each document kind."""
ADS = ("real_ads_dev.jsonl", "postings.jsonl")
_SECTION = re.compile(r"^\s*# --- (.+?) -+\s*$")
_ID = re.compile(r"^\s*- id: (\S+)\s*$")


def skill_groups(path: Path | None = None) -> dict[str, str]:
    """Skill id -> the section of ``skills.yaml`` it stands in ("selling and growth")."""
    if path is None:
        from matcher.taxonomy.load import taxonomy_dir

        path = taxonomy_dir() / "skills.yaml"
    groups: dict[str, str] = {}
    section = "other"
    for line in path.read_text(encoding="utf-8").splitlines():
        if found := _SECTION.match(line):
            section = found.group(1)
        elif found := _ID.match(line):
            groups[found.group(1)] = section
    return groups


def _items(benchmark: Path) -> list:
    """The documents to read, as ``LabelledDocument``s: resume PDFs first, then the ads."""
    from matcher.scoring.evaluate import LabelledDocument, postings_documents

    items = [LabelledDocument(f"none_resumes/{p.name}", "resume", "none", path=p)
             for p in sorted((benchmark / "none_resumes").glob("*.pdf"))]
    table = benchmark / "resumes.csv"
    if table.is_file():
        with open(table, newline="", encoding="utf-8") as handle:
            items += [LabelledDocument(row["file"], "resume", row.get("label") or "", path=benchmark / row["file"])
                      for row in csv.DictReader(handle)]
    for name in ADS:
        if (benchmark / name).is_file():
            items += postings_documents(benchmark / name)
    return items


def wide_hits(items: list) -> tuple[list[dict], Counter, Counter, int]:
    """(every wide hit as a row of ``FIELDS``, documents read by kind, skills added only by wide
    patterns by kind, documents unreadable); patterns only, as ``MATCHER_MEANING=0``."""
    os.environ["MATCHER_MEANING"] = "0"
    from matcher.errors import UnreadableDocument
    from matcher.extract.profile import build_profile
    from matcher.scoring.evaluate import read_labelled

    rows: list[dict] = []
    read: Counter = Counter()
    only_wide: Counter = Counter()
    unreadable = 0
    for item in items:
        try:
            document = read_labelled(item)
        except UnreadableDocument:
            unreadable += 1
            continue
        kind = KINDS[item.kind]
        read[kind] += 1
        profile = build_profile(document, kind=item.kind, fallback="latest_year", file_dates=False)
        for mention in profile.skills:
            if mention.recogniser != "pattern":
                continue
            wide = [e for e in mention.evidence if e.wide]
            if wide and len(wide) == len(mention.evidence):
                only_wide[kind] += 1
            for evidence in wide:
                rows.append({"document": item.id, "kind": kind, "skill": mention.id, "label": mention.label,
                             "text": evidence.text, "sentence": " ".join(evidence.sentence.split()),
                             "correct": "", "comment": "", "only_wide": len(wide) == len(mention.evidence)})
    return rows, read, only_wide, unreadable


def summary(rows: list[dict], read: Counter, only_wide: Counter) -> None:
    print(f"## Wide-pattern hits on {sum(read.values())} real documents\n")
    print("| kind | documents | wide hits | per document | documents with any | max | "
          "skills only by wide patterns | per document |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for kind in [*KINDS.values(), "all"]:
        mine = [r for r in rows if kind in ("all", r["kind"])]
        n = sum(read.values()) if kind == "all" else read[kind]
        added = sum(only_wide.values()) if kind == "all" else only_wide[kind]
        documents = Counter(r["document"] for r in mine)
        print(f"| {kind} | {n} | {len(mine)} | {len(mine) / max(n, 1):.2f} | {len(documents)} | "
              f"{max(documents.values(), default=0)} | {added} | {added / max(n, 1):.2f} |")
    print("\n| skill | wide hits | in resumes | in ads | documents | only by wide |\n"
          "| --- | ---: | ---: | ---: | ---: | ---: |")
    for skill, count in Counter(r["skill"] for r in rows).most_common():
        mine = [r for r in rows if r["skill"] == skill]
        added = len({r["document"] for r in mine if r["only_wide"]})
        print(f"| {skill} | {count} | {sum(r['kind'] == 'resume' for r in mine)} | "
              f"{sum(r['kind'] == 'ad' for r in mine)} | {len({r['document'] for r in mine})} | {added} |")


def check(path: Path) -> int:
    """Print precision overall, by kind and by skill group of a checked sample; 1 when nothing is checked."""
    rows, judged = read_judged(path)
    if not judged:
        print(f"{path}: no row has a verdict (y or n) in the correct column", file=sys.stderr)
        return 1
    groups = skill_groups()
    print(f"## Precision of wide-pattern hits, {path.name} ({len(judged)} of {len(rows)} checked)\n")
    names = ["all", *(f"kind {k}" for k in KINDS.values() if any(r["kind"] == k for r, _ in judged)),
             *(f"group {g}" for g in sorted({groups.get(r["skill"], "other") for r, _ in judged}))]
    print(precision_table(judged, names, first="hits", member=lambda name, r: name in (
        "all", f"kind {r['kind']}", f"group {groups.get(r['skill'], 'other')}")))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--benchmark", type=Path, default=DEFAULT)
    parser.add_argument("--sample", type=int, default=150)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--write", type=Path, default=None, help="write the sample to this CSV")
    parser.add_argument("--skills", default=None, help="comma-separated skill ids: --write samples only their hits")
    parser.add_argument("--check", type=Path, default=None, help="print precision of a checked CSV")
    args = parser.parse_args(argv)
    if args.check is not None:
        return check(args.check)
    if not (args.benchmark / "none_resumes").is_dir():
        print(f"skipped: {args.benchmark} is absent")
        return 0
    began = time.perf_counter()
    rows, read, only_wide, unreadable = wide_hits(_items(args.benchmark))
    summary(rows, read, only_wide)
    print(f"\n{sum(read.values())} documents read ({read['resume']} resumes, {read['ad']} ads), "
          f"{unreadable} unreadable, in {time.perf_counter() - began:.0f} s")
    if args.write is not None:
        wanted = set(args.skills.split(",")) if args.skills else None
        chosen = [r for r in rows if wanted is None or r["skill"] in wanted]
        written = write_sample(chosen, args.write, FIELDS, size=args.sample, seed=args.seed,
                               order=lambda r: (r["document"], r["skill"], r["text"], r["sentence"]))
        print(f"wrote {written} of {len(chosen)} wide hits to {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
