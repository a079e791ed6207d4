"""matcher.report: a standalone HTML shortlist where document text is shown, never run."""

from __future__ import annotations

import copy
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from batch_files import AD, RESUME
from click.testing import CliRunner

from matcher.cli import main
from matcher.report import render_report

HOSTILE = '<script>alert("owned")</script><img src=x onerror=alert(1)>'
SHOWN = "&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"

ROW = {
    "source": "resumes/dana.txt", "ad": "ad.txt", "rank": 1, "match": 81.5, "best_fit": "account_executive",
    "fit": {"account_coordinator": 3.0, "account_executive": 91.0, "account_manager": 6.0},
    "parts": {"required_skills": 75.0, "rung": 100.0},
    "must_haves": [{"label": "CRM", "kind": "skill", "status": "met", "evidence": "Salesforce daily"},
                   {"label": "3+ years", "kind": "years", "status": "not_met", "evidence": None}],
    "reasons": [{"text": "has CRM", "weight": 1.2, "evidence": "Salesforce daily"},
                {"text": "missing negotiation", "weight": -0.4, "evidence": None}],
    "matched_skills": [{"id": "skl.crm", "label": "CRM", "required": True, "text": "Salesforce", "evidence": "x"}],
    "missing_skills": [{"id": "skl.negotiation", "label": "negotiation", "required": True}],
    "flags": [{"kind": "white_text", "detail": "12 words drawn in white", "count": 12}],
    "headline": "Account Executive", "years_experience": 5.5,
}  # fmt: skip
# Where document text reaches the report: each path gets the hostile text in turn.
PLACES = {
    "source": lambda row: row.update(source=HOSTILE),
    "headline": lambda row: row.update(headline=HOSTILE),
    "reason": lambda row: row["reasons"][0].update(text=HOSTILE),
    "reason evidence": lambda row: row["reasons"][0].update(evidence=HOSTILE),
    "must-have evidence": lambda row: row["must_haves"][0].update(evidence=HOSTILE),
    "matched skill evidence": lambda row: row["matched_skills"][0].update(evidence=HOSTILE),
    "missing skill": lambda row: row["missing_skills"][0].update(label=HOSTILE),
    "flag detail": lambda row: row["flags"][0].update(detail=HOSTILE),
}


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.active: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "img", "iframe", "object", "embed", "link", "base", "form"):
            self.active.append(tag)
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith(("http", "//", "javascript:")):
                self.active.append(f"{tag} {name}={value}")


def _active_markup(html: str) -> list[str]:
    """Elements or attributes the browser would run or fetch."""
    parser = _Markup()
    parser.feed(html)
    return parser.active


@pytest.mark.parametrize("place", sorted(PLACES))
def test_report_escapes_document_text(place: str) -> None:
    row = copy.deepcopy(ROW)
    PLACES[place](row)
    html = render_report([row], title="Shortlist")
    assert _active_markup(html) == []
    assert SHOWN in html  # shown to the reader, as the characters it was


def test_report_has_table_card_bars_and_needs_no_network() -> None:
    html = render_report([ROW, {**ROW, "rank": 2, "match": 40.0, "source": "b.txt"}], title="Shortlist")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert html.count('<section class="card"') == 2
    assert 'style="width:91%"' in html  # the executive fit bar
    assert 'href="#c2"' in html and 'id="c2"' in html
    assert "http://" not in html and "https://" not in html


def test_report_from_screen_renders_a_hostile_resume_as_text(tmp_path: Path) -> None:
    resume = tmp_path / "resume.txt"
    resume.write_text(RESUME.replace("Salesforce, CRM,", f"Salesforce, CRM {HOSTILE},"), encoding="utf-8")
    ad = tmp_path / "ad.txt"
    ad.write_text(AD, encoding="utf-8")
    report = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["screen", "--no-cache", "--jobs", "1", "--format", "json",
                                       "--report", str(report), str(ad), str(resume)])  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    html = report.read_text(encoding="utf-8")
    assert _active_markup(html) == []
    assert "&lt;script&gt;" in html  # the quote is shown, as text
    assert "Must-haves" in html and "Fit per rung" in html


@pytest.mark.slow
def test_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        pytest.skip("no Chromium on this machine (apt-get install chromium)")
    row = copy.deepcopy(ROW)
    for place in PLACES.values():
        place(row)
    page = tmp_path / "report.html"
    page.write_text(render_report([row], title="Shortlist"), encoding="utf-8")
    dom = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert dom.returncode == 0, dom.stderr[-2000:]
    # The browser parsed the hostile text as text: still escaped in the DOM it built.
    assert "&lt;script&gt;" in dom.stdout and "<script" not in dom.stdout.lower()
    shot = tmp_path / "report.png"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--screenshot={shot}", "--window-size=1100,1400", page.as_uri()],
                   capture_output=True, timeout=120, check=True)  # fmt: skip
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


def test_report_lists_an_unreadable_resume_as_text_without_a_card() -> None:
    from matcher.serialize import unmatched_to_json

    failed = unmatched_to_json(source=f"resumes/{HOSTILE}.pdf", ad="ad.txt", error=f"resumes/{HOSTILE}.pdf: empty file")
    html = render_report([ROW, failed], title="Shortlist")
    assert _active_markup(html) == []
    assert f"<b>resumes/{SHOWN}.pdf</b>: empty file" in html and "Could not be read (1)" in html
    assert html.count('<section class="card" id="c') == 1 and html.count("<tr>") == 2  # head + ROW
