"""Deprecated: moved to ``matcher.scoring.train``; this path goes in the next release."""

import warnings

from matcher.scoring import train as _new
from matcher.scoring.train import *  # noqa: F403

warnings.warn(
    "matcher.train has moved to matcher.scoring.train; import it from there",
    DeprecationWarning,
    stacklevel=2,
)


def __getattr__(name: str):  # noqa: ANN202 - the private names too, as before the move
    return getattr(_new, name)
