#!/usr/bin/env python3
"""Derive the alignment's constants from data and print them beside the values in use.

Everything is measured on the odd MAC-Test chapters (the even ones stay held out):

- the log priors of the bead types: log of each type's share of the gold beads
  (add-one smoothed) less the log share of 1-1 (``params.DEFAULT_PRIORS``);
- the typical length ratio: median log(English/Chinese characters) of gold 1-1
  beads (``dp.PRIOR_RATIO``), and the spread of the ratio around each chapter's
  own median (``refine.SIGMA``), and how it narrows with the bead's length
  (``params.Params.length_sigma`` and ``length_var``, by maximum likelihood);
- the anchors' disagreement tolerance: how far true anchors (pairs inside a gold
  bead) sit from the median offset of their neighbours (``anchors.DISAGREE``);
- the relatedness threshold: mean lexical coverage of the aligned beads for each
  chapter with its own translation and with another chapter's
  (``confidence.RELATED_SUPPORT``);
- the length balance of each chapter (``SHORT_BALANCE`` in ``ipdoc.align``).

The confidence curves have their own script (calibrate_confidence.py).

    python scripts/derive_align_constants.py [--eval DIR]
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = ROOT.parent / "shared" / "eval" / "mac-test"


def chapters(eval_dir: Path):
    from ipdoc.align.evaluate import parse_beads

    stems = sorted(p.stem for p in eval_dir.glob("*.gold"))[0::2]
    for stem in stems:
        zh = (eval_dir / f"{stem}.zh").read_text(encoding="utf-8").splitlines()
        en = (eval_dir / f"{stem}.en").read_text(encoding="utf-8").splitlines()
        yield stem, zh, en, parse_beads((eval_dir / f"{stem}.gold").read_text())


def priors(data) -> None:
    from ipdoc.align.params import BEAD_TYPES, DEFAULT_PRIORS

    counts: Counter[tuple[int, int]] = Counter()
    for _stem, _zh, _en, gold in data:
        counts.update((len(z), len(e)) for z, e in gold)
    total = sum(counts[t] + 1 for t in BEAD_TYPES)
    base = math.log((counts[(1, 1)] + 1) / total)
    print("bead type priors (log share less log share of 1-1; in use):")
    for t in BEAD_TYPES:
        derived = math.log((counts[t] + 1) / total) - base + DEFAULT_PRIORS[(1, 1)]
        print(f"  {t[0]}-{t[1]}: {counts[t]:5d} gold beads  derived {derived:6.2f}  in use {DEFAULT_PRIORS[t]:6.2f}")


def lengths(data) -> None:
    from ipdoc.align.dp import PRIOR_RATIO
    from ipdoc.align.params import Params
    from ipdoc.align.refine import SIGMA

    all_r, spread = [], []
    for _stem, zh, en, gold in data:
        r = [math.log(max(1, len("".join(en[e[0]].split()))) / max(1, len("".join(zh[z[0]].split()))))
             for z, e in gold if len(z) == 1 and len(e) == 1]
        all_r += r
        spread += list(np.array(r) - np.median(r))
    sd = float(np.std(spread))
    mad = float(np.median(np.abs(spread))) * 1.4826
    mid = float(np.median(all_r))
    print(f"length ratio of gold 1-1 beads: median log ratio {mid:.3f} (exp {math.exp(mid):.2f}); "
          f"in use PRIOR_RATIO {PRIOR_RATIO:.3f}")
    print(f"  spread around each chapter's median: sd {sd:.3f}, robust sd {mad:.3f}; in use refine.SIGMA {SIGMA:g}")
    s0, k, z = spread_by_length(data)
    p = Params()
    print(f"  spread by length (every paired gold bead, maximum likelihood of spread**2 = s0**2 + k / Chinese "
          f"characters): s0 {s0:.3f}, k {k:.2f}; in use length_sigma {p.length_sigma:g}, length_var {p.length_var:g}")
    tail = "; ".join(f"{c:g}: {np.mean(z > c):.2%} (normal {math.erfc(c / math.sqrt(2)):.2%})" for c in (2, 2.5, 3, 4))
    print(f"  gold beads beyond c spreads: {tail}; in use length_tail {p.length_tail:g} "
          f"(the first c where the gold's tail is clearly heavier)")


def spread_by_length(data) -> tuple[float, float, np.ndarray]:
    """``(s0, k)`` maximising the likelihood of the paired gold beads' log length ratios (less each
    chapter's median over its 1-1 beads) under a normal of variance ``s0**2 + k / Chinese characters``,
    and each bead's distance from that median in those spreads."""
    lz_all, x_all = [], []
    for _stem, zh, en, gold in data:
        def chars(text: str) -> int:
            return max(1, len("".join(text.split())))

        mid = float(np.median([math.log(chars(en[e[0]]) / chars(zh[z[0]]))
                               for z, e in gold if len(z) == 1 and len(e) == 1]))
        for z, e in gold:
            if z and e:
                lz = sum(chars(zh[i]) for i in z)
                lz_all.append(lz)
                x_all.append(math.log(sum(chars(en[j]) for j in e) / lz) - mid)
    lz_a, x2 = np.array(lz_all, dtype=float), np.array(x_all) ** 2
    s0s = np.arange(0.05, 0.4, 0.002)
    ks = np.arange(0.0, 3.0, 0.02)
    var = s0s[:, None, None] ** 2 + ks[None, :, None] / lz_a[None, None, :]
    nll = (np.log(var) + x2 / var).sum(axis=2)
    a, b = np.unravel_index(int(np.argmin(nll)), nll.shape)
    s0, k = float(s0s[a]), float(ks[b])
    return s0, k, np.sqrt(x2 / (s0 ** 2 + k / lz_a))


def anchor_offsets(data) -> None:
    from ipdoc.align.anchors import DISAGREE, NEIGHBOURS, _medians, anchor_path
    from ipdoc.align.features import featurize

    residuals = []
    for _stem, zh, en, gold in data:
        inside = {(i, j) for z, e in gold for i in z for j in e}
        _center, found = anchor_path(featurize(zh, en))
        true = [a for a in found if a in inside]
        if len(true) < 3:
            continue
        slope = len(en) / len(zh)
        off = np.array([j - slope * i for i, j in true])
        left, right = _medians(off, NEIGHBOURS, "left"), _medians(off, NEIGHBOURS, "right")
        both = np.fmin(np.abs(off - left), np.abs(off - right))  # the nearer side decides
        residuals += [float(x) for x in both if not np.isnan(x)]
    q = np.quantile(residuals, [0.5, 0.9, 0.99, 1.0])
    print(f"true anchors' offset from the nearer neighbours' median: median {q[0]:.1f}, 90% {q[1]:.1f}, "
          f"99% {q[2]:.1f}, max {q[3]:.1f} units; in use DISAGREE {DISAGREE}")


def relatedness(eval_dir: Path) -> None:
    from ipdoc.align import align_units
    from ipdoc.align.confidence import RELATED_SUPPORT, support

    stems = sorted(p.stem for p in eval_dir.glob("*.gold"))[0::2]
    own, other = [], []
    for k, stem in enumerate(stems):
        zh = (eval_dir / f"{stem}.zh").read_text(encoding="utf-8").splitlines()
        for target, store in ((stem, own), (stems[(k + 3) % len(stems)], other)):
            en = (eval_dir / f"{target}.en").read_text(encoding="utf-8").splitlines()
            store.append(support(align_units(zh, en)))
    print(f"mean lexical coverage of aligned beads: own translation {min(own):.3f}..{max(own):.3f}, "
          f"another chapter's {min(other):.3f}..{max(other):.3f}; midpoint {(min(own) + max(other)) / 2:.3f}; "
          f"in use RELATED_SUPPORT {RELATED_SUPPORT:g}")


def balances(data) -> None:
    from ipdoc.align import SHORT_BALANCE
    from ipdoc.align.anchors import anchor_path
    from ipdoc.align.dp import balance
    from ipdoc.align.features import featurize

    values = []
    for _stem, zh, en, _gold in data:
        feats = featurize(zh, en)
        values.append(balance(feats, anchor_path(feats)[1]))
    print(f"length balance (English characters against what the Chinese warrants): "
          f"{min(values):.2f}..{max(values):.2f}; in use SHORT_BALANCE {SHORT_BALANCE:g}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    args = ap.parse_args()
    if not args.eval.is_dir():
        print(f"no evaluation data at {args.eval}", file=sys.stderr)
        return 2
    data = list(chapters(args.eval))
    priors(data)
    lengths(data)
    anchor_offsets(data)
    balances(data)
    relatedness(args.eval)
    return 0


if __name__ == "__main__":
    sys.exit(main())
