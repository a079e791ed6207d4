"""``matcher serve``: the recruiter's desk, a local web app over one SQLite file."""

from __future__ import annotations

import os

import click

from matcher.cli.common import library_errors
from matcher.readers.pdf import PDF_ENGINES

TOKEN_ENV = "MATCHER_SERVE_TOKEN"


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback needs --token.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--db", "db", type=click.Path(dir_okay=False), default=None,
              help="The SQLite database (default: $XDG_DATA_HOME/matcher/serve.sqlite3, "
                   "i.e. ~/.local/share/matcher/serve.sqlite3). Created on first run.")
@click.option("--token", default=None, envvar=TOKEN_ENV, show_envvar=True,
              help="A secret every request must carry (open the printed address once; a cookie keeps it).")
@click.option("--keep-files", is_flag=True,
              help="Keep uploaded files in the database too (default: only their text, profile and scores).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes that read and score (default: one per core).")
@click.option("--timeout", type=click.FloatRange(min=0), default=30.0, show_default=True,
              help="Seconds one file may take before it is given up (0: no limit).")
@click.option("--pdf-engine", type=click.Choice(PDF_ENGINES), default=None,
              help="PDF text extractor (default: pdfium, the fast one).")
@click.option("--max-files", type=click.IntRange(min=1), default=100, show_default=True,
              help="Files one upload may carry.")
@click.option("--max-file-mb", type=click.IntRange(min=1), default=10, show_default=True,
              help="Largest file accepted, in MB.")
def serve(host: str, port: int, db: str | None, token: str | None, keep_files: bool, jobs: int | None,
          timeout: float, pdf_engine: str | None, max_files: int, max_file_mb: int) -> None:  # fmt: skip
    """Run the recruiter's desk in the browser: screenings, uploads, shortlist, decisions.

    Screenings (an ad and its resumes), each resume's text, profile and scores, and your
    decisions live in one SQLite file that the next run opens again. Files are read by the
    same worker processes as `matcher screen`, in the background. The app listens on
    127.0.0.1 only unless --host says otherwise, which then needs --token (or the
    MATCHER_SERVE_TOKEN variable). Needs the web extra: pip install 'matcher[serve]'.
    """
    try:
        import uvicorn

        from matcher.serve.app import Config, Limits, create_app
    except ImportError as exc:
        raise click.ClickException(f"matcher serve needs the web extra ({exc.name} is missing): "
                                   "pip install 'matcher[serve]'") from None  # fmt: skip
    from matcher.serve.store import default_db_path

    config = Config(db=default_db_path() if db is None else _path(db), host=host, token=token or None,
                    jobs=jobs or os.cpu_count() or 1, timeout=timeout or None, pdf_engine=pdf_engine,
                    keep_files=keep_files,
                    limits=Limits(files=max_files, file_bytes=max_file_mb * 1_000_000))  # fmt: skip
    if not config.loopback and config.token is None:
        raise click.ClickException(f"--host {host} lets other machines in: give a --token (or set "
                                   f"{TOKEN_ENV}) that every request must carry")  # fmt: skip
    if config.token is not None and len(config.token) < 16:
        raise click.ClickException("the token is too short to keep anyone out: use 16 characters or more")
    with library_errors():
        app = create_app(config)
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{port}/" + (f"?token={config.token}" if config.token else "")
    click.echo(f"matcher serve: {address}  (database {config.db}; Ctrl-C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", lifespan="on")


def _path(db: str):  # noqa: ANN202
    from pathlib import Path

    return Path(db).expanduser()
