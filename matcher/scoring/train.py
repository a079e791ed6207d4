"""Labelled documents → the role-fit model file, rebuilt bit-for-bit.

    labels.csv ─► documents (as is + title-masked) ─► profiles ─► features ─► RoleFitModel ─► JSON

Every document is used twice: as written, and with its account-role titles masked
(``matcher.scoring.evaluate.mask_titles``). The masked copy has the same label, so the model cannot
lean on the title alone: it must also weigh years, duties, scope and results — what a
recruiter reads when the title is unusual or missing. Both copies share a calibration fold.

Reproducible by construction: rows sorted by path, fixed ``random_state``, floats rounded
before writing, no timestamps; the metadata records a digest of the training data (paths,
labels and file bytes), the taxonomy version, the feature-set version and the code version.
The shipped model is trained on ``samples/labels.csv`` only, never on the benchmark.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from matcher.errors import UnreadableDocument, UsageError
from matcher.scoring.evaluate import LabelledDocument, labelled_documents, read_labelled

__all__ = [
    "TrainingReport",
    "cross_validate",
    "cross_validate_repeated",
    "default_labels",
    "rung_reasons",
    "train_model",
]

REASONS = 3
"""Features named on each side of a wrong rung in the cross-validation listing."""
UNUSED_PUSH = 0.05
"""Below this push (log-odds) a feature present in a document counts as evidence not used."""


@dataclass(frozen=True, slots=True)
class TrainingReport:
    """What ``train_model`` did: where it wrote, which version, from how much data."""

    path: Path
    model_version: str
    documents: int
    rows: int
    classes: dict[str, int]
    data_sha256: str
    skipped: tuple[str, ...] = ()


def default_labels() -> Path:
    """``samples/labels.csv`` of the source checkout."""
    from matcher.resources import models_dir

    return models_dir().parent / "samples" / "labels.csv"


def _digest(items: list[LabelledDocument]) -> str:
    digest = hashlib.sha256()
    for item in items:
        data = (
            item.path.read_bytes() if item.path is not None else (item.text or "").encode("utf-8")
        )
        digest.update(
            f"{item.id}\t{item.kind}\t{item.label}\t{hashlib.sha256(data).hexdigest()}\n".encode()
        )
    return digest.hexdigest()


def _read_all(items, taxonomy, progress):
    """Profiles of every item, as is and title-masked, with labels and source groups."""
    from matcher.extract.profile import build_profile

    profiles, labels, groups, skipped = [], [], [], []
    for n, item in enumerate(items):
        for masked in (False, True):
            try:
                document = read_labelled(item, masked=masked)
            except UnreadableDocument as exc:
                if not masked:
                    skipped.append(str(exc))
                break
            # "Present" is fixed by each text (December of its latest year), never by the day
            # of the run nor by the date a render of it was made (build.py stamps the PDFs
            # and DOCX it makes from the .txt sources): the model is the same every day, and
            # a render reads as its source does.
            profiles.append(build_profile(document, kind=item.kind, taxonomy=taxonomy,
                                          fallback="latest_year", file_dates=False))  # fmt: skip
            labels.append(item.label)
            groups.append(item.id)
        if progress is not None:
            progress(n + 1, len(items))
    return profiles, labels, groups, skipped


def train_model(
    labels_csv: str | Path | None = None,
    *,
    out: str | Path | None = None,
    C: float = 0.1,
    threshold: float = 60.0,
    progress: Callable[[int, int], None] | None = None,
) -> TrainingReport:
    """Fit the role-fit model to a labels CSV (default ``samples/labels.csv``) and write it.

    ``out`` defaults to ``models/role_fit.v1.json``. A document that cannot be read is
    reported in ``skipped``; if none can be read, ``UsageError``.
    """
    from matcher import __version__
    from matcher.resources import models_dir
    from matcher.scoring.features import (
        ACCOUNT_EVIDENCE,
        FEATURES,
        FEATURES_VERSION,
        feature_matrix,
    )
    from matcher.scoring.model import DEFAULT_MODEL, RoleFitModel, dump_model
    from matcher.taxonomy.load import load_taxonomy

    labels_csv = Path(labels_csv) if labels_csv is not None else default_labels()
    out = Path(out) if out is not None else models_dir() / DEFAULT_MODEL
    items = sorted(labelled_documents(labels_csv), key=lambda i: i.id)
    taxonomy = load_taxonomy()
    profiles, labels, groups, skipped = _read_all(items, taxonomy, progress)
    if not profiles:
        raise UsageError(f"{labels_csv}: none of the labelled documents could be read")
    X = feature_matrix(profiles, taxonomy=taxonomy)
    model = RoleFitModel(C=C, threshold=threshold, gate_features=ACCOUNT_EVIDENCE).fit(
        X, labels, feature_names=[f.name for f in FEATURES], groups=groups
    )
    data_sha = _digest(items)
    counts = {c: labels.count(c) // 2 for c in sorted(set(labels))}
    metadata = {
        "code_version": __version__,
        "features_version": FEATURES_VERSION,
        "taxonomy_version": taxonomy.version,
        "training_data": {
            "labels": labels_csv.name,
            "documents": len(items) - len(skipped),
            "rows": len(labels),
            "classes": counts,
            "sha256": data_sha,
            "augmentation": "each document as is and title-masked",
        },
        "calibration": "temperature scaling of each stage on out-of-fold logits (grouped stratified k-fold)",
        "estimator": "sklearn LogisticRegression on standardised features: a binary gate (account work or "
        "not, account evidence only) times a multinomial over the three rungs (account documents)",
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    version = dump_model(model, out, metadata=metadata)
    return TrainingReport(
        out, version, len(items) - len(skipped), len(labels), counts, data_sha, tuple(skipped)
    )


def cross_validate(
    labels_csv: str | Path | None = None,
    *,
    folds: int = 5,
    C: float = 0.1,
    threshold: float = 60.0,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> list:
    """Grouped k-fold estimate of accuracy on a labels CSV, as is and title-masked.

    A source and its renderings (``x.txt``, ``x.pdf``) share a fold, and each fold's model is
    trained as ``train_model`` trains (both copies of every training document). ``seed``
    shuffles the folds. Returns two ``matcher.scoring.evaluate.Evaluation`` (``as_is``, ``masked``)
    over every document once.
    """
    data = _cv_data(labels_csv, progress)
    return _cv_once(data, folds=folds, C=C, threshold=threshold, seed=seed)


def cross_validate_repeated(
    labels_csv: str | Path | None = None,
    *,
    folds: int = 5,
    repeats: int = 10,
    C: float = 0.1,
    threshold: float = 60.0,
    progress: Callable[[int, int], None] | None = None,
) -> list[list]:
    """``cross_validate`` with fold seeds 0 … ``repeats`` - 1, the documents read once.

    One k-fold split is a noisy estimate on a corpus of a few hundred documents: which
    documents share a fold moves macro-F1 by a point or more. Returns ``[as_is, masked]`` per
    seed, so a caller can report the mean and spread.
    """
    data = _cv_data(labels_csv, progress)
    return [_cv_once(data, folds=folds, C=C, threshold=threshold, seed=seed) for seed in range(repeats)]


@dataclass(frozen=True)
class _CVData:
    items: list
    as_is: Any
    masked: Any
    y: Any
    source: Any


def _cv_data(labels_csv: str | Path | None, progress: Callable[[int, int], None] | None) -> _CVData:
    import numpy as np

    from matcher.scoring.features import feature_matrix
    from matcher.taxonomy.load import load_taxonomy

    labels_csv = Path(labels_csv) if labels_csv is not None else default_labels()
    items = sorted(labelled_documents(labels_csv), key=lambda i: i.id)
    taxonomy = load_taxonomy()
    profiles, labels, groups, skipped = _read_all(items, taxonomy, progress)
    if skipped:
        raise UsageError(
            f"{labels_csv}: {len(skipped)} document(s) could not be read; fix them before "
            f"cross-validating (first: {skipped[0]})"
        )
    X = feature_matrix(profiles, taxonomy=taxonomy)
    ids = groups[0::2]
    source = np.asarray([Path(i).with_suffix("").as_posix() for i in ids])
    return _CVData(items, X[0::2], X[1::2], np.asarray(labels[0::2]), source)


def _cv_once(data: _CVData, *, folds: int, C: float, threshold: float, seed: int) -> list:
    import numpy as np
    from sklearn.model_selection import StratifiedGroupKFold

    from matcher.scoring.evaluate import ItemResult, summarise
    from matcher.scoring.features import ACCOUNT_EVIDENCE, FEATURES
    from matcher.scoring.model import RoleFitModel

    as_is, masked, y, source = data.as_is, data.masked, data.y, data.source
    names = [f.name for f in FEATURES]
    results: dict[bool, list] = {False: [], True: []}
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(as_is, y, source):
        model = RoleFitModel(C=C, threshold=threshold, gate_features=ACCOUNT_EVIDENCE).fit(
            np.vstack([as_is[train], masked[train]]),
            [*y[train], *y[train]],
            feature_names=names,
            groups=[*source[train], *source[train]],
        )
        for is_masked, view in ((False, as_is), (True, masked)):
            for i, proba in zip(test, model.predict_proba(view[test]), strict=True):
                item = data.items[int(i)]
                scores = tuple(round(float(v) * 100, 1) for v in proba[:3])
                predicted = model.decide(proba)
                why = rung_reasons(model, view[int(i)], item.label, predicted, names)
                results[is_masked].append(
                    ItemResult(item.id, item.kind, item.label, predicted, scores, why=why)
                )
    version = f"cross-validated ({folds} folds" + (f", seed {seed})" if seed else ")")
    return [
        summarise(sorted(results[m], key=lambda r: r.id), mode=mode, model_version=version)
        for m, mode in ((False, "as_is"), (True, "masked"))
    ]


def rung_reasons(model: Any, x: Any, label: str, predicted: str, names: list[str]) -> str | None:
    """Why ``model`` read the features ``x`` of a ``label`` document as another rung, in words;
    None unless both are rungs and differ.

    The rung stage is linear, so each feature's push toward the wrong rung over the right one
    is ``(W[predicted] - W[label]) z / T``; each side's pushes are shown as positive. Named: the ``REASONS`` features that pushed most
    toward the wrong rung, those that pushed most toward the right one, and the features the
    document has (value above zero) that push by less than ``UNUSED_PUSH`` either way — what
    was there but not used.
    """
    import numpy as np

    from matcher.types import RUNGS

    if label not in RUNGS or predicted not in RUNGS or label == predicted:
        return None
    x = np.asarray(x, dtype=float)
    z = model.standardise(x[None, :])[0]
    wrong, right = RUNGS.index(predicted), RUNGS.index(label)
    push = z * (model.coef_[wrong] - model.coef_[right]) / model.temperature_
    order = np.argsort(-push, kind="stable")

    def named(indices, sign: float) -> str:  # noqa: ANN001
        return ", ".join(f"{names[j]} {sign * push[j]:+.2f}" for j in indices) or "nothing"

    toward = [j for j in order[:REASONS] if push[j] >= UNUSED_PUSH]
    against = [j for j in order[::-1][:REASONS] if push[j] <= -UNUSED_PUSH]
    unused = [names[j] for j in range(len(names)) if x[j] > 0 and abs(push[j]) < UNUSED_PUSH]
    short = predicted.removeprefix("account_"), label.removeprefix("account_")
    return (
        f"toward {short[0]}: {named(toward, 1.0)}; toward {short[1]}: {named(against, -1.0)}; "
        f"present, unused: {', '.join(unused) or 'nothing'}"
    )
