"""``matcher train``: rebuild the role-fit model from labelled documents."""

from __future__ import annotations

import sys

import click

from matcher.cli.common import library_errors


@click.command("train")
@click.option(
    "--data",
    "data",
    type=click.Path(dir_okay=False),
    default=None,
    help="Labels CSV (path,kind,label,...; paths relative to the CSV). "
    "Default: samples/labels.csv of the checkout.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Where to write the model JSON. Default: models/role_fit.v1.json.",
)
@click.option(
    "--cv",
    "cv",
    type=click.IntRange(2, 20),
    default=None,
    help="Instead of writing a model, report N-fold cross-validated accuracy on the data "
    "(as is and title-masked; a source and its renderings share a fold).",
)
@click.option(
    "--repeats",
    "repeats",
    type=click.IntRange(1, 100),
    default=1,
    help="With --cv: repeat the cross-validation with fold seeds 0..N-1 and report the mean, "
    "spread and range of each figure instead of one run's tables.",
)
def train(data: str | None, out: str | None, cv: int | None, repeats: int) -> None:
    """Fit the role-fit model to labelled resumes and job ads and write it as JSON.

    With no options this rebuilds the shipped models/role_fit.v1.json from samples/, and the
    skill readers models/skill_meaning.*.json from the taxonomy's sentences, byte for byte
    (the MiniLM one only where its weights are installed). --data fits the model to your own labelled decisions instead (labels are
    account_coordinator, account_executive, account_manager or none). Each document is
    used as written and with its role titles masked, so the model learns the content too.
    """
    from matcher.scoring.train import cross_validate, cross_validate_repeated, train_model

    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None and sys.stderr.isatty():
            bar = click.progressbar(length=total, label="reading", file=sys.stderr)
        if bar is not None:
            bar.update(1)

    if repeats > 1 and cv is None:
        raise click.UsageError("--repeats needs --cv")
    if cv is not None and repeats > 1:
        with library_errors():
            runs = cross_validate_repeated(data, folds=cv, repeats=repeats, progress=progress)
        if bar is not None:
            bar.render_finish()
        click.echo(_repeated_summary(runs, folds=cv))
        return
    if cv is not None:
        from matcher.cli.evaluate import _write

        with library_errors():
            results = cross_validate(data, folds=cv, progress=progress)
        if bar is not None:
            bar.render_finish()
        for result in results:
            _write(result, sys.stdout)
        return
    with library_errors():
        report = train_model(data, out=out, progress=progress)
    if bar is not None:
        bar.render_finish()
    for problem in report.skipped:
        click.echo(f"skipped: {problem}", err=True)
    counts = ", ".join(f"{k} {v}" for k, v in report.classes.items())
    click.echo(
        f"wrote {report.path} ({report.model_version}) from {report.documents} documents: {counts}"
    )
    if data is None and out is None:
        from matcher.extract.skill_classifier import train_shipped_readers
        from matcher.taxonomy.load import load_taxonomy

        with library_errors():
            readers = train_shipped_readers(load_taxonomy())
        for path, version, why in readers:
            if version is None:
                click.echo(f"skipped: {path}: {why}", err=True)
            else:
                click.echo(f"wrote {path} ({version}) from the taxonomy's sentences")


def _repeated_summary(runs: list, *, folds: int) -> str:
    """Mean ± standard deviation (min–max) of each figure over the repeated runs."""
    from statistics import mean, pstdev

    lines = [f"== {folds}-fold cross-validation repeated {len(runs)} times (fold seeds 0-{len(runs) - 1})"]
    lines.append(f"{'view':<14}{'macro-F1':<28}{'accuracy':<28}none without a rung")
    for k, view in enumerate(("as is", "title-masked")):
        cells = []
        for figure in ("macro_f1", "accuracy", "none_without_rung"):
            values = [getattr(run[k], figure) or 0.0 for run in runs]
            scale, digits = (100, 1) if figure == "none_without_rung" else (1, 3)
            v = [x * scale for x in values]
            unit = "%" if scale == 100 else ""
            cells.append(f"{mean(v):.{digits}f}{unit} ± {pstdev(v):.{digits}f} ({min(v):.{digits}f}–{max(v):.{digits}f})")
        lines.append(f"{view:<14}{cells[0]:<28}{cells[1]:<28}{cells[2]}")
    return "\n".join(lines)

