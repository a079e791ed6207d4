import pytest
import spacy

from matcher.errors import UsageError
from matcher.extract.nlp import get_nlp


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def _skills(nlp, text):
    doc = nlp(text)
    return [(span.label_, span.text) for span in doc.spans["skills"]]


def test_nlp_pipeline_is_blank_english_plus_our_components(nlp):
    assert nlp.pipe_names == ["matcher_lines", "matcher_skills", "matcher_titles"]
    # Read by meaning on demand (resumes only): present, not run by nlp(text).
    assert nlp.disabled == ["matcher_skill_meaning"]
    assert get_nlp() is nlp


@pytest.mark.parametrize("name", ["matcher_lines", "matcher_skills", "matcher_titles"])
def test_nlp_components_load_by_name_in_any_pipeline(name):
    other = spacy.blank("en")
    other.add_pipe(name)
    doc = other("Account Manager\n• Negotiated renewals with clients")
    assert doc is not None


def test_nlp_skill_ruler_added_by_name_finds_taxonomy_skills():
    other = spacy.blank("en")
    other.add_pipe("matcher_skills")
    doc = other("Negotiated contract renewals and upsold existing clients.")
    assert {span.label_ for span in doc.spans["skills"]} >= {"skl.negotiation"}


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Senior Account Manager\nAcme Corp, Columbus, OH\nMarch 2021 - Present",
         ["Senior Account Manager", "Acme Corp, Columbus, OH", "March 2021 - Present"]),
        ("• Managed 38 accounts\n• Renewed contracts", ["• Managed 38 accounts", "• Renewed contracts"]),
        ("Looked after mid-market customers\nin B2B software. I own a book.",
         ["Looked after mid-market customers\nin B2B software.", "I own a book."]),
    ],
)
def test_nlp_sentences_end_at_lines_and_bullets_but_join_wrapped_prose(nlp, text, sentences):
    assert [s.text.strip() for s in nlp(text).sents] == sentences


@pytest.mark.parametrize(
    "text",
    [
        "Staff accountant handling month-end close.",
        "Accounting clerk; accounts payable and accounts receivable.",
        "Reconciled every bank account and each account.",
        "Opened a new account for the client.",
        "Senior accountant managing accounts for small businesses.",
    ],
)
def test_nlp_accountancy_words_never_count_as_account_management(nlp, text):
    assert not [s for s in _skills(nlp, text) if s[0] == "skl.account_management"]


def test_nlp_account_management_itself_is_found(nlp):
    assert ("skl.account_management", "account management") in _skills(nlp, "Five years of account management.")


@pytest.mark.parametrize(
    "text",
    ["She joined the customer service team.", "Head of Customer Service, EMEA."],
)
def test_nlp_skill_words_naming_a_team_or_job_are_not_skills(nlp, text):
    assert not [s for s in _skills(nlp, text) if s[0] == "skl.customer_service"]


def test_nlp_skill_words_that_are_skills_are_kept(nlp):
    assert [s for s in _skills(nlp, "Excellent customer service skills.") if s[0] == "skl.customer_service"]


def test_nlp_titles_are_spans_labelled_with_the_role(nlp):
    doc = nlp("Promoted from Account Coordinator to Account Executive")
    assert [span.label_ for span in doc.spans["titles"]] == ["account_coordinator", "account_executive"]


def test_nlp_missing_spacy_model_says_how_to_fix():
    with pytest.raises(UsageError, match="is not installed: install it with"):
        get_nlp(spacy_model="xx_no_such_model_sm")


def _run_python(code: str) -> str:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_nlp_import_spacy_skips_the_command_line_yet_it_still_loads_on_demand():
    code = (
        "import sys\n"
        "from matcher.extract.nlp import get_nlp\n"
        "nlp = get_nlp()\n"
        "print('typer' in sys.modules, 'spacy.cli' in sys.modules)\n"
        "import spacy.cli\n"
        "print(callable(spacy.cli.download), sorted(spacy.info()) != [])\n"
    )
    assert _run_python(code).splitlines() == ["False False", "True True"]


def test_nlp_import_spacy_falls_back_to_the_plain_import_when_the_shortcut_fails():
    # A spaCy whose import needs its command line (simulated: spacy.errors fails once while
    # the placeholders are in place) is imported the ordinary way, command line and all.
    code = (
        "import sys, importlib.abc\n"
        "class Once(importlib.abc.MetaPathFinder):\n"
        "    failed = False\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'spacy.errors' and not Once.failed:\n"
        "            Once.failed = True\n"
        "            raise ImportError('needs spacy.cli')\n"
        "sys.meta_path.insert(0, Once())\n"
        "from matcher.extract.nlp import get_nlp\n"
        "doc = get_nlp()('Negotiated contract renewals with clients.')\n"
        "print(Once.failed, 'spacy.cli' in sys.modules, len(doc.spans['skills']) > 0)\n"
    )
    assert _run_python(code) == "True True True"
