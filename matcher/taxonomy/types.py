"""The taxonomy's data classes: the frozen values a loaded taxonomy is made of, and the raw
entries the loader merges before they are checked.

    taxonomy.py (load, merge) ─► taxonomy_check.py (validate, build) ─► Taxonomy
                                 taxonomy_patterns.py (compile patterns of a Taxonomy)

All three import these classes from here, so none of them imports another back.
``matcher.taxonomy.load`` re-exports the public ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from matcher.types import RUNGS

__all__ = ["NEAR_WINDOW", "SCHEMA_VERSION", "Context", "Link", "Role", "Skill", "Source", "Taxonomy"]

SCHEMA_VERSION = 1


# --- the frozen values ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Link:
    """An equivalent entry in a public classification (``scheme`` is ``esco`` or ``onet``)."""

    scheme: str
    id: str
    match: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class Context:
    """Patterns of a skill that count only in a context that makes them that skill.

    A match of one of ``patterns`` counts when ``lists`` is set and it is a whole item of a
    list ("Skills: Leadership, CRM"), or when a phrase of ``near`` is at most
    ``NEAR_WINDOW`` words before or after it in the same sentence and list item.
    """

    patterns: tuple[str, ...]
    near: tuple[str, ...] = ()
    lists: bool = False


NEAR_WINDOW = 5
"""How many words may stand between a context pattern's match and a ``near`` phrase."""


@dataclass(frozen=True, slots=True)
class Source:
    """Where facts come from: an article, or a classification with its licence."""

    id: str
    title: str
    publisher: str
    kind: str
    author: str = ""
    url: str = ""
    version: str = ""
    licence: str = ""
    attribution: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Skill:
    """A skill, trait, tool, knowledge area or certification, with how documents say it."""

    id: str
    label: str
    type: str
    patterns: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    context: tuple[Context, ...] = ()
    """Patterns that count only with context (see ``Context``)."""
    weights: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType(dict.fromkeys(RUNGS, 0.0))
    )
    """Relevance to each scored rung, 0..1; every rung id is present."""
    sources: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    description: str = ""
    note: str = ""
    examples: tuple[str, ...] = ()
    """Paraphrases of the skill in plain words, for reading it by meaning (``matcher.extract.meaning``)."""
    wide_patterns: tuple[str, ...] = ()
    """Further surface forms, read like ``patterns`` for the profile, must-haves and matching,
    but not by the role-fit features (the model was fitted on ``patterns``), and never in place
    of a ``patterns`` match they overlap."""


@dataclass(frozen=True, slots=True)
class Role:
    """A job title family: one of the three scored rungs or a neighbour on the ladder."""

    id: str
    label: str
    rung: str | None
    """The scored rung this role counts as (None for roles outside the three)."""
    rung_order: int | None
    """0, 1, 2 for the scored rungs themselves; None for neighbours."""
    titles: tuple[str, ...]
    abbreviations: tuple[str, ...] = ()
    promoted_from: tuple[str, ...] = ()
    promoted_to: tuple[str, ...] = ()
    years_min: float | None = None
    years_max: float | None = None
    education: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    """``minimum`` (level id), ``typical``/``preferred`` (level ids), ``fields`` (field ids)."""
    certifications: tuple[str, ...] = ()
    """Skill ids of type ``certification``."""
    signals: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    """Skill id -> weight 0..1: the evidence that separates this role from its neighbours."""
    sources: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    note: str = ""


# eq=False: a Taxonomy hashes by identity, so compiled patterns can be cached per instance.
@dataclass(frozen=True, slots=True, eq=False)
class Taxonomy:
    """The resolved taxonomy: default files plus any user files, validated."""

    version: str
    schema_version: int
    skills: Mapping[str, Skill]
    roles: Mapping[str, Role]
    sources: Mapping[str, Source]
    lexicon: Mapping[str, Any]
    paths: tuple[Path, ...] = ()
    digest: str = ""
    """SHA-256 (16 hex digits) of the files' names and contents, in load order: tells two
    taxonomies apart even when someone forgot to bump ``taxonomy_version``."""

    def rungs(self) -> tuple[Role, ...]:
        """The three scored roles, entry level first."""
        return tuple(
            sorted(
                (r for r in self.roles.values() if r.rung_order is not None),
                key=lambda r: r.rung_order,
            )
        )


# --- raw entries, before validation -------------------------------------------------------


@dataclass
class _Entry:
    kind: str
    id: str
    data: dict[str, Any]
    origin: dict[str, str]
    """Field name -> the file that last set it (for messages)."""
    file: str
    near: tuple[str, ...] = ()
    """For an id a user file adds: existing ids it is close to (a likely typo)."""


@dataclass
class _Raw:
    entries: dict[str, dict[str, _Entry]] = field(
        default_factory=lambda: {"source": {}, "skill": {}, "role": {}}
    )
    lexicon: dict[str, Any] = field(default_factory=dict)
    lexicon_origin: dict[str, str] = field(default_factory=dict)
    version: str = ""
    suffixes: list[str] = field(default_factory=list)
    schema_version: int = SCHEMA_VERSION
