"""Build the batch demo files ``samples/ads.jsonl`` and ``samples/ads.csv`` from the ad texts.

The hand-written ads under ``samples/ads/`` are the source of truth. The batch files hold a
mixed subset of them (all three rungs and unrelated roles) in the two shapes a job board would
hand to ``matcher``: JSON lines with ``id,title,company,text`` and CSV with
``id,title,company,description``. They are generated, never edited, so they cannot drift from
the texts; ``tests/test_samples_ads.py`` regenerates them and compares bytes. Rebuild with

    python samples/build_ads.py            # rewrites samples/ads.jsonl and samples/ads.csv
    python samples/build_ads.py --out DIR  # writes both files into DIR instead

They are not rows of ``labels.csv``: every ad in them is already labelled through its text file.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ADS = HERE / "ads"

# (file under ads/, title, company). Title and company are given here rather than parsed from
# the text because the ads deliberately have no common layout; order is the output order.
BATCH: list[tuple[str, str, str]] = [
    ("ac-brightline-agency-account-coordinator.txt", "Account Coordinator", "Brightline & Vale Creative"),
    ("ac-kestrel-freight-account-coordinator.txt", "Account Coordinator", "Kestrel Freight Solutions"),
    ("ac-ridgewell-bank-client-services-assistant.md", "Client Services Assistant", "Ridgewell Savings Bank"),
    ("ac-northmere-cpg-customer-account-coordinator.txt", "Customer Account Coordinator – National Retail Accounts", "Northmere Foods"),
    ("ac-tidewater-hotels-group-sales-coordinator.txt", "Group Sales Coordinator", "The Tidewater Inn & Conference Center"),
    ("ac-indeed-style-account-coordinator.txt", "Account Coordinator", "Fairlane Signs & Graphics"),
    ("ae-fernhollow-saas-midmarket-ae.txt", "Mid-Market Account Executive", "Fernhollow"),
    ("ae-saltmarsh-agency-account-executive.txt", "Account Executive", "Saltmarsh Studio"),
    ("ae-copperline-insurance-personal-lines-ae.txt", "Personal Lines Account Executive", "Copperline Insurance Agency"),
    ("ae-pinegrove-packaging-territory-sales-executive.txt", "Territory Sales Executive – Corrugated & Flexible Packaging", "Pinegrove Packaging Group"),
    ("ae-harlow-pr-assistant-account-executive.txt", "Assistant Account Executive", "Harlow Stone PR"),
    ("ae-emoji-fintech-account-executive.txt", "Account Executive", "Coinlane Business"),
    ("am-lattice-saas-account-manager.txt", "Account Manager", "Lattice Forge"),
    ("am-hollis-insurance-commercial-lines-am.txt", "Commercial Lines Account Manager", "Hollis Reed Insurance Group"),
    ("am-oriel-agency-client-partner.md", "Client Partner", "Oriel & Finch"),
    ("am-alderpoint-mfg-key-client-lead.txt", "Key Client Lead — Aerospace Components", "Alderpoint Precision"),
    ("am-stonebridge-freight-national-account-manager.txt", "National Account Manager", "Stonebridge Transportation Services"),
    ("am-emoji-saas-account-manager.txt", "Account Manager, Growth Customers", "Tessera Studio"),
    ("none-birchfield-staff-accountant.txt", "Staff Accountant", "Birchfield Home Goods"),
    ("none-marlowe-ar-collections-specialist.txt", "Accounts Receivable & Collections Specialist", "Marlowe Industrial Supply"),
    ("none-westlake-marketing-coordinator.txt", "Marketing Coordinator", "Westlake Outdoor Gear"),
    ("none-cresthaven-administrative-assistant.txt", "Administrative Assistant", "Cresthaven Property Management"),
    ("none-stmarguerite-rn-medsurg.txt", "Registered Nurse – Medical/Surgical Unit (Nights)", "St. Marguerite Regional Medical Center"),
    ("none-evergreen-customer-service-rep.txt", "Customer Service Representative (Inbound Call Center)", "Evergreen Mutual Insurance"),
]


def _id(name: str) -> str:
    return Path(name).stem


def render_jsonl(batch: list[tuple[str, str, str]] = BATCH, ads: Path = ADS) -> str:
    lines = []
    for name, title, company in batch:
        text = (ads / name).read_text(encoding="utf-8")
        record = {"id": _id(name), "title": title, "company": company, "text": text}
        lines.append(json.dumps(record, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def render_csv(batch: list[tuple[str, str, str]] = BATCH, ads: Path = ADS) -> str:
    # "\n" terminators, not csv's default "\r\n", so the committed bytes match on every platform.
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "title", "company", "description"])
    for name, title, company in batch:
        text = (ads / name).read_text(encoding="utf-8")
        writer.writerow([_id(name), title, company, text])
    return buffer.getvalue()


def build(out: Path) -> list[Path]:
    """Write ads.jsonl and ads.csv into ``out``; return the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, content in (("ads.jsonl", render_jsonl()), ("ads.csv", render_csv())):
        path = out / filename
        path.write_bytes(content.encode("utf-8"))
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="directory to write into")
    args = parser.parse_args(argv)
    for path in build(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
