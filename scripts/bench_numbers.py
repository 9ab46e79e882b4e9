#!/usr/bin/env python3
"""Benchmark: the number model on the 24 MAC-Test chapters, through their gold alignment.

For every gold bead with both sides, the quantities of its Chinese and of its English
are compared (``ipdoc.numbers.compare``, the neighbouring beads' quantities given as
context); the gold alignment isolates the number model from the aligner (``--aligned``
uses ipdoc's own alignment instead, which is what B003 sees). Prints the
mismatches per chapter (errors: a figure in digits involved; warnings: numbers in
words) next to the count of the old B003 logic (``checks.bilingual.zh_numbers`` /
``en_numbers``, values compared as strings, leftovers paired in order), then totals
for all, odd and even chapters. ``--show`` prints every new mismatch for review.
Reads ../shared/eval/mac-test; never copies it.

    python scripts/bench_numbers.py [--eval DIR] [--show] [--no-near] [--aligned]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = ROOT.parent / "shared" / "eval" / "mac-test"


def _old_count(zh_text: str, en_text: str) -> int | None:
    """Findings the old B003 logic gives one bead (max of the one-sided leftovers), or None
    when that code is no longer in the package."""
    try:
        from ipdoc.checks.bilingual import en_numbers, zh_numbers
    except ImportError:
        return None
    zn, en = zh_numbers(zh_text), en_numbers(en_text)
    zvals, evals = [v for v, _, _ in zn], [v for v, _, _ in en]
    return max(len([x for x in en if x[0] not in zvals]), len([x for x in zn if x[0] not in evals]))


def chapter(eval_dir: Path, stem: str, near: bool, aligned: bool):
    """(old count, new mismatches with the bead's texts) of one chapter."""
    from ipdoc.align import align_units
    from ipdoc.align.evaluate import parse_beads
    from ipdoc.numbers import compare, en_quantities, zh_quantities

    zh = (eval_dir / f"{stem}.zh").read_text(encoding="utf-8").splitlines()
    en = (eval_dir / f"{stem}.en").read_text(encoding="utf-8").splitlines()
    if aligned:
        beads = [(tuple(b.zh), tuple(b.en)) for b in align_units(zh, en) if b.zh or b.en]
    else:
        beads = [(z, e) for z, e in parse_beads((eval_dir / f"{stem}.gold").read_text()) if z or e]
    texts = [("\n".join(zh[i] for i in z), " ".join(en[j] for j in e)) for z, e in beads]
    quantities = [(zh_quantities(zt), en_quantities(et)) for zt, et in texts]
    old: int | None = 0
    found = []
    for k, ((zt, et), (zq, eq)) in enumerate(zip(texts, quantities)):
        if not zt or not et:
            continue
        n = _old_count(zt, et)
        old = None if old is None or n is None else old + n
        neighbours = [quantities[x] for x in (k - 1, k + 1) if near and 0 <= x < len(quantities)]
        result = compare(zq, eq, [q for z, _ in neighbours for q in z], [q for _, e in neighbours for q in e])
        found += [(m, beads[k], zt, et) for m in result.mismatches]
    return old, found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    ap.add_argument("--show", action="store_true", help="print every mismatch with its bead")
    ap.add_argument("--no-near", action="store_true", help="do not look at the neighbouring beads")
    ap.add_argument("--aligned", action="store_true",
                    help="compare the beads of ipdoc's own alignment instead of the gold one (what B003 would see)")
    args = ap.parse_args()
    stems = sorted(p.stem for p in args.eval.glob("*.gold"))
    if not stems:
        print(f"no evaluation data at {args.eval}", file=sys.stderr)
        return 2
    rows = {}
    print("chapter  old B003 | new errors warnings")
    for stem in stems:
        old, found = chapter(args.eval, stem, not args.no_near, args.aligned)
        errors = sum(m.severity == "error" for m, *_ in found)
        rows[stem] = (old, errors, len(found) - errors)
        print(f"  {stem}   {old if old is not None else '-':>6} | {errors:6d} {len(found) - errors:8d}")
        if args.show:
            for m, bead, zt, et in found:
                print(f"      [{m.severity}] {bead[0]}:{bead[1]} {m.message()}")
                print(f"          zh: {zt}")
                print(f"          en: {et}")
    for name, part in (("all ", stems), ("odd ", stems[0::2]), ("even", stems[1::2])):
        olds = [rows[s][0] for s in part]
        old_total = "-" if None in olds else str(sum(o for o in olds if o is not None))
        errors, warnings = sum(rows[s][1] for s in part), sum(rows[s][2] for s in part)
        print(f"{name}: old {old_total} | new {errors + warnings} ({errors} errors, {warnings} warnings)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
