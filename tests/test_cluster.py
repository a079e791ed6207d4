"""The dask engine on a 2-worker LocalCluster: the local engine's rows, each input exactly once.

One cluster serves the module (starting one takes a few seconds); the CLI tests start their
own, as ``matcher score --engine dask`` does.
"""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
from batch_files import AD, RESUME, bad_files, good_files
from click.testing import CliRunner

from matcher import batch
from matcher.batch import Settings
from matcher.cli import main

pytest.importorskip("distributed")

from matcher import cluster  # noqa: E402 - after the skip: it imports dask lazily, but say so

pytestmark = [
    pytest.mark.dask,
    # distributed leaves a probe socket to the garbage collector when it picks a port; with
    # warnings as errors that would stop a cluster from starting in the CLI tests.
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
BENCHMARK = Path(os.environ.get("MATCHER_BENCHMARK", ROOT.parent / "shared" / "benchmark"))
SETTINGS = Settings(cache_dir=None)


@pytest.fixture(scope="module")
def client():
    with cluster.connect(workers=2, threads=1) as client:
        yield client


def _local(targets, settings: Settings = SETTINGS) -> list[str]:
    return [line.text for line in batch.iter_row_lines(targets, settings=settings, jobs=2)]


def _texts(folder: Path, count: int) -> list[Path]:
    """Distinct resumes and ads as text files (distinct so that no row repeats another)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"doc-{i:04d}.txt"
        text = RESUME if i % 2 else AD
        path.write_text(text.replace("45 accounts", f"{i + 2} accounts") + f"\nReference {i}\n", encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.parametrize("targets", [
    [*(str(SAMPLES / "resumes" / g) for g in ("*.pdf", "*.docx", "am-*.txt")), SAMPLES / "ads.csv",
     SAMPLES / "ads.jsonl"],
])  # fmt: skip
def test_cluster_rows_are_the_local_engines_byte_for_byte(client, targets: list[Path]) -> None:
    expected = _local(targets)
    rows = [line.text for line in cluster.iter_row_lines(client, targets, settings=SETTINGS, partition=16)]
    assert rows == expected
    unordered = [line.text for line in cluster.iter_row_lines(client, targets, settings=SETTINGS, ordered=False)]
    assert sorted(unordered) == sorted(expected)


@pytest.mark.benchmark_data
@pytest.mark.skipif(not BENCHMARK.is_dir(), reason="../shared/benchmark is not present")
def test_cluster_rows_match_on_benchmark_files(client) -> None:
    targets = [*sorted((BENCHMARK / "resumes").glob("*.pdf")), BENCHMARK / "postings.jsonl",
               *sorted((BENCHMARK / "none_resumes").iterdir())[:40]]  # fmt: skip
    expected = _local(targets)
    assert len(expected) >= 100
    assert [line.text for line in cluster.iter_row_lines(client, targets, settings=SETTINGS)] == expected


def test_cluster_fsspec_urls_read_like_paths(client, tmp_path: Path) -> None:
    paths = good_files(tmp_path / "good")
    local = [json.loads(t) for t in _local([tmp_path / "good"])]
    # file:// is this machine's filesystem: listed and named as the local engine does.
    assert [line.text for line in cluster.iter_row_lines(client, [f"file://{tmp_path / 'good'}"],
                                                         settings=SETTINGS)] == _local([tmp_path / "good"])  # fmt: skip
    # Any other filesystem is fetched by the workers; a caching wrapper over local files is one.
    remote = [json.loads(line.text) for line in cluster.iter_row_lines(
        client, [f"simplecache::file://{tmp_path / 'good'}"], settings=SETTINGS)]  # fmt: skip
    assert [r["source"] for r in remote] == [f"file://{p}" for p in sorted(paths)]
    for theirs, ours in zip(local, remote, strict=True):
        assert {**theirs, "source": None} == {**ours, "source": None}


def test_cluster_partitions_and_manifest(client, tmp_path: Path) -> None:
    inputs = [*good_files(tmp_path / "good"), *bad_files(tmp_path / "bad"), SAMPLES / "ads.csv"]
    expected = _local(inputs)
    out = tmp_path / "out"
    errors: list[str] = []
    manifest = cluster.write_partitions(client, inputs, f"file://{out}", settings=SETTINGS, partition=8,
                                        on_error=errors.append)  # fmt: skip
    written = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    parts = [out / f["file"] for f in written["files"]]
    assert sorted(parts) == parts == sorted(out.glob("part-*.jsonl"))
    rows = [line for part in parts for line in part.read_text(encoding="utf-8").splitlines()]
    assert rows == expected  # every input once, in input order across the files
    assert written["rows"] == manifest.rows == len(expected)
    assert written["errors"] == len(errors) == sum(1 for r in rows if json.loads(r)["error"]) == 6
    assert sum(f["rows"] for f in written["files"]) == len(expected)
    assert written["versions"]["taxonomy"] and written["versions"]["model"] and written["versions"]["dask"]


def test_cluster_top_pairs_in_blocks_are_match_matrixs(client) -> None:
    from matcher.cli.match import rank_locally
    from matcher.taxonomy.load import load_taxonomy

    targets = [(str(SAMPLES / "ads" / "ae-*.txt"), "job_ad"), (str(SAMPLES / "resumes" / "am-*.txt"), "resume")]
    results = list(cluster.iter_results(client, targets, settings=SETTINGS))
    assert results == list(batch.iter_results(targets, settings=SETTINGS, jobs=2))
    ads = [r.profile for r in results if r.kind == "job_ad"]
    resumes = [r.profile for r in results if r.kind == "resume"]
    taxonomy = load_taxonomy()
    expected = rank_locally(resumes, ads, top=5, per="both", taxonomy=taxonomy)
    # Blocks that do not divide the sides evenly, so every top list is merged across blocks.
    found = cluster.top_pairs(client, resumes, ads, top=5, per="both", taxonomy=taxonomy,
                              resume_block=7, ad_block=11)  # fmt: skip
    assert found.blocks > 20
    assert (found.per_ad, found.per_resume) == expected
    assert all(len(picks) == 5 for picks in found.per_ad + found.per_resume)


def test_cluster_top_pairs_in_blocks_keep_the_occupation_part_and_the_unrelated_cap(client) -> None:
    # Documents of other occupations beside account ones: the occupation part compares codes
    # and groups (indices into a vocabulary of all the profiles), and unrelated resumes are
    # capped on account ads. Blocks of those arrays must rank as the whole matrix does.
    from matcher.cli.match import rank_locally
    from matcher.scoring.features import far_occupation
    from matcher.scoring.match import UNRELATED_CAP, match_profiles
    from matcher.taxonomy.load import load_taxonomy

    def some(pattern: str, count: int) -> list[Path]:
        return sorted(SAMPLES.glob(pattern))[:count]

    ads_in = some("ads/none-*.txt", 40) + some("ads/ac-*.txt", 12)
    resumes_in = some("resumes/none-*.txt", 50) + some("resumes/ae-*.txt", 12)
    results = list(batch.iter_results([*((p, "job_ad") for p in ads_in), *((p, "resume") for p in resumes_in)],
                                      settings=SETTINGS, jobs=2))  # fmt: skip
    ads = [r.profile for r in results if r.kind == "job_ad" and r.profile]
    resumes = [r.profile for r in results if r.kind == "resume" and r.profile]
    taxonomy = load_taxonomy()
    codes = {r.occupation.code for r in resumes if r.occupation} & {a.occupation.code for a in ads if a.occupation}
    assert len(codes - {None}) >= 3  # ads and resumes of the same occupations
    far = [i for i, r in enumerate(resumes) if far_occupation(r, taxonomy=taxonomy) is not None]
    assert len(far) >= 10
    expected = rank_locally(resumes, ads, top=6, per="both", taxonomy=taxonomy)
    found = cluster.top_pairs(client, resumes, ads, top=6, per="both", taxonomy=taxonomy,
                              resume_block=9, ad_block=7)  # fmt: skip
    assert found.blocks > 40
    assert (found.per_ad, found.per_resume) == expected
    # The picks are the occupation's: a non-account ad's best resume shares its code or group,
    # and an unrelated resume on an account ad is held under the cap.
    same = [match_profiles(resumes[picks[0]], ads[a], taxonomy=taxonomy)
            for a, picks in enumerate(found.per_ad) if ads[a].occupation and ads[a].occupation.code in codes]  # fmt: skip
    assert any(p.score > 0 and ("occupation", 100.0) in [(x.name, x.score) for x in p.parts] for p in same)
    account_ad = next(a for a in range(len(ads)) if ads[a].title_rung is not None)
    capped = match_profiles(resumes[far[0]], ads[account_ad], taxonomy=taxonomy)
    assert capped.score <= UNRELATED_CAP and any("far from client work" in r.text for r in capped.reasons)
    assert all(i not in far for i in found.per_ad[account_ad][:3])


@pytest.mark.slow
def test_cluster_worker_killed_mid_run_loses_and_repeats_nothing(client, tmp_path: Path) -> None:
    paths = _texts(tmp_path, 120)
    expected = _local(paths)
    pids = client.run(os.getpid)
    rows, lost, victim = [], (), None
    for line in cluster.iter_row_lines(client, paths, settings=SETTINGS, partition=4):
        rows.append(line.text)
        if victim is None and len(rows) >= 4:
            # The first worker seen with work in hand dies (on a loaded machine one of them may
            # be idle at any given row, so the victim is chosen when it is busy).
            busy = [(address, tasks) for address, tasks in sorted(client.processing().items()) if tasks]
            if busy:
                address, lost = busy[0]
                victim = pids[address]
                os.kill(victim, signal.SIGKILL)
    assert lost  # the worker died with work in hand
    assert rows == expected  # nothing lost, nothing twice, still in order
    client.wait_for_workers(2, timeout=60)
    assert victim not in client.run(os.getpid).values()  # the worker did die and was replaced


def test_cluster_cli_score_counts_every_input_with_broken_files(tmp_path: Path) -> None:
    good, bad = good_files(tmp_path / "good"), bad_files(tmp_path / "bad")
    inputs = [str(p) for pair in zip(good, bad) for p in pair] + [str(p) for p in bad[len(good):]]
    result = CliRunner().invoke(main, ["score", "--engine", "dask", "--workers", "2", "--no-cache",
                                       "--format", "json", "--partition", "3", *inputs])  # fmt: skip
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    assert result.stdout.splitlines() == _local(inputs)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"] for r in rows] == inputs
    assert sum(1 for r in rows if r["error"]) == len(bad)
    assert all(f"error: {r['error']}" in result.stderr for r in rows if r["error"])


def test_cluster_cli_match_gives_the_local_rows(tmp_path: Path) -> None:
    args = ["match", "--no-cache", "--format", "json", "--per", "both", "--top", "3",
            "--ads", str(SAMPLES / "ads" / "ae-*.txt"), "--resumes", str(SAMPLES / "resumes" / "am-*.txt")]  # fmt: skip
    local = CliRunner().invoke(main, args)
    distributed = CliRunner().invoke(main, [*args, "--engine", "dask"])
    assert local.exit_code == distributed.exit_code == 0, distributed.output
    assert distributed.stdout == local.stdout and local.stdout.count("\n") > 100


@pytest.mark.parametrize("args", [["--scheduler", "tcp://localhost:1"], ["--unordered"], ["--out-dir", "x"]])
def test_cluster_cli_dask_options_need_the_dask_engine(args: list[str]) -> None:
    result = CliRunner().invoke(main, ["score", *args, str(SAMPLES / "ads.csv")])
    assert result.exit_code == 2 and "needs --engine dask" in result.output


class _Poison:
    """A worker plugin: every worker (a restarted one too) dies on an input named poison.txt,
    as on a file that crashes the reader in C code."""

    name = "matcher-poison"

    def setup(self, worker) -> None:  # noqa: ANN001
        from matcher.batch import _Scorer

        handle = _Scorer.handle

        def poisoned(scorer, request):  # noqa: ANN001, ANN202
            if request["source"].endswith("poison.txt"):
                os._exit(1)
            return handle(scorer, request)

        _Scorer.handle = poisoned


@pytest.mark.slow
def test_cluster_an_input_that_kills_every_worker_gets_an_error_row(tmp_path: Path) -> None:
    import dask
    from distributed.diagnostics.plugin import WorkerPlugin

    paths = _texts(tmp_path, 12)
    poison = tmp_path / "poison.txt"
    poison.write_text(RESUME, encoding="utf-8")
    inputs = [*paths[:5], poison, *paths[5:]]
    plugin = type("Poison", (_Poison, WorkerPlugin), {})()
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        with cluster.connect(workers=2) as client:
            client.register_plugin(plugin)
            rows = [json.loads(line.text) for line in
                    cluster.iter_row_lines(client, inputs, settings=SETTINGS, partition=4)]  # fmt: skip
    assert [r["source"] for r in rows] == [str(p) for p in inputs]
    assert [r["source"] for r in rows if r["error"]] == [str(poison)]
    assert rows[5]["error"] == f"{poison}: {batch.CRASHED}"


def test_cluster_worker_keeps_its_scorer_until_recycled(monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    monkeypatch.setattr(batch, "RECYCLE", 5)
    monkeypatch.setattr(cluster, "_LOCAL", type(cluster._LOCAL)())
    settings = json.dumps(dataclasses.asdict(SETTINGS))
    first = cluster._scorer(settings, "line", 3, "2026-12-01")
    kept = cluster._scorer(settings, "line", 3, "2026-12-02")
    assert kept is first and kept.today.isoformat() == "2026-12-02"  # loaded once, kept; the run's day
    assert cluster._scorer(settings, "line", 3, "2026-12-02") is not first  # past 5 inputs: a fresh pipeline
    blind = json.dumps(dataclasses.asdict(Settings(cache_dir=None, blind=True)))
    assert cluster._scorer(blind, "line", 1, "2026-12-02").settings.blind


def test_cluster_present_is_the_clients_run_date(client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The workers started with the suite's day; a run on another day must count "Present" to
    # that day, as the local engine's fresh workers do, not to the day the workers started.
    path = tmp_path / "resume.txt"
    path.write_text(RESUME, encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1893456000")  # 2030-01-01
    expected = _local([path])
    assert '"2030-01-01"' in expected[0]
    assert [line.text for line in cluster.iter_row_lines(client, [path], settings=SETTINGS)] == expected


def test_cluster_cli_match_refuses_unordered() -> None:
    args = ["match", "--engine", "dask", "--unordered", "--ads", str(SAMPLES / "ads.csv"), "--resumes", "x"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "--unordered is for score" in result.output
