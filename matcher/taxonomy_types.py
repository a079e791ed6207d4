"""Deprecated: moved to ``matcher.taxonomy.types``; this path goes in the next release."""

import warnings

from matcher.taxonomy import types as _new
from matcher.taxonomy.types import *  # noqa: F403

warnings.warn(
    "matcher.taxonomy_types has moved to matcher.taxonomy.types; import it from there",
    DeprecationWarning,
    stacklevel=2,
)


def __getattr__(name: str):  # noqa: ANN202 - the private names too, as before the move
    return getattr(_new, name)
