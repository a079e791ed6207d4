"""Deprecated: moved to ``matcher.scoring.match``; this path goes in the next release."""

import warnings

from matcher.scoring import match as _new
from matcher.scoring.match import *  # noqa: F403

warnings.warn(
    "matcher.match has moved to matcher.scoring.match; import it from there",
    DeprecationWarning,
    stacklevel=2,
)


def __getattr__(name: str):  # noqa: ANN202 - the private names too, as before the move
    return getattr(_new, name)
