"""The web app: Starlette routes over ``Store`` and ``Scorer``, pages rendered on the server.

    create_app(Config(db=...))   the ASGI app (``matcher serve`` runs it under uvicorn)

Routes (every POST carries the page's CSRF token; every page the headers of ``_Guard``):

    GET  /                                 screenings, and the form for a new one
    POST /screenings                       create one from an ad pasted or uploaded
    GET  /screenings/{id}                  the shortlist: table, cards, decisions, uploads
    GET  /screenings/{id}/shortlist        the same shortlist as a fragment (the page polls it)
    GET  /screenings/{id}/progress         counts as JSON (queued, done, errors)
    POST /screenings/{id}/resumes          add resumes by upload
    POST /screenings/{id}/folder           add resumes from a folder on this machine (loopback only)
    POST /screenings/{id}/delete           delete it with every candidate's data
    GET  /screenings/{id}/decisions.csv    decisions as CSV, .json as JSON
    GET  /screenings/{id}/labels.zip       labels.csv + documents, for ``matcher train --data``
    POST /candidates/{id}/decision         advance / hold / reject with a note
"""

from __future__ import annotations

import contextlib
import csv
import hmac
import io
import json
import secrets
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from matcher.serve.scoring import Scorer
from matcher.serve.store import DECISIONS, Screening, Store
from matcher.serve.uploads import display_name, sniff, spool_path
from matcher.types import RUNGS

__all__ = ["Config", "Limits", "create_app"]

HERE = Path(__file__).parent
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
CSRF_COOKIE = "matcher_csrf"
TOKEN_COOKIE = "matcher_token"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
       "img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")  # fmt: skip
"""Scripts and style sheets from this server only; inline style attributes (the report's fit
bars set their width) but no inline script or style element, no frames, nothing from elsewhere."""
SORTS = {"match": "match", "name": "name", "decision": "decision", "added": "order added",
         **{rung: rung.replace("_", " ") + " fit" for rung in RUNGS}}  # fmt: skip
LABELS = (*RUNGS, "none")


@dataclass(frozen=True, slots=True)
class Limits:
    """What one request may carry."""

    file_bytes: int = 10_000_000
    files: int = 100
    request_bytes: int = 250_000_000
    folder_files: int = 5_000


@dataclass(frozen=True, slots=True)
class Config:
    db: Path
    host: str = "127.0.0.1"
    token: str | None = None
    """Required by every request when set (a cookie, ``Authorization: Bearer`` or ``?token=``)."""
    jobs: int = 2
    timeout: float | None = 30.0
    pdf_engine: str | None = None
    keep_files: bool = False
    limits: Limits = field(default_factory=Limits)
    spool: Path | None = None
    """Where uploads wait for the workers (default: a fresh temporary folder)."""

    @property
    def loopback(self) -> bool:
        return self.host in LOOPBACK or self.host.startswith("127.")


# --- the guard: host, token, body size, CSRF cookie, security headers -------------------


class _Guard:
    """Pure ASGI middleware so the body limit holds while the body streams in."""

    def __init__(self, app: Any, config: Config) -> None:
        self.app = app
        self.config = config

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        headers = _security_headers()
        if self.config.loopback and request.url.hostname not in LOOPBACK:
            # A page elsewhere that points a name of its own at 127.0.0.1 (DNS rebinding)
            # reaches this server with its own name in Host: refuse it.
            await _plain(scope, receive, send, 400, "unknown host: open the app at http://127.0.0.1", headers)
            return
        set_cookies: list[str] = []
        if self.config.token is not None:
            given = (request.cookies.get(TOKEN_COOKIE) or request.query_params.get("token")
                     or request.headers.get("authorization", "").removeprefix("Bearer ").strip())  # fmt: skip
            if not hmac.compare_digest(given.encode(), self.config.token.encode()):
                await _plain(scope, receive, send, 401,
                             "this matcher serve needs its token: open the address it printed (…/?token=…)",
                             headers)  # fmt: skip
                return
            if "token" in request.query_params:
                # Into a cookie and out of the address bar (and the history, and referrers).
                query = urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "token"])
                cookie = f"{TOKEN_COOKIE}={given}; Path=/; HttpOnly; SameSite=Strict"
                location = request.url.path + (f"?{query}" if query else "")
                await _redirect(scope, receive, send, location, [*headers, ("set-cookie", cookie)])
                return
        length = request.headers.get("content-length")
        limit = self.config.limits.request_bytes
        if length is not None and length.isdigit() and int(length) > limit:
            await _plain(scope, receive, send, 413, f"the request is larger than {_mb(limit)} MB: "
                                                    "send fewer or smaller files at a time", headers)  # fmt: skip
            return
        csrf = request.cookies.get(CSRF_COOKIE)
        if not csrf or len(csrf) < 20:
            csrf = secrets.token_urlsafe(24)
            set_cookies.append(f"{CSRF_COOKIE}={csrf}; Path=/; HttpOnly; SameSite=Strict")
        scope.setdefault("state", {})["csrf"] = csrf
        received = 0

        async def counted_receive() -> dict[str, Any]:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise HTTPException(413, f"the request is larger than {_mb(limit)} MB")
            return message

        async def guarded_send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []),
                                      *((k.encode(), v.encode()) for k, v in headers),
                                      *((b"set-cookie", c.encode()) for c in set_cookies)]  # fmt: skip
            await send(message)

        await self.app(scope, counted_receive, guarded_send)


def _mb(size: int) -> str:
    return f"{size / 1_000_000:g}"


def _security_headers() -> list[tuple[str, str]]:
    return [("content-security-policy", CSP), ("x-content-type-options", "nosniff"),
            ("referrer-policy", "no-referrer"), ("x-frame-options", "DENY"),
            ("cache-control", "no-store")]  # fmt: skip


async def _plain(scope, receive, send, status: int, text: str, headers: list[tuple[str, str]]) -> None:  # noqa: ANN001
    await PlainTextResponse(text, status_code=status, headers=dict(headers))(scope, receive, send)


async def _redirect(scope, receive, send, location: str, headers: list[tuple[str, str]]) -> None:  # noqa: ANN001
    response = RedirectResponse(location, status_code=303)
    for key, value in headers:
        response.headers.append(key, value)
    await response(scope, receive, send)


# --- helpers for the routes -------------------------------------------------------------


async def _form(request: Request, *, files: int = 1) -> Any:
    """The POSTed form, its CSRF token checked; too many files or parts → 413."""
    try:
        form = await request.form(max_files=files, max_fields=20)
    except MultiPartException as exc:
        raise HTTPException(413, f"{exc.message}: send at most {files} files at a time") from None
    except HTTPException as exc:  # Starlette turns the parser's complaint into a 400
        if "Too many" in str(exc.detail):
            raise HTTPException(413, f"{exc.detail} Send at most {files} files at a time.") from None
        raise
    origin = request.headers.get("origin")
    if origin is not None and origin != "null" and origin.rstrip("/") != f"{request.url.scheme}://{request.url.netloc}":
        raise HTTPException(403, "the form came from another site")
    token = form.get("csrf")
    expected = request.scope.get("state", {}).get("csrf", "")
    if not isinstance(token, str) or not request.cookies.get(CSRF_COOKIE) or not hmac.compare_digest(
        token.encode(), expected.encode()
    ):
        raise HTTPException(403, "the form's security token is missing or stale: reload the page and try again")
    return form


def _store(request: Request) -> Store:
    return request.app.state.store


def _screening(request: Request) -> Screening:
    screening = _store(request).screening(int(request.path_params["id"]))
    if screening is None:
        raise HTTPException(404, "no such screening (deleted?)")
    return screening


async def _read_upload(upload: UploadFile, limit: int) -> bytes | None:
    """The upload's bytes, or None when it is larger than ``limit`` (read no further)."""
    data = await upload.read(limit + 1)
    return None if len(data) > limit else data


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    state = request.app.state
    context = {"csrf": request.scope["state"]["csrf"], "scorer_error": state.scorer.error,
               "config": state.config, **context}  # fmt: skip
    return state.templates.TemplateResponse(request, name, context, status_code=status)


# --- screenings -----------------------------------------------------------------------


async def index(request: Request) -> Response:
    return _page(request, "index.html", {"screenings": _store(request).screenings(), "error": None})


async def create_screening(request: Request) -> Response:
    form = await _form(request)
    try:
        return await _create_screening(request, form)
    finally:
        await form.close()


async def _create_screening(request: Request, form: Any) -> Response:
    config: Config = request.app.state.config
    text = str(form.get("ad_text") or "").strip()
    upload = form.get("ad_file")
    title = str(form.get("title") or "").strip()[:200]
    data: bytes | None = None
    ad_type, ad_name = "txt", "pasted ad"
    if isinstance(upload, UploadFile) and upload.filename:
        data = await _read_upload(upload, config.limits.file_bytes)
        ad_name = display_name(upload.filename, fallback="ad")
        problem = None
        if data is None:
            problem = f"{ad_name}: larger than the {_mb(config.limits.file_bytes)} MB upload limit"
        else:
            ad_type, why = sniff(data)
            problem = f"{ad_name}: {why}" if why else None
        if problem:
            return _page(request, "index.html", {"screenings": _store(request).screenings(), "error": problem}, 400)
    elif not text:
        return _page(request, "index.html", {"screenings": _store(request).screenings(),
                                             "error": "paste the ad's text or choose its file"}, 400)  # fmt: skip
    if not title:
        title = ad_name if data is not None else text.splitlines()[0][:80]
    store = _store(request)
    screening_id = store.create_screening(title, ad_name=ad_name, ad_type=ad_type or "txt",
                                          ad_text=None if data is not None else text,
                                          ad_file=data if config.keep_files else None)  # fmt: skip
    path = spool_path(request.app.state.spool, owner="ad", key=screening_id, type_=ad_type or "txt")
    if data is not None:
        path.write_bytes(data)
    else:
        path.write_text(text, encoding="utf-8")
    request.app.state.scorer.poke()
    return RedirectResponse(f"/screenings/{screening_id}", status_code=303)


def _view(request: Request) -> dict[str, Any]:
    """The shortlist's query: blind, minimum score, sort, how many cards."""
    params = request.query_params
    try:
        min_score = max(0.0, min(100.0, float(params.get("min") or 0)))
    except ValueError:
        min_score = 0.0
    sort = params.get("sort") if params.get("sort") in SORTS else "match"
    try:
        cards = max(0, min(1000, int(params.get("cards") or 50)))
    except ValueError:
        cards = 50
    return {"blind": params.get("blind") == "1", "min": min_score, "sort": sort, "cards": cards}


def _shortlist(request: Request, screening: Screening) -> dict[str, Any]:
    from matcher.blind import pseudonym
    from matcher.report import render_card, render_table

    view = _view(request)
    store = _store(request)
    done = store.candidates(screening.id, status="done", min_score=view["min"])
    ranked = list(enumerate(done, start=1))
    if view["sort"] in RUNGS:
        ranked.sort(key=lambda pair: -float(((pair[1].row or {}).get("fit") or {}).get(view["sort"]) or 0))
    elif view["sort"] == "name":
        ranked.sort(key=lambda pair: pair[1].name.lower())
    elif view["sort"] == "decision":
        order = {d: i for i, d in enumerate(DECISIONS)}
        ranked.sort(key=lambda pair: order.get(pair[1].decision or "", len(order)))
    elif view["sort"] == "added":
        ranked.sort(key=lambda pair: pair[1].id)
    rows, by_rank = [], {}
    for rank, candidate in ranked:
        row = dict((candidate.blind_row if view["blind"] else candidate.row) or {})
        row["rank"] = rank
        rows.append(row)
        by_rank[rank] = candidate
    decision_template = request.app.state.templates.env.get_template("_decision.html")
    query = urlencode({k: v for k, v in request.query_params.items() if k in ("blind", "min", "sort", "cards")})
    csrf = request.scope["state"]["csrf"]

    def decision_cell(row: dict[str, Any]) -> str:
        candidate = by_rank[row["rank"]]
        return str(Markup('<a class="decision {0}" href="#d{1}">{2}</a>').format(
            candidate.decision or "none", candidate.id, candidate.decision or "–"))

    cards = []
    for row in rows[: view["cards"]]:
        candidate = by_rank[row["rank"]]
        footer = decision_template.render(candidate=candidate, csrf=csrf, query=query,
                                          decisions=DECISIONS, labels=LABELS)  # fmt: skip
        cards.append(Markup(render_card(row, footer=footer)))
    errors = store.candidates(screening.id, status="error", order="added")
    shown_errors = []
    for candidate in errors:
        name, cause = candidate.name, (candidate.error or "").removeprefix(f"{candidate.name}: ")
        if view["blind"]:  # the file name may be the candidate's own
            name, cause = pseudonym(name), cause.replace(name, pseudonym(name))
        shown_errors.append((name, cause))
    return {"screening": screening, "view": view, "sorts": SORTS, "progress": store.progress(screening.id),
            "table": Markup(render_table(rows, extra=("Decision", decision_cell))), "cards": cards,
            "hidden_cards": max(0, len(rows) - len(cards)), "errors": shown_errors, "shown": len(rows)}


async def show_screening(request: Request) -> Response:
    screening = _screening(request)
    context = _shortlist(request, screening)
    context["allow_folders"] = request.app.state.config.loopback
    context["query"] = request.url.query
    return _page(request, "screening.html", context)


async def shortlist_fragment(request: Request) -> Response:
    return _page(request, "_shortlist.html", _shortlist(request, _screening(request)))


async def progress(request: Request) -> Response:
    screening = _screening(request)
    counts = _store(request).progress(screening.id)
    return JSONResponse({"ad_status": screening.ad_status, "ad_error": screening.ad_error, **counts})


async def delete_screening(request: Request) -> Response:
    await _form(request, files=0)
    _store(request).delete_screening(_screening(request).id)
    return RedirectResponse("/", status_code=303)


# --- resumes ----------------------------------------------------------------------------


async def upload_resumes(request: Request) -> Response:
    screening = _screening(request)
    form = await _form(request, files=request.app.state.config.limits.files)
    try:
        return await _upload_resumes(request, form, screening)
    finally:
        await form.close()


async def _upload_resumes(request: Request, form: Any, screening: Screening) -> Response:
    config: Config = request.app.state.config
    uploads = [u for u in form.getlist("files") if isinstance(u, UploadFile) and (u.filename or u.size)]
    if not uploads:
        raise HTTPException(400, "choose one or more resume files to upload")
    items = []
    for n, upload in enumerate(uploads, start=1):
        name = display_name(upload.filename, fallback=f"upload {n}")
        data = await _read_upload(upload, config.limits.file_bytes)
        if data is None:
            items.append({"name": name, "type": "file",
                          "error": f"{name}: larger than the {_mb(config.limits.file_bytes)} MB "
                                   "upload limit: export a smaller file"})  # fmt: skip
            continue
        type_, why = sniff(data)
        if why:
            items.append({"name": name, "type": "file", "error": f"{name}: {why}"})
        else:
            items.append({"name": name, "type": type_, "data": data})
    store = _store(request)
    ids = store.add_candidates(screening.id, items, keep_files=config.keep_files)
    for candidate_id, item in zip(ids, items):
        if "data" in item:
            spool_path(request.app.state.spool, owner="resume", key=candidate_id,
                       type_=item["type"]).write_bytes(item["data"])  # fmt: skip
    request.app.state.scorer.poke()
    return RedirectResponse(f"/screenings/{screening.id}", status_code=303)


async def add_folder(request: Request) -> Response:
    config: Config = request.app.state.config
    screening = _screening(request)
    form = await _form(request, files=0)
    if not config.loopback:
        raise HTTPException(403, "adding a folder of this machine works only when the app listens on loopback")
    folder = Path(str(form.get("folder") or "")).expanduser()
    if not str(folder) or not folder.is_dir():
        raise HTTPException(400, f"{folder}: not a folder on this machine")
    from matcher.readers import _expand
    from matcher.readers.tabular import BATCH_SUFFIXES

    items: list[dict[str, Any]] = []
    for path in _expand(folder):
        if len(items) >= config.limits.folder_files:
            raise HTTPException(413, f"{folder}: more than {config.limits.folder_files} files: add a smaller folder")
        if not isinstance(path, Path):
            raise HTTPException(400, str(path))
        name = str(path.relative_to(folder))
        if path.suffix.lower() in BATCH_SUFFIXES:
            items.append({"name": name, "type": "file",
                          "error": f"{name}: a CSV/JSON batch of ads, not a resume: skipped"})  # fmt: skip
        else:
            items.append({"name": name, "type": path.suffix.lower().lstrip(".") or "file", "path": str(path)})
    _store(request).add_candidates(screening.id, items, keep_files=False)
    request.app.state.scorer.poke()
    return RedirectResponse(f"/screenings/{screening.id}", status_code=303)


# --- decisions and exports --------------------------------------------------------------


async def decide(request: Request) -> Response:
    store = _store(request)
    candidate = store.candidate(int(request.path_params["id"]))
    if candidate is None:
        raise HTTPException(404, "no such candidate (deleted?)")
    form = await _form(request, files=0)
    decision = str(form.get("decision") or "")
    label = str(form.get("label") or "") or None
    if decision not in DECISIONS:
        raise HTTPException(400, f"choose one of {', '.join(DECISIONS)}")
    if label is not None and label not in LABELS:
        raise HTTPException(400, f"label must be one of {', '.join(LABELS)}")
    store.decide(candidate.id, decision, note=str(form.get("note") or "")[:4000], label=label)
    query = str(form.get("query") or "")
    query = urlencode([(k, v) for k, v in _parse_query(query) if k in ("blind", "min", "sort", "cards")])
    return RedirectResponse(f"/screenings/{candidate.screening_id}{'?' + query if query else ''}#d{candidate.id}",
                            status_code=303)  # fmt: skip


def _parse_query(query: str) -> list[tuple[str, str]]:
    from urllib.parse import parse_qsl

    return parse_qsl(query, keep_blank_values=False)


EXPORT_COLUMNS = ("candidate", "match", "best_fit", *RUNGS, "decision", "label", "note", "decided")


def _export_rows(store: Store, screening: Screening) -> list[dict[str, Any]]:
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


async def export_csv(request: Request) -> Response:
    screening = _screening(request)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in _export_rows(_store(request), screening):
        # A cell starting with = + - @ is a formula to a spreadsheet: quote it as text.
        writer.writerow({k: ("'" + v if isinstance(v, str) and v[:1] in "=+-@" else v) for k, v in row.items()})
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="screening-{screening.id}-decisions.csv"'})  # fmt: skip


async def export_json(request: Request) -> Response:
    screening = _screening(request)
    body = {"screening": screening.title, "ad": screening.ad_name, "decisions": _export_rows(_store(request), screening)}
    return Response(json.dumps(body, ensure_ascii=False, indent=1), media_type="application/json",
                    headers={"content-disposition": f'attachment; filename="screening-{screening.id}-decisions.json"'})  # fmt: skip


async def export_labels(request: Request) -> Response:
    """A ZIP with ``labels.csv`` (path,kind,label,note) and each labelled document beside it."""
    screening = _screening(request)
    store = _store(request)
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
    return Response(out.getvalue(), media_type="application/zip",
                    headers={"content-disposition": f'attachment; filename="screening-{screening.id}-labels.zip"'})  # fmt: skip


async def report_css(request: Request) -> Response:
    from matcher.report import CSS

    return Response(CSS, media_type="text/css")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return PlainTextResponse(str(exc.detail), status_code=exc.status_code)


# --- the app ----------------------------------------------------------------------------


def create_app(config: Config) -> Starlette:
    """The app over ``config.db``; the scoring thread runs while the app's lifespan does."""
    store = Store(config.db)
    scorer = Scorer(store, Path(), jobs=config.jobs, timeout=config.timeout, pdf_engine=config.pdf_engine)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):  # noqa: ANN202
        import shutil

        spool = config.spool or Path(tempfile.mkdtemp(prefix="matcher-serve-"))
        spool.mkdir(parents=True, exist_ok=True)
        app.state.spool = scorer.spool = spool
        scorer.start()
        try:
            yield
        finally:
            scorer.close()
            if config.spool is None:
                shutil.rmtree(spool, ignore_errors=True)

    routes = [
        Route("/", index),
        Route("/screenings", create_screening, methods=["POST"]),
        Route("/screenings/{id:int}", show_screening),
        Route("/screenings/{id:int}/shortlist", shortlist_fragment),
        Route("/screenings/{id:int}/progress", progress),
        Route("/screenings/{id:int}/resumes", upload_resumes, methods=["POST"]),
        Route("/screenings/{id:int}/folder", add_folder, methods=["POST"]),
        Route("/screenings/{id:int}/delete", delete_screening, methods=["POST"]),
        Route("/screenings/{id:int}/decisions.csv", export_csv),
        Route("/screenings/{id:int}/decisions.json", export_json),
        Route("/screenings/{id:int}/labels.zip", export_labels),
        Route("/candidates/{id:int}/decision", decide, methods=["POST"]),
        Route("/static/report.css", report_css),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={HTTPException: _http_error})
    app.state.config = config
    app.state.store = store
    app.state.scorer = scorer
    import jinja2

    # autoescape on every template: each string from a document is escaped on output.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
    app.state.templates = Jinja2Templates(env=env)
    app.state.templates.env.globals["rung_names"] = {r: r.replace("_", " ").capitalize() for r in RUNGS}
    return _Guard(app, config)  # type: ignore[return-value]
