"""``matcher skills``: the skills one sentence or bullet states, by pattern and by meaning."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import click

from matcher.cli.common import (
    ExitStatus,
    library_errors,
    open_output,
    output_options,
    resolve_format,
)

_COLUMNS = ("n", "text", "skill", "recogniser", "status", "score", "words", "example", "reader")


@click.command("skills")
@click.argument("texts", nargs=-1)
@click.option("--file", "files", multiple=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="Read texts from FILE, one per line ('-' for standard input); blank lines and lines "
                   "starting with # are skipped (repeatable).")
@click.option("--close", is_flag=True,
              help="Also list skills a clause comes close to by meaning without stating (score 0.35 up).")
@click.option("--taxonomy", "extra", multiple=True, type=click.Path(dir_okay=False),
              help="Your own taxonomy YAML merged over the shipped one (repeatable).")
@output_options
def skills(texts: tuple[str, ...], files: tuple[str, ...], close: bool, extra: tuple[str, ...],
           fmt: str | None, out: str | None) -> None:
    """Show the skills each of TEXTS states: one sentence or bullet each, as it would read in a
    resume, found by the taxonomy's patterns or by meaning.

    Use it to check how a line of your resume or ad reads. A skill found by meaning is "met"
    from a score of 0.60, or when the trained reader gives it: it meets a must-have. With
    --close, a clause from 0.35 up to 0.60 is "close": a must-have it would be is partly met.
    A text is not checked for being a whole resume or ad. Reading by meaning is on here unless
    `matcher --no-meaning skills` (or MATCHER_MEANING=0) turns it off; `matcher --meaning-deep
    skills` reads in depth.

    JSON prints one object per text per line, in input order, with every text present even
    when it states no skill. A FILE that cannot be read prints its one-line error, makes the
    exit status 1, and the other texts still print.
    """
    import os

    from matcher.extract.nlp import get_nlp
    from matcher.extract.skills import skills_in_texts
    from matcher.extract.switch import MEANING_ENV, meaning_depth
    from matcher.taxonomy.load import load_taxonomy

    fmt = resolve_format(fmt, out)
    failed: list[str] = []
    items = list(texts)
    for name in files:
        try:
            items.extend(_lines(name))
        except UnicodeDecodeError as exc:
            failed.append(f"{name}: cannot be read: not UTF-8 text (byte {exc.object[exc.start]:#04x} at "
                          f"{exc.start}); save it as plain UTF-8 text, one sentence a line")
        except OSError as exc:
            failed.append(f"{name}: cannot be read: {exc.strerror or exc}; check the path")
    for message in failed:
        click.echo(f"error: {message}", err=True)
    if not items and not failed:
        raise click.UsageError("give one or more TEXTS, or --file FILE")
    depth = meaning_depth() if os.environ.get(MEANING_ENV, "").strip() else "static"
    with library_errors():
        taxonomy = load_taxonomy(*extra)
        nlp = get_nlp(taxonomy)
        rows = [{"text": text, "skills": [_as_dict(s) for s in found]}
                for text, found in zip(items, skills_in_texts(items, nlp, taxonomy, depth=depth,
                                                               close=close), strict=True)]
    with open_output(out) as stream:
        if fmt == "json":
            from matcher.cli.common import write_json_lines

            write_json_lines(rows, stream)
        else:
            from matcher.cli.common import write_csv, write_table

            flat = [{"n": n, "text": row["text"], **skill} if skill else {"n": n, "text": row["text"], "skill": "-"}
                    for n, row in enumerate(rows, 1) for skill in (row["skills"] or [None])]
            if fmt == "csv":
                write_csv(flat, _COLUMNS, stream)
            else:
                for row in flat:
                    row["text"] = _short(row["text"])
                    row["how"] = (f"{'reader' if row.get('reader') else 'meaning'} {row['score']:.2f}, {row['status']}"
                                  if row.get("recogniser") == "meaning" else row.get("recogniser") or "")
                    row["words"] = _short(row.get("words") or "", 40)
                _blank_repeats(flat)
                write_table(flat, ("n", "text", "skill", "how", "words"), stream,
                            title=_title(depth))
    if failed:
        raise SystemExit(ExitStatus.SOME_FAILED)


def _lines(name: str) -> Iterator[str]:
    """The non-blank, non-comment lines of file ``name`` (``-``: standard input)."""
    if name == "-":
        text = sys.stdin.read()  # click.get_text_stream is deprecated (click 8.2+); CliRunner swaps sys.stdin
    else:
        with open(name, encoding="utf-8") as handle:
            text = handle.read()
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


def _as_dict(found) -> dict:  # noqa: ANN001 - a SkillInText
    return {"skill": found.id, "label": found.label, "type": found.type, "recogniser": found.recogniser,
            "status": found.status, "score": found.score, "words": found.words, "example": found.example,
            "reader": found.reader}


def _title(depth: str | None) -> str:
    if not depth:
        return "skills by pattern"
    from matcher.extract.meaning import DEEP_THRESHOLD, THRESHOLD

    found = DEEP_THRESHOLD if depth == "deep" else THRESHOLD
    return (f"skills by pattern and by meaning{' in depth' * (depth == 'deep')} "
            f"(met from 0.60 or by the reader, found from {found:.2f})")


def _blank_repeats(rows: list[dict]) -> None:
    """Show each text's number and words on its first row only."""
    last = None
    for row in rows:
        if row["n"] == last:
            row["n"], row["text"] = "", ""
        else:
            last = row["n"]


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
