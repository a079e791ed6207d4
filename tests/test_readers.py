"""matcher.readers: real PDF, DOCX, HTML, text and batch files built here, read back.

Every file is made by the test (fpdf2, python-docx, zipfile) in a session-scoped folder, so
the suite needs nothing on disk and stays fast. Errors are checked by their message.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path

import pytest
from fpdf import FPDF
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.errors import UnreadableDocument
from matcher.readers import (
    DEFAULT_PDF_ENGINE,
    PDF_ENGINES,
    iter_documents,
    read_document,
    read_document_limited,
    read_text,
)

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
RESUME_LINES = [
    "Jordan Avery",
    "jordan.avery@example.com",
    "Professional Summary",
    "Account manager with six years of client retention work.",
    "Work History",
    "Account Manager, Northwind Traders, 2019 - 2024",
    "Grew a book of 40 accounts by 18% a year.",
    "Education",
    "BA Economics, State University, 2015",
    "Skills",
    "Salesforce, Excel, contract negotiation",
]


# --- file builders ---------------------------------------------------------------------------


def _pdf(lines: list[str], *, size: float = 11) -> FPDF:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=size)
    for line in lines:
        pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    return pdf


def _save(pdf: FPDF, path: Path) -> Path:
    path.write_bytes(bytes(pdf.output()))
    return path


class _Paged(FPDF):
    def header(self) -> None:
        self.set_font("helvetica", size=9)
        self.cell(0, 6, "Jordan Avery - Resume", new_x="LMARGIN", new_y="NEXT")

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("helvetica", size=9)
        self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="C")


def _two_column(path: Path) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.set_xy(10, 10)
    pdf.cell(190, 8, "Jordan Avery", align="C", new_x="LMARGIN", new_y="NEXT")
    left = ["Skills", "Salesforce CRM", "Forecasting", "Negotiation", "Languages", "Spanish"]
    right = [
        "Experience",
        "Account Manager at Northwind",
        "Renewed key enterprise contracts",
        "Account Executive at Contoso",
        "Closed new business every quarter",
        "Education",
    ]
    for i, (a, b) in enumerate(zip(left, right)):
        y = 30 + 8 * i
        pdf.set_xy(10, y)
        pdf.cell(60, 8, a)
        pdf.set_xy(100, y)
        pdf.cell(100, 8, b)
    return _save(pdf, path)


def _docx(path: Path, paragraphs: list[str], *, hidden: str | None = None,
          white: str | None = None, tiny: str | None = None) -> Path:  # fmt: skip
    import docx
    from docx.enum.text import WD_COLOR_INDEX  # noqa: F401 - imported to prove docx is whole
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Jordan Avery | jordan@example.com"
    for text in paragraphs:
        document.add_paragraph(text)
    document.add_paragraph("Renewed 40 contracts", style="List Bullet")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Salesforce"
    table.cell(0, 1).text = "HubSpot"
    paragraph = document.add_paragraph("Visible line")
    if hidden:
        paragraph.add_run(" " + hidden).font.hidden = True
    if white:
        paragraph.add_run(" " + white).font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    if tiny:
        paragraph.add_run(" " + tiny).font.size = Pt(1)
    document.save(path)
    return path


@pytest.fixture(scope="session")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every test input, built once."""
    root = tmp_path_factory.mktemp("readers")
    out: dict[str, Path] = {}
    out["single"] = _save(_pdf(RESUME_LINES), root / "single.pdf")
    out["two_column"] = _two_column(root / "two_column.pdf")

    paged = _Paged()
    paged.alias_nb_pages()
    paged.set_font("helvetica", size=11)
    for page in range(3):
        paged.add_page()
        paged.set_font("helvetica", size=11)
        for line in range(5):
            paged.cell(0, 7, f"Page body {page}-{line}: managed renewals", new_x="LMARGIN",
                       new_y="NEXT")  # fmt: skip
    paged.cell(0, 7, "Improved account manage-", new_x="LMARGIN", new_y="NEXT")
    paged.cell(0, 7, "ment processes", new_x="LMARGIN", new_y="NEXT")
    out["paged"] = _save(paged, root / "paged.pdf")

    hidden = _pdf(["Account Coordinator", "Scheduled client meetings"])
    hidden.set_text_color(255, 255, 255)
    hidden.cell(0, 7, "salesforce negotiation quota leadership", new_x="LMARGIN", new_y="NEXT")
    hidden.set_text_color(0, 0, 0)
    hidden.set_font_size(1.5)
    hidden.cell(0, 3, "enterprise strategic accounts", new_x="LMARGIN", new_y="NEXT")
    hidden.set_font_size(11)
    hidden.text(-400, 100, "offpagekeyword offpagekeyword")
    out["hidden"] = _save(hidden, root / "hidden.pdf")

    banner = _pdf(["Account Executive"])
    banner.set_fill_color(20, 40, 90)
    banner.rect(10, 40, 190, 20, style="F")
    banner.set_text_color(255, 255, 255)
    banner.set_xy(15, 45)
    banner.cell(0, 8, "Sidebar text on navy")
    out["white_on_dark"] = _save(banner, root / "white_on_dark.pdf")

    from PIL import Image

    scan = FPDF()
    scan.add_page()
    scan.image(Image.new("RGB", (200, 100), "white"), x=10, y=10, w=100)
    out["image_only"] = _save(scan, root / "image_only.pdf")

    locked = _pdf(RESUME_LINES)
    locked.set_encryption(owner_password="owner", user_password="secret")
    out["encrypted"] = _save(locked, root / "encrypted.pdf")

    if DEJAVU.exists():
        lig = FPDF()
        lig.add_page()
        lig.add_font("dejavu", fname=str(DEJAVU))
        lig.set_font("dejavu", size=12)
        lig.cell(0, 8, "Oﬃce ﬁnance workﬂow", new_x="LMARGIN", new_y="NEXT")
        out["ligatures"] = _save(lig, root / "ligatures.pdf")

    good = out["single"].read_bytes()
    (root / "truncated.pdf").write_bytes(good[: len(good) // 2])
    out["truncated"] = root / "truncated.pdf"
    (root / "selfref.pdf").write_bytes(
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [2 0 R] /Count 1 >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF"
    )
    out["selfref"] = root / "selfref.pdf"
    (root / "nested.pdf").write_bytes(
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R /X " + b"[" * 20000 + b"]" * 20000
        + b" >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF"
    )
    out["nested"] = root / "nested.pdf"

    random = bytes((i * 7919 + 13) % 251 for i in range(4096))
    for name in ("random.pdf", "random.docx"):
        (root / name).write_bytes(random)
        out[name] = root / name
    (root / "empty.pdf").write_bytes(b"")
    out["empty.pdf"] = root / "empty.pdf"
    (root / "empty.txt").write_bytes(b"")
    out["empty.txt"] = root / "empty.txt"
    (root / "text.docx").write_bytes(b"Jordan Avery\nAccount manager\n")
    out["text.docx"] = root / "text.docx"
    (root / "binary.txt").write_bytes(b"Skills\x00\x01\x02\x03\xff\xfe" * 200)
    out["binary.txt"] = root / "binary.txt"
    (root / "latin1.txt").write_bytes("Résumé\nGestión de cuentas — 5 años\n".encode("cp1252"))
    out["latin1.txt"] = root / "latin1.txt"
    (root / "utf16.txt").write_bytes("Account Executive\nCafé owner\n".encode("utf-16"))
    out["utf16.txt"] = root / "utf16.txt"
    (root / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    out["image.png"] = root / "image.png"
    (root / "legacy.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    out["legacy.doc"] = root / "legacy.doc"

    out["docx"] = _docx(root / "resume.docx", RESUME_LINES, hidden="secret keyword stuffing",
                        white="whitewash words", tiny="microscopic words")  # fmt: skip

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<" + b"a" * 150_000_000 + b"/>")
    (root / "bomb.docx").write_bytes(bomb.getvalue())
    out["bomb.docx"] = root / "bomb.docx"

    (root / "page.html").write_text(
        "<html><head><title>Ad</title><style>p {color: red}</style>"
        "<script>var skills = 'python java';</script></head><body>"
        "<h2>Requirements</h2><ul><li>3+ years &amp; a &quot;hunter&quot; mindset</li>"
        "<li>CRM &mdash; Salesforce</li></ul><div style='display:none'>hidden keywords</div>"
        "<p>Caf&eacute; <b>&#8364;50k</b> base</p></body></html>",
        encoding="utf-8",
    )
    out["html"] = root / "page.html"
    return out


# --- happy paths ---------------------------------------------------------------------------


@pytest.mark.parametrize("engine", PDF_ENGINES)
def test_readers_pdf_single_column_text_and_sections(files: dict[str, Path], engine: str) -> None:
    doc = read_document(files["single"], pdf_engine=engine, kind_hint="resume")
    assert doc.text.split("\n") == RESUME_LINES
    assert [s.name for s in doc.sections] == ["header", "summary", "experience", "education",
                                              "skills"]  # fmt: skip
    experience = doc.sections[2]
    assert doc.text[experience.start :].startswith("Work History")
    assert (doc.media_type, doc.engine, doc.pages) == ("application/pdf", engine, 1)
    assert doc.sha256 and len(doc.sha256) == 64
    assert doc.flags == ()


def test_readers_default_engine_is_pdfium() -> None:
    assert DEFAULT_PDF_ENGINE == "pdfium"
    assert set(PDF_ENGINES) == {"pdfium", "pdfminer"}


@pytest.mark.parametrize("engine", PDF_ENGINES)
def test_readers_pdf_two_columns_read_left_then_right(files: dict[str, Path], engine: str) -> None:
    lines = read_document(files["two_column"], pdf_engine=engine).text.split("\n")
    lines = [line for line in lines if line]
    assert lines[0] == "Jordan Avery"
    assert lines[1:7] == ["Skills", "Salesforce CRM", "Forecasting", "Negotiation", "Languages",
                          "Spanish"]  # fmt: skip
    assert lines[7] == "Experience"
    assert lines[-1] == "Education"


@pytest.mark.parametrize("engine", PDF_ENGINES)
def test_readers_pdf_running_headers_and_page_numbers_removed(
    files: dict[str, Path], engine: str
) -> None:
    doc = read_document(files["paged"], pdf_engine=engine)
    assert doc.pages == 3
    assert doc.text.count("Jordan Avery - Resume") == 1  # kept once, on page one
    assert "Page 2 of 3" not in doc.text and "Page 1 of 3" not in doc.text
    assert "Page body 2-4: managed renewals" in doc.text
    assert "Improved account management processes" in doc.text


@pytest.mark.parametrize("engine", PDF_ENGINES)
def test_readers_pdf_ligatures_expanded(files: dict[str, Path], engine: str) -> None:
    if "ligatures" not in files:
        pytest.skip("DejaVu font not installed")
    assert "Office finance workflow" in read_document(files["ligatures"], pdf_engine=engine).text


@pytest.mark.parametrize("engine", PDF_ENGINES)
def test_readers_pdf_hidden_text_flagged_and_left_out(files: dict[str, Path], engine: str) -> None:
    doc = read_document(files["hidden"], pdf_engine=engine)
    flags = {flag.kind: flag for flag in doc.flags}
    assert set(flags) == {"white_text", "tiny_text", "off_page_text"}
    assert "quota" not in doc.text and "enterprise" not in doc.text
    assert "offpagekeyword" not in doc.text
    assert "Scheduled client meetings" in doc.text
    assert flags["white_text"].count == len("salesforcenegotiationquotaleadership")
    assert "salesforce negotiation" in flags["white_text"].detail
    assert "enterprise" in flags["tiny_text"].detail


@pytest.mark.parametrize("engine", PDF_ENGINES)
def test_readers_pdf_white_text_on_dark_fill_is_kept(files: dict[str, Path], engine: str) -> None:
    doc = read_document(files["white_on_dark"], pdf_engine=engine)
    assert "Sidebar text on navy" in doc.text
    assert doc.flags == ()


def test_readers_docx_text_tables_header_and_hidden_runs(files: dict[str, Path]) -> None:
    doc = read_document(files["docx"], kind_hint="resume")
    lines = doc.text.split("\n")
    assert lines[0] == "Jordan Avery | jordan@example.com"  # the page header comes first
    assert "Account Manager, Northwind Traders, 2019 - 2024" in lines
    assert "Salesforce" in lines and "HubSpot" in lines
    assert "Visible line" in lines
    assert "• Renewed 40 contracts" in lines  # a Word list item gets its bullet
    flags = {flag.kind: flag for flag in doc.flags}
    assert set(flags) == {"hidden_text", "white_text", "tiny_text"}
    for words in ("secret keyword stuffing", "whitewash words", "microscopic words"):
        assert words not in doc.text
    assert "secret keyword stuffing" in flags["hidden_text"].detail
    assert doc.media_type.endswith("wordprocessingml.document")
    assert "skills" in [s.name for s in doc.sections]


def test_readers_html_drops_scripts_styles_hidden_and_decodes_entities(
    files: dict[str, Path],
) -> None:
    doc = read_document(files["html"])
    assert doc.text.split("\n") == [
        "Requirements",
        '• 3+ years & a "hunter" mindset',
        "• CRM — Salesforce",
        "Café €50k base",  # spaces around inline elements survive
    ]
    assert "python" not in doc.text and "color" not in doc.text and "Ad" not in doc.text
    assert [flag.kind for flag in doc.flags] == ["hidden_text"]
    assert doc.sections[0].name == "requirements"


@pytest.mark.parametrize(
    ("name", "expected"),
    [("latin1.txt", "Résumé\nGestión de cuentas — 5 años"),
     ("utf16.txt", "Account Executive\nCafé owner")],
)  # fmt: skip
def test_readers_text_encodings_detected(files: dict[str, Path], name: str, expected: str) -> None:
    assert read_document(files[name]).text == expected


def test_readers_text_zero_width_characters_flagged(tmp_path: Path) -> None:
    path = tmp_path / "zw.txt"
    path.write_text("Sales\u200bforce expert\u200d\ufeff\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.text == "Salesforce expert"
    (flag,) = doc.flags
    assert flag.kind == "invisible_characters" and flag.count == 3
    assert "U+200B" in flag.detail


def test_readers_read_text_in_memory() -> None:
    doc = read_text("Requirements:\n• 2 years", source="ad-1", kind_hint="job_ad", title="AE")
    assert (doc.source, doc.title, doc.kind_hint) == ("ad-1", "AE", "job_ad")
    assert doc.sections[0].name == "requirements"
    assert read_text("").text == ""


# --- failures: one line, naming the cause ---------------------------------------------------


@pytest.mark.parametrize("engine", PDF_ENGINES)
@pytest.mark.parametrize(
    ("name", "reason", "message"),
    [
        ("image_only", "no_text_layer", "no text layer: the file needs OCR"),
        ("encrypted", "encrypted", "encrypted PDF: remove the password"),
        ("truncated", "corrupt", "corrupt or truncated PDF"),
        ("selfref", "corrupt", "corrupt or truncated PDF"),
        ("random.pdf", "not_pdf", "not a PDF: it does not start with %PDF"),
        ("empty.pdf", "empty", "empty file"),
    ],
)
def test_readers_pdf_failures_have_one_line_messages(
    files: dict[str, Path], engine: str, name: str, reason: str, message: str
) -> None:
    with pytest.raises(UnreadableDocument, match=message) as caught:
        read_document(files[name], pdf_engine=engine)
    assert caught.value.reason == reason
    assert str(caught.value).startswith(f"{files[name]}: ")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("name", "reason", "message"),
    [
        ("random.docx", "not_docx", "not a DOCX: it is not a zip archive"),
        ("text.docx", "not_docx", "not a DOCX: it is not a zip archive"),
        ("bomb.docx", "too_large", "DOCX unpacks to more than"),
        ("binary.txt", "undecodable", "undecodable text: it holds binary data"),
        ("empty.txt", "empty", "empty file"),
        ("image.png", "unsupported_type", "a PNG image: the file needs OCR"),
        ("legacy.doc", "unsupported_type", "legacy Word .doc"),
    ],
)
def test_readers_other_failures_have_one_line_messages(
    files: dict[str, Path], name: str, reason: str, message: str
) -> None:
    with pytest.raises(UnreadableDocument, match=message) as caught:
        read_document(files[name])
    assert caught.value.reason == reason
    assert "\n" not in str(caught.value)


def test_readers_docx_bomb_refused_before_inflating(files: dict[str, Path]) -> None:
    assert files["bomb.docx"].stat().st_size < 1_000_000
    started = time.perf_counter()
    with pytest.raises(UnreadableDocument, match="zip bomb"):
        read_document(files["bomb.docx"])
    assert time.perf_counter() - started < 1.0


def test_readers_docx_lying_sizes_stop_at_the_cap(tmp_path: Path) -> None:
    # The member declares 1 KB but inflates to 50 MB: reading must stop, not fill memory.
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<a>" + b"x" * 50_000_000 + b"</a>")
    raw = bytearray(data.getvalue())
    for info in zipfile.ZipFile(io.BytesIO(bytes(raw))).infolist():
        # Patch the central directory's uncompressed size to 1000 bytes.
        central = raw.rfind(b"PK\x01\x02")
        raw[central + 24 : central + 28] = (1000).to_bytes(4, "little")
        local = info.header_offset
        raw[local + 22 : local + 26] = (1000).to_bytes(4, "little")
    path = tmp_path / "liar.docx"
    path.write_bytes(bytes(raw))
    with pytest.raises(UnreadableDocument, match="corrupt") as caught:
        read_document(path)
    assert caught.value.reason == "corrupt"


def test_readers_size_cap_is_configurable(files: dict[str, Path]) -> None:
    with pytest.raises(UnreadableDocument, match=r"over the 0.0001 MB limit: shrink it"):
        read_document(files["single"], max_bytes=100)


def test_readers_unknown_engine_refused(files: dict[str, Path]) -> None:
    with pytest.raises(UnreadableDocument, match="unknown PDF engine 'tika'"):
        read_document(files["single"], pdf_engine="tika")


def test_readers_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnreadableDocument, match="no such file"):
        read_document(tmp_path / "nope.pdf")


@pytest.mark.parametrize("engine", PDF_ENGINES)
def test_readers_deeply_nested_pdf_neither_crashes_nor_hangs(
    files: dict[str, Path], engine: str
) -> None:
    started = time.perf_counter()
    with pytest.raises(UnreadableDocument, match="no text"):
        read_document(files["nested"], pdf_engine=engine, timeout=20)
    assert time.perf_counter() - started < 20


def test_readers_timeout_interrupts_a_slow_read(files: dict[str, Path], monkeypatch) -> None:
    import matcher.readers.pdf as pdf_module

    def stall(*args: object, **kwargs: object) -> None:
        while True:
            time.sleep(0.01)

    monkeypatch.setattr(pdf_module, "_read_pdfminer", stall)
    with pytest.raises(UnreadableDocument, match=r"timed out after 0.2 s") as caught:
        read_document(files["single"], pdf_engine="pdfminer", timeout=0.2)
    assert caught.value.reason == "timeout"


def test_readers_limited_reads_in_a_worker(files: dict[str, Path]) -> None:
    doc = read_document_limited(files["single"], timeout=60, kind_hint="resume")
    assert doc == read_document(files["single"], kind_hint="resume")
    with pytest.raises(UnreadableDocument, match="no text layer"):
        read_document_limited(files["image_only"], timeout=60)


# --- batches ---------------------------------------------------------------------------------


def test_readers_iter_documents_folder_mixes_good_and_bad(files: dict[str, Path]) -> None:
    folder = files["single"].parent
    inputs = sorted(p for p in folder.iterdir() if p.suffix not in (".csv", ".jsonl"))
    results = list(iter_documents(folder))
    assert len(results) == len(inputs)  # count in = count out
    errors = {Path(r.source).name: r.reason for r in results if isinstance(r, UnreadableDocument)}
    assert errors["encrypted.pdf"] == "encrypted"
    assert errors["bomb.docx"] == "too_large"
    assert "single.pdf" not in errors and "resume.docx" not in errors


def test_readers_iter_documents_glob(files: dict[str, Path]) -> None:
    results = list(iter_documents(str(files["single"].parent / "*.txt")))
    assert sorted(Path(r.source).name for r in results) == [
        "binary.txt", "empty.txt", "latin1.txt", "utf16.txt"
    ]  # fmt: skip


def test_readers_csv_batch_default_columns(tmp_path: Path) -> None:
    path = tmp_path / "ads.csv"
    path.write_text(
        "id,title,description\n"
        'a1,Account Executive,"Requirements:\n• 2 years, quota"\n'
        "a2,Coordinator,\n"
        "a3,Account Manager,Responsibilities: grow accounts\n",
        encoding="utf-8",
    )
    results = list(iter_documents(path))
    assert [r.source for r in results] == [f"{path}#a1", f"{path}#a2", f"{path}#a3"]
    first, bad, third = results
    assert first.title == "Account Executive" and first.kind_hint == "job_ad"
    assert first.sections[0].name == "requirements"
    assert isinstance(bad, UnreadableDocument)
    assert "row 2 has no text in column 'description'" in str(bad)
    assert third.text == "Responsibilities: grow accounts"


def test_readers_jsonl_batch_custom_columns_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "ads.jsonl"
    rows = [{"ref": "x", "role": "AE", "posting_body": "Sell software"}, "not an object",
            {"ref": "y", "role": "AM", "posting_body": "Keep clients"}]  # fmt: skip
    path.write_text("\n".join([json.dumps(rows[0]), "{broken", json.dumps(rows[1]),
                               json.dumps(rows[2])]), encoding="utf-8")  # fmt: skip
    results = list(iter_documents(path, id_column="ref", title_column="role",
                                  text_column="posting_body"))  # fmt: skip
    assert len(results) == 4
    assert results[0].source == f"{path}#x" and results[0].title == "AE"
    assert isinstance(results[1], UnreadableDocument)
    assert str(results[1]).startswith(f"{path}:2: line 2 is not valid JSON")
    assert isinstance(results[2], UnreadableDocument) and "is a str" in str(results[2])
    assert results[3].text == "Keep clients"


def test_readers_batch_without_text_column_says_how_to_fix(tmp_path: Path) -> None:
    path = tmp_path / "ads.csv"
    path.write_text("id,headline\n1,Account Executive\n", encoding="utf-8")
    (error,) = list(iter_documents(path))
    assert isinstance(error, UnreadableDocument)
    assert "no text column" in str(error) and "text_column=" in str(error)


def test_readers_csv_rows_without_id_named_by_row_number(tmp_path: Path) -> None:
    path = tmp_path / "ads.tsv"
    path.write_text("title\tbody\nAE\tSell\nAM\tKeep\n", encoding="utf-8")
    assert [r.source for r in iter_documents(path)] == [f"{path}:1", f"{path}:2"]


@pytest.mark.parametrize("engine", PDF_ENGINES)
def test_readers_pdf_right_aligned_dates_are_not_a_second_column(
    tmp_path: Path, engine: str
) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    rows = [("Account Manager, Northwind", "2019 - 2024"), ("Account Executive, Contoso",
            "2016 - 2019"), ("Sales Coordinator, Fabrikam", "2014 - 2016")]  # fmt: skip
    for title, dates in rows:
        pdf.cell(120, 7, title)
        pdf.cell(0, 7, dates, align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.multi_cell(0, 6, "Ran quarterly business reviews with enterprise customers and "
                       "renewed contracts worth more than two million dollars a year.",
                       new_x="LMARGIN", new_y="NEXT")  # fmt: skip
    lines = read_document(_save(pdf, tmp_path / "dates.pdf"), pdf_engine=engine).text.split("\n")
    assert lines[0] == "Account Manager, Northwind 2019 - 2024"
    assert lines[1].startswith("Ran quarterly") and lines[1].endswith("dollars a year.")
    assert lines[2] == "Account Executive, Contoso 2016 - 2019"


def test_readers_pdf_page_cap(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for page in range(12):
        pdf.add_page()
        pdf.cell(0, 7, f"Sheet {page} notes")
    path = _save(pdf, tmp_path / "long.pdf")
    with pytest.raises(UnreadableDocument, match="12 pages, over the 10-page limit") as caught:
        read_document(path, max_pages=10)
    assert caught.value.reason == "too_large"
    assert read_document(path, max_pages=12).pages == 12


def test_readers_docx_white_text_in_a_shaded_cell_is_visible(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import RGBColor

    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell._tc.get_or_add_tcPr().append(parse_xml(f'<w:shd {nsdecls("w")} w:fill="1F3864"/>'))
    cell.paragraphs[0].add_run("Sidebar skills").font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    document.save(tmp_path / "sidebar.docx")
    doc = read_document(tmp_path / "sidebar.docx")
    assert doc.text == "Sidebar skills"
    assert doc.flags == ()


@pytest.mark.parametrize("engine", PDF_ENGINES)
def test_readers_pdf_with_only_an_owner_password_reads(tmp_path: Path, engine: str) -> None:
    pdf = _pdf(["Account Executive", "Closed 40 deals"])
    pdf.set_encryption(owner_password="owner")  # printing allowed, no password to open
    doc = read_document(_save(pdf, tmp_path / "owner.pdf"), pdf_engine=engine)
    assert doc.text == "Account Executive\nClosed 40 deals"


def test_readers_parser_bug_becomes_one_line_error(files: dict[str, Path], monkeypatch) -> None:
    import matcher.readers.pdf as pdf_module

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("line one\nline two")

    monkeypatch.setattr(pdf_module, "_read_pdfium", broken)
    with pytest.raises(UnreadableDocument, match="could not be read \\(KeyError") as caught:
        read_document(files["single"])
    assert caught.value.reason == "internal" and "\n" not in str(caught.value)
    assert isinstance(caught.value.__cause__, KeyError)  # the traceback is kept for debugging


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.one_of(
        st.binary(max_size=2048),
        st.binary(max_size=2048).map(lambda b: b"%PDF-1.4\n" + b),
        st.binary(max_size=2048).map(lambda b: b"PK\x03\x04" + b),
        st.text(max_size=500).map(lambda t: t.encode("utf-8", "surrogatepass")),
    ),
    suffix=st.sampled_from([".pdf", ".docx", ".txt", ".html", ".md", ""]),
    engine=st.sampled_from(PDF_ENGINES),
)
def test_readers_any_bytes_give_a_document_or_a_one_line_error(
    tmp_path: Path, data: bytes, suffix: str, engine: str
) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    try:
        doc = read_document(path, pdf_engine=engine, timeout=20)
    except UnreadableDocument as exc:
        assert exc.reason != "internal", str(exc)
        assert "\n" not in str(exc) and str(exc).startswith(f"{path}: ")
    else:
        assert isinstance(doc.text, str) and doc.sha256


def test_readers_docx_with_damaged_deflate_data_is_corrupt(tmp_path: Path) -> None:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        body = "<w:document>" + "Account manager. " * 400 + "</w:document>"
        archive.writestr("word/document.xml", body)
    raw = bytearray(data.getvalue())
    start = 30 + len("word/document.xml")  # the member's compressed bytes follow its header
    raw[start + 20 : start + 60] = bytes(range(40))
    path = tmp_path / "damaged.docx"
    path.write_bytes(bytes(raw))
    with pytest.raises(UnreadableDocument, match="corrupt DOCX") as caught:
        read_document(path)
    assert caught.value.reason == "corrupt"


def test_readers_markdown_marks_removed(tmp_path: Path) -> None:
    path = tmp_path / "ad.md"
    path.write_text(
        "## Account Executive\n\n**What you'll do**\n- Own *new* business\n---\n"
        "**Nice to have:** [HubSpot](https://hubspot.example) and `SQL`\n",
        encoding="utf-8",
    )
    doc = read_document(path, kind_hint="job_ad")
    assert doc.text == (
        "Account Executive\n\nWhat you'll do\n• Own new business\n\n"
        "Nice to have: HubSpot (https://hubspot.example) and SQL"
    )
    assert [s.name for s in doc.sections] == ["header", "responsibilities", "preferred"]
    assert doc.media_type == "text/markdown"


def test_readers_limited_kills_a_late_worker_and_recovers(files: dict[str, Path]) -> None:
    with pytest.raises(UnreadableDocument, match="timed out after 0.001 s") as caught:
        read_document_limited(files["paged"], timeout=0.001, pdf_engine="pdfminer")
    assert caught.value.reason == "timeout"
    assert read_document_limited(files["single"], timeout=60).text.startswith("Jordan Avery")


def test_readers_text_with_a_few_control_bytes_is_text_and_with_more_is_binary() -> None:
    from matcher.errors import UnreadableDocument
    from matcher.readers.text import decode_text

    # Up to 1% of the sample may be control bytes (a stray form feed or escape is text);
    # tab, newline, carriage return and form feed never count.
    assert decode_text(b"a" * 99 + b"\x1b", source="t") == "a" * 99 + "\x1b"
    assert decode_text(b"\t\n\r\x0c" * 25 + b"\x01", source="t").endswith("\x01")
    with pytest.raises(UnreadableDocument, match="binary data"):
        decode_text(b"a" * 98 + b"\x01\x7f\x1f", source="t")
