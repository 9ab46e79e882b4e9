#!/usr/bin/env python3
"""Benchmark: every alignment figure of issue 11 in one run.

1. MAC-Test chapter by chapter (each chapter aligned on its own), strict and lax
   P/R/F1 (the metric of ../shared/eval/README.md) over all 24 chapters, the odd
   ones (where constants were tuned) and the even ones (the honest figure), with
   ``--semantic off``, ``on`` and ``auto``.
2. The 24 chapters joined into one pair (no chapter boundaries given), each run in
   a fresh process with an empty cache (wall time includes start-up, dictionary
   and model load, embedding): ``off`` and ``on``; peak memory; F1.
3. Embedding throughput (units per second) of the sentence encoder, with the
   tokenizer in use.
4. A long lopsided pair built from the joined chapters: English beads removed in
   blocks of 20 until the Chinese has 25% more lines than the English; F1 against
   the gold that remains (the removed beads' Chinese as omissions).
5. The shipped sample pair against its gold, and ``ipdoc run`` on the shipped
   texts (wall time, fresh process, cold and warm cache).

Reads ../shared/eval/mac-test; never copies it.

    python scripts/bench_align.py [--eval DIR] [--skip-chapters] [--skip-joined] [--skip-run]
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


def _chapter(eval_dir: Path, stem: str):
    from ipdoc.align.evaluate import parse_beads

    zh = (eval_dir / f"{stem}.zh").read_text(encoding="utf-8").splitlines()
    en = (eval_dir / f"{stem}.en").read_text(encoding="utf-8").splitlines()
    return zh, en, parse_beads((eval_dir / f"{stem}.gold").read_text())


def _fmt(s) -> str:
    return (f"strict P {s.strict.precision:.3f} R {s.strict.recall:.3f} F1 {s.strict.f1:.3f} | "
            f"lax P {s.lax.precision:.3f} R {s.lax.recall:.3f} F1 {s.lax.f1:.3f}")


def per_chapter(eval_dir: Path, semantic: str, verbose: bool) -> None:
    from ipdoc.align import align_units
    from ipdoc.align.evaluate import score

    stems = sorted(p.stem for p in eval_dir.glob("*.gold"))
    golds, tests = {}, {}
    t0 = time.perf_counter()
    for stem in stems:
        zh, en, gold = _chapter(eval_dir, stem)
        golds[stem] = gold
        tests[stem] = [(b.zh, b.en) for b in align_units(zh, en, semantic=semantic)]
        if verbose:
            one = score([gold], [tests[stem]])
            print(f"    {stem}: {len(zh):4d} zh {len(en):4d} en  "
                  f"strict F1 {one.strict.f1:.3f}  lax F1 {one.lax.f1:.3f}")
    took = time.perf_counter() - t0
    print(f"  --semantic {semantic} ({took:.0f} s for {len(stems)} chapters):")
    print(f"    all : {_fmt(score([golds[s] for s in stems], [tests[s] for s in stems]))}")
    for name, part in (("odd ", stems[0::2]), ("even", stems[1::2])):
        print(f"    {name}: {_fmt(score([golds[s] for s in part], [tests[s] for s in part]))}")


def joined_pair(eval_dir: Path) -> tuple[list[str], list[str], list]:
    """The 24 chapters as one pair, with the gold re-indexed."""
    zh_all: list[str] = []
    en_all: list[str] = []
    gold_all: list = []
    for stem in sorted(p.stem for p in eval_dir.glob("*.gold")):
        zh, en, gold = _chapter(eval_dir, stem)
        oz, oe = len(zh_all), len(en_all)
        gold_all += [(tuple(i + oz for i in z), tuple(j + oe for j in e)) for z, e in gold]
        zh_all += zh
        en_all += en
    return zh_all, en_all, gold_all


def lopsided_pair(eval_dir: Path, block: int = 20, excess: float = 1.25):
    """English beads removed in blocks until the Chinese has ``excess`` times its lines."""
    zh, en, gold = joined_pair(eval_dir)
    need = max(0.0, 1 - len(zh) / (excess * len(en)))  # share of the English lines to remove
    remove: set[int] = set()
    removed = seen = 0
    for start in range(0, len(gold), block):
        beads = range(start, min(start + block, len(gold)))
        lines = sum(len(gold[b][1]) for b in beads)
        if removed < need * (seen + lines):  # spread the removed blocks evenly
            remove.update(beads)
            removed += lines
        seen += lines
    keep_en = sorted(j for b, (_z, e) in enumerate(gold) if b not in remove for j in e)
    new_index = {j: n for n, j in enumerate(keep_en)}
    new_gold = []
    for b, (z, e) in enumerate(gold):
        if b in remove:
            new_gold += [((i,), ()) for i in z]
        elif z or e:
            new_gold.append((z, tuple(new_index[j] for j in e)))
    return zh, [en[j] for j in keep_en], new_gold


def joined_once(eval_dir: Path, which: str, semantic: str) -> dict:
    """Align the joined chapters (or the lopsided pair); run in a fresh process."""
    import resource

    t0 = time.perf_counter()
    from ipdoc.align import align_units
    from ipdoc.align.evaluate import score

    zh, en, gold = joined_pair(eval_dir) if which == "joined" else lopsided_pair(eval_dir)
    beads = align_units(zh, en, semantic=semantic)
    wall = time.perf_counter() - t0
    s = score([gold], [[(b.zh, b.en) for b in beads]])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"zh": len(zh), "en": len(en), "seconds": round(wall, 2), "peak_mb": round(peak),
            "strict_f1": round(s.strict.f1, 4), "lax_f1": round(s.lax.f1, 4)}


def _fresh(args: list[str], cache: str) -> dict:
    env = dict(os.environ, IPDOC_CACHE=cache)
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True, env=env)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def joined(eval_dir: Path) -> None:
    print("joined pairs, each in a fresh process with an empty cache (wall time includes start-up,")
    print("dictionary and model load and, with --semantic on, embedding every unit):")
    for which, modes in (("joined", ("off", "on")), ("lopsided", ("off", "on"))):
        for semantic in modes:
            with tempfile.TemporaryDirectory(prefix="ipdoc-bench-") as cache:
                r = _fresh(["--eval", str(eval_dir), "--joined-once", which, "--semantic", semantic], cache)
            print(f"  {which:8s} {r['zh']:5d} zh x {r['en']:5d} en  --semantic {semantic:3s}  {r['seconds']:6.2f} s  "
                  f"peak {r['peak_mb']:4d} MB  strict F1 {r['strict_f1']:.3f}  lax F1 {r['lax_f1']:.3f}")


def throughput(eval_dir: Path, n: int = 1500) -> None:
    from ipdoc.align import semantic

    if not semantic.available():
        print("embedding throughput: the encoder is not installed")
        return
    texts: list[str] = []
    for stem in sorted(p.stem for p in eval_dir.glob("*.gold")):
        zh, en, _gold = _chapter(eval_dir, stem)
        texts += zh + en
        if len(texts) >= n:
            break
    texts = texts[:n]
    t0 = time.perf_counter()
    encode = semantic.encoder()
    t1 = time.perf_counter()
    encode(texts)
    t2 = time.perf_counter()
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "default")
    print(f"embedding throughput ({semantic.MODEL}, tokenizer {semantic.tokenizer_name()}, BLAS threads {threads}): "
          f"model load {t1 - t0:.2f} s, {len(texts)} units in {t2 - t1:.1f} s = {len(texts) / (t2 - t1):.0f} units/s")


def sample_and_run() -> None:
    from ipdoc.align.documents import align_documents
    from ipdoc.align.evaluate import parse_beads
    from ipdoc.read import read_text
    from ipdoc.segment import segment

    src = ROOT / "source_texts"
    zh = segment(read_text(src / "urban-data-sharing-sample.zh.txt"))
    en = segment(read_text(src / "urban-data-sharing-sample.en.txt"))
    gold = parse_beads((ROOT / "alignments" / "urban-data-sharing-sample.gold").read_text(encoding="utf-8"))
    pair = align_documents(zh, en, semantic="auto")
    same = [(b.zh, b.en) for b in pair.beads] == gold
    print(f"sample pair (--semantic auto): {'exactly its gold' if same else 'DIFFERS from its gold'}; "
          f"signature semantic part: {pair.signature.split('|')[3]}")
    exe = Path(sys.executable).with_name("ipdoc")
    with tempfile.TemporaryDirectory(prefix="ipdoc-bench-") as tmp:
        # Python keeps its compiled modules, as on a user's machine (PYTHONDONTWRITEBYTECODE, set in
        # some containers, would compile every module of ipdoc at every start)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env |= {"IPDOC_CACHE": str(Path(tmp) / "cache"), "IPDOC_NO_PROGRESS": "1"}
        for label in ("cold cache", "warm cache"):
            t0 = time.perf_counter()
            subprocess.run([str(exe), "run", "--source", str(src), "--out", str(Path(tmp) / "out")], cwd=tmp, env=env,
                           check=True, capture_output=True)
            print(f"ipdoc run on the shipped texts ({label}): {time.perf_counter() - t0:.2f} s wall")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    ap.add_argument("--skip-chapters", action="store_true")
    ap.add_argument("--skip-joined", action="store_true")
    ap.add_argument("--skip-run", action="store_true")
    ap.add_argument("--verbose", action="store_true", help="print every chapter")
    ap.add_argument("--joined-once", choices=("joined", "lopsided"), help=argparse.SUPPRESS)
    ap.add_argument("--semantic", default="off", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not args.eval.is_dir():
        print(f"no evaluation data at {args.eval}", file=sys.stderr)
        return 2
    if args.joined_once is not None:
        print(json.dumps(joined_once(args.eval, args.joined_once, args.semantic)))
        return 0
    if not args.skip_chapters:
        print("MAC-Test chapter by chapter (constants tuned on the odd chapters; the even ones are held out):")
        for semantic in ("off", "on", "auto"):
            per_chapter(args.eval, semantic, args.verbose)
    throughput(args.eval)
    if not args.skip_joined:
        joined(args.eval)
    if not args.skip_run:
        sample_and_run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
