"""Features: each named value traces to what the profile says, and cannot be inflated by repetition."""

from __future__ import annotations

from datetime import date

import pytest

from matcher.scoring.features import FEATURES, profile_features
from matcher.types import Evidence, IntegrityFlag, Position, Profile, Signal, SkillMention


def ev(text: str, sentence: str | None = None, section: str = "experience") -> Evidence:
    return Evidence(text, sentence or text, section, 0, len(text))


def skill(skill_id: str, label: str, *sentences: str) -> SkillMention:
    return SkillMention(
        skill_id, label, "skill", tuple(ev(label, s) for s in sentences or (label,))
    )


MANAGER = Profile(
    source="manager.txt",
    kind="resume",
    positions=(
        Position(
            "Account Manager",
            "account_manager",
            "account_manager",
            "Acme",
            date(2019, 1, 1),
            None,
            True,
            70,
            ev("Account Manager, Acme"),
        ),
        Position(
            "Account Executive",
            "account_executive",
            "account_executive",
            "Beta",
            date(2016, 1, 1),
            date(2018, 12, 1),
            False,
            36,
            ev("Account Executive, Beta"),
        ),
    ),
    skills=(
        skill(
            "skl.contract_renewal",
            "contract renewals",
            "Negotiated renewals with 40 client accounts",
        ),
        skill("skl.upselling", "upselling", "Upsold existing clients"),
    ),
    signals=(Signal("team_led", 3.0, ev("led a team of 3")),),
    years_experience=9.0,
    years_account=9.0,
    headline="Account Manager",
    title_role="account_manager",
    title_rung="account_manager",
)


@pytest.mark.parametrize(
    ("name", "value", "detail"),
    [
        ("years_account", 9.0, "9 years"),
        ("title_manager", 1.0, "Account Manager"),
        ("recent_manager", 1.0, "Account Manager, Acme"),
        ("title_executive", 0.0, ""),
        ("team_led", pytest.approx(1.0 + 0.3466, abs=1e-3), "led a team of 3"),
        ("client_facing", 1.0, "contract renewals, upselling"),
    ],
)
def test_features_read_the_profile(name: str, value: float, detail: str) -> None:
    vector = profile_features(MANAGER)
    assert vector.value(name) == value
    assert vector.details[[f.name for f in FEATURES].index(name)] == detail


def test_features_carry_evidence() -> None:
    vector = profile_features(MANAGER)
    index = [f.name for f in FEATURES].index("team_led")
    assert vector.evidence[index] == ev("led a team of 3")


def test_features_repetition_does_not_inflate_skills() -> None:
    once = profile_features(MANAGER)
    many = profile_features(Profile(
        source="stuffed.txt", kind="resume", positions=MANAGER.positions, signals=MANAGER.signals,
        skills=(skill("skl.contract_renewal", "contract renewals", *["Negotiated renewals with clients"] * 40),
                MANAGER.skills[1]),
        years_experience=9.0, years_account=9.0, headline="Account Manager",
        title_role="account_manager", title_rung="account_manager",
    ))  # fmt: skip
    skill_features = [f.name for f in FEATURES if f.group == "skills"]
    assert [once.value(n) for n in skill_features] == [many.value(n) for n in skill_features]
    assert many.value("integrity_issue") == 1.0
    assert "keyword stuffing" in many.details[[f.name for f in FEATURES].index("integrity_issue")]


def test_features_integrity_flag_from_reader() -> None:
    profile = Profile(
        source="x.pdf", kind="resume", flags=(IntegrityFlag("white_text", "120 characters hidden"),)
    )
    assert profile_features(profile).value("integrity_issue") == 1.0


@pytest.mark.parametrize("min_years", [3.0, None, 25.0])
def test_features_ad_is_marked_and_its_minimum_is_not_a_feature(min_years: float | None) -> None:
    vector = profile_features(Profile(source="ad.txt", kind="job_ad", min_years=min_years))
    assert vector.value("is_job_ad") == 1.0
    assert vector.value("evidence_thin") == 1.0  # nothing in it speaks of account work
    assert sum(vector.values) == 2.0


def test_features_empty_profile_is_all_zero_but_kind_and_thin_evidence() -> None:
    vector = profile_features(Profile(source="empty.txt", kind="resume"))
    assert vector.value("evidence_thin") == 1.0
    assert not any(v for f, v in zip(FEATURES, vector.values) if f.name != "evidence_thin")


def test_features_bookkeeping_accounts_are_not_client_work() -> None:
    accountant = Profile(source="acct.txt", kind="resume", skills=(
        skill("skl.reporting", "reporting", "Reconciled accounts payable and prepared monthly reporting"),
    ))  # fmt: skip
    assert profile_features(accountant).value("client_facing") == 0.0
