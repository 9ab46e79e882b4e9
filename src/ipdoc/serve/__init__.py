"""``ipdoc serve``: the review in the browser, on the user's own machine.

A local web application on 127.0.0.1 (Flask, run by Werkzeug's threaded server):
the alignment map, the rows side by side, the findings, bead editing and
decisions, every change saved to the project file. :func:`start` runs it in a
background thread (tests use it); :func:`serve` runs it until interrupted.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError


@dataclass(frozen=True, slots=True)
class Running:
    """A server running in a thread: its URL (with the token), the token, how to stop it."""

    url: str
    token: str
    port: int
    server: object
    thread: threading.Thread
    session: object

    def stop(self) -> None:
        self.server.shutdown()  # type: ignore[attr-defined]
        self.thread.join(timeout=10)


def start(project: str | Path, port: int = 0, who: str = "") -> Running:
    """Serve a project file on 127.0.0.1 in a background thread."""
    from werkzeug.serving import make_server

    from ..review import default_user
    from .app import create_app
    from .session import Session

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    session = Session(project, who or default_user())
    token = secrets.token_urlsafe(24)
    app = create_app(session, token)
    try:
        server = make_server("127.0.0.1", port, app, threaded=True)
    except OSError as exc:
        raise InputError(f"cannot listen on 127.0.0.1:{port} ({exc.strerror}): give --port 0 for any free port") \
            from None
    app.config["IPDOC_PORT"] = server.server_port
    thread = threading.Thread(target=server.serve_forever, name="ipdoc-serve", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/?token={token}"
    return Running(url, token, server.server_port, server, thread, session)


def serve(project: str | Path, port: int = 0, open_browser: bool = True, who: str = "",
          echo: Callable[[str], None] = print, note: Callable[[str], None] | None = None) -> None:
    """Serve until interrupted; the first line ``echo``-ed is the URL to open."""
    running = start(project, port, who)
    echo(running.url)
    if note is not None:
        note(f"serving {project} on 127.0.0.1:{running.port} as {running.session.who}; "  # type: ignore[attr-defined]
             "every change is saved to it; Ctrl+C stops")
    if open_browser:
        import webbrowser

        threading.Timer(0.3, webbrowser.open, (running.url,)).start()
    try:
        running.thread.join()
    except KeyboardInterrupt:
        running.stop()
        raise
