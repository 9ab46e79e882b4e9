"""End to end in a real browser: Playwright driving Debian's chromium against ``ipdoc
serve`` on the sample pair. Skipped when Playwright or chromium is missing (``.ci/run``
installs chromium; Playwright's own browser download is never used)."""

from __future__ import annotations

import io
import shutil
import urllib.error
import urllib.request
import zipfile

import pytest

from helpers import sample_review
from ipdoc.export import project, tmx, xliff

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from ipdoc.serve import start

    path = tmp_path_factory.mktemp("serve") / "sample.ipdoc.xml"
    path.write_bytes(project.export_xml(sample_review()))
    running = start(path, 0, "tester")
    yield path, running
    running.stop()


def _open(browser, url):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']")
    return context, page, errors


def _saved(path):
    return project.read(path.read_bytes(), str(path))


def _revision(page, n: int) -> None:
    page.wait_for_selector(f"body[data-revision='{n}']", timeout=30000)


def test_the_page_loads_and_a_map_mark_goes_to_its_bead(browser, server):
    _path, running = server
    context, page, errors = _open(browser, running.url)
    assert page.url.endswith("/") and "token" not in page.url  # the token moved into a cookie
    n = len(sample_review().pair.beads)
    assert page.locator(".row").count() == n and page.locator("svg.map .mk").count() == n
    assert page.locator(".fi").count() == len(sample_review().findings)
    page.click("svg.map .mk[data-b='30']")
    page.wait_for_selector("#b30.sel")
    inside = page.evaluate("""() => {
        const r = document.getElementById('b30').getBoundingClientRect();
        const p = document.querySelector('.rows-pane').getBoundingClientRect();
        return r.top >= p.top && r.bottom <= p.bottom; }""")
    assert inside
    page.keyboard.press("j")  # the first finding, selected and shown
    assert page.locator(".fi.cur").count() == 1 and page.locator("mark.hl").count() >= 1
    shot = page.screenshot()
    blank = browser.new_page(viewport={"width": 1400, "height": 900})
    flat = blank.screenshot()
    blank.close()
    # a flat page compresses to almost nothing; the review page, with its text, does not
    assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 20 * len(flat) and len(shot) > 50_000
    assert not errors
    context.close()


def test_a_hover_on_a_clause_highlights_its_counterpart(browser, server):
    _path, running = server
    context, page, errors = _open(browser, running.url)
    row = page.locator(".row", has_text="坚持以人民为中心的发展思想").first
    zh = row.locator('.zh .ct[data-cl="2"]').first
    zh.hover()
    lit = row.locator(".clh")
    assert lit.count() >= 3  # the Chinese clause, the English clause and both numbers
    assert {e.get_attribute("data-cl") for e in lit.all()} == {"2"}
    assert "coordinate development and security" in " ".join(e.inner_text() for e in row.locator(".en .clh").all())
    colour = row.locator('.zh sup.cl[data-cl="2"]').evaluate("e => getComputedStyle(e).color")
    assert colour == row.locator('.en sup.cl[data-cl="2"]').evaluate("e => getComputedStyle(e).color")
    assert colour != row.locator('.en sup.cl[data-cl="1"]').evaluate("e => getComputedStyle(e).color")
    page.mouse.move(5, 5)  # away: nothing stays lit
    assert page.locator(".clh").count() == 0
    assert not errors
    context.close()


def test_accept_merge_reload_export_and_undo(browser, server):
    path, running = server
    context, page, errors = _open(browser, running.url)
    start = _saved(path).revision
    f = next(f for f in sample_review().findings if f.code == "T002" and f.fix)
    page.click(f".rfi[data-fp='{f.fingerprint}'] button[data-dec='accept']")
    _revision(page, start + 1)
    assert _saved(path).decisions[f.fingerprint].action == "accept"
    page.hover("#b2")
    page.click("#b2 button[data-act='merge']")
    _revision(page, start + 2)
    merged = _saved(path).pair.beads[2]
    assert (merged.zh, merged.en) == ((2, 3), (2, 3))
    page.reload()
    page.wait_for_selector("body[data-ready='1']")
    assert "2-2" in page.inner_text("#b2 .meta")
    assert page.locator(f".rfi[data-fp='{f.fingerprint}'] .st-accept").count() == 1
    # the exports as they stand
    got = context.request.get(running.url.split("?")[0] + "export/tmx")
    assert got.ok
    units = tmx.parse(got.body())
    assert any(f.fix.replacement in u["en"] for u in units)
    assert any(u["props"]["x-ipdoc-bead"] == "[2,3]:[2,3]" for u in units)
    docx = context.request.get(running.url.split("?")[0] + "export/docx-clean")
    with zipfile.ZipFile(io.BytesIO(docx.body())) as zf:
        body = zf.read("word/document.xml").decode("utf-8")
    inserted = [chunk.split("</w:ins>")[0] for chunk in body.split("<w:ins ")[1:]]
    assert any(f.fix.replacement in chunk for chunk in inserted)
    # undo the merge, then the decision
    page.click("#undo")
    _revision(page, start + 3)
    assert "1-1" in page.inner_text("#b2 .meta") and _saved(path).pair.beads == sample_review().pair.beads
    page.keyboard.press("u")
    _revision(page, start + 4)
    assert f.fingerprint not in _saved(path).decisions
    assert not errors
    context.close()


def test_a_stale_save_conflicts_and_nothing_is_lost(browser, server):
    path, running = server
    context, first, _ = _open(browser, running.url)
    second = context.new_page()
    second.goto(running.url.split("?")[0])
    second.wait_for_selector("body[data-ready='1']")
    start = _saved(path).revision
    first.hover("#b5")
    first.click("#b5 button[data-act='confirm']")
    _revision(first, start + 1)
    second.hover("#b8")
    second.click("#b8 button[data-act='confirm']")  # made from the old revision
    second.wait_for_selector("#status.error")
    assert "not applied" in second.inner_text("#status")
    _revision(second, start + 1)  # the second tab reloaded the saved state
    saved = _saved(path)
    beads = saved.pair.beads
    assert saved.is_confirmed(beads[5]) and not saved.is_confirmed(beads[8]) and saved.revision == start + 1
    assert second.locator("#b5.confirmed").count() == 1
    context.close()


def test_split_edit_translate_and_export_from_the_page(browser, server):
    path, running = server
    context, page, errors = _open(browser, running.url)
    start = _saved(path).revision
    two = next(k for k, b in enumerate(sample_review().pair.beads) if len(b.en) == 2)
    page.hover(f"#b{two}")
    page.click(f"#b{two} button[data-act='split']")
    page.select_option(f"#b{two} .editor select[name='zh']", "1")
    page.select_option(f"#b{two} .editor select[name='en']", "1")
    page.click(f"#b{two} .editor button.save")
    _revision(page, start + 1)
    assert [len(b.en) for b in _saved(path).pair.beads[two:two + 2]] == [1, 1]
    page.hover("#b0")
    page.click("#b0 button[data-act='edit']")
    page.fill("#b0 .editor textarea", "Guiding Opinions (edited)")
    page.click("#b0 .editor button.save")
    _revision(page, start + 2)
    assert _saved(path).edited == {0: "Guiding Opinions (edited)"}
    assert page.inner_text("#b0 .en ins") == "Guiding Opinions (edited)"
    k = next(k for k, b in enumerate(_saved(path).pair.beads) if not b.en)
    page.hover(f"#b{k}")
    page.click(f"#b{k} button[data-act='supply']")
    page.fill(f"#b{k} .editor textarea", "Personal data will be protected.")
    page.keyboard.press("Control+Enter")
    _revision(page, start + 3)
    assert page.inner_text(f"#b{k} .supplied") == "Personal data will be protected."
    with page.expect_download() as download:
        page.click("a[href='/export/xliff']")
    units = xliff.parse(download.value.path().read_bytes())
    assert any(u["target"] == "Personal data will be protected." for u in units)
    for n in range(3):
        page.click("#undo")
        _revision(page, start + 4 + n)
    saved = _saved(path)
    assert saved.pair.beads == sample_review().pair.beads and not saved.edited and not saved.supplied
    assert not errors
    context.close()


def test_a_request_without_the_token_is_refused(server):
    _path, running = server
    base = running.url.split("?")[0]
    for url in (base, base + "api/view", base + "static/app.js", base + "export/tmx"):
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(url, timeout=10)
        err.value.close()
        assert err.value.code == 403
    req = urllib.request.Request(running.url, headers={"Host": "attacker.example"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=10)
    err.value.close()
    assert err.value.code == 403
