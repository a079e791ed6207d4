"""matcher.extract.positions: the title and employer of each position, from real resume layouts.

Each layout is written into a PDF or DOCX the test makes, read by the readers as a user's file
would be, then profiled.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from fpdf import FPDF

from matcher.pipeline import profile, read

AS_OF = date(2024, 6, 1)


def _pdf(path: Path, lines: list[str]) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)  # a core font: Latin-1, as the mojibake is
    for line in lines:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    path.write_bytes(bytes(pdf.output()))
    return path


def _docx(path: Path, lines: list[str]) -> Path:
    document = DocxDocument()
    for line in lines:
        document.add_paragraph(line)
    document.save(path)
    return path


def _positions(path: Path) -> list[tuple[str, str | None]]:
    from matcher.extract.profile import build_profile

    prof = build_profile(read(path), kind="resume", as_of=AS_OF)
    return [(p.title, p.employer) for p in prof.positions]


HEAD = ["Dana Whitfield", "dana.whitfield@example.com | 503-555-0142", "Experience"]
BODY = "Prepared the line for dinner service and trained new cooks."


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # "Title Employer ï¼ City , ST": a full-width comma read as Latin-1 with its last byte
        # lost, then the location; the dates on the line before.
        (
            ["06/2019 to Current", "Sous Chef Harbor Grill \u00ef\u00bc Portland , OR", BODY,
             "03/2015 to 05/2019", "Line Cook Alder Street Bistro \u00ef\u00bc Salem , OR", BODY],
            [("Sous Chef", "Harbor Grill"), ("Line Cook", "Alder Street Bistro")],
        ),
        # A title only the occupation index knows, glued to its employer before the place.
        (
            ["01/2018 to 12/2020", "Courier Blue Ridge Legal Services, Asheville , NC", BODY],
            [("Courier", "Blue Ridge Legal Services")],
        ),
    ],
)
def test_extract_positions_title_glued_to_employer_and_place_in_a_pdf(
    tmp_path: Path, lines: list[str], expected: list[tuple[str, str | None]]
) -> None:
    assert _positions(_pdf(tmp_path / "resume.pdf", HEAD + lines)) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # "Employer City , ST Title dates": the title comes after the location.
        (
            ["Wells Fargo Phoenix , AZ SVP, Business Banking 03/2016 to 08/2021", BODY],
            [("SVP", "Wells Fargo Phoenix")],
        ),
        (
            ["Mercy Regional Hospital Omaha , NE Staff Nurse 05/2012 to 04/2016", BODY],
            [("Staff Nurse", "Mercy Regional Hospital Omaha")],
        ),
        # "Employer dates Title" with the place on the next line.
        (
            ["Grand Lake Lodge January 2014 to Current Housekeeper", "Estes Park , CO", BODY],
            [("Housekeeper", "Grand Lake Lodge")],
        ),
    ],
)
def test_extract_positions_title_after_employer_in_a_docx(
    tmp_path: Path, lines: list[str], expected: list[tuple[str, str | None]]
) -> None:
    assert _positions(_docx(tmp_path / "resume.docx", HEAD + lines)) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # Another part gives the place: what follows the title in its part is not cut off.
        (["Logistics Specialist Second Class, U.S. Navy — Norfolk, VA", "2016 – 2022", BODY],
         [("Logistics Specialist Second Class", "U.S. Navy")]),
        # An employer whose name ends in an occupation's plural is not the title.
        (["Merchandiser — Bay Colony Beverage Distributors — 2022 - 2023", BODY],
         [("Merchandiser", "Bay Colony Beverage Distributors")]),
    ],
)
def test_extract_positions_keeps_what_is_not_glued(
    tmp_path: Path, lines: list[str], expected: list[tuple[str, str | None]]
) -> None:
    assert _positions(_docx(tmp_path / "resume.docx", HEAD + lines)) == expected


def test_extract_positions_occupation_of_a_repaired_title(tmp_path: Path) -> None:
    # The point of reading the title: the position's occupation is known, not "unknown".
    path = _pdf(tmp_path / "resume.pdf", HEAD + ["06/2019 to Current",
                                                 "Pastry Cook II Harbor Grill \u00ef\u00bc Portland , OR", BODY])
    (position,) = profile(read(path), kind="resume").positions
    assert position.title == "Pastry Cook II"
    assert position.occupation is not None and position.occupation.code is not None


@pytest.mark.parametrize("place", ["Pittsburgh, PA", "Denver, CO"])
def test_extract_positions_a_state_code_is_no_title(tmp_path: Path, place: str) -> None:
    # "PA" and "CO" name occupations in the index (physician assistant, correctional officer).
    lines = [f"Steel City Signage & Graphics — {place}", "September 2022 – Present", BODY]
    (position,) = profile(read(_docx(tmp_path / "resume.docx", HEAD + lines)), kind="resume").positions
    assert position.title not in place
    assert position.occupation is None or position.occupation.code is None


def test_an_internship_section_is_work_and_campus_activities_are_not(tmp_path: Path) -> None:
    """A graduate's internship is the experience an entry-level account coordinator has; a
    student club's treasurer is neither years of work nor the occupation."""
    from matcher.extract.profile import build_profile

    lines = ["Riley Okafor", "riley.okafor@example.com", "Education", "BA Communication, Lakeside College, 2024",
             "Internship", "Account Coordinator Intern, Northpoint Agency, Chicago, IL", "June 2023 - August 2023",
             "- Kept the client status report current and booked review meetings.",
             "Campus Experience", "Treasurer, Marketing Club", "September 2021 - May 2024",
             "- Ran the club's budget and its sponsor mailings."]
    prof = build_profile(read(_docx(tmp_path / "graduate.docx", lines)), kind="resume", as_of=AS_OF)
    assert [p.title for p in prof.positions] == ["Account Coordinator Intern"]
    assert prof.years_experience < 0.5
    assert prof.occupation is not None and prof.occupation.relation == "account"
