"""The cue patterns' look-ahead shortcuts (``matcher.extract.lookahead``) never hide a match."""

import importlib
import pkgutil
import re

import pytest

import matcher.extract
from matcher.extract import kind
from matcher.extract.lookahead import PREFIX

try:  # the regular-expression parser: private, so the check skips if Python moves it
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    sre_parse = sre_constants = None


def _first_characters(items) -> set[str]:
    """Every character a match of the parsed pattern ``items`` can start with."""
    c = sre_constants
    for op, av in items:
        if op is c.AT:  # \b and the like consume nothing
            continue
        if op is c.SUBPATTERN:
            return _first_characters(av[-1])
        if op is c.BRANCH:
            return set().union(*(_first_characters(branch) for branch in av[1]))
        if op is c.LITERAL:
            return {chr(av)}
        if op is c.IN:
            found = set()
            for kind_, value in av:
                if kind_ is c.LITERAL:
                    found.add(chr(value))
                elif kind_ is c.RANGE:
                    found.update(chr(v) for v in range(value[0], value[1] + 1))
                else:
                    raise AssertionError(f"cannot list the characters of {kind_}")
            return found
        raise AssertionError(f"cannot tell what {op} starts with")
    raise AssertionError("an alternative can match the empty string")


def _lookahead_patterns() -> list[tuple[str, re.Pattern[str]]]:
    found = []
    for info in pkgutil.iter_modules(matcher.extract.__path__):
        module = importlib.import_module(f"matcher.extract.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and PREFIX.fullmatch(value.pattern):
                found.append((f"{info.name}.{name}", value))
    return found


def test_extract_lookahead_patterns_are_found():
    names = {name for name, _ in _lookahead_patterns()}
    assert {"kind._AD_PHRASES", "kind._AD_TERMS", "kind._RESUME_PHRASES", "kind._SECOND_PERSON"} <= names
    assert {"signals._TEAM", "signals._TRAIN", "signals._REGION", "signals._KEY"} <= names


@pytest.mark.skipif(sre_parse is None, reason="re._parser is not available")
@pytest.mark.parametrize(("name", "pattern"), _lookahead_patterns())
def test_extract_lookahead_lists_the_first_character_of_every_alternative(name, pattern):
    parts = PREFIX.fullmatch(pattern.pattern)
    allowed = set(re.sub(r"\\(.)", r"\1", parts["first"]))
    starts = {ch.lower() for ch in _first_characters(sre_parse.parse(parts["body"], re.IGNORECASE))}
    assert starts <= allowed, f"{name}: add {''.join(sorted(starts - allowed))!r} to its look-ahead"


@pytest.mark.parametrize(
    ("text", "job_ad"),
    [
        ("We are seeking an Account Coordinator. You will support clients. $45k base, PTO, 401(k).", True),
        ("Jordan Avery\njordan@example.com\nAccount Manager, Acme, 2019 - Present\nGPA 3.8", False),
    ],
)
def test_extract_kind_cues_still_count(text, job_ad):
    from matcher.types import Document

    assert (kind.kind_score(Document(text=text, source="t")) > 0) is job_ad


def test_extract_certificate_words_cover_every_keyword_of_the_generic_pattern():
    # find_certifications skips the generic search in a text holding none of _CERT_WORDS.
    from matcher.extract.education import _CERT_WORDS, _GENERIC_CERT

    keywords = re.findall(r"(?:\(\?:|\|)([A-Z][a-z]+)", _GENERIC_CERT.pattern)
    assert len(keywords) >= 6
    assert [k for k in keywords if not any(word in k for word in _CERT_WORDS)] == []
