"""The dask engine on this machine: scoring throughput against the local engine, and all
pairs in blocks with time and peak memory per worker, projected to 1M resumes × 100k ads.

    python benchmarks/dask_engine.py                                   # 2,000 docs; 100k × 10k
    python benchmarks/dask_engine.py --docs 500 --resumes 20000 --ads 2000   # a quick look

Scoring: the same distinct text files (``throughput._unique_texts``) through
``matcher.batch.iter_row_lines`` with ``--jobs`` worker processes (pool start-up and pipeline
load included, as ``matcher score`` pays them) and through ``matcher.cluster.iter_row_lines``
on a LocalCluster of as many single-threaded workers: once with the pipeline still to load
("cold", the fair comparison) and once more ("warm"). Cluster start-up is shown apart: on a
real cluster it is paid once, not per run. The local engine runs before and after the dask
runs and its mean is the reference, to spread the drift of a shared machine over both.

All pairs: ``throughput.synthetic_profiles`` (real profiles of the samples, perturbed) through
``matcher.cluster.top_pairs``, top ``--top`` resumes per ad, on a fresh LocalCluster (so each
worker's peak RSS is the blocks', not spaCy's). One block is also run alone in this process
for its own time and allocation peak, the figure the projection multiplies.

Timings on a shared 2-core machine are noisy; the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import throughput

from matcher import batch, cluster
from matcher.batch import Settings


def _load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def scoring(count: int, workers: int) -> dict[str, float]:
    settings = Settings(cache_dir=None)
    out: dict[str, float] = {"docs": count}
    with tempfile.TemporaryDirectory() as folder:
        files = throughput._unique_texts(Path(folder), count)

        def local() -> float:
            started = time.perf_counter()
            rows = sum(1 for _ in batch.iter_row_lines(files, settings=settings, jobs=workers))
            assert rows == count
            return time.perf_counter() - started

        first = local()
        started = time.perf_counter()
        with cluster.connect(workers=workers, threads=1) as client:
            out["cluster_start"] = time.perf_counter() - started
            for run in ("dask_cold", "dask_warm"):
                started = time.perf_counter()
                rows = sum(1 for _ in cluster.iter_row_lines(client, files, settings=settings))
                out[run] = time.perf_counter() - started
                assert rows == count
        out["local"] = (first + local()) / 2
        out["local_runs"] = [first, out["local"] * 2 - first]  # type: ignore[assignment]
    return out


def _nbytes(side) -> int:  # noqa: ANN001 - a matcher.scoring.match._Side
    total = 0
    for name in ("skills", "preferred", "certs"):
        matrix = getattr(side, name)
        if matrix is not None:
            total += matrix.data.nbytes + matrix.indices.nbytes + matrix.indptr.nbytes
    columns = ("years", "education", "rung", "occupation", "code", "group")
    return total + sum(getattr(side, name).nbytes for name in columns)


def all_pairs(n_resumes: int, n_ads: int, top: int, workers: int, resume_block: int, ad_block: int) -> dict:
    import resource

    from matcher.scoring.match import _ad_fits, _sides, match_matrix
    from matcher.taxonomy.load import load_taxonomy

    taxonomy = load_taxonomy()
    started = time.perf_counter()
    resumes, ads = throughput.synthetic_profiles(n_resumes, n_ads)
    out: dict = {"resumes": n_resumes, "ads": n_ads, "top": top, "profiles_s": time.perf_counter() - started}

    started = time.perf_counter()
    r, a = _sides(resumes, ads, _ad_fits(ads, taxonomy), taxonomy)
    out["encode_s"] = time.perf_counter() - started
    out["resume_bytes"], out["ad_bytes"] = _nbytes(r), _nbytes(a)

    # One block alone: its time and the memory it allocates (the per-block cost).
    rb, ab = r.rows(slice(0, resume_block)), a.rows(slice(0, ad_block))
    cluster._block_top(r.rows(slice(0, 50)), a.rows(slice(0, 5)), 0, 0, top, 0)  # first-call set-up
    tracemalloc.start()
    started = time.perf_counter()
    result = cluster._block_top(rb, ab, 0, 0, top, 0)
    out["block_s"] = time.perf_counter() - started
    out["block_peak"] = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    out["block_in_bytes"] = _nbytes(rb) + _nbytes(ab)
    out["block_out_bytes"] = result[0].nbytes + result[1].nbytes

    started = time.perf_counter()
    with cluster.connect(workers=workers, threads=1) as client:
        out["cluster_start"] = time.perf_counter() - started
        started = time.perf_counter()
        found = cluster.top_pairs(client, resumes, ads, top=top, per="ad", taxonomy=taxonomy,
                                  resume_block=resume_block, ad_block=ad_block)  # fmt: skip
        out["wall"] = time.perf_counter() - started
        out["blocks"] = found.blocks
        rss = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        out["worker_maxrss"] = sorted(v * 1024 for v in rss.values())
    assert len(found.per_ad) == n_ads and all(len(p) == top for p in found.per_ad)
    # The blocks pick what the whole matrix picks (checked on a corner that fits in one process).
    corner = match_matrix(resumes[: resume_block * 2], ads[:200], top_k=top, taxonomy=taxonomy)
    with cluster.connect(workers=workers, threads=1) as client:
        check = cluster.top_pairs(client, resumes[: resume_block * 2], ads[:200], top=top, per="ad",
                                  taxonomy=taxonomy, resume_block=resume_block // 3, ad_block=64)  # fmt: skip
    out["agrees"] = check.per_ad == [[int(i) for i in row if i >= 0] for row in corner.indices]
    return out


def _block_ws(pairs: dict, workers: int) -> float:
    """Worker-seconds per block on the cluster: the wall time less the encoding (done in the
    client before any block starts), times the workers."""
    return max(pairs["wall"] - pairs["encode_s"], 0.0) * workers / pairs["blocks"]


def project(pairs: dict, workers: int, to_resumes: int = 1_000_000, to_ads: int = 100_000) -> dict:
    """The measured per-block cost scaled to ``to_resumes`` × ``to_ads`` with the same blocks."""
    rb, ab = pairs["resume_block"], pairs["ad_block"]
    blocks = -(-to_resumes // rb) * -(-to_ads // ab)
    scale_r, scale_a = to_resumes / pairs["resumes"], to_ads / pairs["ads"]
    measured_ws = _block_ws(pairs, workers)
    side_bytes = pairs["resume_bytes"] * scale_r + pairs["ad_bytes"] * scale_a
    return {
        "blocks": blocks,
        "worker_hours_alone": blocks * pairs["block_s"] / 3600,
        "worker_hours_cluster": blocks * measured_ws / 3600,
        "side_bytes": side_bytes,
        # Every block's task gets its two slices (the most the scheduler could move) and sends
        # back top-k for its ads.
        "bytes_in_max": blocks * pairs["block_in_bytes"],
        "bytes_out": blocks * pairs["block_out_bytes"],
        "encode_s": pairs["encode_s"] * (scale_r + scale_a) / 2,
    }


def report(score: dict | None, pairs: dict | None, workers: int) -> str:
    lines = [f"{os.cpu_count()} cores, load average {_load()} at the end; {workers} workers × 1 thread."]
    if score:
        lines += [
            "",
            f"Scoring {score['docs']:,} distinct text files:",
            f"- local engine (`--jobs {workers}`, pool start included): {score['local']:.1f} s "
            f"= {score['docs'] / score['local']:.0f} docs/s (runs: "
            + ", ".join(f"{x:.1f} s" for x in score["local_runs"]) + ")",
            f"- dask engine, pipeline load included: {score['dask_cold']:.1f} s = "
            f"{score['docs'] / score['dask_cold']:.0f} docs/s; ratio dask/local "
            f"{score['local'] / score['dask_cold']:.2f}",
            f"- dask engine, warm workers: {score['dask_warm']:.1f} s = "
            f"{score['docs'] / score['dask_warm']:.0f} docs/s; ratio {score['local'] / score['dask_warm']:.2f}",
            f"- LocalCluster start-up (apart): {score['cluster_start']:.1f} s",
        ]
    if pairs:
        p = project(pairs, workers)
        rss = ", ".join(f"{x / 1e6:.0f} MB" for x in pairs["worker_maxrss"])
        lines += [
            "",
            f"All pairs {pairs['resumes']:,} resumes × {pairs['ads']:,} ads, top {pairs['top']} per ad, "
            f"blocks of {pairs['resume_block']:,} × {pairs['ad_block']:,}:",
            f"- {pairs['blocks']} blocks in {pairs['wall']:.1f} s on the cluster "
            f"({_block_ws(pairs, workers):.2f} worker-s per block); encoding the "
            f"profiles to arrays {pairs['encode_s']:.1f} s of that, in this process",
            f"- peak RSS per worker process: {rss}",
            f"- one block alone: {pairs['block_s']:.2f} s, {pairs['block_peak'] / 1e6:.0f} MB allocated at peak; "
            f"{pairs['block_in_bytes'] / 1e6:.2f} MB of arrays in, {pairs['block_out_bytes'] / 1e3:.0f} kB out",
            f"- arrays: resumes {pairs['resume_bytes'] / 1e6:.1f} MB, ads {pairs['ad_bytes'] / 1e6:.1f} MB",
            f"- blocks agree with match_matrix on a {pairs['resume_block'] * 2:,} × 200 corner: {pairs['agrees']}",
            "",
            "Projected to 1,000,000 resumes × 100,000 ads with the same blocks:",
            f"- {p['blocks']:,} blocks: {p['worker_hours_alone']:.1f} worker-hours at the one-block cost, "
            f"{p['worker_hours_cluster']:.1f} at the cluster's measured rate",
            f"- arrays {p['side_bytes'] / 1e9:.2f} GB; at most {p['bytes_in_max'] / 1e9:.0f} GB moved to "
            f"tasks (each block's slices sent anew), {p['bytes_out'] / 1e9:.2f} GB of top lists back",
            f"- encoding in the client: ~{p['encode_s'] / 60:.0f} min (linear in profiles)",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000, help="text files to score")
    parser.add_argument("--resumes", type=int, default=100_000)
    parser.add_argument("--ads", type=int, default=10_000)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--resume-block", type=int, default=cluster.RESUME_BLOCK)
    parser.add_argument("--ad-block", type=int, default=cluster.AD_BLOCK)
    parser.add_argument("--only", default="score,pairs", help="score, pairs or both")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--benchmark", type=Path, default=throughput.BENCHMARK, help="the benchmark folder")
    args = parser.parse_args(argv)
    throughput.BENCHMARK = args.benchmark
    wanted = set(args.only.split(","))
    score = scoring(args.docs, args.workers) if "score" in wanted else None
    if score:
        print(f"  scoring done, load {_load()}", file=sys.stderr, flush=True)
    pairs = None
    if "pairs" in wanted:
        pairs = all_pairs(args.resumes, args.ads, args.top, args.workers, args.resume_block, args.ad_block)
        pairs.update(resume_block=args.resume_block, ad_block=args.ad_block)
    print(report(score, pairs, args.workers))
    if args.json:
        args.json.write_text(json.dumps({"score": score, "pairs": pairs}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
