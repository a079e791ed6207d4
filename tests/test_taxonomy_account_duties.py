"""Account duties written in other words are found by the taxonomy's patterns, with role titles
masked as well as written, and the same words in other trades are not (taxonomy 2026.12.9).

The role-fit model reads only pattern-found skills, so these are what keeps a resume whose title
says nothing ("[ROLE]", "Consultant") on the account ladder.
"""

from __future__ import annotations

import pytest

from matcher.extract.profile import build_profile
from matcher.readers import read_text


def _pattern_skills(line: str, kind: str = "resume") -> dict[str, set[str]]:
    text = f"EXPERIENCE\n[ROLE] | Northwind Supply | 2019 - 2024\n• {line}\n"
    document = read_text(text, source="duty.txt", kind_hint=kind)
    profile = build_profile(document, kind=kind)
    return {
        m.id: {e.text for e in m.evidence} for m in profile.skills if m.recogniser == "pattern"
    }


@pytest.mark.parametrize(
    ("line", "skill", "span"),
    [
        ("Own 26 key accounts in the Mountain West.", "skl.account_management",
         "Own 26 key accounts"),
        ("Managed 25 employer clients across three states.", "skl.account_management",
         "Managed 25 employer clients"),
        ("Took over a book of 120 local advertisers.", "skl.account_management", "book of 120"),
        ("You will build your own book from scratch.", "skl.account_management",
         "build your own book"),
        ("Relationship owner for 9 employer clients.", "skl.account_management",
         "Relationship owner"),
        ("Develop and execute the annual joint business plan with the retailer.",
         "skl.account_strategy", "joint business plan"),
        ("Schedule quarterly service reviews and prepare the fill-rate report.",
         "skl.account_strategy", "quarterly service reviews"),
        ("Lead annual executive reviews with nursing leaders.", "skl.account_strategy",
         "annual executive reviews"),
        ("Renew annual contracts with each advertiser.", "skl.contract_renewal",
         "Renew annual contracts"),
        ("Renegotiate client contracts ahead of expiry.", "skl.contract_renewal", "Renegotiate"),
        ("Retained 94% of revenue over seven years.", "skl.client_retention",
         "Retained 94% of revenue"),
        ("Partner retention of 97% across the portfolio.", "skl.client_retention",
         "Partner retention"),
        ("Grew my book 14% in 2023 with a private-label program.", "skl.upselling", "Grew my book"),
        ("Treasury products sold into existing clients.", "skl.upselling",
         "sold into existing clients"),
        ("Day-to-day client lead on a regional dealer association.",
         "skl.day_to_day_account_management", "Day-to-day client lead"),
        ("Serve as day-to-day contact on two client accounts.",
         "skl.day_to_day_account_management", "day-to-day contact"),
        ("Manage relationships with 6 distributors and 15 regional chains.",
         "skl.relationship_building", "Manage relationships"),
        ("Help our account team keep every order on track.", "skl.administrative_support",
         "Help our account team"),
        ("Finished 2023 at 121% of my production goal.", "skl.sales_quota",
         "121% of my production goal"),
    ],
)
def test_rephrased_account_duties_are_found(line, skill, span):
    found = _pattern_skills(line)
    assert skill in found, found
    assert span in found[skill]


@pytest.mark.parametrize(
    ("line", "skill"),
    [
        ("Renegotiated supplier contracts, saving $200K a year.", "skl.contract_renewal"),
        ("Managed relationships with suppliers and contractors.", "skl.relationship_building"),
        ("Day-to-day lead on the plant's maintenance crews.",
         "skl.day_to_day_account_management"),
        ("The director will manage the day-to-day administration of fundraising.",
         "skl.day_to_day_account_management"),
        ("Ran annual performance reviews for 8 direct reports.", "skl.account_strategy"),
        ("Retained 95% of staff through the merger.", "skl.client_retention"),
        ("Managed 5 accounts payable clerks.", "skl.account_management"),
        ("Delivered the plant upgrade at 96% of budget.", "skl.sales_quota"),
    ],
)
def test_same_words_in_other_work_are_not_account_duties(line, skill):
    assert skill not in _pattern_skills(line)
