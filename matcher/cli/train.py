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
def train(data: str | None, out: str | None, cv: int | None) -> None:
    """Fit the role-fit model to labelled resumes and job ads and write it as JSON.

    With no options this rebuilds the shipped models/role_fit.v1.json from samples/, byte
    for byte. --data fits the model to your own labelled decisions instead (labels are
    account_coordinator, account_executive, account_manager or none). Each document is
    used as written and with its role titles masked, so the model learns the content too.
    """
    from matcher.train import cross_validate, train_model

    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None and sys.stderr.isatty():
            bar = click.progressbar(length=total, label="reading", file=sys.stderr)
        if bar is not None:
            bar.update(1)

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
