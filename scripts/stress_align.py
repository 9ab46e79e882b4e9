#!/usr/bin/env python3
"""The alignment property at large sizes: any valid pair gives a complete, monotone bead list.

tests/align/test_properties.py checks it on small random pairs in CI; this script
checks it on pairs of up to 5,000 units a side: equal and very unequal sizes,
blank lines, repeated and swapped blocks, unrelated texts, a side empty. Units
come from the MAC-Test chapters (../shared/eval/mac-test, read at run time) or,
without them, from the shipped sample pair.

    python scripts/stress_align.py [--max 5000] [--seed 0] [--eval DIR]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from scale_align import DEFAULT_EVAL, source  # noqa: E402


def cases(zh: list[str], en: list[str], top: int, rng: random.Random):
    """(name, zh units, en units) for every kind of pair."""
    n = min(top, len(zh), len(en))
    yield "equal halves", zh[:n], en[: int(n * len(en) / len(zh))][:top]
    yield "one against thousands", zh[:1], en[: min(top, 3000)]
    yield "thousands against one", zh[: min(top, 3000)], en[:1]
    yield "empty Chinese", [], en[:top]
    yield ("blank lines", [t if rng.random() > 0.1 else "" for t in zh[:n]],
           [t if rng.random() > 0.1 else "" for t in en[:n]])
    block = zh[:50]
    yield "repeated blocks", (block * (n // 50 + 1))[:n], (en[:60] * (n // 60 + 1))[:n]
    k = n // 3
    ee = en[: int(n * len(en) / len(zh))]
    yield "swapped blocks", zh[:n], ee[2 * k:] + ee[k: 2 * k] + ee[:k]
    yield "quarter missing in blocks of 20", [t for i, t in enumerate(zh[:n]) if (i // 20) % 4 != 1], ee
    shuffled = en[:]
    rng.shuffle(shuffled)
    yield "unrelated", zh[:n], shuffled[:n]
    yield "random sizes", zh[: rng.randint(0, top)], en[: rng.randint(0, top)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max", type=int, default=5000, help="largest number of units a side")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    args = ap.parse_args()
    from ipdoc.align import align_units

    zh, en, origin = source(args.eval)
    while len(zh) < args.max or len(en) < args.max:
        zh, en = zh + zh, en + en
    print(f"units from {origin}; --semantic off")
    failed = 0
    for name, z, e in cases(zh, en, args.max, random.Random(args.seed)):
        t0 = time.perf_counter()
        beads = align_units(z, e)
        took = time.perf_counter() - t0
        ok = ([i for b in beads for i in b.zh] == list(range(len(z)))
              and [j for b in beads for j in b.en] == list(range(len(e))) and all(b.zh or b.en for b in beads))
        failed += not ok
        print(f"  {name:32s} {len(z):5d} zh x {len(e):5d} en  {len(beads):5d} beads  {took:6.1f} s  "
              f"{'complete and monotone' if ok else 'FAILED'}")
    print(f"{failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
