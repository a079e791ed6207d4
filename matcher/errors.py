"""Every error the library raises, so callers can catch one base class.

Each class also inherits the built-in exception it resembles (as attrs does with
``FrozenError(AttributeError)``), so ``except ValueError`` keeps working for callers that
do not know about matcher. Messages say what is wrong, where, and how to fix it; the CLI
prints them as they are, one line each.
"""

from __future__ import annotations

from collections.abc import Iterable


class MatcherError(Exception):
    """Base class of every error raised on purpose by matcher."""


class UnreadableDocument(MatcherError, ValueError):
    """A document could not be turned into text.

    ``reason`` is a short machine-readable cause (``empty``, ``not_pdf``, ``corrupt``,
    ``encrypted``, ``no_text_layer``, ``too_large``, ``unsupported_type``, ``undecodable``,
    ``timeout``, ...); the message is the one line a user reads.
    """

    def __init__(self, source: str, message: str, *, reason: str = "unreadable") -> None:
        self.source = str(source)
        self.reason = reason
        self.detail = message
        super().__init__(f"{self.source}: {message}")


class TaxonomyError(MatcherError, ValueError):
    """A taxonomy file is invalid. Lists every problem found, not only the first."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        head = f"taxonomy has {count} problem{'s' if count != 1 else ''}:"
        super().__init__("\n".join([head, *(f"  - {p}" for p in self.problems)]))


class ModelError(MatcherError, ValueError):
    """A model file is missing, corrupt, or does not match the code or taxonomy."""


class NotFittedError(MatcherError, AttributeError):
    """An estimator was used before ``fit``."""


class UsageError(MatcherError, ValueError):
    """The caller asked for something that cannot be done (bad option combination)."""
