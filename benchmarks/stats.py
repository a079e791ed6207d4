"""Uncertainty of the benchmark figures: how far a share or a macro-F1 measured on a few hundred
(or a few dozen) documents may be from the same figure on documents like them."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence


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
