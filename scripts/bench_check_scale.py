#!/usr/bin/env python3
"""Benchmark: ``check`` of an English text alone against text length, ordinary text and one long line.

Three texts of each size are built from the user's translation (source_texts/): *ordinary*
(the document repeated, paragraphs kept), *line* (the same words on one line, without
punctuation or line breaks) and *shuffled* (its words in random order on one line, so that
every stretch of the line is new). Each is read, segmented and checked with every English
rule; the script prints CPU seconds (this process's, so that other work on a shared machine
does not count) and CPU seconds per MB for the check stage and for the whole (segmenting
included), and the ratio of the line to ordinary text at the largest size. Linear means the
seconds per MB stay flat as the size grows.

    python scripts/bench_check_scale.py [--sizes 1 2 5] [--kinds ordinary line shuffled]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
USER = ROOT / "source_texts" / "internet-plus-guiding-opinions.en.txt"


def build(kind: str, size: int, seed: int = 1) -> str:
    """A text of ``size`` characters of one kind."""
    source = USER.read_text(encoding="utf-8")
    if kind == "ordinary":
        unit = source.rstrip("\n") + "\n\n"
    elif kind == "line":
        unit = " ".join(re.sub(r"[^\w\s]", " ", source).split()) + " "
    else:
        words = re.sub(r"[^\w\s]", " ", source).split()
        rng = random.Random(seed)
        unit = " ".join(rng.choice(words) for _ in range(size // 5 + 10)) + " "
    return (unit * (size // len(unit) + 1))[:size]


def measure(text: str) -> tuple[float, float, int]:
    """(CPU seconds to segment, CPU seconds to check and render the findings, findings)."""
    from ipdoc.model import Text
    from ipdoc.pipeline import check
    from ipdoc.segment import segment

    t0 = time.process_time()
    doc = segment(Text(text, "en"))
    t1 = time.process_time()
    found = check(doc)
    found.to_text()  # rendered too: every finding's line and column
    return t1 - t0, time.process_time() - t1, len(found.findings)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 5], help="sizes in MB (10^6 characters)")
    ap.add_argument("--kinds", nargs="+", default=["ordinary", "line", "shuffled"],
                    choices=["ordinary", "line", "shuffled"])
    args = ap.parse_args()
    measure("A warm-up sentence for the dictionary and jieba.")
    checked: dict[tuple[str, float], float] = {}
    print(f"{'text':<9} {'MB':>5} {'segment s':>10} {'check s':>8} {'check s/MB':>11} {'total s/MB':>11} "
          f"{'findings':>9}")
    for kind in args.kinds:
        for mb in args.sizes:
            seg, chk, n = measure(build(kind, int(mb * 1_000_000)))
            checked[(kind, mb)] = chk
            print(f"{kind:<9} {mb:5.1f} {seg:10.2f} {chk:8.2f} {chk / mb:11.2f} {(seg + chk) / mb:11.2f} {n:9d}",
                  flush=True)
    top = max(args.sizes)
    for kind in ("line", "shuffled"):
        if (kind, top) in checked and ("ordinary", top) in checked:
            print(f"check of a {top:g} MB {kind} / {top:g} MB of ordinary text: "
                  f"{checked[(kind, top)] / checked[('ordinary', top)]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
