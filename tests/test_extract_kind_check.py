"""Inputs that are not a resume or a job ad: ``too_short`` and ``not_a_resume_or_ad``, in every
command and in batches; and no real document or sample refused."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from batch_files import AD, RESUME
from click.testing import CliRunner

from matcher.cli import main
from matcher.errors import UnreadableDocument
from matcher.extract.kind import MIN_WORDS, check_document
from matcher.readers import iter_documents, read_document, read_text

ROOT = Path(__file__).resolve().parent.parent
NOT_DOCUMENTS = sorted((Path(__file__).parent / "data" / "not_documents").iterdir())
BENCHMARK = Path(os.environ.get("MATCHER_BENCHMARK_DIR") or ROOT.parent / "shared" / "benchmark")


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Too short in an unknown and a text extension, and one file that is neither kind."""
    root = tmp_path_factory.mktemp("bad")
    files = {"hello.xyz": "hello", "hello.txt": "hello", "name.txt": "Dana Okafor\nAccount Executive\n"}
    paths = {name: root / name for name in files}
    for name, text in files.items():
        paths[name].write_text(text, encoding="utf-8")
    paths["recipe.txt"] = NOT_DOCUMENTS[[p.name for p in NOT_DOCUMENTS].index("recipe.txt")]
    (root / "resume.txt").write_text(RESUME, encoding="utf-8")
    (root / "ad.txt").write_text(AD, encoding="utf-8")
    paths["resume.txt"], paths["ad.txt"] = root / "resume.txt", root / "ad.txt"
    return paths


def _reason(document) -> str | None:  # noqa: ANN001
    try:
        check_document(document)
    except UnreadableDocument as exc:
        return exc.reason
    return None


# --- the library check -----------------------------------------------------------------


@pytest.mark.parametrize(("text", "words"), [("hello", 1), ("Dana Okafor\nAccount Executive", 4)])
def test_extract_kind_check_too_short_names_the_file_and_the_counts(text: str, words: int) -> None:
    with pytest.raises(UnreadableDocument, match=rf"^cv\.xyz: too little text to judge: {words} words?, "
                                                 rf"fewer than the {MIN_WORDS} ") as caught:  # fmt: skip
        check_document(read_text(text, source="cv.xyz"))
    assert caught.value.reason == "too_short" and "\n" not in str(caught.value)


@pytest.mark.parametrize("path", NOT_DOCUMENTS, ids=lambda p: p.name)
def test_extract_kind_check_refuses_text_of_neither_kind(path: Path) -> None:
    with pytest.raises(UnreadableDocument, match=rf"{path.name}: neither a resume nor a job ad") as caught:
        check_document(read_document(path))
    assert caught.value.reason == "not_a_resume_or_ad"


@pytest.mark.parametrize("text", [RESUME, AD])
def test_extract_kind_check_passes_a_resume_and_an_ad(text: str) -> None:
    assert _reason(read_text(text, source="x.txt")) is None


def test_extract_kind_check_passes_every_sample() -> None:
    """All 579 sample files (the shortest resume is four lines) and every batch row."""
    refused = []
    for target in (ROOT / "samples" / "resumes", ROOT / "samples" / "ads", ROOT / "samples" / "ads.csv",
                   ROOT / "samples" / "ads.jsonl"):  # fmt: skip
        for item in iter_documents(target):
            assert not isinstance(item, UnreadableDocument), item
            if _reason(item):
                refused.append(item.source)
    assert refused == []


@pytest.mark.benchmark_data
@pytest.mark.slow
def test_extract_kind_check_passes_every_real_benchmark_document() -> None:
    """The development benchmark's resumes, postings, real_ads_dev ads and none_resumes."""
    if not BENCHMARK.is_dir():
        pytest.skip("../shared/benchmark is absent")
    counts: dict[str, int] = {}
    refused = []
    for target in ("resumes", "none_resumes", "postings.jsonl", "real_ads_dev.jsonl"):
        for item in iter_documents(BENCHMARK / target):
            assert not isinstance(item, UnreadableDocument), item
            counts[target] = counts.get(target, 0) + 1
            if _reason(item):
                refused.append(item.source)
    assert refused == [] and min(counts.values()) > 0


# --- through the commands --------------------------------------------------------------


def _rows(stdout: str) -> dict[str, dict]:
    return {Path(row["source"]).name: row for row in map(json.loads, stdout.splitlines())}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_score_refuses_what_cannot_be_judged_and_scores_the_rest(bad: dict[str, Path], jobs: str) -> None:
    names = ["hello.xyz", "hello.txt", "name.txt", "recipe.txt", "resume.txt"]
    result = CliRunner().invoke(main, ["score", "--no-cache", "--jobs", jobs, "--format", "json",
                                       *(str(bad[n]) for n in names)])  # fmt: skip
    assert result.exit_code == 1
    rows = _rows(result.stdout)
    assert list(rows) == names  # every input, in order
    assert f"{bad['hello.xyz']}: too little text to judge: 1 word, fewer than the {MIN_WORDS}" in rows["hello.xyz"]["error"]
    assert "too little text to judge: 1 word" in rows["hello.txt"]["error"]
    assert "too little text to judge: 4 words" in rows["name.txt"]["error"]
    assert "neither a resume nor a job ad" in rows["recipe.txt"]["error"]
    assert rows["resume.txt"]["error"] is None and rows["resume.txt"]["best_fit"] == "account_executive"
    assert result.stderr.count("error: ") == 4


def test_cli_score_refuses_a_short_batch_row(tmp_path: Path) -> None:
    batch = tmp_path / "ads.jsonl"
    batch.write_text(json.dumps({"id": "a1", "title": "Account Executive", "text": AD}) + "\n"
                     + json.dumps({"id": "a2", "title": "Hi", "text": "hello there"}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["score", "--no-cache", "--jobs", "1", "--format", "json", str(batch)])
    assert result.exit_code == 1
    first, second = map(json.loads, result.stdout.splitlines())
    assert first["error"] is None
    assert second["source"] == f"{batch}#a2" and "too little text to judge: 3 words" in second["error"]


def test_cli_parse_refuses_what_cannot_be_judged_and_prints_the_rest(bad: dict[str, Path]) -> None:
    result = CliRunner().invoke(main, ["parse", "--format", "json", str(bad["hello.xyz"]), str(bad["resume.txt"]),
                                       str(bad["recipe.txt"])])  # fmt: skip
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    # Every input has its line, in input order: the refused ones with their error, no profile.
    assert [(Path(r["source"]).name, r["kind"]) for r in rows] == [("hello.xyz", None), ("resume.txt", "resume"),
                                                                   ("recipe.txt", None)]
    assert "too little text to judge" in rows[0]["error"] and "neither a resume nor a job ad" in rows[2]["error"]
    assert "skills" not in rows[0]
    assert "hello.xyz: too little text to judge: 1 word" in result.stderr
    assert "recipe.txt: neither a resume nor a job ad" in result.stderr


def test_cli_screen_refuses_a_bad_resume_and_ranks_the_rest(bad: dict[str, Path]) -> None:
    result = CliRunner().invoke(main, ["screen", "--no-cache", "--jobs", "1", "--format", "json", str(bad["ad.txt"]),
                                       str(bad["hello.txt"]), str(bad["recipe.txt"]), str(bad["resume.txt"])])  # fmt: skip
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(Path(r["source"]).name, r["rank"]) for r in rows] == [("resume.txt", 1), ("hello.txt", None), ("recipe.txt", None)]
    assert "too little text to judge" in rows[1]["error"] and "neither a resume nor a job ad" in rows[2]["error"]
    assert "too little text to judge" in result.stderr and "neither a resume nor a job ad" in result.stderr


def test_cli_screen_refuses_an_ad_that_is_not_one(bad: dict[str, Path]) -> None:
    result = CliRunner().invoke(main, ["screen", "--no-cache", "--jobs", "1", str(bad["recipe.txt"]),
                                       str(bad["resume.txt"])])  # fmt: skip
    assert result.exit_code == 1
    assert "the ad could not be read" in result.stderr and "neither a resume nor a job ad" in result.stderr


def test_cli_match_refuses_bad_ads_and_resumes_and_pairs_the_rest(bad: dict[str, Path], tmp_path: Path) -> None:
    ads, resumes = tmp_path / "ads", tmp_path / "resumes"
    ads.mkdir()
    resumes.mkdir()
    (ads / "ad.txt").write_text(AD, encoding="utf-8")
    (ads / "hello.xyz").write_text("hello", encoding="utf-8")
    (resumes / "resume.txt").write_text(RESUME, encoding="utf-8")
    (resumes / "recipe.txt").write_text(bad["recipe.txt"].read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(main, ["match", "--no-cache", "--jobs", "2", "--format", "json",
                                       "--ads", str(ads), "--resumes", str(resumes)])  # fmt: skip
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    pairs = [(r["ad"] and Path(r["ad"]).name, r["source"] and Path(r["source"]).name, r["rank"]) for r in rows]
    assert pairs == [("ad.txt", "resume.txt", 1), ("hello.xyz", None, None), (None, "recipe.txt", None)]
    assert "too little text to judge" in rows[1]["error"] and "neither a resume nor a job ad" in rows[2]["error"]
    assert "hello.xyz: too little text to judge" in result.stderr
    assert "recipe.txt: neither a resume nor a job ad" in result.stderr
