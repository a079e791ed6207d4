"""Bytes of a plain-text file → str, with the encoding worked out and binary data refused;
Markdown → plain text.

Order: a byte-order mark (UTF-8, UTF-32, UTF-16); UTF-16 without a mark (every other byte
NUL); strict UTF-8; otherwise the text is not UTF-8 and the Windows code page 1252 (a
superset of Latin-1 for printable text) is the likeliest — accepted only if the result looks
like text. Anything with NUL or many control bytes is binary data, not text.
"""

from __future__ import annotations

import codecs
import re

from matcher.errors import UnreadableDocument

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_BYTES = bytes(sorted(frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D}))
_MAX_CONTROL_SHARE = 0.01
_SAMPLE = 65536


def decode_text(data: bytes, *, source: str) -> str:
    """Decode ``data``; raise ``UnreadableDocument(reason="undecodable")`` if it is not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise _undecodable(source, f"it starts with a {encoding} mark but does not decode") from None
    sample = data[:_SAMPLE]
    if sample.count(0) > len(sample) // 4:
        utf16 = _bomless_utf16(data)
        if utf16 is not None:
            return utf16
    # Counted by deleting them in C (bytes.translate) rather than a Python loop over bytes.
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if 0 in sample or controls > _MAX_CONTROL_SHARE * len(sample):
        raise _undecodable(source, "it holds binary data (NUL or control bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # cp1252 leaves five bytes undefined; decoding those as Latin-1 keeps the rest readable.
    text = data.decode("cp1252", errors="replace")
    if text.count("\ufffd") > 0:
        text = data.decode("latin-1")
    letters = sum(1 for ch in text[:_SAMPLE] if ch.isalpha() or ch.isspace())
    if letters < 0.6 * min(len(text), _SAMPLE):
        raise _undecodable(source, "it is neither UTF-8 nor Windows-1252/Latin-1 text")
    return text


def _bomless_utf16(data: bytes) -> str | None:
    even = data[0:4096:2].count(0)
    odd = data[1:4096:2].count(0)
    encoding = "utf-16-be" if even > odd else "utf-16-le"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text if sum(ch.isprintable() or ch.isspace() for ch in text[:4096]) > 0.95 * min(
        len(text), 4096
    ) else None


def _undecodable(source: str, why: str) -> UnreadableDocument:
    return UnreadableDocument(
        source,
        f"undecodable text: {why}; save it as UTF-8 text, or as PDF or DOCX",
        reason="undecodable",
    )


_MD_HEADING = re.compile(r"^[ ]{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.MULTILINE)
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])")
_MD_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]*)[^)\n]*\)")
_MD_CODE = re.compile(r"`([^`\n]+)`")
_MD_RULE = re.compile(r"^[ ]{0,3}(?:[-*_][ \t]*){3,}$|^\|?[ \t]*:?-{3,}.*$", re.MULTILINE)


def markdown_to_text(text: str) -> str:
    """Markdown → the text a reader sees: marks of headings, emphasis, links and rules go.

    Lists keep their markers (the normaliser turns them into bullets) and lines stay lines.
    """
    text = _MD_RULE.sub("", text)
    text = _MD_HEADING.sub(r"\1", text)
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(lambda m: m.group(1) if not m.group(2).startswith("http")
                        else f"{m.group(1)} ({m.group(2)})", text)  # fmt: skip
    text = _MD_STRONG.sub(r"\2", text)
    text = _MD_EMPHASIS.sub(r"\1", text)
    return _MD_CODE.sub(r"\1", text)
