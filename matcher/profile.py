"""Deprecated: moved to ``matcher.extract.profile``; this path goes in the next release."""

import warnings

from matcher.extract import profile as _new
from matcher.extract.profile import *  # noqa: F403

warnings.warn(
    "matcher.profile has moved to matcher.extract.profile; import it from there",
    DeprecationWarning,
    stacklevel=2,
)


def __getattr__(name: str):  # noqa: ANN202 - the private names too, as before the move
    return getattr(_new, name)
