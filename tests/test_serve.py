"""``matcher serve`` over HTTP (Starlette's test client): every route, the limits, the token rule."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
import time
import zipfile
from pathlib import Path

import pytest
from batch_files import AD, RESUME, write_pdf
from click.testing import CliRunner

pytest.importorskip("starlette")
from starlette.testclient import TestClient  # noqa: E402

from matcher.cli import main  # noqa: E402
from matcher.serve.app import Config, Limits, create_app  # noqa: E402
from matcher.serve.store import SCHEMA_VERSION, Store  # noqa: E402
from matcher.serve.uploads import display_name, sniff  # noqa: E402

BASE = "http://127.0.0.1:8000"
COORDINATOR = """Sam Lee
Account Coordinator, Brightline Agency, June 2022 - Present
- Scheduled client meetings and prepared weekly reports for the account team.
Education
B.A. Marketing, 2022
"""
NURSE = """Pat Quinn
Registered Nurse, City Hospital, 2015 - Present
- Provided patient care on a surgical ward.
Skills: Salesforce <script>alert('x')</script> negotiation
"""


def _csrf(client: TestClient) -> str:
    page = client.get("/")
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def _wait(client: TestClient, screening: int, timeout: float = 120) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        progress = client.get(f"/screenings/{screening}/progress").json()
        if progress["ad_status"] != "queued" and progress["queued"] == 0:
            return progress
        time.sleep(0.2)
    raise AssertionError(f"not scored in {timeout} s: {progress}")


def _create(client: TestClient, csrf: str, ad: str = AD, title: str = "AE mid-market") -> int:
    response = client.post("/screenings", data={"csrf": csrf, "ad_text": ad, "title": title}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory):
    """One app with a screening of three resumes (PDF, text, text with <script>) and a broken PDF."""
    root = tmp_path_factory.mktemp("serve")
    app = create_app(Config(db=root / "desk.sqlite3", jobs=1, keep_files=True))
    with TestClient(app, base_url=BASE) as client:
        csrf = _csrf(client)
        screening = _create(client, csrf)
        files = [
            ("files", ("dana-okafor.pdf", write_pdf(root / "dana.pdf", RESUME).read_bytes(), "application/pdf")),
            ("files", ("sam-lee.txt", COORDINATOR.encode(), "text/plain")),
            ("files", ("../../pat-quinn.txt", NURSE.encode(), "text/plain")),
            ("files", ("<img src=x onerror=alert(1)>.txt", b"\x00\x01binary", "text/plain")),
            ("files", ("broken.pdf", b"%PDF-1.4\n1 0 obj garbage", "application/pdf")),
        ]
        response = client.post(f"/screenings/{screening}/resumes", data={"csrf": csrf}, files=files,
                               follow_redirects=False)  # fmt: skip
        assert response.status_code == 303
        _wait(client, screening)
        yield {"client": client, "csrf": csrf, "screening": screening, "db": root / "desk.sqlite3", "root": root}


@pytest.fixture()
def empty(tmp_path: Path):
    app = create_app(Config(db=tmp_path / "empty.sqlite3", jobs=1, limits=Limits(files=3, file_bytes=2_000,
                                                                                  request_bytes=50_000)))  # fmt: skip
    with TestClient(app, base_url=BASE) as client:
        yield client


# --- pages, headers, the guard ----------------------------------------------------------


def test_serve_index_lists_screenings_with_csp_and_csrf_cookie(desk) -> None:
    response = desk["client"].get("/")
    assert response.status_code == 200
    assert "AE mid-market" in response.text
    csp = response.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp.split("style-src-attr")[0]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "matcher_csrf" in desk["client"].cookies


@pytest.mark.parametrize("path", ["/static/serve.js", "/static/serve.css", "/static/report.css"])
def test_serve_static_assets_are_local(desk, path: str) -> None:
    response = desk["client"].get(path)
    assert response.status_code == 200 and len(response.text) > 100
    assert not re.search(r"https?://", response.text)  # nothing fetched from elsewhere


def test_serve_refuses_a_foreign_host_name_on_loopback(desk) -> None:
    response = desk["client"].get("/", headers={"host": "evil.example"})
    assert response.status_code == 400 and "unknown host" in response.text


@pytest.mark.parametrize("path", ["/screenings", "/screenings/{id}/resumes", "/screenings/{id}/folder",
                                  "/screenings/{id}/delete", "/candidates/{candidate}/decision"])  # fmt: skip
@pytest.mark.parametrize("token", [None, "forged-token-forged-token"])
def test_serve_every_form_needs_the_csrf_token(desk, path: str, token: str | None) -> None:
    client = desk["client"]
    candidate = client.get(f"/screenings/{desk['screening']}").text
    candidate_id = re.search(r'action="/candidates/(\d+)/decision"', candidate).group(1)
    data = {"decision": "reject", "folder": "/tmp", "ad_text": "x"} | ({"csrf": token} if token else {})
    url = path.format(id=desk["screening"], candidate=candidate_id)
    response = client.post(url, data=data, follow_redirects=False)
    assert response.status_code == 403 and "security token" in response.text
    assert client.get(f"/screenings/{desk['screening']}").status_code == 200  # nothing was deleted


def test_serve_refuses_a_form_posted_from_another_origin(desk) -> None:
    response = desk["client"].post("/screenings", data={"csrf": desk["csrf"], "ad_text": AD},
                                   headers={"origin": "https://evil.example"}, follow_redirects=False)  # fmt: skip
    assert response.status_code == 403 and "another site" in response.text


# --- the shortlist --------------------------------------------------------------------


def test_serve_shortlist_ranks_the_read_resumes_and_lists_the_broken_one(desk) -> None:
    page = desk["client"].get(f"/screenings/{desk['screening']}").text
    table = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    names = re.findall(r'<a href="#c\d+">([^<]+)</a>', table)
    assert names[0] == "dana-okafor.pdf"  # the account executive, for an account-executive ad
    assert set(names) == {"dana-okafor.pdf", "sam-lee.txt", "pat-quinn.txt"}
    scores = [float(s) for s in re.findall(r'</a></td><td class="num">(\d+)</td>', table)]
    assert len(scores) == 3
    assert scores == sorted(scores, reverse=True)
    assert re.search(r'<li class="error"><b>broken\.pdf</b>: [^<]*PDF', page)
    assert "3 ranked, 2 unreadable" in page


def test_serve_shows_a_script_in_a_resume_as_text(desk) -> None:
    page = desk["client"].get(f"/screenings/{desk['screening']}?sort=name&cards=10").text
    assert "&lt;script&gt;" in page
    assert "<script>alert" not in page
    assert page.count("<script") == 1  # the app's own, from /static
    assert "<b>&lt;img src=x onerror=alert(1)&gt;.txt</b>: not a PDF, DOCX or text file" in page


def test_serve_blind_toggle_hides_names_and_files(desk) -> None:
    page = desk["client"].get(f"/screenings/{desk['screening']}?blind=1&cards=10").text
    assert "Dana" not in page and "dana-okafor.pdf" not in page and "broken.pdf" not in page
    assert "Salesforce" in page  # the evidence still shows, only who it is hides
    assert "candidate-" in page


@pytest.mark.parametrize(("query", "first"), [("sort=name", "dana-okafor.pdf"), ("sort=added", "dana-okafor.pdf"),
                                              ("sort=account_coordinator", "sam-lee.txt")])  # fmt: skip
def test_serve_sorts_the_shortlist(desk, query: str, first: str) -> None:
    page = desk["client"].get(f"/screenings/{desk['screening']}?{query}").text
    assert re.findall(r'<a href="#c\d+">([^<]+)</a>', page)[0] == first


def test_serve_minimum_score_filters_the_shortlist(desk) -> None:
    client = desk["client"]
    page = client.get(f"/screenings/{desk['screening']}").text
    top = max(float(s) for s in re.findall(r'<span class="score">(\d+)</span>', page))
    filtered = client.get(f"/screenings/{desk['screening']}?min={int(top)}").text
    assert "1 candidate shown" in filtered


def test_serve_fragment_and_progress_for_polling(desk) -> None:
    client = desk["client"]
    fragment = client.get(f"/screenings/{desk['screening']}/shortlist")
    assert fragment.status_code == 200 and "<html" not in fragment.text and "dana-okafor.pdf" in fragment.text
    # The two unreadable uploads are listed with their cause, the hostile name escaped.
    listed = fragment.text.split('id="errors"', 1)[1].split("</section>", 1)[0]
    assert "Could not be read (2)" in listed and "<b>broken.pdf</b>: " in listed
    assert "&lt;img src=x onerror=alert(1)&gt;.txt" in listed and "<img" not in listed
    blind = client.get(f"/screenings/{desk['screening']}/shortlist?blind=1").text
    assert "broken.pdf" not in blind.split('id="errors"', 1)[1].split("</section>", 1)[0]
    progress = client.get(f"/screenings/{desk['screening']}/progress").json()
    assert progress == {"ad_status": "done", "ad_error": None, "total": 5, "done": 3, "errors": 2, "queued": 0}
    assert client.get("/screenings/999/progress").status_code == 404


# --- decisions and exports --------------------------------------------------------------


def _candidate_id(client: TestClient, screening: int, name: str) -> str:
    page = client.get(f"/screenings/{screening}?sort=name&cards=10").text
    card = page.split(f"{name}</h2>", 1)[1]
    return re.search(r'action="/candidates/(\d+)/decision"', card).group(1)


def test_serve_decision_is_kept_and_exported(desk) -> None:
    client, screening = desk["client"], desk["screening"]
    dana = _candidate_id(client, screening, "dana-okafor.pdf")
    response = client.post(f"/candidates/{dana}/decision", follow_redirects=False,
                           data={"csrf": desk["csrf"], "decision": "advance", "note": "call =HYPERLINK() Monday",
                                 "query": "sort=name&evil=1"})  # fmt: skip
    assert response.status_code == 303 and response.headers["location"].endswith(f"?sort=name#d{dana}")
    nurse = _candidate_id(client, screening, "pat-quinn.txt")
    client.post(f"/candidates/{nurse}/decision", data={"csrf": desk["csrf"], "decision": "reject", "label": "none"})
    page = client.get(f"/screenings/{screening}").text
    assert 'value="advance" checked' in page and "call =HYPERLINK() Monday" in page

    rows = list(csv.DictReader(io.StringIO(client.get(f"/screenings/{screening}/decisions.csv").text)))
    assert [(r["candidate"], r["decision"], r["label"]) for r in rows] == [
        ("dana-okafor.pdf", "advance", "account_executive"), ("pat-quinn.txt", "reject", "none")]
    body = client.get(f"/screenings/{screening}/decisions.json").json()
    assert body["decisions"][0]["note"] == "call =HYPERLINK() Monday"

    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/screenings/{screening}/labels.zip").content))
    target = desk["root"] / "labels"
    archive.extractall(target)
    from matcher.scoring.evaluate import labelled_documents, read_labelled

    items = labelled_documents(target / "labels.csv")  # what `matcher train --data` reads
    assert sorted(i.label for i in items) == ["account_executive", "none"]
    assert all(read_labelled(i).text.strip() for i in items)


@pytest.mark.parametrize(("data", "status"), [({"decision": "promote"}, 400),
                                              ({"decision": "hold", "label": "ceo"}, 400)])  # fmt: skip
def test_serve_decision_rejects_bad_values(desk, data: dict, status: int) -> None:
    client = desk["client"]
    candidate = _candidate_id(client, desk["screening"], "sam-lee.txt")
    assert client.post(f"/candidates/{candidate}/decision", data={"csrf": desk["csrf"], **data}).status_code == status
    assert client.post("/candidates/99999/decision", data={"csrf": desk["csrf"], "decision": "hold"}).status_code == 404


def test_serve_keeps_raw_files_only_when_asked(desk, empty) -> None:
    with sqlite3.connect(desk["db"]) as db:
        # every upload that passed the type check (the broken PDF too), not the binary one
        assert db.execute("SELECT count(*) FROM files WHERE owner = 'resume'").fetchone()[0] == 4
        texts = db.execute("SELECT count(*) FROM candidates WHERE text LIKE '%Account%'").fetchone()[0]
    assert texts == 2  # the text is kept either way
    csrf = _csrf(empty)
    screening = _create(empty, csrf)
    empty.post(f"/screenings/{screening}/resumes", data={"csrf": csrf}, files=[("files", ("a.txt", b"Account Coordinator", "text/plain"))])
    with sqlite3.connect(empty.app.config.db) as db:  # type: ignore[attr-defined]
        assert db.execute("SELECT count(*) FROM files").fetchone()[0] == 0


# --- uploads: limits and types ------------------------------------------------------------


def test_serve_upload_count_limit(empty) -> None:
    csrf = _csrf(empty)
    screening = _create(empty, csrf)
    files = [("files", (f"r{i}.txt", b"Account Coordinator", "text/plain")) for i in range(4)]
    response = empty.post(f"/screenings/{screening}/resumes", data={"csrf": csrf}, files=files)
    assert response.status_code == 413 and "at most 3 files" in response.text
    assert empty.get(f"/screenings/{screening}/progress").json()["total"] == 0


def test_serve_request_size_limit(empty) -> None:
    csrf = _csrf(empty)
    screening = _create(empty, csrf)
    big = [("files", (f"r{i}.txt", b"x" * 30_000, "text/plain")) for i in range(2)]
    response = empty.post(f"/screenings/{screening}/resumes", data={"csrf": csrf}, files=big)
    assert response.status_code == 413 and "larger than" in response.text


def test_serve_file_size_limit_lists_the_file_with_its_error(empty) -> None:
    csrf = _csrf(empty)
    screening = _create(empty, csrf)
    files = [("files", ("huge.txt", b"Account " * 400, "text/plain")), ("files", ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"))]
    assert empty.post(f"/screenings/{screening}/resumes", data={"csrf": csrf}, files=files).status_code == 200
    page = empty.get(f"/screenings/{screening}").text
    assert "<b>huge.txt</b>: larger than the 0.002 MB upload limit" in page
    assert "<b>photo.png</b>: not a PDF, DOCX or text file" in page


def _docx_bytes() -> bytes:
    from docx import Document

    out = io.BytesIO()
    document = Document()
    document.add_paragraph("Account Manager")
    document.save(out)
    return out.getvalue()


def _zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return out.getvalue()


@pytest.mark.parametrize(("data", "kind", "why"), [
    (b"%PDF-1.7\n...", "pdf", None),
    (b"\n\n%PDF-1.4 after junk", "pdf", None),
    (_docx_bytes(), "docx", None),
    (b"Account Manager\nJan 2020 - Present", "txt", None),
    ("Jürgen Müller, Kundenbetreuer".encode("cp1252"), "txt", None),
    (b"<!DOCTYPE html><html><body>Resume</body></html>", "html", None),
    (_zip_bytes(), None, "a ZIP file but not a Word document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20, None, "old Word .doc"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", None, "binary content"),
    (b"", None, "empty"),
])  # fmt: skip
def test_serve_upload_type_comes_from_magic_bytes(data: bytes, kind: str | None, why: str | None) -> None:
    got, reason = sniff(data)
    assert got == kind
    assert (reason is None) if why is None else (why in reason)


@pytest.mark.parametrize(("sent", "shown"), [("../../etc/passwd", "passwd"), ("C:\\Users\\x\\cv.pdf", "cv.pdf"),
                                             ("bad\x00name\n.txt", "badname.txt"), ("", "upload 1")])  # fmt: skip
def test_serve_uploaded_names_are_only_shown(sent: str, shown: str) -> None:
    assert display_name(sent, fallback="upload 1") == shown


def test_serve_uploaded_names_never_become_paths(desk) -> None:
    spool = desk["client"].app.app.state.spool  # type: ignore[attr-defined]
    assert not (desk["root"].parent / "pat-quinn.txt").exists()
    assert all(re.fullmatch(r"(ad|resume)-\d+\.(pdf|docx|html|txt)", p.name) for p in spool.iterdir())


# --- screenings: create, folder, delete -----------------------------------------------------


@pytest.mark.parametrize(("files", "data", "message"), [
    ({}, {}, "paste the ad"),
    ({"ad_file": ("ad.pdf", b"\x89PNG\r\n\x1a\n\x00", "application/pdf")}, {}, "ad.pdf: not a PDF, DOCX or text file"),
])  # fmt: skip
def test_serve_create_needs_a_readable_ad(empty, files: dict, data: dict, message: str) -> None:
    response = empty.post("/screenings", data={"csrf": _csrf(empty), **data}, files=files or None)
    assert response.status_code == 400 and message in response.text


def test_serve_unreadable_ad_is_shown(empty, tmp_path: Path) -> None:
    csrf = _csrf(empty)
    response = empty.post("/screenings", data={"csrf": csrf}, follow_redirects=False,
                          files={"ad_file": ("ad.pdf", b"%PDF-1.4 broken", "application/pdf")})  # fmt: skip
    screening = int(response.headers["location"].rsplit("/", 1)[1])
    progress = _wait(empty, screening)
    assert progress["ad_status"] == "error" and progress["ad_error"].startswith("ad.pdf: ")
    assert 'id="ad-error"' in empty.get(f"/screenings/{screening}").text


def test_serve_adds_a_folder_on_loopback(empty, tmp_path: Path) -> None:
    folder = tmp_path / "pool"
    folder.mkdir()
    (folder / "sam.txt").write_text(COORDINATOR, encoding="utf-8")
    (folder / "ads.csv").write_text("title,text\nx,y\n", encoding="utf-8")
    csrf = _csrf(empty)
    screening = _create(empty, csrf)
    response = empty.post(f"/screenings/{screening}/folder", data={"csrf": csrf, "folder": str(folder)})
    assert response.status_code == 200
    assert _wait(empty, screening)["done"] == 1
    assert "ads.csv</b>: a CSV/JSON batch of ads" in empty.get(f"/screenings/{screening}").text
    missing = empty.post(f"/screenings/{screening}/folder", data={"csrf": csrf, "folder": str(tmp_path / "nope")})
    assert missing.status_code == 400 and "not a folder" in missing.text


def test_serve_delete_cascades_to_candidates_and_decisions(empty) -> None:
    csrf = _csrf(empty)
    screening = _create(empty, csrf)
    empty.post(f"/screenings/{screening}/resumes", data={"csrf": csrf},
               files=[("files", ("sam.txt", COORDINATOR.encode(), "text/plain"))])  # fmt: skip
    _wait(empty, screening)
    candidate = re.search(r'/candidates/(\d+)/decision', empty.get(f"/screenings/{screening}").text).group(1)
    empty.post(f"/candidates/{candidate}/decision", data={"csrf": csrf, "decision": "hold"})
    response = empty.post(f"/screenings/{screening}/delete", data={"csrf": csrf}, follow_redirects=False)
    assert response.status_code == 303
    assert empty.get(f"/screenings/{screening}").status_code == 404
    with sqlite3.connect(empty.app.config.db) as db:  # type: ignore[attr-defined]
        assert db.execute("SELECT count(*) FROM candidates").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM decisions").fetchone()[0] == 0


# --- the token rule ---------------------------------------------------------------------------


def test_serve_token_guards_every_request(tmp_path: Path) -> None:
    token = "s3cret-token-for-tests"
    app = create_app(Config(db=tmp_path / "t.sqlite3", host="0.0.0.0", token=token, jobs=1))
    with TestClient(app, base_url="http://desk.example:8000") as client:
        assert client.get("/").status_code == 401
        assert client.get("/static/serve.js").status_code == 401
        assert client.get("/", headers={"authorization": "Bearer wrong"}).status_code == 401
        assert client.get("/", headers={"authorization": f"Bearer {token}"}).status_code == 200
        entry = client.get(f"/?token={token}", follow_redirects=False)
        assert entry.status_code == 303 and entry.headers["location"] == "/"
        assert client.get("/").status_code == 200  # the cookie carries it now
        csrf = _csrf(client)
        screening = _create(client, csrf)
        folder = client.post(f"/screenings/{screening}/folder", data={"csrf": csrf, "folder": str(tmp_path)})
        assert folder.status_code == 403  # other machines never read this one's folders


@pytest.mark.parametrize(("args", "env", "message"), [
    (["--host", "0.0.0.0"], {}, "give a --token"),
    (["--host", "192.168.1.5", "--token", "short"], {}, "too short"),
])  # fmt: skip
def test_serve_cli_refuses_other_hosts_without_a_token(tmp_path: Path, args, env, message) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "x.sqlite3"), *args], env=env)
    assert result.exit_code == 1 and message in result.output


@pytest.mark.parametrize(("args", "env", "host"), [
    ([], {}, "127.0.0.1"),
    (["--host", "0.0.0.0"], {"MATCHER_SERVE_TOKEN": "a-long-enough-token"}, "0.0.0.0"),
])  # fmt: skip
def test_serve_cli_starts_uvicorn(tmp_path: Path, monkeypatch, args, env, host) -> None:
    import uvicorn

    started = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: started.update(kw))
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "x.sqlite3"), "--port", "8123", *args], env=env)
    assert result.exit_code == 0, result.output
    assert started["host"] == host and started["port"] == 8123
    assert (tmp_path / "x.sqlite3").exists()


# --- the database -----------------------------------------------------------------------------


def test_serve_store_migrates_and_refuses_a_newer_schema(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    assert store.schema_version() == SCHEMA_VERSION
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    store.close()
    assert Store(tmp_path / "s.sqlite3").schema_version() == SCHEMA_VERSION  # opening again is a no-op
    with sqlite3.connect(tmp_path / "s.sqlite3") as db:
        db.execute("UPDATE schema_version SET version = 99")
    from matcher.errors import UsageError

    with pytest.raises(UsageError, match="schema version 99, newer than this matcher"):
        Store(tmp_path / "s.sqlite3")


def test_serve_default_database_under_the_data_directory(monkeypatch, tmp_path: Path) -> None:
    from matcher.serve.store import default_db_path

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_db_path() == tmp_path / "matcher" / "serve.sqlite3"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_db_path().parts[-4:] == (".local", "share", "matcher", "serve.sqlite3")


def test_serve_restart_reports_uploads_that_were_never_read(tmp_path: Path) -> None:
    store = Store(tmp_path / "r.sqlite3")
    screening = store.create_screening("x", ad_name="ad", ad_type="txt", ad_text=AD)
    store.add_candidates(screening, [{"name": "lost.pdf", "type": "pdf", "data": b"%PDF"}], keep_files=False)
    store.close()
    app = create_app(Config(db=tmp_path / "r.sqlite3", jobs=1))
    with TestClient(app, base_url=BASE) as client:
        _wait(client, screening)
        assert "<b>lost.pdf</b>: the server stopped before this file was read" in client.get(f"/screenings/{screening}").text


def test_serve_score_cold_start_does_not_import_the_web_stack() -> None:
    import subprocess
    import sys

    code = ("import sys; from matcher.cli import main\n"
            "try:\n    main(['score', '--help'])\nexcept SystemExit:\n    pass\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('starlette', 'uvicorn', 'jinja2', 'multipart', 'matcher'))))")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", "import json\n" + code], capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout.splitlines()[-1])
    assert not [m for m in loaded if not m.startswith("matcher")]
    assert "matcher.serve" not in loaded


def test_serve_store_takes_concurrent_writers_one_at_a_time(tmp_path: Path) -> None:
    import threading

    store = Store(tmp_path / "c.sqlite3")
    screening = store.create_screening("x", ad_name="ad", ad_type="txt", ad_text=AD)
    ids = store.add_candidates(screening, [{"name": f"r{i}", "type": "txt", "error": "r: x"} for i in range(40)],
                               keep_files=False)  # fmt: skip
    failures: list[BaseException] = []

    def write(decision: str) -> None:
        try:
            for candidate in ids:
                store.decide(candidate, decision, note=decision)
                store.add_candidates(screening, [{"name": "more", "type": "txt", "error": "more: x"}], keep_files=False)
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=write, args=(d,)) for d in ("advance", "hold", "reject")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert store.progress(screening)["total"] == 40 + 3 * 40
    assert len(store.decisions(screening)) == 40


def test_serve_labels_export_refits_the_model(tmp_path: Path) -> None:
    """A team's decisions, one per rung and a none, → labels.zip → ``matcher train --data``."""
    from matcher.scoring.train import train_model
    from matcher.serve.export import labels_zip

    samples = Path(__file__).resolve().parent.parent / "samples" / "resumes"
    chosen = {"ac-maya-lindqvist.txt": "account_coordinator", "ae-darnell-brooks.txt": "account_executive",
              "am-lucy-warren.txt": "account_manager", "none-hollis-greer.txt": "none"}  # fmt: skip
    store = Store(tmp_path / "l.sqlite3")
    screening = store.create_screening("x", ad_name="ad", ad_type="txt", ad_text=AD)
    ids = store.add_candidates(screening, [{"name": n, "type": "txt", "path": str(samples / n)} for n in chosen],
                               keep_files=False)  # fmt: skip
    for candidate, (name, label) in zip(ids, chosen.items()):
        store.save_result(candidate, error=None, text=(samples / name).read_text(encoding="utf-8"), row={"match": 50})
        store.decide(candidate, "hold", label=label)
    zipfile.ZipFile(io.BytesIO(labels_zip(store, store.screening(screening)))).extractall(tmp_path / "labels")
    report = train_model(tmp_path / "labels" / "labels.csv", out=tmp_path / "model.json")
    assert report.documents == 4 and report.classes == dict.fromkeys(sorted(chosen.values()), 1)
