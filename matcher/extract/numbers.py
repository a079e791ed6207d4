"""Counts written as words: "five years of experience", "managed six reps", "a dozen hires".

One table of cardinal words for every extractor that reads a count. Each extractor takes the
range it reads and adds on top the words that mean a number only in its own phrases:

- minimum years (``requirements``): "one" to "ten", and "a" as 1, because before "year"
  an article is a count: "a year of experience" asks for one year.
- leadership signals (``signals``): "two" to "twenty" and "a dozen", never a bare article:
  before the people or the team an article is not a count ("led a team of 4", "trained a
  new hire"), and a team led or a group trained is at least two people.

So the article rule is the years' own, not part of this table.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

CARDINALS: Mapping[str, int] = MappingProxyType(
    {
        "one": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "eleven": 11,
        "twelve": 12,
        "fifteen": 15,
        "twenty": 20,
    }
)
"""The cardinal words documents use for counts, in counting order; the rarer ones
("thirteen", "fourteen"...) are left out until a document needs them."""


def number_words(low: int, high: int) -> dict[str, int]:
    """The cardinal words for ``low`` to ``high``, in counting order (a regex alternation of
    them, ``"|".join(...)``, is then in that order too)."""
    return {word: value for word, value in CARDINALS.items() if low <= value <= high}
