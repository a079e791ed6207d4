"""matcher.extract.sections: headings and their variants → sections with offsets into the text."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.errors import TaxonomyError
from matcher.extract.sections import _lexicon, find_sections

RESUME = """Jordan Avery
jordan@example.com | 555-0100

PROFESSIONAL SUMMARY:
Account manager with six years in SaaS.

Work History
Account Manager, Northwind, 2019 - 2024
• Grew 40 accounts by 18% a year

## Education
BA Economics, 2015

Skills: Salesforce, Excel, negotiation
Certifications
Salesforce Certified Administrator
REFERENCES AVAILABLE UPON REQUEST
"""

AD = """Account Executive, Mid-Market
About Acme Analytics
We build dashboards for retailers.
What You'll Do:
• Own a book of 60 accounts
What we're looking for
• 3+ years of quota-carrying sales
Bonus points
• Experience with HubSpot
Perks
• Dental, 401(k)
How to apply
Send a resume.
"""


def _names(text: str, **kwargs: object) -> list[str]:
    return [section.name for section in find_sections(text, **kwargs)]


@pytest.mark.parametrize("kind", ["resume", None])
def test_sections_resume(kind: str | None) -> None:
    assert _names(RESUME, kind=kind) == [
        "header", "summary", "experience", "education", "skills", "certifications", "references"
    ]  # fmt: skip


def test_sections_ad() -> None:
    assert _names(AD, kind="job_ad") == [
        "header", "about_company", "responsibilities", "requirements", "preferred", "benefits",
        "how_to_apply",
    ]  # fmt: skip
    assert _names(AD) == _names(AD, kind="job_ad")  # the ad lexicon wins on an ad


@pytest.mark.parametrize("line", ["10+ Years Experience", "Years of experience", "I have great experience",
                                  "Deep Experience Across Retail Banking And Insurance Sales Experience"])
def test_a_line_ending_in_experience_is_no_heading_when_it_reads_as_text(line: str) -> None:
    assert "experience" not in _names(f"Dana Whitfield\n{line}\nBarista, Cafe Uno, 2019 - 2021\n", kind="resume")


@pytest.mark.parametrize("text", [RESUME, AD])
def test_sections_offsets_point_at_headings_and_tile_the_text(text: str) -> None:
    sections = find_sections(text)
    for section in sections:
        assert text[section.start : section.start + len(section.heading)] == section.heading
    assert sections[0].start == 0 and sections[-1].end == len(text)
    for before, after in zip(sections, sections[1:]):
        assert before.end <= after.start
    headings = [s.heading for s in sections]
    assert headings[1] in ("PROFESSIONAL SUMMARY", "About Acme Analytics")


@pytest.mark.parametrize(
    ("line", "kind", "name"),
    [
        ("WORK HISTORY", "resume", "experience"),
        ("WorkHistory", "resume", "experience"),  # PDF producers that drop spaces
        ("Professional Experience:", "resume", "experience"),
        ("**Skills**", "resume", "skills"),
        ("Areas of Expertise", "resume", "skills"),
        ("INTERNSHIP EXPERIENCE", "resume", "experience"),  # a graduate's only work
        ("Military Experience", "resume", "experience"),
        ("Relevant Coursework", "resume", "education"),
        ("Campus Involvement", "resume", "activities"),  # no positions are read there
        ("AVIATION EXPERIENCE", "resume", "experience"),  # any trade's "<work> experience"
        ("Relevant Sales and Marketing Experience", "resume", "experience"),
        ("Volunteer Experience", "resume", "volunteer"),  # an exact heading wins
        ("What you’ll do", "job_ad", "responsibilities"),  # curly apostrophe
        ("Qualifications", "job_ad", "requirements"),
        ("Nice to have", "job_ad", "preferred"),
        ("Perks & Benefits", "job_ad", "benefits"),
        ("Why join Contoso", "job_ad", "about_company"),
        ("Primary Role:", "job_ad", "about_role"),
        ("Principal Duties", "job_ad", "responsibilities"),
        ("Knowledge, Skills and Abilities", "job_ad", "requirements"),
    ],
)
def test_sections_heading_variants(line: str, kind: str, name: str) -> None:
    text = f"Intro line\n{line}\nbody text\n"
    assert _names(text, kind=kind) == ["header", name]


@pytest.mark.parametrize(
    "text",
    [
        "Managed experience design for clients\nand more",  # a sentence, not a heading
        "• Skills\nExcel",  # a bullet item
        "About our approach to the many things we do every day for clients\n",  # too long
        "",
    ],
)
def test_sections_no_false_headings(text: str) -> None:
    assert find_sections(text, kind="resume") == ()


def test_sections_bad_kind_refused() -> None:
    with pytest.raises(ValueError, match="kind must be one of resume, job_ad"):
        find_sections("Skills", kind="cv")  # type: ignore[arg-type]


def test_sections_lexicon_errors_listed(tmp_path: Path) -> None:
    path = tmp_path / "sections.yaml"
    path.write_text(
        "resume:\n  skills: [skills]\n  tools: [skills]\n  empty: []\njob_ad: nope\n",
        encoding="utf-8",
    )
    with pytest.raises(TaxonomyError, match="3 problems") as caught:
        _lexicon(path)
    message = str(caught.value)
    assert "listed under both 'skills' and 'tools'" in message
    assert "resume.empty must be a non-empty list" in message
    assert "'job_ad' must map section names" in message


def test_sections_run_in_headings_of_scraped_ads() -> None:
    text = (
        "Account Coordinator\n"
        "About UsAcme makes soup.Role OverviewThe coordinator supports key accounts."
        "ResponsibilitiesMaintain item dataQualificationsBachelor's degree"
    )
    sections = find_sections(text, kind="job_ad")
    assert [s.name for s in sections] == [
        "header", "about_company", "about_role", "responsibilities", "requirements"
    ]  # fmt: skip
    for section in sections[1:]:
        assert text[section.start :].startswith(section.heading)
    # A heading word that merely starts a sentence, or a resume, is not split.
    assert find_sections("Acme Inc.\nResponsibilities include sales.", kind="job_ad") == ()
    assert find_sections("Intro\nAbout UsAcme", kind="resume") == ()
