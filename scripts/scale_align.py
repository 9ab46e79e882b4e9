#!/usr/bin/env python3
"""Alignment at scale: wall time and peak memory per MB of text (issue 10).

Builds pairs of a given size (UTF-8 bytes of both sides together) by repeating the
MAC-Test chapters (../shared/eval/mac-test, read at run time) or, without them,
the shipped sample pair; and the lopsided case of issue 10: one-character Chinese
lines against a short English text. Each case runs in a fresh process
(``--semantic off``: the lexical aligner; peak resident memory from getrusage).

    python scripts/scale_align.py [--sizes 1 5 20] [--chars 100000] [--eval DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = ROOT.parent / "shared" / "eval" / "mac-test"


def source(eval_dir: Path) -> tuple[list[str], list[str], str]:
    """One pair of sentence lists to repeat, and where it came from."""
    if eval_dir.is_dir() and any(eval_dir.glob("*.gold")):
        zh: list[str] = []
        en: list[str] = []
        for stem in sorted(p.stem for p in eval_dir.glob("*.gold")):
            zh += (eval_dir / f"{stem}.zh").read_text(encoding="utf-8").splitlines()
            en += (eval_dir / f"{stem}.en").read_text(encoding="utf-8").splitlines()
        return zh, en, "MAC-Test chapters"
    from ipdoc.read import read_text
    from ipdoc.segment import segment

    sample = ROOT / "source_texts" / "urban-data-sharing-sample"
    docs = [segment(read_text(f"{sample}.{lang}.txt")) for lang in ("zh", "en")]
    zh, en = ([d.text_of(u) for u in d.level("sentence")] for d in docs)
    return zh, en, "the shipped sample pair"


def sized(zh: list[str], en: list[str], mb: float) -> tuple[list[str], list[str]]:
    """The pair repeated (and cut) to about ``mb`` MB."""
    unit = sum(len(t.encode()) + 1 for t in zh) + sum(len(t.encode()) + 1 for t in en)
    times = mb * 1e6 / unit
    whole = int(times)
    part = times - whole
    return zh * whole + zh[: int(len(zh) * part)], en * whole + en[: int(len(en) * part)]


def once(case: str, value: float, eval_dir: Path) -> dict:
    """Run one case in this process."""
    import resource

    from ipdoc.align import align_units

    if case == "chars":
        zh, en = ["字"] * int(value), ["A short English text.", "It has three sentences.", "That is all."]
    else:
        zh, en = sized(*source(eval_dir)[:2], value)
    size = (sum(len(t.encode()) + 1 for t in zh) + sum(len(t.encode()) + 1 for t in en)) / 1e6
    t0 = time.perf_counter()
    beads = align_units(zh, en, semantic="off")
    wall = time.perf_counter() - t0
    assert [i for b in beads for i in b.zh] == list(range(len(zh)))
    assert [j for b in beads for j in b.en] == list(range(len(en)))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"zh": len(zh), "en": len(en), "mb": round(size, 2), "seconds": round(wall, 1), "peak_mb": round(peak)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=float, nargs="*", default=[1.0, 5.0], help="pair sizes in MB (20 takes minutes)")
    ap.add_argument("--chars", type=int, default=100_000, help="one-character Chinese lines against a short English")
    ap.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    ap.add_argument("--once", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.once:
        print(json.dumps(once(args.once[0], float(args.once[1]), args.eval)))
        return 0
    print(f"built from {source(args.eval)[2]}; each case in a fresh process, --semantic off:")
    cases = [("mb", s) for s in args.sizes] + ([("chars", float(args.chars))] if args.chars else [])
    for case, value in cases:
        with tempfile.TemporaryDirectory(prefix="ipdoc-scale-") as cache:
            proc = subprocess.run([sys.executable, __file__, "--eval", str(args.eval), "--once", case, str(value)],
                                  capture_output=True, text=True, env=dict(os.environ, IPDOC_CACHE=cache))
        if proc.returncode:
            print(f"  {case} {value:g}: FAILED\n{proc.stderr[-2000:]}")
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        label = f"{r['mb']:6.2f} MB" if case == "mb" else f"{int(value)} one-character lines"
        print(f"  {label}: {r['zh']:7d} zh x {r['en']:7d} en  {r['seconds']:7.1f} s  peak {r['peak_mb']:5d} MB  "
              f"({r['seconds'] / max(r['mb'], 1e-9):.1f} s/MB, {r['peak_mb'] / max(r['mb'], 1e-9):.0f} MB/MB; "
              "dictionary and jieba included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
