"""``matcher screen``: one ad, a pool of resumes, the shortlist best first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from batch_files import AD, RESUME
from click.testing import CliRunner

from matcher.cli import main

KEYS = {"source", "ad", "rank", "match", "fit", "must_haves", "reasons"}
# Three candidates for an account-executive ad: a close fit, a coordinator, and a nurse.
COORDINATOR = """Sam Lee
Account Coordinator, Brightline Agency, June 2022 - Present
- Scheduled client meetings and prepared weekly reports for the account team.
Education
B.A. Marketing, 2022
"""
NURSE = """Pat Quinn
Registered Nurse, City Hospital, 2015 - Present
- Provided patient care on a surgical ward.
"""


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("screen")
    paths = {}
    for name, text in {"ad.txt": AD, "close.txt": RESUME, "coordinator.txt": COORDINATOR, "nurse.txt": NURSE}.items():
        paths[name] = root / name
        paths[name].write_text(text, encoding="utf-8")
    return paths


def _screen(pool: dict[str, Path], *options: str, extra: tuple[str, ...] = ()) -> tuple[int, list[dict], str]:
    resumes = [str(pool[n]) for n in ("nurse.txt", "coordinator.txt", "close.txt")]
    result = CliRunner().invoke(main, ["screen", "--no-cache", "--jobs", "1", "--format", "json", *options,
                                       str(pool["ad.txt"]), *resumes, *extra])  # fmt: skip
    return result.exit_code, [json.loads(line) for line in result.stdout.splitlines()], result.stderr


def test_cli_screen_ranks_best_first_with_reasons(pool: dict[str, Path]) -> None:
    code, rows, err = _screen(pool)
    assert code == 0, err
    assert [Path(r["source"]).name for r in rows] == ["close.txt", "coordinator.txt", "nurse.txt"]
    assert [r["rank"] for r in rows] == [1, 2, 3]
    assert [r["match"] for r in rows] == sorted((r["match"] for r in rows), reverse=True)
    for row in rows:
        assert KEYS <= set(row) and row["ad"] == str(pool["ad.txt"])
        assert 0 <= row["match"] <= 100 and row["reasons"]
    top = rows[0]
    assert {m["status"] for m in top["must_haves"]} <= {"met", "not_met", "not_stated"}
    assert any(m["status"] == "met" and m["evidence"] for m in top["must_haves"])
    assert top["matched_skills"] and top["fit"]["account_executive"] > 50


@pytest.mark.parametrize(("options", "count"), [(("--top", "1"), 1), (("--top", "2"), 2), (("--min-score", "100"), 0)])
def test_cli_screen_top_and_min_score_cut_the_list(pool: dict[str, Path], options: tuple[str, ...], count: int) -> None:
    code, rows, _ = _screen(pool, *options)
    assert code == 0 and len(rows) == count
    if rows:
        assert Path(rows[0]["source"]).name == "close.txt"


def test_cli_screen_unreadable_resume_exits_1_and_ranks_the_rest(pool: dict[str, Path], tmp_path: Path) -> None:
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    code, rows, err = _screen(pool, extra=(str(empty),))
    assert code == 1 and len(rows) == 3
    assert f"error: {empty}: empty file" in err


def test_cli_screen_unreadable_ad_is_one_error(pool: dict[str, Path], tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["screen", "--no-cache", "--jobs", "1", str(tmp_path / "none.txt"),
                                       str(pool["close.txt"])])  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: the ad could not be read: {tmp_path / 'none.txt'}: no such file"


def test_cli_screen_table_lists_candidates(pool: dict[str, Path]) -> None:
    result = CliRunner().invoke(main, ["screen", "--no-cache", "--jobs", "1", "--format", "table",
                                       str(pool["ad.txt"]), str(pool["close.txt"]), str(pool["nurse.txt"])])  # fmt: skip
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"Candidates for {pool['ad.txt']}"
    assert lines[2].split()[:2] == ["1", str(pool["close.txt"])]
