"""Deprecated: moved to ``matcher.extract.occupations``; this path goes in the next release."""

import warnings

from matcher.extract import occupations as _new
from matcher.extract.occupations import *  # noqa: F403

warnings.warn(
    "matcher.occupations has moved to matcher.extract.occupations; import it from there",
    DeprecationWarning,
    stacklevel=2,
)


def __getattr__(name: str):  # noqa: ANN202 - the private names too, as before the move
    return getattr(_new, name)
