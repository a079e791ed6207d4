"""``matcher serve``: a recruiter's desk in the browser, on one SQLite file.

    store.py     the database: screenings, candidates (text, profile, scores), decisions
    uploads.py   uploaded bytes → a type by magic bytes, a display name, a spool file we name
    scoring.py   the thread that feeds queued files to ``matcher.batch`` workers
    guard.py     in front of every route: host, token, body size, CSRF, security headers
    export.py    decisions as CSV / JSON, and labels for ``matcher train --data``
    app.py       the Starlette routes and pages
    templates/   Jinja2 pages; static/ the style sheet and the small polling script

Needs the ``serve`` extra (Starlette, uvicorn, Jinja2, python-multipart); nothing else in
matcher imports this package, so ``matcher score`` never loads a web framework.
"""
