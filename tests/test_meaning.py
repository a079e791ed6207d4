"""Skills by meaning: clauses close to a skill's examples, the rules that void them, and the
profile and must-haves that use them."""

from __future__ import annotations

import pytest

from matcher.extract.meaning import THRESHOLD, WEAK, clauses, content_words
from matcher.extract.nlp import get_nlp, read_by_meaning
from matcher.extract.profile import build_profile
from matcher.extract.sections import find_sections
from matcher.types import Document


@pytest.fixture(autouse=True)
def _meaning_on(monkeypatch):
    # Reading by meaning is off by default (it costs text throughput); these tests switch it on.
    monkeypatch.setenv("MATCHER_MEANING", "1")


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def _read(nlp, text: str):
    return read_by_meaning(nlp, nlp(text))


def _skills(nlp, text: str) -> dict[str, float]:
    doc = _read(nlp, text)
    return {h.skill: h.score for h in doc.user_data["matcher.meaning"] if h.score >= THRESHOLD}


def _resume(text: str):
    text = "Jane Doe\n\nEXPERIENCE\nAccount Manager | Acme Inc | 2019 - 2023\n" + text + "\n"
    return build_profile(Document(source="r.txt", text=text, sections=find_sections(text, kind="resume")),
                         kind="resume")


@pytest.mark.parametrize(
    ("sentence", "skill"),
    [
        ("Looked after a portfolio of client relationships across the Midwest", "skl.account_management"),
        ("Walked the client's leadership through the quarterly results", "skl.presentation"),
        ("Rang up companies that had never heard of us to introduce our products", "skl.cold_calling"),
    ],
)
def test_meaning_finds_a_duty_written_in_other_words(nlp, sentence, skill):
    doc = nlp(sentence)
    assert skill not in {s.label_ for s in doc.spans["skills"]}  # the patterns miss it
    assert skill in _skills(nlp, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Installed copper piping and water heaters in new homes",
        "Reconciled accounts payable for the client accounts every month",
        "Ran payroll for forty staff and answered their questions about pay slips",
        "Drove a delivery truck on the overnight route",
        "We sell our products to corporate buyers in forty countries",  # the employer's voice
        "The firm serves business clients in twelve countries",
        "This company sells office furniture to corporate buyers across Europe",
    ],
)
def test_meaning_finds_nothing_in_other_work(nlp, sentence):
    assert _skills(nlp, sentence) == {}


def test_meaning_accountancy_words_void_every_skill(nlp):
    pipe = nlp.get_pipe("matcher_skill_meaning")
    doc = nlp("Managed the general ledger for a portfolio of client accounts")
    assert pipe.hits(doc, floor=0.0) == []


def test_meaning_pattern_matches_keep_precedence(nlp):
    # "negotiated" is a pattern form: the meaning recogniser does not add the skill again there.
    doc = _read(nlp, "Negotiated pricing and payment terms with procurement teams")
    assert "skl.negotiation" in {s.label_ for s in doc.spans["skills"]}
    assert all(h.skill != "skl.negotiation" for h in doc.user_data["matcher.meaning"])


def test_meaning_job_title_line_is_not_a_duty(nlp):
    pipe = nlp.get_pipe("matcher_skill_meaning")
    doc = nlp("Senior Account Manager\n")
    assert pipe.hits(doc, floor=0.0) == []


def test_meaning_clauses_split_folded_duties():
    text = "Looked after 30 client relationships and presented to their leadership each quarter"
    pieces = [text[a:b] for a, b, _ in clauses(text)]
    assert "Looked after 30 client relationships" in pieces
    assert "presented to their leadership each quarter" in pieces
    assert text in pieces


def test_meaning_content_words_drop_function_words_and_numbers():
    assert content_words("Managed 40 of the accounts in our region") == ["managed", "accounts", "region"]


def test_meaning_skill_in_profile_says_how_it_was_found():
    profile = _resume("• Looked after a portfolio of client relationships across the Midwest.")
    found = {m.id: m for m in profile.skills}
    mention = found["skl.account_management"]
    assert mention.recogniser == "meaning"
    assert mention.score >= THRESHOLD and mention.example
    # The evidence says which reader gave it, with its number and the sentence it came near.
    said = (f"by meaning (trained reader), {mention.score:.2f} sure, like '{mention.example}'" if mention.reader
            else f"by meaning, {mention.score:.2f} close to '{mention.example}'")
    assert mention.how == said
    assert "portfolio of client relationships" in mention.evidence[0].text


def test_meaning_skills_leave_the_role_fit_features_unchanged():
    from matcher.scoring.features import feature_matrix

    profile = _resume("• Looked after a portfolio of client relationships across the Midwest.")
    assert any(m.recogniser == "meaning" for m in profile.skills)
    import dataclasses

    pattern_only = dataclasses.replace(profile, skills=tuple(m for m in profile.skills if m.recogniser == "pattern"))
    assert (feature_matrix([profile]) == feature_matrix([pattern_only])).all()


def test_meaning_not_read_in_job_ads():
    text = "Account Manager\n\nResponsibilities\n• Look after a portfolio of client relationships.\n"
    ad = build_profile(Document(source="a.txt", text=text, sections=find_sections(text, kind="job_ad")),
                       kind="job_ad")
    assert all(m.recogniser == "pattern" for m in ad.skills)


def test_meaning_weak_band_is_below_the_threshold():
    assert 0.0 < WEAK < THRESHOLD < 1.0


@pytest.mark.parametrize(
    "sentence",
    [
        "The client services team works from the fourth floor",
        "Our account support department opens at nine on weekdays",
        "Opened savings accounts and checking accounts for credit union members",
    ],
)
def test_meaning_reads_no_duty_in_a_team_described_or_a_bank_account(nlp, sentence):
    assert _skills(nlp, sentence) == {}


def test_a_team_named_after_the_duty_is_still_read(nlp):
    # Only a team in the subject's place is dropped; one the writer worked with stays context.
    from matcher.extract.meaning import duty_words

    assert duty_words("The customer service team is on the second floor") == ["second", "floor"]
    assert duty_words("Led a team of six representatives") == ["led", "team", "six", "representatives"]
    spans = clauses("Go-between for the client and the creative department")
    assert ["go-between", "client", "creative", "department"] in [words for _, _, words in spans]


def test_meaning_reads_inflections_and_irregular_verbs_as_one_word():
    from matcher.extract.meaning import meaning_index
    from matcher.taxonomy import load_taxonomy

    index = meaning_index(load_taxonomy())
    assert index._key("sold") == index._key("selling") == index._key("sells")  # through the lexicon's inflection
    assert index._key("negotiated") == index._key("negotiate") == index._key("negotiation")
    assert index._key("renewal") == index._key("renewed")
    assert index._key("price") == index._key("pricing")
    # A doubled final consonant is one, in American and British spelling alike.
    assert index._key("planned") == index._key("planning") == index._key("plan")
    assert index._key("dialled") == index._key("dial") == index._key("dialed")
    assert index._key("travelled") == index._key("traveled")
    assert index._key("calls") == index._key("called")
    # A plural and its singular meet even where the singular loses a derivation ending too.
    assert index._key("customers") == index._key("customer")
    assert index._key("renewals") == index._key("renewal") == index._key("renewed")
    assert index._key("businesses") == index._key("business")
    # British and American spellings of "-ise"/"-ize" verbs.
    assert index._key("organised") == index._key("organizing") == index._key("organize")
    assert index._key("analysed") == index._key("analyzed")


def test_meaning_reads_a_possessive_as_its_word():
    assert content_words("the client's and the customers' needs") == ["client", "customers", "needs"]


def test_meaning_synonym_sets_bring_a_clause_closer_to_its_skill():
    # "bargained" and "purchasers" are far from "negotiated" and "clients" in the vectors; the
    # lexicon's meaning_synonyms say they are the same words.
    import dataclasses

    from matcher.extract.meaning import MeaningIndex
    from matcher.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    bare = dataclasses.replace(taxonomy, lexicon={k: v for k, v in taxonomy.lexicon.items() if k != "meaning_synonyms"})
    words = content_words("bargained with purchasers over the price of each order")
    scores = {}
    for name, tax in (("with", taxonomy), ("without", bare)):
        index = MeaningIndex(tax)
        best, _, _ = index.best(index.scores([words]))
        scores[name] = float(best[0, index.skill_ids.index("skl.negotiation")])
        assert index.skill_ids[int(best[0].argmax())] == "skl.negotiation"
    assert scores["with"] >= THRESHOLD
    assert scores["with"] > scores["without"] + 0.05


@pytest.mark.parametrize(
    ("sentence", "certification"),
    [
        ("Strategic Account Management Association certified since 2019", "crt.csam"),
        ("Earned the Benefits Account Manager designation from NAHU", "crt.nahu_benefits_account_manager"),
        ("Completed a certificate program in key account management at the local college",
         "crt.account_management_diploma"),
        ("Certified Key Account Manager (Institute of Sales Management)", "crt.account_management_diploma"),
    ],
)
def test_a_certification_written_in_full_is_found(nlp, sentence, certification):
    doc = nlp(sentence)
    assert certification in {s.label_ for s in doc.spans["skills"]}


def test_meaning_reads_a_long_folded_sentence_clause_by_clause():
    text = ("Looked after thirty client relationships across three regions, presented quarterly results "
            "to their leadership and trained two new coordinators on our reporting tools")
    pieces = [text[a:b] for a, b, _ in clauses(text)]
    assert "Looked after thirty client relationships across three regions" in pieces
    assert text not in pieces  # more than WHOLE_SENTENCE_WORDS content words: its clauses say it


def test_meaning_passes_over_sections_that_list_no_duties():
    duty = "Looked after a portfolio of client relationships across the Midwest"
    head = "Jane Doe\n\nEXPERIENCE\nAccount Coordinator | Acme Inc | 2019 - 2023\n- Scheduled meetings\n\n"
    found = {}
    for section in ("EXPERIENCE", "EDUCATION"):
        text = head + ("" if section == "EXPERIENCE" else "EDUCATION\n") + f"{duty}\n"
        profile = build_profile(Document(source="r.txt", text=text, sections=find_sections(text, kind="resume")),
                                kind="resume")
        found[section] = {m.id for m in profile.skills if m.recogniser == "meaning"}
    assert "skl.account_management" in found["EXPERIENCE"]
    assert "skl.account_management" not in found["EDUCATION"]


def test_meaning_is_off_unless_switched_on(monkeypatch):
    # Off by default: it costs about a quarter of the text throughput.
    monkeypatch.delenv("MATCHER_MEANING")
    profile = _resume("• Looked after a portfolio of client relationships across the Midwest.")
    assert not any(m.recogniser == "meaning" for m in profile.skills)


def test_meaning_cli_switch_reaches_the_reading_and_the_cache(tmp_path, monkeypatch):
    import json

    from click.testing import CliRunner

    from matcher.cli import main

    monkeypatch.delenv("MATCHER_MEANING")
    resume = tmp_path / "resume.txt"
    resume.write_text("Dana Wills\nEXPERIENCE\nHarbor Media | 2019 - 2024\n"
                      "• Looked after a portfolio of client relationships across the Midwest.\n")
    cache = ["--cache-dir", str(tmp_path / "cache")]

    def skills(*flags):
        result = CliRunner().invoke(main, [*flags, "score", str(resume), "--format", "json", *cache])
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        data = data[0] if isinstance(data, list) else data
        return {s["id"]: s["evidence"] for s in data["skills"]}

    assert "skl.account_management" not in skills()
    # The same file again with the switch on is read again, not served from the cache.
    assert skills("--meaning")["skl.account_management"].startswith(("by meaning, ", "by meaning (trained reader), "))
    assert "skl.account_management" not in skills("--no-meaning")


# --- the fast paths give what the plain computation gives ---------------------------------

_PLAIN_BREAK = r"\s*[;:•|()\[\]]\s*|,\s+|\s+(?:and|while|as well as|including|plus|then|whilst)\s+|\s+[–—-]\s+|\.\s+"


@pytest.mark.parametrize("text", ["Managed accounts ; ran QBRs", "a  ,b , c", " - led\tAND  won", "x (y) [z] — w",
                                  "sold.  Then closed", "as well as  including"])
def test_meaning_clause_breaks_are_the_plain_alternation(text):
    # The clause-break regex groups its space-led alternatives for speed; it must cut every
    # sentence where the plain alternation would.
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from matcher.extract.meaning import _CLAUSE_BREAK

    plain = re.compile(_PLAIN_BREAK, re.I)

    def same(s: str) -> None:
        assert [m.span() for m in _CLAUSE_BREAK.finditer(s)] == [m.span() for m in plain.finditer(s)]

    same(text)
    pieces = st.sampled_from([" ", "  ", "\t", "\n", ",", ".", ";", ":", "(", ")", "[", "]", "|", "•", "-", "–", "—",
                              "and", "AND", "while", "as well as", "plus", "then", "whilst", "including", "a", "x"])
    given(st.lists(pieces, max_size=12).map("".join))(settings(max_examples=200, deadline=None)(same))()


def test_meaning_best_per_skill_from_nonzero_cells_is_the_dense_one(nlp):
    # ``best_scores`` reads only the cells above zero; ``best(scores(...))`` lays out every
    # example. Same scores, same example, same background, clause by clause.
    import numpy as np

    meaning = nlp.get_pipe("matcher_skill_meaning")
    meaning._ensure()
    doc = nlp("Looked after thirty client relationships and walked their leadership through the numbers.\n"
              "Negotiated renewals; answered questions from buyers by phone and email.\n"
              "Balanced the general ledger every month.\nWe are a global logistics company.")
    words = [c[3] for c in meaning.candidates(doc, every=True)]
    assert len(words) >= 4
    dense = meaning.index.best(meaning.index.scores(words))
    sparse = meaning.index.best_scores(words)
    assert (dense[0] > 0).any()
    for a, b in zip(dense, sparse, strict=True):
        np.testing.assert_array_equal(a, b)


def test_meaning_word_table_grows_without_moving_earlier_words():
    # New words are appended to shared arrays; a word's entries stay what they were when it
    # was first scored, however many words come after it.
    import numpy as np

    from matcher.extract.meaning import MeaningIndex
    from matcher.taxonomy import load_taxonomy

    index = MeaningIndex(load_taxonomy())
    first = index.scores([["negotiated", "renewals", "buyers"]])
    index.scores([[f"word{i}", "clients", f"thing{i}"] for i in range(400)])
    assert index._table.n_words > 400
    np.testing.assert_array_equal(index.scores([["negotiated", "renewals", "buyers"]]), first)


@pytest.mark.parametrize("drop", ["skills", "background"])
def test_meaning_index_without_skill_examples_or_background_scores_nothing_wrongly(drop):
    # A taxonomy whose skills have no examples (or a lexicon without background sentences)
    # still reads: no skill (or no background) to be close to, and the two paths agree.
    import dataclasses

    import numpy as np

    from matcher.extract.meaning import MeaningIndex
    from matcher.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    if drop == "skills":
        taxonomy = dataclasses.replace(taxonomy, skills={k: dataclasses.replace(s, examples=())
                                                         for k, s in taxonomy.skills.items()})
    else:
        taxonomy = dataclasses.replace(taxonomy, lexicon={k: v for k, v in taxonomy.lexicon.items()
                                                          if k != "meaning_background"})
    index = MeaningIndex(taxonomy)
    words = [["negotiated", "renewals", "buyers"], ["balanced", "general", "ledger"]]
    dense, sparse = index.best(index.scores(words)), index.best_scores(words)
    for a, b in zip(dense, sparse, strict=True):
        np.testing.assert_array_equal(a, b)
    assert dense[0].shape == (2, len(index.skill_ids))
    assert (len(index.skill_ids) == 0) == (drop == "skills")

# --- rules from the hand-checked sample of real resumes (matcher/extract/meaning_rules.py) ---


def test_meaning_reads_no_skill_in_the_name_of_a_system(nlp):
    # "management system" alone would make a warehouse tool a CRM.
    assert "skl.crm_software" not in _skills(nlp, "Warehouse Inventory Management System")


def test_meaning_reads_no_skill_from_words_common_to_the_work_alone(nlp):
    # "customers" and "services" sit in the examples of many skills (invoicing, onboarding...):
    # sharing only them is not stating any of those skills.
    assert _skills(nlp, "Excellent customer service and a positive attitude") == {}


def test_meaning_still_reads_a_duty_sharing_a_word_of_its_own(nlp):
    assert "skl.client_inquiries" in _skills(nlp, "Answered questions from visitors by phone")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Regional Marketing Communications Division", True),
        ("Warehouse Inventory Management System", True),
        ("Managed Key Accounts For Fortune 500 Clients", False),  # a duty in title case
        ("Answered questions from visitors by phone", False),
        ("Analytics", False),  # one word: a label, left to MIN_CLAUSE_WORDS
    ],
)
def test_a_clause_of_capitalised_words_is_a_name(text, name):
    from matcher.extract.meaning_rules import is_name

    assert is_name(text) is name


def test_explain_says_why_a_name_gives_no_skill(nlp):
    pipe = nlp.get_pipe("matcher_skill_meaning")
    doc = nlp("Sales Pipeline Tracking Tool\n")
    top = pipe.explain(doc, "skl.crm_software")[0]
    assert top.score >= THRESHOLD and top.blocked is not None and "name" in top.blocked
