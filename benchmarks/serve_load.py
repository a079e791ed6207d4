"""500 resume PDFs uploaded into one ``matcher serve`` screening: time to all scored, and memory.

    python benchmarks/serve_load.py                 # 500 PDFs, --jobs 2, 100 files per upload
    python benchmarks/serve_load.py --count 200 --batch 50 --benchmark /path/to/shared/benchmark

Starts ``matcher serve`` on a free port with a fresh database, creates a screening from a
sample ad over HTTP (CSRF token and all, as a browser would), uploads the PDFs in requests of
``--batch`` files, and polls the progress route until every file is scored. The PDFs are the
25 benchmark resumes of ``../shared/benchmark/resumes`` when present, else the sample
resumes' PDFs, repeated to ``--count`` (serve does not use the profile cache, so a repeated
file costs as much as a new one). Memory is the RSS (and PSS) summed over the server, its
fork server and the workers, sampled every half second; the page's responsiveness is the
slowest progress request seen while the workers were busy.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))
from throughput import BENCHMARK, _tree_rss  # noqa: E402

AD = REPO / "samples" / "ads" / "ae-fernhollow-saas-midmarket-ae.txt"


def _pdfs(benchmark: Path) -> tuple[list[Path], str]:
    shared = sorted((benchmark / "resumes").glob("*.pdf"))
    if shared:
        return shared, f"{len(shared)} benchmark resume PDFs"
    samples = sorted((REPO / "samples" / "resumes").glob("*.pdf"))
    return samples, f"{len(samples)} sample resume PDFs"


def _tree_cpu(root: int) -> float:
    """CPU seconds (user + system) used by ``root`` and its descendants, reaped ones included."""
    parents: dict[int, int] = {}
    spent: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        spent[int(entry)] = sum(int(f) for f in fields[11:15]) / tick  # utime stime cutime cstime
    family, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in family:
                family.add(pid)
                frontier.append(pid)
    return sum(spent.get(pid, 0.0) for pid in family)


def _multipart(fields: dict[str, str], files: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = secrets.token_hex(16)
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for filename, data in files:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{filename}"\r\n'
                     "Content-Type: application/pdf\r\n\r\n".encode() + data + b"\r\n")  # fmt: skip
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--batch", type=int, default=100, help="files per upload request")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--benchmark", type=Path, default=BENCHMARK,
                        help="the benchmark folder (default ../shared/benchmark beside the checkout)")
    args = parser.parse_args()

    sources, what = _pdfs(args.benchmark)
    files = [(f"resume-{n:04d}-{sources[n % len(sources)].name}", sources[n % len(sources)].read_bytes())
             for n in range(args.count)]  # fmt: skip
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    folder = Path(tempfile.mkdtemp(prefix="matcher-serve-load-"))
    server = subprocess.Popen([sys.executable, "-m", "matcher", "serve", "--db", str(folder / "load.sqlite3"),
                               "--port", str(port), "--jobs", str(args.jobs), "--max-files", str(args.batch)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    samples: list[tuple[float, int, int]] = []
    try:
        started = time.monotonic()
        while True:
            try:
                page = opener.open(base + "/", timeout=2).read().decode()
                break
            except OSError:
                if time.monotonic() - started > 60:
                    raise SystemExit("matcher serve did not start") from None
                time.sleep(0.1)
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        body, kind = _multipart({"csrf": csrf, "title": "load", "ad_text": AD.read_text(encoding="utf-8")}, [])
        response = opener.open(urllib.request.Request(base + "/screenings", data=body, headers={"Content-Type": kind}))
        screening = response.url.rstrip("/").rsplit("/", 1)[1]
        progress_url = f"{base}/screenings/{screening}/progress"
        while json.loads(opener.open(progress_url).read())["ad_status"] == "queued":
            time.sleep(0.1)
        ready = time.monotonic()

        cpu0 = _tree_cpu(server.pid)
        t0 = time.monotonic()
        for start in range(0, len(files), args.batch):
            body, kind = _multipart({"csrf": csrf}, files[start : start + args.batch])
            opener.open(urllib.request.Request(f"{base}/screenings/{screening}/resumes", data=body,
                                               headers={"Content-Type": kind})).read()  # fmt: skip
        uploaded = time.monotonic() - t0
        slowest = 0.0
        last_sample = 0.0
        while True:
            asked = time.monotonic()
            progress = json.loads(opener.open(progress_url).read())
            slowest = max(slowest, time.monotonic() - asked)
            if asked - last_sample >= 0.5:
                rss, pss = _tree_rss(server.pid)
                samples.append((asked - t0, rss, pss))
                last_sample = asked
            if progress["queued"] == 0:
                break
            time.sleep(0.1)
        total = time.monotonic() - t0
        cpu = _tree_cpu(server.pid) - cpu0
        page_start = time.monotonic()
        opener.open(f"{base}/screenings/{screening}?cards=50").read()
        page_time = time.monotonic() - page_start
    finally:
        server.terminate()
        server.wait(30)
    load = os.getloadavg()
    peak_rss = max(s[1] for s in samples)
    peak_pss = max(s[2] for s in samples)
    print(f"inputs: {args.count} PDFs ({what} repeated), {args.batch} per upload, --jobs {args.jobs}")
    print(f"server ready and ad read in {ready - started:.1f} s (includes starting the worker pool)")
    print(f"uploads: {uploaded:.1f} s; all scored {total:.1f} s after the first upload began: "
          f"{args.count / total:.1f} resumes/s end to end ({progress['done']} ranked, {progress['errors']} errors)")
    print(f"CPU of server + workers: {cpu:.1f} s, {cpu / args.count * 1000:.0f} ms per resume: two idle cores "
          f"would score at most {2 * args.count / cpu:.0f}/s")
    print(f"slowest progress request while scoring: {slowest * 1000:.0f} ms; shortlist page of {args.count} "
          f"with 50 cards: {page_time * 1000:.0f} ms")
    print(f"memory (server + fork server + workers): peak RSS {peak_rss / 1e6:.0f} MB, peak PSS {peak_pss / 1e6:.0f} MB")
    every = max(1, len(samples) // 10)
    print("RSS over time: " + ", ".join(f"{t:.0f}s {r / 1e6:.0f}MB" for t, r, _ in samples[::every]))
    print(f"load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} (2 cores; other jobs share them)")


if __name__ == "__main__":
    main()
