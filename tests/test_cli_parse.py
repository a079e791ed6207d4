import json

import pytest
from click.testing import CliRunner

from matcher.cli import main

RESUME = """\
Jordan Lee
Account Manager
jordan.lee@example.com | 555-201-3344

EXPERIENCE
Account Manager | Acme Supply | 03/2019 - Present
• Managed a portfolio of 40 accounts and renewed 92% of contracts.

Account Coordinator | Acme Supply | 2016 - 2019
• Scheduled client meetings.

EDUCATION
B.S. Marketing, State University, 2015
"""

AD = """\
Account Coordinator

Requirements
• 1+ years of customer service experience required.
• Salesforce experience is a plus.
"""


@pytest.fixture()
def files(tmp_path):
    resume = tmp_path / "resume.txt"
    resume.write_text(RESUME, encoding="utf-8")
    ad = tmp_path / "ad.txt"
    ad.write_text(AD, encoding="utf-8")
    return resume, ad


def test_cli_parse_json_one_object_per_input(files):
    resume, ad = files
    result = CliRunner().invoke(main, ["parse", str(resume), str(ad), "--format", "json"])
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in result.output.splitlines())
    assert first["kind"] == "resume" and second["kind"] == "job_ad"
    assert first["positions"][0]["start"] == "2019-03-01"
    assert first["positions"][0]["rung"] == "account_manager"
    assert first["skills"][0]["count"] >= 1
    assert second["min_years"] == 1


def test_cli_parse_table_shows_headline_and_positions(files):
    resume, _ = files
    result = CliRunner().invoke(main, ["parse", str(resume), "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "Account Manager → account_manager" in result.output
    assert "Acme Supply" in result.output


def test_cli_parse_kind_override(files):
    resume, _ = files
    result = CliRunner().invoke(main, ["parse", str(resume), "--kind", "job_ad", "--format", "json"])
    assert json.loads(result.output)["kind"] == "job_ad"


def test_cli_parse_unreadable_file_reports_and_others_still_print(files, tmp_path):
    resume, _ = files
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really a pdf")
    result = CliRunner().invoke(main, ["parse", str(broken), str(resume), "--format", "json"])
    assert result.exit_code == 1
    assert "broken.pdf" in result.stderr
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["source"] == str(broken) and "broken.pdf" in first["error"] and first["kind"] is None
    assert second["source"] == str(resume) and second["kind"] == "resume"


def test_cli_parse_bad_taxonomy_is_a_clear_error(files, tmp_path):
    resume, _ = files
    bad = tmp_path / "bad.yaml"
    bad.write_text("skills: [oops\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", str(resume), "--taxonomy", str(bad)])
    assert result.exit_code == 1
    assert "bad.yaml" in result.output


def test_cli_parse_explain_skill_scores_every_clause(tmp_path):
    resume = tmp_path / "resume.txt"
    resume.write_text("EXPERIENCE\nAccount Manager | Acme Supply | 2019 - Present\n"
                      "• Looked after a portfolio of client relationships across the Midwest.\n"
                      "• Drove the delivery van on Fridays.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", "--explain-skill", "skl.account_management", str(resume),
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["skill"] == "skl.account_management"
    rows = {r["clause"].strip("• \n."): r for r in data["clauses"]}
    close = rows["Looked after a portfolio of client relationships across the Midwest"]
    assert close["result"].startswith("found by meaning") and float(close["score"]) >= data["threshold"]
    # The result says whether the score meets a must-have or only makes it partly met.
    met = float(close["score"]) >= data["met"]
    assert close["result"].endswith("(met)" if met else "(partly met)")
    far = rows["Drove the delivery van on Fridays"]
    assert float(far["score"]) < float(close["score"]) and not far["result"].startswith("found")


def test_cli_parse_explain_skill_unknown_id_is_a_clear_error(files):
    resume, _ = files
    result = CliRunner().invoke(main, ["parse", "--explain-skill", "skl.nope", str(resume)])
    assert result.exit_code == 2
    assert "no skill 'skl.nope' in the taxonomy" in result.output
