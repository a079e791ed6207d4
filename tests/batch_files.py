"""Real input files for the batch, cache, CLI, blind and report tests, made on the spot.

Good files are a resume as text, DOCX (python-docx) and PDF (fpdf2) and a job ad; bad ones
are the files a batch meets in the wild: 0 bytes, random bytes named .pdf and .docx, a
truncated PDF, binary bytes in a .txt and an image where a resume should be.
"""

from __future__ import annotations

import random
from pathlib import Path

from docx import Document as DocxDocument
from fpdf import FPDF

RESUME = """Dana Okafor
dana.okafor@example.org | (415) 555-0199 | linkedin.com/in/dana-okafor-sales
1200 Market Street, San Francisco, CA 94102

Summary
Account executive with five years of new business and account management experience.
She is known for closing mid-market deals. Age 34.

Experience
Account Executive, Northwind Traders, March 2020 - Present
- Managed a book of 45 accounts and exceeded quota at 118% in 2023.
- Negotiated contracts and renewals with procurement teams; she built the pipeline in Salesforce.
Account Coordinator, Contoso Media, June 2018 - February 2020
- Prepared client reports, scheduled meetings and supported the account team.

Education
B.A. Communications, State University, 2014

Skills
Salesforce, CRM, contract negotiation, prospecting, Microsoft Excel
"""

AD = """Account Executive - Mid-Market

About the role
We are hiring an Account Executive to own new business in the mid-market segment.

Requirements
- 3+ years of B2B sales or account management experience
- Experience with Salesforce or another CRM
- Strong contract negotiation and prospecting skills
- Bachelor's degree required

Nice to have
- Experience in SaaS
"""


def write_pdf(path: Path, text: str) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    for line in text.splitlines():
        # fpdf2's core fonts are Latin-1; the test texts stay inside it.
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    path.write_bytes(bytes(pdf.output()))
    return path


def write_docx(path: Path, text: str) -> Path:
    document = DocxDocument()
    for line in text.splitlines():
        document.add_paragraph(line)
    document.save(str(path))
    return path


def good_files(folder: Path, *, text: str = RESUME) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    txt = folder / "resume.txt"
    txt.write_text(text, encoding="utf-8")
    ad = folder / "ad.txt"
    ad.write_text(AD, encoding="utf-8")
    return [txt, write_docx(folder / "resume.docx", text), write_pdf(folder / "resume.pdf", text), ad]


def bad_files(folder: Path) -> list[Path]:
    """One file per way a batch input can be broken; each must give one error row."""
    folder.mkdir(parents=True, exist_ok=True)
    noise = random.Random(7)
    files = {
        "empty.pdf": b"",
        "random.pdf": bytes(noise.randrange(256) for _ in range(4096)),
        "random.docx": bytes(noise.randrange(256) for _ in range(4096)),
        "binary.txt": bytes(noise.randrange(256) for _ in range(2048)),
        "photo.png": b"\x89PNG\r\n\x1a\n" + bytes(noise.randrange(256) for _ in range(512)),
    }
    paths = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    whole = write_pdf(folder / "whole.pdf", RESUME).read_bytes()
    (folder / "whole.pdf").unlink()
    truncated = folder / "truncated.pdf"
    truncated.write_bytes(whole[:300])  # the header and part of the first object
    paths.append(truncated)
    return paths


def hostile_files(folder: Path) -> tuple[list[Path], dict[Path, str]]:
    """Files that break other tools: those a reader must score, and those it must refuse
    (each with the words its error must contain)."""
    import io
    import zipfile

    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    html = folder / "scripts.html"
    html.write_text("<html><body><script>alert(1)</script>" + "".join(f"<p>{line}</p>" for line in RESUME.splitlines())
                    + "<script>document.write('x')</script>&amp;&lt;</body></html>", encoding="utf-8")  # fmt: skip
    latin1 = folder / "latin1.txt"
    latin1.write_bytes(RESUME.replace("Okafor", "Okaför").encode("latin-1"))
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    for line in RESUME.splitlines():
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_encryption(owner_password="owner", user_password="user")
    encrypted = folder / "encrypted.pdf"
    encrypted.write_bytes(bytes(pdf.output()))
    picture = folder / "scan.png"
    Image.new("RGB", (200, 100), "white").save(picture)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(str(picture), x=10, y=10, w=100)
    picture.unlink()
    image_only = folder / "image-only.pdf"
    image_only.write_bytes(bytes(pdf.output()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:  # 120 MB unpacked, ~120 KB packed
            member.write(b"<w:document>")
            for _ in range(120):
                member.write(b"A" * 1_000_000)
            member.write(b"</w:document>")
    bomb = folder / "bomb.docx"
    bomb.write_bytes(buffer.getvalue())
    return [html, latin1], {encrypted: "encrypted", image_only: "no text layer", bomb: "zip bomb"}
