"""Match: parts and must-haves explained, monotone in required skills, all-pairs agrees with one pair."""

from __future__ import annotations

import dataclasses
import time
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.scoring.match import WEIGHTS, match_matrix, match_profiles
from matcher.types import Education, Evidence, Position, Profile, SkillMention

SKILLS = ["skl.negotiation", "skl.crm_software", "skl.prospecting", "skl.upselling", "skl.reporting",
          "skl.scheduling", "skl.contract_renewal", "skl.presentation"]  # fmt: skip


def ev(text: str) -> Evidence:
    return Evidence(text, text, "experience", 0, len(text))


def mention(skill_id: str, *, required: bool | None = None) -> SkillMention:
    label = skill_id.removeprefix("skl.").replace("_", " ")
    return SkillMention(skill_id, label, "skill", (ev(label),), required=required)


def resume(
    skills: list[str],
    *,
    years: float = 4.0,
    rung: str | None = "account_executive",
    degree: str | None = "bachelor",
) -> Profile:
    positions = ()
    if rung:
        positions = (
            Position(
                rung.replace("_", " ").title(),
                rung,
                rung,
                "Acme",
                date(2020, 1, 1),
                None,
                True,
                int(years * 12),
                ev("Acme 2020-Present"),
            ),
        )
    education = (Education(degree, None, None, None, ev(degree)),) if degree else ()
    return Profile(source="r.txt", kind="resume", skills=tuple(mention(s) for s in skills), positions=positions,
                   education=education, years_experience=years, years_account=years)  # fmt: skip


AD = Profile(
    source="ad.txt", kind="job_ad",
    skills=(mention("skl.negotiation", required=True), mention("skl.crm_software", required=True),
            mention("skl.prospecting", required=True), mention("skl.presentation", required=False)),
    education=(Education("bachelor", None, None, None, ev("Bachelor's degree required"), required=True),),
    min_years=3.0, headline="Account Executive", title_role="account_executive", title_rung="account_executive",
)  # fmt: skip


def test_match_must_haves_marked_with_evidence() -> None:
    match = match_profiles(resume(["skl.negotiation", "skl.crm_software"]), AD)
    status = {m.label: m.status for m in match.must_haves}
    assert status == {
        "negotiation": "met",
        "crm software": "met",
        "prospecting": "not_met",
        "3+ years of experience": "met",
        "a bachelor's degree": "met",
    }
    assert all(m.evidence is not None for m in match.must_haves)
    assert match.rung_alignment == "aligned"
    assert any(
        r.text.startswith("missing required: prospecting") and r.weight < 0 for r in match.reasons
    )


def test_match_parts_make_the_score() -> None:
    match = match_profiles(resume(["skl.negotiation", "skl.crm_software", "skl.prospecting"]), AD)
    total = sum(p.weight * p.score for p in match.parts) / sum(p.weight for p in match.parts)
    assert match.score == pytest.approx(total, abs=0.1)
    assert {p.name for p in match.parts} == set(WEIGHTS) - {"certifications"}


@pytest.mark.parametrize(
    ("rung", "alignment"),
    [
        ("account_coordinator", "under"),
        ("account_manager", "over"),
        ("account_executive", "aligned"),
        (None, "unknown"),
    ],
)
def test_match_rung_alignment_both_ways(rung: str | None, alignment: str) -> None:
    match = match_profiles(
        resume(["skl.negotiation"], rung=rung, years=0.0 if rung is None else 4.0), AD
    )
    assert match.rung_alignment == alignment
    if alignment in ("under", "over"):
        assert any(
            r.text.startswith(f"{alignment}-qualified") and r.weight < 0 for r in match.reasons
        )


def test_match_missing_degree_is_not_stated() -> None:
    match = match_profiles(resume(["skl.negotiation"], degree=None), AD)
    assert {m.label: m.status for m in match.must_haves}["a bachelor's degree"] == "not_stated"


@settings(max_examples=60, deadline=None)
@given(
    have=st.sets(st.sampled_from(SKILLS)),
    extra=st.sampled_from(SKILLS),
    years=st.floats(0, 20),
    rung=st.sampled_from([None, "account_coordinator", "account_manager"]),
)
def test_match_adding_a_required_skill_never_lowers_it(
    have: set[str], extra: str, years: float, rung: str | None
) -> None:
    before = match_profiles(resume(sorted(have), years=years, rung=rung), AD).score
    after = match_profiles(resume(sorted(have | {extra}), years=years, rung=rung), AD).score
    assert 0 <= before <= after <= 100


def test_match_matrix_agrees_with_pairs() -> None:
    resumes = [
        resume(SKILLS[:k], years=float(k), rung=r)
        for k in range(6)
        for r in ("account_coordinator", "account_executive", None)
    ]
    ads = [
        AD,
        dataclasses.replace(AD, min_years=None, title_rung="account_manager", source="ad2.txt"),
    ]
    top = match_matrix(resumes, ads, top_k=4)
    assert top.indices.shape == (2, 4)
    for a, ad in enumerate(ads):
        pairs = sorted(((-match_profiles(r, ad).score, i) for i, r in enumerate(resumes)))
        assert list(top.scores[a]) == pytest.approx([-s for s, _ in pairs[:4]], abs=1e-4)


@pytest.mark.slow
def test_match_matrix_10k_by_1k_is_fast() -> None:
    resumes = [
        resume(
            SKILLS[i % 7 : i % 7 + 3],
            years=float(i % 12),
            rung=("account_executive" if i % 2 else None),
        )
        for i in range(10_000)
    ]
    ads = [dataclasses.replace(AD, source=f"ad{i}", min_years=float(i % 6)) for i in range(1_000)]
    start = time.perf_counter()
    top = match_matrix(resumes, ads, top_k=10)
    elapsed = time.perf_counter() - start
    assert top.indices.shape == (1_000, 10) and not np.isnan(top.scores).any()
    assert elapsed < 10.0


def _by_meaning(skill_id: str, score: float) -> SkillMention:
    label = skill_id.removeprefix("skl.").replace("_", " ")
    return SkillMention(skill_id, label, "skill", (ev("hammered out terms with procurement"),),
                        recogniser="meaning", score=score, example="agreed prices and terms with buyers")


@pytest.mark.parametrize(
    ("found", "near", "status", "recogniser"),
    [
        ("pattern", None, "met", "pattern"),
        ("meaning", None, "met", "meaning"),
        ("meaning_unsure", None, "partly_met", "meaning"),
        (None, "meaning", "partly_met", "meaning"),
        (None, None, "not_met", None),
    ],
)
def test_match_must_haves_use_both_recognisers(found, near, status, recogniser) -> None:
    base = resume(["skl.crm_software", "skl.prospecting"])
    skills = base.skills
    if found == "pattern":
        skills += (mention("skl.negotiation"),)
    elif found == "meaning":
        skills += (_by_meaning("skl.negotiation", 0.61),)
    elif found == "meaning_unsure":
        # Found by meaning, but under MEANING_CONFIRMED: close words to check, not a met must-have.
        skills += (_by_meaning("skl.negotiation", 0.45),)
    near_skills = (_by_meaning("skl.negotiation", 0.38),) if near else ()
    match = match_profiles(dataclasses.replace(base, skills=skills, near_skills=near_skills), AD)
    item = next(m for m in match.must_haves if m.label == "negotiation")
    assert item.status == status
    assert item.recogniser == recogniser
    if recogniser == "meaning":
        assert item.evidence.text == "hammered out terms with procurement"
        assert item.how == f"by meaning, {item.score:.2f} close to 'agreed prices and terms with buyers'"


def test_match_counts_a_skill_found_by_meaning_only_when_it_is_sure() -> None:
    base = resume(["skl.crm_software", "skl.prospecting"])
    without = match_profiles(base, AD).score
    unsure = match_profiles(dataclasses.replace(base, skills=base.skills + (_by_meaning("skl.negotiation", 0.45),)), AD)
    sure = match_profiles(dataclasses.replace(base, skills=base.skills + (_by_meaning("skl.negotiation", 0.65),)), AD)
    assert unsure.score == pytest.approx(without)
    assert sure.score > without


def test_match_row_lists_a_close_meaning_skill_as_missing_with_its_close_words() -> None:
    from matcher.serialize import match_to_json

    base = resume(["skl.crm_software", "skl.prospecting"])
    for score, matched in ((0.45, False), (0.65, True)):
        # Under the threshold a clause is only close: the profile keeps it in near_skills.
        mention = _by_meaning("skl.negotiation", score)
        r = dataclasses.replace(base, skills=base.skills + (mention,)) if matched \
            else dataclasses.replace(base, near_skills=(mention,))
        row = match_to_json(match_profiles(r, AD), rank=1, resume=r, ad=AD)
        assert ("skl.negotiation" in {m["id"] for m in row["matched_skills"]}) is matched
        missing = {m["id"]: m for m in row["missing_skills"]}
        assert ("skl.negotiation" in missing) is not matched
        if not matched:
            assert missing["skl.negotiation"]["close"]["text"] == "hammered out terms with procurement"


def test_match_partly_met_is_its_own_reason_not_missing() -> None:
    base = resume(["skl.crm_software", "skl.prospecting"])
    match = match_profiles(dataclasses.replace(base, near_skills=(_by_meaning("skl.negotiation", 0.38),)), AD)
    assert not any(r.text.startswith("missing required") for r in match.reasons)
    assert any(r.text == "close to required, in other words: negotiation" for r in match.reasons)


@pytest.mark.parametrize("top_k", [3, 7, 12])
def test_match_matrix_ties_go_to_the_earlier_resumes(top_k: int) -> None:
    # Equal scores at the cut-off must go to the earlier resumes whatever the partitioning,
    # or blocks scored apart (matcher.cluster) would disagree with the whole matrix.
    better = {5, 30}
    resumes = [resume(SKILLS[:3] if i in better else SKILLS[:1]) for i in range(60)]
    best = match_matrix(resumes, [AD], top_k=top_k)
    assert best.indices[0].tolist() == [5, 30, *[i for i in range(60) if i not in better][: top_k - 2]]
