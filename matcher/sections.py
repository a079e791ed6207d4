"""Deprecated: moved to ``matcher.extract.sections``; this path goes in the next release."""

import warnings

from matcher.extract import sections as _new
from matcher.extract.sections import *  # noqa: F403

warnings.warn(
    "matcher.sections has moved to matcher.extract.sections; import it from there",
    DeprecationWarning,
    stacklevel=2,
)


def __getattr__(name: str):  # noqa: ANN202 - the private names too, as before the move
    return getattr(_new, name)
