"""The kind detector's look-ahead shortcuts must never hide a match."""

import re

import pytest

from matcher.extract import kind

try:  # the regular-expression parser: private, so the check skips if Python moves it
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    sre_parse = sre_constants = None


def _first_characters(items) -> set[str]:  # noqa: ANN001
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


@pytest.mark.skipif(sre_parse is None, reason="re._parser is not available")
@pytest.mark.parametrize("name", ["_AD_PHRASES", "_AD_TERMS", "_RESUME_PHRASES"])
def test_extract_kind_lookahead_lists_the_first_character_of_every_alternative(name):
    pattern = getattr(kind, name)
    lookahead, body = re.fullmatch(r"\(\?=\[(.*?)\]\)\(\?:(.*)\)", pattern.pattern, re.S).groups()
    allowed = set(re.sub(r"\\(.)", r"\1", lookahead))
    starts = {ch.lower() for ch in _first_characters(sre_parse.parse(body, re.I))}
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
