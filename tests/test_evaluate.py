"""Evaluation: title masking, per-class scores and confusion, the CLI, and the shared benchmark."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from matcher.cli import main
from matcher.resources import models_dir
from matcher.scoring.evaluate import (
    ItemResult,
    benchmark_documents,
    evaluate,
    mask_titles,
    summarise,
)

BENCHMARK = models_dir().parent.parent / "shared" / "benchmark"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Account Executive", "[ROLE]"),
        ("Senior Account Manager at Acme", "Senior [ROLE] at Acme"),
        ("Sr. Acct. Mgr, West", "Sr. [ROLE], West"),
        ("We hire Account Executives and account coordinators.", "We hire [ROLE]."),
        ("Account Executives, Account Managers", "[ROLE], [ROLE]"),
        ("Key Account Manager / Account Executive", "Key [ROLE]"),
        ("ACCOUNT COORDINATOR", "[ROLE]"),
        ("Account Management and accounts payable", "Account Management and accounts payable"),
        ("Staff Accountant", "Staff Accountant"),
    ],
)
def test_evaluate_mask_titles(text: str, masked: str) -> None:
    assert mask_titles(text) == masked


def item(label: str, predicted: str) -> ItemResult:
    return ItemResult(f"{label}->{predicted}", "resume", label, predicted, (0.0, 0.0, 0.0))


def test_evaluate_summary_scores_and_confusion() -> None:
    results = [
        item("account_manager", "account_manager"),
        item("account_manager", "account_executive"),
        item("account_executive", "account_executive"),
        item("none", "none"),
        item("none", "account_manager"),
    ]
    summary = summarise(results, mode="as_is", model_version="m")
    scores = {c.label: c for c in summary.classes}
    assert (scores["account_manager"].precision, scores["account_manager"].recall) == (0.5, 0.5)
    assert (
        scores["account_executive"].precision == 0.5 and scores["account_executive"].recall == 1.0
    )
    assert summary.confusion[2] == (0, 1, 1, 0) and summary.confusion[3] == (0, 0, 1, 1)
    assert summary.none_without_rung == 0.5
    # Coordinator has no items, so the macro average is over the three classes present.
    assert summary.macro_f1 == pytest.approx((0.5 + 2 / 3 + 2 / 3) / 3, abs=1e-4)


def write_labels(folder: Path) -> Path:
    (folder / "am.txt").write_text(
        "Account Manager\nAcme, 2015 - Present\n- Managed 40 key client accounts; negotiated renewals and upsold "
        "clients\n- Led a team of 3; client retention 95%",
        encoding="utf-8",
    )
    (folder / "acct.txt").write_text(
        "Staff Accountant\nLedger & Co, 2015 - Present\n- Reconciled accounts payable and the general ledger",
        encoding="utf-8",
    )
    (folder / "labels.csv").write_text(
        "path,kind,label\nam.txt,resume,account_manager\nacct.txt,resume,none\n", encoding="utf-8"
    )
    return folder / "labels.csv"


def test_evaluate_cli_json_both_views(tmp_path: Path) -> None:
    labels = write_labels(tmp_path)
    result = CliRunner().invoke(main, ["eval", str(labels), "--format", "json"])
    assert result.exit_code == 0, (result.output, result.exception)
    views = json.loads(result.output)
    assert [v["mode"] for v in views] == ["as_is", "masked"]
    assert {i["id"]: i["predicted"] for i in views[0]["items"]} == {
        "am.txt": "account_manager",
        "acct.txt": "none",
    }


def test_evaluate_cli_table_and_usage(tmp_path: Path) -> None:
    labels = write_labels(tmp_path)
    result = CliRunner().invoke(main, ["eval", str(labels), "--masked"])
    assert result.exit_code == 0, (result.output, result.exception)
    assert result.output.startswith("== title-masked: macro-F1") and "confusion" in result.output
    assert CliRunner().invoke(main, ["eval"]).exit_code == 2


@pytest.mark.benchmark_data
@pytest.mark.slow
def test_evaluate_benchmark_as_is() -> None:
    if not BENCHMARK.is_dir():
        pytest.skip("../shared/benchmark is absent")
    items = benchmark_documents(BENCHMARK)
    assert {i.kind for i in items} == {"resume", "job_ad"}
    (as_is,) = evaluate(items, modes=("as_is",))
    assert len(as_is.items) == len(items) and not any(i.error for i in as_is.items)
    # Recorded, not tuned: the README reports the figures; this guards against a collapse.
    assert as_is.macro_f1 >= 0.5


def test_evaluate_masks_the_text_extracted_from_a_pdf(tmp_path: Path) -> None:
    from fpdf import FPDF

    from matcher.scoring.evaluate import LabelledDocument, read_labelled

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for line in ("Senior Account Manager", "Acme, 2016 - Present", "Led a team of account executives"):
        pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "r.pdf"
    pdf.output(str(path))
    item = LabelledDocument("r.pdf", "resume", "account_manager", path=path)
    masked = read_labelled(item, masked=True)
    assert "Senior [ROLE]" in masked.text and "Led a team of [ROLE]" in masked.text
    assert "Account Manager" in read_labelled(item).text
    assert all(s.end <= len(masked.text) for s in masked.sections)
