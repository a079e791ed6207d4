"""The guard in front of every route: host, token, body size, CSRF, security headers.

    Guard(app, config)            pure ASGI middleware (the body limit holds while it streams)
    await checked_form(request)   the POSTed form, its CSRF token and origin checked

CSRF is the double-submit pattern: a random token in an HttpOnly, SameSite=Strict cookie and
in a hidden field of every form; a POST whose field does not match the cookie (or whose
Origin is another site) is refused. A token, when the server has one, may arrive once as
``?token=`` (it then moves to a cookie and out of the address bar) or as a Bearer header.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse

__all__ = ["CSP", "LOOPBACK", "Guard", "checked_form", "megabytes"]

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
CSRF_COOKIE = "matcher_csrf"
TOKEN_COOKIE = "matcher_token"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
       "img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")  # fmt: skip
"""Scripts and style sheets from this server only; inline style attributes (the report's fit
bars set their width) but no inline script or style element, no frames, nothing from elsewhere."""


class Guard:
    """Pure ASGI middleware so the body limit holds while the body streams in."""

    def __init__(self, app: Any, config: Any) -> None:
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
            await _plain(scope, receive, send, 413, f"the request is larger than {megabytes(limit)} MB: "
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
                    raise HTTPException(413, f"the request is larger than {megabytes(limit)} MB")
            return message

        async def guarded_send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []),
                                      *((k.encode(), v.encode()) for k, v in headers),
                                      *((b"set-cookie", c.encode()) for c in set_cookies)]  # fmt: skip
            await send(message)

        await self.app(scope, counted_receive, guarded_send)


def megabytes(size: int) -> str:
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


async def checked_form(request: Request, *, files: int = 1) -> Any:
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
