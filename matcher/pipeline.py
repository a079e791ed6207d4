"""The whole flow on one screen.

    document file ─► Document ─► spaCy Doc ─► Profile ─► RoleFit / Match ─► report

Each entry point below is a few lines that hand one stage's output to the next; the stages
live in their own modules (``readers``, ``nlp``/``profile``, ``fit``, ``match``). Heavy
modules are imported inside the functions so that a cold start pays only for what it uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from matcher.errors import UnreadableDocument
from matcher.types import Document, Kind, Match, Profile, Result, RoleFit


def read(path: str | Path, *, pdf_engine: str | None = None) -> Document:
    """File → normalised text with sections and integrity flags."""
    from matcher.readers import DEFAULT_PDF_ENGINE, read_document

    return read_document(path, pdf_engine=pdf_engine or DEFAULT_PDF_ENGINE)


def profile(document: Document, *, kind: Kind | None = None) -> Profile:
    """Document → what it says, each fact with its evidence."""
    from matcher.extract.profile import build_profile

    return build_profile(document, kind=kind)


def fit(prof: Profile) -> RoleFit:
    """Profile → fit to each rung, with reasons."""
    from matcher.scoring.fit import fit_roles

    return fit_roles(prof)


def match(resume: Profile, ad: Profile) -> Match:
    """A resume's profile against a job ad's → 0-100 with its parts and must-haves."""
    from matcher.scoring.match import match_profiles

    return match_profiles(resume, ad)


def score_document(document: Document, *, kind: Kind | None = None) -> Result:
    """Document → profile and fit, in one step."""
    prof = profile(document, kind=kind)
    return Result(source=document.source, profile=prof, fit=fit(prof))


def score_path(path: str | Path, *, kind: Kind | None = None, pdf_engine: str | None = None) -> Result:
    """File → Result; an unreadable file becomes a Result carrying its one-line error."""
    try:
        document = check(read(path, pdf_engine=pdf_engine))
    except UnreadableDocument as exc:
        return Result(source=str(path), error=str(exc))
    return score_document(document, kind=kind)


def check(document: Document) -> Document:
    """The document, if it can be judged: raises ``UnreadableDocument`` when it is too short
    (``too_short``) or shows no sign of a resume or job ad (``not_a_resume_or_ad``)."""
    from matcher.extract.kind import check_document

    check_document(document)
    return document


def score_documents(documents: Iterable[Document | UnreadableDocument]) -> Iterator[Result]:
    """Stream of documents (or their read errors) → stream of Results, one per input."""
    for item in documents:
        try:
            if isinstance(item, UnreadableDocument):
                raise item
            document = check(item)
        except UnreadableDocument as exc:
            yield Result(source=exc.source, error=str(exc))
            continue
        yield score_document(document)
