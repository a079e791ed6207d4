"""matcher.batch: one result per input, in input order, whatever happens to a worker.

Pool tests start real worker processes (a few seconds each on two cores): marked slow.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import threading
import time
from pathlib import Path

import pytest
from batch_files import AD, RESUME, good_files

from matcher.batch import Settings, _Pool, count_inputs, iter_results, iter_row_lines, iter_rows

NO_CACHE = Settings(cache_dir=None)


def _texts(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"doc{i:03d}.txt"
        path.write_text((AD if i % 3 == 0 else RESUME).replace("Northwind", f"Northwind {i}"), encoding="utf-8")
        paths.append(path)
    return paths


def test_batch_csv_rows_are_inputs_too(tmp_path: Path) -> None:
    batch = tmp_path / "ads.csv"
    with open(batch, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "title", "description"])
        writer.writerows([["a1", "Account Executive", AD], ["a2", "Account Executive", ""], ["a3", "", AD]])
    rows = list(iter_rows([batch], settings=NO_CACHE, jobs=1))
    assert [r["source"] for r in rows] == [f"{batch}#a1", f"{batch}#a2", f"{batch}#a3"]
    assert [r["error"] is None for r in rows] == [True, False, True]
    assert "no text" in rows[1]["error"]
    assert rows[0]["kind"] == "job_ad"
    assert count_inputs([batch]) is None
    _texts(tmp_path / "sub", 2)
    assert count_inputs([tmp_path / "missing.txt", tmp_path / "sub"]) == 3


def test_batch_missing_folder_and_empty_glob_are_reported(tmp_path: Path) -> None:
    results = list(iter_results([tmp_path / "nope.pdf", str(tmp_path / "*.docx")], settings=NO_CACHE, jobs=1))
    assert [r.error for r in results] == [f"{tmp_path / 'nope.pdf'}: no such file",
                                          f"{tmp_path / '*.docx'}: no file matches this pattern"]  # fmt: skip


def test_batch_kind_per_target_overrides_detection(tmp_path: Path) -> None:
    [resume, *_rest] = good_files(tmp_path)
    [result] = iter_results([(resume, "job_ad")], settings=NO_CACHE, jobs=1)
    assert result.kind == "job_ad" and result.profile.kind == "job_ad"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_batch_in_process_time_limit_gives_a_timeout_error(tmp_path: Path) -> None:
    stuck = tmp_path / "stuck.txt"
    os.mkfifo(stuck)  # opening it for reading blocks until a writer comes: never
    good = _texts(tmp_path / "good", 1)[0]
    started = time.monotonic()
    results = list(iter_results([stuck, good], settings=Settings(cache_dir=None, timeout=0.5), jobs=1))
    assert time.monotonic() - started < 30
    assert "timed out after 0.5 s" in results[0].error and results[1].error is None


@pytest.mark.slow
def test_batch_pool_keeps_input_order_and_count(tmp_path: Path) -> None:
    paths = _texts(tmp_path, 40)
    seen = []
    rows = list(iter_rows(paths, settings=NO_CACHE, jobs=2, progress=lambda: seen.append(1)))
    assert [r["source"] for r in rows] == [str(p) for p in paths]
    assert all(r["error"] is None for r in rows) and len(seen) == 40
    in_process = list(iter_rows(paths[:6], settings=NO_CACHE, jobs=1))
    assert rows[:6] == in_process  # the same answers either way


@pytest.mark.slow
def test_batch_row_lines_are_the_rows_as_json_text(tmp_path: Path) -> None:
    # matcher score prints the workers' JSON text as it is: it must be json.dumps of the row.
    paths = [*_texts(tmp_path, 7), tmp_path / "missing.txt", tmp_path / "empty.txt"]
    paths[-1].write_text("", encoding="utf-8")
    rows = list(iter_rows(paths, settings=NO_CACHE, jobs=2))
    expected = [(json.dumps(r, ensure_ascii=False), r["error"]) for r in rows]
    for jobs in (2, 1):
        lines = list(iter_row_lines(paths, settings=NO_CACHE, jobs=jobs))
        assert [(line.text, line.error) for line in lines] == expected
    assert [e is None for _, e in expected] == [True] * 7 + [False, False]


def _pool_results(pool: _Pool, paths: list[Path]) -> list:
    requests = iter({"path": str(p), "source": str(p), "kind": None} for p in paths)
    return list(pool.run(requests))


@pytest.mark.slow
@pytest.mark.parametrize(("sig", "message"), [(signal.SIGSTOP, "timed out after 1 s"),
                                              (signal.SIGKILL, "the reader crashed")])  # fmt: skip
def test_batch_pool_replaces_a_stuck_or_dead_worker(tmp_path: Path, sig: int, message: str) -> None:
    paths = _texts(tmp_path, 30)
    pool = _Pool(1, Settings(cache_dir=None, timeout=1.0), "result", grace=1.0)
    try:
        while not pool.workers[0].ready:  # let it load the pipeline before it is hit
            pool._receive(pool.workers[0], {})
        victim = pool.workers[0].process
        # Stopped (as if stuck in C code no signal reaches) or killed, mid-run:
        threading.Timer(0.05, os.kill, (victim.pid, sig)).start()
        results = _pool_results(pool, paths)
    finally:
        pool.close()
    assert [r.source for r in results] == [str(p) for p in paths]
    failed = [r for r in results if r.error]
    assert len(failed) == 1 and message in failed[0].error
    assert not victim.is_alive() and pool.workers[0].process is not victim


@pytest.mark.slow
def test_batch_pool_recycles_workers_without_losing_inputs(tmp_path: Path) -> None:
    paths = _texts(tmp_path, 10)
    pool = _Pool(1, NO_CACHE, "row", recycle=3)
    first = pool.workers[0].process
    try:
        rows = _pool_results(pool, paths)
    finally:
        pool.close()
    assert [r["source"] for r in rows] == [str(p) for p in paths]
    assert all(r["error"] is None for r in rows)
    assert pool.workers[0].process is not first and not first.is_alive()
