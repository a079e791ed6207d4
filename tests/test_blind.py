"""matcher.scoring.blind: nothing that says who a candidate is survives into any output format.

The end-to-end tests run the real pipeline on a resume full of identifying details and look
for every one of them in the JSON, CSV and table output of ``score`` and ``screen`` and in
the HTML report. The scores must be the same with and without ``--blind``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from batch_files import AD, RESUME
from click.testing import CliRunner

from matcher.cli import main
from matcher.scoring.blind import blind_row, pseudonym, redactor_for
from matcher.types import Contact, Education, Profile

# Every identifying token of RESUME, as a pattern matched case-insensitively.
IDENTIFYING = {
    "first name": r"\bdana\b",
    "last name": r"okafor",
    "email": r"example\.org",
    "phone": r"555[\s.-]?0199",
    "street": r"1200 market",
    "city": r"san francisco",
    "zip": r"94102",
    "link": r"linkedin",
    "graduation year": r"\b2014\b",
    "age": r"\bage\W{0,3}34\b",
    "pronoun": r"\b(?:she|he|her|hers|him|his|herself|himself)\b",
}
IDENTITY_LINES = "Dana Okafor"


def _leaks(text: str) -> dict[str, list[str]]:
    found = {}
    for what, pattern in IDENTIFYING.items():
        hits = re.findall(pattern, text, flags=re.I)
        if hits:
            found[what] = hits
    return found


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("blind")
    resume = root / "dana-okafor.txt"  # the file name names her too
    resume.write_text(RESUME, encoding="utf-8")
    ad = root / "ad.txt"
    ad.write_text(AD, encoding="utf-8")
    return resume, ad


def _run(args: list[str]) -> str:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output + result.stderr
    return result.stdout


def test_blind_input_really_holds_every_token(files: tuple[Path, Path]) -> None:
    # The check below means something only if every token is in the input to begin with.
    assert set(_leaks(files[0].read_text())) == set(IDENTIFYING)


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_blind_score_output_names_nobody(files: tuple[Path, Path], fmt: str) -> None:
    out = _run(["score", "--blind", "--no-cache", "--jobs", "1", "--format", fmt, str(files[0])])
    assert _leaks(out) == {}
    assert pseudonym(str(files[0])) in out


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_blind_screen_output_and_report_name_nobody(files: tuple[Path, Path], fmt: str, tmp_path: Path) -> None:
    resume, ad = files
    report = tmp_path / "shortlist.html"
    out = _run(["screen", "--blind", "--no-cache", "--jobs", "1", "--format", fmt, "--report", str(report),
                str(ad), str(resume)])  # fmt: skip
    assert _leaks(out) == {}
    assert _leaks(report.read_text(encoding="utf-8")) == {}
    assert pseudonym(str(resume)) in out


def test_blind_scores_do_not_change(files: tuple[Path, Path]) -> None:
    args = ["screen", "--no-cache", "--jobs", "1", "--format", "json", str(files[1]), str(files[0])]
    plain, blind = (json.loads(_run([*args[:1], *extra, *args[1:]])) for extra in ([], ["--blind"]))
    assert blind["match"] == plain["match"] and blind["fit"] == plain["fit"]
    assert [m["status"] for m in blind["must_haves"]] == [m["status"] for m in plain["must_haves"]]
    assert _leaks(json.dumps(plain))  # without --blind the details are there


PROFILE = Profile(
    source="resumes/Will Hope.pdf", kind="resume",
    contact=Contact(name="Will Hope", emails=("w.hope@mail.test",), phones=("+44 20 7946 0958",),
                    addresses=("Leeds, West Yorkshire",), links=("https://hope.example/cv",)),
    education=(Education(level="bachelor", field="History", institution="Leeds", year=2009),),
)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Will Hope will hope to grow; Hope agreed", "[name] will hope to grow; [name] agreed"),
        ("WILL HOPE, Account Manager", "[name], Account Manager"),
        ("mail w.hope@mail.test today", "mail [redacted] today"),
        ("call +44 20 7946 0958", "call [redacted]"),
        ("based in Leeds, West Yorkshire", "based in [redacted]"),
        ("see https://hope.example/cv", "see [redacted]"),
        ("BA History, 2009", "BA History, [redacted]"),
        ("Class of 2011", "[redacted]"),
        ("Age: 52, born in 1972", "[redacted], [redacted]"),
        ("He led his team; she trained her peers", "They led their team; they trained their peers"),
        ("Grew 40 accounts across the court division", "Grew 40 accounts across the court division"),
    ],
)
def test_blind_redactor_removes(text: str, expected: str) -> None:
    assert redactor_for(PROFILE)(text) == expected


def test_blind_row_renames_the_source_everywhere_but_keeps_the_ad() -> None:
    row = {"source": PROFILE.source, "ad": "ads/mine.txt", "error": f"{PROFILE.source}: empty file",
           "reasons": [{"text": "Will Hope led a team", "weight": 1.0}]}  # fmt: skip
    out = blind_row(row, profile=PROFILE)
    assert out["source"] == pseudonym(PROFILE.source) and out["ad"] == "ads/mine.txt"
    assert out["error"] == f"{pseudonym(PROFILE.source)}: empty file"
    assert out["reasons"][0]["text"] == "[name] led a team"
