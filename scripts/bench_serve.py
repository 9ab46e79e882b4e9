#!/usr/bin/env python3
"""Benchmark: the review page on the 24 MAC-Test chapters joined (4,875 x 6,610 sentences).

Aligns and checks the joined pair (or reads ``--project FILE``), serves it with
``ipdoc serve`` on 127.0.0.1 and drives headless chromium (Playwright, Debian's
``/usr/bin/chromium``) through it: the time to first render (from navigation to
the page's rows and map drawn), a page change, a saved change (a bead confirmed),
scrolling (frame intervals while the rows pane scrolls), then the same for the
self-contained report opened from disk. Reads ../shared/eval/mac-test, never
copies it; writes to a temporary folder.

    python scripts/bench_serve.py [--eval DIR] [--project FILE] [--keep DIR] [--screenshot PNG]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = ROOT.parent / "shared" / "eval" / "mac-test"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SCROLL = """async () => {
  const pane = document.querySelector('.rows-pane');
  const times = [];
  let last = performance.now();
  for (let i = 0; i < 120; i++) {
    pane.scrollTop += 120;
    await new Promise((r) => requestAnimationFrame(r));
    const now = performance.now();
    times.push(now - last);
    last = now;
  }
  return times;
}"""


def joined_project(eval_dir: Path, out: Path) -> Path:
    from ipdoc.export.project import export_xml
    from ipdoc.model import Text
    from ipdoc.pipeline import align_pair, make_review
    from ipdoc.segment import segment

    stems = sorted(p.stem for p in eval_dir.glob("*.gold"))
    if not stems:
        raise SystemExit(f"no evaluation data at {eval_dir}")
    zh = "".join((eval_dir / f"{s}.zh").read_text(encoding="utf-8") for s in stems)
    en = "".join((eval_dir / f"{s}.en").read_text(encoding="utf-8") for s in stems)
    t0 = time.perf_counter()
    zh_doc = segment(Text(zh, "zh", "mac-test-joined.zh"), presegmented=True)
    en_doc = segment(Text(en, "en", "mac-test-joined.en"), presegmented=True)
    review = make_review(align_pair(zh_doc, en_doc), name="mac-test-joined")
    print(f"joined pair: {len(review.units('zh'))} zh x {len(review.units('en'))} en sentences, "
          f"{len(review.pair.beads)} beads, {len(review.findings)} findings; aligned and checked in "
          f"{time.perf_counter() - t0:.1f} s")
    path = out / "mac-test-joined.ipdoc.xml"
    path.write_bytes(export_xml(review))
    return path


def ready(page, timeout: float = 120_000) -> None:
    page.wait_for_selector("body[data-ready='1']", timeout=timeout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    ap.add_argument("--project", type=Path, help="a project file to serve instead of the joined pair")
    ap.add_argument("--keep", type=Path, help="keep the project and report here")
    ap.add_argument("--screenshot", type=Path, help="save a screenshot of the served page here")
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    from ipdoc.pipeline import load_project, report_html
    from ipdoc.serve import start

    out = args.keep or Path(tempfile.mkdtemp(prefix="ipdoc-bench-serve-"))
    out.mkdir(parents=True, exist_ok=True)
    project = args.project
    if project is None:
        project = joined_project(args.eval, out)
    else:
        project = Path(shutil.copy(project, out / project.name))
    print(f"project file: {project.stat().st_size / 1e6:.1f} MB")

    t0 = time.perf_counter()
    running = start(project, 0, "bench")
    print(f"server started (project read and checked): {time.perf_counter() - t0:.2f} s")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            t0 = time.perf_counter()
            page.goto(running.url)
            ready(page)
            first = time.perf_counter() - t0
            rows = page.locator(".row").count()
            marks = page.locator("svg.map .mk").count()
            print(f"served page: first render {first:.2f} s wall, navigation to ready "
                  f"{page.evaluate('() => performance.now()') / 1000:.2f} s in the browser "
                  f"({rows} rows on the page, {marks} map marks)")
            if args.screenshot:
                page.screenshot(path=str(args.screenshot))
            pages = len(page.locator("#page option").all())
            t0 = time.perf_counter()
            target = str(min(20, max(0, pages - 1)))
            page.select_option("#page", target)
            page.wait_for_selector(f"#firsts[data-current='{target}']", state="attached")
            print(f"page change (page {int(target) + 1} of {pages}): {time.perf_counter() - t0:.2f} s")
            frames = page.evaluate(SCROLL)
            print(f"scrolling the rows: median frame {statistics.median(frames):.1f} ms, "
                  f"95th percentile {sorted(frames)[int(len(frames) * 0.95)]:.1f} ms over {len(frames)} frames")
            for n, which in enumerate(("first", "second")):
                revision = int(page.get_attribute("body", "data-revision") or 0)
                row = page.locator(".row").nth(n)
                row.hover()
                t0 = time.perf_counter()
                row.locator("button[data-act='confirm']").click()
                page.wait_for_selector(f"body[data-revision='{revision + 1}']", timeout=120_000)
                print(f"the {which} change (confirm a bead) saved and shown: {time.perf_counter() - t0:.2f} s"
                      + (" (the clauses of the unchanged sentence beads are kept from the first)" if n else ""))

            t0 = time.perf_counter()
            review = load_project(project)
            data = report_html(review)
            report = out / "report.html"
            report.write_bytes(data)
            print(f"report.html: {len(data) / 1e6:.1f} MB, made in {time.perf_counter() - t0:.2f} s "
                  "(project read included)")
            t0 = time.perf_counter()
            page.goto(report.as_uri())
            ready(page)
            print(f"report opened from disk: first render {time.perf_counter() - t0:.2f} s wall")
            t0 = time.perf_counter()
            page.select_option("#page", target)
            page.wait_for_selector(f"#firsts[data-current='{target}']", state="attached")
            print(f"report page change: {time.perf_counter() - t0:.3f} s")
            frames = page.evaluate(SCROLL)
            print(f"report scrolling: median frame {statistics.median(frames):.1f} ms")
            browser.close()
    finally:
        running.stop()
        if args.keep is None:
            shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
