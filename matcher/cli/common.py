"""What every command shares: exit codes, output options, and the library-error boundary."""

from __future__ import annotations

import contextlib
import csv
import enum
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any, TypeVar

import click

from matcher.errors import MatcherError

F = TypeVar("F", bound=Callable[..., Any])


class ExitStatus(enum.IntEnum):
    OK = 0
    SOME_FAILED = 1
    """Some inputs could not be scored; the others were still printed."""
    USAGE = 2


def output_options(func: F) -> F:
    """Add ``--format`` and ``--out`` to a command."""
    func = click.option(
        "--out",
        "out",
        type=click.Path(dir_okay=False, writable=True),
        default=None,
        help="Write the output to this file instead of standard output.",
    )(func)
    func = click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json", "csv"]),
        default=None,
        help="Output format. Default: table on a terminal, json in a pipe or file.",
    )(func)
    return func


AS_OF_HELP = ("Read \"Present\" in resumes as this date (YYYY-MM-DD). Default: the file's own "
              "date (PDF or DOCX metadata) when believable, else today.")


def as_of_option(func: F, *, help: str = AS_OF_HELP) -> F:  # noqa: A002 - click's name
    """Add ``--as-of DATE``: what "Present" in a resume means (see ``matcher.extract.profile``)."""
    return click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]),
                        default=None, help=help)(func)  # fmt: skip


def as_of_date(value: Any) -> date | None:
    """The ``--as-of`` value (a datetime from click) as a date."""
    return value.date() if value is not None else None


def resolve_format(fmt: str | None, out: str | None) -> str:
    if fmt:
        return fmt
    return "table" if out is None and sys.stdout.isatty() else "json"


@contextlib.contextmanager
def library_errors() -> Iterator[None]:
    """Turn library errors into one-line click errors at the CLI boundary."""
    try:
        yield
    except MatcherError as exc:
        raise click.ClickException(str(exc)) from exc


@contextlib.contextmanager
def open_output(out: str | None) -> Iterator[io.TextIOBase]:
    if out is None:
        yield sys.stdout  # click.get_text_stream is deprecated (click 8.2+); CliRunner swaps sys.stdout
    else:
        with open(out, "w", encoding="utf-8", newline="") as handle:
            yield handle


def write_json_lines(rows: Iterable[dict[str, Any]], stream: io.TextIOBase) -> None:
    for row in rows:
        stream.write(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n")


def write_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str], stream: io.TextIOBase) -> None:
    writer = csv.DictWriter(stream, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _flat(row.get(k)) for k in columns})


def _flat(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return "; ".join(str(_flat(v)) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_table(
    rows: Iterable[dict[str, Any]], columns: Sequence[str], stream: io.TextIOBase, *, title: str | None = None
) -> None:
    """A rich table on a terminal; aligned plain text elsewhere."""
    rows = list(rows)
    if stream.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title)
        for column in columns:
            table.add_column(column)
        for row in rows:
            table.add_row(*(str(_flat(row.get(c, "")) or "") for c in columns))
        Console(file=stream).print(table)
        return
    cells = [[str(_flat(row.get(c, "")) if row.get(c) is not None else "") for c in columns] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    if title:
        stream.write(title + "\n")
    stream.write("  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip() + "\n")
    for r in cells:
        stream.write("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() + "\n")
