"""Deprecated: moved to ``matcher.extract.occupation_index``; this path goes in the next release."""

import warnings

from matcher.extract import occupation_index as _new
from matcher.extract.occupation_index import *  # noqa: F403

warnings.warn(
    "matcher.occupation_index has moved to matcher.extract.occupation_index; import it from there",
    DeprecationWarning,
    stacklevel=2,
)


def __getattr__(name: str):  # noqa: ANN202 - the private names too, as before the move
    return getattr(_new, name)


if __name__ == "__main__":
    raise SystemExit(_new.main())
