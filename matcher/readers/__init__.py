"""Document files → ``Document``: normalised text, sections, integrity flags — or a clear error.

    read_document(path)      one file (PDF, DOCX, TXT/MD, HTML), type from magic bytes first
    read_text(text)          a string already in memory
    iter_documents(target)   files, folders, globs and CSV/JSONL batches; errors are yielded

Every failure is an ``UnreadableDocument`` whose ``str()`` is the one line to show:
``"path: cause: how to fix"``; ``reason`` is a short code (``empty``, ``not_pdf``,
``corrupt``, ``encrypted``, ``no_text_layer``, ``too_large``, ``not_docx``,
``unsupported_type``, ``undecodable``, ``timeout``...). Nothing here unpickles anything.
"""

from __future__ import annotations

import glob
import hashlib
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from matcher.errors import UnreadableDocument
from matcher.extract.normalize import count_invisible, normalize_text
from matcher.extract.sections import find_sections
from matcher.readers.limits import can_interrupt, deadline, read_in_worker
from matcher.readers.pdf import DEFAULT_PDF_ENGINE, PDF_ENGINES
from matcher.types import Document, IntegrityFlag, Kind

__all__ = [
    "DEFAULT_PDF_ENGINE",
    "PDF_ENGINES",
    "UnreadableDocument",
    "iter_documents",
    "read_document",
    "read_document_limited",
    "read_text",
]

MAX_BYTES = 20_000_000
MAX_PAGES = 100
_TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".rst", ""})
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_DOCX_SUFFIXES = frozenset({".docx", ".docm", ".dotx"})
_SUPPORTED = "PDF, DOCX, TXT/MD and HTML files, and CSV/JSONL batches of ads"
# Magic numbers of formats people send instead of a resume, with the fix to suggest.
_FOREIGN = (
    (b"\xd0\xcf\x11\xe0", "a legacy Word .doc (or other Office 97) file: save it as .docx or PDF"),
    (b"{\\rtf", "an RTF file: save it as .docx or PDF"),
    (b"\x89PNG", "a PNG image: the file needs OCR; send a PDF or DOCX with text"),
    (b"\xff\xd8\xff", "a JPEG image: the file needs OCR; send a PDF or DOCX with text"),
    (b"GIF8", "a GIF image: the file needs OCR; send a PDF or DOCX with text"),
    (b"II*\x00", "a TIFF image: the file needs OCR; send a PDF or DOCX with text"),
    (b"MM\x00*", "a TIFF image: the file needs OCR; send a PDF or DOCX with text"),
    (b"\x1f\x8b", "a gzip archive: unpack it first"),
    (b"7z\xbc\xaf", "a 7-Zip archive: unpack it first"),
    (b"Rar!", "a RAR archive: unpack it first"),
)


def read_text(
    text: str,
    *,
    source: str = "<text>",
    kind_hint: Kind | None = None,
    title: str | None = None,
) -> Document:
    """A string already in memory → Document (normalised, with sections and flags)."""
    return _document(
        text, source=source, kind_hint=kind_hint, title=title, media_type="text/plain",
        sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        allow_empty=True,
    )


def read_document(
    path: str | os.PathLike[str],
    *,
    pdf_engine: str = DEFAULT_PDF_ENGINE,
    max_bytes: int = MAX_BYTES,
    max_pages: int = MAX_PAGES,
    kind_hint: Kind | None = None,
    timeout: float | None = None,
) -> Document:
    """Read one file into a Document; raise ``UnreadableDocument`` naming the cause.

    ``timeout`` (seconds) interrupts a read that runs too long — a hostile PDF can keep a
    pure-Python parser busy for minutes. It uses a timer signal, so it costs nothing and
    needs the main thread of a Unix process; elsewhere, or to bound code that never returns
    to Python, use ``read_document_limited`` (a worker process).
    """
    if pdf_engine not in PDF_ENGINES:
        raise UnreadableDocument(
            str(path), f"unknown PDF engine {pdf_engine!r}: choose one of "
            f"{', '.join(PDF_ENGINES)}", reason="usage",
        )
    source = str(path)
    if timeout and not can_interrupt():
        options = {"pdf_engine": pdf_engine, "max_bytes": max_bytes, "max_pages": max_pages,
                   "kind_hint": kind_hint}  # fmt: skip
        return read_in_worker(source, timeout=timeout, options=options, reader=read_document)
    with deadline(timeout, source):
        try:
            return _read(Path(path), source, pdf_engine=pdf_engine, max_bytes=max_bytes,
                         max_pages=max_pages, kind_hint=kind_hint)  # fmt: skip
        except UnreadableDocument:
            raise
        except (RecursionError, MemoryError) as exc:
            raise UnreadableDocument(
                source, f"corrupt or hostile file ({type(exc).__name__} while parsing): "
                "export it again from the program that made it", reason="corrupt",
            ) from exc
        except Exception as exc:  # noqa: BLE001 - never lose an input to a parser bug
            detail = " ".join(str(exc).split())[:200]  # the message must stay one line
            raise UnreadableDocument(
                source, f"could not be read ({type(exc).__name__}: {detail}); please report "
                "this file to the matcher developers", reason="internal",
            ) from exc


def read_document_limited(
    path: str | os.PathLike[str], *, timeout: float = 30.0, **options: object
) -> Document:
    """``read_document`` in a worker process that is killed after ``timeout`` seconds."""
    return read_in_worker(str(path), timeout=timeout, options=options, reader=read_document)


def iter_documents(
    target: str | os.PathLike[str],
    *,
    pdf_engine: str = DEFAULT_PDF_ENGINE,
    max_bytes: int = MAX_BYTES,
    max_pages: int = MAX_PAGES,
    kind_hint: Kind | None = None,
    timeout: float | None = None,
    id_column: str | None = None,
    title_column: str | None = None,
    text_column: str | None = None,
) -> Iterator[Document | UnreadableDocument]:
    """Every document under ``target`` (file, folder, or glob), errors yielded, not raised.

    Folders are walked recursively in sorted order, skipping dot-files. CSV/TSV/JSONL/JSON
    files are batches of ads: one Document per row, ``kind_hint`` defaulting to ``job_ad``.
    Count in = count out: each input file or row yields exactly one item.
    """
    from matcher.readers.tabular import BATCH_SUFFIXES, iter_batch

    options = {"pdf_engine": pdf_engine, "max_bytes": max_bytes, "max_pages": max_pages,
               "kind_hint": kind_hint, "timeout": timeout}  # fmt: skip
    for path in _expand(target):
        if isinstance(path, UnreadableDocument):
            yield path
        elif path.suffix.lower() in BATCH_SUFFIXES:
            yield from iter_batch(
                path, read_text=read_text, id_column=id_column, title_column=title_column,
                text_column=text_column, kind_hint=kind_hint or "job_ad", max_bytes=max_bytes,
            )
        else:
            try:
                yield read_document(path, **options)  # type: ignore[arg-type]
            except UnreadableDocument as exc:
                yield exc


def _expand(target: str | os.PathLike[str]) -> Iterator[Path | UnreadableDocument]:
    path = Path(target)
    if path.is_dir():
        found = sorted(
            p for p in path.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
        if not found:
            yield UnreadableDocument(str(path), "the folder holds no files", reason="empty")
        yield from found
    elif path.exists() or not glob.has_magic(str(target)):
        yield path  # a missing file is reported by read_document
    else:
        matches = sorted(Path(p) for p in glob.glob(str(target), recursive=True))
        files = [p for p in matches if p.is_file()]
        if not files:
            yield UnreadableDocument(str(target), "no file matches this pattern", reason="empty")
        yield from files


def _read(
    path: Path, source: str, *, pdf_engine: str, max_bytes: int, max_pages: int,
    kind_hint: Kind | None,
) -> Document:
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise UnreadableDocument(source, "is a folder: use iter_documents (matcher batch)",
                                     reason="unsupported_type")  # fmt: skip
        if size > max_bytes:
            raise UnreadableDocument(
                source, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit: "
                "shrink it, or raise the limit (max_bytes)", reason="too_large",
            )
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise UnreadableDocument(source, "no such file", reason="missing") from None
    except OSError as exc:
        message = f"cannot open: {exc.strerror or exc}"
        raise UnreadableDocument(source, message, reason="io") from None
    if len(data) > max_bytes:  # grew while we looked, or a device file
        raise UnreadableDocument(source, f"file is over the {max_bytes / 1e6:g} MB limit",
                                 reason="too_large")  # fmt: skip
    if not data.strip():
        raise UnreadableDocument(
            source, ("empty file (0 bytes)" if not data else "empty file (only whitespace)")
            + ": the export or upload went wrong; save the document again",
            reason="empty",
        )
    digest = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    common = {"source": source, "kind_hint": kind_hint, "sha256": digest}
    if b"%PDF-" in data[:1024]:
        return _from_pdf(data, engine=pdf_engine, max_pages=max_pages, **common)
    if suffix == ".pdf":
        raise UnreadableDocument(
            source, f"not a PDF: it does not start with %PDF ({_looks_like(data)}); export "
            "it again as PDF", reason="not_pdf",
        )
    for magic, what in _FOREIGN:
        if data.startswith(magic):
            raise UnreadableDocument(source, f"unsupported type: {what}", reason="unsupported_type")
    if data.startswith(b"PK\x03\x04") or suffix in _DOCX_SUFFIXES:
        from matcher.readers.docx import read_docx

        if not data.startswith(b"PK\x03\x04") or suffix in _DOCX_SUFFIXES or _has_word_part(data):
            text, flags, made = read_docx(data, source=source, max_unzipped=5 * max_bytes)
            return _document(text, media_type=_DOCX_TYPE, flags=flags, file_date=made,
                             file_date_source="docx_metadata" if made else None, **common)
        raise UnreadableDocument(
            source, f"unsupported type: a zip archive that is not a DOCX; {_SUPPORTED} are read",
            reason="unsupported_type",
        )
    if suffix in (".csv", ".tsv", ".jsonl", ".ndjson", ".json"):
        raise UnreadableDocument(
            source, "a batch of ads (one per row): read it with iter_documents (matcher batch)",
            reason="batch",
        )
    from matcher.readers.text import decode_text

    if suffix in _HTML_SUFFIXES or _sniff_html(data):
        from matcher.readers.html import html_charset, html_to_text

        charset = html_charset(data)
        markup = _decode_declared(data, charset) if charset else None
        markup = markup if markup is not None else decode_text(data, source=source)
        text, flags = html_to_text(markup)
        return _document(text, media_type="text/html", flags=flags, **common)
    try:
        text = decode_text(data, source=source)
    except UnreadableDocument:
        if suffix not in _TEXT_SUFFIXES:
            raise UnreadableDocument(
                source, f"unsupported type: {suffix or 'no extension'} holding binary data; "
                f"{_SUPPORTED} are read", reason="unsupported_type",
            ) from None
        raise
    if suffix in (".md", ".markdown"):
        from matcher.readers.text import markdown_to_text

        return _document(markdown_to_text(text), media_type="text/markdown", **common)
    return _document(text, media_type="text/plain", **common)


_DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _has_word_part(data: bytes) -> bool:
    return b"word/document.xml" in data


def _sniff_html(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    starts = head.startswith((b"<!doctype html", b"<html", b"<?xml"))
    return starts and b"<html" in data[:4096].lower()


def _decode_declared(data: bytes, charset: str) -> str | None:
    try:
        return data.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return None


def _looks_like(data: bytes) -> str:
    if data.startswith(b"PK\x03\x04"):
        return "it is a zip archive, perhaps a DOCX"
    for magic, what in _FOREIGN:
        if data.startswith(magic):
            return f"it is {what.split(':')[0]}"
    sample = data[:512]
    if sample and sum(32 <= b < 127 or b in (9, 10, 13) for b in sample) > 0.9 * len(sample):
        return "it looks like plain text"
    return "it looks like binary data"


def _from_pdf(
    data: bytes, *, engine: str, max_pages: int, source: str, kind_hint: Kind | None, sha256: str
) -> Document:
    from matcher.readers.pdf import read_pdf

    pdf = read_pdf(data, source=source, engine=engine, max_pages=max_pages)
    if pdf.glyphs == 0 and pdf.images:
        raise UnreadableDocument(
            source, "no text layer: the file needs OCR (its pages are images); run it through "
            "OCR, or export it again from the program that made it", reason="no_text_layer",
        )
    if pdf.glyphs == 0:
        raise UnreadableDocument(
            source, "no text: the pages draw no text and no images (blank, or damaged content "
            "streams); export the file again", reason="no_text",
        )
    document = _document(
        "\f".join(pdf.pages), source=source, kind_hint=kind_hint, sha256=sha256,
        media_type="application/pdf", flags=list(pdf.flags), engine=engine, pages=len(pdf.pages),
        file_date=pdf.date, file_date_source="pdf_metadata" if pdf.date else None,
    )
    if not document.text:
        hidden = sum(flag.count for flag in pdf.flags)
        why = ("all of it is hidden (white, tiny or off the page)" if hidden else
               "it holds only page numbers and repeated headers")  # fmt: skip
        raise UnreadableDocument(source, f"no visible text: {why}", reason="no_visible_text")
    return document


def _document(
    raw: str,
    *,
    source: str,
    kind_hint: Kind | None,
    sha256: str | None,
    media_type: str,
    title: str | None = None,
    flags: list[IntegrityFlag] | None = None,
    engine: str | None = None,
    pages: int | None = None,
    allow_empty: bool = False,
    file_date: date | None = None,
    file_date_source: str | None = None,
) -> Document:
    flags = list(flags or ())
    invisible, sample = count_invisible(raw)
    if invisible:
        flags.append(IntegrityFlag(
            "invisible_characters",
            f"{invisible} invisible characters (zero-width, bidi or tag characters: {sample}) "
            "were removed from the text", invisible,
        ))  # fmt: skip
    text = normalize_text(raw)
    if not text and not allow_empty and media_type != "application/pdf":
        raise UnreadableDocument(
            source, "holds no text (only invisible or control characters): save the document "
            "again as text, PDF or DOCX", reason="empty",
        )
    return Document(
        source=source, text=text, sections=find_sections(text, kind=kind_hint),
        flags=tuple(flags), title=title, kind_hint=kind_hint, media_type=media_type,
        engine=engine, pages=pages, sha256=sha256, file_date=file_date,
        file_date_source=file_date_source,
    )
