"""The taxonomy: skills, roles and sources, read from YAML and checked.

    load       the shipped files plus yours ─► a frozen ``Taxonomy`` (``load_taxonomy``)
    types      the data classes the loader, the patterns and the checker share
    patterns   the pattern language compiled to plain data (no spaCy)
    check      validation: every problem, each naming its file and entry

``from matcher.taxonomy import load_taxonomy`` and the other names of ``load`` keep working;
they are resolved on first use (PEP 562), so importing ``matcher.taxonomy.types`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "FORBIDDEN_FORMS",
    "Context",
    "NEAR_WINDOW",
    "SCHEMA_VERSION",
    "Link",
    "Role",
    "Skill",
    "Source",
    "Taxonomy",
    "check_taxonomy",
    "entry_to_dict",
    "lexicon_phrases",
    "lexicon_token_patterns",
    "load_taxonomy",
    "noun_forms",
    "skill_context_phrases",
    "skill_context_rules",
    "skill_exact_phrases",
    "skill_exclude_phrases",
    "skill_near_phrases",
    "skill_phrases",
    "skill_token_patterns",
    "taxonomy_stats",
    "taxonomy_to_dict",
    "title_exact_phrases",
    "title_phrases",
    "title_token_patterns",
    "verb_forms",
    "without_wide_patterns",
]


def __getattr__(name: str) -> Any:
    if name.startswith("__"):
        raise AttributeError(name)
    value = getattr(importlib.import_module("matcher.taxonomy.load"), name)
    globals()[name] = value
    return value
