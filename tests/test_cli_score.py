"""``matcher score``: the JSON contract, CSV and table output, exit statuses."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from batch_files import good_files
from click.testing import CliRunner

from matcher.cli import main
from matcher.types import RUNGS

CONTRACT = {"source", "kind", "fit", "best_fit", "reasons", "skills", "error", "taxonomy_version", "model_version"}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    paths = good_files(tmp_path_factory.mktemp("score"))
    return {p.name: p for p in paths}


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["score", "--no-cache", "--jobs", "1", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("name", ["resume.txt", "resume.docx", "resume.pdf", "ad.txt"])
def test_cli_score_json_contract(files: dict[str, Path], name: str) -> None:
    code, out, err = _invoke("--format", "json", str(files[name]))
    assert code == 0, err
    [row] = [json.loads(line) for line in out.splitlines()]
    assert CONTRACT <= set(row)
    assert row["source"] == str(files[name]) and row["error"] is None
    assert row["kind"] == ("job_ad" if name == "ad.txt" else "resume")
    assert set(row["fit"]) == set(RUNGS) and all(0 <= v <= 100 for v in row["fit"].values())
    assert row["best_fit"] in (*RUNGS, None)
    assert row["best_fit"] == "account_executive"  # both documents are about that rung
    assert row["reasons"] and all({"text", "weight", "evidence"} <= set(r) for r in row["reasons"])
    assert row["skills"] and all({"id", "label", "text"} <= set(s) for s in row["skills"])
    assert row["taxonomy_version"] and row["model_version"]


def test_cli_score_same_resume_any_format_same_answer(files: dict[str, Path]) -> None:
    _, out, _ = _invoke("--format", "json", *(str(files[n]) for n in ("resume.txt", "resume.docx", "resume.pdf")))
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows[0]["fit"] == rows[1]["fit"] == rows[2]["fit"]
    assert [s["id"] for s in rows[0]["skills"]] == [s["id"] for s in rows[2]["skills"]]


def test_cli_score_csv_has_one_row_per_input(files: dict[str, Path], tmp_path: Path) -> None:
    missing = tmp_path / "missing.pdf"
    code, out, err = _invoke("--format", "csv", str(files["resume.txt"]), str(missing))
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["source"] for r in rows] == [str(files["resume.txt"]), str(missing)]
    assert float(rows[0]["account_executive"]) > 50 and rows[0]["best_fit"] == "account_executive"
    assert rows[1]["error"] == f"{missing}: no such file" and rows[1]["account_executive"] == ""
    assert err.strip() == f"error: {missing}: no such file"


def test_cli_score_table_in_a_pipe_is_plain_text_with_a_summary(files: dict[str, Path], tmp_path: Path) -> None:
    code, out, err = _invoke("--format", "table", str(files["ad.txt"]), str(tmp_path / "gone.docx"))
    assert code == 1
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["source", "kind", "coordinator"]
    assert str(files["ad.txt"]) in lines[1] and "job_ad" in lines[1]
    assert "no such file" in lines[2]
    assert err.splitlines()[-1] == "1 of 2 inputs could not be read"


def test_cli_score_out_writes_the_file(files: dict[str, Path], tmp_path: Path) -> None:
    target = tmp_path / "scores.jsonl"
    code, out, _ = _invoke("--out", str(target), str(files["resume.txt"]))
    assert code == 0 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["source"] == str(files["resume.txt"])  # json by default


@pytest.mark.parametrize("args", [[], ["--format", "xml", "a.txt"], ["--pdf-engine", "magic", "a.pdf"],
                                  ["--jobs", "0", "a.txt"], ["--timeout", "-1", "a.txt"]])  # fmt: skip
def test_cli_score_usage_errors_exit_2(args: list[str]) -> None:
    code, _, err = _invoke(*args)
    assert code == 2 and "Usage:" in err


def test_score_json_says_which_recogniser_found_each_skill_and_whether_it_is_sure(tmp_path, monkeypatch):
    import re

    from matcher.types import MEANING_CONFIRMED

    # --meaning sets MATCHER_MEANING for the process (workers read it); put it back afterwards.
    monkeypatch.setenv("MATCHER_MEANING", "0")
    resume = tmp_path / "resume.txt"
    resume.write_text("Sam Carter\nEXPERIENCE\nAccount Manager | Acme Supply | 2019 - Present\n"
                      "- Looked after a portfolio of client relationships across the Midwest.\n"
                      "- Negotiated contract renewals with key accounts.\n"
                      "- Rang up companies that had never heard of us to introduce our products.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--meaning", "score", str(resume), "--format", "json", "--no-cache"])
    assert result.exit_code == 0, result.output
    skills = json.loads(result.output.splitlines()[0])["skills"]
    by = {s["recogniser"] for s in skills}
    assert by == {"pattern", "meaning"}
    for skill in skills:
        if skill["recogniser"] == "pattern":
            assert skill["confirmed"] is True
        else:  # the evidence gives the score; under the line the skill is not sure enough to meet a must-have
            said = re.match(r"by meaning(?: \(trained reader\))?, ([0-9.]+) (?:close to|sure, like)", skill["evidence"])
            assert skill["confirmed"] is (float(said.group(1)) >= MEANING_CONFIRMED)
            assert skill["reader"] is ("trained reader" in skill["evidence"])
