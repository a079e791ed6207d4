"""The date a file carries about itself: PDF Info dates and DOCX core properties.

A resume's "Present" means the day it was written, and the file often says when that was:
a PDF's ``/ModDate`` or ``/CreationDate``, a DOCX's ``dcterms:modified`` or ``dcterms:created``.
The modification date comes first: it is the last time the text was touched. Only the
calendar day is kept (the time and zone do not move a count of months).

Metadata is free text written by whatever program made the file, so every parser here
returns None on anything it cannot read: a malformed date is ignored, never an error.
Whether the date is then believable for the document (not in the future, not before a job
the document lists) is decided where "present" is resolved, in ``matcher.extract.profile``.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from datetime import date

__all__ = ["docx_date", "first_date", "pdf_date"]

_PDF_DATE = re.compile(r"^\s*(?:D:)?(\d{4})(\d{2})?(\d{2})?(?=\d|[Zz+\-']|\s*$)")
"""PDF 1.7 § 7.9.4: ``D:YYYYMMDDHHmmSSOHH'mm``, every part after the year optional; anything
else after the digits read ("D:2025XX10") makes the whole date unreadable, not a guess."""
_W3C_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
"""DOCX core properties use W3CDTF: ``2024-01-15T09:00:00Z``."""
_CORE = "docProps/core.xml"
_CORE_MAX = 1 << 16
"""A core-properties part is a few hundred bytes; a bigger one is not read."""
_DCTERMS = "{http://purl.org/dc/terms/}"


def _day(year: str, month: str | None, day: str | None) -> date | None:
    try:
        return date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None  # month 13, February 30, year 0000...


def pdf_date(value: object) -> date | None:
    """A PDF date string (``str`` or ``bytes``, as the engines give them) → its day, or None."""
    if isinstance(value, bytes):
        if value.startswith((b"\xfe\xff", b"\xff\xfe")):
            value = value.decode("utf-16", "ignore")
        else:
            value = value.decode("latin-1")
    if not isinstance(value, str):
        return None
    # Some producers write ISO dates ("2024-01-15T09:00:00") where PDF dates belong.
    match = _W3C_DATE.match(value) or _PDF_DATE.match(value)
    return _day(*match.groups()) if match else None


def first_date(values: Iterable[object]) -> date | None:
    """The first of ``values`` that parses as a PDF date (ModDate before CreationDate)."""
    for value in values:
        found = pdf_date(value)
        if found is not None:
            return found
    return None


def docx_date(archive: zipfile.ZipFile) -> date | None:
    """``dcterms:modified``, else ``dcterms:created``, of a DOCX's core properties, or None."""
    from xml.etree import ElementTree

    try:
        info = archive.getinfo(_CORE)
        if info.file_size > _CORE_MAX:
            return None
        data = archive.read(_CORE)
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            return None  # same rule as the body: no DTDs, no entity expansion
        root = ElementTree.fromstring(data)
    except Exception:  # noqa: BLE001 - a damaged properties part never stops the read
        return None
    for name in ("modified", "created"):
        element = root.find(f"{_DCTERMS}{name}")
        if element is not None and element.text:
            match = _W3C_DATE.match(element.text)
            found = _day(*match.groups()) if match else None
            if found is not None:
                return found
    return None
