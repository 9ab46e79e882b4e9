#!/usr/bin/env python3
"""Fuzz the command line deeply: the strategies of tests/test_fuzz.py, many more examples, random seeds.

    python scripts/fuzz_cli.py --examples 5000               # every fuzz test, 5000 examples each
    python scripts/fuzz_cli.py --examples 2000 -k texts      # only test_random_texts
    python scripts/fuzz_cli.py --seed 7 --stop               # stop at the first failure and shrink it

By default the search goes on past failures: each kind of failure (an internal error by its
message, or a broken promise: exit 2 with a file written, an input changed, …) keeps its
smallest example, files and command line, in a folder of its own under --keep (default: a new
temporary folder, printed). With --stop Hypothesis stops at the first failure, shrinks it and
prints the minimal example. The seed is printed first: the same seed and options try the same
examples again.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=1000, help="examples per fuzz test (default 1000)")
    ap.add_argument("--seed", type=int, default=None, help="the random seed (default: a new one)")
    ap.add_argument("-k", default="random_", help="which tests, as pytest -k (default: all random_ ones)")
    ap.add_argument("--keep", type=Path, default=None, help="where failing examples go (default: a new temp folder)")
    ap.add_argument("--stop", action="store_true", help="stop at the first failure of each test and shrink it")
    ap.add_argument("--time-limit", type=int, default=120, help="seconds one command may take (default 120)")
    args = ap.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    if args.keep is None:
        args.keep = Path(tempfile.mkdtemp(prefix="ipdoc-fuzz-failures-"))
    args.keep.mkdir(parents=True, exist_ok=True)
    os.environ.update(IPDOC_FUZZ_EXAMPLES=str(args.examples), IPDOC_FUZZ_SEED=str(seed),
                      IPDOC_FUZZ_KEEP=str(args.keep.resolve()), IPDOC_FUZZ_TIME_LIMIT=str(args.time_limit))
    if not args.stop:
        os.environ["IPDOC_FUZZ_COLLECT"] = "1"
    print(f"fuzz_cli: seed {seed}, {args.examples} examples per test, failures under {args.keep}/", flush=True)

    import pytest

    code = pytest.main([str(ROOT / "tests" / "test_fuzz.py"), "-q", "-p", "no:cacheprovider", "-k", args.k,
                        f"--hypothesis-seed={seed}", "--hypothesis-show-statistics"])
    kept = sorted(args.keep.glob("*/command.txt"))
    for path in kept:
        print(f"{path.parent}: {path.read_text(encoding='utf-8').splitlines()[0]}")
    print(f"fuzz_cli: seed {seed}; {len(kept)} kinds of failure kept under {args.keep}/")
    return 1 if kept or code else 0


if __name__ == "__main__":
    sys.exit(main())
