"""Deprecated: moved to ``matcher.scoring.model``; this path goes in the next release."""

import warnings

from matcher.scoring import model as _new
from matcher.scoring.model import *  # noqa: F403

warnings.warn(
    "matcher.model has moved to matcher.scoring.model; import it from there",
    DeprecationWarning,
    stacklevel=2,
)


def __getattr__(name: str):  # noqa: ANN202 - the private names too, as before the move
    return getattr(_new, name)
