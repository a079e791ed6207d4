"""``matcher score``: role fit of resumes and job ads, one row per input, at batch speed."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import click

from matcher.cli.common import (
    AS_OF_HELP,
    ExitStatus,
    library_errors,
    open_output,
    output_options,
    resolve_format,
)
from matcher.readers.pdf import PDF_ENGINES

if TYPE_CHECKING:
    from matcher.batch import RowLine

F = TypeVar("F", bound=Callable[..., Any])

RUNG_COLUMNS = ("account_coordinator", "account_executive", "account_manager")
CSV_COLUMNS = ("source", "kind", "best_fit", *RUNG_COLUMNS, "skills", "reasons", "error",
               "taxonomy_version", "model_version")  # fmt: skip
TABLE_COLUMNS = ("source", "kind", "coordinator", "executive", "manager", "best fit", "why")


def batch_options(func: F) -> F:
    """The options every batch command shares: how to read, how many processes, the cache."""
    options = [
        click.option("--kind", type=click.Choice(["resume", "job_ad"]), default=None,
                     help="Treat every input as this kind instead of detecting it."),
        click.option("--pdf-engine", type=click.Choice(PDF_ENGINES), default=None,
                     help="PDF text extractor (default: pdfium, the fast one)."),
        click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
                     help="Worker processes (default: one per core)."),
        click.option("--no-cache", is_flag=True,
                     help="Read every input afresh; do not use or fill the profile cache."),
        click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
                     envvar="MATCHER_CACHE_DIR", show_envvar=True,
                     help="Where parsed profiles are cached (default: ~/.cache/matcher)."),
        click.option("--timeout", type=click.FloatRange(min=0), default=30.0, show_default=True,
                     help="Seconds one input may take before it is given up (0: no limit)."),
        click.option("--taxonomy", "taxonomy_files", multiple=True, type=click.Path(dir_okay=False),
                     help="Your own taxonomy YAML merged over the shipped one (repeatable)."),
        click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
                     help=AS_OF_HELP),
        click.option("--blind", is_flag=True,
                     help="Hide names, contact details, links, graduation years, ages and "
                          "gendered pronouns in everything shown; source paths become pseudonyms."),
    ]  # fmt: skip
    for option in reversed(options):
        func = option(func)
    return func


def engine_options(func: F) -> F:
    """Where the work runs: this machine's worker processes, or a Dask cluster."""
    options = [
        click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
                     help="local: worker processes on this machine (--jobs). dask: partitions of "
                          "inputs on a Dask cluster (pip install 'matcher[dask]'); inputs may be "
                          "fsspec URLs."),
        click.option("--scheduler", default=None,
                     help="dask: the scheduler's address (tcp://host:8786). Default: a local "
                          "cluster of --workers processes."),
        click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
                     help="dask without --scheduler: worker processes of the local cluster."),
        click.option("--threads", type=click.IntRange(min=1), default=1, show_default=True,
                     help="dask without --scheduler: threads per worker (each loads the pipeline)."),
        click.option("--partition", type=click.IntRange(min=1), default=32, show_default=True,
                     help="dask: inputs per task."),
        click.option("--unordered", is_flag=True,
                     help="dask: write rows as partitions finish instead of in input order."),
    ]  # fmt: skip
    for option in reversed(options):
        func = option(func)
    return func


def check_engine(options: dict[str, Any]) -> None:
    """Dask-only options without ``--engine dask`` are a usage error, not silently ignored."""
    if options["engine"] == "dask":
        if options.get("jobs") is not None:
            raise click.UsageError("--jobs is for the local engine: with --engine dask use --workers")
        return
    for name, default in (("scheduler", None), ("unordered", False), ("out_dir", None)):
        if options.get(name, default) != default:
            raise click.UsageError(f"--{name.replace('_', '-')} needs --engine dask")


@contextmanager
def dask_client(options: dict[str, Any]) -> Iterator[Any]:
    """A Dask client for ``engine_options`` values (a local cluster unless --scheduler)."""
    from matcher.cluster import connect

    with connect(options["scheduler"], workers=options["workers"], threads=options["threads"]) as client:
        yield client


def make_settings(options: dict[str, Any], *, blind: bool | None = None):  # noqa: ANN201
    """``batch_options`` values → ``matcher.batch.Settings``."""
    from matcher.batch import Settings
    from matcher.cache import default_cache_dir

    cache_dir = None if options["no_cache"] else str(options["cache_dir"] or default_cache_dir())
    return Settings(
        kind=options["kind"], pdf_engine=options["pdf_engine"], timeout=options["timeout"] or None,
        cache_dir=cache_dir, taxonomy=tuple(options["taxonomy_files"]),
        blind=options["blind"] if blind is None else blind,
        as_of=options["as_of"].date().isoformat() if options.get("as_of") else None,
    )


@contextmanager
def progress_bar(total: int | None, *, label: str, show: bool) -> Iterator[Callable[[], None] | None]:
    """A rich progress bar on standard error when it is a terminal; nothing in a pipe."""
    if not show or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = [TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()]
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda: progress.advance(task)


def bar_total(targets) -> int | None:  # noqa: ANN001 - the batch targets
    """How many inputs the progress bar counts to; not counted when no bar can show (standard
    error is not a terminal): listing the inputs is then left to the batch, which starts its
    workers first, instead of happening twice, once before they start."""
    if not sys.stderr.isatty():
        return None
    from matcher.batch import count_inputs

    return count_inputs(targets)


def report_errors(failed: int, total: int, *, summary: bool) -> None:
    if failed and summary:
        click.echo(f"{failed} of {total} inputs could not be read", err=True)
    if failed:
        raise SystemExit(ExitStatus.SOME_FAILED)


@click.command("score")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@batch_options
@engine_options
@click.option("--out-dir", default=None,
              help="dask: write the rows as JSONL partitions (part-NNNNN.jsonl, in input order) "
                   "and a manifest.json to this folder or fsspec URL, from the workers.")
@output_options
def score(files: tuple[str, ...], fmt: str | None, out: str | None, **options: Any) -> None:
    """Score resumes and job ads against the three account-management rungs.

    FILES are PDF, DOCX, TXT/MD or HTML files, folders, globs ('ads/*.txt') and CSV/JSONL
    batches of ads. Each input gets a fit of 0-100 for account coordinator, account
    executive and account manager, the best fit (none when no rung is likely), the reasons
    for it with the evidence they were read from, and the taxonomy skills found.

    JSON prints one object per input per line, in input order, as it goes (the keys are in
    the README's "JSON contract"). Inputs are read in parallel (--jobs) and parsed profiles
    are cached, so scoring the same files again is quick. An input that cannot be read is
    still printed, with its one-line error, and makes the exit status 1.

    With --engine dask the same rows come from a Dask cluster (--scheduler, or a local one).
    """
    check_engine(options)
    fmt = resolve_format(fmt, out)
    settings = make_settings(options)
    if options["out_dir"] is not None:
        if out is not None or fmt != "json":
            raise click.UsageError("--out-dir writes JSONL partitions: leave out --out and --format")
        _score_to_partitions(files, settings, options)
        return
    total = bar_total(files)
    show = fmt == "table" or out is not None or not sys.stdout.isatty()
    failed = seen = 0
    table: list[dict[str, Any]] = []
    with library_errors(), open_output(out) as stream, ExitStack() as stack:
        with progress_bar(total, label="scoring", show=show and (total or 2) > 1) as tick:
            writer = _writer(fmt, stream, table)
            lines = _row_lines(files, settings, options, tick, stack)
            for line in lines:
                seen += 1
                if line.error:
                    failed += 1
                    click.echo(f"error: {line.error}", err=True)
                writer(line)
        if fmt == "table":  # after the progress bar has gone
            _print_table(table, stream)
    report_errors(failed, seen, summary=fmt == "table")


def _row_lines(files: tuple[str, ...], settings: Any, options: dict[str, Any],
               tick: Callable[[], None] | None, stack: ExitStack) -> Iterator[RowLine]:  # fmt: skip
    if options["engine"] == "local":
        from matcher.batch import iter_row_lines

        yield from iter_row_lines(files, settings=settings, jobs=options["jobs"], progress=tick)
        return
    from matcher import cluster

    client = stack.enter_context(dask_client(options))
    yield from ticking(cluster.iter_row_lines(client, files, settings=settings, ordered=not options["unordered"],
                                              partition=options["partition"]), tick)  # fmt: skip


def ticking(items: Iterator[Any], tick: Callable[[], None] | None) -> Iterator[Any]:
    """``items``, calling ``tick`` after each (the progress bar of an engine that takes none)."""
    for item in items:
        yield item
        if tick is not None:
            tick()


def _score_to_partitions(files: tuple[str, ...], settings: Any, options: dict[str, Any]) -> None:
    from matcher import cluster

    with library_errors(), dask_client(options) as client:
        manifest = cluster.write_partitions(
            client, files, options["out_dir"], settings=settings, partition=options["partition"],
            on_error=lambda message: click.echo(f"error: {message}", err=True),
        )  # fmt: skip
    click.echo(f"{manifest.rows} rows in {len(manifest.files)} files under {options['out_dir']} "
               "(manifest.json lists them)", err=True)  # fmt: skip
    report_errors(manifest.errors, manifest.rows, summary=True)


def _writer(
    fmt: str,
    stream,  # noqa: ANN001
    table: list[dict[str, Any]],
) -> Callable[[RowLine], None]:
    if fmt == "json":
        return lambda line: stream.write(line.text + "\n")
    import json

    if fmt == "csv":
        import csv

        writer = csv.DictWriter(stream, fieldnames=list(CSV_COLUMNS), extrasaction="ignore")
        writer.writeheader()
        return lambda line: writer.writerow(_csv_row(json.loads(line.text)))
    # A table needs every row before it prints: keep only the few cells it shows.
    return lambda line: table.append(_table_row(json.loads(line.text)))


def _csv_row(row: dict[str, Any]) -> dict[str, Any]:
    flat = {k: row.get(k) for k in CSV_COLUMNS}
    for rung in RUNG_COLUMNS:
        flat[rung] = row["fit"].get(rung)
    flat["skills"] = "; ".join(s["label"] for s in row["skills"])
    flat["reasons"] = "; ".join(reason_text(r) for r in row["reasons"])
    return flat


def reason_text(reason: dict[str, Any]) -> str:
    """A reason as a table or CSV cell shows it: its sign, then its text."""
    return ("+ " if reason["weight"] >= 0 else "- ") + reason["text"]


def why_cell(row: dict[str, Any]) -> str:
    """A table's "why" cell: the row's error, or its three strongest reasons."""
    if row.get("error"):
        return "error: " + row["error"]
    return "; ".join(reason_text(r) for r in row["reasons"][:3])


def _table_row(row: dict[str, Any]) -> dict[str, Any]:
    fit = row["fit"]
    cells = {"source": row["source"], "kind": row["kind"] or "-", "best fit": row["best_fit"] or "-"}
    for name, rung in zip(("coordinator", "executive", "manager"), RUNG_COLUMNS):
        cells[name] = "" if fit.get(rung) is None else f"{fit[rung]:.0f}"
    cells["why"] = why_cell(row)
    return cells


def _print_table(rows: list[dict[str, Any]], stream) -> None:  # noqa: ANN001
    from matcher.cli.common import write_table

    write_table(rows, TABLE_COLUMNS, stream)
