#!/usr/bin/env python3
"""Benchmark: segment the 24 MAC-Test chapters joined into one text per language.

Prints start-up time (imports, jieba dictionary), then the time to recover
structure and split sentences and clauses, and the time to tokenise every
Chinese sentence with jieba. Reads ../shared/eval/mac-test; never copies it.

    python scripts/bench_segment.py [--eval DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = ROOT.parent / "shared" / "eval" / "mac-test"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if not args.eval.is_dir():
        print(f"no evaluation data at {args.eval}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    from ipdoc.model import Text
    from ipdoc.segment import segment, zh_words

    zh_words("预热")
    startup = time.perf_counter() - t0
    print(f"start-up (imports + jieba dictionary): {startup:.2f} s")
    for lang in ("zh", "en"):
        files = sorted(args.eval.glob(f"*.{lang}"))
        content = "\n".join(p.read_text(encoding="utf-8").rstrip("\n") for p in files) + "\n"
        text = Text(content, lang, f"mac-test joined .{lang}")
        best = float("inf")
        for _ in range(args.repeat):
            t = time.perf_counter()
            doc = segment(text)
            best = min(best, time.perf_counter() - t)
        n_lines = content.count("\n")
        sents = doc.level("sentence")
        print(f"{lang}: {len(files)} chapters, {n_lines} lines, {len(content)} chars -> "
              f"{len(sents)} sentences, {len(doc.level('clause'))} clauses in {best:.2f} s (best of {args.repeat})")
        if lang == "zh":
            t = time.perf_counter()
            words = sum(len(zh_words(content[u.start:u.end])) for u in sents)
            print(f"zh: jieba tokens for every sentence: {words} words in {time.perf_counter() - t:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
