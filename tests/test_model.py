"""The estimator: scikit-learn contract, JSON persistence checked by digest, numpy-only scoring."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from matcher.errors import ModelError, NotFittedError
from matcher.scoring.model import CLASSES, RoleFitModel, dump_model, load_model, model_to_json

NAMES = ["years", "duties_a", "duties_b", "integrity_issue"]


def small_data() -> tuple[np.ndarray, list[str]]:
    rng = np.random.default_rng(0)
    X, y = [], []
    for k, label in enumerate(CLASSES):
        for _ in range(12):
            row = rng.normal(0, 0.3, size=len(NAMES))
            row[0] += k
            row[1 + (k % 2)] += 1.0
            row[3] = 0.0
            X.append(row)
            y.append(label)
    return np.asarray(X), y


def test_model_predict_before_fit_raises() -> None:
    with pytest.raises(NotFittedError, match="not fitted"):
        RoleFitModel().predict_proba(np.zeros((1, 4)))


def test_model_fit_returns_self_and_sets_attributes() -> None:
    X, y = small_data()
    model = RoleFitModel(C=2.0)
    assert model.fit(X, y, feature_names=NAMES) is model
    assert (
        model.coef_.shape == (3, 4) and model.gate_coef_.shape == (4,) and model.classes_ == CLASSES
    )
    assert model.get_params()["C"] == 2.0


def test_model_probabilities_are_calibrated_rows() -> None:
    X, y = small_data()
    proba = RoleFitModel().fit(X, y, feature_names=NAMES).predict_proba(X)
    assert np.allclose(proba.sum(axis=1), 1.0)
    accuracy = np.mean(
        [CLASSES[i] == label for i, label in zip(proba.argmax(axis=1), y, strict=True)]
    )
    assert accuracy > 0.8


def test_model_integrity_issue_moves_weight_to_none() -> None:
    X, y = small_data()
    model = RoleFitModel().fit(X, y, feature_names=NAMES)
    row = X[y.index("account_manager")].copy()
    clean = model.predict_proba(row)[0]
    row[3] = 1.0
    flagged = model.predict_proba(row)[0]
    assert flagged[-1] > clean[-1] and flagged[2] < clean[2]


@pytest.mark.parametrize("labels", [["account_manager"] * 48, ["chef"] + ["none"] * 47])
def test_model_rejects_bad_labels(labels: list[str]) -> None:
    X, _ = small_data()
    with pytest.raises(ModelError, match="no training example|unknown label"):
        RoleFitModel().fit(X, labels, feature_names=NAMES)


def test_model_json_round_trip_scores_the_same(tmp_path: Path) -> None:
    X, y = small_data()
    model = RoleFitModel().fit(X, y, feature_names=NAMES)
    path = tmp_path / "role_fit.v9.json"
    version = dump_model(model, path, metadata={"note": "test"})
    loaded = load_model(path)
    assert loaded.model_version_ == version and version.startswith("role_fit.v9+")
    assert np.allclose(loaded.predict_proba(X), model.predict_proba(X))
    assert model_to_json(model, metadata={"note": "test"}) == path.read_text()


def test_model_edited_file_is_refused(tmp_path: Path) -> None:
    X, y = small_data()
    path = tmp_path / "m.json"
    dump_model(RoleFitModel().fit(X, y, feature_names=NAMES), path, metadata={})
    data = json.loads(path.read_text())
    data["body"]["intercept"][0] += 1.0
    path.write_text(json.dumps(data))
    with pytest.raises(ModelError, match="sha256 does not match"):
        load_model(path)


@pytest.mark.parametrize(("content", "message"), [
    (b"\x80\x04\x95 pickle bytes", "not a readable model file"),
    (b'{"format": "other"}', "not a matcher role-fit model"),
])  # fmt: skip
def test_model_not_json_or_foreign_is_refused(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "m.json"
    path.write_bytes(content)
    with pytest.raises(ModelError, match=message):
        load_model(path)


def test_model_missing_file_says_how_to_fix(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="run `matcher train`"):
        load_model(tmp_path / "absent.json")


def test_model_shipped_model_loads_with_versions() -> None:
    model = load_model()
    assert model.model_version_.startswith("role_fit.v1+")
    assert model.metadata_["taxonomy_version"]
    assert "benchmark" not in json.dumps(model.metadata_["training_data"])


def test_model_scoring_does_not_import_sklearn() -> None:
    code = (
        "import sys\n"
        "from matcher.scoring.fit import fit_roles\n"
        "from matcher.types import Profile\n"
        "fit_roles(Profile(source='x', kind='resume'))\n"
        "print('sklearn' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_model_named_account_evidence_never_counts_against_account_work() -> None:
    # In small_data "none" documents have the most years: a free gate weighs years against
    # account work; named as account evidence, years may add to it or say nothing.
    X, y = small_data()
    free = RoleFitModel().fit(X, y, feature_names=NAMES)
    named = RoleFitModel(gate_features=NAMES[:3]).fit(X, y, feature_names=NAMES)
    assert free.gate_coef_[0] < 0
    assert (named.gate_coef_[:3] >= 0).all() and named.gate_coef_[0] == 0.0
    assert named.gate_coef_[3] < 0  # the fixed integrity penalty is not evidence
