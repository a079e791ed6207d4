"""Skill words that count only in the context that makes them an account-management skill.

A bare "reporting", "leadership", "collaborative", "business development" or "SQL" is as often
tax reporting, the client's leaders, an office culture, a department or a developer's stack;
the taxonomy's ``context`` rules keep them for skills lists and for sentences that say what
an account team does with them.
"""

import pytest

from matcher import build_profile, read_text
from matcher.extract.nlp import get_nlp
from matcher.taxonomy.load import check_taxonomy, load_taxonomy


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def _found(nlp, text: str, skill: str) -> list[str]:
    doc = nlp(text)
    return [span.text for span in doc.spans["skills"] if span.label_ == skill]


@pytest.mark.parametrize(
    ("skill", "text"),
    [
        (
            "skl.reporting",
            "Data Engineer: own ingestion, orchestration and reporting of pipeline failures to the on-call.",
        ),
        ("skl.reporting", "Support year-end audits and tax reporting."),
        ("skl.leadership", "Run quarterly business reviews with client leadership."),
        ("skl.leadership", "Candidates have internationally recognised leadership in their field."),
        ("skl.teamwork", "You'll work in a collaborative, trusting and fast-paced environment."),
        ("skl.teamwork", "Work closely with our chemists on assay design."),
        ("skl.prospecting", "Business Development Executive, Delta Logistics"),
        ("skl.prospecting", "Grow your business development and consulting toolbox."),
        ("skl.analytics_tools", "Backend: Azure, Entity Framework, Azure SQL"),
        ("skl.analytics_tools", "Stack: Python, Go, SQL, Kafka, Docker"),
        (
            "skl.client_needs_analysis",
            "Write specifications from business requirements and system requirements.",
        ),
        (
            "skl.industry_knowledge",
            "The architect is a subject matter expert in cloud platforms and security.",
        ),
        (
            "skl.crm_software",
            "We implement Dynamics 365 Finance and Business Central for manufacturers.",
        ),
        ("skl.client_retention", "Developed and implemented student retention strategies."),
        ("skl.scheduling", "Scheduled appointments and kept the salon's diary."),
    ],
)
def test_skill_words_outside_account_work_are_not_skills(nlp, skill, text):
    assert _found(nlp, text, skill) == []


def test_office_work_outside_account_work_is_read_wide_only(nlp):
    """A clinic's office work states administrative support, so its ``wide_patterns`` read it for
    the profile and must-haves; the patterns the role-fit features read still leave it out."""
    from matcher.extract.components import is_wide

    doc = nlp("Provided administrative support and data entry for the clinic.")
    spans = [span for span in doc.spans["skills"] if span.label_ == "skl.administrative_support"]
    assert spans and all(is_wide(span) for span in spans)


@pytest.mark.parametrize(
    ("skill", "text", "expected"),
    [
        ("skl.reporting", "Prepared weekly client reports for 12 accounts.", "client reports"),
        ("skl.administrative_support", "Provided administrative support to the account team.", "administrative support"),
        ("skl.scheduling", "Scheduled meetings with clients every quarter.", "Scheduled meetings"),
        ("skl.reporting", "Run monthly reporting on campaign results.", "reporting"),
        ("skl.reporting", "SKILLS\nNegotiation, Reporting, Salesforce", "Reporting"),
        ("skl.leadership", "Skills: Negotiation, Leadership, Salesforce", "Leadership"),
        (
            "skl.leadership",
            "• Team leadership and coaching of four coordinators",
            "Team leadership",
        ),
        ("skl.leadership", "Provided leadership to a sales staff of nine.", "Provided leadership"),
        (
            "skl.teamwork",
            "Collaborated with colleagues in finance on renewal plans.",
            "Collaborated with",
        ),
        ("skl.teamwork", "A collaborative mindset and a sense of humour.", "collaborative mindset"),
        (
            "skl.prospecting",
            "Five years of business development in new markets.",
            "business development",
        ),
        ("skl.analytics_tools", "Wrote SQL queries behind the weekly account dashboard.", "SQL"),
        (
            "skl.client_needs_analysis",
            "Gathered business requirements from clients before each proposal.",
            "business requirements",
        ),
        ("skl.crm_software", "Kept every opportunity current in Dynamics 365.", "Dynamics 365"),
        ("skl.client_retention", "Met retention goals across a book of 60 accounts.", "retention goals"),
    ],
)
def test_the_same_words_with_account_context_are_skills(nlp, skill, text, expected):
    assert _found(nlp, text, skill) == [expected]


def test_a_data_engineer_ad_saying_reporting_gets_no_reporting_skill_but_a_client_report_does():
    ad = (
        "Data Engineer\nWhat you'll do\n• Build ELT pipelines in Python and dbt\n"
        "• Own monitoring and reporting for the platform team\n• Keep the warehouse tidy\n"
    )
    assert "skl.reporting" not in {s.id for s in build_profile(read_text(ad), kind="job_ad").skills}
    resume = (
        "Account Coordinator, Brightline Media, 2021 - 2024\n"
        "• Prepared weekly client reports and tracked campaign budgets\n"
    )
    skills = {s.id: s for s in build_profile(read_text(resume), kind="resume").skills}
    assert [e.text for e in skills["skl.reporting"].evidence] == ["client reports"]


def _write(tmp_path, rule: str) -> str:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "version_suffix: mine\nskills:\n"
        "  - id: skl.forecast_calls\n    label: forecast calls\n    type: skill\n"
        "    patterns: [forecast call/n]\n    sources: [art.randstad]\n"
        f"    context:\n{rule}",
        encoding="utf-8",
    )
    return str(path)


def test_a_user_context_rule_counts_its_pattern_only_near_its_words(tmp_path):
    path = _write(tmp_path, "      - patterns: [commit/n]\n        near: [forecast/n, quota/n]\n")
    nlp = get_nlp(load_taxonomy(path))
    assert _found(
        nlp, "Called in my commit for the quarterly forecast every Monday.", "skl.forecast_calls"
    ) == ["commit"]
    assert _found(nlp, "Each commit to the repository runs the tests.", "skl.forecast_calls") == []
    # Five words at most between them, and never across a sentence.
    assert _found(nlp, "My commit was late. The forecast was fine.", "skl.forecast_calls") == []


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("      - patterns: [commit/n]\n", "give 'near' phrases or 'lists: true'"),
        (
            "      - patterns: [commit/n]\n        lists: yes please\n",
            "'lists' must be true or false",
        ),
        (
            "      - patterns: [commit/n]\n        lists: true\n        nearby: [quota]\n",
            "unknown key 'nearby'",
        ),
        (
            "      - patterns: [accounting]\n        lists: true\n",
            "context[0]: pattern 'accounting'",
        ),
    ],
)
def test_a_bad_context_rule_is_reported_with_its_skill(tmp_path, rule, message):
    problems = check_taxonomy(_write(tmp_path, rule))
    assert any("skl.forecast_calls" in p and message in p for p in problems), problems


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("Achieve agency retention goals through proactive account reviews.", "skl.client_retention"),
        ("Marketing and placement of renewal accounts as appropriate.", "skl.contract_renewal"),
        ("Review renewal policies for proper coverage.", "skl.contract_renewal"),
    ],
)
def test_insurance_wording_of_retention_and_renewals_is_read(nlp, text, skill):
    assert _found(nlp, text, skill)
