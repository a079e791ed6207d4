"""Case-insensitive cue patterns that skip, on one character test, the places no match starts.

Python's ``re`` tries every alternative of a pattern like ``\\b(?:led|managed|...)`` at every
position of the text; a look-ahead for the characters the alternatives start with fails most
positions at once. The matches, their spans and groups are the same: the look-ahead only
states what every match already begins with (case folding of a character class and of a
literal agree for every code point). A test parses each such pattern and fails when an
alternative starts with a character its look-ahead does not list.
"""

from __future__ import annotations

import re

PREFIX = re.compile(r"\(\?=\[(?P<first>(?:[^\]\\]|\\.)*)\]\)\(\?:(?P<body>.*)\)", re.DOTALL)
"""How ``starting_with`` writes a pattern, for the test that checks it."""
_DIGIT = r"\d"


def starting_with(first: str, pattern: str, *, digits: bool = False) -> re.Pattern[str]:
    """``pattern`` compiled case-insensitive, behind a look-ahead for ``first`` (the first
    character of every alternative, in any case), and any digit ``\\d`` matches if ``digits``."""
    return re.compile(
        f"(?=[{re.escape(first)}{_DIGIT if digits else ''}])(?:{pattern})", re.IGNORECASE
    )
