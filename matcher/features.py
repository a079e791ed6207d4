"""Deprecated: moved to ``matcher.scoring.features``; this path goes in the next release."""

import warnings

from matcher.scoring import features as _new
from matcher.scoring.features import *  # noqa: F403

warnings.warn(
    "matcher.features has moved to matcher.scoring.features; import it from there",
    DeprecationWarning,
    stacklevel=2,
)


def __getattr__(name: str):  # noqa: ANN202 - the private names too, as before the move
    return getattr(_new, name)
