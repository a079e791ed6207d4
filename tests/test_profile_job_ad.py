import pytest

from matcher.extract.profile import build_profile, detect_kind
from matcher.extract.sections import find_sections
from matcher.types import Document

AD = """\
Account Executive
Acme Software — Denver, CO

About us
We are a fast-growing SaaS company and we collaborate closely with our partners.

What you'll do
• Prospect and close new business with mid-market companies.
• Negotiate contracts with new clients.

Requirements
• Minimum of three years of B2B sales experience.
• Bachelor's degree in Business or Marketing required.
• Experience with Salesforce is a must.
• Strong presentation skills.

Nice to have
• Spanish language skills.
• Project management experience would be a plus.

No cold calling: all leads are inbound. Equal opportunity employer.
"""


def _ad(text: str, *, title: str | None = None) -> Document:
    return Document(source="ad.txt", text=text, sections=find_sections(text, kind="job_ad"), title=title)


@pytest.fixture(scope="module")
def profile():
    return build_profile(_ad(AD), kind="job_ad")


def test_profile_job_ad_title_and_rung(profile):
    assert (profile.headline, profile.title_rung) == ("Account Executive", "account_executive")


def test_profile_job_ad_title_points_into_the_text(profile):
    at = profile.headline_evidence
    assert at is not None and AD[at.start : at.end] == "Account Executive"


def test_profile_job_ad_title_given_outside_the_text_wins():
    profile = build_profile(_ad(AD, title="Senior Account Manager"), kind="job_ad")
    assert (profile.headline, profile.title_rung) == ("Senior Account Manager", "account_manager")
    assert profile.headline_evidence is None  # nothing in the text to point at


@pytest.mark.parametrize(
    ("skill", "required"),
    [
        ("skl.crm_software", True),  # requirements section + "is a must"
        ("skl.presentation", True),  # requirements section
        ("skl.languages", False),  # "nice to have" section
        ("skl.project_management", False),  # "would be a plus" cue
        ("skl.negotiation", None),  # a duty, neither required nor preferred
    ],
)
def test_profile_job_ad_required_vs_preferred(profile, skill, required):
    assert {s.id: s.required for s in profile.skills}[skill] is required


def test_profile_job_ad_negated_skill_is_not_asked_for(profile):
    assert "skl.cold_calling" not in {s.id for s in profile.skills}


def test_profile_job_ad_company_blurb_is_not_a_requirement(profile):
    assert "skl.teamwork" not in {s.id for s in profile.skills}


def test_profile_job_ad_education_asked_for(profile):
    (education,) = profile.education
    assert (education.level, education.field, education.required) == ("bachelor", "business", True)


@pytest.mark.parametrize(
    ("sentence", "years"),
    [
        ("3+ years of account management experience required.", 3),
        ("Minimum of two years of B2B sales experience.", 2),
        ("2-4 years of experience in client services.", 2),
        ("At least 5 years selling software.", 5),
        ("At least a year of experience in B2B sales.", 1),
        ("A year in client services is required.", 1),
        ("We hold a year-end review with the sales team.", None),
        ("A few years of sales experience would help.", None),
        ("No experience necessary - we will train you.", 0),
        ("1-2 years of sales experience preferred.", 1),
        ("Great culture and free lunch.", None),
    ],
)
def test_profile_job_ad_minimum_years(sentence, years):
    profile = build_profile(_ad(f"Account Coordinator\n\nRequirements\n• {sentence}\n"), kind="job_ad")
    assert profile.min_years == years


def test_profile_job_ad_required_years_outrank_preferred_ones():
    text = "Account Manager\n\nRequirements\n• 3+ years of sales experience.\n• 5+ years in SaaS preferred.\n"
    assert build_profile(_ad(text), kind="job_ad").min_years == 3


@pytest.mark.parametrize(
    ("sentence", "required"),
    [
        ("Bachelor's degree required.", True),
        ("Bachelor's degree preferred.", False),
        ("Degree not required.", False),
        ("College degree is a plus.", False),
    ],
)
def test_profile_job_ad_education_required_preferred_or_waived(sentence, required):
    profile = build_profile(_ad(f"Account Coordinator\n\nQualifications\n• {sentence}\n"), kind="job_ad")
    assert [(e.level, e.required) for e in profile.education] == [("bachelor", required)]


def test_profile_job_ad_cue_nearest_the_skill_wins():
    text = "Account Executive\n\n• Salesforce required; Spanish language skills a plus.\n"
    required = {s.id: s.required for s in build_profile(_ad(text), kind="job_ad").skills}
    assert (required["skl.crm_software"], required["skl.languages"]) == (True, False)


RESUME = """\
Jordan Lee
jordan.lee@example.com | 555-201-3344

EXPERIENCE
Account Manager | Acme | 2019 - Present
• Managed 40 accounts.

EDUCATION
B.S. Marketing, State University, 2015
"""


@pytest.mark.parametrize(("text", "kind"), [(AD, "job_ad"), (RESUME, "resume")])
def test_profile_kind_detected_from_cues(text, kind):
    assert detect_kind(Document(source="x", text=text)) == kind


def test_profile_kind_hint_and_override_win():
    assert detect_kind(Document(source="x", text=RESUME, kind_hint="job_ad")) == "job_ad"
    assert build_profile(Document(source="x", text=RESUME), kind="job_ad").kind == "job_ad"


@pytest.mark.parametrize(
    "text",
    [
        "Barista - Corner Coffee\nMake espresso drinks and greet every guest. No experience necessary; we train. "
        "$15/hour plus tips.",
        "Account Coordinator - Small Agency\nSupport the account team: status reports and timelines. "
        "0-1 yrs experience. Must be organized and good with Excel.",
    ],
)
def test_profile_kind_short_ads_without_headings_are_ads(text):
    assert detect_kind(Document(source="x", text=text)) == "job_ad"


@pytest.mark.parametrize(
    "sentence",
    [
        "We offer you the opportunity to build your negotiation skills.",
        "Your application must contain a CV describing your negotiation experience.",
        "Our negotiation team is the best in town.",
    ],
)
def test_profile_job_ad_offers_applications_and_company_voice_ask_for_nothing(sentence):
    text = f"Account Executive\n\nAbout the role\n{sentence}\n\nRequirements\n• Strong presentation skills.\n"
    skills = {s.id for s in build_profile(_ad(text), kind="job_ad").skills}
    assert "skl.negotiation" not in skills
    assert "skl.presentation" in skills


def test_profile_job_ad_opening_pitch_counts_only_when_it_addresses_the_applicant():
    pitch = "Account Executive\nAcme grows through negotiation with partners.\n\nRequirements\n• Strong presentation skills.\n"
    asks = "Account Executive\nWe are looking for someone with strong negotiation skills.\n\nRequirements\n• Strong presentation skills.\n"
    assert "skl.negotiation" not in {s.id for s in build_profile(_ad(pitch), kind="job_ad").skills}
    assert "skl.negotiation" in {s.id for s in build_profile(_ad(asks), kind="job_ad").skills}


def test_profile_job_ad_certifications_asked_for_with_their_weight():
    text = ("Account Manager\n\nRequirements\n• CSAM certification preferred.\n"
            "• Salesforce Certified Administrator required.\n")
    found = [(c.id, c.label, c.required) for c in build_profile(_ad(text), kind="job_ad").certifications]
    assert found[0][0] == "crt.csam" and found[0][2] is False
    assert found[1] == (None, "Salesforce Certified Administrator", True)


@pytest.mark.parametrize(
    ("sentence", "levels"),
    [
        ("Enter Master Calendar dates for court appearances.", []),
        ("Scrum Master certification a plus.", []),
        ("Negotiate master service agreements with clients.", []),
        ("Master of Science in Marketing preferred.", ["master"]),
        ("Bachelor in Business Administration required.", ["bachelor"]),
        ("Masters degree preferred.", ["master"]),
    ],
)
def test_profile_job_ad_master_or_bachelor_counts_only_as_a_degree(sentence, levels):
    profile = build_profile(_ad(f"Account Manager\n\nQualifications\n• {sentence}\n"), kind="job_ad")
    assert [e.level for e in profile.education] == levels
