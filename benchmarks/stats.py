"""Uncertainty of the benchmark figures: how far a share or a macro-F1 measured on a few hundred
(or a few dozen) documents may be from the same figure on documents like them."""

from __future__ import annotations

import csv
import math
import random
from collections.abc import Callable, Sequence
from pathlib import Path


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of a proportion ``k / n`` (95% by default)."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def bootstrap_macro_f1(items: Sequence, *, rounds: int = 2000, seed: int = 0) -> tuple[float, float]:
    """The 95% percentile-bootstrap interval of the macro-F1 of ``items`` (``ItemResult``s of
    ``matcher.scoring.evaluate``), documents resampled with replacement; seeded, so the table
    reads the same on every run."""
    from matcher.scoring.evaluate import summarise

    rng = random.Random(seed)
    values = sorted(summarise([items[rng.randrange(len(items))] for _ in items], mode="bootstrap",
                              model_version="").macro_f1
                    for _ in range(rounds))  # fmt: skip
    return values[int(0.025 * rounds)], values[int(0.975 * rounds) - 1]


# --- hand checks: a random sample of hits, judged y/n by a person, read back -------------------

VERDICTS = {"y": True, "yes": True, "n": False, "no": False}


def write_sample(rows: Sequence[dict], path: Path, fields: Sequence[str], *, size: int, seed: int,
                 order: Callable[[dict], tuple]) -> int:
    """Write ``size`` of ``rows``, drawn with ``random.Random(seed)`` from ``rows`` sorted by
    ``order`` (so a seed draws the same sample on every run), to a CSV for a person to judge in
    its ``correct`` column; return how many were written."""
    ordered = sorted(rows, key=order)
    sample = random.Random(seed).sample(ordered, min(size, len(ordered)))
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(fields), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(sample)
    return len(sample)


def read_judged(path: Path) -> tuple[list[dict], list[tuple[dict, bool]]]:
    """A judged sample's rows, and those with a verdict (y/yes or n/no in ``correct``) paired
    with it."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return rows, [(r, VERDICTS[v]) for r in rows if (v := (r.get("correct") or "").strip().lower()) in VERDICTS]


def precision_table(judged: Sequence[tuple[dict, bool]], names: Sequence[str],
                    member: Callable[[str, dict], bool], *, first: str) -> str:
    """A markdown table of precision with its 95% Wilson interval: one line per name in
    ``names``, over the judged rows that ``member(name, row)`` counts in it."""
    lines = [f"| {first} | checked | correct | precision | 95% Wilson |", "| --- | ---: | ---: | ---: | --- |"]
    for name in names:
        chosen = [ok for row, ok in judged if member(name, row)]
        k, n = sum(chosen), len(chosen)
        low, high = wilson(k, n)
        lines.append(f"| {name} | {n} | {k} | {k / n:.2f} | {low:.2f}-{high:.2f} |")
    return "\n".join(lines)
