"""A screening's decisions → CSV, JSON, and labels that ``matcher train --data`` reads.

    decisions_csv(store, screening)    decisions_json(store, screening)    labels_zip(store, screening)

The labels ZIP holds ``labels.csv`` (``path,kind,label,decision,note``, paths relative to
it, as ``matcher.scoring.evaluate.labelled_documents`` wants) and each labelled document: the
uploaded file when ``--keep-files`` kept it, else the text the database keeps. A decision
teaches a rung: the one the recruiter chose, or for an advance without one, the ad's rung;
a hold or reject without a chosen rung teaches nothing and is left out.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

from matcher.serve.store import Screening, Store
from matcher.types import RUNGS

__all__ = ["COLUMNS", "decisions_csv", "decisions_json", "labels_zip"]

COLUMNS = ("candidate", "match", "best_fit", *RUNGS, "decision", "label", "note", "decided")


def decision_rows(store: Store, screening: Screening) -> list[dict[str, Any]]:
    rows = []
    for item in store.decisions(screening.id):
        row = json.loads(item["row"]) if item["row"] else {}
        fit = row.get("fit") or {}
        rows.append({"candidate": item["name"], "match": item["match"], "best_fit": row.get("best_fit"),
                     **{rung: fit.get(rung) for rung in RUNGS}, "decision": item["decision"],
                     "label": _label(item, screening), "note": item["note"], "decided": item["updated"]})  # fmt: skip
    return rows


def _label(item: dict[str, Any], screening: Screening) -> str | None:
    """The rung a decision teaches: the one the recruiter chose, or the ad's rung for an advance."""
    if item["label"]:
        return item["label"]
    if item["decision"] == "advance":
        return (screening.ad_row or {}).get("best_fit")
    return None


def decisions_csv(store: Store, screening: Screening) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in decision_rows(store, screening):
        # A cell starting with = + - @ is a formula to a spreadsheet: quote it as text.
        writer.writerow({k: ("'" + v if isinstance(v, str) and v[:1] in "=+-@" else v) for k, v in row.items()})
    return out.getvalue()


def decisions_json(store: Store, screening: Screening) -> str:
    body = {"screening": screening.title, "ad": screening.ad_name, "decisions": decision_rows(store, screening)}
    return json.dumps(body, ensure_ascii=False, indent=1)


def labels_zip(store: Store, screening: Screening) -> bytes:
    out = io.BytesIO()
    lines = io.StringIO()
    writer = csv.writer(lines, lineterminator="\n")
    writer.writerow(["path", "kind", "label", "decision", "note"])
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in store.decisions(screening.id):
            label = _label(item, screening)
            if label is None or item["status"] != "done":
                continue
            raw = store.file(screening_id=screening.id, candidate_id=item["id"])
            if raw is not None:
                path = f"resumes/candidate-{item['id']}.{item['type']}"
                archive.writestr(path, raw)
            else:
                path = f"resumes/candidate-{item['id']}.txt"
                archive.writestr(path, store.candidate_text(item["id"]) or "")
            writer.writerow([path, "resume", label, item["decision"], " ".join(item["note"].split())])
        archive.writestr("labels.csv", lines.getvalue())
    return out.getvalue()
