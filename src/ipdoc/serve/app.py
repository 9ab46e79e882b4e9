"""The web application of ``ipdoc serve`` (Flask): the page, its parts, changes, exports.

It adds nothing to the pipeline but HTTP and sessions. Every request must carry
the access token (in the query of the first URL, then in a cookie set from it),
name this server's own host (``127.0.0.1:PORT`` or ``localhost:PORT``: a page
elsewhere that rebinds a name to 127.0.0.1 is refused) and, when it has an
Origin, come from that host; anything else gets 403.
"""

from __future__ import annotations

import secrets
from importlib import resources

from flask import Flask, Response, abort, jsonify, make_response, redirect, request
from werkzeug.wrappers import Response as BaseResponse

from ..errors import InputError
from ..export import exporters
from .session import Conflict, Session
from .views import EXPORTS, PARTS, live_page, parts

_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def cookie_name(port: int) -> str:
    """The token's cookie: one per port (cookies do not tell ports apart)."""
    return f"ipdoc_token_{port}"


def create_app(session: Session, token: str) -> Flask:
    """The application for one session; ``app.config["IPDOC_PORT"]`` must be set to the port it serves on."""
    static = str(resources.files("ipdoc.serve").joinpath("static"))
    app = Flask("ipdoc.serve", static_folder=static, static_url_path="/static")
    app.config["IPDOC_PORT"] = 0
    app.config["MAX_CONTENT_LENGTH"] = 4 * 1024 * 1024  # an action is a few hundred bytes

    def port() -> int:
        return int(app.config["IPDOC_PORT"])

    @app.before_request
    def guard() -> Response | None:
        hosts = {f"127.0.0.1:{port()}", f"localhost:{port()}"}
        if request.host not in hosts:
            return _refuse("this server answers only to its own address")
        origin = request.headers.get("Origin")
        if origin is not None and origin not in {f"http://{h}" for h in hosts}:
            return _refuse("requests from other sites are refused")
        given = request.args.get("token") or request.cookies.get(cookie_name(port())) or ""
        if not secrets.compare_digest(given.encode(), token.encode()):
            return _refuse("open the URL ipdoc serve printed (it carries the access token)")
        return None

    @app.after_request
    def headers(resp: Response) -> Response:
        resp.headers["Content-Security-Policy"] = _CSP
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "no-referrer"
        resp.headers["Cache-Control"] = "no-store"
        return resp

    @app.get("/")
    def index() -> BaseResponse:
        if "token" in request.args:  # the first URL: keep the token in a cookie, drop it from the address
            resp = redirect("/", code=303)
            resp.set_cookie(cookie_name(port()), token, httponly=True, samesite="Strict", path="/")
            return resp
        page = request.args.get("page", 0, type=int)
        return make_response(live_page(session.view(), page))

    @app.get("/api/view")
    def view() -> Response:
        page = request.args.get("page", 0, type=int)
        return jsonify(_parts(session, page, request.args.get("parts", "")))

    @app.post("/api/change")
    def change() -> Response | tuple[Response, int]:
        data = request.get_json(silent=True)
        if not isinstance(data, dict) or not isinstance(data.get("action"), str) \
                or not isinstance(data.get("revision"), int) or not isinstance(data.get("args", {}), dict):
            return jsonify(error="expected JSON: {revision, action, args}"), 400
        before = session.current()
        try:
            review = session.change(data["revision"], data["action"], data.get("args", {}))
        except Conflict as exc:
            return jsonify(error=str(exc), revision=exc.revision), 409
        except InputError as exc:
            return jsonify(error=str(exc)), 400
        except Exception as exc:  # nothing was saved: the project file is as it was
            app.logger.exception("change failed")
            return jsonify(error=f"internal error, nothing saved: {type(exc).__name__}: {exc}"), 500
        page = data.get("page", 0)
        same_map = review.findings == before.findings and (review.pair.beads if review.pair else None) == (
            before.pair.beads if before.pair else None)
        out = _parts(session, page if isinstance(page, int) else 0,
                     "rows,findings,summary,pages" if same_map else "")
        out["did"] = "nothing changed" if review is before else review.history[-1].action
        return jsonify(out)

    @app.get("/export/<fmt>")
    def export(fmt: str) -> Response:
        if fmt not in dict(EXPORTS):
            abort(404)
        review = session.current()
        func, suffix = exporters()[fmt]
        try:
            data = func(review)
        except InputError as exc:
            return make_response(str(exc), 400)
        name = (review.name or session.path.name.split(".")[0]) + suffix
        resp = make_response(data)
        resp.headers["Content-Type"] = _MIME.get(suffix.rsplit(".", 1)[-1], "application/octet-stream")
        resp.headers["Content-Disposition"] = f"attachment; filename=\"{name}\""
        return resp

    return app


_MIME = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "tmx": "application/x-tmx+xml", "xlf": "application/x-xliff+xml"}


def _parts(session: Session, page: int, which: str) -> dict:
    view = session.view()
    wanted = [w for w in which.split(",") if w in PARTS] or list(PARTS)
    return {"revision": view.review.revision, "parts": parts(view, page, wanted)}


def _refuse(why: str) -> Response:
    resp = make_response(f"403 forbidden: {why}\n", 403)
    resp.headers["Content-Type"] = "text/plain; charset=utf-8"
    return resp
