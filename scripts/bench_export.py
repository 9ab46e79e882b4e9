#!/usr/bin/env python3
"""Benchmark: the 24 MAC-Test chapters joined into one pair, exported to every format.

Aligns and checks the joined pair once (timed), then exports it to each format
(each timed) and, when LibreOffice is installed, converts the review DOCX to ODT
to show that it opens. Reads ../shared/eval/mac-test; never copies it; writes to
a temporary folder.

    python scripts/bench_export.py [--eval DIR] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = ROOT.parent / "shared" / "eval" / "mac-test"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    ap.add_argument("--keep", type=Path, help="write the exports here instead of a temporary folder")
    args = ap.parse_args()
    stems = sorted(p.stem for p in args.eval.glob("*.gold"))
    if not stems:
        print(f"no evaluation data at {args.eval}", file=sys.stderr)
        return 2
    t_all = time.perf_counter()
    from ipdoc.export import exporters
    from ipdoc.model import Text
    from ipdoc.pipeline import align_pair, make_review
    from ipdoc.segment import segment

    zh = "".join((args.eval / f"{s}.zh").read_text(encoding="utf-8") for s in stems)
    en = "".join((args.eval / f"{s}.en").read_text(encoding="utf-8") for s in stems)
    t0 = time.perf_counter()
    zh_doc = segment(Text(zh, "zh", "mac-test-joined.zh"), presegmented=True)
    en_doc = segment(Text(en, "en", "mac-test-joined.en"), presegmented=True)
    bundle = make_review(align_pair(zh_doc, en_doc), name="mac-test-joined")
    print(f"joined pair: {len(zh_doc.level('sentence'))} zh x {len(en_doc.level('sentence'))} en sentences; "
          f"aligned and checked in {time.perf_counter() - t0:.2f} s ({len(bundle.findings)} findings)")
    out = args.keep or Path(tempfile.mkdtemp(prefix="ipdoc-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    total = 0.0
    jobs = [(name, fn, suffix) for name, (fn, suffix) in exporters().items()]
    for name, fn, suffix in jobs:
        t0 = time.perf_counter()
        data = fn(bundle)
        took = time.perf_counter() - t0
        total += took
        (out / f"mac-test-joined{suffix}").write_bytes(data)
        print(f"  {name:<24} {took:6.2f} s  {len(data) / 1e6:6.2f} MB")
    print(f"all exports: {total:.2f} s; with alignment and checks: {time.perf_counter() - t_all:.2f} s wall")
    soffice = shutil.which("soffice")
    if soffice:
        t0 = time.perf_counter()
        subprocess.run([soffice, "--headless", "--convert-to", "odt", "--outdir", str(out),
                        str(out / "mac-test-joined.review.docx")], capture_output=True, text=True, timeout=900,
                       check=False)
        ok = (out / "mac-test-joined.review.odt").exists()
        print(f"LibreOffice opened and converted the review DOCX: {ok} ({time.perf_counter() - t0:.1f} s)")
    if args.keep is None:
        shutil.rmtree(out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
