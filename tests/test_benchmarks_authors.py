"""benchmarks/authors.py: each author held out in turn, read by a reader fitted on the others."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import authors  # noqa: E402


def _author(folder: Path, name: str, skills: dict[str, list[str]], background: list[str]) -> None:
    lines = ["skills:"] + [f"  {k}:\n" + "\n".join(f"    - {s}" for s in v) for k, v in skills.items()]
    lines += ["background:"] + [f"  - {s}" for s in background]
    (folder / f"{name}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.slow
def test_each_author_is_read_by_a_reader_fitted_on_the_others(tmp_path, capsys):
    # Two authors who wrote the same cold-calling lines (in other cases) and one background
    # line each: held out, each is read by what the other wrote, so both score in full; a
    # column without the other author shows what it added.
    calls = ["Rang round the trade directory every morning hunting for firms that might buy",
             "Dialled strangers at mid-sized hauliers to win a first meeting"]
    _author(tmp_path, "first", {"skl.cold_calling": calls}, ["Re-grouted the showers in two student flats"])
    _author(tmp_path, "second", {"skl.cold_calling": [c.upper() for c in calls]},
            ["Checked tyre pressures on the depot's vans before each shift"])
    assert authors.main(["--folder", str(tmp_path), "--thresholds", "0.5", "--without", "first"]) == 0
    out = capsys.readouterr().out
    assert "2 authors" in out
    assert "first (2 skill sentences, 1 background): with every other author: from 0.5 1.000 / 0.0%" in out
    assert "mean, with every other author: from 0.5 1.000 over 2 / 0.0% over 2" in out
    # Without the first author the second's lines are new to the reader.
    assert "mean, without first:" in out


def test_an_unknown_author_is_named(tmp_path, capsys):
    _author(tmp_path, "first", {"skl.cold_calling": ["Phoned strangers"]}, [])
    assert authors.main(["--folder", str(tmp_path), "--only", "nobody"]) == 2
    assert "no author file named nobody" in capsys.readouterr().err
