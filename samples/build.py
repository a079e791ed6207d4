"""Render a few of the hand-written text resumes to PDF and DOCX, byte for byte reproducibly.

The text files under ``samples/resumes/`` are the source of truth; the PDFs and DOCX files are
derived from them so that the readers (pdfium, pdfminer, python-docx) see real layouts: a plain
single column with a running header and page numbers, a two-column page with a shaded sidebar,
a serif page and a typewriter page. The outputs are committed; rebuild with

    python samples/build.py            # writes beside the sources and updates labels.csv
    python samples/build.py --out DIR  # writes only the rendered files into DIR

PDF bytes are identical run to run (fixed creation date, fixed metadata, no random ids); DOCX
bytes too, because the zip members are rewritten with a fixed timestamp after python-docx saves.
Core PDF fonts only cover latin-1, so typographic characters are folded to plain ones first.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESUMES = HERE / "resumes"
LABELS = HERE / "labels.csv"
FIXED_DATE = dt.datetime(2024, 1, 15, 9, 0, 0, tzinfo=dt.timezone.utc)
ZIP_DATE = (2024, 1, 15, 9, 0, 0)

# stem -> PDF layout. jordan-avery.pdf is the README's demo document: keep it two pages.
PDF_RENDERS: dict[str, str] = {
    "jordan-avery": "classic",
    "ac-maya-lindqvist": "two_column",
    "ae-darnell-brooks": "serif",
    "none-hollis-greer": "typewriter",
    "am-priya-raman": "two_column",
    "ae-sofia-marchetti": "classic",
    "none-beatrix-olawale": "serif",
    "am-lucy-warren": "serif",
    "ac-bianca-ferreira": "two_column",
    "none-veronica-hale": "classic",
}
DOCX_RENDERS: tuple[str, ...] = ("ac-tomasz-wren", "am-renata-osei", "none-calvin-mbeki",
                                 "ae-vanessa-cole")

# Characters outside latin-1 that the hand-written sources use, and their plain stand-ins.
FOLD = str.maketrans({
    "\u2013": "-", "\u2014": "-", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
    "\u2022": "-", "\u2026": "...", "\u2192": "->", "\u00a0": " ", "\u2212": "-", "\u25cf": "-",
    "\u25aa": "-", "\u2023": "-", "\u2122": "(TM)",
})

BULLET = re.compile(r"^\s*(?:[-*\u2022\u25cf\u25aa]|\d+\.)\s+")
# Title-case section names ("Work History", "Licenses & Certifications") are headings too.
HEADING_WORD = re.compile(
    r"^(?:summary|profile|experience|history|skills|education|certifications?|licen[sc]es?|"
    r"qualifications|highlights|accomplishments|achievements|objective|competencies|strengths|"
    r"languages|awards|affiliations|volunteering|about|overview|interests|expertise|"
    r"designations|internships?|recognition|community|credentials|presentations)$", re.I)
SIDEBAR = re.compile(r"skill|education|certif|contact|languages|tools|training|interests|award",
                     re.I)


@dataclass
class Block:
    """One paragraph-ish unit of a resume: a heading, a bullet, or a plain line."""
    kind: str  # "heading" | "bullet" | "line"
    text: str


@dataclass
class Resume:
    name: str
    header: list[str]
    sections: list[tuple[str, list[Block]]] = field(default_factory=list)


def fold(text: str) -> str:
    return text.translate(FOLD).encode("latin-1", "replace").decode("latin-1")


def _is_heading(line: str) -> bool:
    stripped = line.strip().rstrip(":")
    if line.startswith("#"):
        return True
    letters = [c for c in stripped if c.isalpha()]
    if not letters or BULLET.match(line) or "@" in stripped or len(stripped) > 45:
        return False
    if stripped.upper() == stripped:
        return True
    words = stripped.split()
    return len(words) <= 5 and not re.search(r"[\d,.|\u2014\u2013-]", stripped) \
        and all(w[0].isupper() or w in {"and", "&", "of"} for w in words) \
        and any(HEADING_WORD.match(w) for w in (words[0], words[-1]))


def parse(text: str) -> Resume:
    """Split a plain-text resume into a name/contact header and headed sections of blocks."""
    lines = [fold(line.rstrip()) for line in text.splitlines()]
    while lines and not lines[0].strip():
        lines.pop(0)
    header: list[str] = []
    while lines and lines[0].strip():
        header.append(lines.pop(0).strip().lstrip("# ").strip())
    resume = Resume(name=header[0] if header else "", header=header[1:])
    title, blocks = "", []
    previous = ""  # the raw line before this one: only a long line can wrap into the next
    for raw in lines:
        line = raw.strip()
        wrapped, previous = len(previous.strip()) > 70, raw
        if not line:
            previous = ""
            continue
        if _is_heading(raw) and not raw.startswith(" "):
            if title or blocks:
                resume.sections.append((title, blocks))
            title, blocks = line.lstrip("#").strip().rstrip(":"), []
        elif BULLET.match(raw):
            blocks.append(Block("bullet", BULLET.sub("", raw).strip()))
        elif raw.startswith(" ") and blocks and blocks[-1].kind == "bullet":
            blocks[-1].text += " " + line  # wrapped continuation of the bullet above
        elif blocks and blocks[-1].kind == "line" and wrapped:
            blocks[-1].text += " " + line  # wrapped prose paragraph
        else:
            blocks.append(Block("line", line.replace("**", "")))
    if title or blocks:
        resume.sections.append((title, blocks))
    return resume


def _pdf(**kwargs):
    from fpdf import FPDF

    class Page(FPDF):
        running_head = ""

        def header(self):
            if self.running_head and self.page_no() > 1:
                self.set_font("helvetica", "I", 8)
                self.set_text_color(110)
                self.cell(0, 5, self.running_head, align="R")
                self.ln(8)
                self.set_text_color(0)

        def footer(self):
            if self.running_head:
                self.set_y(-12)
                self.set_font("helvetica", "", 8)
                self.set_text_color(110)
                self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")
                self.set_text_color(0)

    pdf = Page(format="Letter", **kwargs)
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_creator("matcher samples/build.py")
    pdf.set_producer("fpdf2")
    return pdf


def _body(pdf, resume: Resume, *, font: str, size: float, width: float, skip=lambda t: False,
          align: str = "J"):
    """Write every section not skipped, in order, in the current column."""
    x = pdf.l_margin
    for title, blocks in resume.sections:
        if skip(title):
            continue
        if title:
            pdf.ln(2)
            pdf.set_font(font, "B", size + 1.5)
            pdf.set_x(x)
            pdf.multi_cell(width, size * 0.55, title.upper(), new_x="LMARGIN", new_y="NEXT")
            pdf.set_draw_color(150)
            pdf.line(x, pdf.get_y(), x + width, pdf.get_y())
            pdf.ln(1.5)
        previous = ""
        for block in blocks:
            if block.kind == "line" and previous == "bullet":
                pdf.ln(1.5)  # air between one position's bullets and the next position
            previous = block.kind
            pdf.set_x(x)
            if block.kind == "bullet":
                pdf.set_font(font, "", size)
                pdf.cell(4, size * 0.5, "-")
                pdf.multi_cell(width - 4, size * 0.5, block.text, align=align, new_x="LMARGIN",
                               new_y="NEXT")
            else:
                pdf.set_font(font, "", size)
                pdf.multi_cell(width, size * 0.5, block.text, align=align, new_x="LMARGIN",
                               new_y="NEXT")


def render_pdf(resume: Resume, layout: str) -> bytes:
    if layout == "two_column":
        return _two_column(resume)
    font, size = {"classic": ("helvetica", 10.5), "serif": ("times", 11.5),
                  "typewriter": ("courier", 9.5)}[layout]
    pdf = _pdf()
    pdf.set_title(f"Resume - {resume.name}")
    pdf.set_author(resume.name)
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=18)
    if layout == "classic":
        pdf.running_head = f"{resume.name} - Resume"
    pdf.add_page()
    pdf.set_font(font, "B", size + 8)
    align = "C" if layout == "serif" else "L"
    pdf.multi_cell(0, size * 0.8, resume.name, align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(font, "", size)
    for line in resume.header:
        pdf.multi_cell(0, size * 0.5, line, align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    _body(pdf, resume, font=font, size=size, width=pdf.w - pdf.l_margin - pdf.r_margin,
          align="L" if layout == "typewriter" else "J")
    return bytes(pdf.output())


def _two_column(resume: Resume) -> bytes:
    pdf = _pdf()
    pdf.set_title(f"{resume.name} CV")
    pdf.set_author(resume.name)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    side_w = 62
    pdf.set_fill_color(232, 238, 244)
    pdf.rect(0, 0, side_w + 8, pdf.h, style="F")
    pdf.set_margins(8, 14, pdf.w - side_w - 4)
    pdf.set_xy(8, 14)
    pdf.set_font("helvetica", "B", 15)
    pdf.multi_cell(side_w - 4, 7, resume.name, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 8.5)
    for line in resume.header:
        for part in re.split(r"\s+[|\u00b7]\s+", line):
            pdf.multi_cell(side_w - 4, 4.2, part, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    _body(pdf, resume, font="helvetica", size=8.5, width=side_w - 4,
          skip=lambda t: not SIDEBAR.search(t), align="L")
    pdf.page = 1
    pdf.set_margins(side_w + 16, 14, 14)
    pdf.set_xy(side_w + 16, 14)
    _body(pdf, resume, font="helvetica", size=9.5, width=pdf.w - side_w - 30,
          skip=lambda t: bool(SIDEBAR.search(t)))
    return bytes(pdf.output())


def render_docx(resume: Resume) -> bytes:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    props = document.core_properties
    props.author = resume.name
    props.title = f"Resume - {resume.name}"
    props.created = props.modified = props.last_printed = FIXED_DATE.replace(tzinfo=None)
    props.revision = 1
    props.last_modified_by = "matcher samples/build.py"
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(10.5)
    document.add_heading(resume.name, level=0)
    for line in resume.header:
        document.add_paragraph(line)
    for title, blocks in resume.sections:
        if title:
            document.add_heading(title.title(), level=1)
        for block in blocks:
            style = "List Bullet" if block.kind == "bullet" else None
            document.add_paragraph(block.text, style=style)
    raw = io.BytesIO()
    document.save(raw)
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with a fixed member timestamp so equal content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def build(out: Path) -> list[Path]:
    """Render every configured resume into ``out``; returns the written paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, layout in PDF_RENDERS.items():
        source = RESUMES / f"{stem}.txt"
        target = out / f"{stem}.pdf"
        target.write_bytes(render_pdf(parse(source.read_text(encoding="utf-8")), layout))
        written.append(target)
    for stem in DOCX_RENDERS:
        source = RESUMES / f"{stem}.txt"
        target = out / f"{stem}.docx"
        target.write_bytes(render_docx(parse(source.read_text(encoding="utf-8"))))
        written.append(target)
    return written


def update_labels(written: list[Path]) -> None:
    """Give each rendered file the label row of its text source, once.

    Rows are only ever appended, never rewritten: other writers (the job-ad corpus) add rows
    to the same file.
    """
    with LABELS.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = list(reader.fieldnames or [])
        by_path = {row["path"]: row for row in reader}
    new_rows = []
    for path in written:
        rel = f"resumes/{path.name}"
        source = by_path.get(f"resumes/{path.stem}.txt")
        if source is None:
            raise SystemExit(f"{LABELS}: no row for resumes/{path.stem}.txt; label it first")
        if rel not in by_path:
            by_path[rel] = dict(source, path=rel, notes=f"rendered from {path.stem}.txt")
            new_rows.append(by_path[rel])
    if new_rows:
        with LABELS.open("a", encoding="utf-8", newline="") as handle:
            csv.DictWriter(handle, fieldnames=fields, lineterminator="\n").writerows(new_rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write rendered files here, not beside sources")
    args = parser.parse_args(argv)
    written = build(args.out or RESUMES)
    if args.out is None:
        update_labels(written)
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
