#!/usr/bin/env python3
"""Fit the bead confidence curve on half of MAC-Test, check it on the other half.

Each aligned bead of the odd chapters gives (lexical coverage, length fit,
bead size and, for the curve used with sentence vectors, the cosine) and whether
it is exactly in the gold; a logistic regression (plain gradient descent, no
extra dependency) gives the coefficients that ``ipdoc.align.confidence`` uses
(CAL_LEXICAL from alignments with ``--semantic off``, CAL_SEMANTIC from ``on``).
The even chapters then show how well each is calibrated: mean confidence
against the share of exact beads, by confidence decile.

    python scripts/calibrate_confidence.py [--eval DIR]
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = ROOT.parent / "shared" / "eval" / "mac-test"


def samples(eval_dir: Path, chapters: list[str], semantic: str):
    import ipdoc.align as A
    from ipdoc.align.evaluate import parse_beads

    rows, labels = [], []
    for stem in chapters:
        zh = (eval_dir / f"{stem}.zh").read_text(encoding="utf-8").splitlines()
        en = (eval_dir / f"{stem}.en").read_text(encoding="utf-8").splitlines()
        gold = set(parse_beads((eval_dir / f"{stem}.gold").read_text()))
        for b in A.align_units(zh, en, semantic=semantic):
            if not b.zh or not b.en:
                continue
            row = [1.0, b.coverage, b.length_fit, len(b.zh) + len(b.en) - 2]
            if semantic == "on":
                row.append(b.semantic if b.semantic is not None else 0.0)
            rows.append(row)
            labels.append(1.0 if (b.zh, b.en) in gold else 0.0)
    return np.array(rows), np.array(labels)


def fit(x: np.ndarray, y: np.ndarray, steps: int = 20000, lr: float = 0.5) -> np.ndarray:
    w = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-x @ w))
        w -= lr * x.T @ (p - y) / len(y)
    return w


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    args = ap.parse_args()
    stems = sorted(p.stem for p in args.eval.glob("*.gold"))
    if not stems:
        print(f"no evaluation data at {args.eval}", file=sys.stderr)
        return 2
    train, test = stems[0::2], stems[1::2]
    for semantic, name in (("off", "CAL_LEXICAL"), ("on", "CAL_SEMANTIC")):
        x, y = samples(args.eval, train, semantic)
        w = fit(x, y)
        print(f"{name} (--semantic {semantic}; intercept, coverage, length fit, extra units"
              f"{', cosine' if semantic == 'on' else ''}): ({', '.join(f'{v:.2f}' for v in w)})")
        xt, yt = samples(args.eval, test, semantic)
        p = 1 / (1 + np.exp(-xt @ w))
        print(f"  held-out beads: {len(yt)}, exact: {yt.mean():.3f}, mean confidence: {p.mean():.3f}")
        order = np.argsort(p)
        for k, part in enumerate(np.array_split(order, 10)):
            print(f"    decile {k + 1}: mean confidence {p[part].mean():.2f}, exact {yt[part].mean():.2f}")
        ll = -np.mean(yt * np.log(p + 1e-12) + (1 - yt) * np.log(1 - p + 1e-12))
        base = -(yt.mean() * math.log(yt.mean()) + (1 - yt.mean()) * math.log(1 - yt.mean()))
        print(f"  held-out log loss {ll:.3f} (a constant guess gives {base:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
