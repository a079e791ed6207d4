"""A number counts as a result of account work only in its client context."""

import pytest

from matcher.extract.profile import build_profile
from matcher.readers import read_text


def _kinds(sentence: str) -> list[str]:
    text = f"Jordan Lee\nEXPERIENCE\nManager | Acme | 01/2019 - 12/2023\n• {sentence}\n"
    return [m.kind for m in build_profile(read_text(text, source="r.txt"), kind="resume").metrics]


@pytest.mark.parametrize(
    "sentence",
    [
        "Increased employee retention above 90% by keeping a positive work environment.",
        "Raised student retention to 95% across three cohorts.",
        "Kept member retention at 88% through new group classes.",
        "Improved staff retention by 30% with a mentoring scheme.",
        "Renewed 97% of patient records on time.",
    ],
)
def test_retention_of_people_who_are_not_clients_is_not_a_client_result(sentence):
    assert not {"retention", "renewal"} & set(_kinds(sentence))


@pytest.mark.parametrize(
    "sentence",
    [
        "Increased class attendance 40% in one term.",
        "Improved efficiency 25% by reorganising the stock room.",
        "Grew the pass rate 12% in two years.",
    ],
)
def test_growth_of_something_other_than_business_is_not_a_result(sentence):
    assert "growth" not in _kinds(sentence)


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Held client retention at 95% across the book.", "retention"),
        ("Kept a renewal rate of 92% on 40 accounts.", "renewal"),
        ("Grew revenue from existing clients 18% year over year.", "growth"),
        ("Increased sales by 40% in the region.", "growth"),
    ],
)
def test_client_results_still_count(sentence, kind):
    assert kind in _kinds(sentence)
