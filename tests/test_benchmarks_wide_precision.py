"""benchmarks/wide_precision.py: every skill a wide pattern reads in a benchmark folder's real
documents is listed, a seeded sample goes to a CSV for a person to check (without the pattern
that matched), and a checked CSV gives precision overall, by kind and by skill group."""

import csv
import json
from pathlib import Path

import pytest
from batch_files import write_pdf
from scripts import load_script

wide = load_script(Path("benchmarks/wide_precision.py"), "benchmarks_wide_precision")

RESUME = """\
Sam Carter
EXPERIENCE
Shift Lead | Northwind Bakery | 01/2018 - 06/2024
Worked as part of a team of six bakers on the early shift.
Trained new staff on the ovens and the till.
EDUCATION
High school diploma, 2016
"""


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("MATCHER_MEANING", "0")  # the script switches meaning off; restored after
    root = tmp_path / "benchmark"
    (root / "none_resumes").mkdir(parents=True)
    write_pdf(root / "none_resumes" / "1.pdf", RESUME)
    ad = {"id": "7", "title": "Baker", "label": "none",
          "description": "You will work well as part of a team and bake bread every morning."}
    (root / "postings.jsonl").write_text(json.dumps(ad) + "\n", encoding="utf-8")
    return root


def test_every_wide_hit_is_listed_and_a_seeded_sample_written_without_the_pattern(folder, tmp_path, capsys):
    out = tmp_path / "sample.csv"
    assert wide.main(["--benchmark", str(folder), "--sample", "5", "--seed", "3", "--write", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "2 documents read (1 resumes, 1 ads), 0 unreadable" in printed
    assert "| skl.teamwork | 2 | 1 | 1 | 2 | 2 |" in printed  # read only by a wide pattern, in both
    assert "skl.training_mentoring" not in printed  # "trained new staff" is an ordinary pattern
    rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
    assert tuple(rows[0]) == wide.FIELDS and "pattern" not in wide.FIELDS
    assert sorted((r["document"], r["kind"]) for r in rows) == [("none_resumes/1.pdf", "resume"),
                                                                ("postings.jsonl#7", "ad")]
    for row in rows:
        assert row["skill"] == "skl.teamwork" and row["label"] and row["correct"] == ""
        assert "as part of a team" in row["text"].lower() and row["text"] in row["sentence"]
    again = tmp_path / "again.csv"
    wide.main(["--benchmark", str(folder), "--sample", "5", "--seed", "3", "--write", str(again)])
    assert again.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


def test_a_checked_sample_gives_precision_by_kind_and_group_with_wilson_intervals(tmp_path, capsys):
    path = tmp_path / "checked.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=wide.FIELDS)
        writer.writeheader()
        for i in range(100):  # 50 resume hits of teamwork, 4 in 5 right; 50 ad hits of negotiation, 1 in 5
            resume = i < 50
            writer.writerow({"document": f"d{i}", "kind": "resume" if resume else "ad",
                             "skill": "skl.teamwork" if resume else "skl.cold_calling", "label": "x",
                             "text": "t", "sentence": "s, with a comma", "comment": "",
                             "correct": ("n" if i % 5 == 0 else "y") if resume else ("y" if i % 5 == 0 else "n")})
    groups = wide.skill_groups()
    assert wide.main(["--check", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "| all | 100 | 50 | 0.50 | 0.40-0.60 |" in lines
    assert "| kind resume | 50 | 40 | 0.80 | 0.67-0.89 |" in lines
    assert "| kind ad | 50 | 10 | 0.20 | 0.11-0.33 |" in lines
    assert groups["skl.teamwork"] != groups["skl.cold_calling"]
    assert f"| group {groups['skl.teamwork']} | 50 | 40 | 0.80 | 0.67-0.89 |" in lines


def test_skill_groups_are_the_sections_of_the_skills_file(tmp_path):
    path = tmp_path / "skills.yaml"
    path.write_text("skills:\n  # --- talking ---------\n  - id: skl.a\n    label: a\n"
                    "  # --- selling and growth ----\n  - id: skl.b\n  - id: skl.c\n", encoding="utf-8")
    assert wide.skill_groups(path) == {"skl.a": "talking", "skl.b": "selling and growth", "skl.c": "selling and growth"}


def test_a_sample_without_verdicts_is_an_error(tmp_path, capsys):
    path = tmp_path / "unchecked.csv"
    path.write_text(",".join(wide.FIELDS) + "\nd,resume,skl.teamwork,l,t,s,,\n", encoding="utf-8")
    assert wide.main(["--check", str(path)]) == 1
    assert "no row has a verdict" in capsys.readouterr().err


def test_the_script_says_skipped_without_the_data(tmp_path, capsys):
    assert wide.main(["--benchmark", str(tmp_path / "absent")]) == 0
    assert "skipped" in capsys.readouterr().out
