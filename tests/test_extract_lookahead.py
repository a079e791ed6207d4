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


DIGITS = {chr(c) for c in range(0x110000) if chr(c).isdecimal()}
"""What ``\\d`` matches in a str pattern: every Unicode decimal digit."""


def _class_characters(av) -> set[str]:
    found = set()
    for kind_, value in av:
        if kind_ is sre_constants.LITERAL:
            found.add(chr(value))
        elif kind_ is sre_constants.RANGE:
            found.update(chr(v) for v in range(value[0], value[1] + 1))
        elif kind_ is sre_constants.CATEGORY and value is sre_constants.CATEGORY_DIGIT:
            found |= DIGITS
        else:
            raise AssertionError(f"cannot list the characters of {kind_} {value}")
    return found


def _first_characters(items) -> set[str]:
    """Every character a match of the parsed pattern ``items`` can start with."""
    found, can_be_empty = _starts(items)
    assert not can_be_empty, "an alternative can match the empty string"
    return found


def _starts(items) -> tuple[set[str], bool]:
    """The characters a match of ``items`` can start with, and whether it can be empty."""
    c = sre_constants
    found: set[str] = set()
    for op, av in items:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):  # \b and look-arounds consume nothing
            continue
        if op is c.SUBPATTERN:
            chars, empty = _starts(av[-1])
        elif op is c.BRANCH:
            branches = [_starts(branch) for branch in av[1]]
            chars, empty = set().union(*(b[0] for b in branches)), any(b[1] for b in branches)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            chars, empty = _starts(av[2])
            empty = empty or av[0] == 0
        elif op is c.LITERAL:
            chars, empty = {chr(av)}, False
        elif op is c.IN:
            chars, empty = _class_characters(av), False
        else:
            raise AssertionError(f"cannot tell what {op} starts with")
        found |= chars
        if not empty:
            return found, False
    return found, True


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
    expected = {
        *("kind._AD_PHRASES", "kind._AD_TERMS", "kind._RESUME_PHRASES", "kind._SECOND_PERSON"),
        *("signals._TEAM", "signals._TRAIN", "signals._REGION", "signals._KEY"),
        *("dates.RANGE", "requirements._YEARS", "contact.PHONE", "contact.LINK"),
        *("requirements._REQUIRED", "requirements._PREFERRED", "requirements._NEGATION"),
    }
    assert expected <= names


@pytest.mark.skipif(sre_parse is None, reason="re._parser is not available")
@pytest.mark.parametrize(("name", "pattern"), _lookahead_patterns())
def test_extract_lookahead_lists_the_first_character_of_every_alternative(name, pattern):
    parts = PREFIX.fullmatch(pattern.pattern)
    allowed = _first_characters(sre_parse.parse(f"[{parts['first']}]"))
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
