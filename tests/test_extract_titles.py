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
