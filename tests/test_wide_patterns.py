"""A skill's ``wide_patterns``: read for the profile, must-haves and matching, never by the rungs.

The role-fit model was fitted on what the ``patterns`` read. Wide patterns let the taxonomy read
more of the ways people write a duty without moving any rung: their matches count as the skill
for the profile and the resume-to-ad match, but the role-fit features leave them out, and a wide
match never takes the place of a pattern match it overlaps.
"""

from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import pytest

from matcher import build_profile, fit_roles, match_profiles, read_text
from matcher.extract.components import is_wide
from matcher.extract.nlp import get_nlp
from matcher.serialize import to_plain
from matcher.taxonomy.load import check_taxonomy, load_taxonomy, without_wide_patterns

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

# Written for these tests: a duty in words the shipped patterns may not know, read widely.
EXTRA = {
    "skl.training_mentoring": ("show/v (the|new|) (cashiers|crew|staff) how to",),
    "skl.client_inquiries": ("take/v calls from (customers|shoppers|clients)",),
    "skl.record_keeping": ("log/v every (sale|order|return)",),
}


def _with_wide(taxonomy, extra):
    skills = dict(taxonomy.skills)
    for skill_id, patterns in extra.items():
        skill = skills[skill_id]
        skills[skill_id] = replace(skill, wide_patterns=(*skill.wide_patterns, *patterns))
    return replace(taxonomy, skills=MappingProxyType(skills))


@pytest.fixture(scope="module")
def wide():
    return _with_wide(load_taxonomy(), EXTRA)


@pytest.fixture(scope="module")
def narrow():
    return without_wide_patterns(load_taxonomy())


def _profile(text, taxonomy, kind="resume"):
    return build_profile(read_text(text, kind_hint=kind), kind=kind, nlp=get_nlp(taxonomy),
                         taxonomy=taxonomy)


RESUME = """Dana Reyes
Store Supervisor, Harbor Foods — 2019 to present
- Showed the cashiers how to run the tills and took calls from shoppers about deliveries
- Logged every sale and return in the store ledger
"""


def test_a_wide_pattern_names_the_skill_with_its_evidence_marked(wide, narrow):
    found = {m.id: m for m in _profile(RESUME, wide).skills}
    before = {m.id for m in _profile(RESUME, narrow).skills}
    for skill_id in EXTRA:
        assert skill_id not in before
        mention = found[skill_id]
        assert mention.recogniser == "pattern" and mention.confirmed
        assert all(e.wide for e in mention.evidence)
        assert mention.position == 0  # placed under the job its words are written in


def _fit(profile, taxonomy):
    fit = to_plain(fit_roles(profile, taxonomy=taxonomy))
    assert fit.pop("taxonomy_version") == taxonomy.version
    return fit


# Words in nearly every sample, some inside pattern matches: wide patterns at their widest.
EVERYWHERE = {
    "skl.communication": ("clients", "customers"),
    "skl.reporting": ("reports",),
    "skl.account_management": ("accounts",),
    "skl.teamwork": ("team",),
    "skl.client_meetings": ("meetings",),
}


def test_wide_evidence_leaves_every_role_fit_as_it_was(narrow):
    """Over every shipped sample, resumes and ads: the fits are the same to the last reason,
    while the wide patterns add skills to many of them."""
    wide = _with_wide(load_taxonomy(), EVERYWHERE)
    gained = 0
    files = sorted((SAMPLES / "resumes").glob("*.txt")) + sorted((SAMPLES / "ads").glob("*.txt"))
    assert len(files) > 500
    for path in files:
        kind = "resume" if path.parent.name == "resumes" else "job_ad"
        text = path.read_text(encoding="utf-8")
        a, b = _profile(text, wide, kind), _profile(text, narrow, kind)
        gained += len({m.id for m in a.skills} - {m.id for m in b.skills})
        assert _fit(a, wide) == _fit(b, narrow), path.name
    assert gained >= 100


def test_a_wide_match_never_takes_the_place_of_a_pattern_match(wide):
    # "train new hires" is a pattern of training: a wide pattern written over its words gives way.
    overlapping = _with_wide(wide, {"skl.client_inquiries": ("trained new hires to answer",)})
    doc = get_nlp(overlapping)("Trained new hires to answer the phones.")
    spans = [(s.text, s.label_, is_wide(s)) for s in doc.spans["skills"]]
    assert ("Trained new hires", "skl.training_mentoring", False) in spans
    assert not any(label == "skl.client_inquiries" for _, label, _ in spans)


def test_exclusions_apply_to_wide_matches(wide):
    taxonomy = _with_wide(wide, {"skl.account_management": ("look/v after (the|) accounts",)})
    skills = dict(taxonomy.skills)
    skill = skills["skl.account_management"]
    skills[skill.id] = replace(skill, exclude=(*skill.exclude, "accounts payable"))
    nlp = get_nlp(replace(taxonomy, skills=MappingProxyType(skills)))

    def found(text):
        doc = nlp(text)
        return [s.text for s in doc.spans["skills"] if s.label_ == skill.id]

    assert found("Looked after the accounts of our key clients.") == ["Looked after the accounts"]
    assert found("Looked after the accounts payable ledger.") == []


def test_a_must_have_is_met_by_a_wide_match(wide):
    ad = _profile("""Store Lead, Harbor Foods
Requirements:
- Experience taking calls from customers
""", wide, "job_ad")
    assert "skl.client_inquiries" in {m.id for m in ad.skills}
    match = match_profiles(_profile(RESUME, wide), ad, taxonomy=wide)
    must = {m.label: m.status for m in match.must_haves}
    label = wide.skills["skl.client_inquiries"].label
    assert must[label] == "met"


def test_the_checker_reads_wide_patterns_like_patterns(tmp_path):
    path = tmp_path / "extra.yaml"
    path.write_text(
        "skills:\n"
        "  - id: skl.extra_duty\n"
        "    label: an extra duty\n"
        "    type: skill\n"
        "    patterns: [extra duty]\n"
        "    wide_patterns: [extra duty, (broken]\n"
        "    sources: [art.career_overview]\n",
        encoding="utf-8",
    )
    problems = "\n".join(check_taxonomy(path))
    assert "'extra duty' is in both 'patterns' and 'wide_patterns'" in problems
    assert "wide_patterns" in problems and "(broken" in problems


def test_a_users_file_widens_a_skill_and_the_cli_says_which_list_read_it(tmp_path):
    import json

    from click.testing import CliRunner

    from matcher.cli import main

    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "version_suffix: mine\n"
        "skills:\n"
        "  - id: skl.record_keeping\n"
        "    wide_patterns: [log/v every (sale|order|return)]\n",
        encoding="utf-8",
    )
    text = "Logged every sale in the ledger."
    result = CliRunner().invoke(main, ["--no-meaning", "skills", text, "--taxonomy", str(mine),
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    said = [(s["words"], s["recogniser"]) for s in json.loads(result.output.splitlines()[-1])["skills"]]
    assert said == [("Logged every sale", "wide pattern")]
    plain = CliRunner().invoke(main, ["--no-meaning", "skills", text, "--format", "json"])
    assert json.loads(plain.output.splitlines()[-1])["skills"] == []

    resume = tmp_path / "resume.txt"
    resume.write_text(RESUME, encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", "--explain-skill", "skl.record_keeping", str(resume),
                                       "--taxonomy", str(mine), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output.splitlines()[-1])["clauses"]
    assert rows[0]["clause"] == "Logged every sale"
    assert rows[0]["result"] == "found by a wide pattern (not read for rungs)"


def test_a_score_row_says_which_skills_only_wide_patterns_read(tmp_path):
    """`matcher score --format json`: a skill only a wide pattern read is marked, so a reader of
    the row knows it counts for must-haves and matching but not for the rungs."""
    import json

    from click.testing import CliRunner

    from matcher.cli import main

    resume = tmp_path / "resume.txt"
    resume.write_text(
        "Dana Reyes\nEXPERIENCE\nSales Assistant, Harbor Foods, 2019 - 2024\n"
        "- Logged client calls and kept records of customer transactions\n"
        "- Maintained accurate records of all orders\n"
        "- Quoted prices to walk-in buyers and sorted incoming mail\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["--no-meaning", "score", str(resume), "--format", "json", "--no-cache"])
    assert result.exit_code == 0, result.output
    row = json.loads(result.output.splitlines()[-1])
    skills = {s["id"]: s for s in row["skills"]}
    wide = [s for s in row["skills"] if s["wide"]]
    assert {s["id"] for s in wide} == {"skl.quotes_proposals", "skl.administrative_support"}
    assert all(s["recogniser"] == "pattern" and s["confirmed"] for s in wide)
    # Found by both lists: the rungs read it, so it is not marked.
    assert skills["skl.record_keeping"]["wide"] is False
    profile = _profile(resume.read_text(encoding="utf-8"), load_taxonomy())
    for s in wide:
        mention = next(m for m in profile.skills if m.id == s["id"])
        assert all(e.wide for e in mention.evidence)


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        ("Troubleshot the tills and the card readers.", "skl.problem_solving"),
        ("Submitted tenders for the council's contracts.", "skl.quotes_proposals"),
        ("Transferred calls to the right department.", "skl.administrative_support"),
        ("Travelled extensively across the region.", "skl.travel"),
    ],
)
def test_a_resume_s_past_tense_of_a_verb_that_doubles_or_changes_is_read(text, skill):
    # Resumes are written in the past tense; "submited" and "troubleshooted" are not English.
    doc = get_nlp()(text)
    assert skill in {span.label_ for span in doc.spans["skills"]}
