"""``matcher eval``: how right the role fit is on labelled documents, as is and title-masked."""

from __future__ import annotations

import json
from typing import Any

import click

from matcher.cli.common import ExitStatus, as_of_date, as_of_option, library_errors, open_output


@click.command("eval")
@click.argument("labels", required=False, type=click.Path(dir_okay=False))
@click.option(
    "--benchmark",
    "benchmark",
    type=click.Path(file_okay=False),
    default=None,
    help="A benchmark folder (resumes.csv + resumes/*.pdf, postings.jsonl).",
)
@click.option("--masked", "mode", flag_value="masked", help="Only the title-masked view.")
@click.option("--as-is", "mode", flag_value="as_is", help="Only the documents as written.")
@click.option("--both", "mode", flag_value="both", default=True, help="Both views (default).")
@click.option(
    "--model",
    "model_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="A model JSON to evaluate instead of the shipped one.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    help="table (default) or json.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write the report to this file.",
)
@(lambda func: as_of_option(func, help="Read \"Present\" in resumes as this date (YYYY-MM-DD). "
                           "Default: the file's own date, else December of the latest year the "
                           "resume mentions."))
def eval_(
    labels: str | None,
    benchmark: str | None,
    mode: str,
    model_path: str | None,
    fmt: str,
    out: str | None,
    as_of: Any,
) -> None:
    """Score labelled documents and report per-class precision, recall and F1, macro-F1,
    the confusion matrix and every item, as is and with role titles masked ("[ROLE]").

    Give a LABELS CSV (path,kind,label,... like samples/labels.csv) or --benchmark DIR.
    "Present" in a resume is --as-of, else the file's own date, else December of the latest
    year the resume mentions (never the day of the run: figures must not move with the
    calendar).
    """
    from matcher.scoring.evaluate import benchmark_documents, evaluate, labelled_documents
    from matcher.scoring.model import load_model

    if bool(labels) == bool(benchmark):
        raise click.UsageError("give either a LABELS csv or --benchmark DIR")
    modes = ("as_is", "masked") if mode == "both" else (mode,)
    with library_errors():
        items = benchmark_documents(benchmark) if benchmark else labelled_documents(labels)  # type: ignore[arg-type]
        model = load_model(model_path)
        results = evaluate(items, modes=modes, model=model, as_of=as_of_date(as_of))  # type: ignore[arg-type]
    with open_output(out) as stream:
        if fmt == "json":
            stream.write(json.dumps([r.as_dict() for r in results], ensure_ascii=False) + "\n")
        else:
            for result in results:
                _write(result, stream)
    if any(item.error for r in results for item in r.items):
        raise SystemExit(ExitStatus.SOME_FAILED)


def _write(result: Any, stream: Any) -> None:
    from matcher.scoring.model import CLASSES

    short = {
        "account_coordinator": "coord",
        "account_executive": "exec",
        "account_manager": "mgr",
        "none": "none",
    }
    view = "as is" if result.mode == "as_is" else "title-masked"
    stream.write(f"== {view}: macro-F1 {result.macro_f1:.3f}, accuracy {result.accuracy:.3f}")
    if result.none_without_rung is not None:
        stream.write(f", none without a rung {result.none_without_rung:.1%}")
    stream.write(f" ({result.model_version})\n")
    stream.write(f"{'class':22} {'P':>6} {'R':>6} {'F1':>6} {'n':>4}\n")
    for c in result.classes:
        stream.write(
            f"{c.label:22} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} {c.support:4d}\n"
        )
    stream.write(
        "confusion (rows true, columns predicted): " + " ".join(short[c] for c in CLASSES) + "\n"
    )
    for label, row in zip(CLASSES, result.confusion, strict=True):
        stream.write(f"  {short[label]:5} " + " ".join(f"{v:5d}" for v in row) + "\n")
    stream.write(f"{'item':40} {'label':6} {'pred':6} {'coord':>6} {'exec':>6} {'mgr':>6}\n")
    for item in result.items:
        mark = "" if item.label == item.predicted else "  ✗"
        scores = " ".join(f"{s:6.1f}" for s in item.scores)
        error = f"  error: {item.error}" if item.error else ""
        stream.write(
            f"{item.id[:40]:40} {short[item.label]:6} {short[item.predicted]:6} {scores}{mark}{error}\n"
        )
        if getattr(item, "why", None):
            stream.write(f"    {item.why}\n")
    stream.write("\n")
