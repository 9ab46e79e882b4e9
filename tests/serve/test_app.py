"""The application over HTTP (Flask's test client): the access token, Host and Origin
checks, the page and its parts, changes saved atomically with a revision, conflicts,
exports."""

from __future__ import annotations

import json
import re

import pytest

from helpers import sample_review
from ipdoc.export import project, tmx
from ipdoc.serve.app import cookie_name, create_app
from ipdoc.serve.session import Session

PORT = 48123
BASE = f"http://127.0.0.1:{PORT}"
TOKEN = "secret-token"


@pytest.fixture
def served(tmp_path):
    path = tmp_path / "sample.ipdoc.xml"
    path.write_bytes(project.export_xml(sample_review()))
    session = Session(path, "tester")
    app = create_app(session, TOKEN)
    app.config["IPDOC_PORT"] = PORT
    client = app.test_client()
    client.set_cookie(cookie_name(PORT), TOKEN, domain="127.0.0.1")
    return path, session, client


def _change(client, revision, action, **args):
    return client.post("/api/change", base_url=BASE, json={"revision": revision, "action": action, "args": args})


def test_without_the_token_or_from_elsewhere_everything_is_refused(served, tmp_path):
    path, session, client = served
    anon = create_app(session, TOKEN)
    anon.config["IPDOC_PORT"] = PORT
    bare = anon.test_client()
    for url in ("/", "/api/view", "/static/app.js", "/export/tmx"):
        r = bare.get(url, base_url=BASE)
        assert r.status_code == 403, url
    assert bare.get("/?token=wrong", base_url=BASE).status_code == 403
    assert bare.post("/api/change", base_url=BASE, json={}).status_code == 403
    # the right token, from another Host (DNS rebinding) or Origin (another site's page)
    assert client.get("/", base_url=f"http://evil.example:{PORT}").status_code == 403
    assert client.get("/", base_url=f"http://127.0.0.1:{PORT + 1}").status_code == 403
    r = client.post("/api/change", base_url=BASE, headers={"Origin": "http://evil.example"},
                    json={"revision": 0, "action": "merge", "args": {"bead": 0}})
    assert r.status_code == 403 and project.read(path.read_bytes(), "p").revision == 0
    assert client.get(f"/?token={TOKEN}", base_url=f"http://localhost:{PORT}").status_code == 303


def test_the_first_url_sets_the_cookie_and_drops_the_token(served):
    _path, session, _client = served
    app = create_app(session, TOKEN)
    app.config["IPDOC_PORT"] = PORT
    fresh = app.test_client()
    r = fresh.get(f"/?token={TOKEN}", base_url=BASE)
    assert r.status_code == 303 and r.headers["Location"] == "/"
    cookie = r.headers["Set-Cookie"]
    assert cookie.startswith(f"{cookie_name(PORT)}={TOKEN}") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    page = fresh.get("/", base_url=BASE)
    assert page.status_code == 200 and b'class="row' in page.data
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert b"<script>" not in page.data  # no inline script: the policy allows none


def test_a_change_is_saved_with_its_revision_and_a_stale_one_conflicts(served):
    path, _session, client = served
    r = _change(client, 0, "merge", bead=2)
    assert r.status_code == 200, r.data
    data = r.get_json()
    assert data["revision"] == 1 and data["did"] == "merge" and set(data["parts"]) >= {"rows", "map", "findings"}
    saved = project.read(path.read_bytes(), "p")
    assert saved.revision == 1 and len(saved.pair.beads) == len(sample_review().pair.beads) - 1
    assert saved.history[-1].who == "tester"
    # a second tab still at revision 0: refused, nothing written over
    r = _change(client, 0, "confirm", bead=7)
    assert r.status_code == 409 and r.get_json()["revision"] == 1
    assert project.read(path.read_bytes(), "p").confirmed == saved.confirmed
    # bad requests are one clear message
    assert _change(client, 1, "merge", bead="x").status_code == 400
    assert _change(client, 1, "fly").get_json()["error"].startswith("unknown action")
    assert client.post("/api/change", base_url=BASE, data="nope").status_code == 400
    r = _change(client, 1, "undo")
    assert r.status_code == 200 and project.read(path.read_bytes(), "p").pair.beads == sample_review().pair.beads


def test_a_file_rewritten_by_another_program_is_read_again(served):
    path, _session, client = served
    other = project.read(path.read_bytes(), "p")
    from dataclasses import replace

    path.write_bytes(project.export_xml(replace(other, revision=7)))
    r = _change(client, 0, "merge", bead=0)
    assert r.status_code == 409 and r.get_json()["revision"] == 7
    assert _change(client, 7, "merge", bead=0).get_json()["revision"] == 8


def test_views_and_exports(served):
    _path, _session, client = served
    r = client.get("/api/view?page=0&parts=rows,pages", base_url=BASE)
    assert set(r.get_json()["parts"]) == {"rows", "pages"}
    k = next(k for k, b in enumerate(sample_review().pair.beads) if not b.en)
    assert _change(client, 0, "supply", bead=k, text="Given English.").status_code == 200
    r = client.get("/export/tmx", base_url=BASE)
    assert r.status_code == 200 and "attachment" in r.headers["Content-Disposition"]
    assert "Given English." in [u["en"] for u in tmx.parse(r.data)]
    for fmt in ("docx", "docx-clean", "xliff"):
        assert client.get(f"/export/{fmt}", base_url=BASE).status_code == 200
    assert client.get("/export/json", base_url=BASE).status_code == 404
    assert json.loads(client.get("/api/view", base_url=BASE).data)["revision"] == 1


def test_ipdoc_serve_prints_the_url_first_and_listens_on_127_0_0_1(tmp_path):
    import subprocess
    import sys
    import urllib.error
    import urllib.request

    path = tmp_path / "sample.ipdoc.xml"
    path.write_bytes(project.export_xml(sample_review()))
    proc = subprocess.Popen([sys.executable, "-c", "from ipdoc.cli import main; main()", "serve", str(path),
                             "--port", "0", "--no-browser", "--user", "cli-test"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[A-Za-z0-9_-]{32}", first), first
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        with opener.open(first, timeout=30) as page:  # redirected to / with the cookie set
            assert page.status == 200 and b'class="row' in page.read()
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(first.split("?")[0], timeout=30)
        err.value.close()
        assert err.value.code == 403
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()
