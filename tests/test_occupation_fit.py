"""Role fit and matching know what a document is not: a document whose own occupation is far
from client work gets no rung, and ranks below account candidates, unless account evidence
outweighs it."""

from matcher.extract.profile import build_profile
from matcher.readers import read_text
from matcher.scoring.features import far_occupation
from matcher.scoring.fit import fit_roles
from matcher.scoring.match import UNRELATED_CAP, match_matrix, match_profiles

NURSE = """\
Dana Whitfield
Registered Nurse
dana.whitfield@example.com | 555-0142

SUMMARY
Registered nurse who builds strong relationships with patients, families and key stakeholders,
presents care plans to clients and negotiates with suppliers for the unit.

EXPERIENCE
Registered Nurse | St. Anne Hospital | 03/2016 - 11/2024
- Managed a caseload of 12 clients a shift and kept patient satisfaction at 96%.
- Presented quarterly results to leadership; built relationships with referring partners.
- Trained 8 new nurses and led a team of 5 aides.
Registered Nurse | Mercy Clinic | 01/2012 - 02/2016
- Coordinated schedules, client follow-ups and reporting for a 30-bed unit.

EDUCATION
Bachelor of Science in Nursing, 2011
"""

COORDINATOR = """\
Priya Raman
Account Coordinator
EXPERIENCE
Account Coordinator | Brightline Agency | 06/2022 - 11/2024
- Prepared client reports and scheduled campaign meetings for the account team.
"""

SALES_REP = """\
Marco Diaz
Sales Representative
EXPERIENCE
Sales Representative | Fairway Supply | 02/2018 - 11/2024
- Prospected new customers, closed deals and grew a territory of 60 accounts to $2.1M in sales.
- Kept customer retention at 92% through quarterly business reviews.
"""

CAREER_CHANGER = """\
Lena Ortiz
EXPERIENCE
Teacher | Oakridge Middle School | 08/2023 - 11/2024
- Taught grade 7 science.
Senior Account Manager | Northwind Media | 01/2015 - 07/2023
- Managed a book of 40 accounts worth $6M; renewals and upsell; client retention 95%.
"""

AD = """\
Senior Account Manager
You will own a book of key accounts, lead renewals and upselling, present to clients, build
relationships with stakeholders, negotiate contracts and keep client retention high.
5+ years of account management required.
"""


def _profile(text, kind="resume"):
    return build_profile(read_text(text, source=f"{kind}.txt"), kind=kind)


def test_a_nurse_with_client_words_gets_no_rung_and_the_reason_names_the_occupation():
    fit = fit_roles(_profile(NURSE))
    assert fit.best is None
    reasons = [r.text for rung in fit.rungs for r in rung.reasons]
    assert any("Registered Nurses (O*NET 29-1141.00)" in text for text in reasons)


def test_neighbouring_occupations_are_not_turned_away():
    assert far_occupation(_profile(SALES_REP)) is None


def test_account_years_outweigh_a_short_spell_in_another_occupation():
    assert far_occupation(_profile(CAREER_CHANGER)) is None


def test_an_unrelated_resume_ranks_below_an_account_coordinator_whatever_its_skill_overlap():
    nurse, coordinator, ad = _profile(NURSE), _profile(COORDINATOR), _profile(AD, "job_ad")
    assert far_occupation(nurse) is not None
    by_nurse, by_coordinator = match_profiles(nurse, ad), match_profiles(coordinator, ad)
    assert by_nurse.score <= UNRELATED_CAP < by_coordinator.score
    assert "occupation" in [p.name for p in by_nurse.parts]
    assert any("far from client work" in r.text for r in by_nurse.reasons)
    top = match_matrix([nurse, coordinator], [ad], top_k=2)
    assert list(top.indices[0]) == [1, 0]
    assert top.scores[0][1] == by_nurse.score


CHEF_AFTER_SALES = """\
Sam Okafor
EXPERIENCE
Sous Chef | Harbor Grill | 03/2019 - 11/2024
- Ran the line for 120 covers a night and upsold desserts to guests.
Customer Service Representative | Allied Telecom | 01/2010 - 12/2017
- Answered customer calls and resolved billing questions.
"""


def test_years_in_a_neighbouring_role_long_ago_do_not_outweigh_the_current_occupation():
    profile = _profile(CHEF_AFTER_SALES)
    assert profile.years_account > 5  # service years count toward years_account...
    far = far_occupation(profile)  # ...but not as account-rung evidence, and they are not recent
    assert far is not None and "Chefs" in far[0]


def test_a_position_the_taxonomy_reads_as_a_neighbouring_role_is_a_neighbour():
    text = (
        "Ana Ruiz\nEXPERIENCE\nSales Support Coordinator | Harlan Services | 05/2014 - 07/2015\n"
        "- Prepared quotes and order forms for six sales representatives.\n"
    )
    (position,) = _profile(text).positions
    assert position.role == "sales_support"
    assert position.occupation.relation == "neighbour"


def test_a_title_worded_as_client_work_is_never_far_whatever_the_index_files_it_under():
    text = (
        "Tom Reed\nCommercial Account Handler\nEXPERIENCE\n"
        "Commercial Account Handler | Marsh Lane Insurance | 02/2018 - 11/2024\n"
        "- Looked after a book of 180 commercial clients; renewals, mid-term changes and claims.\n"
    )
    assert far_occupation(_profile(text)) is None


OFFICE_AD = """\
Coordinator
We are a family-run optician in the town centre.
- Schedule appointments and keep the diary.
- Prepare weekly reporting for the practice manager.
"""

ACCOUNT_AD = "Account Coordinator\n" + OFFICE_AD.split("\n", 1)[1]

MASKED_ACCOUNT_AD = """\
[ROLE]
Join the client services team of a growing media agency.
- Build relationships with a book of mid-market clients and handle their requests.
- Prepare client reports, schedule client meetings and process orders.
- Support renewals and upselling with the account team; present results to clients.
"""


def test_two_office_words_under_a_generic_title_do_not_make_account_work():
    # "Scheduling" and "reporting" are a large share of very little: with no account or client
    # title and fewer than three account skills, the skills alone cannot carry the document.
    fit = fit_roles(_profile(OFFICE_AD, "job_ad"))
    assert fit.best is None
    reasons = [r.text for rung in fit.rungs for r in rung.reasons]
    assert any(text.startswith("thin account evidence") for text in reasons), reasons


def test_thin_evidence_never_outweighs_an_account_title():
    assert fit_roles(_profile(ACCOUNT_AD, "job_ad")).best == "account_coordinator"


def test_an_untitled_ad_with_account_duties_is_not_thin():
    from matcher.scoring.features import profile_features

    vector = profile_features(_profile(MASKED_ACCOUNT_AD, "job_ad"))
    assert vector.value("evidence_thin") == 0.0


def test_a_state_in_the_address_line_is_no_occupation():
    # "MD" is not a physician, "CO" not a correctional officer: the address says where, not what.
    for place in ("Baltimore, MD", "Denver , CO 80202", "Pittsburgh, PA"):
        text = "Jordan Blake\n" + place + "\njordan.blake@example.com\n\n" + COORDINATOR.split("\n", 2)[2]
        profile = _profile(text)
        assert profile.occupation is not None and profile.occupation.relation == "account", (place, profile.occupation)
        assert fit_roles(profile).best == "account_coordinator"


def test_office_support_is_not_a_neighbour_of_account_work_but_sales_support_is():
    # Administrative assistants work in every trade (a clinic, a school); sales and marketing
    # assistants work beside the account team.
    admin = _profile(
        "Rosa Lind\nAdministrative Assistant\nEXPERIENCE\n"
        "Administrative Assistant | Riverside Medical Clinic | 03/2019 - 11/2024\n"
        "- Provided administrative support to the clinic's physicians; data entry, filing and phones.\n"
        "- Scheduled patient appointments and kept the doctors' diaries.\n"
    )
    assert admin.positions[0].role is None and fit_roles(admin).best is None
    sales = _profile(
        "Rosa Lind\nEXPERIENCE\nSales Assistant | Harbor Media | 03/2019 - 11/2024\n"
        "- Prepared quotes and order forms for the sales team.\n"
    )
    assert sales.positions[0].role == "sales_support"


def test_revenue_figures_say_how_much_not_whether_it_is_account_work():
    # Owners, store managers and bankers state revenue growth as often as account managers:
    # the figure may move the rung, never the probability of account work.
    from matcher.scoring.features import profile_features
    from matcher.scoring.model import load_model

    base = ("Lee Park\nEXPERIENCE\nHarbor Media | 03/2016 - 11/2024\n"
            "- Managed a portfolio of 30 client accounts; renewals, upsell and quarterly business reviews.\n")
    plain, stated = _profile(base), _profile(base + "- Grew annual revenue 40% to $2.1M.\n")
    assert any(m.kind in ("growth", "revenue") for m in stated.metrics)
    assert not any(m.kind in ("growth", "revenue") for m in plain.metrics)
    model = load_model()
    none_plain, none_stated = (model.predict_proba([profile_features(p).values])[0][-1] for p in (plain, stated))
    assert none_plain == none_stated


CAREER_CHANGER_UNTITLED = """\
Alex Moreno
alex.moreno@example.com

EXPERIENCE
Consultant | Brightwater Media | 03/2023 - 11/2024
- Managed a portfolio of client accounts: renewals, upselling and quarterly business reviews.
- Built account plans with each client and negotiated contract renewals.
Barista | Bean There Cafe | 01/2017 - 02/2023
- Made espresso drinks for 300 guests a day and trained new baristas.
"""


def test_an_older_far_job_does_not_outweigh_account_duties_under_an_unread_latest_title():
    # A career changer whose new title names no occupation ("Consultant", or a title the
    # reader does not know) is read from what the latest position says they do.
    assert far_occupation(_profile(CAREER_CHANGER_UNTITLED)) is None
    office = CAREER_CHANGER_UNTITLED.replace(
        "- Managed a portfolio of client accounts: renewals, upselling and quarterly business reviews.\n"
        "- Built account plans with each client and negotiated contract renewals.\n",
        "- Planned company events and wrote the staff newsletter.\n",
    )
    assert far_occupation(_profile(office)) == ("Baristas (O*NET 35-3023.01)", None)


def test_account_duties_under_an_unread_title_do_not_outweigh_a_far_occupation_named_at_the_top():
    tutor = CAREER_CHANGER_UNTITLED.replace(
        "alex.moreno@example.com\n", "Independent Reading Tutor\nalex.moreno@example.com\n"
    )
    far = far_occupation(_profile(tutor))
    assert far is not None and far[0].startswith("Tutors")


BOOK_NO_TITLE = """\
Dana Whitlock
dana.whitlock@example.com

EXPERIENCE
Harbor Office Supply, Tacoma, WA — 2015 to present
Responsible for 60 existing business customers and looked after our three key accounts in
the region.
"""


def test_a_book_of_customers_and_key_accounts_count_as_account_evidence():
    # The account ladder's own figures and scope are evidence as much as a skill word is: a
    # short untitled resume that states its book is not thin.
    from matcher.scoring.features import profile_features

    assert profile_features(_profile(BOOK_NO_TITLE)).value("evidence_thin") == 0.0
    stock = BOOK_NO_TITLE.replace(
        "Responsible for 60 existing business customers and looked after our three key accounts in\n"
        "the region.",
        "Looked after the warehouse stock and the delivery schedule.",
    )
    vector = profile_features(_profile(stock))
    assert vector.value("evidence_thin") == 1.0
    assert "no account skills or figures" in vector.details[-1]


def test_years_in_a_far_occupation_do_not_count_toward_seniority_on_the_ladder():
    # Eight years behind a coffee bar say nothing of how far up the account ladder a person
    # is: the rung model reads the years outside that occupation, and the reason says so.
    from matcher.scoring.features import FEATURES, profile_features

    profile = _profile(CAREER_CHANGER_UNTITLED)
    assert profile.years_experience > 7
    vector = profile_features(profile)
    assert vector.value("years_total") < 2.0
    detail = vector.details[[f.name for f in FEATURES].index("years_total")]
    assert detail.endswith("of work experience, besides 6.2 years in other occupations"), detail


UNKNOWN_TITLE_AD = """\
Growth Partner — Mid-Market Shippers
Northbeam Logistics (Nashville, TN)

Win new shipper accounts in the Southeast: prospect by phone and at trade shows, run discovery
calls, quote lanes, negotiate rates and close. You will carry a monthly new-revenue quota.
"""


def test_an_ad_whose_title_is_unknown_is_not_judged_by_the_customers_it_serves():
    # "Mid-Market Shippers" names the customers, not the job: with the title itself unknown,
    # that piece of the first line does not make the ad a shipping clerk's.
    profile = _profile(UNKNOWN_TITLE_AD, "job_ad")
    assert profile.occupation is not None and profile.occupation.matched == "Shippers"
    assert far_occupation(profile) is None
    clerk = _profile(UNKNOWN_TITLE_AD.replace("Growth Partner", "Warehouse Clerk"), "job_ad")
    assert far_occupation(clerk) is not None
