"""matcher.taxonomy.load: the shipped taxonomy, validation of broken files, user files, the CLI."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from matcher.cli import main
from matcher.errors import TaxonomyError
from matcher.resources import taxonomy_dir
from matcher.taxonomy.load import (
    Role,
    Skill,
    Taxonomy,
    check_taxonomy,
    lexicon_phrases,
    lexicon_token_patterns,
    load_taxonomy,
    taxonomy_stats,
    taxonomy_to_dict,
)
from matcher.types import RUNGS

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "taxonomy"
REFERENCE = ROOT.parent / "shared" / "reference"

# Every skill issue 2 names, by the id that holds it.
ISSUE_SKILLS = {
    "communication": "skl.communication",
    "active listening": "skl.active_listening",
    "negotiation": "skl.negotiation",
    "persuasion": "skl.persuasion",
    "presentation": "skl.presentation",
    "relationship building": "skl.relationship_building",
    "client retention": "skl.client_retention",
    "conflict resolution": "skl.conflict_resolution",
    "multitasking": "skl.multitasking",
    "time management": "skl.time_management",
    "social perceptiveness": "skl.social_perceptiveness",
    "decision making": "skl.decision_making",
    "problem solving": "skl.problem_solving",
    "leadership": "skl.leadership",
    "strategic thinking": "skl.strategic_thinking",
    "trend analysis": "skl.trend_analysis",
    "account-metric analysis": "skl.account_metrics",
    "reporting": "skl.reporting",
    "CRM software": "skl.crm_software",
    "analytics and reporting tools": "skl.analytics_tools",
    "word-processing software": "skl.word_processing",
    "spreadsheet software": "skl.spreadsheet_software",
    "presentation software": "skl.presentation_software",
    "cold calling": "skl.cold_calling",
    "prospecting": "skl.prospecting",
    "upselling and cross-selling": "skl.upselling",
    "contract renewal": "skl.contract_renewal",
    "order processing": "skl.order_processing",
    "invoice processing": "skl.invoicing",
    "market research": "skl.market_research",
    "campaign coordination": "skl.campaign_coordination",
    "industry knowledge": "skl.industry_knowledge",
    "product knowledge": "skl.product_knowledge",
    "languages": "skl.languages",
    "account management": "skl.account_management",
    "account planning": "skl.account_strategy",
    "client onboarding": "skl.client_onboarding",
    "client needs analysis": "skl.client_needs_analysis",
    "sales pipeline and quota": "skl.sales_quota",
    "scheduling client meetings": "skl.scheduling",
    "liaising between client and internal teams": "skl.liaison",
    "training and mentoring": "skl.training_mentoring",
    "budget management": "skl.budget_management",
    "administrative support": "skl.administrative_support",
    "day-to-day account management": "skl.day_to_day_account_management",
}

NEIGHBOURS = {
    "senior_account_manager": "account_manager",
    "key_account_manager": "account_manager",
    "strategic_account_manager": "account_manager",
    "national_account_manager": "account_manager",
    "regional_account_manager": "account_manager",
    "account_director": "account_manager",
    "sales_representative": None,
    "customer_service_representative": None,
    "sales_support": None,
}


@pytest.fixture(scope="module")
def tax() -> Taxonomy:
    return load_taxonomy()


# --- the shipped taxonomy -------------------------------------------------------------------


def test_taxonomy_shipped_is_valid():
    assert check_taxonomy() == []


def test_taxonomy_shipped_version_and_paths(tax):
    assert re.fullmatch(r"\d{4}\.\d{1,2}\.\d+", tax.version)
    assert {p.name for p in tax.paths} >= {"meta.yaml", "skills.yaml", "roles.yaml", "lexicon.yaml"}
    # sections.yaml belongs to the section splitter: not read as taxonomy data.
    assert (taxonomy_dir() / "sections.yaml").is_file()
    assert "sections.yaml" not in {p.name for p in tax.paths}


def test_taxonomy_digest_tracks_content(tax):
    custom = load_taxonomy(DATA / "extend.yaml")
    assert re.fullmatch(r"[0-9a-f]{16}", tax.digest)
    assert custom.digest != tax.digest
    assert load_taxonomy(DATA / "extend.yaml").digest == custom.digest


def test_taxonomy_default_load_is_cached(tax):
    assert load_taxonomy() is tax
    assert load_taxonomy(str(DATA / "extend.yaml")) is not tax


def test_taxonomy_rungs(tax):
    assert [r.id for r in tax.rungs()] == list(RUNGS)
    assert [r.rung_order for r in tax.rungs()] == [0, 1, 2]
    assert tax.roles["account_coordinator"].promoted_to == ("account_executive",)
    assert "account_coordinator" in tax.roles["account_executive"].promoted_from


@pytest.mark.parametrize(("role_id", "rung"), sorted(NEIGHBOURS.items()))
def test_taxonomy_neighbour_roles(tax, role_id, rung):
    role = tax.roles[role_id]
    assert isinstance(role, Role)
    assert role.rung == rung
    assert role.rung_order is None
    assert role.titles and role.sources


@pytest.mark.parametrize(
    ("rung", "signal"),
    [
        ("account_coordinator", "skl.administrative_support"),
        ("account_executive", "skl.day_to_day_account_management"),
        ("account_manager", "skl.relationship_building"),
        ("account_manager", "skl.account_strategy"),
        ("account_manager", "skl.contract_renewal"),
        ("account_manager", "skl.upselling"),
        ("account_manager", "skl.leadership"),
        ("account_manager", "skl.training_mentoring"),
    ],
)
def test_taxonomy_rung_signals(tax, rung, signal):
    # The signals that tell neighbouring rungs apart, as the career-overview article draws them.
    assert tax.roles[rung].signals[signal] >= 0.8
    weights = tax.skills[signal].weights
    assert max(weights, key=weights.get) == rung


def test_taxonomy_education_and_certifications(tax):
    manager = tax.roles["account_manager"]
    assert manager.education["minimum"] == "high_school"
    assert "bachelor" in manager.education["typical"]
    assert "mba" in manager.education["preferred"]
    assert {"business", "marketing", "communications", "organisational_leadership"} <= set(
        manager.education["fields"]
    )
    assert {"crt.csam", "crt.nahu_benefits_account_manager"} <= set(manager.certifications)
    assert tax.skills["crt.csam"].type == "certification"


@pytest.mark.parametrize(("name", "skill_id"), sorted(ISSUE_SKILLS.items()))
def test_taxonomy_issue_skill_has_article_provenance(tax, name, skill_id):
    skill = tax.skills[skill_id]
    articles = {s.id for s in tax.sources.values() if s.kind == "article"}
    assert set(skill.sources) & articles, f"{name} ({skill_id}) cites no article"
    assert skill.note, f"{skill_id} should say what the article says"
    assert skill.patterns


def test_taxonomy_every_skill_is_complete(tax):
    for skill in tax.skills.values():
        assert isinstance(skill, Skill)
        assert set(skill.weights) == set(RUNGS), skill.id
        assert all(0 <= w <= 1 for w in skill.weights.values()), skill.id
        assert skill.sources, skill.id


def test_taxonomy_sources_name_title_and_publisher(tax):
    articles = [s for s in tax.sources.values() if s.kind == "article"]
    assert len(articles) == 5
    assert all(s.title and s.publisher for s in articles)
    for scheme in ("esco", "onet"):
        assert tax.sources[scheme].licence and tax.sources[scheme].attribution


def test_taxonomy_lexicon(tax):
    levels = {phrase: key for key, phrase in lexicon_phrases(tax, "education_levels")}
    assert "bachelor" in {k for k, _ in lexicon_phrases(tax, "education_levels")}
    assert levels["master of business administration"] == "mba"
    assert ("mba", [{"ORTH": "MBA"}]) in lexicon_token_patterns(tax, "education_levels")
    assert "senior" in tax.lexicon["title_modifiers"]["seniority_up"]
    assert "key" in tax.lexicon["title_modifiers"]["scope"]


@pytest.mark.benchmark_data
def test_taxonomy_links_exist_in_reference(tax):
    if not REFERENCE.is_dir():
        pytest.skip("../shared/reference is absent")
    esco = set()
    for name, column in (("esco_skills.csv", "skill_uri"), ("esco_occupations.csv", "esco_uri")):
        with open(REFERENCE / name, encoding="utf-8") as handle:
            esco |= {row[column] for row in csv.DictReader(handle)}
    onet = set()
    for name, column in (
        ("onet_occupations.csv", "onet_soc_code"),
        ("onet_skills.csv", "element_id"),
        ("onet_technology_skills.csv", "commodity_code"),
        ("onet_tasks.csv", "task_id"),
    ):
        with open(REFERENCE / name, encoding="utf-8") as handle:
            onet |= {row[column] for row in csv.DictReader(handle)}
    for entry in (*tax.skills.values(), *tax.roles.values()):
        for link in entry.links:
            assert link.id in (esco if link.scheme == "esco" else onet), (entry.id, link)


@pytest.mark.benchmark_data
def test_taxonomy_esco_essential_skills_weigh_at_manager_rung(tax):
    # SCHEMA.md, "Weights", rule 3; record keeping is the documented coordinator exception.
    if not REFERENCE.is_dir():
        pytest.skip("../shared/reference is absent")
    with open(REFERENCE / "esco_occupation_skill_relations.csv", encoding="utf-8") as handle:
        essential = {
            row["skill_uri"]
            for row in csv.DictReader(handle)
            if row["occupation_label"] == "sales account manager"
            and row["relation_type"] == "essential"
        }
    linked = [
        skill
        for skill in tax.skills.values()
        if any(link.id in essential and link.match in ("exact", "close") for link in skill.links)
    ]
    assert len(linked) >= 8
    for skill in linked:
        if skill.id != "skl.record_keeping":
            assert skill.weights["account_manager"] >= 0.45, skill.id


@pytest.mark.benchmark_data
def test_taxonomy_weights_near_onet_importance(tax):
    # SCHEMA.md, "Weights", rule 2: O*NET importance of the nearest occupation is the prior.
    if not REFERENCE.is_dir():
        pytest.skip("../shared/reference is absent")
    nearest = {
        "account_coordinator": "43-6014.00",
        "account_executive": "41-4012.00",
        "account_manager": "11-2022.00",
    }
    with open(REFERENCE / "onet_skills.csv", encoding="utf-8") as handle:
        importance = {
            (r["onet_soc_code"], r["element_id"]): float(r["importance_1to5"])
            for r in csv.DictReader(handle)
        }
    exceptions = {
        ("skl.leadership", "account_coordinator"),
        ("skl.training_mentoring", "account_coordinator"),
    }
    checked = 0
    for skill in tax.skills.values():
        for link in skill.links:
            if (
                link.scheme != "onet"
                or not link.id.startswith("2.")
                or link.match not in ("exact", "close")
            ):
                continue
            for rung, code in nearest.items():
                if (skill.id, rung) in exceptions:
                    continue
                prior = (importance[(code, link.id)] - 1) / 4
                assert abs(skill.weights[rung] - prior) <= 0.2 + 1e-9, (
                    skill.id,
                    link.id,
                    rung,
                    prior,
                )
                checked += 1
    assert checked >= 30


# --- broken files -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bad_yaml.yaml", [r"YAML syntax error at line 6, column 1: .*quoted scalar at line 4"]),
        ("duplicate_key.yaml", [r"YAML syntax error at line 4.*key 'label' appears twice"]),
        (
            "unknown_ref.yaml",
            [
                r"skill skl.user_escalations: unknown source 'art.no_such_article'",
                r"role inside_account_manager: rung 'account_boss' is not one of",
                r"role inside_account_manager: promoted_to names unknown role 'account_wizard'",
                r"role inside_account_manager: signal names unknown skill 'skl.no_such_skill'",
                r"role inside_account_manager: 'skl.negotiation' is a skill, not a certification",
            ],
        ),
        (
            "duplicate_id.yaml",
            [r"skill skl.pipeline_reviews: duplicate id \(earlier in this file\)"],
        ),
        (
            "weight_out_of_range.yaml",
            [
                r"skill skl.overweight: weight account_executive=-0.1 must be a number from 0 to 1",
                r"skill skl.overweight: weight account_manager=1.5 must be a number from 0 to 1",
                r"skill skl.overweight: weight for unknown rung 'account_director'",
            ],
        ),
        (
            "forbidden_pattern.yaml",
            [
                r"skl.bookkeeping_by_mistake: pattern 'accounts' gives 'accounts', which is only 'account\(s\)'",
                r"skl.bookkeeping_by_mistake: pattern 'accounting software' .*accountancy word",
                r"skl.bookkeeping_by_mistake: pattern 'bank account/n' gives 'bank account'",
                r"skl.bookkeeping_by_mistake: pattern 'manage/v accounts payable' .*'accounts payable'",
                r"skl.bookkeeping_by_mistake: pattern 'account/v' gives 'accounting'",
            ],
        ),
        (
            "missing_field.yaml",
            [
                r"skill skl.half_written: missing required field 'type'",
                r"skill skl.half_written: missing required field 'patterns'",
                r"skill skl.half_written: missing required field 'sources'",
                r"role partial_role: missing required field 'label'",
                r"role partial_role: missing required field 'titles'",
            ],
        ),
        (
            "typo_id.yaml",
            [
                r"skill skl.negotiaton: missing required field 'label'",
                r"skill skl.negotiaton: this adds a new skill; to change 'skl.negotiation', "
                r"use its exact id",
            ],
        ),
        (
            "unknown_key.yaml",
            [
                r"skill skl.typo: unknown key 'pattern'; did you mean 'patterns'\?",
                r"skill skl.typo: link match 'similar' is not one of exact, close, broad",
                r"skill skl.typo: link scheme 'wikidata' is not one of esco, onet",
            ],
        ),
    ],
)
def test_taxonomy_broken_file_names_file_and_entry(name, expected):
    problems = check_taxonomy(DATA / name)
    for pattern in expected:
        hits = [p for p in problems if re.search(pattern, p)]
        assert hits, f"{pattern!r} not in {problems}"
        assert all(p.startswith(str(DATA / name)) for p in hits)
    with pytest.raises(TaxonomyError, match=re.escape(name)):
        load_taxonomy(DATA / name)


def test_taxonomy_lists_every_problem_at_once():
    path = DATA / "many_problems.yaml"
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(path)
    problems = info.value.problems
    for pattern in [
        r"skill #3 has no valid 'id' \('Not A Slug'\)",
        r"skill skl.many_a: type 'talent' is not one of",
        r"skill skl.many_a: pattern 'strateg\(y\|ies\)' group .* must stand apart",
        r"skill skl.many_b: 'patterns' is empty",
        r"skill skl.many_b: weight account_manager=2",
        r"skill skl.many_b: unknown source 'nowhere'",
        r"role many_role: pattern 'account' gives 'account'",
        r"role many_role: years min 5 is above max 2",
        r"skill skl.many_c: pattern .* expands to 686 phrases \(at most 300\)",
        r"skill skl.many_c: pattern '\(unclosed' has an unclosed '\('",
        r"lexicon education_levels.doctorate: pattern 'doctor\(ate\|al\)' group",
        r"lexicon education_levels.doctorate: 'rank' must be a whole number",
    ]:
        assert any(re.search(pattern, p) for p in problems), pattern
    assert str(info.value).startswith(f"taxonomy has {len(problems)} problems:")


@pytest.mark.parametrize(
    ("name", "message"),
    [("no_such_file.yaml", "cannot read the file"), ("bad_yaml.yaml", "YAML syntax error")],
)
def test_taxonomy_unreadable_file_does_not_cascade(name, message):
    # One unreadable file is one problem, not a flood of "unknown skill" for its entries.
    problems = check_taxonomy(DATA / name)
    assert message in problems[0]
    assert problems[1:] == [
        "taxonomy: references between entries are checked once the files above can be read"
    ]


# --- user files ------------------------------------------------------------------------------


def test_taxonomy_user_file_extends_and_overrides(tax):
    custom = load_taxonomy(DATA / "extend.yaml")
    assert custom.version == f"{tax.version}+custom"
    assert "skl.territory_reviews" in custom.skills and "skl.territory_reviews" not in tax.skills
    assert custom.skills["skl.territory_reviews"].weights["account_coordinator"] == 0.0
    # Overridden field by field: new weights, the shipped patterns and provenance kept.
    negotiation = custom.skills["skl.negotiation"]
    assert negotiation.weights["account_manager"] == 1.0
    assert negotiation.patterns == tax.skills["skl.negotiation"].patterns
    assert negotiation.sources == tax.skills["skl.negotiation"].sources
    assert custom.roles["account_manager"].titles == (
        "account manager/n",
        "client portfolio lead/n",
    )
    assert len(custom.skills) == len(tax.skills) + 1


def test_taxonomy_user_lexicon_table_merges_entry_by_entry(tmp_path, tax):
    path = tmp_path / "phd.yaml"
    path.write_text(
        "lexicon:\n  education_levels:\n    doctorate:\n      label: PhD\n      rank: 5\n"
        "      patterns: [doctorate, doctoral degree/n]\n",
        encoding="utf-8",
    )
    custom = load_taxonomy(path)
    levels = custom.lexicon["education_levels"]
    assert levels["doctorate"]["label"] == "PhD"
    assert set(levels) == set(tax.lexicon["education_levels"])  # the other levels are kept


def test_taxonomy_user_file_version_suffix_defaults_to_file_name(tmp_path, tax):
    path = tmp_path / "acme sales.yaml"
    path.write_text(
        "skills:\n  - id: skl.negotiation\n    weights: {account_manager: 0.9}\n", encoding="utf-8"
    )
    assert load_taxonomy(path).version == f"{tax.version}+acme.sales"


def test_taxonomy_user_file_cannot_set_version(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text('taxonomy_version: "9.9"\n', encoding="utf-8")
    assert any("set version_suffix instead" in p for p in check_taxonomy(path))


def test_taxonomy_without_default_needs_rungs():
    problems = check_taxonomy(DATA / "extend.yaml", default=False)
    assert any("scored rung 'account_coordinator' has no role entry" in p for p in problems)


# --- views -------------------------------------------------------------------------------------


def test_taxonomy_to_dict_is_json(tax):
    data = json.loads(json.dumps(taxonomy_to_dict(tax)))
    assert data["taxonomy_version"] == tax.version
    assert {s["id"] for s in data["skills"]} == set(tax.skills)
    assert {r["id"] for r in data["roles"]} == set(tax.roles)


def test_taxonomy_stats(tax):
    stats = taxonomy_stats(tax)
    assert stats["entries"]["skills"] == len(tax.skills)
    assert stats["provenance"]["skills_from_classifications_only"] == 0
    assert stats["links"]["by_scheme"]["esco"] > 0 and stats["links"]["by_scheme"]["onet"] > 0


# --- the CLI ------------------------------------------------------------------------------------


def test_taxonomy_cli_check_ok(tax):
    result = CliRunner().invoke(main, ["taxonomy", "check"])
    assert result.exit_code == 0, result.output
    assert (
        result.output.strip()
        == f"ok: {len(tax.skills)} skills, {len(tax.roles)} roles, version {tax.version}"
    )


def test_taxonomy_readme_example_matches_check(tax):
    # The README quotes `matcher taxonomy check`; keep it true as the data grows.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quoted = re.search(r'matcher taxonomy check +# "(ok: [^"]+)"', readme)
    assert quoted, "README should show the output of `matcher taxonomy check`"
    expected = f"ok: {len(tax.skills)} skills, {len(tax.roles)} roles, version {tax.version}"
    assert quoted.group(1) == expected


def test_taxonomy_cli_check_with_user_file(tax):
    result = CliRunner().invoke(
        main, ["taxonomy", "check", "--taxonomy", str(DATA / "extend.yaml")]
    )
    assert result.exit_code == 0, result.output
    assert f"version {tax.version}+custom" in result.output


def test_taxonomy_cli_check_reports_problems():
    result = CliRunner().invoke(
        main, ["taxonomy", "check", "--taxonomy", str(DATA / "weight_out_of_range.yaml")]
    )
    assert result.exit_code == 1
    assert "skl.overweight: weight account_manager=1.5" in result.output
    assert "3 problems" in result.output


def test_taxonomy_cli_show_json_whole(tax):
    result = CliRunner().invoke(main, ["taxonomy", "show", "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["taxonomy_version"] == tax.version and len(data["skills"]) == len(tax.skills)


@pytest.mark.parametrize("entry_id", ["skl.negotiation", "account_manager", "art.randstad"])
def test_taxonomy_cli_show_one(entry_id):
    result = CliRunner().invoke(main, ["taxonomy", "show", entry_id, "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["id"] == entry_id
    table = CliRunner().invoke(main, ["taxonomy", "show", entry_id])
    assert table.exit_code == 0 and entry_id in table.output


def test_taxonomy_cli_show_unknown_id():
    result = CliRunner().invoke(main, ["taxonomy", "show", "skl.nope"])
    assert result.exit_code == 1
    assert "no skill, role or source has id 'skl.nope'" in result.output


def test_taxonomy_cli_show_table_lists_roles_and_skills():
    result = CliRunner().invoke(main, ["taxonomy", "show"])
    assert result.exit_code == 0
    assert "account_coordinator" in result.output and "skl.cold_calling" in result.output


def test_taxonomy_cli_broken_file_is_one_clean_error():
    result = CliRunner().invoke(
        main, ["taxonomy", "show", "--taxonomy", str(DATA / "bad_yaml.yaml")]
    )
    assert result.exit_code == 1
    assert "YAML syntax error" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_taxonomy_cli_stats(fmt, tax):
    result = CliRunner().invoke(main, ["taxonomy", "stats", "--format", fmt])
    assert result.exit_code == 0
    if fmt == "json":
        assert json.loads(result.output)["entries"]["roles"] == len(tax.roles)
    else:
        assert "skills_by_type.tool" in result.output


def test_taxonomy_every_skill_has_examples_to_read_by_meaning(tax):
    thin = [s.id for s in tax.skills.values() if s.type != "certification" and len(s.examples) < 3]
    assert thin == []


@pytest.mark.parametrize(
    ("examples", "problem"),
    [
        ("[negotiated]", "has 1 words; write 3 to 20"),
        ("[(agreed|settled) prices with buyers]", "is plain words, not the pattern language"),
        ("[agreed prices with buyers, Agreed prices  with buyers]", "is listed twice"),
    ],
)
def test_taxonomy_bad_examples_are_reported(tmp_path, examples, problem):
    path = tmp_path / "mine.yaml"
    path.write_text(f"skills:\n  - id: skl.negotiation\n    examples: {examples}\n", encoding="utf-8")
    with pytest.raises(TaxonomyError, match=re.escape(problem)):
        load_taxonomy(path)
