"""Deprecated: moved to ``matcher.scoring.blind``; this path goes in the next release."""

import warnings

from matcher.scoring import blind as _new
from matcher.scoring.blind import *  # noqa: F403

warnings.warn(
    "matcher.blind has moved to matcher.scoring.blind; import it from there",
    DeprecationWarning,
    stacklevel=2,
)


def __getattr__(name: str):  # noqa: ANN202 - the private names too, as before the move
    return getattr(_new, name)
