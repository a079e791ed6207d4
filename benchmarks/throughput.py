"""How fast ``matcher score`` and ``matcher match`` are, end to end, as a markdown table.

    python benchmarks/throughput.py                 # everything (~10 min)
    python benchmarks/throughput.py --only cold,pdf  # some rows
    python benchmarks/throughput.py --stream 10000   # a shorter memory run

Rows (issue 6's targets in brackets):

- cold: a fresh ``matcher score samples/resumes/jordan-avery.pdf`` process, wall time,
  median of several runs: without the cache, the default first run (empty cache), and a
  second run (warm cache) [≤ 1.5 s];
- pdf: the 25 PDFs of ``../shared/benchmark/resumes`` repeated to 500 inputs, cache off,
  ``--jobs 2``, one process from start to exit [≥ 40 resumes/s];
- text: the project's text resumes and ads and the benchmark postings, cycled to 3,000
  distinct files (a reference line each), the same way [≥ 300 documents/s];
- match: 10,000 resume profiles × 1,000 ad profiles (made by perturbing real ones: skills
  dropped and borrowed, years scaled) through ``match_matrix`` with the top 10 per ad
  [≤ 10 s], with the peak memory of that call (tracemalloc) and of the process;
- stream: 100,000 distinct text files in one folder through ``matcher score``, cache off,
  with the peak memory of the whole process tree (parent, fork server, workers) sampled every
  0.2 s, as summed RSS (counts pages the workers share with the fork server once per
  process) and PSS (splits them) [< 500 MB].

Rows that need ``../shared/benchmark`` are skipped when it is absent. Everything runs the
installed ``matcher`` the way a user would; the machine's core count and load average are
printed with the table (figures from a busy machine are lower bounds).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCHMARK = REPO.parent / "shared" / "benchmark"
MATCHER = [sys.executable, "-m", "matcher"]
SAMPLE_PDF = REPO / "samples" / "resumes" / "jordan-avery.pdf"


# --- measuring a process tree ----------------------------------------------------------


def _tree_rss(root: int) -> tuple[int, int]:
    """Resident and proportional (PSS) bytes of ``root`` and all its descendants (from /proc).

    RSS counts a page shared by the fork server and its workers once per process, so its sum
    overstates what the tree holds; PSS splits each shared page between its sharers.
    """
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    family, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in family:
                family.add(pid)
                frontier.append(pid)
    return sum(rss.get(pid, 0) for pid in family), sum(_pss(pid) for pid in family)


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


# As installed: pip byte-compiles a package, so a run must not pay for compiling matcher's
# sources (a checkout with PYTHONDONTWRITEBYTECODE set would, ~0.3 s per process).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(args: list[str], *, watch_memory: bool = False) -> tuple[float, int, tuple[int, int]]:
    """Run a command with output discarded → (wall seconds, exit status, peak tree RSS and PSS)."""
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO, env=ENV)
    peak = (0, 0)
    if watch_memory:
        while process.poll() is None:
            rss, pss = _tree_rss(process.pid)
            peak = (max(peak[0], rss), max(peak[1], pss))
            time.sleep(0.2)
    _, err = process.communicate()
    wall = time.perf_counter() - started
    if process.returncode not in (0, 1):
        sys.exit(f"{' '.join(args[:6])}... failed ({process.returncode}):\n{err.decode()[-2000:]}")
    return wall, process.returncode, peak


# --- rows ------------------------------------------------------------------------------


def cold(runs: int) -> list[tuple[str, str, str]]:
    """Fresh processes: no cache; the default first run (empty cache); a warm cache."""
    rows = []
    with tempfile.TemporaryDirectory() as root:
        warm = Path(root) / "warm"
        run([*MATCHER, "score", str(SAMPLE_PDF), "--cache-dir", str(warm)])  # fill it
        setups = {
            "no cache (--no-cache)": lambda i: ["--no-cache"],
            "first run, empty cache (the default)": lambda i: ["--cache-dir", str(Path(root) / f"empty{i}")],
            "warm cache (a second run)": lambda i: ["--cache-dir", str(warm)],
        }
        for label, extra in setups.items():
            times = [run([*MATCHER, "score", str(SAMPLE_PDF), *extra(i)])[0] for i in range(runs)]
            rows.append((f"cold `matcher score jordan-avery.pdf`, {label}",
                         f"{statistics.median(times):.2f} s median of {runs} "
                         f"(min {min(times):.2f}, max {max(times):.2f})", "≤ 1.5 s"))  # fmt: skip
    return rows


def _batch(files: list[Path], count: int, label: str, target: str, jobs: int) -> tuple[str, str, str]:
    inputs = [str(files[i % len(files)]) for i in range(count)]
    wall, code, _ = run([*MATCHER, "score", "--no-cache", "--jobs", str(jobs), "--format", "json", *inputs])
    return (f"{label}: {count} inputs, --jobs {jobs}, cache off",
            f"{count / wall:.0f} docs/s ({wall:.1f} s end to end, exit {code})", target)  # fmt: skip


def pdf_batch(jobs: int, count: int) -> list[tuple[str, str, str]]:
    pdfs = sorted((BENCHMARK / "resumes").glob("*.pdf"))
    if not pdfs:
        return [("pdf batch", "skipped: ../shared/benchmark is absent", "≥ 40 /s")]
    return [_batch(pdfs, count, f"{len(pdfs)} benchmark PDFs repeated", "≥ 40 resumes/s", jobs)]


def _text_corpus(folder: Path) -> list[Path]:
    files = sorted((REPO / "samples" / "resumes").glob("*.txt")) + sorted((REPO / "samples" / "ads").glob("*.txt"))
    postings = BENCHMARK / "postings.jsonl"
    if postings.exists():
        for line in postings.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            path = folder / f"posting-{record['id']}.txt"
            path.write_text(f"{record.get('title') or ''}\n\n{record['description']}", encoding="utf-8")
            files.append(path)
    return files


def text_batch(jobs: int, count: int) -> list[tuple[str, str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        files = _unique_texts(Path(folder), count)
        # The corpus grows with the samples: its size goes with the figure, which compares
        # only with one taken on a corpus of the same size (longer texts take longer).
        texts = len(_text_corpus(Path(folder)))
        chars = sum(len(p.read_text(encoding="utf-8")) for p in files) / len(files)
        return [_batch(files, count, f"{count} distinct text resumes, ads and postings "
                       f"({texts} texts cycled, {chars:,.0f} characters on average)",
                       "≥ 300 docs/s", jobs)]  # fmt: skip


def _unique_texts(folder: Path, count: int) -> list[Path]:
    """``count`` text files cycling through the corpus, each made distinct by a reference line.

    Identical inputs would flatter the figure: the pipeline caches per-text work (sections,
    title look-ups), and a real pool has no two resumes alike.
    """
    corpus = [p.read_text(encoding="utf-8") for p in _text_corpus(folder)]
    docs = folder / "docs"
    docs.mkdir()
    paths = []
    for i in range(count):
        path = docs / f"{i:06d}.txt"
        path.write_text(f"{corpus[i % len(corpus)]}\nRef {i}\n", encoding="utf-8")
        paths.append(path)
    return paths


def match_all_pairs(n_resumes: int, n_ads: int, top_k: int) -> list[tuple[str, str, str]]:
    code = f"""
import json, resource, sys, time, tracemalloc
sys.path.insert(0, {str(REPO / 'benchmarks')!r})
import throughput
from pathlib import Path
throughput.BENCHMARK = Path({str(BENCHMARK)!r})  # the parent's, which --benchmark may have set
from throughput import synthetic_profiles
from matcher.scoring.match import match_matrix
resumes, ads = synthetic_profiles({n_resumes}, {n_ads})
match_matrix(resumes[:50], ads[:5], top_k={top_k})  # imports and first-call set-up
tracemalloc.start()
started = time.perf_counter()
best = match_matrix(resumes, ads, top_k={top_k})
wall = time.perf_counter() - started
_, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
assert best.indices.shape == ({n_ads}, {top_k}) and (best.indices >= 0).all()
print(json.dumps({{"wall": wall, "peak": peak, "maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    if out.returncode:
        sys.exit(out.stderr[-3000:])
    figures = json.loads(out.stdout.splitlines()[-1])
    return [(f"match_matrix {n_resumes:,} resumes × {n_ads:,} ads, top {top_k} per ad",
             f"{figures['wall']:.2f} s; peak {figures['peak'] / 1e6:.0f} MB allocated in the call, "
             f"process max RSS {figures['maxrss'] / 1e3:.0f} MB (profiles included)", "≤ 10 s")]  # fmt: skip


def synthetic_profiles(n_resumes: int, n_ads: int):  # noqa: ANN201
    """Real profiles of the project's samples and the benchmark, perturbed to the sizes asked."""
    import dataclasses

    from matcher.extract.profile import build_profiles
    from matcher.readers import read_document

    with tempfile.TemporaryDirectory() as folder:
        files = _text_corpus(Path(folder)) + sorted((BENCHMARK / "resumes").glob("*.pdf"))
        documents = [read_document(p) for p in files]
    profiles = list(build_profiles(documents))
    resumes = [p for p in profiles if p.kind == "resume"]
    ads = [p for p in profiles if p.kind == "job_ad"]
    pool = [s for p in profiles for s in p.skills]
    rng = random.Random(6)

    def perturb(profile, i: int):  # noqa: ANN001, ANN202
        skills = [s for s in profile.skills if rng.random() > 0.25]
        borrowed = {s.id: s for s in rng.sample(pool, k=min(len(pool), rng.randint(0, 4)))}
        have = {s.id for s in skills}
        skills += [s for sid, s in borrowed.items() if sid not in have]
        scale = rng.uniform(0.5, 1.6)
        return dataclasses.replace(
            profile, source=f"{profile.source}#{i}", skills=tuple(skills),
            years_experience=round(profile.years_experience * scale, 1),
            years_account=round(profile.years_account * scale, 1),
            min_years=None if profile.min_years is None else max(0.0, round(profile.min_years + rng.choice((-1, 0, 1)))),
        )  # fmt: skip

    return ([perturb(resumes[i % len(resumes)], i) for i in range(n_resumes)],
            [perturb(ads[i % len(ads)], i) for i in range(n_ads)])  # fmt: skip


def stream(count: int, jobs: int) -> list[tuple[str, str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        docs = _unique_texts(Path(folder), count)[0].parent
        wall, code, peak = run([*MATCHER, "score", "--no-cache", "--jobs", str(jobs), "--format", "json",
                                str(docs)], watch_memory=True)  # fmt: skip
    return [(f"stream {count:,} distinct text files (one folder) through `matcher score`, --jobs {jobs}",
             f"peak RSS {peak[0] / 1e6:.0f} MB summed over the process tree (PSS {peak[1] / 1e6:.0f} MB); "
             f"{count / wall:.0f} docs/s ({wall:.0f} s, exit {code})", "< 500 MB")]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="cold,pdf,text,match,stream",
                        help="comma-separated rows: cold, pdf, text, match, stream")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--runs", type=int, default=7, help="cold-start runs (median reported)")
    parser.add_argument("--pdfs", type=int, default=500)
    parser.add_argument("--texts", type=int, default=3000)
    parser.add_argument("--stream", type=int, default=100_000)
    args = parser.parse_args()
    wanted = set(args.only.split(","))
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "matcher")], check=True, env=ENV)
    rows: list[tuple[str, str, str]] = []
    steps = {
        "cold": lambda: cold(args.runs),
        "pdf": lambda: pdf_batch(args.jobs, args.pdfs),
        "text": lambda: text_batch(args.jobs, args.texts),
        "match": lambda: match_all_pairs(10_000, 1_000, 10),
        "stream": lambda: stream(args.stream, args.jobs),
    }
    for name, step in steps.items():
        if name in wanted:
            rows.extend(step())
            print(f"done: {name}", file=sys.stderr, flush=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\n{os.cpu_count()} cores, Python {sys.version.split()[0]}, load average at the end {load}\n")
    print("| measurement | result | target |\n|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
