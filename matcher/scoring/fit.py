"""Profile → RoleFit: how well a resume or ad fits each rung (0-100), the best rung, and why.

    Profile ─► features (named, with evidence) ─► calibrated model ─► RoleFit + reasons

The score for a rung is the model's calibrated probability of that rung, times 100: the
probability that the document is about account work at all (the model's gate) times the
probability of that rung among the three. The three scores therefore add up to the
account-work probability, and a document gets a best rung — the highest of the three — only
when they add up to the model's threshold (``threshold_``: 60 in the shipped model, recorded
in the model file and in every ``RoleFit``). Sixty rather than fifty because a rung wrongly
given to a nurse or an accountant costs a reader more than a rung missed on a thin resume.
Below it ``best`` is None: an accountant, a nurse, a chef.

Reasons are the features that moved each rung's score most, signed: a feature's
contribution is its coefficient for that rung times its standardised value (the model is
linear), so "+ 6 years in client-facing account roles" pushed the rung up and "- no
leadership evidence" pulled it down, each with the evidence it was read from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from matcher.scoring.features import FEATURES, FeatureVector, profile_features
from matcher.types import RUNGS, Profile, Reason, RoleFit, RungFit

if TYPE_CHECKING:
    from matcher.scoring.model import RoleFitModel
    from matcher.taxonomy.load import Taxonomy

__all__ = ["MIN_REASON", "TOP_REASONS", "fit_many", "fit_roles"]

TOP_REASONS = 6
"""Reasons kept per rung, strongest first."""
MIN_REASON = 0.05
"""Contributions smaller than this (in log-odds) are not worth a line."""
_HIDDEN = frozenset({"is_job_ad"})
"""Features that shift the baseline but say nothing a reader would call a reason."""


def fit_roles(
    profile: Profile, *, model: RoleFitModel | None = None, taxonomy: Taxonomy | None = None
) -> RoleFit:
    """Fit of one profile to each rung, with reasons."""
    return fit_many([profile], model=model, taxonomy=taxonomy)[0]


def fit_many(
    profiles: Sequence[Profile],
    *,
    model: RoleFitModel | None = None,
    taxonomy: Taxonomy | None = None,
) -> list[RoleFit]:
    """Fits of many profiles, scored in one matrix product."""
    from matcher.scoring.model import load_model

    model = model if model is not None else load_model()
    vectors = [profile_features(p, taxonomy=taxonomy) for p in profiles]
    if not vectors:
        return []
    names = tuple(f.name for f in FEATURES)
    if tuple(model.feature_names_in_) != names:
        from matcher.errors import ModelError

        raise ModelError(
            f"model {getattr(model, 'model_version_', '')} was trained on other features than this code "
            "computes; retrain it with `matcher train`"
        )
    X = np.asarray([v.values for v in vectors], dtype=float)
    proba = model.predict_proba(X)
    contributions = model.contributions(X)
    version = getattr(model, "model_version_", "unsaved")
    out = []
    for i, (profile, vector) in enumerate(zip(profiles, vectors, strict=True)):
        rungs = tuple(
            RungFit(rung, round(float(proba[i, k]) * 100, 1), _reasons(vector, contributions[i, k]))
            for k, rung in enumerate(RUNGS)
        )
        best = model.decide(proba[i])
        out.append(RoleFit(
            source=profile.source,
            kind=profile.kind,
            rungs=rungs,
            best=None if best == "none" else best,
            threshold=float(model.threshold_),
            taxonomy_version=profile.taxonomy_version,
            model_version=version,
        ))  # fmt: skip
    return out


def _reasons(vector: FeatureVector, contribution: np.ndarray) -> tuple[Reason, ...]:
    weights = contribution.tolist()  # the same floats; indexing an array makes a scalar per read
    order = sorted(range(len(FEATURES)), key=lambda j: (-abs(weights[j]), j))
    reasons = []
    for j in order:
        weight = weights[j]
        if abs(weight) < MIN_REASON or len(reasons) >= TOP_REASONS:
            break
        feature = FEATURES[j]
        if feature.name in _HIDDEN:
            continue
        present = vector.values[j] > 0
        if not present and weight > 0:
            # "+ no revenue figures" only says another rung expects them more; not a reason.
            continue
        text = (feature.present if present else feature.absent).format(detail=vector.details[j])
        reasons.append(Reason(text, round(weight, 2), vector.evidence[j] if present else None))
    return tuple(reasons)
