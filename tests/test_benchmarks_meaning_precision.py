"""benchmarks/meaning_precision.py: every skill found only by meaning in a benchmark folder's
real resumes is listed, a seeded sample goes to a CSV for a person to check, and a checked CSV
gives precision with its Wilson interval."""

import csv
from pathlib import Path

import pytest
from batch_files import write_pdf
from scripts import load_script

ROOT = Path(__file__).resolve().parents[1]
precision = load_script(Path("benchmarks/meaning_precision.py"), "benchmarks_meaning_precision")

RESUME = """\
Sam Carter
EXPERIENCE
Sales Lead | Northwind Supplies | 01/2018 - 06/2024
Looked after a portfolio of client relationships across the Midwest.
Walked the client's leadership through the quarterly results.
Rang up companies that had never heard of us to introduce our products.
EDUCATION
BA in Communication, 2017
"""


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("MATCHER_MEANING", "1")  # the script switches it on; restored after
    root = tmp_path / "benchmark"
    (root / "none_resumes").mkdir(parents=True)
    (root / "resumes").mkdir()
    write_pdf(root / "none_resumes" / "1.pdf", RESUME)
    write_pdf(root / "resumes" / "2.pdf", RESUME.replace("Sam Carter", "Kim Lee"))
    (root / "none_resumes.csv").write_text("file,id,category,headline\nnone_resumes/1.pdf,1,SALES,Sam Carter\n",
                                           encoding="utf-8")
    (root / "resumes.csv").write_text("file,id,category,label\nresumes/2.pdf,2,SALES,account_manager\n",
                                      encoding="utf-8")
    return root


def test_every_meaning_only_hit_is_listed_and_a_seeded_sample_written(folder, tmp_path, capsys):
    out = tmp_path / "sample.csv"
    assert precision.main(["--benchmark", str(folder), "--sample", "3", "--seed", "5", "--write", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "2 resumes read, 0 unreadable" in printed and "skl.account_management" in printed
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert len(rows) == 3 and set(rows[0]) == set(precision.FIELDS)
    for row in rows:
        assert row["correct"] == "" and row["clause"] in RESUME and float(row["score"]) >= 0.41
        assert row["document"] in ("none_resumes/1.pdf", "resumes/2.pdf") and row["reader"] in ("y", "n")
    again = tmp_path / "again.csv"
    precision.main(["--benchmark", str(folder), "--sample", "3", "--seed", "5", "--write", str(again)])
    assert again.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


def test_a_checked_sample_gives_precision_by_band_with_wilson_intervals(tmp_path, capsys):
    path = tmp_path / "checked.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=precision.FIELDS)
        writer.writeheader()
        for i in range(100):
            score = 0.42 if i < 50 else 0.65
            writer.writerow({"document": f"d{i}", "skill": "skl.x", "score": score, "band": precision.band(score),
                             "clause": "c", "example": "e", "correct": "y" if i % 5 == 0 else "n", "comment": ""})
    assert precision.main(["--check", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "| all | 100 | 20 | 0.20 | 0.13-0.29 |" in lines
    assert "| 0.41-0.45 | 50 | 10 | 0.20 | 0.11-0.33 |" in lines


def _hit(n: int, *, read: bool) -> dict:
    score = 0.95 if read else 0.47
    return {"document": f"none_resumes/{n % 4}.pdf", "skill": f"skl.s{n % 3}", "score": f"{score:.3f}",
            "band": precision.band(score), "reader": "y" if read else "n", "clause": f"clause {n}",
            "example": "e", "correct": "", "comment": ""}


def test_reader_only_samples_only_the_trained_readers_hits_and_counts_are_split(folder, tmp_path, monkeypatch,
                                                                                 capsys):
    rows = [_hit(n, read=n % 3 == 0) for n in range(30)]  # 10 by the reader, 20 by alignment
    monkeypatch.setattr(precision, "meaning_hits", lambda paths, depth="1": (rows, 4, 0))
    out = tmp_path / "reader.csv"
    assert precision.main(["--benchmark", str(folder), "--reader-only", "--sample", "50", "--write", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "- by alignment: 20 hits" in printed and "- by reader: 10 hits" in printed
    assert "wrote 10 of 10 reader hits" in printed
    written = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert sorted(r["clause"] for r in written) == sorted(r["clause"] for r in rows if r["reader"] == "y")


@pytest.mark.parametrize("columns", [precision.FIELDS, tuple(f for f in precision.FIELDS if f != "reader")])
def test_a_checked_sample_is_split_by_who_gave_the_hit_when_it_says(tmp_path, capsys, columns):
    path = tmp_path / "checked.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for n in range(20):  # the reader's 10 hits are 8 right, alignment's 10 are 2 right
            row = _hit(n, read=n < 10)
            writer.writerow(row | {"correct": "y" if (n < 8 or n >= 18) else "n"})
    assert precision.main(["--check", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "| all | 20 | 10 | 0.50 | 0.30-0.70 |" in lines
    split = ("| by reader | 10 | 8 | 0.80 | 0.49-0.94 |" in lines, "| by alignment | 10 | 2 | 0.20 | 0.06-0.51 |" in lines)
    assert split == ((True, True) if "reader" in columns else (False, False))


def test_a_sample_without_verdicts_is_an_error(tmp_path, capsys):
    path = tmp_path / "unchecked.csv"
    path.write_text(",".join(precision.FIELDS) + "\nd,skl.x,0.5,0.50-0.60,n,c,e,,\n", encoding="utf-8")
    assert precision.main(["--check", str(path)]) == 1
    assert "no row has a verdict" in capsys.readouterr().err


def test_the_script_says_skipped_without_the_data(tmp_path, capsys):
    assert precision.main(["--benchmark", str(tmp_path / "absent")]) == 0
    assert "skipped" in capsys.readouterr().out
