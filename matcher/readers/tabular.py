"""CSV / TSV / JSONL / JSON exports → one ``Document`` per row (a batch of job ads).

Columns are found by name, case-insensitively: the first of the defaults present, unless the
caller names one. Each row's source is ``file.csv#<id>`` when the row has an id, else
``file.csv:<n>`` (``n`` is the record number, 1 for the first row after the header; for JSONL
it is the line number). A bad row becomes an ``UnreadableDocument`` naming the row and the
batch goes on; only a file-level problem (no text column, undecodable bytes) stops the file.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from matcher.errors import UnreadableDocument
from matcher.readers.text import decode_text
from matcher.types import Document

BATCH_SUFFIXES = frozenset({".csv", ".tsv", ".jsonl", ".ndjson", ".json"})
ID_COLUMNS = ("id", "job_id", "jobid", "posting_id", "ad_id", "uuid", "key")
TITLE_COLUMNS = ("title", "job_title", "jobtitle", "position", "position_title", "role", "name")
TEXT_COLUMNS = (
    "text", "description", "job_description", "jobdescription", "body", "content",
    "posting", "details", "summary", "resume", "resume_text",
)  # fmt: skip
_FIELD_LIMIT = 10_000_000
"""csv's default field limit (128 KB) is below a long ad with markup; 10 MB stays bounded."""

ReadText = Callable[..., Document]


def _pick(columns: list[str], wanted: str | None, defaults: tuple[str, ...]) -> str | None:
    lowered = {c.strip().lower(): c for c in columns if isinstance(c, str)}
    if wanted is not None:
        return lowered.get(wanted.strip().lower())
    for name in defaults:
        if name in lowered:
            return lowered[name]
    return None


def iter_batch(
    path: Path,
    *,
    read_text: ReadText,
    id_column: str | None = None,
    title_column: str | None = None,
    text_column: str | None = None,
    kind_hint: str | None = "job_ad",
    max_bytes: int,
) -> Iterator[Document | UnreadableDocument]:
    """Yield one Document (or the error that stopped it) per row of a batch file."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield UnreadableDocument(
                name, f"batch file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB "
                "limit: split it, or raise the limit (max_bytes)", reason="too_large",
            )
            return
        content = decode_text(path.read_bytes(), source=name)
    except UnreadableDocument as exc:
        yield exc
        return
    except OSError as exc:
        yield UnreadableDocument(name, f"cannot open: {exc.strerror or exc}", reason="io")
        return
    suffix = path.suffix.lower()
    rows = _json_rows(content, name) if suffix in (".jsonl", ".ndjson", ".json") else _csv_rows(
        content, name, delimiter="\t" if suffix == ".tsv" else None
    )
    columns: dict[str, str | None] | None = None
    for number, row in rows:
        if isinstance(row, UnreadableDocument):
            yield row
            continue
        if columns is None:
            keys = list(row)
            columns = {
                "id": _pick(keys, id_column, ID_COLUMNS),
                "title": _pick(keys, title_column, TITLE_COLUMNS),
                "text": _pick(keys, text_column, TEXT_COLUMNS),
            }
            if columns["text"] is None:
                wanted = text_column or " / ".join(TEXT_COLUMNS[:4])
                yield UnreadableDocument(
                    name, f"no text column ({wanted}) among the columns "
                    f"{', '.join(map(str, keys))}: name it with text_column= (--text-column)",
                    reason="no_text_column",
                )
                return
        yield _row_document(row, number, name, columns, read_text, kind_hint)


def _row_document(
    row: Mapping[str, Any],
    number: int,
    name: str,
    columns: Mapping[str, str | None],
    read_text: ReadText,
    kind_hint: str | None,
) -> Document | UnreadableDocument:
    ident = row.get(columns["id"]) if columns["id"] else None
    ident = str(ident).strip() if ident not in (None, "") else None
    source = f"{name}#{ident}" if ident else f"{name}:{number}"
    if None in row:  # csv puts surplus fields under the key None
        return UnreadableDocument(
            source, f"row {number} has more fields than the header: quote fields holding "
            "the delimiter", reason="bad_row",
        )
    text = row.get(columns["text"])
    if not isinstance(text, str) or not text.strip():
        return UnreadableDocument(
            source, f"row {number} has no text in column {columns['text']!r}", reason="empty"
        )
    title = row.get(columns["title"]) if columns["title"] else None
    title = str(title).strip() or None if title is not None else None
    try:
        return read_text(text, source=source, kind_hint=kind_hint, title=title)
    except UnreadableDocument as exc:
        return exc


def _csv_rows(content: str, name: str, *, delimiter: str | None) -> Iterator[tuple[int, Any]]:
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(content[:8192], delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    csv.field_size_limit(max(csv.field_size_limit(), _FIELD_LIMIT))
    reader = csv.DictReader(content.splitlines(keepends=True), delimiter=delimiter)
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            number += 1
            yield number, UnreadableDocument(
                f"{name}:{number}", f"row {number} is not valid CSV ({exc})", reason="bad_row"
            )
            continue
        number += 1
        yield number, row


def _json_rows(content: str, name: str) -> Iterator[tuple[int, Any]]:
    stripped = content.lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(content)
        except json.JSONDecodeError as exc:
            yield 0, UnreadableDocument(name, f"not valid JSON ({exc})", reason="bad_row")
            return
        lines: list[tuple[int, Any]] = list(enumerate(items, start=1))
    else:
        lines = []
        for number, line in enumerate(content.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                lines.append((number, json.loads(line)))
            except json.JSONDecodeError as exc:
                lines.append((number, UnreadableDocument(
                    f"{name}:{number}", f"line {number} is not valid JSON ({exc.msg})",
                    reason="bad_row",
                )))  # fmt: skip
    for number, item in lines:
        if isinstance(item, UnreadableDocument) or isinstance(item, dict):
            yield number, item
        else:
            yield number, UnreadableDocument(
                f"{name}:{number}", f"record {number} is a {type(item).__name__}, not an "
                "object with a text field", reason="bad_row",
            )
