"""The role-fit estimator: two calibrated logistic regressions over named features.

    features ─► standardise ─► gate: is this account work?      p = σ(g·z + b)
                           └─► rung: which rung, if it is?     q = softmax(W·z + c)
    fit to rung r = p × q_r          fit to none = 1 − p

Splitting the question keeps each answer honest: whether a document is about account work
is read only from account evidence (account titles and years, client-facing and
account-specific duties, book/quota/retention figures, key accounts, territory) — never from
seniority, so an engineering ad asking for eight years and a master's degree is not an
account manager's. Which rung is then read from everything, seniority included, fitted on
account documents only. Each stage has its own temperature (calibration on out-of-fold
logits).

Both stages are linear in the named features, so each feature's push can be read off:
``q_r g_j z_j / T_g`` toward account work (shared among the rungs by their share ``q_r``)
plus ``(W[r, j] - mean of the other rungs' W[., j]) z_j / T_r`` toward rung *r*
(``contributions``); the reasons in ``matcher.scoring.fit`` are these. Scikit-learn's multinomial
L2 fit gives rung coefficients that sum to zero over the rungs.

``RoleFitModel`` follows the scikit-learn estimator contract (``__init__`` stores
parameters, ``fit`` sets ``*_`` attributes and returns ``self``, prediction raises
``NotFittedError`` before ``fit``) but scikit-learn is imported only inside ``fit``: scoring
uses numpy alone, so a cold ``matcher score`` does not pay 1.4 s to import it.

Persistence is JSON — data only, nothing that can run code on load (no pickle, no joblib).
The file holds ``{"format", "format_version", "sha256", "body"}``; ``sha256`` is the digest
of the canonical JSON of ``body`` and is checked on load, and ``model_version`` is
``"role_fit.v1+<first 12 hex digits>"``. Floats are rounded to ``SIGNIFICANT`` digits so that
training twice writes the same bytes even where BLAS sums in a different order.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from matcher.errors import ModelError, NotFittedError
from matcher.types import RUNGS

__all__ = [
    "CLASSES",
    "DEFAULT_MODEL",
    "FORMAT",
    "RoleFitModel",
    "dump_model",
    "load_model",
    "model_to_json",
]

CLASSES: tuple[str, ...] = (*RUNGS, "none")
FORMAT = "matcher.role_fit"
FORMAT_VERSION = 2
DEFAULT_MODEL = "role_fit.v1.json"
SIGNIFICANT = 6
"""Significant digits kept for every float written to the model file."""
_TEMPERATURES = np.geomspace(0.25, 4.0, 97)
_FREE_SIGN = ("is_job_ad",)
"""Gate features whose fitted weight may be negative; every other must add to account work."""
_TITLE_FEATURES = ("title_coordinator", "title_executive", "title_manager")
"""Features carrying ``title_prior``, in RUNGS order."""


class RoleFitModel:
    """Calibrated multinomial logistic regression over named features.

    Parameters: ``C`` (inverse L2 strength), ``threshold`` (0-100: a document gets a best
    rung only when its three rung fits together — the gate's probability of account work —
    reach it), ``gate_features`` (names the gate may read, as account evidence: each gets a
    weight of zero or more, ``is_job_ad`` excepted; None: all, with weights of either sign),
    ``cv`` (folds for the temperature calibration), ``integrity_penalty``
    (log-odds moved from every rung to ``none`` per unit of the ``integrity_issue`` feature —
    a fixed prior, since the training corpus holds no stuffed or hidden-text files),
    ``occupation_penalty`` (log-odds moved to ``none`` when the document's own occupation is
    far from client work and no account-role evidence outweighs it, the ``occupation_far``
    feature: a fixed prior, because the corpus separates occupations perfectly, so a fitted
    weight would be as large as the solver allows and say nothing about documents written by
    others),
    ``thin_penalty`` (log-odds moved to ``none`` per unit of ``evidence_thin``: a document with no
    account, neighbouring or client-worded title, no account years and fewer than three pieces
    of account evidence (account skills; quota, book, retention or key-account figures); fixed, because the corpus's short documents are its own, not the short office ads
    and generic-titled resumes others write),
    ``title_prior`` (log-odds a title naming a rung adds to that rung and takes from
    ``none``: a fixed prior, because the corpus's content already separates the rungs, so
    the fit alone would learn that a title adds little — while on documents written by
    others the title is the most reliable single word; it counts only when the title names
    a rung, so title-masked documents are scored on content alone), ``random_state``.
    """

    def __init__(
        self,
        *,
        C: float = 0.1,
        threshold: float = 60.0,
        cv: int = 5,
        integrity_penalty: float = 4.0,
        occupation_penalty: float = 8.0,
        thin_penalty: float = 4.0,
        title_prior: float = 3.0,
        gate_features: Sequence[str] | None = None,
        random_state: int = 0,
    ) -> None:
        self.C = C
        self.threshold = threshold
        self.cv = cv
        self.integrity_penalty = integrity_penalty
        self.occupation_penalty = occupation_penalty
        self.thin_penalty = thin_penalty
        self.title_prior = title_prior
        self.gate_features = tuple(gate_features) if gate_features is not None else None
        self.random_state = random_state

    # -- scikit-learn plumbing (written out so that scoring never imports sklearn) --

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {
            k: getattr(self, k)
            for k in (
                "C",
                "threshold",
                "cv",
                "integrity_penalty",
                "occupation_penalty",
                "thin_penalty",
                "title_prior",
                "gate_features",
                "random_state",
            )
        }

    def set_params(self, **params: Any) -> RoleFitModel:
        for key, value in params.items():
            if key not in self.get_params():
                raise ValueError(f"RoleFitModel has no parameter {key!r}")
            setattr(self, key, value)
        return self

    def __sklearn_clone__(self) -> RoleFitModel:
        return RoleFitModel(**self.get_params())

    # -- fitting --

    def fit(
        self,
        X: np.ndarray,
        y: Sequence[str],
        *,
        feature_names: Sequence[str],
        groups: Sequence[Any] | None = None,
    ) -> RoleFitModel:
        """Fit to features ``X`` and labels ``y`` (each one of ``CLASSES``).

        ``groups`` keeps copies of one document (as is and title-masked) in the same
        calibration fold, so the temperature is fitted on documents the fold never saw.
        """
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import StratifiedGroupKFold

        X = np.array(X, dtype=float)
        labels = list(y)
        unknown = sorted(set(labels) - set(CLASSES))
        if unknown:
            raise ModelError(
                f"unknown label(s) {', '.join(unknown)}; use one of {', '.join(CLASSES)}"
            )
        missing = [c for c in CLASSES if c not in labels]
        if missing:
            raise ModelError(
                f"no training example of {', '.join(missing)}; every class needs at least one"
            )
        if X.shape != (len(labels), len(feature_names)):
            raise ModelError(
                f"X has shape {X.shape} but there are {len(labels)} labels and {len(feature_names)} features"
            )
        target = np.array([CLASSES.index(label) for label in labels])
        names = list(feature_names)
        # Fixed priors are not fitted: their columns are blanked for the regression.
        fixed = {names.index(n): k for k, n in enumerate(_TITLE_FEATURES) if n in names}
        # The regressions learn from documents whose title names no rung (title-masked copies
        # among them): the title prior is then added on top, like an offset. Fitting on titled
        # documents with the title hidden would teach that thin content means account work.
        untitled = (X[:, [j for j, k in fixed.items() if k >= 0]] == 0).all(axis=1)
        # Penalties: away from account work by a fixed number of log-odds per unit.
        penalties = {
            names.index(name): penalty
            for name, penalty in (
                ("integrity_issue", self.integrity_penalty),
                ("occupation_far", self.occupation_penalty),
                ("evidence_thin", self.thin_penalty),
            )
            if name in names
        }
        fixed.update(dict.fromkeys(penalties, -1))
        X[:, list(fixed)] = 0.0
        if len(set(target[untitled])) < len(CLASSES):
            untitled[:] = True
        X, target, labels = (
            X[untitled],
            target[untitled],
            [lab for lab, u in zip(labels, untitled) if u],
        )
        groups_arr = np.asarray(groups if groups is not None else np.arange(len(untitled)))[
            untitled
        ]

        mean = X.mean(axis=0)
        scale = X.std(axis=0)
        constant = scale < 1e-9
        scale[constant] = 1.0
        mean[constant] = 0.0
        Z = (X - mean) / scale

        def make() -> LogisticRegression:
            # Balanced classes: the corpus holds about two account documents per other one,
            # while most documents a screening tool meets are not account work; equal priors
            # keep that ratio out of the intercept.
            return LogisticRegression(C=self.C, max_iter=5000, tol=1e-8, class_weight="balanced")

        gate_mask = np.ones(len(names), dtype=bool)
        if self.gate_features is not None:
            unknown_gate = sorted(set(self.gate_features) - set(names))
            if unknown_gate:
                raise ModelError(f"gate_features not among the features: {', '.join(unknown_gate)}")
            gate_mask = np.array([n in self.gate_features for n in names])
        account = (target < len(RUNGS)).astype(int)
        on = account == 1
        Zr, rung_target = Z[on], target[on]
        # Evidence of account work is never evidence against it: where collinear features
        # share the credit, the fit can give one a negative weight (years in account roles,
        # beside the years at each rung), and a reason would read "- 9.8 years in
        # client-facing account roles" against an account manager. Such a feature leaves the
        # gate, which is refitted until no weight is negative (whether a document is an ad
        # may weigh either way). Only for named account evidence (``gate_features``): a gate
        # that reads every feature may find seniority pointing either way.
        free = np.array([n in _FREE_SIGN or self.gate_features is None for n in names])
        gate = make().fit(Z * gate_mask, account)
        while (negative := gate_mask & ~free & (gate.coef_[0] < 0)).any():
            gate_mask &= ~negative
            gate = make().fit(Z * gate_mask, account)
        Zg = Z * gate_mask

        # Out-of-fold logits choose each stage's temperature (a one-parameter calibration map).
        folds = min(self.cv, min(np.bincount(target, minlength=len(CLASSES))))
        gate_t = rung_t = 1.0
        if folds >= 2:
            splitter = StratifiedGroupKFold(
                n_splits=folds, shuffle=True, random_state=self.random_state
            )
            gate_logit = np.zeros(len(labels))
            rung_logits = np.zeros((len(labels), len(RUNGS)))
            scored = np.zeros(len(labels), dtype=bool)
            for train, test in splitter.split(Z, target, groups_arr):
                rungs_in = train[on[train]]
                if len(set(account[train])) < 2 or len(set(target[rungs_in])) < len(RUNGS):
                    continue  # a fold of a tiny corpus can miss a class; it calibrates nothing
                gate_logit[test] = make().fit(Zg[train], account[train]).decision_function(Zg[test])
                rung_logits[test] = (
                    make().fit(Z[rungs_in], target[rungs_in]).decision_function(Z[test])
                )
                scored[test] = True
            two = np.stack([-gate_logit / 2, gate_logit / 2], axis=1)[scored]
            if scored.any():
                gate_t = float(
                    min(_TEMPERATURES, key=lambda t: (_nll(two / t, account[scored]), t))
                )
            if (scored & on).any():
                rung_t = float(
                    min(
                        _TEMPERATURES,
                        key=lambda t: (_nll(rung_logits[scored & on] / t, target[scored & on]), t),
                    )
                )

        gate_coef = gate.coef_[0] * gate_mask
        gate_intercept = float(gate.intercept_[0])
        rungs = make().fit(Zr, rung_target)
        coef = rungs.coef_.copy()
        intercept = rungs.intercept_.copy()
        for j, k in fixed.items():
            if k < 0:  # integrity, a far occupation, thin evidence: away from account work
                gate_coef[j] = -penalties[j] * gate_t
                coef[:, j] = 0.0
            else:  # a title naming rung k: toward account work and toward that rung
                gate_coef[j] = self.title_prior * gate_t
                column = np.zeros(len(RUNGS))
                column[k] = self.title_prior
                coef[:, j] = (column - column.mean()) * rung_t

        self.gate_coef_ = _round(gate_coef)
        self.gate_intercept_ = _round1(gate_intercept)
        self.gate_temperature_ = _round1(gate_t)
        self.classes_ = CLASSES
        self.feature_names_in_ = tuple(names)
        self.n_features_in_ = len(names)
        self.mean_ = _round(mean)
        self.scale_ = _round(scale)
        self.coef_ = _round(coef)
        self.intercept_ = _round(intercept)
        self.temperature_ = _round1(rung_t)
        self.threshold_ = float(self.threshold)
        return self

    # -- prediction (numpy only) --

    def _check(self, X: np.ndarray) -> np.ndarray:
        if not hasattr(self, "coef_"):
            raise NotFittedError(
                "this RoleFitModel is not fitted yet: call fit() or load_model() first"
            )
        X = np.asarray(X, dtype=float)
        if X.ndim == 1:
            X = X[None, :]
        if X.shape[1] != self.n_features_in_:
            raise ModelError(
                f"X has {X.shape[1]} features but the model was fitted on {self.n_features_in_}"
            )
        return X

    def standardise(self, X: np.ndarray) -> np.ndarray:
        X = self._check(X)
        return (X - self.mean_) / self.scale_

    def _stages(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        Z = self.standardise(X)
        gate = (Z @ self.gate_coef_ + self.gate_intercept_) / self.gate_temperature_
        rung = (Z @ self.coef_.T + self.intercept_) / self.temperature_
        return Z, gate, rung

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """(n, 4): fit to each rung (account work × that rung) and to none, rows sum to 1."""
        _, gate, rung = self._stages(X)
        account = 1.0 / (1.0 + np.exp(-np.clip(gate, -500, 500)))
        rung = rung - rung.max(axis=1, keepdims=True)
        q = np.exp(rung)
        q /= q.sum(axis=1, keepdims=True)
        return np.concatenate([q * account[:, None], (1.0 - account)[:, None]], axis=1)

    def predict(self, X: np.ndarray) -> list[str]:
        """The best rung per row, or ``"none"`` (see ``decide``)."""
        return [self.decide(row) for row in self.predict_proba(X)]

    def decide(self, proba: np.ndarray) -> str:
        """The most probable rung when the rungs together (account work) reach ``threshold_``."""
        rungs = proba[: len(RUNGS)]
        if float(rungs.sum()) * 100 >= self.threshold_:
            return self.classes_[int(np.argmax(rungs))]
        return "none"

    def contributions(self, X: np.ndarray) -> np.ndarray:
        """(n, classes, features): each feature's push toward each class, in log-odds.

        For rung *r*: its push toward account work (the gate term), shared among the rungs
        by their share ``q_r`` of it, plus its push toward *r* against the mean of the other
        two rungs. So a manager's title is a plus for the manager rung and a minus for the
        coordinator rung, and the best rung carries the account evidence. ``none`` gets
        minus the gate term. Linear terms, so a sure score still shows its reasons.
        """
        Z = self.standardise(X)
        gate = Z * self.gate_coef_ / self.gate_temperature_
        rung = Z[:, None, :] * self.coef_[None, :, :] / self.temperature_
        proba = self.predict_proba(X)
        q = proba[:, : len(RUNGS)] / np.maximum(proba[:, : len(RUNGS)].sum(axis=1), 1e-300)[:, None]
        others = (rung.sum(axis=1, keepdims=True) - rung) / (len(RUNGS) - 1)
        toward = q[:, :, None] * gate[:, None, :] + rung - others
        return np.concatenate([toward, -gate[:, None, :]], axis=1)


# --- persistence ------------------------------------------------------------------------------


def _round1(value: float) -> float:
    if value == 0 or not math.isfinite(value):
        return float(value)
    return float(f"{value:.{SIGNIFICANT}g}")


def _round(values: np.ndarray) -> np.ndarray:
    flat = [_round1(float(v)) for v in np.asarray(values, dtype=float).ravel()]
    return np.asarray(flat, dtype=float).reshape(np.shape(values))


def _nll(logits: np.ndarray, target: np.ndarray) -> float:
    logits = logits - logits.max(axis=1, keepdims=True)
    log_norm = np.log(np.exp(logits).sum(axis=1))
    return float(np.mean(log_norm - logits[np.arange(len(target)), target]))


def _canonical(body: Mapping[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode(
        "ascii"
    )


def model_to_json(model: RoleFitModel, *, metadata: Mapping[str, Any]) -> str:
    """The model file's text: parameters as plain JSON, sorted, with the body's digest."""
    if not hasattr(model, "coef_"):
        raise NotFittedError("cannot save a RoleFitModel that is not fitted")
    body = {
        "classes": list(model.classes_),
        "features": list(model.feature_names_in_),
        "mean": [_round1(v) for v in model.mean_],
        "scale": [_round1(v) for v in model.scale_],
        "coef": [[_round1(v) for v in row] for row in model.coef_],
        "intercept": [_round1(v) for v in model.intercept_],
        "temperature": _round1(model.temperature_),
        "gate_coef": [_round1(v) for v in model.gate_coef_],
        "gate_intercept": _round1(model.gate_intercept_),
        "gate_temperature": _round1(model.gate_temperature_),
        "threshold": _round1(model.threshold_),
        "params": {
            k: list(v) if isinstance(v, tuple) else v for k, v in sorted(model.get_params().items())
        },
        "metadata": dict(sorted(metadata.items())),
    }
    digest = hashlib.sha256(_canonical(body)).hexdigest()
    document = {"format": FORMAT, "format_version": FORMAT_VERSION, "sha256": digest, "body": body}
    return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=True) + "\n"


def dump_model(model: RoleFitModel, path: str | Path, *, metadata: Mapping[str, Any]) -> str:
    """Write the model as JSON; returns its ``model_version``."""
    text = model_to_json(model, metadata=metadata)
    Path(path).write_text(text, encoding="ascii")
    return _version(Path(path).stem, json.loads(text)["sha256"])


def _version(stem: str, digest: str) -> str:
    return f"{stem.removesuffix('.json')}+{digest[:12]}"


def load_model(path: str | Path | None = None) -> RoleFitModel:
    """Read a model file (default: the shipped ``models/role_fit.v1.json``), checking its digest.

    The fitted model carries ``model_version_``, ``metadata_`` and ``sha256_``.
    """
    if path is None:
        return _default_model()
    return _load(Path(path))


@lru_cache(maxsize=1)
def _default_model() -> RoleFitModel:
    from matcher.resources import models_dir

    return _load(models_dir() / DEFAULT_MODEL)


def _load(path: Path) -> RoleFitModel:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{path}: model file not found; run `matcher train` to build it") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(
            f"{path}: not a readable model file ({exc}); rebuild it with `matcher train`"
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ModelError(f"{path}: not a matcher role-fit model (format must be {FORMAT!r})")
    if document.get("format_version") != FORMAT_VERSION:
        raise ModelError(
            f"{path}: model format version {document.get('format_version')!r} is not supported; "
            f"rebuild it with `matcher train`"
        )
    body = document.get("body")
    if not isinstance(body, dict) or hashlib.sha256(_canonical(body)).hexdigest() != document.get(
        "sha256"
    ):
        raise ModelError(
            f"{path}: the model's sha256 does not match its contents (edited or damaged); "
            "rebuild it with `matcher train`"
        )
    problems = []
    try:
        classes = tuple(body["classes"])
        features = tuple(body["features"])
        coef = np.asarray(body["coef"], dtype=float)
        arrays = {
            k: np.asarray(body[k], dtype=float) for k in ("mean", "scale", "intercept", "gate_coef")
        }
        if classes != CLASSES:
            problems.append(f"classes {list(classes)} are not {list(CLASSES)}")
        if coef.shape != (len(RUNGS), len(features)):
            problems.append(f"coef has shape {coef.shape}, expected {(len(RUNGS), len(features))}")
        for key, array in arrays.items():
            expected = len(RUNGS) if key == "intercept" else len(features)
            if array.shape != (expected,):
                problems.append(f"{key} has {array.size} values, expected {expected}")
        if not (float(body["temperature"]) > 0 and float(body["gate_temperature"]) > 0):
            problems.append("temperatures must be positive")
    except (KeyError, TypeError, ValueError) as exc:
        problems.append(f"missing or malformed field ({exc.__class__.__name__}: {exc})")
    if problems:
        raise ModelError(f"{path}: invalid model: " + "; ".join(problems))
    model = RoleFitModel(
        **{k: v for k, v in body.get("params", {}).items() if k in RoleFitModel().get_params()}
    )
    model.classes_ = classes
    model.feature_names_in_ = features
    model.n_features_in_ = len(features)
    model.coef_ = coef
    model.mean_ = arrays["mean"]
    model.scale_ = arrays["scale"]
    model.intercept_ = arrays["intercept"]
    model.temperature_ = float(body["temperature"])
    model.gate_coef_ = arrays["gate_coef"]
    model.gate_intercept_ = float(body["gate_intercept"])
    model.gate_temperature_ = float(body["gate_temperature"])
    model.threshold_ = float(body["threshold"])
    model.metadata_ = dict(body.get("metadata", {}))
    model.sha256_ = document["sha256"]
    model.model_version_ = _version(path.name.removesuffix(".json"), document["sha256"])
    return model
