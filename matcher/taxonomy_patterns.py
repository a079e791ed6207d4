"""Deprecated: moved to ``matcher.taxonomy.patterns``; this path goes in the next release."""

import warnings

from matcher.taxonomy import patterns as _new
from matcher.taxonomy.patterns import *  # noqa: F403

warnings.warn(
    "matcher.taxonomy_patterns has moved to matcher.taxonomy.patterns; import it from there",
    DeprecationWarning,
    stacklevel=2,
)


def __getattr__(name: str):  # noqa: ANN202 - the private names too, as before the move
    return getattr(_new, name)
