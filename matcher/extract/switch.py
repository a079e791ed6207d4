"""Whether and how resumes are read by meaning: one environment variable, so that batch
workers and the fork server see what the command line set.

Read by the pipeline (``matcher.extract.nlp``), the profile cache's key and the wording of
evidence (``matcher.types.by_meaning``); this module imports nothing of matcher, so any of
them can ask.
"""

from __future__ import annotations

import os

__all__ = ["MEANING_ENV", "meaning_depth", "meaning_enabled"]

MEANING_ENV = "MATCHER_MEANING"
"""Set to 1 to read resumes by meaning too (``matcher --meaning``), to "deep" to read them with
MiniLM as well (``matcher --meaning-deep``); off by default."""


def meaning_enabled() -> bool:
    """Whether resumes are read by meaning as well as by the taxonomy's patterns."""
    return meaning_depth() is not None


def meaning_depth() -> str | None:
    """How resumes are read by meaning: None (not at all), "static" (``MATCHER_MEANING=1``:
    static word vectors) or "deep" (``MATCHER_MEANING=deep``: with MiniLM sentence vectors too,
    ``matcher.extract.encoder``)."""
    value = os.environ.get(MEANING_ENV, "").strip().lower()
    return "static" if value in ("1", "true", "yes", "on") else "deep" if value == "deep" else None
