"""matcher.normalize: repairs, tidying, running headers; never raises, idempotent."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.normalize import count_invisible, normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("â€¢ Managed accounts", "• Managed accounts"),  # UTF-8 read as cp1252
        ("Grew revenue â€“ 20%", "Grew revenue – 20%"),
        ("Oﬃce ﬁnance workﬂow", "Office finance workflow"),  # ligatures
        ("ＡＢＣ Corp", "ABC Corp"),  # full-width forms
        ("1½ years of Salesforce™ and HubSpot®", "1.5 years of Salesforce and HubSpot"),
        ("¾ of accounts", "3/4 of accounts"),
        ("Sales\u200bforce\u00ad expert\ufeff", "Salesforce expert"),
        ("bell\x07 and\x00 nul", "bell and nul"),
        ("lone \udc80surrogate", "lone \ufffdsurrogate"),  # UTF-8-safe: replaced, not kept
    ],
)
def test_normalize_repairs_unicode(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("● Led renewals\n▪ Trained staff\n\uf0b7 Closed deals",
         "• Led renewals\n• Trained staff\n• Closed deals"),
        ("- Led renewals\n* Trained staff", "• Led renewals\n• Trained staff"),
        ("-5% churn", "-5% churn"),  # a minus sign is not a bullet
    ],
)  # fmt: skip
def test_normalize_unifies_bullets(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Job pages copied as text: list items glued where their line breaks were.
        ("Troubleshooting skillsField Service experienceStrong attention to detail",
         "Troubleshooting skills\nField Service experience\nStrong attention to detail"),
        ("QualificationsMust have a license", "Qualifications\nMust have a license"),
        ("retain talentMaintainingClients", "retain talent\nMaintaining\nClients"),
        # Product and company names are one word however they are capitalised.
        ("PowerPoint, QuickBooks, HubSpot, iPhone, McKinsey, LinkedIn, ServiceNow, JavaScript",
         "PowerPoint, QuickBooks, HubSpot, iPhone, McKinsey, LinkedIn, ServiceNow, JavaScript"),
        ("macOS and eBay", "macOS and eBay"),
        ("Account Executive | ShieldPoint Security | Raleigh, NC",
         "Account Executive | ShieldPoint Security | Raleigh, NC"),
        ("jordan.Avery@example.com", "jordan.Avery@example.com"),
        # A heading run into its first line, and items glued after a full stop.
        ("Role DescriptionThis is a full-time role", "Role Description\nThis is a full-time role"),
        ("Answer calls promptly.Qualifications", "Answer calls promptly.\nQualifications"),
        # A long capitalised word is a lost break only among others on its line.
        ("Data entryTaxationStrong skills", "Data entry\nTaxation\nStrong skills"),
    ],
)  # fmt: skip
def test_normalize_puts_back_line_breaks_lost_between_glued_items(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Skills: required● Ability to work.● Excel", "Skills: required\n• Ability to work.\n• Excel"),
        ("Duties: filing. • Scheduling", "Duties: filing.\n• Scheduling"),
        # A bullet between spaces after a word separates fields on one line.
        ("Boston, MA • jordan@example.com • 555-0100", "Boston, MA • jordan@example.com • 555-0100"),
    ],
)  # fmt: skip
def test_normalize_starts_a_line_at_a_bullet_inside_a_line(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("account manage-\nment", "account management"),
        ("strong com-\n  munication", "strong communication"),
        ("Salesforce-\nCRM", "Salesforce-\nCRM"),  # capital after the break: a real hyphen
        ("2019-\n2021", "2019-\n2021"),
        ("led a cross-\nfunctional team", "led a cross-functional team"),  # a compound
        ("a self-\nstarter", "a self-starter"),
    ],
)
def test_normalize_rejoins_hyphenated_words(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("• Support 3 account managers who handle retail fulfilment\nclients in the Midwest.",
         "• Support 3 account managers who handle retail fulfilment clients in the Midwest."),
        ("Skills\nexcel, word", "Skills\nexcel, word"),  # a short line ends on purpose
        ("Managed the renewal calendar for all key accounts\nAccount Manager",
         "Managed the renewal calendar for all key accounts\nAccount Manager"),
        ("Account Manager, Northwind Traders, 2019 - Present\nmanaged 40 accounts",
         "Account Manager, Northwind Traders, 2019 - Present\nmanaged 40 accounts"),
    ],
)  # fmt: skip
def test_normalize_unwraps_lines_broken_mid_sentence(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_normalize_tidies_whitespace_but_keeps_lines() -> None:
    raw = "  Skills:\t Excel ,\u00a0 CRM  \r\n\r\n\r\n\r\nExperience\r\n"
    assert normalize_text(raw) == "Skills: Excel , CRM\n\nExperience"


def test_normalize_drops_running_headers_footers_and_page_numbers() -> None:
    pages = [
        "Jordan Avery | jordan@example.com\nSummary\nAccount manager.\n1",
        "Jordan Avery | jordan@example.com\nExperience\nManaged 5 accounts\nPage 2 of 3",
        "Jordan Avery | jordan@example.com\nEducation\nManaged 6 accounts\n- 3 -",
    ]
    text = normalize_text("\f".join(pages))
    assert text.count("Jordan Avery | jordan@example.com") == 1
    assert "Page 2" not in text and "- 3 -" not in text and not text.endswith("1")
    # Lines differing only in a number are different lines, not a running footer.
    assert "Managed 5 accounts" in text and "Managed 6 accounts" in text


@pytest.mark.parametrize(
    ("raw", "count"),
    [("plain", 0), ("a\u200bb\u200cc\u200d", 3), ("\u202eevil\u202c", 2), ("tag\U000e0041", 1)],
)
def test_normalize_counts_invisible_characters(raw: str, count: int) -> None:
    assert count_invisible(raw)[0] == count


# Text made of the pieces the normaliser cares about, so examples hit its rules often.
PIECES = st.sampled_from(
    ["a", "B", " ", "\n", "\f", "\t", "-", "•", "*", "1", "Page 2", ":", "é", "e\u0301",
     "\u200b", "\u00ad", "ﬁ", "\u00a0", "\r\n", "\x85", "â€¢", "Ã©", "&amp;", "¨\x8e°", "\x81",
     "self-\n", "manage-\n", "x" * 31, "½", "1⅔", "™", "⁄"]
)  # fmt: skip
TEXTS = st.one_of(
    st.text(),
    st.text(st.characters(codec=None, categories=None, exclude_categories=())),
    st.lists(PIECES, max_size=40).map("".join),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_normalize_never_raises_and_is_idempotent(text: str) -> None:
    once = normalize_text(text)
    assert isinstance(once, str)
    assert normalize_text(once) == once


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_normalize_output_has_no_invisible_or_control_characters(text: str) -> None:
    out = normalize_text(text)
    assert count_invisible(out)[0] == 0
    assert all(ch == "\n" or unicodedata.category(ch) not in ("Cc", "Cs") for ch in out)
    out.encode("utf-8")  # writable as UTF-8: no lone surrogates
