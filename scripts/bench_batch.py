#!/usr/bin/env python3
"""Benchmark: ``ipdoc batch`` over a corpus of MAC-Test pairs, sequential, in 2 processes and on Dask.

Builds a corpus in a temporary folder from ../shared/eval/mac-test (never copied into
the repository): every whole chapter, and each chapter cut at gold bead boundaries
into ``--sections`` sections (their gold alignments re-indexed), with a CSV manifest
naming the gold of each pair. Then runs, each in a fresh process and from scratch
(``--force``), every stage unless ``--stages`` says otherwise, on texts read one
sentence per line:

1. ``ipdoc batch --jobs 1`` (sequential),
2. ``ipdoc batch --jobs 2`` (two worker processes),
3. ``ipdoc batch --dask ADDRESS`` on a ``distributed.LocalCluster`` of 2 worker
   processes started by this script (its start-up is reported apart),

and reports wall time (start-up included), the CPU time of the pairs (summed over
pairs, as the workers measured it: on a busy machine the wall time says little),
pairs per minute, peak memory per worker (from ``summary.json``), the ratio of the 2-process time to the sequential one
(which should be at most 0.65 on 2 free cores), the corpus F1 against the gold, and
whether the three summaries agree apart from timings.

    python scripts/bench_batch.py [--eval DIR] [--sections 8] [--stages LIST] [--keep DIR] [--skip-dask]
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = ROOT.parent / "shared" / "eval" / "mac-test"


def _sections(gold: list, parts: int) -> list[tuple[range, range, list]]:
    """Cut a chapter's gold beads into ``parts`` runs: the zh and en line ranges of each and
    its beads re-indexed from 0 (runs without lines on both sides are left out)."""
    size = -(-len(gold) // parts)
    out, z0, e0 = [], 0, 0
    for k in range(0, len(gold), size):
        chunk = gold[k:k + size]
        z1 = max([z0 - 1, *(i for zs, _ in chunk for i in zs)]) + 1
        e1 = max([e0 - 1, *(i for _, es in chunk for i in es)]) + 1
        if z1 > z0 and e1 > e0:
            beads = [(tuple(i - z0 for i in zs), tuple(i - e0 for i in es)) for zs, es in chunk]
            out.append((range(z0, z1), range(e0, e1), beads))
        z0, e0 = z1, e1
    return out


def build_corpus(eval_dir: Path, folder: Path, parts: int) -> Path:
    """Write the pairs and their gold into ``folder``; return the manifest."""
    from ipdoc.align.evaluate import format_beads, parse_beads

    texts = folder / "texts"
    texts.mkdir(parents=True)
    rows = []
    for gold_path in sorted(eval_dir.glob("*.gold")):
        stem = gold_path.stem
        zh = (eval_dir / f"{stem}.zh").read_text(encoding="utf-8").splitlines()
        en = (eval_dir / f"{stem}.en").read_text(encoding="utf-8").splitlines()
        gold = parse_beads(gold_path.read_text(encoding="utf-8"), str(gold_path))
        pieces = [(f"ch{stem}", range(len(zh)), range(len(en)), gold)]
        pieces += [(f"ch{stem}-s{k}", zr, er, beads) for k, (zr, er, beads) in enumerate(_sections(gold, parts), 1)]
        for name, zr, er, beads in pieces:
            (texts / f"{name}.zh.txt").write_text("".join(zh[i] + "\n" for i in zr), encoding="utf-8")
            (texts / f"{name}.en.txt").write_text("".join(en[i] + "\n" for i in er), encoding="utf-8")
            (texts / f"{name}.gold").write_text(format_beads(beads), encoding="utf-8")
            rows.append((name, f"texts/{name}.zh.txt", f"texts/{name}.en.txt", f"texts/{name}.gold"))
    manifest = folder / "corpus.csv"
    with manifest.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(("name", "zh", "en", "gold"))
        writer.writerows(rows)
    return manifest


def run_batch(manifest: Path, out: Path, stages: str, extra: list[str]) -> tuple[float, float, dict]:
    """One ``ipdoc batch`` in a fresh process: wall time, the CPU time its pairs took (the
    sum over pairs, measured in the workers) and its summary.json."""
    cmd = [sys.executable, "-c", "from ipdoc.cli import main; main()", "batch", str(manifest), "--out", str(out),
           "--presegmented", "--force", "--stages", stages, *extra]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    took = time.perf_counter() - t0
    if proc.returncode != 0:
        sys.exit(f"ipdoc batch failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    cpu = sum(c["cpu_seconds"] or 0.0 for c in summary["timings"]["pairs"].values())
    return took, cpu, summary


def report(label: str, took: float, cpu: float, summary: dict) -> None:
    pairs = summary["corpus"]["pairs"]
    peaks: dict[str, float] = {}
    for cost in summary["timings"]["pairs"].values():
        if cost["worker"] is not None and cost["peak_mb"] is not None:
            peaks[cost["worker"]] = max(peaks.get(cost["worker"], 0.0), cost["peak_mb"])
    gold = summary["corpus"]["gold"]
    print(f"{label:<28} {took:7.1f} s  pairs' CPU {cpu:6.1f} s  {pairs / took * 60:6.1f} pairs/min  "
          f"peak per worker: {', '.join(f'{v:.0f} MB' for v in sorted(peaks.values()))}  "
          f"({summary['corpus']['failed']} failed; strict F1 {gold['strict']['f1']:.3f}, "
          f"lax F1 {gold['lax']['f1']:.3f})")


def _without_timings(summary: dict) -> dict:
    return {k: v for k, v in summary.items() if k != "timings"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval", type=Path, default=DEFAULT_EVAL, help="the MAC-Test folder")
    ap.add_argument("--sections", type=int, default=8, help="sections cut from each chapter")
    ap.add_argument("--stages", default="segment,align,check,export", help="the stages run (ipdoc batch --stages)")
    ap.add_argument("--keep", type=Path, help="build the corpus and write the results here (kept)")
    ap.add_argument("--skip-dask", action="store_true", help="leave out the Dask run")
    args = ap.parse_args()
    if not sorted(args.eval.glob("*.gold")):
        sys.exit(f"{args.eval}: no MAC-Test chapters (*.gold) there")

    with tempfile.TemporaryDirectory(prefix="ipdoc-bench-batch-") as tmp:
        work = args.keep or Path(tmp)
        manifest = build_corpus(args.eval, work / "corpus", args.sections)
        n = sum(1 for _ in manifest.open(encoding="utf-8")) - 1
        print(f"corpus: {n} pairs ({len(list(args.eval.glob('*.gold')))} chapters and {args.sections} sections "
              f"of each); stages {args.stages}")
        seq_time, seq_cpu, seq = run_batch(manifest, work / "out-seq", args.stages, ["--jobs", "1"])
        report("sequential (--jobs 1)", seq_time, seq_cpu, seq)
        two_time, two_cpu, two = run_batch(manifest, work / "out-jobs2", args.stages, ["--jobs", "2"])
        report("2 processes (--jobs 2)", two_time, two_cpu, two)
        print(f"--jobs 2 / sequential: {two_time / seq_time:.2f} wall (target: at most 0.65 on 2 free cores); "
              f"pairs' CPU {two_cpu / seq_cpu:.2f} (above 1: the cost of running two at once)")
        same = _without_timings(seq) == _without_timings(two)
        if not args.skip_dask:
            from distributed import LocalCluster

            t0 = time.perf_counter()
            with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                              host="127.0.0.1") as cluster:
                started = time.perf_counter() - t0
                dask_time, dask_cpu, dask = run_batch(manifest, work / "out-dask", args.stages,
                                                      ["--dask", cluster.scheduler_address])
            report("Dask LocalCluster, 2 procs", dask_time, dask_cpu, dask)
            print(f"  (the cluster took {started:.1f} s to start, not counted)")
            same = same and _without_timings(seq) == _without_timings(dask)
        print(f"summaries identical apart from timings: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
