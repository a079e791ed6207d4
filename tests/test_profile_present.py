""""Present" means the document's date: --as-of, else the file's own date, else the run's;
training and evaluation never read the calendar; the cache never serves yesterday's years;
a summary's stated years are checked against the dated positions.

The suite pins the run's date to 2026-12-01 (``tests/conftest.py``)."""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from batch_files import AD, write_docx
from click.testing import CliRunner
from fpdf import FPDF

from matcher.cache import ProfileCache
from matcher.cli import main
from matcher.extract.profile import build_profile, run_date
from matcher.readers import read_document, read_text
from matcher.readers.filedate import pdf_date

RUN_DATE = date(2026, 12, 1)
FILE_DATE = datetime(2024, 6, 20, 9, 30, tzinfo=timezone.utc)
RESUME = """Robin Vale
robin.vale@example.com | (312) 555-0142

Summary
Account manager with {stated} of experience keeping and growing client accounts.

Experience
Account Manager, Harbor Freight Partners, January 2020 - Present
- Managed a book of 35 accounts and renewed 94% of contracts.
Account Coordinator, Lumen Media, March 2018 - December 2019
- Prepared client reports and scheduled meetings.

Education
B.A. Marketing, State University, 2017
"""
TEXT = RESUME.format(stated="6+ years")


def _pdf(path: Path, text: str, *, made: datetime | None = FILE_DATE) -> Path:
    pdf = FPDF()
    if made is not None:
        pdf.set_creation_date(made)
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    for line in text.splitlines():
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    path.write_bytes(bytes(pdf.output()))
    return path


def _docx(path: Path, text: str, *, created: datetime, modified: datetime | None) -> Path:
    from docx import Document as DocxDocument

    document = DocxDocument()
    for line in text.splitlines():
        document.add_paragraph(line)
    document.core_properties.created = created
    document.core_properties.modified = modified or created
    document.save(str(path))
    return path


def _with_core(path: Path, core: bytes) -> Path:
    """``path`` with its docProps/core.xml replaced by ``core``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(buffer, "w") as new:
        for item in old.infolist():
            new.writestr(item, core if item.filename == "docProps/core.xml" else old.read(item))
    path.write_bytes(buffer.getvalue())
    return path


def _profile(file_date: date | None, **options):  # noqa: ANN003, ANN202
    document = read_text(TEXT, source="r.pdf")
    document = dataclasses.replace(document, file_date=file_date, file_date_source="pdf_metadata" if file_date else None)
    return build_profile(document, kind="resume", today=RUN_DATE, **options)


# --- the readers record the file's date --------------------------------------------------


@pytest.mark.parametrize("engine", ["pdfium", "pdfminer"])
def test_readers_file_date_from_pdf_metadata_agrees_across_engines(tmp_path: Path, engine: str) -> None:
    document = read_document(_pdf(tmp_path / "r.pdf", TEXT), pdf_engine=engine)
    assert (document.file_date, document.file_date_source) == (date(2024, 6, 20), "pdf_metadata")


def test_readers_file_date_survives_the_worker_process(tmp_path: Path) -> None:
    from matcher.readers import read_document_limited

    document = read_document_limited(_pdf(tmp_path / "r.pdf", TEXT), timeout=60)
    assert (document.file_date, document.file_date_source) == (date(2024, 6, 20), "pdf_metadata")


def test_readers_file_date_from_docx_prefers_modified(tmp_path: Path) -> None:
    path = _docx(tmp_path / "r.docx", TEXT, created=datetime(2021, 1, 5), modified=datetime(2024, 6, 20))
    document = read_document(path)
    assert (document.file_date, document.file_date_source) == (date(2024, 6, 20), "docx_metadata")


def test_readers_file_date_absent_from_text(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text(TEXT, encoding="utf-8")
    assert read_document(tmp_path / "r.txt").file_date is None


@pytest.mark.parametrize("engine", ["pdfium", "pdfminer"])
@pytest.mark.parametrize("bad", [b"D:2024XX20", b"D:20241399", b"Thursday!!"])
def test_readers_file_date_malformed_pdf_date_is_ignored(tmp_path: Path, engine: str, bad: bytes) -> None:
    path = _pdf(tmp_path / "r.pdf", TEXT)
    data = path.read_bytes()
    assert data.count(b"D:20240620") == 1
    path.write_bytes(data.replace(b"D:20240620", bad))  # same length: the xref stays valid
    document = read_document(path, pdf_engine=engine)
    assert document.file_date is None and "Harbor Freight" in document.text


@pytest.mark.parametrize(
    "core",
    [b"<not xml", b'<?xml version="1.0"?><cp:coreProperties xmlns:cp="urn:x" xmlns:dcterms="http://purl.org/dc/terms/">'
     b"<dcterms:modified>last Tuesday</dcterms:modified><dcterms:created>2024-02-30T00:00:00Z</dcterms:created>"
     b"</cp:coreProperties>"],
    ids=["not-xml", "bad-dates"],
)
def test_readers_file_date_malformed_docx_date_is_ignored(tmp_path: Path, core: bytes) -> None:
    path = _with_core(write_docx(tmp_path / "r.docx", TEXT), core)
    document = read_document(path)
    assert document.file_date is None and "Harbor Freight" in document.text


@pytest.mark.parametrize(
    ("value", "expected"),
    [("D:20240115090000Z", date(2024, 1, 15)), ("D:20210808155253+05'30'", date(2021, 8, 8)),
     ("D:2024", date(2024, 1, 1)), (b"D:20200101", date(2020, 1, 1)), ("2024-01-15T09:00:00", date(2024, 1, 15)),
     ("D:2025XX10", None), ("D:20251345", None), ("", None), (None, None), (20240115, None)],
)  # fmt: skip
def test_readers_filedate_pdf_date(value: object, expected: date | None) -> None:
    assert pdf_date(value) == expected


# --- what "present" resolves to ----------------------------------------------------------


def test_profile_present_resolution_order() -> None:
    pinned = _profile(date(2024, 6, 20), as_of=date(2023, 1, 1))
    from_file = _profile(date(2024, 6, 20))
    from_run = _profile(None)
    assert (pinned.as_of, pinned.as_of_source) == (date(2023, 1, 1), "option")
    assert (from_file.as_of, from_file.as_of_source) == (date(2024, 6, 20), "pdf_metadata")
    assert (from_run.as_of, from_run.as_of_source) == (RUN_DATE, "run_date")
    # March 2018 to "Present": the later present, the longer the career.
    assert pinned.years_experience < from_file.years_experience < from_run.years_experience
    assert from_file.years_experience == pytest.approx(6.3, abs=0.1)


@pytest.mark.parametrize(
    "file_date",
    [date(2027, 3, 1), date(1985, 1, 1), date(2019, 11, 30)],
    ids=["in-the-future", "before-1990", "before-the-latest-position-starts"],
)
def test_profile_present_unbelievable_file_date_falls_back_to_the_run(file_date: date) -> None:
    profile = _profile(file_date)
    assert (profile.as_of, profile.as_of_source) == (RUN_DATE, "run_date")


def test_profile_present_file_date_in_the_latest_position_month_is_believed() -> None:
    assert _profile(date(2020, 1, 31)).as_of_source == "pdf_metadata"


def test_profile_present_latest_year_rule_does_not_move_with_the_calendar() -> None:
    document = read_text(TEXT, source="r.txt")
    seen = {(p.as_of, p.as_of_source, p.years_experience)
            for today in (date(2027, 1, 1), date(2040, 7, 1))
            for p in [build_profile(document, kind="resume", fallback="latest_year", today=today)]}  # fmt: skip
    assert seen == {(date(2020, 12, 1), "latest_year", 2.8)}


def test_profile_present_run_date_honours_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_date() == RUN_DATE
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert run_date() == datetime.now(tz=timezone.utc).date()


# --- the summary's own figure ------------------------------------------------------------


@pytest.mark.parametrize(
    ("stated", "note"),
    [("12+ years", "summary says 12+ years; dated positions give 6.3"),
     ("over 12 years", "summary says 12+ years; dated positions give 6.3"),
     ("nine years", "summary says 9 years; dated positions give 6.3"),
     ("6+ years", None), ("seven years", None), ("three years", None)],
)  # fmt: skip
def test_profile_present_summary_years_cross_check(stated: str, note: str | None) -> None:
    document = dataclasses.replace(read_text(RESUME.format(stated=stated), source="r.txt"), file_date=date(2024, 6, 20))
    profile = build_profile(document, kind="resume", today=RUN_DATE)
    notes = [n for n in profile.notes if n.startswith("summary says")]
    assert notes == ([note] if note else [])


# --- the commands ------------------------------------------------------------------------


# Months count both ends: March 2018 to March 2021 is 37 months, 3.1 years.


def _score(*args: str) -> dict[str, dict]:
    result = CliRunner().invoke(main, ["score", "--jobs", "1", "--format", "json", *args])
    assert result.exit_code == 0, result.stderr
    return {Path(r["source"]).name: r for r in map(json.loads, result.stdout.splitlines())}


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "r.txt").write_text(TEXT, encoding="utf-8")
    return {"r.txt": tmp_path / "r.txt", "r.pdf": _pdf(tmp_path / "r.pdf", TEXT),
            "r.docx": _docx(tmp_path / "r.docx", TEXT, created=datetime(2023, 2, 1), modified=None)}  # fmt: skip


def test_cli_score_as_of_and_its_source(files: dict[str, Path]) -> None:
    rows = _score("--no-cache", *map(str, files.values()))
    got = {name: (r["as_of"], r["as_of_source"]) for name, r in rows.items()}
    assert got == {"r.txt": ("2026-12-01", "run_date"), "r.pdf": ("2024-06-20", "pdf_metadata"),
                   "r.docx": ("2023-02-01", "docx_metadata")}  # fmt: skip
    pinned = _score("--no-cache", "--as-of", "2022-03-01", *map(str, files.values()))
    assert {(r["as_of"], r["as_of_source"], r["years_experience"]) for r in pinned.values()} == {("2022-03-01", "option", 4.1)}


def test_cli_score_ad_has_no_as_of(tmp_path: Path) -> None:
    (tmp_path / "ad.txt").write_text(AD, encoding="utf-8")
    row = _score("--no-cache", str(tmp_path / "ad.txt"))["ad.txt"]
    assert (row["as_of"], row["as_of_source"]) == (None, None)


def test_cli_score_cache_keys_on_the_as_of_used(files: dict[str, Path], tmp_path: Path) -> None:
    cache = ["--cache-dir", str(tmp_path / "cache")]
    years = [_score(*cache, "--as-of", day, str(files["r.txt"]))["r.txt"]["years_experience"]
             for day in ("2021-03-01", "2024-03-01", "2021-03-01")]  # fmt: skip
    assert years == [3.1, 6.1, 3.1]


@pytest.mark.parametrize(("source", "served"), [("run_date", False), ("pdf_metadata", True), ("option", True)])
def test_cache_profile_read_on_another_day(tmp_path: Path, source: str, served: bool) -> None:
    yesterday = date(2026, 11, 30)
    profile = dataclasses.replace(_profile(None), as_of=yesterday, as_of_source=source)
    cache = ProfileCache(tmp_path, taxonomy_version="t")
    cache.put("k", profile)
    assert (cache.get("k", source="r.txt", today=RUN_DATE) is not None) is served
    assert cache.get("k", source="r.txt", today=yesterday) is not None


def test_cli_parse_as_of(files: dict[str, Path]) -> None:
    result = CliRunner().invoke(main, ["parse", "--format", "json", "--as-of", "2024-03-01", str(files["r.pdf"])])
    assert result.exit_code == 0, result.stderr
    row = json.loads(result.stdout)
    assert (row["as_of"], row["as_of_source"], row["years_experience"]) == ("2024-03-01", "option", 6.1)


@pytest.mark.parametrize("command", ["screen", "match"])
def test_cli_screen_and_match_as_of_moves_the_years(files: dict[str, Path], tmp_path: Path, command: str) -> None:
    (tmp_path / "ad.txt").write_text(AD, encoding="utf-8")

    def years(*options: str) -> float:
        targets = ([str(tmp_path / "ad.txt"), str(files["r.txt"])] if command == "screen"
                   else ["--ads", str(tmp_path / "ad.txt"), "--resumes", str(files["r.txt"])])  # fmt: skip
        result = CliRunner().invoke(main, [command, "--no-cache", "--jobs", "1", "--format", "json", *options, *targets])
        assert result.exit_code == 0, result.stderr
        [row] = map(json.loads, result.stdout.splitlines())
        return row["years_experience"]

    assert (years("--as-of", "2021-03-01"), years("--as-of", "2024-03-01"), years()) == (3.1, 6.1, 8.8)


def test_cli_eval_as_of_pins_present(files: dict[str, Path], tmp_path: Path) -> None:
    labels = tmp_path / "labels.csv"
    labels.write_text(f"path,kind,label\n{files['r.txt']},resume,account_manager\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(labels), "--as-is", "--format", "json", "--as-of", "2021-03-01"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["items"][0]["error"] is None
