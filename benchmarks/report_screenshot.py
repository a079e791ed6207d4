"""Screen the shipped samples, write the HTML report, and photograph it in headless Chromium.

    python benchmarks/report_screenshot.py [--out report.png] [--blind]

Runs ``matcher screen`` on one sample ad and the sample resumes (plus one resume with a
``<script>`` in it, to see it shown as text), then ``chromium --headless --screenshot``. The
HTML and PNG are left in ``--dir`` (a temporary folder by default, printed). Needs Chromium
(``apt-get install chromium``); says so and exits 0 without it.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
AD = REPO / "samples" / "ads" / "ae-fernhollow-saas-midmarket-ae.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, default=None, help="where to leave report.html and report.png")
    parser.add_argument("--ad", type=Path, default=None, help="the ad to screen against")
    parser.add_argument("--blind", action="store_true", help="blind mode")
    parser.add_argument("--height", type=int, default=2200)
    args = parser.parse_args()
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        print("Chromium is not installed (apt-get install chromium): nothing to photograph")
        return
    folder = args.dir or Path(tempfile.mkdtemp(prefix="matcher-report-"))
    folder.mkdir(parents=True, exist_ok=True)
    ads = sorted((REPO / "samples" / "ads").glob("ae-*.txt"))
    ad = args.ad or (AD if AD.exists() else ads[0])
    resumes = sorted((REPO / "samples" / "resumes").glob("ae-*.txt"))[:12]
    hostile = folder / "hostile-resume.txt"
    hostile.write_text(resumes[0].read_text(encoding="utf-8").replace(
        "\n", "\nSkills: Salesforce <script>alert('x')</script> negotiation\n", 1), encoding="utf-8")
    html, png = folder / "report.html", folder / "report.png"
    command = [sys.executable, "-m", "matcher", "screen", str(ad), *map(str, resumes), str(hostile),
               "--top", "8", "--format", "json", "--report", str(html), *(["--blind"] if args.blind else [])]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--screenshot={png}", f"--window-size=1100,{args.height}", html.as_uri()],
                   check=True, capture_output=True, timeout=120)  # fmt: skip
    print(f"{html}\n{png}")


if __name__ == "__main__":
    main()
