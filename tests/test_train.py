"""Training: byte-identical model files from the same data; the shipped model rebuilt from samples/."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from matcher.cli import main
from matcher.errors import UsageError
from matcher.scoring.model import load_model
from matcher.scoring.train import train_model

CORPUS = {
    "account_coordinator": [
        ("Account Coordinator\nBrightline Agency, 2023 - Present\n- Scheduled client meetings and kept client "
        "records up to date\n- Processed orders and invoices for 30 client accounts\nBA Communications, 2023"),
        ("Client Services Coordinator\nHarbor Insurance, 2022 - Present\n- Answered client questions and requests\n"
        "- Prepared weekly reports for the account team\n- Maintained records in the CRM"),
    ],
    "account_executive": [
        ("Account Executive\nParcelPath, 2019 - Present\n- Prospected and closed new business, 112% of quota\n"
        "- Cold called mid-market buyers and ran product demos for clients"),
        ("Sales Account Executive\nNimbus SaaS, 2020 - Present\n- Owned the full sales cycle from prospecting to "
        "closing\n- Exceeded quota for 3 years; presented proposals to client buyers"),
    ],
    "account_manager": [
        ("Account Manager\nAcme Logistics, 2016 - Present\n- Managed a book of 40 key client accounts worth $3M\n"
        "- Negotiated contract renewals and upsold existing clients\n- Led a team of 3 account coordinators"),
        ("Senior Account Manager\nOrbit Media, 2014 - Present\n- Grew client retention to 96% through account plans\n"
        "- Mentored junior account staff; led renewals with strategic accounts"),
    ],
    "none": [
        ("Staff Accountant\nLedger & Co, 2015 - Present\n- Reconciled accounts payable and receivable\n"
        "- Prepared month-end close and general ledger entries"),
        ("Registered Nurse\nCity Hospital, 2012 - Present\n- Cared for patients on a surgical ward\n"
        "- Trained new nurses on charting"),
    ],
}


def write_corpus(folder: Path) -> Path:
    rows = ["path,kind,label,role,industry,notes"]
    for label, texts in CORPUS.items():
        for i, text in enumerate(texts):
            name = f"{label}-{i}.txt"
            (folder / name).write_text(text, encoding="utf-8")
            rows.append(f"{name},resume,{label},,,")
    labels = folder / "labels.csv"
    labels.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return labels


def test_train_twice_gives_identical_bytes(tmp_path: Path) -> None:
    labels = write_corpus(tmp_path)
    first = train_model(labels, out=tmp_path / "a.json")
    second = train_model(labels, out=tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert first.documents == 8 and first.rows == 16
    assert first.model_version.split("+")[1] == second.model_version.split("+")[1]
    model = load_model(tmp_path / "a.json")
    assert model.metadata_["training_data"]["sha256"] == first.data_sha256


def test_train_changed_data_changes_the_digest(tmp_path: Path) -> None:
    labels = write_corpus(tmp_path)
    before = train_model(labels, out=tmp_path / "a.json").data_sha256
    (tmp_path / "none-1.txt").write_text(
        CORPUS["none"][1] + "\n- Led a ward team", encoding="utf-8"
    )
    assert train_model(labels, out=tmp_path / "b.json").data_sha256 != before


def test_train_lists_every_bad_row(tmp_path: Path) -> None:
    labels = tmp_path / "labels.csv"
    labels.write_text(
        "path,kind,label\nmissing.txt,resume,account_manager\nx.txt,resume,chef\n", encoding="utf-8"
    )
    (tmp_path / "x.txt").write_text("text", encoding="utf-8")
    with pytest.raises(
        UsageError,
        match=r"2 problems:\n  - line 2: file 'missing.txt' not found.*\n  - line 3: label 'chef'",
    ):
        train_model(labels, out=tmp_path / "m.json")


def test_train_cli_writes_the_model(tmp_path: Path) -> None:
    labels = write_corpus(tmp_path)
    result = CliRunner().invoke(
        main, ["train", "--data", str(labels), "--out", str(tmp_path / "m.json")]
    )
    assert result.exit_code == 0, (result.output, result.exception)
    assert "wrote" in result.output and (tmp_path / "m.json").is_file()


@pytest.mark.slow
def test_train_shipped_samples_reproduce_the_shipped_model(tmp_path: Path) -> None:
    # The checkout's own samples and model, so the check also runs where the package is
    # installed from a wheel (as CI does), not only in an editable install.
    checkout = Path(__file__).resolve().parents[1]
    samples = checkout / "samples" / "labels.csv"
    if not samples.is_file():
        pytest.skip("samples/ is not beside the tests")
    train_model(samples, out=tmp_path / "role_fit.v1.json")
    assert (tmp_path / "role_fit.v1.json").read_bytes() == (
        checkout / "models" / "role_fit.v1.json"
    ).read_bytes()


def test_train_cross_validate_scores_every_document_once(tmp_path: Path) -> None:
    from matcher.scoring.train import cross_validate

    labels = write_corpus(tmp_path)
    as_is, masked = cross_validate(labels, folds=2)
    assert (as_is.mode, masked.mode) == ("as_is", "masked")
    assert sorted(i.id for i in as_is.items) == sorted(p.name for p in tmp_path.glob("*.txt"))
    assert sum(map(sum, as_is.confusion)) == 8


def test_train_cli_cv_prints_both_views(tmp_path: Path) -> None:
    labels = write_corpus(tmp_path)
    result = CliRunner().invoke(main, ["train", "--data", str(labels), "--cv", "2"])
    assert result.exit_code == 0, (result.output, result.exception)
    assert "== as is: macro-F1" in result.output and "== title-masked: macro-F1" in result.output
    assert not list(tmp_path.glob("*.json"))


def test_train_cli_repeated_cv_reports_mean_and_spread_per_view(tmp_path: Path) -> None:
    from matcher.scoring.train import cross_validate, cross_validate_repeated

    labels = write_corpus(tmp_path)
    runs = cross_validate_repeated(labels, folds=2, repeats=3)
    # Each repeat is the single run with that fold seed, so the figures can be reproduced.
    assert [r.macro_f1 for r in runs[1]] == [r.macro_f1 for r in cross_validate(labels, folds=2, seed=1)]
    result = CliRunner().invoke(main, ["train", "--data", str(labels), "--cv", "2", "--repeats", "3"])
    assert result.exit_code == 0, (result.output, result.exception)
    lines = result.output.splitlines()
    assert lines[0] == "== 2-fold cross-validation repeated 3 times (fold seeds 0-2)"
    mean = sum(run[1].macro_f1 for run in runs) / 3
    assert lines[3].startswith("title-masked") and f"{mean:.3f} ± " in lines[3]
    assert not list(tmp_path.glob("*.json"))


def test_train_cli_repeats_without_cv_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["train", "--data", str(write_corpus(tmp_path)), "--repeats", "3"])
    assert result.exit_code == 2 and "--repeats needs --cv" in result.output


class _LinearRungs:
    """The rung stage of a model, as ``rung_reasons`` reads it: z = x, coefficients per rung."""

    # features:      quota  retention  degree  team
    coef_ = np.array([[0.0, 0.0, 0.0, -1.0],   # coordinator
                      [2.0, -1.0, 0.0, 0.0],   # executive
                      [-1.0, 1.5, 0.0, 1.0]])  # manager  # fmt: skip
    temperature_ = 1.0

    def standardise(self, X: np.ndarray) -> np.ndarray:
        return X


NAMES = ["quota", "retention", "degree", "team"]


@pytest.mark.parametrize(
    ("x", "label", "predicted", "toward_wrong", "toward_right", "unused"),
    [
        ([1.0, 0.5, 1.0, 0.0], "account_manager", "account_executive", "quota +3.00",
         "retention +1.25", "degree"),
    ],
)  # fmt: skip
def test_train_rung_reasons_name_what_carried_the_wrong_rung(
    x: list[float], label: str, predicted: str, toward_wrong: str, toward_right: str, unused: str
) -> None:
    from matcher.scoring.train import rung_reasons

    why = rung_reasons(_LinearRungs(), np.array(x), label, predicted, NAMES)
    assert why is not None
    wrong, right, present = why.split("; ")
    assert wrong.startswith("toward executive:") and toward_wrong in wrong and "retention" not in wrong
    assert right.startswith("toward manager:") and toward_right in right and "quota" not in right
    assert present == f"present, unused: {unused}"


@pytest.mark.parametrize(
    ("label", "predicted"),
    [("account_manager", "account_manager"), ("account_manager", "none"), ("none", "account_executive")],
)
def test_train_rung_reasons_only_for_one_rung_read_as_another(label: str, predicted: str) -> None:
    from matcher.scoring.train import rung_reasons

    assert rung_reasons(_LinearRungs(), np.ones(4), label, predicted, NAMES) is None


def test_train_cv_table_prints_why_under_a_misread_rung() -> None:
    import io

    from matcher.cli.evaluate import _write
    from matcher.scoring.evaluate import ItemResult, summarise

    why = "toward executive: quota_metric +2.40; toward manager: retention_metric +1.80; present, unused: nothing"
    items = [
        ItemResult("a.txt", "resume", "account_manager", "account_executive", (1.0, 60.0, 30.0), why=why),
        ItemResult("b.txt", "resume", "account_manager", "account_manager", (1.0, 10.0, 80.0)),
    ]
    stream = io.StringIO()
    _write(summarise(items, mode="masked", model_version="test"), stream)
    lines = stream.getvalue().splitlines()
    n = next(k for k, line in enumerate(lines) if line.startswith("a.txt"))
    assert lines[n + 1].strip() == why
    assert lines[n + 2].startswith("b.txt")
