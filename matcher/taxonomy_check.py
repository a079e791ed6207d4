"""Deprecated: moved to ``matcher.taxonomy.check``; this path goes in the next release."""

import warnings

from matcher.taxonomy import check as _new
from matcher.taxonomy.check import *  # noqa: F403

warnings.warn(
    "matcher.taxonomy_check has moved to matcher.taxonomy.check; import it from there",
    DeprecationWarning,
    stacklevel=2,
)


def __getattr__(name: str):  # noqa: ANN202 - the private names too, as before the move
    return getattr(_new, name)
