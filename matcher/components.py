"""Deprecated: moved to ``matcher.extract.components``; this path goes in the next release."""

import warnings

from matcher.extract import components as _new
from matcher.extract.components import *  # noqa: F403

warnings.warn(
    "matcher.components has moved to matcher.extract.components; import it from there",
    DeprecationWarning,
    stacklevel=2,
)


def __getattr__(name: str):  # noqa: ANN202 - the private names too, as before the move
    return getattr(_new, name)
