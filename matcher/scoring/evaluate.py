"""Labelled documents → how right the role fit is: per-class P/R/F1, confusion, per item.

    labels.csv or benchmark dir ─► LabelledDocument ─► (mask titles) ─► Profile ─► RoleFit
                                                         └─► Evaluation (as is, title-masked)

Two views of every set, both reported:

* **as is** — the document as a user gives it;
* **title-masked** — every "account coordinator / executive / manager" phrase (plurals and
  abbreviations too: "Account Executives", "Sr. Acct. Mgr") is replaced by ``[ROLE]`` before
  the document is read, keeping modifiers ("Senior [ROLE]"), so the rung must be inferred
  from what the text says. For PDFs the extracted text is masked.

The benchmark layout is ``resumes.csv`` (``file,...,label``) + ``resumes/*.pdf`` and
``postings.jsonl`` (``id,title,description,label``); an ad's text is its title, a newline
and its description, and its title is passed to the profile.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from matcher.errors import UnreadableDocument, UsageError
from matcher.scoring.model import CLASSES
from matcher.types import Document, Kind, RoleFit

if TYPE_CHECKING:
    from matcher.scoring.model import RoleFitModel
    from matcher.types import Profile

__all__ = [
    "MASK_TOKEN",
    "ClassScores",
    "Evaluation",
    "LabelledDocument",
    "benchmark_documents",
    "evaluate",
    "evaluate_profiles",
    "labelled_documents",
    "mask_document",
    "mask_titles",
    "postings_documents",
    "read_labelled",
]

EVAL_FILE_DATES = True
"""Whether evaluation reads "present" from a document's own file date (see ``_profiles``)."""
MASK_TOKEN = "[ROLE]"
Mode = Literal["as_is", "masked"]

_ROLE = r"(?:coordinators?|coord\b\.?|executives?|execs?\b\.?|managers?|mgrs?\b\.?)"
_ACCOUNT = r"(?:accounts?|acct\b\.?|acc't)"
_TITLE = re.compile(
    rf"\b{_ACCOUNT}[\s-]*{_ROLE}(?:\s*(?:/|&|and|or)\s*(?:{_ACCOUNT}[\s-]*)?{_ROLE})*", re.IGNORECASE
)


def mask_titles(text: str) -> str:
    """``text`` with every account coordinator/executive/manager phrase replaced by ``[ROLE]``."""
    return _TITLE.sub(MASK_TOKEN, text)


@dataclass(frozen=True, slots=True)
class LabelledDocument:
    """One evaluation item: where it comes from, its label, and how to read it."""

    id: str
    kind: Kind
    label: str
    path: Path | None = None
    text: str | None = None
    title: str | None = None


def read_labelled(item: LabelledDocument, *, masked: bool = False) -> Document:
    """The item's Document, title-masked if asked (raises ``UnreadableDocument``)."""
    from matcher.readers import read_document, read_text

    if item.text is not None:
        document = read_text(item.text, source=item.id, kind_hint=item.kind, title=item.title)
    else:
        assert item.path is not None
        document = read_document(item.path, kind_hint=item.kind)
    # Masked after reading, as for files: the normalised text is what the scorer sees, and a
    # title glued to the next word in the raw text ("Account ManagerResponsibilities") is
    # separated by then.
    return mask_document(document) if masked else document


def mask_document(document: Document) -> Document:
    """``document`` with its text (and title) masked; sections found again on the new text."""
    from matcher.extract.sections import find_sections

    text = mask_titles(document.text)
    title = mask_titles(document.title) if document.title else document.title
    if text == document.text and title == document.title:
        return document
    kind = document.kind_hint
    return dataclasses.replace(
        document, text=text, title=title, sections=find_sections(text, kind=kind)
    )


def labelled_documents(labels_csv: str | Path) -> list[LabelledDocument]:
    """Rows of a ``path,kind,label,...`` CSV (paths relative to the CSV), every problem listed."""
    labels_csv = Path(labels_csv)
    try:
        with labels_csv.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except FileNotFoundError:
        raise UsageError(f"{labels_csv}: no such labels file") from None
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise UsageError(f"{labels_csv}: cannot read the labels file ({exc})") from None
    problems: list[str] = []
    if rows and not {"path", "label"} <= set(rows[0]):
        raise UsageError(
            f"{labels_csv}: needs the columns path,kind,label (found {', '.join(rows[0])})"
        )
    items = []
    for line, row in enumerate(rows, start=2):
        label = (row.get("label") or "").strip()
        kind = (row.get("kind") or "resume").strip()
        path = labels_csv.parent / (row.get("path") or "").strip()
        if label not in CLASSES:
            problems.append(f"line {line}: label {label!r} is not one of {', '.join(CLASSES)}")
        if kind not in ("resume", "job_ad"):
            problems.append(f"line {line}: kind {kind!r} is not resume or job_ad")
        if not path.is_file():
            problems.append(f"line {line}: file {row.get('path')!r} not found next to the CSV")
        items.append(LabelledDocument(str(row.get("path")), kind, label, path=path))  # type: ignore[arg-type]
    if problems:
        head = f"{labels_csv}: {len(problems)} problem{'s' if len(problems) != 1 else ''}:"
        raise UsageError("\n".join([head, *(f"  - {p}" for p in problems)]))
    if not items:
        raise UsageError(f"{labels_csv}: no labelled rows")
    return items


def benchmark_documents(directory: str | Path) -> list[LabelledDocument]:
    """The items of a benchmark folder (``resumes.csv`` + PDFs, ``postings.jsonl``)."""
    directory = Path(directory)
    resumes, postings = directory / "resumes.csv", directory / "postings.jsonl"
    if not resumes.is_file() and not postings.is_file():
        raise UsageError(
            f"{directory}: not a benchmark folder (needs resumes.csv and/or postings.jsonl)"
        )
    items: list[LabelledDocument] = []
    if resumes.is_file():
        with resumes.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                items.append(
                    LabelledDocument(
                        row["file"], "resume", row["label"], path=directory / row["file"]
                    )
                )
    if postings.is_file():
        items.extend(postings_documents(postings))
    return items


def postings_documents(path: Path) -> list[LabelledDocument]:
    """The ads of a JSONL file (``id,title,description,label`` a line): an ad's text is its
    title, a newline and its description, and its title is passed to the profile."""
    items = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            post = json.loads(line)
            title = (post.get("title") or "").strip()
            items.append(
                LabelledDocument(
                    f"{path.name}#{post['id']}",
                    "job_ad",
                    post["label"],
                    text=f"{title}\n{post.get('description') or ''}",
                    title=title or None,
                )
            )
    return items


# --- scoring the items -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClassScores:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True, slots=True)
class ItemResult:
    id: str
    kind: Kind
    label: str
    predicted: str
    scores: tuple[float, ...]
    """Fit 0-100 per rung, RUNGS order."""
    error: str | None = None
    why: str | None = None
    """A rung read for another rung: the features that carried the wrong one, those that
    spoke for the right one, and rung evidence present that the model barely weighs
    (cross-validation fills it, ``matcher.scoring.train.rung_reasons``)."""


@dataclass(frozen=True, slots=True)
class Evaluation:
    """One view (as is or title-masked) of one labelled set."""

    mode: str
    classes: tuple[ClassScores, ...]
    macro_f1: float
    accuracy: float
    confusion: tuple[tuple[int, ...], ...]
    """Rows: true class, columns: predicted class, both in ``CLASSES`` order."""
    none_without_rung: float | None
    """Share of ``none`` items that got no rung."""
    items: tuple[ItemResult, ...]
    model_version: str

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self) | {"labels": list(CLASSES)}


def _profiles(
    items: Sequence[LabelledDocument], *, masked: bool, as_of: date | None = None
) -> Iterator[tuple[LabelledDocument, Profile | str]]:
    from matcher.extract.profile import build_profile

    for item in items:
        try:
            document = read_labelled(item, masked=masked)
        except UnreadableDocument as exc:
            yield item, str(exc)
            continue
        # Figures must not move with the calendar: a document without a date of its own
        # reads "present" as December of its latest year (the rule training uses), not as
        # the day of the run. See EVAL_FILE_DATES for documents that carry a date.
        yield item, build_profile(document, kind=item.kind, as_of=as_of, fallback="latest_year",
                                  file_dates=EVAL_FILE_DATES)  # fmt: skip


def evaluate_profiles(
    pairs: Iterable[tuple[LabelledDocument, Profile | str]],
    *,
    mode: str,
    model: RoleFitModel | None = None,
) -> Evaluation:
    """Score ready profiles (a string stands for a read error, predicted ``none``)."""
    from matcher.scoring.fit import fit_roles
    from matcher.scoring.model import load_model

    model = model or load_model()
    results = []
    for item, profile in pairs:
        if isinstance(profile, str):
            results.append(
                ItemResult(item.id, item.kind, item.label, "none", (0.0, 0.0, 0.0), error=profile)
            )
            continue
        fit: RoleFit = fit_roles(profile, model=model)
        results.append(
            ItemResult(
                item.id,
                item.kind,
                item.label,
                fit.best or "none",
                tuple(r.score for r in fit.rungs),
            )
        )
    return summarise(results, mode=mode, model_version=getattr(model, "model_version_", "unsaved"))


def summarise(results: Sequence[ItemResult], *, mode: str, model_version: str) -> Evaluation:
    index = {c: i for i, c in enumerate(CLASSES)}
    confusion = [[0] * len(CLASSES) for _ in CLASSES]
    for r in results:
        confusion[index[r.label]][index[r.predicted]] += 1
    classes = []
    for c, i in index.items():
        tp = confusion[i][i]
        predicted = sum(row[i] for row in confusion)
        support = sum(confusion[i])
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        classes.append(ClassScores(c, round(precision, 4), round(recall, 4), round(f1, 4), support))
    present = [s for s in classes if s.support]
    macro = sum(s.f1 for s in present) / len(present) if present else 0.0
    none = [r for r in results if r.label == "none"]
    return Evaluation(
        mode=mode,
        classes=tuple(classes),
        macro_f1=round(macro, 4),
        accuracy=round(sum(r.label == r.predicted for r in results) / len(results), 4)
        if results
        else 0.0,
        confusion=tuple(tuple(row) for row in confusion),
        none_without_rung=round(sum(r.predicted == "none" for r in none) / len(none), 4)
        if none
        else None,
        items=tuple(results),
        model_version=model_version,
    )


def evaluate(
    items: Sequence[LabelledDocument],
    *,
    modes: Sequence[Mode] = ("as_is", "masked"),
    model: RoleFitModel | None = None,
    as_of: date | None = None,
) -> list[Evaluation]:
    """Evaluate ``items`` in each mode (``as_is``, ``masked``); ``as_of`` pins "present" for
    every resume (by default each one's file date, else December of its latest year)."""
    unknown = [m for m in modes if m not in ("as_is", "masked")]
    if unknown:
        raise UsageError(f"unknown evaluation mode(s) {', '.join(unknown)}; use as_is or masked")
    return [
        evaluate_profiles(_profiles(items, masked=mode == "masked", as_of=as_of), mode=mode, model=model)
        for mode in modes
    ]
