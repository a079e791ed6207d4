"""matcher: read resumes and job ads, and score their fit to account-management roles.

The public API is re-exported here. Names are resolved on first use (PEP 562) so that
``import matcher`` stays cheap: the CLI's cold start cannot afford to import spaCy, the
PDF engines and the model for a command that needs only some of them.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    # document file -> Document
    "read_document": "matcher.readers",
    "read_text": "matcher.readers",
    "iter_documents": "matcher.readers",
    # Document -> Profile
    "build_profile": "matcher.extract.profile",
    "build_profiles": "matcher.extract.profile",
    # Profile -> RoleFit / Match
    "fit_roles": "matcher.scoring.fit",
    "match_profiles": "matcher.scoring.match",
    "match_matrix": "matcher.scoring.match",
    # a job title -> its O*NET / ESCO occupation
    "occupation_of": "matcher.extract.occupations",
    # batches, data, models
    "iter_results": "matcher.batch",
    "load_taxonomy": "matcher.taxonomy.load",
    "load_model": "matcher.scoring.model",
    "train_model": "matcher.scoring.train",
    "evaluate": "matcher.scoring.evaluate",
    # the values that flow between stages
    **{
        name: "matcher.types"
        for name in (
            "Document", "Profile", "SkillMention", "Position", "Evidence", "RoleFit",
            "RungFit", "Reason", "Match", "MustHave", "Result", "RUNGS", "Occupation",
        )
    },
    **{
        name: "matcher.errors"
        for name in ("MatcherError", "UnreadableDocument", "TaxonomyError", "ModelError")
    },
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'matcher' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
