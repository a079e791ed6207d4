"""matcher.taxonomy.patterns: inflection, the pattern language, the forbidden forms, and the
compiled matching data checked against a real spaCy tokenizer and matcher."""

from __future__ import annotations

import pytest

from matcher.taxonomy.load import (
    load_taxonomy,
    skill_exact_phrases,
    skill_exclude_phrases,
    skill_phrases,
    skill_token_patterns,
    title_exact_phrases,
    title_phrases,
    title_token_patterns,
)
from matcher.taxonomy.patterns import (
    FORBIDDEN_FORMS,
    MAX_EXPANSIONS,
    WIDE,
    expand,
    forbidden_reason,
    noun_forms,
    pattern_forbidden,
    pattern_problems,
    token_patterns,
    tokens_of,
    verb_forms,
)

IRREGULAR = {
    "verbs": {"build": ["builds", "built", "building"]},
    "nouns": {"analysis": ["analyses"]},
}


# --- inflection -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("verb", "forms"),
    [
        ("negotiate", ("negotiate", "negotiates", "negotiated", "negotiating")),
        ("manage", ("manage", "manages", "managed", "managing")),
        ("plan", ("plan", "plans", "planned", "planning")),
        ("ship", ("ship", "ships", "shipped", "shipping")),
        ("visit", ("visit", "visits", "visited", "visiting")),
        ("copy", ("copy", "copies", "copied", "copying")),
        ("stay", ("stay", "stays", "stayed", "staying")),
        ("process", ("process", "processes", "processed", "processing")),
        ("tie", ("tie", "ties", "tied", "tying")),
        ("oversee", ("oversee", "oversees", "overseed", "overseeing")),
        ("liaise", ("liaise", "liaises", "liaised", "liaising")),
        ("build", ("build", "builds", "built", "building")),
        ("Prioritize", ("prioritize", "prioritizes", "prioritized", "prioritizing")),
    ],
)
def test_taxonomy_patterns_verb_forms(verb, forms):
    assert verb_forms(verb, IRREGULAR["verbs"]) == forms


@pytest.mark.parametrize(
    ("noun", "forms"),
    [
        ("relationship", ("relationship", "relationships")),
        ("opportunity", ("opportunity", "opportunities")),
        ("day", ("day", "days")),
        ("process", ("process", "processes")),
        ("pitch", ("pitch", "pitches")),
        ("analysis", ("analysis", "analyses")),
    ],
)
def test_taxonomy_patterns_noun_forms(noun, forms):
    assert noun_forms(noun, IRREGULAR["nouns"]) == forms


# --- the pattern language -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "phrases"),
    [
        ("cold calling", ["cold calling"]),
        ("(key|strategic|) accounts", ["key accounts", "strategic accounts", "accounts"]),
        (
            "negotiate/v renewal/n",
            [
                f"{v} {n}"
                for v in ("negotiate", "negotiates", "negotiated", "negotiating")
                for n in ("renewal", "renewals")
            ],
        ),
        (
            "build/v (client|) relationship/n",
            [
                f"{v} {c}{n}"
                for v in ("build", "builds", "built", "building")
                for c in ("client ", "")
                for n in ("relationship", "relationships")
            ],
        ),
        ("=Excel", ["Excel"]),
        ("portfolio of <num> accounts", ["portfolio of <num> accounts"]),
    ],
)
def test_taxonomy_patterns_expand(pattern, phrases):
    assert sorted(expand(pattern, IRREGULAR)) == sorted(phrases)
    assert expand(pattern, IRREGULAR) == expand(pattern, IRREGULAR)  # a stable order


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("", "is empty"),
        ("=", "is empty"),
        ("strateg(y|ies)", "must stand apart from other words"),
        ("(a|b", "unclosed"),
        ("((a|b)|c)", "nested"),
        ("(client) needs", "at least two alternatives"),
        ("=Excel/v", "cannot also use /v"),
        ("client; needs", "unexpected character"),
        ("(client;|customer) needs", "unexpected character"),
        ("client|customer needs", "'|' outside a group"),
    ],
)
def test_taxonomy_patterns_syntax_problems(pattern, message):
    assert any(message in problem for problem in pattern_problems(pattern))


def test_taxonomy_patterns_expansion_limit():
    too_many = " ".join(f"({'|'.join(f'w{i}x{j}' for j in range(8))})" for i in range(4))
    with pytest.raises(ValueError, match=f"more than {MAX_EXPANSIONS} phrases"):
        expand(too_many)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (
            "manage/v (a|) portfolio of <num> (key|) accounts",
            [
                [
                    {"LOWER": form},
                    {"LOWER": "a", "OP": "?"},
                    {"LOWER": "portfolio"},
                    {"LOWER": "of"},
                    {"LIKE_NUM": True},
                    {"ORTH": "+", "OP": "?"},
                    {"LOWER": "key", "OP": "?"},
                    {"LOWER": "accounts"},
                ]
                for form in ("manage", "manages", "managed", "managing")
            ],
        ),
        ("=Excel", [[{"ORTH": "Excel"}]]),
        (
            "long-term <num> accounts",
            [
                [
                    {"LOWER": "long"},
                    {"LOWER": "-"},
                    {"LOWER": "term"},
                    {"LIKE_NUM": True},
                    {"ORTH": "+", "OP": "?"},
                    {"LOWER": "accounts"},
                ],
            ],
        ),
    ],
)
def test_taxonomy_patterns_token_patterns(pattern, expected):
    assert token_patterns(pattern) == expected


@pytest.mark.parametrize(
    ("word", "tokens"),
    [
        ("long-term", ["long", "-", "term"]),
        ("clients'", ["clients", "'"]),
        ("customer's", ["customer", "'s"]),
        ("sr.", ["sr", "."]),
        ("b2b", ["b2b"]),
        ("<num>", ["<num>"]),
    ],
)
def test_taxonomy_patterns_tokens_of(word, tokens):
    assert tokens_of(word) == tokens


# --- the hard rule: accountancy is not account management ------------------------------------


@pytest.mark.parametrize(
    "phrase",
    [
        *FORBIDDEN_FORMS,
        "Accounting",
        "senior accountant",
        "payable",
        "bank",
        "accounting software",
        "manage accounts receivable",
    ],
)
def test_taxonomy_patterns_forbidden_phrases(phrase):
    assert forbidden_reason(phrase) is not None


@pytest.mark.parametrize(
    "phrase",
    [
        "account manager",
        "key accounts",
        "account management",
        "account executive",
        "managed 40 accounts",
        "accounts manager",
    ],
)
def test_taxonomy_patterns_allowed_phrases(phrase):
    assert forbidden_reason(phrase) is None


@pytest.mark.parametrize(
    ("pattern", "phrase"),
    [
        ("account/v", "accounting"),
        ("(key|bank) account/n", "bank account"),
        ("(key|) accounts", "accounts"),
        ("manage/v accounts (payable|receivable)", "manage accounts payable"),
    ],
)
def test_taxonomy_patterns_pattern_forbidden(pattern, phrase):
    found = pattern_forbidden(pattern)
    assert found is not None and found[0] == phrase


# --- the compiled shipped taxonomy ---------------------------------------------------------------


@pytest.fixture(scope="module")
def tax():
    return load_taxonomy()


def _all_phrases(tax):
    return [
        *skill_phrases(tax),
        *skill_exact_phrases(tax),
        *title_phrases(tax),
        *title_exact_phrases(tax),
    ]


def test_taxonomy_patterns_no_compiled_phrase_is_forbidden(tax):
    bad = [(key, phrase) for key, phrase in _all_phrases(tax) if forbidden_reason(phrase)]
    assert bad == []


def test_taxonomy_patterns_no_token_pattern_is_forbidden(tax):
    for key, pattern in [*skill_token_patterns(tax), *title_token_patterns(tax)]:
        words = [spec.get("LOWER") or spec.get("ORTH") for spec in pattern]
        for word in words:
            values = word["IN"] if isinstance(word, dict) else [word]
            assert not {str(v).lower() for v in values} & {
                "accountant",
                "accountants",
                "accounting",
            }, key


def test_taxonomy_patterns_phrase_budget(tax):
    # Phrases go into a word trie at start-up (~5 us each: 7,500 wide phrases added ~35 ms to
    # building the pipeline); token patterns cost ~0.1 ms per long document each. Keep both
    # small for the cold start. `wide_patterns` have a budget of their own beside the rung
    # patterns and titles: they are the many ways of writing a duty.
    phrases = skill_phrases(tax)
    wide = sum(key.endswith(WIDE) for key, _ in phrases)
    assert len(phrases) - wide + len(title_phrases(tax)) < 6000
    assert wide < 8000
    assert (
        len(skill_token_patterns(tax, exact=False)) + len(title_token_patterns(tax, exact=False))
        < 40
    )


def test_taxonomy_patterns_exact_included_as_tokens_by_default(tax):
    exact = skill_exact_phrases(tax)
    assert ("skl.spreadsheet_software", "Excel") in exact
    assert ("skl.spreadsheet_software", [{"ORTH": "Excel"}]) in skill_token_patterns(tax)
    assert ("skl.spreadsheet_software", [{"ORTH": "Excel"}]) not in skill_token_patterns(
        tax, exact=False
    )
    assert ("account_executive", "AE") in title_exact_phrases(tax)


def test_taxonomy_patterns_phrases_are_lower_case(tax):
    assert all(phrase == phrase.lower() for _, phrase in [*skill_phrases(tax), *title_phrases(tax)])


# --- matching real text with spaCy ----------------------------------------------------------------


@pytest.fixture(scope="module")
def match(tax):
    spacy = pytest.importorskip("spacy")
    from spacy.matcher import Matcher, PhraseMatcher

    nlp = spacy.blank("en")
    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    tokens = Matcher(nlp.vocab)
    excluded = PhraseMatcher(nlp.vocab, attr="LOWER")
    for matcher, pairs in (
        (lower, skill_phrases(tax) + title_phrases(tax)),
        (exact, skill_exact_phrases(tax) + title_exact_phrases(tax)),
        (excluded, skill_exclude_phrases(tax)),
    ):
        grouped: dict[str, list[str]] = {}
        for key, phrase in pairs:
            grouped.setdefault(key, []).append(phrase)
        for key, phrases in grouped.items():
            matcher.add(key, list(nlp.tokenizer.pipe(phrases)))
    for key, pattern in skill_token_patterns(tax, exact=False):
        tokens.add(key, [pattern])

    def run(text: str) -> set[tuple[str, str]]:
        doc = nlp(text)
        blocked = {(nlp.vocab.strings[m], s, e) for m, s, e in excluded(doc)}
        found = set()
        for m, s, e in [*lower(doc), *exact(doc), *tokens(doc)]:
            key = nlp.vocab.strings[m]
            if any(k == key and bs < e and s < be for k, bs, be in blocked):
                continue
            found.add((key, doc[s:e].text))
        return found

    return run


@pytest.mark.parametrize(
    ("text", "key", "span"),
    [
        (
            "Negotiated renewals with 12 enterprise clients.",
            "skl.contract_renewal",
            "Negotiated renewals",
        ),
        ("Negotiated renewals with 12 enterprise clients.", "skl.negotiation", "Negotiated"),
        (
            "Managed a portfolio of 40 accounts in the Midwest.",
            "skl.account_management",
            "portfolio of 40 accounts",
        ),
        ("Managed 40+ key accounts.", "skl.account_management", "Managed 40+ key accounts"),
        ("Daily work in Salesforce and HubSpot.", "skl.crm_software", "Salesforce"),
        ("Daily work in Salesforce and HubSpot.", "skl.crm_software", "HubSpot"),
        ("Advanced Microsoft Excel (pivot tables).", "skl.spreadsheet_software", "Microsoft Excel"),
        (
            "Built lasting relationships with buyers.",
            "skl.relationship_building",
            "Built lasting relationships",
        ),
        ("Upsold and cross-sold services to existing clients.", "skl.upselling", "cross-sold"),
        ("Reached 120% of quota in 2023.", "skl.sales_quota", "120% of quota"),
        (
            "Supported the account team with quotes and order forms.",
            "skl.administrative_support",
            "Supported the account team",
        ),
        (
            "Trained new account executives on the CRM.",
            "skl.training_mentoring",
            "Trained new account executives",
        ),
        ("Senior Account Manager, Acme", "senior_account_manager", "Senior Account Manager"),
        ("Sr. Account Manager, Acme", "senior_account_manager", "Sr. Account Manager"),
        ("Acct. Exec at Northwind", "account_executive", "Acct. Exec"),
        ("Promoted from AE to KAM", "key_account_manager", "KAM"),
        ("Key Client Lead, Globex", "key_account_manager", "Key Client Lead"),
        ("Client Services Assistant", "account_coordinator", "Client Services Assistant"),
        ("Holds the Certified Strategic Account Manager (CSAM) designation", "crt.csam", "CSAM"),
    ],
)
def test_taxonomy_patterns_match_real_text(match, text, key, span):
    assert (key, span) in match(text)


@pytest.mark.parametrize(
    "text",
    [
        "Staff accountant handling accounts payable and accounts receivable.",
        "Accounting clerk: reconciled the bank account every month.",
        "Opened a savings account. Account number 1234.",
        "I excel at building rapport.",
        "Grew revenue through word of mouth.",
    ],
)
def test_taxonomy_patterns_no_evidence_from_lookalikes(match, text):
    found = match(text)
    assert not {k for k, _ in found} & {
        "skl.account_management",
        "skl.spreadsheet_software",
        "skl.word_processing",
    }
    assert all(
        "account" not in span.lower() or key == "skl.interpersonal_skills" for key, span in found
    )


def test_taxonomy_patterns_tokens_of_agrees_with_spacy(tax):
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    phrases = sorted({p for _, p in _all_phrases(tax)})
    mismatched = [
        p
        for p, doc in zip(phrases, nlp.tokenizer.pipe(phrases))
        if [t.text for t in doc] != [t for w in p.split() for t in tokens_of(w)]
    ]
    # Only token patterns rely on tokens_of; the phrases are tokenised by spaCy itself. Still,
    # agreement on nearly all phrases shows the splitting rules are spaCy's.
    assert len(mismatched) <= len(phrases) // 50, mismatched[:20]


@pytest.mark.parametrize(
    "text",
    [
        "Managed customer accounts receivable and collections for 300 clients.",
        "Oversaw 12 accounts payable clerks.",
    ],
)
def test_taxonomy_patterns_ledger_accounts_are_not_a_portfolio(match, text):
    assert not {k for k, _ in match(text)} & {"skl.account_management"}


@pytest.mark.parametrize(
    ("verb", "past"),
    [
        ("drive", "drove"),
        ("send", "sent"),
        ("understand", "understood"),
        ("up-sell", "up-sold"),
        ("oversee", "oversaw"),
        ("lead", "led"),
        ("traffic", "trafficked"),
    ],
)
def test_taxonomy_patterns_shipped_irregular_verbs(tax, verb, past):
    forms = verb_forms(verb, tax.lexicon["inflection"]["verbs"])
    assert past in forms
    assert f"{verb}ed" not in forms and f"{verb}d" not in forms
