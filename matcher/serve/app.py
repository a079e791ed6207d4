"""The web app: Starlette routes over ``Store`` and ``Scorer``, pages rendered on the server.

    create_app(Config(db=...))   the ASGI app (``matcher serve`` runs it under uvicorn)

Routes (every POST carries the page's CSRF token; every response passes ``guard.Guard``):

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
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from matcher.serve.guard import LOOPBACK, Guard, checked_form, megabytes
from matcher.serve.scoring import Scorer
from matcher.serve.store import DECISIONS, Screening, Store
from matcher.serve.uploads import display_name, sniff, spool_path
from matcher.types import RUNGS

__all__ = ["Config", "Limits", "create_app"]

HERE = Path(__file__).parent
SORTS = {"match": "match", "name": "name", "decision": "decision", "added": "order added",
         **{rung: rung.replace("_", " ") + " fit" for rung in RUNGS}}  # fmt: skip
LABELS = (*RUNGS, "none")


@dataclass(frozen=True, slots=True)
class Limits:
    """What one request may carry."""

    file_bytes: int = 10_000_000
    files: int = 100
    request_bytes: int = 100_000_000
    """A request is read into memory before its files are spooled: this bounds that."""
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


# --- helpers for the routes -------------------------------------------------------------


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
    form = await checked_form(request)
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
            problem = f"{ad_name}: larger than the {megabytes(config.limits.file_bytes)} MB upload limit"
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
    from matcher.report import render_card, render_errors, render_table
    from matcher.scoring.blind import pseudonym

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
        name, error = candidate.name, candidate.error or ""
        if view["blind"]:  # the file name may be the candidate's own
            name, error = pseudonym(name), error.replace(name, pseudonym(name))
        shown_errors.append({"source": name, "error": error})
    return {"screening": screening, "view": view, "sorts": SORTS, "progress": store.progress(screening.id),
            "table": Markup(render_table(rows, extra=("Decision", decision_cell))), "cards": cards,
            "hidden_cards": max(0, len(rows) - len(cards)), "errors": Markup(render_errors(shown_errors)),
            "shown": len(rows)}


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
    await checked_form(request, files=0)
    _store(request).delete_screening(_screening(request).id)
    return RedirectResponse("/", status_code=303)


# --- resumes ----------------------------------------------------------------------------


async def upload_resumes(request: Request) -> Response:
    screening = _screening(request)
    form = await checked_form(request, files=request.app.state.config.limits.files)
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
                          "error": f"{name}: larger than the {megabytes(config.limits.file_bytes)} MB "
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
    form = await checked_form(request, files=0)
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
    form = await checked_form(request, files=0)
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


def _download(body: str | bytes, media_type: str, filename: str) -> Response:
    return Response(body, media_type=media_type, headers={"content-disposition": f'attachment; filename="{filename}"'})


async def export_csv(request: Request) -> Response:
    from matcher.serve.export import decisions_csv

    screening = _screening(request)
    return _download(decisions_csv(_store(request), screening), "text/csv; charset=utf-8",
                     f"screening-{screening.id}-decisions.csv")  # fmt: skip


async def export_json(request: Request) -> Response:
    from matcher.serve.export import decisions_json

    screening = _screening(request)
    return _download(decisions_json(_store(request), screening), "application/json",
                     f"screening-{screening.id}-decisions.json")  # fmt: skip


async def export_labels(request: Request) -> Response:
    from matcher.serve.export import labels_zip

    screening = _screening(request)
    return _download(labels_zip(_store(request), screening), "application/zip",
                     f"screening-{screening.id}-labels.zip")  # fmt: skip


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
    return Guard(app, config)  # type: ignore[return-value]
