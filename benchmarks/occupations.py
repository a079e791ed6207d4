"""Occupation coverage and accuracy on real titles (``../shared/benchmark``).

    python benchmarks/occupations.py [--benchmark DIR] [--no-pdfs] [--sample 100] [--seed 12]

Prints, as markdown:

- coverage: the share of ``real_ads_dev.jsonl`` titles, of ``none_resumes.csv`` headlines
  (the resume's first line as the source recorded it) and of the occupations the pipeline
  finds for ``none_resumes/*.pdf`` (``Profile.occupation``) that are an occupation, not
  unknown, with the methods and the relation counts;
- the hand-checked sample: the first ``--sample`` distinct mapped titles of the first two sets
  in the order of a hash keyed by ``--seed``, title → code and label; the verdicts a person wrote into
  ``benchmarks/occupation_check.csv`` (title, code, label, verdict, comment; verdict ``ok``,
  ``close`` or ``wrong``) give the accuracy. A title whose mapping changed since it was
  checked is listed as unchecked. ``--write-sample`` writes the sample to that CSV with empty
  verdicts, keeping the verdicts already given for unchanged mappings.

Skips (exit 0) when the benchmark folder is absent.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "benchmark"
CHECK = ROOT / "benchmarks" / "occupation_check.csv"
CHECK_FIELDS = ("title", "code", "label", "verdict", "comment")


def _titles(benchmark: Path) -> tuple[list[str], list[str]]:
    with open(benchmark / "real_ads_dev.jsonl", encoding="utf-8") as handle:
        ads = [json.loads(line)["title"] for line in handle if line.strip()]
    with open(benchmark / "none_resumes.csv", newline="", encoding="utf-8") as handle:
        headlines = [row["headline"] for row in csv.DictReader(handle)]
    return ads, headlines


def _pdf_occupations(benchmark: Path):  # noqa: ANN202
    from matcher.errors import UnreadableDocument
    from matcher.profile import build_profiles
    from matcher.readers import read_document

    documents = []
    for path in sorted((benchmark / "none_resumes").glob("*.pdf")):
        try:
            documents.append(read_document(path))
        except UnreadableDocument:
            documents.append(None)
    readable = [d for d in documents if d is not None]
    return [p.occupation for p in build_profiles(readable, kind="resume")], len(documents) - len(readable)


def _row(name: str, occupations: list) -> str:  # noqa: ANN001
    known = [o for o in occupations if o is not None and o.method != "unknown"]
    methods = Counter(o.method if o is not None else "none" for o in occupations)
    relations = Counter(o.relation if o is not None else "none" for o in occupations)
    share = len(known) / len(occupations) if occupations else 0.0
    return (f"| {name} | {len(occupations)} | {len(known)} ({share:.1%}) | "
            f"{', '.join(f'{k} {v}' for k, v in methods.most_common())} | "
            f"{', '.join(f'{k} {v}' for k, v in relations.most_common())} |")  # fmt: skip


def _read_checks() -> dict[str, dict[str, str]]:
    if not CHECK.is_file():
        return {}
    with open(CHECK, newline="", encoding="utf-8") as handle:
        return {row["title"]: row for row in csv.DictReader(handle)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--benchmark", type=Path, default=DEFAULT)
    parser.add_argument("--no-pdfs", action="store_true", help="skip the pipeline over none_resumes/*.pdf")
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--write-sample", action="store_true", help=f"write the sample to {CHECK.name}")
    args = parser.parse_args(argv)
    if not (args.benchmark / "real_ads_dev.jsonl").is_file():
        print(f"skipped: {args.benchmark} is absent")
        return 0
    from matcher.occupations import load_occupations, occupation_of

    started = time.perf_counter()
    load_occupations()
    loaded = time.perf_counter() - started
    ads, headlines = _titles(args.benchmark)
    started = time.perf_counter()
    ad_occ = [occupation_of(t) for t in ads]
    head_occ = [occupation_of(t) for t in headlines]
    lookups = time.perf_counter() - started
    print(f"index loaded in {loaded * 1000:.0f} ms; {len(ads) + len(headlines)} lookups in {lookups * 1000:.0f} ms\n")
    print("| set | items | mapped (not unknown) | methods | relations |")
    print("|---|---|---|---|---|")
    print(_row("real_ads_dev.jsonl titles", ad_occ))
    print(_row("none_resumes.csv headlines (first line)", head_occ))
    if not args.no_pdfs:
        pdf_occ, unreadable = _pdf_occupations(args.benchmark)
        print(_row(f"none_resumes/*.pdf, Profile.occupation ({unreadable} unreadable)", pdf_occ))

    mapped = sorted({t for t, o in zip([*ads, *headlines], [*ad_occ, *head_occ]) if o and o.method != "unknown"})
    # Ordered by a keyed hash, not drawn from the list: a title keeps its place in the order
    # when other titles become mapped or unmapped, so a checked sample stays checked.
    order = sorted(mapped, key=lambda t: hashlib.sha256(f"{args.seed}:{t}".encode()).hexdigest())
    sample = order[: args.sample]
    checks = _read_checks()
    verdicts: Counter[str] = Counter()
    rows = []
    print(f"\nSample of {len(sample)} distinct mapped titles (seed {args.seed}):\n")
    print("| title | occupation | method | verdict |")
    print("|---|---|---|---|")
    for title in sample:
        found = occupation_of(title)
        check = checks.get(title)
        verdict = check["verdict"] if check and check["code"] == found.code else ""
        verdicts[verdict or "unchecked"] += 1
        rows.append({"title": title, "code": found.code, "label": found.label, "verdict": verdict,
                     "comment": check["comment"] if check and verdict else ""})  # fmt: skip
        print(f"| {title} | {found.code} {found.label} | {found.method} {found.confidence:.2f} | {verdict or '?'} |")
    checked = verdicts["ok"] + verdicts["close"] + verdicts["wrong"]
    if checked:
        print(f"\nhand-checked {checked}: ok {verdicts['ok']}, close {verdicts['close']}, wrong {verdicts['wrong']};"
              f" accuracy (ok) {verdicts['ok'] / checked:.0%}, ok or close {(verdicts['ok'] + verdicts['close']) / checked:.0%}"
              f"; unchecked {verdicts['unchecked']}")  # fmt: skip
    if args.write_sample:
        with open(CHECK, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=CHECK_FIELDS)
            writer.writeheader()
            writer.writerows(rows)
        print(f"wrote {CHECK}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
