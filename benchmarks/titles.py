"""Title → rung accuracy on real LinkedIn titles (``../shared/benchmark/titles_levels.csv``).

Each row's ``label`` is the rung its wording names; a title resolves correctly when
``matcher.extract.titles.resolve_title`` gives that rung. Prints the accuracy and every miss.

    python benchmarks/titles.py [--csv PATH]

Skips (exit 0) when the benchmark folder is absent.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "benchmark" / "titles_levels.csv"


def evaluate(path: Path) -> tuple[int, int, list[tuple[str, str, str | None]]]:
    """(correct, total, misses as (title, label, predicted rung))."""
    from matcher.extract.nlp import get_nlp
    from matcher.extract.titles import resolve_title
    from matcher.taxonomy.load import load_taxonomy

    taxonomy = load_taxonomy()
    nlp = get_nlp(taxonomy)
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    misses = []
    for row in rows:
        match = resolve_title(row["title"], nlp=nlp, taxonomy=taxonomy)
        rung = match.rung if match else None
        if (rung or "none") != row["label"]:
            misses.append((row["title"], row["label"], rung))
    return len(rows) - len(misses), len(rows), misses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT)
    args = parser.parse_args(argv)
    if not args.csv.is_file():
        print(f"skipped: {args.csv} not found (the benchmark data sits beside the repository)")
        return 0
    began = time.perf_counter()
    correct, total, misses = evaluate(args.csv)
    elapsed = time.perf_counter() - began
    print(f"titles resolved to the rung their wording names: {correct}/{total} = {correct / total:.1%}"
          f" ({elapsed:.2f} s incl. pipeline build)")
    for title, label, rung in misses:
        print(f"  miss: {title!r}: expected {label}, got {rung}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
