"""Deprecated: moved to ``matcher.scoring.evaluate``; this path goes in the next release."""

import warnings

from matcher.scoring import evaluate as _new
from matcher.scoring.evaluate import *  # noqa: F403

warnings.warn(
    "matcher.evaluate has moved to matcher.scoring.evaluate; import it from there",
    DeprecationWarning,
    stacklevel=2,
)


def __getattr__(name: str):  # noqa: ANN202 - the private names too, as before the move
    return getattr(_new, name)
