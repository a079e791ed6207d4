"""matcher's speed, memory and accuracy next to the baselines a user would reach for: one table.

    python benchmarks/run.py                   # everything, < 10 min on 2 cores
    python benchmarks/run.py --quick           # shorter runs (a 10,000-file stream)
    python benchmarks/run.py --only accuracy,match --out table.md

Rows (``--only`` takes their names):

- ``cold``: a fresh ``matcher score samples/resumes/jordan-avery.pdf``, without the cache,
  with an empty one (the default first run) and a warm one (``throughput.cold``);
- ``pdf``: the benchmark resume PDFs repeated, ``matcher score --no-cache --jobs 2`` end to
  end, with the default PDFium engine and with ``--pdf-engine pdfminer`` (fewer inputs: it is
  ~18× slower);
- ``extract``: ``read_document`` alone per engine, ms per document and the share of words the
  other engine confirms (``benchmarks/pdf_engines.py``);
- ``text``: distinct text files through ``matcher score --jobs 2`` end to end; then the same
  files scored in this process on one core by matcher (read, profile, fit), by the TF-IDF
  cosine baseline and by the keyword-overlap baseline (``benchmarks/baselines.py``);
- ``match``: 10,000 resumes × 1,000 ads, the top 10 per ad: ``match_matrix`` on profiles
  (``throughput.match_all_pairs``) against TF-IDF cosine on the texts;
- ``stream``: distinct text files in one folder through ``matcher score``, peak RSS and PSS
  of the process tree (``throughput.stream``). 100,000 files unless the run would not fit in
  ``--budget`` seconds (estimated from the ``text`` row's speed); then the largest of 50,000,
  20,000 or 10,000 that fits, and the row says so. ``--quick`` streams 10,000;
- ``accuracy``: role-fit macro-F1 on ``../shared/benchmark`` as is and title-masked, and the
  share of ``none`` documents given no rung (``matcher.scoring.evaluate``), for matcher and both
  baselines; the baselines' ``none`` threshold is chosen on ``samples/labels.csv``;
- ``generalization``: real documents of other occupations given no rung (``none_resumes``,
  ``real_ads_dev`` as is and title-masked), the development split, Brier scores and
  occupation coverage (``benchmarks/generalization.py``, which also prints the reliability
  table and, with ``--errors``, the false alarms by class);
- ``stress``: resumes and ads built from O*NET 29.2 for every occupation far from client work,
  with real and with generic titles, given no rung (``benchmarks/occupation_stress.py``, which
  also prints the shares per SOC major group and resume layout, what was read, and the worst
  occupations). ``--quick`` builds 200 occupations instead of all of them;
- ``skills``: recall and precision of the skills found in the held-out half of the labelled
  O*NET task statements, by meaning and by the patterns alone (``benchmarks/onet_tasks.py``).

Rows that need ``../shared/benchmark`` (or ``--benchmark DIR``) say "skipped" when it is
absent, and so do ``stress`` and ``skills`` without ``../shared/reference/full`` (or ``--reference DIR``). Timings on a shared 2-core machine are noisy: cold starts are medians, the core count,
load average and versions are printed above the table, and figures from a busy machine are
lower bounds.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import baselines
import generalization
import occupation_stress
import onet_tasks
import pdf_engines
import throughput

REPO = throughput.REPO
SKIPPED = "skipped: no benchmark data in {}"
STREAM_STEPS = (100_000, 50_000, 20_000, 10_000)
GROUPS = (
    "cold", "pdf", "extract", "text", "match", "stream", "accuracy", "generalization", "stress", "skills",
)  # fmt: skip
TARGETS = {"as_is": "≥ 0.90", "masked": "≥ 0.75", "none": "≥ 95%"}


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the table."""

    measurement: str
    matcher: str
    other: str = "—"
    ratio: str = "—"
    target: str = ""


HEADER = ("measurement", "matcher", "compared with", "ratio", "target")


def render(rows: Sequence[Row], *, preamble: Sequence[str] = ()) -> str:
    """The markdown the script prints: preamble lines, a blank line, then the table."""
    lines = [*preamble, ""] if preamble else []
    lines.append("| " + " | ".join(HEADER) + " |")
    lines.append("|" + "---|" * len(HEADER))
    for row in rows:
        cells = (row.measurement, row.matcher, row.other, row.ratio, row.target)
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def times(a: float, b: float, *, what: str, better: str = "faster") -> str:
    """``"<what> 3.2× faster"``: ``a`` over ``b``, both "higher is better" figures."""
    if not b or not a:
        return "—"
    ratio = a / b
    if ratio >= 1:
        return f"{what} {ratio:.1f}× {better}"
    return f"{what} {1 / ratio:.1f}× {'slower' if better == 'faster' else 'lower'}"


@dataclass
class Context:
    """Options and figures shared between the row groups."""

    benchmark: Path
    quick: bool
    jobs: int
    reference: Path = occupation_stress.DEFAULT_REFERENCE
    """The full O*NET files the ``stress`` rows build their documents from."""
    started: float = field(default_factory=time.perf_counter)
    commit: str = field(default_factory=lambda: _git("rev-parse", "--short", "HEAD") or "?")
    """The checkout's commit when the run began (a merge during the run is reported)."""
    text_rate: float | None = None
    """matcher score's text docs/s once started, to size the stream to the budget."""
    startup: float = 0.0
    """Seconds a fresh ``matcher score`` takes to score one document (the cold row)."""
    file_cost: float = 0.0
    """Seconds to write one distinct text file."""

    @property
    def pdfs(self) -> list[Path]:
        return sorted((self.benchmark / "resumes").glob("*.pdf"))


# --- speed -----------------------------------------------------------------------------


def cold_rows(ctx: Context) -> list[Row]:
    runs = 3 if ctx.quick else 5
    rows = [Row(label, result, target=target) for label, result, target in throughput.cold(runs)]
    ctx.startup = _leading_float(rows[0].matcher) or 0.0
    return rows


def _batch(inputs: list[str], *extra: str, jobs: int) -> tuple[float, float, int]:
    """``matcher score`` over ``inputs`` in one process → (docs/s, wall seconds, exit status)."""
    args = [*throughput.MATCHER, "score", "--no-cache", "--jobs", str(jobs), "--format", "json"]
    wall, code, _ = throughput.run([*args, *extra, *inputs])
    return len(inputs) / wall, wall, code


def pdf_rows(ctx: Context) -> list[Row]:
    label = "PDF batch: benchmark resume PDFs repeated, `matcher score --jobs 2 --no-cache`"
    if not ctx.pdfs:
        return [Row(label, SKIPPED.format(ctx.benchmark), target="≥ 40 /s")]
    counts = {"pdfium": 100 if ctx.quick else 500, "pdfminer": 25 if ctx.quick else 75}
    figures = {}
    for engine, count in counts.items():
        inputs = [str(ctx.pdfs[i % len(ctx.pdfs)]) for i in range(count)]
        figures[engine] = _batch(inputs, "--pdf-engine", engine, jobs=ctx.jobs)
        print(f"  pdf batch, {engine}: {figures[engine][0]:.1f} docs/s", file=sys.stderr)

    def cell(engine: str) -> str:
        rate, wall, code = figures[engine]
        exit_note = "" if code == 0 else f", exit {code}"
        return f"{rate:.1f} docs/s ({counts[engine]} inputs in {wall:.1f} s{exit_note})"

    return [
        Row(
            f"{label}, {len(ctx.pdfs)} PDFs, end to end (process start to exit)",
            f"PDFium (default): {cell('pdfium')}",
            f"pdfminer.six (`--pdf-engine pdfminer`): {cell('pdfminer')}",
            times(figures["pdfium"][0], figures["pdfminer"][0], what="PDFium"),
            "≥ 40 /s",
        )
    ]


def extract_rows(ctx: Context) -> list[Row]:
    label = (
        "PDF extraction only (`read_document`), ms per document, words the other engine confirms"
    )
    if not ctx.pdfs:
        return [Row(label, SKIPPED.format(ctx.benchmark))]
    pdf_engines.BENCHMARK = ctx.benchmark / "resumes"
    out = io.StringIO()
    repeat = 1 if ctx.quick else 2
    with contextlib.redirect_stdout(out):
        pdf_engines.main(["--repeat", str(repeat)])
    table = parse_markdown_table(out.getvalue())
    try:
        ours, theirs = table["pdfium (default)"], table["pdfminer.six"]
        ms, confirmed = "ms / document", "words confirmed by the other engine"
        cells = [
            f"{ours[ms]} ms, {ours[confirmed]} confirmed",
            f"{theirs[ms]} ms, {theirs[confirmed]} confirmed",
        ]
        ratio = times(float(theirs[ms]), float(ours[ms]), what="PDFium")
    except (KeyError, ValueError):
        return [
            Row(
                label,
                "could not read `benchmarks/pdf_engines.py`'s table:\n" + out.getvalue()[:200],
            )
        ]
    return [
        Row(
            f"{label} ({len(ctx.pdfs)} PDFs, best of {repeat})",
            f"PDFium: {cells[0]}",
            f"pdfminer.six: {cells[1]}",
            ratio,
        )
    ]


def parse_markdown_table(text: str) -> dict[str, dict[str, str]]:
    """The rows of the first markdown table in ``text``, keyed by first cell, then by header."""
    lines = [line for line in text.splitlines() if line.startswith("|")]
    if len(lines) < 2:
        return {}

    def cells(line: str) -> list[str]:
        return [c.strip() for c in line.strip().strip("|").split("|")]

    header = cells(lines[0])
    return {cells(line)[0]: dict(zip(header, cells(line))) for line in lines[2:]}


def text_rows(ctx: Context) -> list[Row]:
    count = 1000 if ctx.quick else 3000
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        files = throughput._unique_texts(Path(folder), count)
        ctx.file_cost = (time.perf_counter() - started) / count
        rate, wall, code = _batch([str(p) for p in files], jobs=ctx.jobs)
        # Start-up is a small share of the long stream, a larger one of this batch.
        ctx.text_rate = count / max(wall - ctx.startup, wall / 2)
        print(f"  text batch: {rate:.0f} docs/s", file=sys.stderr)
        exit_note = "" if code == 0 else f", exit {code}"
        rows = [
            Row(
                f"text batch: {count:,} distinct text resumes, ads and postings, "
                f"`matcher score --jobs {ctx.jobs} --no-cache`, end to end",
                f"{rate:.0f} docs/s ({wall:.1f} s{exit_note})",
                target="≥ 300 docs/s",
            )
        ]
        rows += in_process_rows(files[: 300 if ctx.quick else 1000])
    return rows


def in_process_rows(files: list[Path]) -> list[Row]:
    """matcher and the baselines scoring the same text files against the rungs, one core."""
    from matcher.extract.profile import build_profiles
    from matcher.readers import read_document
    from matcher.scoring.fit import fit_many
    from matcher.scoring.model import load_model

    model = load_model()
    fit_many(list(build_profiles([read_document(files[0])])), model=model)  # load spaCy first
    started = time.perf_counter()
    fits = fit_many(list(build_profiles(read_document(p) for p in files)), model=model)
    ours = len(files) / (time.perf_counter() - started)
    assert len(fits) == len(files)

    targets = baselines.rung_targets(_taxonomy())
    tfidf = baselines.TfidfRungScorer(targets).fit(_samples()[1])
    rows = []
    label = (
        f"text scoring in one process, one core: {len(files):,} of the same files, "
        "read and scored against the three rungs"
    )
    for name, scorer in (
        ("TF-IDF cosine", tfidf),
        ("keyword overlap", baselines.KeywordRungScorer(targets)),
    ):
        started = time.perf_counter()
        scores = scorer.fits([p.read_text(encoding="utf-8") for p in files])
        rate = len(files) / (time.perf_counter() - started)
        assert scores.shape == (len(files), 3)
        rows.append(
            Row(
                f"{label} ({name})",
                f"{ours:.0f} docs/s (read, profile, fit)",
                f"{name}: {rate:,.0f} docs/s",
                times(ours, rate, what="matcher"),
            )
        )
    return rows


def match_rows(ctx: Context) -> list[Row]:
    n_resumes, n_ads, top_k = 10_000, 1_000, 10
    [(label, result, target)] = throughput.match_all_pairs(n_resumes, n_ads, top_k)
    code = f"""
import json, resource, sys
sys.path.insert(0, {str(Path(__file__).resolve().parent)!r})
import baselines, run
resumes, ads = run.all_pairs_texts({n_resumes}, {n_ads})
figures = baselines.tfidf_all_pairs(resumes, ads, top_k={top_k})
figures["maxrss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps(figures))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True, cwd=REPO
    )
    if out.returncode:
        return [Row(label, result, f"TF-IDF failed: {out.stderr[-300:]}", target=target)]
    tfidf = json.loads(out.stdout.splitlines()[-1])
    ours = _leading_float(result)
    other = (
        f"TF-IDF cosine on the texts: {tfidf['match']:.2f} s (+ {tfidf['vectorise']:.1f} s to "
        f"vectorise); peak {tfidf['peak'] / 1e6:.0f} MB allocated in the call, process max RSS "
        f"{tfidf['maxrss'] / 1e3:.0f} MB"
    )
    # Seconds: the baseline's time over ours is how many times faster matcher is.
    ratio = times(tfidf["match"], ours, what="matcher") if ours else "—"
    return [Row(label, result, other, ratio, target)]


def _leading_float(text: str) -> float | None:
    match = re.match(r"\s*([\d.]+)", text)
    return float(match.group(1)) if match else None


def all_pairs_texts(n_resumes: int, n_ads: int) -> tuple[list[str], list[str]]:
    """The project's (and benchmark's) text resumes and ads, cycled, each made distinct."""
    with tempfile.TemporaryDirectory() as folder:
        paths = throughput._text_corpus(Path(folder))
        texts = [(p.parent.name == "resumes", p.read_text(encoding="utf-8")) for p in paths]
    resumes = [t for is_resume, t in texts if is_resume]
    ads = [t for is_resume, t in texts if not is_resume]
    return (
        [f"{resumes[i % len(resumes)]}\nRef {i}\n" for i in range(n_resumes)],
        [f"{ads[i % len(ads)]}\nRef {i}\n" for i in range(n_ads)],
    )


def stream_rows(ctx: Context, count: int | None, budget: float) -> list[Row]:
    reduced = ""
    if count is None:
        count = 10_000 if ctx.quick else _stream_size(ctx, budget)
        if count < STREAM_STEPS[0]:
            why = "`--quick`" if ctx.quick else f"to fit the {budget / 60:.0f}-minute budget"
            reduced = f" (reduced from 100,000 {why}; `--stream 100000` for the full run)"
    [(label, result, target)] = throughput.stream(count, ctx.jobs)
    return [Row(label + reduced, result, target=target)]


def _stream_size(ctx: Context, budget: float) -> int:
    """The largest of ``STREAM_STEPS`` that the time left should allow."""
    if ctx.text_rate is None:
        return STREAM_STEPS[0]
    left = budget - (time.perf_counter() - ctx.started)
    for count in STREAM_STEPS:
        # 25% slack: on a shared machine the rate can fall while the stream runs (measured:
        # 250 docs/s in the text batch, 128 in the stream that followed when others started).
        if ctx.startup + count * (1.25 / ctx.text_rate + ctx.file_cost) < left:
            return count
    return STREAM_STEPS[-1]


# --- accuracy --------------------------------------------------------------------------


def accuracy_rows(ctx: Context) -> list[Row]:
    from matcher.scoring.evaluate import benchmark_documents, evaluate, read_labelled

    if (
        not (ctx.benchmark / "resumes.csv").is_file()
        and not (ctx.benchmark / "postings.jsonl").is_file()
    ):
        return [
            Row(
                "role-fit accuracy (macro-F1, as is and title-masked)",
                SKIPPED.format(ctx.benchmark),
            )
        ]
    items = benchmark_documents(ctx.benchmark)
    ours = {e.mode: e for e in evaluate(items)}
    sample_labels, sample_texts = _samples()
    targets = baselines.rung_targets(_taxonomy())
    scorers = {
        "TF-IDF cosine": baselines.TfidfRungScorer(targets).fit(sample_texts),
        "keyword overlap": baselines.KeywordRungScorer(targets),
    }
    texts = {mode: [read_labelled(i, masked=mode == "masked").text for i in items] for mode in ours}
    labels, ids = [i.label for i in items], [i.id for i in items]
    where = f"{len(items)} documents of {ctx.benchmark.name}"
    rows: dict[str, list[Row]] = {"as_is": [], "masked": [], "none": []}
    for name, scorer in scorers.items():
        threshold = baselines.choose_threshold(scorer.fits(sample_texts), sample_labels)
        theirs = {
            mode: baselines.summarise_predictions(
                ids, labels, scorer.fits(texts[mode]), threshold, mode=mode
            )
            for mode in ours
        }
        for mode, view in (("as_is", "as is"), ("masked", "title-masked")):
            rows[mode].append(
                Row(
                    f"role-fit macro-F1, {view} ({where}) vs {name}",
                    f"{ours[mode].macro_f1:.3f}",
                    f"{name}: {theirs[mode].macro_f1:.3f} (none below {threshold:.3f}, set on samples/)",
                    times(
                        ours[mode].macro_f1, theirs[mode].macro_f1, what="matcher", better="higher"
                    ),
                    TARGETS[mode],
                )
            )
        rows["none"].append(
            Row(
                f"'none' documents given no rung, as is / title-masked, vs {name}",
                " / ".join(_share(ours[m].none_without_rung) for m in ours),
                f"{name}: " + " / ".join(_share(theirs[m].none_without_rung) for m in ours),
                "—",
                TARGETS["none"],
            )
        )
    return [*rows["as_is"], *rows["masked"], *rows["none"]]


def generalization_rows(ctx: Context) -> list[Row]:
    if not ctx.benchmark.is_dir():
        return [
            Row("real documents of other occupations given no rung", SKIPPED.format(ctx.benchmark))
        ]
    result = generalization.measure(ctx.benchmark)
    return [
        Row(measurement.strip(), value, target=target) for measurement, value, target in result.rows
    ]


def stress_rows(ctx: Context) -> list[Row]:
    if not (ctx.reference / "onet_task_statements.txt").is_file():
        return [
            Row("documents built for occupations far from client work given no rung",
                f"skipped: no O*NET reference files in {ctx.reference}")
        ]  # fmt: skip
    sample = 200 if ctx.quick else None
    outcomes, _ = occupation_stress.measure(ctx.reference, sample=sample)
    occupations = len({o.built.code for o in outcomes})
    return [
        Row(f"{measurement} (occupation stress set, {occupations} O*NET occupations)", value,
            target=target)
        for measurement, value, target in occupation_stress.summary_rows(outcomes)
    ]  # fmt: skip


def skills_rows(ctx: Context) -> list[Row]:
    statements = ctx.reference / "onet_task_statements.txt"
    if not statements.is_file():
        return [Row("skills found in duties written elsewhere (O*NET task statements)",
                    f"skipped: no O*NET reference files in {ctx.reference}")]  # fmt: skip
    tasks = onet_tasks.with_text(onet_tasks.load_labels(), statements)

    def cell(depth: str) -> str:
        t = onet_tasks.tally(tasks, onet_tasks.read(tasks, depth), split="test")
        return f"recall {t.recall:.3f}, precision {t.precision:.2f}"

    return [Row(f"skills found in duties written elsewhere: {len(tasks)} labelled O*NET task statements, "
                "held-out half (`benchmarks/onet_tasks.py`)", f"by meaning: {cell('static')}",
                f"patterns alone: {cell('patterns')}", target="recall ≥ 0.95, no false hit")]  # fmt: skip


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


_CACHE: dict[str, object] = {}


def _samples() -> tuple[list[str], list[str]]:
    """Labels and texts (as is) of ``samples/labels.csv``, read once."""
    if "samples" not in _CACHE:
        from matcher.scoring.evaluate import labelled_documents, read_labelled

        items = labelled_documents(REPO / "samples" / "labels.csv")
        _CACHE["samples"] = ([i.label for i in items], [read_labelled(i).text for i in items])
    return _CACHE["samples"]  # type: ignore[return-value]


def _taxonomy():  # -> Taxonomy (imported lazily)
    from matcher.taxonomy.load import load_taxonomy

    return load_taxonomy()


# --- the run ---------------------------------------------------------------------------


def machine_info(ctx: Context) -> list[str]:
    """Lines saying where and with what the table was measured."""
    from matcher.scoring.model import load_model

    versions = ", ".join(
        f"{name} {_version(name)}"
        for name in ("matcher", "spacy", "scikit-learn", "numpy", "pypdfium2", "pdfminer.six")
    )
    taxonomy = _taxonomy()
    commit = _git("rev-parse", "--short", "HEAD") or "?"
    if commit != ctx.commit:
        commit = f"{ctx.commit}, moved to {commit} during the run: figures mix the two,"
    dirty = _git("status", "--porcelain", "--untracked-files=no")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return [
        (
            f"Measured {date.today().isoformat()} at commit {commit}"
            f"{' (with uncommitted changes)' if dirty else ''}, "
            f"{'--quick, ' if ctx.quick else ''}in {time.perf_counter() - ctx.started:.0f} s."
        ),
        f"{os.cpu_count()} cores, load average at the end {load}; Python {sys.version.split()[0]}, {versions}.",
        f"Taxonomy {taxonomy.version} (digest {taxonomy.digest}), model {load_model().model_version_}.",
    ]


def _git(*args: str) -> str:
    out = subprocess.run(["git", *args], check=False, capture_output=True, text=True, cwd=REPO)
    return out.stdout.strip()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only", default=",".join(GROUPS), help=f"comma-separated rows: {', '.join(GROUPS)}"
    )
    parser.add_argument(
        "--quick", action="store_true", help="shorter runs: fewer inputs, a 10,000-file stream"
    )
    parser.add_argument("--out", type=Path, help="also write the table to this markdown file")
    parser.add_argument(
        "--benchmark", type=Path, default=throughput.BENCHMARK, help="the benchmark folder"
    )
    parser.add_argument(
        "--reference",
        type=Path,
        default=occupation_stress.DEFAULT_REFERENCE,
        help="the full O*NET files for the stress rows",
    )
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--stream", type=int, help="files to stream (default: 100,000 if it fits the budget)"
    )
    parser.add_argument(
        "--budget", type=float, default=600, help="seconds the whole run should take"
    )
    args = parser.parse_args(argv)
    wanted = set(args.only.split(","))
    unknown = wanted - set(GROUPS)
    if unknown:
        parser.error(f"unknown rows {', '.join(sorted(unknown))}; choose from {', '.join(GROUPS)}")
    ctx = Context(
        benchmark=args.benchmark, quick=args.quick, jobs=args.jobs, reference=args.reference
    )
    throughput.BENCHMARK = ctx.benchmark
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(REPO / "matcher")],
        check=True,
        env=throughput.ENV,
    )
    steps: dict[str, Callable[[], list[Row]]] = {
        "cold": lambda: cold_rows(ctx),
        "pdf": lambda: pdf_rows(ctx),
        "extract": lambda: extract_rows(ctx),
        "text": lambda: text_rows(ctx),
        "match": lambda: match_rows(ctx),
        "accuracy": lambda: accuracy_rows(ctx),
        "generalization": lambda: generalization_rows(ctx),
        "stress": lambda: stress_rows(ctx),
        "skills": lambda: skills_rows(ctx),
        # Last: its size depends on the time left.
        "stream": lambda: stream_rows(ctx, args.stream, args.budget),
    }
    rows: dict[str, list[Row]] = {}
    for name, step in steps.items():
        if name in wanted:
            started = time.perf_counter()
            rows[name] = step()
            print(
                f"done: {name} ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True
            )
    ordered = [row for name in GROUPS for row in rows.get(name, [])]
    table = render(ordered, preamble=machine_info(ctx))
    print(table, end="")
    if args.out:
        args.out.write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
