"""The project's own labelled corpus under samples/: complete, valid, varied, reproducible.

The role-fit model trains on this corpus, so a missing label, a class below its minimum, two
near-copies of one document or a rendered PDF that drifted from its text source would each
quietly weaken or skew the shipped model.
"""

from __future__ import annotations

import csv
import functools
import re
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest
from scripts import load_script

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
RESUMES = SAMPLES / "resumes"
LABELS = SAMPLES / "labels.csv"
HEADER = ["path", "kind", "label", "role", "industry", "notes"]
CLASSES = {"account_coordinator", "account_executive", "account_manager", "none"}
MINIMUM = {"account_coordinator": 30, "account_executive": 30, "account_manager": 30, "none": 45}
TEXT_SUFFIXES = {".txt", ".md"}
SEPARATOR = re.compile(r"\s+[|\u00b7]\s+")


@functools.cache
def _build_module():
    """samples/build.py is a script, not a package module: load it by path, once."""
    return load_script(SAMPLES / "build.py", "samples_build")


def _rows() -> list[dict[str, str]]:
    with LABELS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _resume_sources() -> dict[str, str]:
    """Text sources only: rendered PDF/DOCX copies would count one person twice."""
    return {row["path"]: row["label"] for row in _rows()
            if row["kind"] == "resume" and Path(row["path"]).suffix in TEXT_SUFFIXES}


def _shingles(text: str, size: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_samples_labels_header_is_the_documented_one():
    with LABELS.open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == HEADER


def test_samples_every_resume_file_is_labelled_once():
    listed = Counter(row["path"] for row in _rows())
    assert [path for path, n in listed.items() if n > 1] == []
    on_disk = {f"resumes/{p.name}" for p in RESUMES.iterdir() if p.is_file()}
    assert sorted(on_disk - set(listed)) == []


def test_samples_every_labelled_file_exists():
    assert [row["path"] for row in _rows() if not (SAMPLES / row["path"]).is_file()] == []


@pytest.mark.parametrize("field", ["kind", "label", "role", "industry"])
def test_samples_labels_are_valid(field):
    allowed = {"kind": {"resume", "job_ad"}, "label": CLASSES}.get(field)
    bad = [row["path"] for row in _rows()
           if not row[field] or (allowed is not None and row[field] not in allowed)
           or not re.fullmatch(r"[a-z0-9_]+", row[field])]
    assert bad == []


@pytest.mark.parametrize("label", sorted(MINIMUM))
def test_samples_each_class_reaches_its_minimum(label):
    count = sum(1 for value in _resume_sources().values() if value == label)
    assert count >= MINIMUM[label], f"{label}: {count} resumes, need {MINIMUM[label]}"


def test_samples_readme_counts_match_the_labels():
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    stated = {label: int(n) for label, n in re.findall(r"^\| (\w+) \| (\d+) \|$", readme, re.M)}
    assert stated == dict(Counter(_resume_sources().values()))


def test_samples_rendered_copies_share_their_source_label():
    rows = {row["path"]: row for row in _rows()}
    mismatched = [path for path, row in rows.items()
                  if Path(path).suffix in {".pdf", ".docx"}
                  and (source := rows.get(str(Path(path).with_suffix(".txt")))) is not None
                  and (source["label"], source["role"]) != (row["label"], row["role"])]
    assert mismatched == []


def test_samples_no_two_resumes_are_near_duplicates():
    texts = {path: _shingles((SAMPLES / path).read_text(encoding="utf-8"))
             for path in _resume_sources()}
    close = []
    for (a, sa), (b, sb) in combinations(sorted(texts.items()), 2):
        if sa and sb and len(sa & sb) / len(sa | sb) >= 0.5:
            close.append((a, b))
    assert close == []


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """The corpus rendered twice into separate directories."""
    build = _build_module()
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    build.main(["--out", str(first)])
    build.main(["--out", str(second)])
    return first, second


def test_samples_build_is_byte_for_byte_reproducible(built):
    first, second = built
    names = sorted(p.name for p in first.iterdir())
    assert any(n.endswith(".pdf") for n in names) and any(n.endswith(".docx") for n in names)
    assert [n for n in names if (first / n).read_bytes() != (second / n).read_bytes()] == []


def test_samples_committed_renders_match_their_sources(built):
    first, _ = built
    stale = [p.name for p in first.iterdir()
             if not (RESUMES / p.name).is_file()
             or (RESUMES / p.name).read_bytes() != p.read_bytes()]
    assert stale == [], "run `python samples/build.py` and commit the result"


def test_samples_demo_resume_is_a_two_page_pdf():
    import pypdfium2

    document = pypdfium2.PdfDocument(str(RESUMES / "jordan-avery.pdf"))
    try:
        assert len(document) == 2
    finally:
        document.close()


def _key_lines(build, stem: str) -> list[str]:
    resume = build.parse((RESUMES / f"{stem}.txt").read_text(encoding="utf-8"))
    lines = [resume.name, *resume.header]
    for title, blocks in resume.sections:
        lines.append(title.upper())
        lines.extend(block.text for block in blocks)
    return [_norm(line) for line in lines if line]


@pytest.mark.parametrize("stem", sorted(_build_module().PDF_RENDERS))
def test_samples_pdf_text_keeps_every_source_line(stem):
    import pypdfium2

    document = pypdfium2.PdfDocument(str(RESUMES / f"{stem}.pdf"))
    try:
        text = _norm(" ".join(page.get_textpage().get_text_range() for page in document))
    finally:
        document.close()
    # The two-column layout stacks "city | email | phone" as separate sidebar lines.
    missing = [line for line in _key_lines(_build_module(), stem)
               if not all(part in text for part in SEPARATOR.split(line))]
    assert missing == []


@pytest.mark.parametrize("stem", sorted(_build_module().DOCX_RENDERS))
def test_samples_docx_text_keeps_every_source_line(stem):
    import docx

    build = _build_module()
    text = _norm(" ".join(p.text for p in docx.Document(str(RESUMES / f"{stem}.docx")).paragraphs))
    assert [line for line in _key_lines(build, stem) if line not in text
            and line.title() not in text] == []
