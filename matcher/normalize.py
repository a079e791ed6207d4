"""Deprecated: moved to ``matcher.extract.normalize``; this path goes in the next release."""

import warnings

from matcher.extract import normalize as _new
from matcher.extract.normalize import *  # noqa: F403

warnings.warn(
    "matcher.normalize has moved to matcher.extract.normalize; import it from there",
    DeprecationWarning,
    stacklevel=2,
)


def __getattr__(name: str):  # noqa: ANN202 - the private names too, as before the move
    return getattr(_new, name)
