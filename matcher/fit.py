"""Deprecated: moved to ``matcher.scoring.fit``; this path goes in the next release."""

import warnings

from matcher.scoring import fit as _new
from matcher.scoring.fit import *  # noqa: F403

warnings.warn(
    "matcher.fit has moved to matcher.scoring.fit; import it from there",
    DeprecationWarning,
    stacklevel=2,
)


def __getattr__(name: str):  # noqa: ANN202 - the private names too, as before the move
    return getattr(_new, name)
