"""``matcher screen``: one ad, a pool of resumes, the shortlist best first."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from batch_files import AD, RESUME, write_pdf
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


def unreadable_files(folder: Path) -> dict[Path, str]:
    """Resumes a pool meets in the wild, made here, each with the words its error must hold."""
    folder.mkdir(parents=True, exist_ok=True)
    truncated = folder / "truncated.pdf"
    truncated.write_bytes(write_pdf(folder / "whole.pdf", RESUME).read_bytes()[:300])
    (folder / "whole.pdf").unlink()
    empty = folder / "empty.txt"
    empty.write_bytes(b"")
    photo = folder / "photo.docx"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 2)
    return {truncated: "corrupt or truncated PDF", empty: "empty file", photo: "unsupported type: a PNG image"}


def _rows(fmt: str, stdout: str) -> list[dict[str, str]]:
    """The printed rows, whatever the format, as {column: text}."""
    if fmt == "json":
        return [{k: "" if v is None else str(v) for k, v in json.loads(line).items()} for line in stdout.splitlines()]
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(stdout)))
    lines = stdout.splitlines()[1:]  # under the title
    starts = [lines[0].index(name) for name in ("rank", "candidate", "match", "best fit", "must-haves", "why")]
    cut = lambda line, i: line[starts[i]:starts[i + 1] if i + 1 < len(starts) else None].strip()  # noqa: E731
    rows = [{"rank": cut(line, 0), "source": cut(line, 1), "match": cut(line, 2), "why": cut(line, 5)} for line in lines[1:]]
    return [{**row, "error": row["why"].removeprefix("error: ") if row["why"].startswith("error: ") else ""}
            for row in rows]  # fmt: skip


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_cli_screen_unreadable_resumes_are_rows_after_the_ranked_ones(pool: dict[str, Path], tmp_path: Path,
                                                                       fmt: str) -> None:  # fmt: skip
    bad = unreadable_files(tmp_path)
    truncated, empty, photo = bad
    inputs = [truncated, pool["nurse.txt"], empty, pool["close.txt"], photo]
    result = CliRunner().invoke(main, ["screen", "--no-cache", "--jobs", "1", "--format", fmt,
                                       str(pool["ad.txt"]), *map(str, inputs)])  # fmt: skip
    assert result.exit_code == 1, result.stderr
    rows = _rows(fmt, result.stdout)
    assert sorted(r["source"] for r in rows) == sorted(map(str, inputs))  # every input, once
    ranked, failed = rows[:2], rows[2:]
    assert [(r["source"], r["rank"]) for r in ranked] == [(str(pool["close.txt"]), "1"), (str(pool["nurse.txt"]), "2")]
    assert all(float(r["match"]) >= 0 and r["error"] == "" for r in ranked)
    assert [r["source"] for r in failed] == [str(p) for p in bad]  # in input order
    for row, (path, words) in zip(failed, bad.items()):
        assert row["rank"] == row["match"] == ""
        assert row["error"].startswith(f"{path}: {words}")
        assert f"error: {path}: {words}" in result.stderr


@pytest.mark.parametrize("options", [("--top", "1"), ("--min-score", "100")])
def test_cli_screen_cuts_never_drop_an_unreadable_resume(pool: dict[str, Path], tmp_path: Path,
                                                         options: tuple[str, ...]) -> None:  # fmt: skip
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code, rows, _ = _screen(pool, *options, extra=(str(empty),))
    assert code == 1
    assert [r["source"] for r in rows if r["error"]] == [str(empty)]
    assert len(rows) == (2 if options[0] == "--top" else 1)


def test_cli_screen_error_row_has_every_key_of_a_ranked_row(pool: dict[str, Path], tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    _, rows, _ = _screen(pool, "--top", "1", extra=(str(empty),))
    ranked, failed = rows
    assert set(failed) == set(ranked) and ranked["error"] is None
    assert failed["ad"] == ranked["ad"] and failed["must_haves"] == failed["reasons"] == []
    assert set(failed["fit"].values()) == {None}


def test_cli_screen_blind_error_row_names_no_file(pool: dict[str, Path], tmp_path: Path) -> None:
    named = tmp_path / "Dana Okafor resume.txt"  # the candidate's name in the file's name
    named.write_bytes(b"")
    code, rows, err = _screen(pool, "--blind", extra=(str(named),))
    assert code == 1
    [failed] = [r for r in rows if r["error"]]
    assert failed["source"].startswith("candidate-") and failed["error"].startswith(failed["source"] + ": empty file")
    assert "Okafor" not in json.dumps(rows) and "Okafor" not in err


def test_cli_screen_report_lists_each_unreadable_resume(pool: dict[str, Path], tmp_path: Path) -> None:
    bad = unreadable_files(tmp_path / "bad")
    report = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["screen", "--no-cache", "--jobs", "1", "--format", "json", "--report",
                                       str(report), str(pool["ad.txt"]), str(pool["close.txt"]), *map(str, bad)])  # fmt: skip
    assert result.exit_code == 1
    html = report.read_text(encoding="utf-8")
    assert "1 of 4 candidates shown" in html and "Could not be read (3)" in html
    for path, words in bad.items():
        assert f'<li class="error"><b>{path}</b>: {words}' in html
    assert html.count('<section class="card" id="c') == 1  # a card for the ranked one only


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
