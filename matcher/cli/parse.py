"""``matcher parse``: print what a resume or job ad says, each fact with its evidence."""

from __future__ import annotations

from typing import Any

import click

from matcher.cli.common import (
    ExitStatus,
    as_of_date,
    as_of_option,
    library_errors,
    open_output,
    output_options,
    resolve_format,
)

_COLUMNS = ("field", "value")


@click.command("parse")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--kind", type=click.Choice(["resume", "job_ad"]), default=None,
              help="Treat every input as this kind instead of detecting it.")
@click.option("--taxonomy", "extra", multiple=True, type=click.Path(dir_okay=False),
              help="Your own taxonomy YAML merged over the shipped one (repeatable).")
@click.option("--spacy-model", default=None,
              help="An installed spaCy model to start from (e.g. en_core_web_sm); never required.")
@click.option("--explain-skill", "explain", default=None, metavar="ID",
              help="Instead of the profile, show every clause scored against skill ID by meaning "
                   "(and why a close one still gives nothing).")
@as_of_option
@output_options
def parse(files: tuple[str, ...], kind: str | None, extra: tuple[str, ...], spacy_model: str | None,
          explain: str | None, as_of: Any, fmt: str | None, out: str | None) -> None:
    """Read FILES (resumes or job ads: PDF, DOCX, TXT, HTML; folders and CSV/JSONL batches of
    ads too) and print each one's profile: skills with evidence, positions, years, education,
    certifications, metrics and signals for a resume; required and preferred skills, minimum
    years and education asked for in a job ad.

    JSON prints one object per input per line (dates as ISO strings). An unreadable file
    is printed in its place as {"source", "kind": null, "error"} (a row "error" in a table or
    CSV) and on standard error, and makes the exit status 1; the other files still print.
    """
    from matcher.errors import UnreadableDocument
    from matcher.extract.nlp import get_nlp
    from matcher.extract.profile import build_profile, profile_to_dict, run_date
    from matcher.readers import iter_documents
    from matcher.taxonomy.load import load_taxonomy

    fmt = resolve_format(fmt, out)
    failed = False
    today = run_date()
    with library_errors():
        taxonomy = load_taxonomy(*extra)
        nlp = get_nlp(taxonomy, spacy_model=spacy_model)
    if explain is not None and explain not in taxonomy.skills:
        raise click.BadParameter(f"no skill {explain!r} in the taxonomy; 'matcher taxonomy show' lists them",
                                 param_hint="--explain-skill")
    with open_output(out) as stream:
        for target in files:
            for item in iter_documents(target, kind_hint=kind):  # type: ignore[arg-type]
                if not isinstance(item, UnreadableDocument):
                    item = _checked(item)
                if isinstance(item, UnreadableDocument):
                    failed = True
                    click.echo(f"error: {item}", err=True)
                    _write_error(item, stream, fmt=fmt, explain=explain)
                    continue
                if explain is not None:
                    with library_errors():
                        _explain(item, explain, nlp, stream, fmt=fmt)
                    continue
                with library_errors():
                    profile = build_profile(item, kind=kind, nlp=nlp, taxonomy=taxonomy,  # type: ignore[arg-type]
                                            as_of=as_of_date(as_of), today=today)
                data = profile_to_dict(profile)
                if fmt == "json":
                    import json

                    stream.write(json.dumps(data, ensure_ascii=False) + "\n")
                else:
                    _write_table(data, stream, csv=fmt == "csv")
    if failed:
        raise SystemExit(ExitStatus.SOME_FAILED)


def _explain(document, skill_id: str, nlp, stream, *, fmt: str) -> None:  # noqa: ANN001
    """Every clause of ``document`` with its score for ``skill_id``, best first."""
    from matcher.extract.components import is_wide, skip_sections
    from matcher.extract.meaning import DEEP_THRESHOLD, THRESHOLD, WEAK
    from matcher.extract.switch import meaning_depth
    from matcher.types import MEANING_CONFIRMED

    deep = meaning_depth() == "deep"
    threshold = DEEP_THRESHOLD if deep else THRESHOLD
    doc = nlp(document.text)
    skip_sections(doc, document.sections)
    found = [s for s in doc.spans["skills"] if s.label_ == skill_id]
    rows = [{"clause": s.text, "score": "pattern", **({"minilm": "-"} if deep else {}), "reader": "-",
             "example": "-", "result": "found by a wide pattern (not read for rungs)" if is_wide(s)
             else "found by pattern"} for s in found]
    for c in nlp.get_pipe("matcher_skill_meaning").explain(doc, skill_id, deep=deep):
        aligned = c.blocked is None and c.score >= threshold
        result = ("found by the reader (met)" if c.read and not aligned
                  else c.blocked if c.blocked else "found by meaning (met)" if aligned
                  else "close (partly met)" if c.score >= WEAK else "-")
        rows.append({"clause": c.text, "score": f"{c.score:.2f}", **({"minilm": f"{c.minilm:.2f}"} if deep else {}),
                     "reader": f"{c.reader:.2f}", "example": c.example, "result": result})
    rows.sort(key=lambda r: r["result"].startswith("found") is False)
    # Read in depth, "score" is the in-depth one (static and MiniLM averaged), "minilm" its MiniLM part;
    # "reader" is the trained reader's probability (it gives the skill from its threshold).
    columns = (("clause", "score", "minilm", "reader", "example", "result") if deep
               else ("clause", "score", "reader", "example", "result"))
    if fmt == "json":
        import json

        stream.write(json.dumps({"source": document.source, "skill": skill_id, "threshold": threshold,
                                 "weak": WEAK, "met": MEANING_CONFIRMED, "clauses": rows}, ensure_ascii=False) + "\n")
        return
    from matcher.cli.common import write_csv, write_table

    if fmt == "csv":
        write_csv(rows, columns, stream)
    else:
        write_table(rows, columns, stream, title=f"{document.source}: {skill_id} by meaning{' (MiniLM)' * deep} "
                                                 f"(met from {threshold:.2f}, close from {WEAK:.2f})")
        stream.write("\n")


def _write_error(error, stream, *, fmt: str, explain: str | None) -> None:  # noqa: ANN001
    """An unreadable input in the output, where its profile would have been."""
    if fmt == "json":
        import json

        row = {"source": error.source, "kind": None, "error": str(error)}
        if explain is not None:
            row = {"source": error.source, "skill": explain, "error": str(error)}
        stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    from matcher.cli.common import write_csv, write_table

    rows = [{"field": "error", "value": str(error)}]
    if fmt == "csv":
        write_csv(rows, _COLUMNS, stream)
    else:
        write_table(rows, _COLUMNS, stream, title=f"{error.source} (unreadable)")
        stream.write("\n")


def _checked(document):  # noqa: ANN001, ANN202 - Document → Document | UnreadableDocument
    """The document, or the error that says it is too short or neither a resume nor an ad."""
    from matcher.errors import UnreadableDocument
    from matcher.extract.kind import check_document

    try:
        check_document(document)
    except UnreadableDocument as exc:
        return exc
    return document


def _write_table(data: dict[str, Any], stream, *, csv: bool) -> None:  # noqa: ANN001
    from matcher.cli.common import write_csv, write_table

    rows = [{"field": k, "value": v} for k, v in _summary(data)]
    if csv:
        write_csv(rows, _COLUMNS, stream)
    else:
        write_table(rows, _COLUMNS, stream, title=f"{data['source']} ({data['kind']})")
        stream.write("\n")


def occupation_line(occupation: dict[str, Any] | None) -> str:
    """One short line: code, label, relation, and how the title matched."""
    if not occupation:
        return "-"
    if occupation["method"] == "unknown":
        return f"unknown ({occupation['matched']!r} matches no occupation)"
    code = f"{occupation['code']} " if occupation["code"] else ""
    return (f"{code}{occupation['label']} [{occupation['relation']}] "
            f"({occupation['method']} {occupation['confidence']:.2f}: {occupation['matched']!r})")  # fmt: skip


def _summary(data: dict[str, Any]) -> list[tuple[str, str]]:
    """The profile as field/value lines a person can scan."""
    from matcher.types import by_meaning

    rows: list[tuple[str, str]] = []
    head = data.get("headline") or "-"
    rung = data.get("title_rung") or data.get("title_role") or "no taxonomy title"
    rows.append(("headline", f"{head} → {rung}"))
    rows.append(("occupation", occupation_line(data.get("occupation"))))
    if data["kind"] == "resume":
        rows.append(("years", f"{data['years_experience']} total, {data['years_account']} in account roles "
                              f"(present = {data.get('as_of')}, from {data.get('as_of_source')})"))
        for i, p in enumerate(data["positions"]):
            end = "present" if p["current"] else p["end"]
            rows.append((f"position {i}", f"{p['title'] or '?'} → {p['rung'] or p['role'] or '-'}"
                                          f" | {p['employer'] or '-'} | {p['start']} – {end} ({p['months']} mo)"
                                          f" | {occupation_line(p.get('occupation'))}"))
    elif data.get("min_years") is not None:
        rows.append(("min years", str(data["min_years"])))
    for s in data["skills"]:
        need = {True: " [required]", False: " [preferred]", None: ""}[s["required"]]
        how = (f" [{by_meaning(s['score'], s['example'], reader=bool(s.get('reader')))}]"
               if s.get("recogniser") == "meaning" else "")
        rows.append(("skill", f"{s['label']} ×{s['count']}{need}{how}: \"{s['evidence'][0]['sentence'][:80]}\""))
    for e in data["education"]:
        need = {True: " [required]", False: " [preferred]", None: ""}[e["required"]]
        rows.append(("education", ", ".join(str(x) for x in (e["level"], e["field"], e["institution"], e["year"])
                                           if x) + need))
    for c in data["certifications"]:
        rows.append(("certification", c["label"]))
    for m in data["metrics"]:
        rows.append(("metric", f"{m['kind']} = {m['value']:g} {m['unit']}: \"{m['evidence']['text']}\""))
    for s in data["signals"]:
        value = "" if s["value"] is None else f" = {s['value']:g}"
        rows.append(("signal", f"{s['kind']}{value}: \"{s['evidence']['text']}\""))
    for note in data["notes"]:
        rows.append(("note", note))
    for flag in data["flags"]:
        rows.append(("flag", f"{flag['kind']}: {flag['detail']}"))
    return rows
