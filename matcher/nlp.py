"""Deprecated: moved to ``matcher.extract.nlp``; this path goes in the next release."""

import warnings

from matcher.extract import nlp as _new
from matcher.extract.nlp import *  # noqa: F403

warnings.warn(
    "matcher.nlp has moved to matcher.extract.nlp; import it from there",
    DeprecationWarning,
    stacklevel=2,
)


def __getattr__(name: str):  # noqa: ANN202 - the private names too, as before the move
    return getattr(_new, name)
