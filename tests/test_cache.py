"""matcher.cache: a hit skips parsing, any version change misses, concurrent writers are safe."""

from __future__ import annotations

import json
import multiprocessing
import subprocess
import sys
from pathlib import Path

import pytest
from batch_files import RESUME, good_files

import matcher.extract.profile
from matcher.batch import Settings, iter_results
from matcher.cache import ProfileCache
from matcher.readers import read_text
from matcher.types import Profile

EXTEND = Path(__file__).parent / "data" / "taxonomy" / "extend.yaml"


@pytest.fixture(scope="module")
def profile() -> Profile:
    return matcher.extract.profile.build_profile(read_text(RESUME, source="dana.txt"))


@pytest.fixture()
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Sources that reached ``build_profile`` (the batch looks it up at call time)."""
    calls: list[str] = []
    real = matcher.extract.profile.build_profile

    def counting(document, **options):  # noqa: ANN001, ANN003, ANN202
        calls.append(document.source)
        return real(document, **options)

    monkeypatch.setattr(matcher.extract.profile, "build_profile", counting)
    return calls


def _run(files: list[Path], cache: Path, *taxonomy: str):  # noqa: ANN202
    settings = Settings(cache_dir=str(cache), taxonomy=taxonomy)
    return list(iter_results(files, settings=settings, jobs=1))


def test_cache_hit_skips_parsing(tmp_path: Path, parses: list[str]) -> None:
    files = good_files(tmp_path / "in")
    first = _run(files, tmp_path / "cache")
    assert parses == [str(p) for p in files]
    parses.clear()
    second = _run(files, tmp_path / "cache")
    assert parses == []  # every profile came from the cache
    assert [r.profile for r in second] == [r.profile for r in first]
    assert [r.fit for r in second] == [r.fit for r in first]


def test_cache_other_taxonomy_version_misses(tmp_path: Path, parses: list[str]) -> None:
    files = good_files(tmp_path / "in")[:1]
    _run(files, tmp_path / "cache")
    _run(files, tmp_path / "cache", str(EXTEND))  # version gains "+custom": a new key
    assert parses == [str(files[0])] * 2
    parses.clear()
    _run(files, tmp_path / "cache", str(EXTEND))
    assert parses == []


@pytest.mark.parametrize("change", ["taxonomy_version", "model_version", "code"])
def test_cache_any_version_change_misses(tmp_path: Path, profile: Profile, change: str) -> None:
    cache = ProfileCache(tmp_path, taxonomy_version="t1", model_version="m1", code="c1")
    key = cache.key("abc", kind=None, engine="pdfium")
    cache.put(key, profile)
    assert cache.get(key, source="dana.txt") == profile
    other = ProfileCache(tmp_path, **{"taxonomy_version": "t1", "model_version": "m1", "code": "c1", change: "2"})
    assert other.get(other.key("abc", kind=None, engine="pdfium"), source="dana.txt") is None


@pytest.mark.parametrize("how", [{"engine": "pdfminer"}, {"kind": "job_ad"}, {"title": "Account Manager"}])
def test_cache_reading_options_are_part_of_the_key(tmp_path: Path, how: dict[str, str]) -> None:
    cache = ProfileCache(tmp_path, taxonomy_version="t")
    base = {"kind": None, "engine": "pdfium", "title": None}
    assert cache.key("abc", **base) != cache.key("abc", **{**base, **how})


def test_cache_same_bytes_under_another_name_get_that_name(tmp_path: Path, profile: Profile) -> None:
    cache = ProfileCache(tmp_path, taxonomy_version="t")
    cache.put("k" * 64, profile)
    assert cache.get("k" * 64, source="copy.txt").source == "copy.txt"


@pytest.mark.parametrize("content", ["", "{not json", '{"format": 1, "key": "other"}', "null"])
def test_cache_damaged_entry_is_a_miss_and_is_rewritten(tmp_path: Path, profile: Profile, content: str) -> None:
    cache = ProfileCache(tmp_path, taxonomy_version="t")
    key = cache.key("abc")
    cache.put(key, profile)
    entry = next(tmp_path.rglob(f"{key}.json"))
    entry.write_text(content)
    assert cache.get(key, source=profile.source) is None
    cache.put(key, profile)
    assert cache.get(key, source=profile.source) == profile


def test_cache_entries_are_plain_json(tmp_path: Path, profile: Profile) -> None:
    cache = ProfileCache(tmp_path, taxonomy_version="t")
    cache.put(cache.key("abc"), profile)
    [entry] = tmp_path.rglob("*.json")
    data = json.loads(entry.read_text(encoding="utf-8"))
    assert data["profile"]["source"] == "dana.txt" and data["profile"]["kind"] == "resume"
    assert not list(tmp_path.rglob("*.tmp"))  # the temporary file was moved into place


def _hammer(directory: str, worker: int, rounds: int) -> None:
    profile = matcher.extract.profile.build_profile(read_text(RESUME, source="dana.txt"))
    cache = ProfileCache(Path(directory), taxonomy_version="t")
    for i in range(rounds):
        key = cache.key(f"doc{i % 5}")
        cache.put(key, profile)
        got = cache.get(key, source="dana.txt")
        if got != profile:
            raise AssertionError(f"worker {worker} read a damaged entry in round {i}")


def test_cache_concurrent_writers_never_corrupt(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_hammer, args=(str(tmp_path), w, 60)) for w in range(3)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(120)
    assert [p.exitcode for p in processes] == [0, 0, 0]
    cache = ProfileCache(tmp_path, taxonomy_version="t")
    assert all(cache.get(cache.key(f"doc{i}"), source="dana.txt") is not None for i in range(5))
    assert not list(tmp_path.rglob("*.tmp"))


@pytest.mark.slow
def test_cache_two_concurrent_cli_runs_share_it(tmp_path: Path) -> None:
    files = [str(p) for p in good_files(tmp_path / "in")]
    command = [sys.executable, "-m", "matcher", "score", "--format", "json", "--jobs", "1",
               "--cache-dir", str(tmp_path / "cache"), *files]  # fmt: skip
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err.decode() for _, err in outputs]
    assert outputs[0][0] == outputs[1][0]
    again = subprocess.run(command, capture_output=True, timeout=300, check=True)
    assert again.stdout == outputs[0][0]  # served from the entries both runs wrote


def test_reading_by_meaning_is_keyed_on_the_reader_that_read_it(tmp_path, monkeypatch):
    # A retrained skill reader must not be served the profiles the old one read.
    from matcher.extract import skill_classifier

    cache = ProfileCache(tmp_path, taxonomy_version="t")
    monkeypatch.setenv("MATCHER_MEANING", "1")
    before = cache.key("abc")
    monkeypatch.setattr(skill_classifier, "reader_digest", lambda embedding: "another reader")
    assert cache.key("abc") != before
    monkeypatch.setenv("MATCHER_MEANING", "0")
    off = cache.key("abc")
    monkeypatch.setattr(skill_classifier, "reader_digest", lambda embedding: "a third reader")
    assert cache.key("abc") == off  # reading by meaning off: the reader plays no part
