"""``matcher taxonomy``: check, show and count the skill-and-role taxonomy."""

from __future__ import annotations

import json
import sys
from collections import Counter
from typing import Any

import click

from matcher.cli.common import ExitStatus, library_errors, write_table

_TAXONOMY_OPTION = click.option(
    "--taxonomy",
    "extra",
    multiple=True,
    type=click.Path(dir_okay=False),
    help="Your own taxonomy YAML, merged over the shipped one (repeatable; later files win).",
)


@click.group("taxonomy")
def taxonomy() -> None:
    """Check, show and count the skill-and-role taxonomy.

    The shipped taxonomy lives in taxonomy/*.yaml (schema in taxonomy/SCHEMA.md). Every
    command takes --taxonomy PATH to merge your own file over it: entries with an existing id
    override it field by field, new ids are added.
    """


@taxonomy.command("check")
@_TAXONOMY_OPTION
def check(extra: tuple[str, ...]) -> None:
    """Validate the taxonomy and list every problem, each with its file and entry id.

    Prints "ok: N skills, M roles, version V" and exits 0 when valid; otherwise prints one
    problem per line and exits 1.
    """
    from matcher.taxonomy.load import check_taxonomy, load_taxonomy

    problems = check_taxonomy(*extra)
    if problems:
        for problem in problems:
            click.echo(problem, err=True)
        click.echo(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}", err=True)
        raise SystemExit(ExitStatus.SOME_FAILED)
    tax = load_taxonomy(*extra)
    click.echo(f"ok: {len(tax.skills)} skills, {len(tax.roles)} roles, version {tax.version}")


@taxonomy.command("show")
@click.argument("entry_id", required=False)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@_TAXONOMY_OPTION
def show(entry_id: str | None, fmt: str, extra: tuple[str, ...]) -> None:
    """Show the resolved taxonomy, or one skill, role or source by ID.

    With --format json and no ID, prints the whole resolved taxonomy (default files plus
    --taxonomy files) as one JSON document.
    """
    from matcher.taxonomy.load import entry_to_dict, load_taxonomy, taxonomy_to_dict

    with library_errors():
        tax = load_taxonomy(*extra)
    if entry_id is not None:
        entry = tax.skills.get(entry_id) or tax.roles.get(entry_id) or tax.sources.get(entry_id)
        if entry is None:
            raise click.ClickException(
                f"no skill, role or source has id {entry_id!r}; `matcher taxonomy show` lists them"
            )
        data = entry_to_dict(entry)
        if fmt == "json":
            click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            rows = [{"field": k, "value": _cell(v)} for k, v in data.items()]
            write_table(rows, ["field", "value"], sys.stdout, title=entry_id)
        return
    if fmt == "json":
        click.echo(json.dumps(taxonomy_to_dict(tax), ensure_ascii=False, indent=2))
        return
    stream = sys.stdout
    roles = [
        {
            "id": r.id,
            "label": r.label,
            "rung": r.rung or "-",
            "titles": len(r.titles),
            "signals": len(r.signals),
        }
        for r in tax.roles.values()
    ]
    write_table(
        roles,
        ["id", "label", "rung", "titles", "signals"],
        stream,
        title=f"roles (taxonomy {tax.version})",
    )
    stream.write("\n")
    skills = [
        {
            "id": s.id,
            "type": s.type,
            "label": s.label,
            **{rung[8:11]: f"{w:.2f}" for rung, w in s.weights.items()},
            "sources": len(s.sources),
        }
        for s in tax.skills.values()
    ]
    write_table(
        skills,
        ["id", "type", "label", "coo", "exe", "man", "sources"],
        stream,
        title="skills (weights per rung)",
    )


def _cell(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


@taxonomy.command("stats")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@_TAXONOMY_OPTION
def stats(fmt: str, extra: tuple[str, ...]) -> None:
    """Count skills by type, compiled patterns, provenance coverage and links by scheme/match."""
    from matcher.taxonomy.load import load_taxonomy, taxonomy_stats

    with library_errors():
        tax = load_taxonomy(*extra)
    data = taxonomy_stats(tax)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    rows = [{"measure": k, "value": _cell(v)} for k, v in _flatten(data)]
    write_table(rows, ["measure", "value"], sys.stdout, title=f"taxonomy {tax.version}")


def _flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and not isinstance(value, Counter):
            out.extend(_flatten(value, name + "."))
        else:
            out.append((name, value))
    return out
