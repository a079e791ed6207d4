import pytest

from matcher.extract.nlp import get_nlp
from matcher.extract.titles import resolve_title
from matcher.taxonomy.load import load_taxonomy


@pytest.fixture(scope="module")
def resolve():
    taxonomy = load_taxonomy()
    nlp = get_nlp(taxonomy)
    return lambda title: resolve_title(title, nlp=nlp, taxonomy=taxonomy)


@pytest.mark.parametrize(
    ("title", "rung"),
    [
        ("Account Coordinator", "account_coordinator"),
        ("Jr. Account Coordinator", "account_coordinator"),
        ("Account Executive", "account_executive"),
        ("Sr. Account Executive - Southeast", "account_executive"),
        ("Outside Sales Account Executive", "account_executive"),
        ("Enterprise Account Executive-Radiology", "account_executive"),
        ("Mid-Market Account Executive", "account_executive"),
        ("Territory Account Executive", "account_executive"),
        ("Inside Account Executive", "account_executive"),
        ("AE, Mid-Market", "account_executive"),
        ("Acct. Exec.", "account_executive"),
        ("Account Executive Assistant", "account_executive"),
        ("Sr Account Executive + Account Manager", "account_executive"),
        ("Account Manager", "account_manager"),
        ("Senior Accounts Manager", "account_manager"),
        ("Key Account Manager", "account_manager"),
        ("KAM - Beverages", "account_manager"),
        ("National Account Manager- Alternative Channels", "account_manager"),
        ("Regional Account Manager", "account_manager"),
        ("Global Account Manager", "account_manager"),
        ("Strategic Account Manager", "account_manager"),
        ("Associate Account Manager", "account_manager"),
        ("Assistant Account Manager - Retail", "account_manager"),
        ("Acct. Mgr", "account_manager"),
        ("Account Mgr.", "account_manager"),
        ("Virtual Sales Associate Account Manager, Women's Health", "account_manager"),
        ("Account Manager/ Inside Sales", "account_manager"),
    ],
)
def test_titles_resolve_to_the_rung_the_wording_names(resolve, title, rung):
    match = resolve(title)
    assert match is not None and match.rung == rung


@pytest.mark.parametrize("title", ["Staff Accountant", "Accounting Manager", "Accounts Payable Clerk", "Line Cook"])
def test_titles_outside_account_management_have_no_rung(resolve, title):
    match = resolve(title)
    assert match is None or match.rung is None


@pytest.mark.parametrize(
    ("title", "seniority"),
    [("Senior Account Manager", "senior"), ("Sr. Account Executive", "senior"), ("Jr Account Coordinator", "junior"),
     ("Associate Account Manager", "associate"), ("Account Manager", None)],
)
def test_titles_seniority_modifier_is_read(resolve, title, seniority):
    assert resolve(title).seniority == seniority


HEADERS = "Jane Doe\n\nEXPERIENCE\n{}\n• Prepared client reports and kept records.\n"


@pytest.mark.parametrize(
    ("header", "title", "employer", "seniority"),
    [
        ("Account Coordinator | Senior Living Partners | Jan 2019 - Mar 2021",
         "Account Coordinator", "Senior Living Partners", None),
        ("Account Coordinator, Executive Search Group, Jan 2019 - Mar 2021",
         "Account Coordinator", "Executive Search Group", None),
        ("Senior Partners Group — Account Coordinator\nJan 2019 - Mar 2021",
         "Account Coordinator", "Senior Partners Group", None),
        ("Account Coordinator at Lead Generation Solutions\nJan 2019 - Mar 2021",
         "Account Coordinator", "Lead Generation Solutions", None),
        ("Account Coordinator @ Lead Partners, Jan 2019 - Mar 2021", "Account Coordinator", "Lead Partners", None),
        ("Account Coordinator\tManager Solutions LLC\tJan 2019 - Mar 2021",
         "Account Coordinator", "Manager Solutions LLC", None),
        ("Executive Partners Group\nAccount Coordinator\nJan 2019 - Mar 2021",
         "Account Coordinator", "Executive Partners Group", None),
        ("Account Coordinator Senior Care Solutions Jan 2019 - Mar 2021",
         "Account Coordinator", "Senior Care Solutions", None),
        ("Account Coordinator (Senior Housing Partners) Jan 2019 - Mar 2021",
         "Account Coordinator", "Senior Housing Partners", None),
        ("Senior Account Executive Group | Account Coordinator | 2019 - 2021",
         "Account Coordinator", "Senior Account Executive Group", None),
        ("Senior Account Manager | Acme Group | 2019 - 2021", "Senior Account Manager", "Acme Group", "senior"),
        ("Group Account Director | Acme Inc | 2019 - 2021", "Group Account Director", "Acme Inc", "group"),
    ],
)
def test_titles_employer_words_are_never_title_words(header, title, employer, seniority):
    from matcher.extract.profile import build_profile
    from matcher.extract.sections import find_sections
    from matcher.types import Document

    text = HEADERS.format(header)
    profile = build_profile(Document(source="r.txt", text=text, sections=find_sections(text, kind="resume")),
                            kind="resume")
    (position,) = profile.positions
    assert (position.title, position.employer, position.seniority) == (title, employer, seniority)
    assert position.rung == ("account_manager" if "Manager" in title or "Director" in title
                             else "account_coordinator")
