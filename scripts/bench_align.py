#!/usr/bin/env python3
"""Benchmark: alignment quality and speed on the 24 MAC-Test chapters.

1. Chapter by chapter: strict and lax precision, recall and F1 (the metric of
   ../shared/eval/README.md), over all 24 chapters and over the odd and even
   halves (the confidence curve was fitted on the odd half).
2. The 24 chapters joined into one document pair (no chapter boundaries given),
   and its first quarter and half: each in a fresh process, wall time including
   start-up and dictionary load, peak memory, strict and lax F1.

Reads ../shared/eval/mac-test; never copies it.

    python scripts/bench_align.py [--eval DIR] [--skip-chapters] [--skip-joined]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = ROOT.parent / "shared" / "eval" / "mac-test"


def _chapter(eval_dir: Path, stem: str):
    from ipdoc.align.evaluate import parse_beads

    zh = (eval_dir / f"{stem}.zh").read_text(encoding="utf-8").splitlines()
    en = (eval_dir / f"{stem}.en").read_text(encoding="utf-8").splitlines()
    return zh, en, parse_beads((eval_dir / f"{stem}.gold").read_text())


def _fmt(s) -> str:
    return (f"strict P {s.strict.precision:.3f} R {s.strict.recall:.3f} F1 {s.strict.f1:.3f} | "
            f"lax P {s.lax.precision:.3f} R {s.lax.recall:.3f} F1 {s.lax.f1:.3f}")


def per_chapter(eval_dir: Path) -> None:
    from ipdoc.align import align_units
    from ipdoc.align.evaluate import score

    stems = sorted(p.stem for p in eval_dir.glob("*.gold"))
    golds, tests = {}, {}
    t0 = time.perf_counter()
    for stem in stems:
        zh, en, gold = _chapter(eval_dir, stem)
        golds[stem] = gold
        tests[stem] = [(b.zh, b.en) for b in align_units(zh, en)]
        one = score([gold], [tests[stem]])
        print(f"  {stem}: {len(zh):4d} zh {len(en):4d} en  strict F1 {one.strict.f1:.3f}  lax F1 {one.lax.f1:.3f}")
    took = time.perf_counter() - t0
    print(f"chapter by chapter, {len(stems)} chapters in {took:.1f} s:")
    print(f"  all : {_fmt(score([golds[s] for s in stems], [tests[s] for s in stems]))}")
    for name, part in (("odd ", stems[0::2]), ("even", stems[1::2])):
        print(f"  {name}: {_fmt(score([golds[s] for s in part], [tests[s] for s in part]))}")


def joined_once(eval_dir: Path, fraction: float) -> dict:
    """Align the joined chapters (a leading fraction of them); run in a fresh process."""
    import resource

    t0 = time.perf_counter()
    from ipdoc.align import align_units
    from ipdoc.align.evaluate import score

    zh_all: list[str] = []
    en_all: list[str] = []
    gold_all: list = []
    for stem in sorted(p.stem for p in eval_dir.glob("*.gold")):
        zh, en, gold = _chapter(eval_dir, stem)
        oz, oe = len(zh_all), len(en_all)
        gold_all += [(tuple(i + oz for i in z), tuple(j + oe for j in e)) for z, e in gold]
        zh_all += zh
        en_all += en
    if fraction < 1.0:
        limit = int(len(zh_all) * fraction)
        kept = []
        for z, e in gold_all:
            if z and z[-1] >= limit:
                break
            kept.append((z, e))
        nz = max(i for z, _ in kept for i in z) + 1
        ne = max(j for _, e in kept for j in e) + 1
        gold_all, zh_all, en_all = kept, zh_all[:nz], en_all[:ne]
    beads = align_units(zh_all, en_all)
    wall = time.perf_counter() - t0
    s = score([gold_all], [[(b.zh, b.en) for b in beads]])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"fraction": fraction, "zh": len(zh_all), "en": len(en_all), "seconds": round(wall, 2),
            "peak_mb": round(peak), "strict_f1": round(s.strict.f1, 4), "lax_f1": round(s.lax.f1, 4)}


def joined(eval_dir: Path) -> None:
    print("joined document, each run in a fresh process (wall time includes start-up and dictionary load):")
    for fraction in (0.25, 0.5, 1.0):
        proc = subprocess.run([sys.executable, __file__, "--eval", str(eval_dir), "--joined-once", str(fraction)],
                              capture_output=True, text=True, check=True)
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        print(f"  {fraction:4.2f}: {r['zh']:5d} zh x {r['en']:5d} en  {r['seconds']:5.2f} s  peak {r['peak_mb']:4d} MB  "
              f"strict F1 {r['strict_f1']:.3f}  lax F1 {r['lax_f1']:.3f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    ap.add_argument("--skip-chapters", action="store_true")
    ap.add_argument("--skip-joined", action="store_true")
    ap.add_argument("--joined-once", type=float, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not args.eval.is_dir():
        print(f"no evaluation data at {args.eval}", file=sys.stderr)
        return 2
    if args.joined_once is not None:
        print(json.dumps(joined_once(args.eval, args.joined_once)))
        return 0
    if not args.skip_chapters:
        per_chapter(args.eval)
    if not args.skip_joined:
        joined(args.eval)
    return 0


if __name__ == "__main__":
    sys.exit(main())
