"""find_emails: the email pattern's matches, found without scanning every word."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.extract.contact import EMAIL, find_emails

PIECES = st.sampled_from(
    ["a", "Z", "9", "_", ".", "+", "-", "@", "@@", " ", "\n", "\t", "\u00a0", "\u2003", "\x1c", "é", "ß",
     "例", "(", ")", ",", ";", "|", "jordan.avery@example.com", "x+y@mail.co.uk", "a@b", "@x.y", "..@.."]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.lists(PIECES, max_size=30).map("".join), st.text(max_size=60)))
def test_find_emails_gives_the_patterns_matches(text: str) -> None:
    assert find_emails(text) == EMAIL.findall(text)


def test_find_emails_reads_addresses_next_to_punctuation_and_across_lines() -> None:
    text = (
        "Jordan Avery | jordan.avery@example.com|(617) 555-0100\nEmail:sam+jobs@mail.example.org."
    )
    assert find_emails(text) == ["jordan.avery@example.com", "sam+jobs@mail.example.org"]
    assert find_emails(text) == EMAIL.findall(text)
