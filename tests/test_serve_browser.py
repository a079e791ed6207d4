"""``matcher serve`` end to end in real headless Chromium (Debian's chromium + chromium-driver).

The server runs as ``matcher serve`` in a subprocess; Selenium drives the system browser
through /usr/bin/chromedriver, so nothing is downloaded. Locally the test skips without
Chromium; in CI (``CI`` set) a missing browser is a failure, so the test cannot silently
stop running. ``MATCHER_SCREENSHOT=docs/serve.png`` saves the README's screenshot.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from batch_files import AD

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
RESUMES = ("jordan-avery.pdf", "ae-sofia-marchetti.pdf", "ac-maya-lindqvist.pdf")


def _browser_or_skip() -> None:
    missing = [p for p in (CHROMIUM, DRIVER) if not Path(p).exists()]
    if missing:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI must run the browser test, but {', '.join(missing)} is missing: "
                        "apt-get install chromium chromium-driver")  # fmt: skip
        pytest.skip("Chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)")
    pytest.importorskip("selenium")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture()
def server(tmp_path: Path):
    port = _free_port()
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    process = subprocess.Popen([sys.executable, "-m", "matcher", "serve", "--port", str(port), "--jobs", "2"],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        end = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/", timeout=2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > end:
                    raise AssertionError(f"matcher serve did not start: {process.stderr.read().decode()}") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stderr.close()


@pytest.fixture()
def browser(tmp_path: Path):
    _browser_or_skip()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,1500"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.implicitly_wait(0)
    try:
        yield driver
    finally:
        driver.quit()


def test_serve_browser_screen_upload_rank_decide_reload(server: str, browser, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    broken = tmp_path / "scanned-resume.pdf"
    broken.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage, cut short")
    browser.get(server + "/")
    browser.find_element(By.NAME, "title").send_keys("Account executive, mid-market")
    browser.find_element(By.NAME, "ad_text").send_keys(AD)
    browser.find_element(By.CSS_SELECTOR, "#new-screening button[type=submit]").click()
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.ID, "upload"))

    paths = [str(ROOT / "samples" / "resumes" / name) for name in RESUMES] + [str(broken)]
    browser.find_element(By.ID, "files").send_keys("\n".join(paths))
    browser.find_element(By.CSS_SELECTOR, "#upload button[type=submit]").click()
    # The page polls while the workers read; the ranking fills in without a reload.
    from selenium.common.exceptions import StaleElementReferenceException

    WebDriverWait(browser, 120, poll_frequency=0.5,
                  ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: "3 ranked, 1 unreadable" in d.find_element(By.ID, "progress").text)
    # The last poll may still swap the ranking in: read it from a fresh page load.
    browser.refresh()
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#ranking tbody tr"))

    rows = browser.find_elements(By.CSS_SELECTOR, "#ranking tbody tr")
    assert len(rows) == 3
    names = [row.find_elements(By.TAG_NAME, "td")[1].text for row in rows]
    assert sorted(names) == sorted(RESUMES)
    scores = [float(row.find_elements(By.TAG_NAME, "td")[2].text) for row in rows]
    assert scores == sorted(scores, reverse=True)
    errors = browser.find_elements(By.CSS_SELECTOR, "#errors li")
    assert len(errors) == 1 and errors[0].text.startswith("scanned-resume.pdf:") and "PDF" in errors[0].text

    first = browser.find_element(By.CSS_SELECTOR, "form.decide")
    form_id = first.get_attribute("id")
    first.find_element(By.CSS_SELECTOR, "input[value=advance]").click()
    first.find_element(By.NAME, "note").send_keys("Strong renewals record; call on Monday")
    first.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, f"#{form_id} .decision.advance"))

    browser.refresh()
    kept = browser.find_element(By.ID, form_id)
    assert kept.find_element(By.CSS_SELECTOR, "input[value=advance]").is_selected()
    assert kept.find_element(By.NAME, "note").get_attribute("value") == "Strong renewals record; call on Monday"
    assert browser.find_element(By.CSS_SELECTOR, "#ranking tbody tr a.decision.advance").text == "advance"
    severe = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not severe, severe  # no CSP violation, no failed request

    shot = os.environ.get("MATCHER_SCREENSHOT")
    if shot:
        browser.set_window_size(1100, 1200)
        browser.execute_script("window.scrollTo(0, 0)")
        Path(shot).parent.mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(shot)
