"""Property: any text at all goes through text → profile → fit without an exception."""

from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher import pipeline
from matcher.readers import read_text
from matcher.types import RUNGS

# Mix arbitrary Unicode with the words the extractors react to, so that the odd inputs also
# reach the date, title, metric and requirement code, not only the tokenizer.
WORDS = st.sampled_from(
    [
        "Account Manager", "Sr. Acct. Exec", "01/2019 - Present", "2015 – 2018", "118% of quota",
        "$2.4M", "Bachelor", "MBA", "required", "nice to have", "no experience necessary",
        "Experience\n", "EDUCATION\n", "Requirements:\n", "•", "accountant", "bank account",
        "renewals", "led a team of 5", "\u200b", "\x00", "\n\n", "ﬁ", "â€¢",
    ]
)
TEXTS = st.lists(st.one_of(st.text(max_size=40), WORDS), max_size=30).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS, st.sampled_from([None, "resume", "job_ad"]))
def test_pipeline_any_text_profiles_and_scores_in_range(text, kind):
    document = read_text(text, source="prop.txt")
    result = pipeline.score_document(document, kind=kind)
    assert result.error is None
    fit = result.fit.as_dict()
    assert set(fit) == set(RUNGS)
    assert all(0.0 <= v <= 100.0 and not math.isnan(v) for v in fit.values())
    assert result.fit.best in (None, *RUNGS)
    for skill in result.profile.skills:
        for ev in skill.evidence:
            assert document.text[ev.start : ev.end] == ev.text
