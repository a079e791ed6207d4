"""Occupation recognition: titles as people write them → O*NET / ESCO occupations and relations."""

import gzip
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from matcher.cli import main
from matcher.extract.occupations import (
    INDEX_FILE,
    canonical,
    load_occupations,
    load_rules,
    occupation_of,
    read_index,
)
from matcher.extract.profile import build_profile
from matcher.readers import read_text
from matcher.resources import taxonomy_dir

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = Path(os.environ.get("MATCHER_REFERENCE_FULL", ROOT.parent / "shared" / "reference" / "full"))


@pytest.mark.parametrize(
    ("title", "code", "method"),
    [
        ("nurse", "29-1141.00", "exact"),  # Registered Nurses
        ("Substitute Teacher", "25-3031.00", "exact"),  # Substitute Teachers, Short-Term
        ("SUBSTITUTE TEACHERS", "25-3031.00", "exact"),
        ("PASTRY CHEF /SERVER", "35-1011.00", "part"),  # Chefs and Head Cooks
        ("lead senior graphic designer", "27-1024.00", "normalised"),  # Graphic Designers
        ("Sr. Graphic Designer II", "27-1024.00", "normalised"),
        ("Chief Administrative Officer", "11-1011.00", "exact"),  # Chief Executives
        ("Accountant", "13-2011.00", "exact"),
        ("Waitress", "35-3031.00", "exact"),  # Waiters and Waitresses
        ("Registered Nurse Days, Northumberland", "29-1141.00", "part"),
        ("Support Worker Job Ivybridge", None, "span"),
        ("Renal Dialysis Nurse Maternity Cover", "29-1141.00", "head"),
        ("Java Software Developer", "15-1252.00", "exact"),  # Software Developers
    ],
)
def test_occupations_titles_people_write(title, code, method):
    found = occupation_of(title)
    assert found.method == method, found
    if code is not None:
        assert found.code == code, found
    assert found.scheme in ("onet", "esco") and found.label


@pytest.mark.parametrize("title", ["Operations Technician 1", "Operations Technician III"])
def test_occupations_levels_are_normalised(title):
    found = occupation_of(title)
    assert found.method == "normalised" and found.code == occupation_of("operations technician").code
    assert found.matched == "Operations Technician"


@pytest.mark.parametrize(
    ("title", "relation"),
    [
        ("Accountant", "unrelated"),  # shares the word "account", not the job
        ("Customer Service Representative", "neighbour"),
        ("Sales Representative", "neighbour"),
        ("Sales Manager", "neighbour"),
        ("Advertising Sales Agent", "neighbour"),
        ("Key Account Manager", "neighbour"),  # ESCO only; the taxonomy makes it account in a profile
        ("Pastry Chef", "unrelated"),
        ("Xyzzy Blorfington", "unknown"),
    ],
)
def test_occupations_relation(title, relation):
    assert occupation_of(title).relation == relation


def test_occupations_gibberish_is_unknown():
    found = occupation_of("qwzx blorf 77")
    assert (found.code, found.label, found.scheme, found.method) == (None, None, None, "unknown")
    assert found.confidence == 0 and found.relation == "unknown" and found.matched == "qwzx blorf 77"


@pytest.mark.parametrize("title", [None, "", "   "])
def test_occupations_no_title_is_none(title):
    assert occupation_of(title) is None


def test_occupations_generic_head_noun_has_low_confidence():
    # "Engineer" names a family of occupations; "Mechanical Engineer" names one.
    bare, full = occupation_of("Engineer"), occupation_of("Mechanical Engineer")
    assert bare.method == "noun" and full.method == "exact"
    assert bare.confidence < full.confidence


def test_occupations_confidence_falls_with_coverage():
    exact = occupation_of("Graphic Designer")
    head = occupation_of("Award Winning Graphic Designer")
    span = occupation_of("Graphic Designer Wanted Near Leeds Station")
    assert exact.confidence > head.confidence > 0
    assert span.method == "span" and exact.confidence > span.confidence > 0


def test_occupations_onet_is_preferred_over_esco():
    # ESCO lists "senior account manager"; O*NET's account manager title is preferred.
    assert occupation_of("Senior Account Manager").scheme == "onet"


def test_occupations_index_keys_are_canonical():
    # The build canonicalises titles with taxonomy/occupations.yaml: a rules change that
    # is not followed by a rebuild leaves keys a lookup can never produce.
    index = load_occupations()
    sample = index.titles()[::97]
    assert sample and all(canonical(key, index.rules) == key for key in sample)


def test_occupations_index_carries_version_and_attribution():
    text = gzip.decompress((taxonomy_dir() / INDEX_FILE).read_bytes()).decode()
    header = text.split("\n%%\n", 1)[0]
    assert header.startswith("matcher-occupations/2\t")
    assert "O*NET 29.2 Database" in header and "CC BY 4.0" in header and "ESCO classification" in header
    assert load_occupations().version == load_rules().version


def test_occupations_index_bad_file_is_a_clear_error(tmp_path):
    from matcher.errors import TaxonomyError

    bad = tmp_path / "occupations.tsv.gz"
    bad.write_bytes(b"not gzip")
    with pytest.raises(TaxonomyError, match="rebuild it with python -m matcher.extract.occupation_index"):
        read_index(bad, load_rules())


@pytest.mark.slow
@pytest.mark.benchmark_data
def test_occupations_rebuild_equals_shipped_index():
    if not (REFERENCE / "onet_alternate_titles.txt").is_file():
        pytest.skip("../shared/reference/full is absent")
    from matcher.extract.occupation_index import build_index

    shipped = (taxonomy_dir() / INDEX_FILE).read_bytes()
    assert gzip.decompress(build_index(REFERENCE)) == gzip.decompress(shipped)


# --- profiles --------------------------------------------------------------------------

RESUME = """\
Casey Morgan
PASTRY CHEF /SERVER
casey.morgan@example.com | 555-201-3344

EXPERIENCE
Pastry Chef | Harbor Hotel | 03/2019 - Present
• Baked breads and plated desserts for 200 covers a night.

Server | Blue Door Bistro | 2016 - 2019
• Served tables and trained new staff.
"""

ACCOUNT_RESUME = """\
Jordan Lee
Account Manager
jordan.lee@example.com

EXPERIENCE
Account Manager | Acme Supply | 03/2019 - Present
• Managed a portfolio of 40 accounts and renewed 92% of contracts.

Accountant | Harlan Partners | 2016 - 2019
• Closed the books monthly.
"""


def _profile(tmp_path, name, text, kind=None):
    return build_profile(read_text(text, source=name), kind=kind)


def test_occupations_resume_headline_and_positions(tmp_path):
    profile = _profile(tmp_path, "chef.txt", RESUME, kind="resume")
    assert profile.occupation.code == "35-1011.00" and profile.occupation.relation == "unrelated"
    assert profile.headline is None  # the taxonomy's headline is unchanged: no account title
    codes = [p.occupation.code for p in profile.positions]
    assert codes == ["35-1011.00", "35-3031.00"]


def test_occupations_taxonomy_rung_makes_account(tmp_path):
    profile = _profile(tmp_path, "am.txt", ACCOUNT_RESUME, kind="resume")
    assert profile.occupation.relation == "account"  # O*NET alone says neighbour
    by_title = {p.title: p.occupation for p in profile.positions}
    assert by_title["Account Manager"].relation == "account"
    assert by_title["Accountant"].relation == "unrelated" and by_title["Accountant"].code == "13-2011.00"


def test_occupations_resume_without_title_line_uses_latest_position(tmp_path):
    text = RESUME.replace("PASTRY CHEF /SERVER\n", "")
    profile = _profile(tmp_path, "chef.txt", text, kind="resume")
    assert profile.occupation == profile.positions[0].occupation


@pytest.mark.parametrize(
    ("first_line", "code"),
    [
        ("Jane Baker", "35-1011.00"),  # a surname, not a baker: the latest position decides
        ("GUEST TEACHER", None),  # a headline: a family of occupations (teachers)
    ],
)
def test_occupations_resume_first_line(tmp_path, first_line, code):
    text = RESUME.replace("Casey Morgan\nPASTRY CHEF /SERVER", first_line)
    found = _profile(tmp_path, "r.txt", text, kind="resume").occupation
    if code is not None:
        assert found.code == code
    else:
        assert found.matched == "TEACHER" and found.method == "noun" and "Teachers" in found.label


def test_occupations_ad_title(tmp_path):
    ad = "Staff Nurse RGN (Nights) - Cardiff\n\nWe are looking for a registered nurse to join our ward team.\n"
    profile = _profile(tmp_path, "ad.txt", ad, kind="job_ad")
    assert profile.occupation.code == "29-1141.00" and profile.occupation.relation == "unrelated"


@pytest.mark.parametrize(
    ("ad", "relation"),
    [
        ("Account Coordinator - Cinder Street Advertising\n\nYou will support our account team.\n", "account"),
        ("Customer Service Representative\n\nAnswer calls from our customers.\n", "neighbour"),
        ("Accountant (Part Time)\n\nYou will prepare monthly accounts for our clients.\n", "unrelated"),
    ],
)
def test_occupations_ad_relation(tmp_path, ad, relation):
    assert _profile(tmp_path, "ad.txt", ad, kind="job_ad").occupation.relation == relation


def test_occupations_parse_json_shape(tmp_path):
    path = tmp_path / "chef.txt"
    path.write_text(RESUME, encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", str(path), "--kind", "resume", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    keys = {"code", "label", "scheme", "method", "confidence", "relation", "matched"}
    assert set(data["occupation"]) == keys
    assert all(set(p["occupation"]) == keys for p in data["positions"])
    assert data["occupation"]["label"] == "Chefs and Head Cooks"


def test_occupations_parse_table_line(tmp_path):
    path = tmp_path / "chef.txt"
    path.write_text(RESUME, encoding="utf-8")
    result = CliRunner().invoke(main, ["parse", str(path), "--kind", "resume", "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "35-1011.00 Chefs and Head Cooks [unrelated]" in result.output


def test_occupations_score_json_has_occupation(tmp_path):
    path = tmp_path / "chef.txt"
    path.write_text(RESUME, encoding="utf-8")
    result = CliRunner().invoke(main, ["score", str(path), "--format", "json", "--no-cache"])
    assert result.exit_code == 0, result.output
    row = json.loads(result.output.splitlines()[0])
    assert row["occupation"]["code"] == "35-1011.00"


def test_occupations_cache_key_follows_the_index(tmp_path, monkeypatch):
    # A rebuilt index or edited rules must not serve profiles read with the old ones.
    import matcher.cache as cache

    store = cache.ProfileCache(tmp_path, taxonomy_version="t", model_version="m")
    before = store.key("abc")
    monkeypatch.setattr(cache, "occupations_digest", lambda: "another-index")
    assert store.key("abc") != before


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Support Worker Job Daventry", "31-1122.00"),  # social care, not ESCO's foster care support worker
        ("Health Care Assistant Jobs Reading", "31-1131.00"),  # a nursing assistant on a ward
        ("Temporary Dental Nurse", "31-9091.00"),  # a dental assistant, not a hygienist
        ("RMN, Elderly Care Nursing Home", "29-1141.00"),  # a registered nurse, not advanced practice
        ("Registered General Nurse", "29-1141.00"),
        ("Ward Sister Nights", "29-1141.00"),
        ("ODP Theatres", "29-2055.00"),  # operating department practitioner
        ("Customer Service Adviser", None),  # UK spelling finds the US title
    ],
)
def test_occupations_uk_care_and_clinical_titles(title, code):
    found = occupation_of(title)
    assert found.method != "unknown", found
    if code is not None:
        assert found.code == code, found


@pytest.mark.parametrize(
    "title",
    ["Customer Service Assistant", "Sales Assistant", "Customer Success Manager", "Client Services Manager",
     "Account Handler", "Client Director", "Partnership Manager", "Customer Service Team Leader", "Estate Agent",
     "Travel Consultant", "Store Manager", "Retail Entrepreneur", "Client Manager", "Business Development Manager",
     "PR Account Executive", "Marketing Coordinator", "Telesales Executive"],
)
def test_occupations_client_facing_commercial_titles_are_never_unrelated(title):
    assert occupation_of(title).relation != "unrelated", occupation_of(title)


@pytest.mark.parametrize(("title", "relation"), [("Sales Ledger Clerk", "unrelated"), ("Accountant", "unrelated"),
                                                 ("Customer Service Engineer", "unrelated"), ("Cashier", "unrelated")])
def test_occupations_client_words_in_another_sense_stay_far(title, relation):
    assert occupation_of(title).relation == relation, occupation_of(title)


@pytest.mark.parametrize("title", ["Manager", "Supervisor", "Director", "Vice President", "Business Manager", "VP",
                                   "Consultant Director", "Finance Specialist"])
def test_occupations_a_rank_of_any_function_is_below_the_gate(title):
    # The role-fit gate counts an unrelated occupation from confidence 0.3.
    found = occupation_of(title)
    assert found.method != "unknown" and found.confidence < 0.3, found


def test_occupations_a_rank_of_a_named_function_keeps_its_confidence():
    found = occupation_of("Vice President of Information Technology")
    assert found.confidence >= 0.3, found
    assert occupation_of("Vice President of Sales").relation != "unrelated"


def test_occupations_clear_far_titles_keep_their_confidence():
    for title in ("Registered Nurse", "Substitute Teacher", "Software Engineer", "Chef", "Mover"):
        found = occupation_of(title)
        assert found.relation == "unrelated" and found.confidence >= 0.9, found
    assert occupation_of("Mover").code == "53-7062.00"  # named by its own occupation title, not millwrights


@pytest.mark.parametrize(("title", "code_prefix"), [
    ("Clinical Lead", "11-91"), ("Head of Finance", "11-3031"), ("Director of Finance", "11-3031"),
    ("Director Of Technology", "15-"), ("VP Information Technology", "15-"), ("HR Lead", "11-3121"),
    ("Kitchen Lead", "35-1012"), ("Head of Finance North West", "11-3031"),
])  # fmt: skip
def test_occupations_a_rank_is_read_through_the_function_it_heads(title, code_prefix):
    # "Director" alone is a rank of any function; "Director of Finance" is a finance manager,
    # not the medical and health services managers O*NET files bare "Director" under.
    found = occupation_of(title)
    assert found.method == "rank" and found.code.startswith(code_prefix), found
    assert found.relation == "unrelated" and found.confidence >= 0.3, found


@pytest.mark.parametrize("title", ["Head of Sales", "Sales Lead", "Account Lead", "Senior Director Global Sales Operations"])
def test_occupations_a_rank_over_client_work_is_near_it(title):
    found = occupation_of(title)
    assert found.method == "rank" and found.relation in ("neighbour", "account"), found


@pytest.mark.parametrize("title", ["Team Lead", "Senior Associate", "Shift Lead", "Operations Lead"])
def test_occupations_a_rank_over_no_function_stays_below_the_gate(title):
    found = occupation_of(title)
    assert found.method == "unknown" or found.confidence < 0.3, found
