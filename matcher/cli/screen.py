"""``matcher screen``: the ranked shortlist of candidates for one job ad."""

from __future__ import annotations

import sys
from typing import Any

import click

from matcher.cli.common import library_errors, open_output, output_options, resolve_format
from matcher.cli.score import (
    bar_total,
    batch_options,
    make_settings,
    progress_bar,
    reason_text,
    report_errors,
    why_cell,
)
from matcher.shortlist import shortlist

CSV_COLUMNS = ("rank", "source", "ad", "match", "best_fit", "account_coordinator", "account_executive",
               "account_manager", "must_haves", "missing_skills", "reasons", "error")  # fmt: skip
TABLE_COLUMNS = ("rank", "candidate", "match", "best fit", "must-haves", "why")


@click.command("screen")
@click.argument("ad", type=click.Path())
@click.argument("resumes", nargs=-1, required=True, type=click.Path())
@click.option("--top", "top", type=click.IntRange(min=1), default=None,
              help="Keep the best N candidates (default: all).")
@click.option("--min-score", type=click.FloatRange(0, 100), default=0.0,
              help="Keep candidates whose match is at least this (0-100).")
@click.option("--report", "report", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Also write a standalone HTML report (ranked table, a card per candidate).")
@batch_options
@output_options
def screen(ad: str, resumes: tuple[str, ...], top: int | None, min_score: float, report: str | None,
           fmt: str | None, out: str | None, **options: Any) -> None:
    """Rank the candidates in RESUMES for the job ad AD, best first, with the reasons.

    AD is one job ad file; RESUMES are resume files, folders or globs. Each candidate gets a
    match of 0-100 built from the ad's required and preferred skills, rung, years, education
    and certifications, each must-have of the ad marked met / not met / not stated with the
    resume's own words, and the reasons. --blind hides who each candidate is (names, contact
    details, links, graduation years, ages, gendered pronouns) in every output, the report
    included; scores do not change.

    JSON prints one object per candidate per line, best first (keys in the README's "JSON
    contract"). A resume that cannot be read is still printed, after the ranked ones, with
    no rank or match and its one-line error (also on standard error), and makes the exit
    status 1; the others are still ranked. --top and --min-score never drop such a row.
    """
    from matcher.batch import iter_results

    fmt = resolve_format(fmt, out)
    settings = make_settings(options)
    targets = [(ad, "job_ad"), *((r, "resume") for r in resumes)]
    total = bar_total(targets)
    ad_result = None
    pool = []
    failed = seen = 0
    with library_errors(), progress_bar(total, label="reading", show=True) as tick:
        for result in iter_results(targets, settings=settings, jobs=options["jobs"], progress=tick):
            if ad_result is None:
                ad_result = result
                if result.error:  # nothing to screen against: stop before reading the pool
                    raise click.ClickException(f"the ad could not be read: {result.error}")
                continue
            seen += 1
            pool.append(result)
            if result.error:
                failed += 1
    with library_errors():
        rows = shortlist(ad_result, pool, top=top, min_score=min_score, blind=settings.blind,
                         taxonomy=settings.taxonomy)  # fmt: skip
    echo_errors(rows)
    with open_output(out) as stream:
        write_rows(rows, fmt, stream, columns=CSV_COLUMNS)
    if report:
        write_report(report, rows, ad_result, blind=settings.blind, failed=failed, seen=seen)
    report_errors(failed, seen, summary=fmt == "table")


def echo_errors(rows: list[dict[str, Any]]) -> None:
    """Each error row's message on standard error too, as ``matcher score`` shows it."""
    for row in rows:
        if row.get("error"):
            click.echo(f"error: {row['error']}", err=True)


def write_rows(rows: list[dict[str, Any]], fmt: str, stream, *, columns: tuple[str, ...]) -> None:  # noqa: ANN001
    """The ranked rows, then the error rows, as JSON lines, CSV or a table."""
    from matcher.cli.common import write_csv, write_json_lines, write_table

    if fmt == "json":
        write_json_lines(rows, stream)
    elif fmt == "csv":
        write_csv((_csv_row(r) for r in rows), columns, stream)
    else:
        ad = next((r["ad"] for r in rows if r["ad"] is not None), None)
        write_table((_table_row(r) for r in rows), TABLE_COLUMNS, stream,
                    title=f"Candidates for {ad}" if ad is not None else "No candidate")  # fmt: skip


def _csv_row(row: dict[str, Any]) -> dict[str, Any]:
    flat = dict(row)
    for rung, value in row["fit"].items():
        flat[rung] = value
    flat["must_haves"] = "; ".join(f"{m['label']}: {m['status']}" for m in row["must_haves"])
    flat["missing_skills"] = "; ".join(s["label"] for s in row.get("missing_skills", ()))
    flat["reasons"] = "; ".join(reason_text(r) for r in row["reasons"])
    return flat


def _table_row(row: dict[str, Any]) -> dict[str, Any]:
    if row.get("error"):  # no match to show: who it is, and why
        return {"candidate": row["source"] or row["ad"], "best fit": "-", "why": why_cell(row)}
    musts = row["must_haves"]
    met = sum(m["status"] == "met" for m in musts)
    return {"rank": row["rank"], "candidate": row["source"], "match": f"{row['match']:.0f}",
            "best fit": row["best_fit"] or "-", "must-haves": f"{met}/{len(musts)}", "why": why_cell(row)}  # fmt: skip


def write_report(path: str, rows: list[dict[str, Any]], ad, *, blind: bool, failed: int, seen: int) -> None:  # noqa: ANN001
    from matcher.report import render_report
    from matcher.serialize import result_to_json

    ad_row = result_to_json(ad)
    notes = [f"{len(rows) - failed} of {seen} candidates shown, best first."]
    if blind:
        notes.append("Blind mode: names, contact details, links, graduation years, ages and "
                     "gendered pronouns are hidden; candidates are named by pseudonym.")  # fmt: skip
    if failed:
        notes.append(f"{failed} of {seen} resumes could not be read: listed under the ranking.")
    title = f"Shortlist: {ad_row.get('headline') or ad.source}"
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(render_report(rows, ad=ad_row, title=title, notes=notes))
    except OSError as exc:
        raise click.ClickException(f"{path}: cannot write the report: {exc.strerror or exc}") from None
    if sys.stderr.isatty():
        click.echo(f"report written to {path}", err=True)
