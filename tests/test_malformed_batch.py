"""A batch mixing broken files with good ones: every input out exactly once (issue 7, item 2).

The files are made by the test (``batch_files``); the whole pipeline runs for real, in
this process and through the worker pool.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from batch_files import bad_files, good_files, hostile_files
from click.testing import CliRunner

from matcher.cli import main

REASONS = {
    "empty.pdf": "empty file",
    "random.pdf": "not a PDF",
    "random.docx": "not a DOCX",
    "binary.txt": "binary data",
    "photo.png": "unsupported type",
    "truncated.pdf": "corrupt or truncated",
}


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[Path]]:
    root = tmp_path_factory.mktemp("mixed")
    return good_files(root / "good"), bad_files(root / "bad")


def _score(args: list[str]) -> tuple[int, list[dict], str]:
    result = CliRunner().invoke(main, ["score", "--no-cache", "--format", "json", *args])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    return result.exit_code, rows, result.stderr


@pytest.mark.parametrize("jobs", ["1", pytest.param("2", marks=pytest.mark.slow)])
def test_malformed_batch_every_input_once(mixed: tuple[list[Path], list[Path]], jobs: str) -> None:
    good, bad = mixed
    inputs = [p for pair in zip(good, bad) for p in pair] + bad[len(good):]  # interleaved
    code, rows, stderr = _score(["--jobs", jobs, *map(str, inputs)])
    assert code == 1
    assert [r["source"] for r in rows] == [str(p) for p in inputs]  # count in = count out, in order
    for row in rows:
        name = Path(row["source"]).name
        if Path(row["source"]) in good:
            assert row["error"] is None, row["error"]
            assert row["kind"] in ("resume", "job_ad")
            assert 0 <= row["fit"]["account_executive"] <= 100
        else:
            assert REASONS[name] in row["error"] and row["error"].startswith(row["source"] + ": ")
            assert "\n" not in row["error"]
            assert row["fit"] == dict.fromkeys(row["fit"]) and row["skills"] == [] and row["best_fit"] is None
            assert f"error: {row['error']}" in stderr
    assert "Traceback" not in stderr


def test_malformed_batch_folder_listing_counts_every_file(mixed: tuple[list[Path], list[Path]]) -> None:
    good, bad = mixed
    code, rows, _ = _score(["--jobs", "1", str(bad[0].parent), str(good[0].parent)])
    assert code == 1
    assert sorted(r["source"] for r in rows) == sorted(str(p) for p in [*bad, *good])
    assert sum(r["error"] is None for r in rows) == len(good)


def test_malformed_batch_all_good_exits_zero(mixed: tuple[list[Path], list[Path]]) -> None:
    good, _ = mixed
    code, rows, stderr = _score(["--jobs", "1", *map(str, good)])
    assert code == 0, stderr
    assert len(rows) == len(good) and all(r["error"] is None for r in rows)


def test_malformed_batch_hostile_files_count_in_equals_count_out(tmp_path: Path) -> None:
    scored, refused = hostile_files(tmp_path / "hostile")
    good = good_files(tmp_path / "good")[:1]
    inputs = [*good, *refused, *scored]
    code, rows, stderr = _score(["--jobs", "1", *map(str, inputs)])
    assert code == 1 and "Traceback" not in stderr
    assert [r["source"] for r in rows] == [str(p) for p in inputs]
    by_source = {r["source"]: r for r in rows}
    for path in [*good, *scored]:
        assert by_source[str(path)]["error"] is None and by_source[str(path)]["best_fit"] == "account_executive"
    for path, words in refused.items():
        assert words in by_source[str(path)]["error"]
