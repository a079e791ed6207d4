"""Role fit: scores per rung, the best rung or none, signed reasons with evidence, deterministic."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from matcher.scoring.fit import fit_roles
from matcher.types import RUNGS, Evidence, Metric, Position, Profile, Signal, SkillMention


def ev(text: str, sentence: str | None = None) -> Evidence:
    return Evidence(text, sentence or text, "experience", 0, len(text))


def skill(skill_id: str, label: str, sentence: str) -> SkillMention:
    return SkillMention(skill_id, label, "skill", (ev(label, sentence),))


def manager(*, titled: bool = True) -> Profile:
    title = "Account Manager" if titled else "[ROLE]"
    return Profile(
        source="manager.txt",
        kind="resume",
        positions=(Position(title, "account_manager" if titled else None, "account_manager" if titled else None,
                            "Acme", date(2016, 1, 1), None, True, 96, ev(f"{title}, Acme 2016-Present")),),
        skills=(
            skill("skl.contract_renewal", "contract renewals", "Negotiated renewals with 45 client accounts"),
            skill("skl.upselling", "upselling", "Upsold existing clients into premium tiers"),
            skill("skl.account_strategy", "account planning", "Built account plans for key clients"),
            skill("skl.client_retention", "client retention", "Kept client retention at 95%"),
            skill("skl.relationship_building", "relationship building", "Built relationships with client executives"),
        ),
        signals=(Signal("team_led", 4.0, ev("led a team of 4 account coordinators")),),
        metrics=(Metric("retention", 95.0, "%", ev("95%", "Kept client retention at 95%")),
                 Metric("book_size", 4_000_000.0, "$", ev("$4M", "Managed a $4M book of client accounts"))),
        years_experience=8.0,
        years_account=8.0 if titled else 0.0,
        headline=title,
        title_role="account_manager" if titled else None,
        title_rung="account_manager" if titled else None,
    )  # fmt: skip


ACCOUNTANT = Profile(
    source="accountant.txt",
    kind="resume",
    positions=(
        Position(
            "Staff Accountant",
            None,
            None,
            "Ledger & Co",
            date(2015, 1, 1),
            None,
            True,
            100,
            ev("Staff Accountant"),
        ),
    ),
    skills=(
        skill(
            "skl.reporting",
            "reporting",
            "Prepared month-end reporting and reconciled accounts payable",
        ),
    ),
    years_experience=8.5,
    headline="Staff Accountant",
)


def test_fit_manager_places_as_manager_with_reasons() -> None:
    fit = fit_roles(manager())
    assert fit.best == "account_manager"
    assert [r.rung for r in fit.rungs] == list(RUNGS)
    assert all(0 <= r.score <= 100 for r in fit.rungs)
    reasons = fit.rungs[2].reasons
    assert reasons and any(r.weight > 0 and r.evidence is not None for r in reasons)
    assert all(r.text and r.sign in "+-" for r in reasons)
    assert fit.model_version.startswith("role_fit.v1+") and fit.threshold == 60.0


def test_fit_manager_without_title_still_leans_manager() -> None:
    fit = fit_roles(manager(titled=False))
    assert max(fit.rungs, key=lambda r: r.score).rung == "account_manager"


def test_fit_accountant_gets_no_rung() -> None:
    fit = fit_roles(ACCOUNTANT)
    assert fit.best is None
    assert all(r.score < fit.threshold for r in fit.rungs)


def test_fit_empty_profile_gets_no_rung() -> None:
    assert fit_roles(Profile(source="blank.txt", kind="resume")).best is None


def test_fit_is_deterministic() -> None:
    assert fit_roles(manager()) == fit_roles(manager())


@pytest.mark.parametrize(
    ("title", "rung"),
    [("Account Executive", "account_executive"), ("Account Coordinator", "account_coordinator")],
)
def test_fit_job_ad_title_names_the_rung(title: str, rung: str) -> None:
    ad = Profile(
        source="ad.txt",
        kind="job_ad",
        headline=title,
        title_role=rung,
        title_rung=rung,
        skills=(skill("skl.communication", "communication", "Communicate with clients daily"),),
    )
    fit = fit_roles(ad)
    assert fit.kind == "job_ad" and fit.best == rung
    assert any(
        r.text.startswith(f"title reads {rung.replace('_', ' ')}")
        for r in fit.rungs[RUNGS.index(rung)].reasons
    )


def test_fit_a_title_is_a_plus_for_its_rung_and_a_minus_for_the_others() -> None:
    fit = fit_roles(manager())
    title = {
        r.rung: [x.weight for x in r.reasons if x.text.startswith("title reads account manager")]
        for r in fit.rungs
    }
    assert title["account_manager"] and title["account_manager"][0] > 0
    assert all(w < 0 for w in title["account_coordinator"] + title["account_executive"])


def test_fit_absence_is_never_a_plus() -> None:
    for fit in (fit_roles(ACCOUNTANT), fit_roles(manager())):
        for rung in fit.rungs:
            for reason in rung.reasons:
                assert (
                    reason.evidence is not None
                    or reason.weight < 0
                    or reason.text.startswith("title")
                )


def test_fit_hidden_text_or_stuffing_is_not_rewarded() -> None:
    from matcher.types import IntegrityFlag

    clean = fit_roles(manager())
    flagged = fit_roles(
        dataclasses.replace(manager(), flags=(IntegrityFlag("white_text", "300 characters hidden"),))
    )
    assert flagged.score("account_manager") < clean.score("account_manager")
    texts = [r.text for r in flagged.rungs[2].reasons]
    assert any(t.startswith("integrity: 300 characters hidden") for t in texts)
