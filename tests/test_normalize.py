"""matcher.extract.normalize: repairs, tidying, running headers; never raises, idempotent."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.extract.normalize import (
    _PLAIN_LINE,
    _fix_line,
    _ftfy_config,
    count_invisible,
    normalize_text,
)


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
        # A full-width comma / vertical line read as Latin-1 with its last byte lost: only the
        # lead is left, which ftfy cannot repair and NFKC would turn into "ï1/4".
        ("Sous Chef Harbor Grill ï¼ Portland , OR", "Sous Chef Harbor Grill, Portland , OR"),
        ("Harbor Grill ï½ Portland", "Harbor Grill | Portland"),
        ("Wilson Community College\nï¼ Wilson , NC", "Wilson Community College, Wilson , NC"),
        ("Harbor Grill ï¼Œ Portland", "Harbor Grill , Portland"),  # byte kept: ftfy's repair
        ("naïve ¼ cup", "naïve 1/4 cup"),  # not a lead: unchanged
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
        # Items run on after a sentence with their own marker: a dash, a number, a stuck dot.
        ("Degree in law.- Prior experience.- Strong skills", "Degree in law.\n• Prior experience.\n• Strong skills"),
        ("Organize case files.2. Assist at trial", "Organize case files.\n2. Assist at trial"),
        ("File briefs;0) Assist at trial!– Draft letters", "File briefs;\n0) Assist at trial!\n• Draft letters"),
        ("ESS products· Design of features", "ESS products\n• Design of features"),
        ("Salesforce · HubSpot · Excel", "Salesforce · HubSpot · Excel"),
        ("Grew revenue 3.5% in Q1. See section 4.2. Then", "Grew revenue 3.5% in Q1. See section 4.2. Then"),
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


# --- the plain-line shortcut: ftfy's answer without its mojibake search ---------------------

try:  # the regular-expression parser: private, so the proof skips if Python moves it
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    sre_parse = sre_constants = None

PLAIN = "".join(chr(c) for c in range(0x3000) if _PLAIN_LINE.fullmatch(chr(c)))
"""Every character a plain line may hold (the pattern lists none above U+3000)."""


def _fills(ch: str, op, av) -> bool:  # noqa: ANN001
    """Whether ``ch`` can be the one character of the parsed pattern item ``(op, av)``."""
    c = sre_constants
    if op is c.LITERAL:
        return ord(ch) == av
    if op is c.NOT_LITERAL:
        return ord(ch) != av
    if op is c.ANY:
        return ch != "\n"
    assert op is c.IN, f"cannot tell what {op} matches"
    negate, hit = False, False
    for kind, value in av:
        if kind is c.NEGATE:
            negate = True
        elif kind is c.LITERAL:
            hit |= ord(ch) == value
        elif kind is c.RANGE:
            hit |= value[0] <= ord(ch) <= value[1]
        else:
            assert kind is c.CATEGORY, f"cannot list the characters of {kind}"
            names = {c.CATEGORY_SPACE: r"\s", c.CATEGORY_WORD: r"\w", c.CATEGORY_DIGIT: r"\d"}
            hit |= re.fullmatch(names[value], ch) is not None
    return hit != negate


def _required(items) -> list:  # noqa: ANN001
    """The one-character items a match of the parsed sequence ``items`` must contain."""
    c = sre_constants
    out = []
    for op, av in items:
        if op in (c.LITERAL, c.NOT_LITERAL, c.IN, c.ANY):
            out.append((op, av))
        elif op is c.MAX_REPEAT and av[0] >= 1 and len(av[2]) == 1:
            out.append(av[2][0])
        elif op is c.SUBPATTERN:
            out += _required(av[-1])
    return out  # anchors, optional and nested parts are left out: the claim only gets weaker


def _mojibake_patterns_fillable_from(alphabet: str) -> list:
    """The alternatives of ftfy's mojibake detector that a text over ``alphabet`` could match."""
    from ftfy.badness import BADNESS_RE

    ((op, (_, branches)),) = sre_parse.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    assert op is sre_constants.BRANCH and len(branches) > 20
    return [
        b
        for b in branches
        if all(any(_fills(ch, *item) for ch in alphabet) for item in _required(b))
    ]


@pytest.mark.skipif(sre_parse is None, reason="re._parser is not available")
def test_normalize_plain_lines_never_look_like_mojibake_to_ftfy() -> None:
    assert _mojibake_patterns_fillable_from(PLAIN) == []
    assert _mojibake_patterns_fillable_from(PLAIN + "Ã©"), "the proof above must be able to fail"


def test_normalize_ftfy_leaves_plain_characters_alone_except_quotes() -> None:
    from ftfy import fixes

    steps = (fixes.fix_c1_controls, fixes.fix_latin_ligatures, fixes.fix_character_width,
             fixes.fix_line_breaks, fixes.fix_surrogates, fixes.remove_terminal_escapes,
             fixes.remove_control_chars)  # fmt: skip
    for step in steps:
        assert [ch for ch in PLAIN if step(ch) != ch] == [], step.__name__
    assert fixes.uncurl_quotes("‘’“”") == "''\"\""


@pytest.mark.parametrize(
    "line",
    ["• Managed 12 accounts – grew revenue 20% — on time", "“Quoted” and ‘single’ and it’s …",
     "Jordan Avery · Boston → Remote ● Hybrid", "â€¢ Managed accounts", "Ã© rÃ©sumÃ©", "cafÃ©",
     "Grew revenue â€“ 20%", "”• after a quote", "Â ", "résumé – café", "😀 Sales • 🚀 growth",
     "客户经理 – 销售", "Oﬃce ﬁnance – ＡＢＣ", "\x1b[31m• red\x1b[0m", "tab\tand – dash", "‛odd quotes‟",
     "\u00a0• nbsp", "Ð¡Ð¾ • Cyrillic mojibake", "–—•·’‘“”…→●"],
)  # fmt: skip
def test_normalize_fix_line_gives_ftfys_answer(line: str) -> None:
    import ftfy

    assert _fix_line(line, {}) == ftfy.fix_text(line, _ftfy_config())


MOJIBAKE_PIECES = "ÃÂâ€™œ©®¢£¤¨«»°±²³´µ¶¸¹º¼½¾¿ðéÐÑВГРСΒΓ√≈×\x81\x9d"


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(st.text(PLAIN), st.text(PLAIN + MOJIBAKE_PIECES), st.text(PLAIN + "😀客户é\u00a0"))
)
def test_normalize_fix_line_agrees_with_ftfy_on_any_line(line: str) -> None:
    import ftfy

    line = line.replace("\n", " ")
    assert _fix_line(line, {}) == ftfy.fix_text(line, _ftfy_config())
