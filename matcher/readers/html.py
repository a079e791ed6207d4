"""HTML → text: scripts, styles and hidden elements dropped, entities decoded, blocks on lines.

Uses the standard library's tokenizer: it never fetches anything, never executes anything,
and copes with unclosed tags. Elements hidden with ``hidden``, ``display:none``,
``visibility:hidden`` or ``font-size:0`` are left out of the text and counted, like hidden
text in a PDF.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from matcher.types import IntegrityFlag

_SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg", "iframe", "object"})
_BLOCK = frozenset(
    {
        "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article",
        "header", "footer", "ul", "ol", "table", "dl", "dt", "dd", "blockquote", "pre", "hr",
        "main", "aside", "nav", "address", "figure", "figcaption", "form", "fieldset", "li",
        "body", "html",
    }
)  # fmt: skip
_VOID = frozenset(
    {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source",
     "track", "wbr", "param"}
)  # fmt: skip
_HIDING_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden"
    r"|font-size\s*:\s*0(?:\.0*)?(?:px|pt|em|rem|%)?\s*(?:;|$)",
    re.IGNORECASE,
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: str | None = None
        self.depth = 0
        self.hiding = False
        self.hidden: list[str] = []
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping == "head" and tag == "body":
            self.skipping = None  # an unclosed <head> must not swallow the page
        if self.skipping:
            if tag == self.skipping and tag not in _VOID:
                self.depth += 1
            return
        if tag not in _VOID:
            if tag in _SKIP:
                self._skip(tag, hiding=False)
                return
            style = dict(attrs).get("style") or ""
            if any(name == "hidden" for name, _ in attrs) or _HIDING_STYLE.search(style):
                self._skip(tag, hiding=True)
                return
        if tag == "pre":
            self.pre += 1
        if tag in _BLOCK:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("• ")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <p/>: a block boundary, never the start of a skipped region.
        if not self.skipping and tag in _BLOCK:
            self.parts.append("\n")

    def _skip(self, tag: str, *, hiding: bool) -> None:
        self.skipping = tag
        self.depth = 1
        self.hiding = hiding

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping:
                self.depth -= 1
                if self.depth == 0:
                    self.skipping = None
            return
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skipping:
            if self.hiding:
                self.hidden.append(data)
            return
        if self.pre:
            self.parts.append(data)
        elif data.strip():
            # Keep one space at either end: "As an <b>Account</b>" must not read "anAccount".
            lead = " " if data[0].isspace() else ""
            tail = " " if data[-1].isspace() else ""
            self.parts.append(lead + " ".join(data.split()) + tail)
        elif data:
            self.parts.append(" ")


def html_charset(data: bytes) -> str | None:
    """The encoding a ``<meta charset>`` declares in the first 4 KB, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace").lower() if match else None


def html_to_text(markup: str) -> tuple[str, list[IntegrityFlag]]:
    """The visible text of ``markup``, one block per line, and a flag for hidden elements."""
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    text = "".join(parser.parts)
    # Block boundaries come out as runs of newlines; one line per block is enough.
    text = "\n".join(line.strip() for line in text.split("\n") if line.strip())
    flags = []
    hidden = " ".join(" ".join(parser.hidden).split())
    if hidden:
        flags.append(
            IntegrityFlag(
                "hidden_text",
                f"{len(hidden)} characters in hidden HTML elements were left out of the text, "
                f"e.g. {hidden[:60]!r}",
                len(hidden),
            )
        )
    return text, flags
