"""Uploaded bytes → a type by their content, a display name, and a spool file named by us.

The browser's file name and content type are never trusted: the type comes from the magic
bytes, the name is shown (escaped) and never touches the file system; the bytes are written
to ``<spool>/<kind>-<id>.<type>``, a name this module makes.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from pathlib import Path

__all__ = ["TYPES", "display_name", "sniff", "spool_path"]

TYPES = ("pdf", "docx", "html", "txt")
"""What the readers take from an upload; the spool file's suffix tells them which."""


def sniff(data: bytes) -> tuple[str | None, str | None]:
    """``(type, None)`` for a PDF, DOCX, HTML or text file by its content, else ``(None, why)``."""
    head = data[:4096]
    if not data:
        return None, "the file is empty"
    # PDF readers accept a header anywhere in the first kilobyte (some writers prepend junk).
    if b"%PDF-" in data[:1024]:
        return "pdf", None
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return None, "a damaged ZIP file, not a Word document: export it again as PDF or DOCX"
        if "word/document.xml" in names:
            return "docx", None
        return None, "a ZIP file but not a Word document: upload the PDF, DOCX or text file itself"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return None, "an old Word .doc file: save it as .docx or PDF and upload that"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, "not a PDF, DOCX or text file (binary content): upload the resume as PDF, DOCX or text"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "html", None
    return "txt", None


def display_name(filename: str | None, *, fallback: str) -> str:
    """The last part of a browser-sent file name, without control characters, at most 200 long."""
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    return name[:200] or fallback


def spool_path(spool: Path, *, owner: str, key: int, type_: str) -> Path:
    """Where the scoring thread finds the bytes of an ad (owner "ad") or a resume."""
    if type_ not in TYPES or owner not in ("ad", "resume"):
        raise ValueError(f"no spool name for {owner} {type_}")
    return spool / f"{owner}-{int(key)}.{type_}"
