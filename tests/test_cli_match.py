"""``matcher match``: all pairs, the best resumes per ad and the best ads per resume."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from batch_files import AD, RESUME
from click.testing import CliRunner
from test_cli_screen import COORDINATOR, NURSE

from matcher.cli import main

COORDINATOR_AD = """Account Coordinator

Requirements
- Schedule client meetings and prepare weekly reports for the account team
- Bachelor's degree
"""


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("match")
    ads, resumes = root / "ads", root / "resumes"
    ads.mkdir()
    resumes.mkdir()
    (ads / "1-ae.txt").write_text(AD, encoding="utf-8")
    (ads / "2-ac.txt").write_text(COORDINATOR_AD, encoding="utf-8")
    for name, text in {"a-close.txt": RESUME, "b-coordinator.txt": COORDINATOR, "c-nurse.txt": NURSE}.items():
        (resumes / name).write_text(text, encoding="utf-8")
    return ads, resumes


def _match(folders: tuple[Path, Path], *options: str) -> list[dict]:
    ads, resumes = folders
    result = CliRunner().invoke(main, ["match", "--no-cache", "--jobs", "1", "--format", "json",
                                       "--ads", str(ads), "--resumes", str(resumes), *options])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def _groups(rows: list[dict], key: str) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(Path(row[key]).name, []).append(row)
    return groups


def test_cli_match_top_resumes_per_ad(folders: tuple[Path, Path]) -> None:
    rows = _match(folders, "--top", "2")
    groups = _groups(rows, "ad")
    assert list(groups) == ["1-ae.txt", "2-ac.txt"]  # ads in input order
    for group in groups.values():
        assert [r["rank"] for r in group] == [1, 2]
        assert group[0]["match"] >= group[1]["match"]
        assert all({"source", "ad", "rank", "match", "fit", "must_haves", "reasons"} <= set(r) for r in group)
    assert Path(groups["1-ae.txt"][0]["source"]).name == "a-close.txt"
    assert Path(groups["2-ac.txt"][0]["source"]).name == "b-coordinator.txt"


def test_cli_match_top_ads_per_resume(folders: tuple[Path, Path]) -> None:
    rows = _match(folders, "--per", "resume", "--top", "1")
    groups = _groups(rows, "source")
    assert list(groups) == ["a-close.txt", "b-coordinator.txt", "c-nurse.txt"]  # resumes in input order
    assert all(r["per"] == "resume" and r["rank"] == 1 for r in rows)
    # Each resume's best ad is the one the all-pairs table scores highest for it.
    every = _match(folders, "--per", "ad", "--top", "3")
    for name, [row] in groups.items():
        scores = {Path(r["ad"]).name: r["match"] for r in every if Path(r["source"]).name == name}
        assert row["match"] == max(scores.values()) == scores[Path(row["ad"]).name]
    assert Path(groups["b-coordinator.txt"][0]["ad"]).name == "2-ac.txt"


def test_cli_match_both_agrees_with_screen(folders: tuple[Path, Path]) -> None:
    rows = _match(folders, "--per", "both", "--top", "3")
    assert {r["per"] for r in rows} == {"ad", "resume"}
    assert len(rows) == 2 * 3 + 3 * 2
    ads, resumes = folders
    screened = CliRunner().invoke(main, ["screen", "--no-cache", "--jobs", "1", "--format", "json",
                                         str(ads / "1-ae.txt"), str(resumes)])  # fmt: skip
    by_screen = {r["source"]: r["match"] for r in map(json.loads, screened.stdout.splitlines())}
    for row in rows:
        if Path(row["ad"]).name == "1-ae.txt":
            assert row["match"] == by_screen[row["source"]]


@pytest.mark.parametrize("per", ["ad", "resume", "both"])
def test_cli_match_unreadable_ad_and_resume_are_rows_after_the_pairs(folders: tuple[Path, Path], tmp_path: Path,
                                                                      per: str) -> None:  # fmt: skip
    from test_cli_screen import unreadable_files

    ads, resumes = folders
    (broken_ad, _), (broken_resume, words) = list(unreadable_files(tmp_path).items())[1:]  # the empty .txt, the PNG
    result = CliRunner().invoke(main, ["match", "--no-cache", "--jobs", "1", "--format", "json", "--per", per,
                                       "--ads", str(ads), "--ads", str(broken_ad), "--resumes", str(resumes),
                                       "--resumes", str(broken_resume)])  # fmt: skip
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    pairs, failed = rows[:-2], rows[-2:]
    assert pairs and all(r["error"] is None and r["rank"] >= 1 for r in pairs)
    assert {r["source"] for r in pairs} == {str(p) for p in resumes.iterdir()}  # every good resume ranked
    assert [(r["ad"], r["source"], r["per"], r["rank"], r["match"]) for r in failed] == [
        (str(broken_ad), None, None, None, None), (None, str(broken_resume), None, None, None)]
    assert failed[0]["error"].startswith(f"{broken_ad}: empty file")
    assert failed[1]["error"].startswith(f"{broken_resume}: {words}")
    assert f"error: {broken_resume}: {words}" in result.stderr
