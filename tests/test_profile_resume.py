from datetime import date

import pytest

from matcher.extract.profile import build_profile, profile_to_dict
from matcher.extract.sections import find_sections
from matcher.types import Document

RESUME = """\
MARIA DELGADO
Senior Account Manager
123 Maple Street, Springfield, IL 62704 | maria.delgado@example.com | (217) 555-0199 | linkedin.com/in/maria-delgado

SUMMARY
Account manager who keeps clients for years and grows them.

EXPERIENCE
Senior Account Manager | Northwind Logistics | 06/2019 - Present
• Manage a portfolio of 42 accounts worth $4.5M in annual revenue.
• Reached 112% of quota in 2022.
• Held client retention at 95% and a renewal rate of 91%.
• Grew revenue from existing clients 18% year over year.
• Led a team of 4 account coordinators and trained 6 new hires.
• Own the Midwest territory and the company's key accounts.

Account Executive, Contoso Media — Chicago, IL
January 2016 to July 2019
• Closed $1.2M in new business in 2018.
• Managed a book of business of 30 accounts.

Freelance Event Planner
2017 - 2018

Account Coordinator
Fabrikam Foods
Mar. 2012 – Aug. 2013

EDUCATION
B.A. in Communications
Illinois State University, 2011

CERTIFICATIONS
Certified Professional Salesperson, 2020
"""


def _document(text: str, *, sections: bool = True) -> Document:
    return Document(source="resume.txt", text=text, sections=find_sections(text, kind="resume") if sections else ())


@pytest.fixture(scope="module")
def profile():
    # The calendar-free rule training and evaluation use; the run's date is the default.
    return build_profile(_document(RESUME), kind="resume", fallback="latest_year")


def test_profile_resume_positions_with_titles_rungs_employers_and_dates(profile):
    got = [(p.title, p.rung, p.employer, p.start, p.end, p.current) for p in profile.positions]
    assert got == [
        ("Senior Account Manager", "account_manager", "Northwind Logistics", date(2019, 6, 1), None, True),
        ("Account Executive", "account_executive", "Contoso Media", date(2016, 1, 1), date(2019, 7, 1), False),
        ("Freelance Event Planner", None, None, date(2017, 1, 1), date(2018, 12, 1), False),
        ("Account Coordinator", "account_coordinator", "Fabrikam Foods", date(2012, 3, 1), date(2013, 8, 1), False),
    ]
    assert profile.positions[0].seniority == "senior"


def test_profile_resume_present_defaults_to_december_of_the_latest_year_mentioned(profile):
    assert profile.as_of == date(2022, 12, 1)
    assert profile.positions[0].months == 43


def test_profile_resume_as_of_is_an_explicit_choice():
    profile = build_profile(_document(RESUME), kind="resume", as_of=date(2024, 6, 1))
    assert profile.positions[0].months == 61
    assert profile.as_of == date(2024, 6, 1)


def test_profile_resume_years_merge_overlaps_and_skip_gaps(profile):
    # Jan 2016 - Dec 2022 (84 months, the freelance job and the 2-month overlap counted
    # once) plus Mar 2012 - Aug 2013 (18 months).
    assert profile.years_experience == pytest.approx(102 / 12, abs=0.05)
    assert profile.years_account == pytest.approx(102 / 12, abs=0.05)


def test_profile_resume_notes_name_the_gap_and_the_overlaps(profile):
    assert "gap of 28 months between Aug 2013 and Jan 2016" in profile.notes
    assert any("'Freelance Event Planner'" in n and "overlap by 24 months" in n for n in profile.notes)
    assert any("overlap by 2 months" in n for n in profile.notes)


@pytest.mark.parametrize(
    ("kind", "value", "unit", "text"),
    [
        ("book_size", 4_500_000, "$", "$4.5M"),
        ("accounts", 42, "count", "42 accounts"),
        ("quota_attainment", 112, "%", "112%"),
        ("retention", 95, "%", "95%"),
        ("renewal", 91, "%", "91%"),
        ("growth", 18, "%", "18%"),
        ("revenue", 1_200_000, "$", "$1.2M"),
        ("accounts", 30, "count", "30 accounts"),
    ],
)
def test_profile_resume_metrics_are_typed_values_with_evidence(profile, kind, value, unit, text):
    found = [(m.kind, m.value, m.unit, m.evidence.text) for m in profile.metrics]
    assert (kind, value, unit, text) in found


def test_profile_resume_metric_evidence_points_into_the_text(profile):
    for metric in profile.metrics:
        assert RESUME[metric.evidence.start:metric.evidence.end] == metric.evidence.text
        assert metric.evidence.text in metric.evidence.sentence


@pytest.mark.parametrize(
    ("kind", "value"),
    [("team_led", 4), ("trained_others", 6), ("region", None), ("key_accounts", None)],
)
def test_profile_resume_leadership_and_scope_signals(profile, kind, value):
    assert (kind, value) in [(s.kind, s.value) for s in profile.signals]


def test_profile_resume_education_level_field_institution_year(profile):
    (education,) = profile.education
    assert (education.level, education.field, education.institution, education.year) == (
        "bachelor", "communications", "Illinois State University", 2011)


def test_profile_resume_generic_certification_line(profile):
    assert [c.label for c in profile.certifications] == ["Certified Professional Salesperson"]


def test_profile_resume_contact_details_for_blind_mode(profile):
    contact = profile.contact
    assert contact.name == "MARIA DELGADO"
    assert contact.emails == ("maria.delgado@example.com",)
    assert contact.phones == ("(217) 555-0199",)
    assert contact.links == ("linkedin.com/in/maria-delgado",)
    assert contact.addresses == ("123 Maple Street, Springfield, IL 62704",)


def test_profile_resume_headline_resolves_to_a_rung(profile):
    assert (profile.headline, profile.title_rung) == ("Senior Account Manager", "account_manager")


def test_profile_resume_headline_points_into_the_text(profile):
    at = profile.headline_evidence
    assert at is not None and RESUME[at.start : at.end] == "Senior Account Manager"


def test_fit_title_reason_quotes_the_headline(profile):
    from matcher.scoring.fit import fit_roles

    fit = fit_roles(profile)
    reasons = [r for rung in fit.rungs for r in rung.reasons if r.text.startswith("title reads")]
    assert reasons and all(r.evidence == profile.headline_evidence for r in reasons)


def test_profile_resume_skill_credited_to_the_most_recent_position_holding_it(profile):
    skills = {s.id: s for s in profile.skills}
    account = skills["skl.account_management"]
    # Mentioned under the current job and the 2016-2019 one: credited to the current one.
    assert {"portfolio of 42 accounts", "book of business"} <= {e.text for e in account.evidence}
    assert account.position == 0
    evidence = account.evidence[0]
    assert evidence.section == "experience"
    assert RESUME[evidence.start:evidence.end] == evidence.text


def test_profile_resume_works_without_sections():
    profile = build_profile(_document(RESUME, sections=False), kind="resume")
    assert [p.rung for p in profile.positions][:2] == ["account_manager", "account_executive"]


def test_profile_resume_is_deterministic():
    a = profile_to_dict(build_profile(_document(RESUME), kind="resume"))
    b = profile_to_dict(build_profile(_document(RESUME), kind="resume"))
    assert a == b


@pytest.mark.parametrize(
    "text",
    [
        "Staff Accountant | Ledger & Co | 2019 - Present\n• Reconciled bank accounts and accounts payable.\n"
        "• Month-end accounting close; opened each new account in the ledger.",
    ],
)
def test_profile_resume_accountancy_is_not_account_management(text):
    profile = build_profile(_document(text), kind="resume")
    assert "skl.account_management" not in {s.id for s in profile.skills}
    assert profile.years_account == 0.0
    assert profile.positions[0].rung is None


@pytest.mark.parametrize(
    ("line", "start", "end", "current"),
    [
        ("Account Manager | Acme | 03/2018 - 11/2020", date(2018, 3, 1), date(2020, 11, 1), False),
        ("Account Manager | Acme | March 2018 - November 2020", date(2018, 3, 1), date(2020, 11, 1), False),
        ("Account Manager | Acme | 2018 - 2020", date(2018, 1, 1), date(2020, 12, 1), False),
        ("Account Manager | Acme | 2018 - Present", date(2018, 1, 1), None, True),
        ("Account Manager | Acme | May 2018 - Current", date(2018, 5, 1), None, True),
    ],
)
def test_profile_resume_date_formats(line, start, end, current):
    (position,) = build_profile(_document(line + "\n• Renewed contracts"), kind="resume").positions
    assert (position.start, position.end, position.current) == (start, end, current)


def test_profile_resume_history_printed_twice_is_read_once():
    block = "Account Manager | Acme | 2018 - 2020\n• Renewed contracts.\n\n"
    profile = build_profile(_document("EXPERIENCE\n" + block + block), kind="resume")
    assert len(profile.positions) == 1


def test_profile_resume_title_run_into_employer_is_cut():
    text = "EXPERIENCE\nSenior Account Executive Harbor Freight Lines, Tacoma\n03/2017 - 05/2020\n• Sold freight.\n"
    (position,) = build_profile(_document(text), kind="resume").positions
    assert (position.title, position.employer, position.rung) == (
        "Senior Account Executive", "Harbor Freight Lines", "account_executive")


def test_profile_resume_without_dates_needs_no_reference_date():
    profile = build_profile(_document("Pat Doe\nAccount Coordinator\n\nSKILLS\nExcel, scheduling"), kind="resume",
                            fallback="latest_year")
    assert (profile.positions, profile.as_of, profile.years_experience) == ((), None, 0.0)
