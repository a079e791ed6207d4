"""DOCX bytes → text and integrity flags, reading the WordprocessingML parts directly.

A DOCX is a zip archive: before anything is unpacked, the declared sizes of its members are
checked against a cap, and reading stops at the cap as it goes (Python's zipfile also refuses
to inflate a member past its declared size), so a zip bomb costs a few milliseconds. XML with
a DTD is refused: Word never writes one, and entity expansion is how XML bombs work.

Paragraphs are read in document order, including tables and text boxes (each text box once:
the ``mc:Fallback`` copy of a drawing is skipped), with page headers first and footers last.
Runs hidden by ``w:vanish``, coloured white over no shading, or smaller than 4 pt are left out
of the text and counted. Formatting inherited from styles is not resolved (a limitation:
only direct formatting is seen).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from datetime import date
from io import BytesIO
from xml.etree import ElementTree

from matcher.errors import UnreadableDocument
from matcher.types import IntegrityFlag

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _R, _T, _TAB, _BR, _CR = (f"{_W}{t}" for t in ("p", "r", "t", "tab", "br", "cr"))
_RPR, _PPR, _TCPR, _SHD = (f"{_W}{t}" for t in ("rPr", "pPr", "tcPr", "shd"))
_VAL, _FILL = f"{_W}val", f"{_W}fill"
_MAX_MEMBERS = 10_000
_TINY_HALF_POINTS = 8  # w:sz is in half-points: under 4 pt
_PART = re.compile(r"word/(header|footer)\d*\.xml")
_Found = dict[str, list[str]]
"""Hidden runs found so far, by kind."""
_WORDING = {
    "hidden_text": "marked hidden (w:vanish)",
    "white_text": "coloured white on an unshaded background",
    "tiny_text": "smaller than 4 pt",
}


def _not_docx(source: str, why: str) -> UnreadableDocument:
    return UnreadableDocument(
        source, f"not a DOCX: {why}; open it in Word and save as .docx, or export a PDF",
        reason="not_docx",
    )


def read_docx(
    data: bytes, *, source: str, max_unzipped: int
) -> tuple[str, list[IntegrityFlag], date | None]:
    """The text of a DOCX (paragraphs on lines), flags for the hidden runs left out, and its
    core properties' modified (else created) date (``matcher.readers.filedate``)."""
    if not data.startswith(b"PK\x03\x04"):
        raise _not_docx(source, "it is not a zip archive")
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise UnreadableDocument(
            source, f"corrupt or truncated DOCX ({exc}): save or download it again",
            reason="corrupt",
        ) from None
    declared = sum(member.file_size for member in members)
    if len(members) > _MAX_MEMBERS or declared > max_unzipped:
        raise _bomb(source, declared, max_unzipped)
    names = {member.filename for member in members}
    if "word/document.xml" not in names:
        raise _not_docx(source, "the archive has no word/document.xml (another zip format?)")
    hidden: dict[str, list[str]] = {}
    budget = [max_unzipped, max_unzipped]  # remaining, cap
    headers = sorted(n for n in names if (m := _PART.fullmatch(n)) and m.group(1) == "header")
    footers = sorted(n for n in names if (m := _PART.fullmatch(n)) and m.group(1) == "footer")
    blocks: list[str] = []
    for name in [*headers, "word/document.xml", *footers]:
        root = _parse(archive, name, source, budget)
        lines: list[str] = []
        _walk(root, lines, hidden, shaded=False)
        text = "\n".join(lines).strip()
        if text and (name == "word/document.xml" or text not in blocks):
            blocks.append(text)  # headers repeat per section; keep each text once
    flags = []
    for kind, parts in hidden.items():
        sample = " ".join("".join(parts).split())
        count = sum(len(part) for part in parts)
        flags.append(
            IntegrityFlag(
                kind,
                f"{count} characters {_WORDING[kind]} were left out of the text, "
                f"e.g. {sample[:60]!r}",
                count,
            )
        )
    from matcher.readers.filedate import docx_date

    return "\n\n".join(blocks), flags, docx_date(archive)


def _bomb(source: str, size: int, cap: int) -> UnreadableDocument:
    return UnreadableDocument(
        source,
        f"DOCX unpacks to more than {cap / 1e6:.0f} MB (declared {size / 1e6:.0f} MB; a zip "
        "bomb?): remove embedded files, or raise the limit (max_bytes)",
        reason="too_large",
    )


def _parse(archive: zipfile.ZipFile, name: str, source: str, budget: list[int]):  # noqa: ANN202
    chunks = []
    try:
        with archive.open(name) as member:
            while chunk := member.read(1 << 20):
                budget[0] -= len(chunk)
                if budget[0] < 0:
                    raise _bomb(source, archive.getinfo(name).file_size, budget[1])
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError,
            RuntimeError) as exc:  # fmt: skip
        raise UnreadableDocument(
            source, f"corrupt DOCX ({name}: {exc}): save or download it again", reason="corrupt"
        ) from None
    data = b"".join(chunks)
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:4096]:
        raise UnreadableDocument(
            source, f"DOCX part {name} declares a DTD, which Word never writes: save it again "
            "from Word", reason="corrupt",
        )
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise UnreadableDocument(
            source, f"corrupt DOCX ({name} is not well-formed XML: {exc}): save it again",
            reason="corrupt",
        ) from None


def _dark(fill: str | None) -> bool:
    return bool(fill) and fill.lower() not in ("auto", "ffffff", "none")


def _walk(element, lines: list[str], hidden: _Found, *, shaded: bool) -> None:  # noqa: ANN001
    for child in element:
        tag = child.tag
        if tag == _MC_FALLBACK:
            continue
        if tag == _P:
            _paragraph(child, lines, hidden, shaded=shaded)
        else:
            if tag == f"{_W}tc":
                shd = child.find(f"{_TCPR}/{_SHD}")
                cell_shaded = shaded or (shd is not None and _dark(shd.get(_FILL)))
                _walk(child, lines, hidden, shaded=cell_shaded)
            else:
                _walk(child, lines, hidden, shaded=shaded)


def _paragraph(p, lines: list[str], hidden: _Found, *, shaded: bool) -> None:  # noqa: ANN001
    shd = p.find(f"{_PPR}/{_SHD}")
    shaded = shaded or (shd is not None and _dark(shd.get(_FILL)))
    parts: list[str] = []
    nested: list = []

    def visit(node) -> None:  # noqa: ANN001
        for child in node:
            tag = child.tag
            if tag == _P:
                nested.append(child)
            elif tag == _MC_FALLBACK or tag == _PPR:
                continue
            elif tag == _R:
                _run(child, parts, hidden, shaded=shaded)
                visit(child)  # drawings inside a run hold text-box paragraphs
            else:
                visit(child)

    visit(p)
    text = "".join(parts)
    if text.strip() and _is_list_item(p):
        text = "• " + text  # Word keeps list bullets in numbering, not in the text
    lines.append(text)
    for inner in nested:
        _paragraph(inner, lines, hidden, shaded=shaded)


def _is_list_item(p) -> bool:  # noqa: ANN001
    props = p.find(_PPR)
    if props is None:
        return False
    if props.find(f"{_W}numPr") is not None:
        return True
    style = props.find(f"{_W}pStyle")
    return style is not None and "list" in (style.get(_VAL) or "").lower()


def _run(run, parts: list[str], hidden: _Found, *, shaded: bool) -> None:  # noqa: ANN001
    text = []
    for child in run:
        tag = child.tag
        if tag == _T:
            text.append(child.text or "")
        elif tag == _TAB:
            text.append("\t")
        elif tag in (_BR, _CR):
            text.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            text.append("-")
    if not text:
        return
    joined = "".join(text)
    kind = _hidden_kind(run.find(_RPR), shaded=shaded)
    if kind and joined.strip():
        hidden.setdefault(kind, []).append(joined + " ")
        return
    parts.append(joined)


def _hidden_kind(props, *, shaded: bool) -> str | None:  # noqa: ANN001
    if props is None:
        return None
    vanish = props.find(f"{_W}vanish")
    if vanish is not None and vanish.get(_VAL, "true").lower() not in ("0", "false", "off"):
        return "hidden_text"
    size = props.find(f"{_W}sz")
    if size is not None:
        try:
            if int(size.get(_VAL, "24")) < _TINY_HALF_POINTS:
                return "tiny_text"
        except ValueError:
            pass
    colour = props.find(f"{_W}color")
    if colour is not None and (colour.get(_VAL) or "").lower() == "ffffff" and not shaded:
        run_shade = props.find(_SHD)
        highlight = props.find(f"{_W}highlight")
        if (run_shade is None or not _dark(run_shade.get(_FILL))) and (
            highlight is None or highlight.get(_VAL, "none") in ("none", "white")
        ):
            return "white_text"
    return None
