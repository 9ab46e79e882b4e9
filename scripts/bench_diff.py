#!/usr/bin/env python3
"""Benchmark: diff two large versions with planted edits; time and recall by type.

Version A is the 24 MAC-Test English chapters, one sentence per line (about
0.6 MB), or with --big also the Chinese chapters after them (about 1 MB). A seeded
script makes version B: words changed, sentences deleted, inserted, moved, split
at a comma and merged with the next. The diff must report each planted edit with
its type; the script prints the time and the recall per type. A third case diffs
the user's translation against its corrected edition from ``ipdoc fix`` and
checks that the edits are exactly the fix's change list (and the layout changes
its paragraph breaks). Reads ../shared/eval/mac-test; never copies it.

    python scripts/bench_diff.py [--eval DIR] [--seed N] [--big]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = ROOT.parent / "shared" / "eval" / "mac-test"
PLANTS = {"changed": 120, "deleted": 60, "inserted": 60, "moved": 40, "split": 40, "merged": 40}


def plant(lines: list[str], seed: int):
    """Version B and the edits planted, as (kind, A indices, B indices)."""
    rng = random.Random(seed)
    n = len(lines)
    candidates = [i for i in range(5, n - 5) if len(lines[i]) > 40 and len(lines[i + 1]) > 40]
    rng.shuffle(candidates)
    chosen: dict[int, str] = {}
    used: set[int] = set()
    for kind, count in PLANTS.items():
        got = 0
        for i in candidates:
            if got == count:
                break
            span = {i - 1, i, i + 1, i + 2}
            if span & used:
                continue
            if kind == "split" and ", " not in lines[i][10:-10]:
                continue
            used |= span
            chosen[i] = kind
            got += 1
    out: list[tuple[str, str, int | None]] = []  # (text, kind, A index)
    moved: list[tuple[str, int]] = []
    skip = set()
    for i, line in enumerate(lines):
        if i in skip:
            continue
        kind = chosen.get(i)
        if kind is None:
            out.append((line, "", i))
        elif kind == "changed":
            words = line.split(" ")
            if len(words) > 3:  # English: one word replaced
                k = rng.randrange(len(words))
                words[k] = "BENCHMARK" if words[k] != "BENCHMARK" else "CHANGED"
                out.append((" ".join(words), "changed", i))
            else:  # Chinese: two characters replaced
                k = rng.randrange(len(line) - 2)
                out.append((line[:k] + "改动" + line[k + 2:], "changed", i))
        elif kind == "deleted":
            continue
        elif kind == "inserted":
            out.append((line, "", i))
            added = f"This sentence number {i} was inserted by the benchmark and is not in version A."
            out.append((added, "inserted", None))
        elif kind == "moved":
            moved.append((line, i))
        elif kind == "split":
            cut = line.index(", ", 10) + 1
            out.append((line[:cut], "split", i))
            out.append((line[cut + 1:], "split-2", i))
        elif kind == "merged":
            out.append((line + " " + lines[i + 1], "merged", i))
            skip.add(i + 1)
    # moved sentences go a third of the text further on (wrapping round)
    for line, i in moved:
        pos = next(k for k, (_, _, a) in enumerate(out) if a is not None and a >= (i + n // 3) % n)
        out.insert(pos, (line, "moved", i))
    b_lines = [t for t, _, _ in out]
    expected = []
    for j, (_t, kind, i) in enumerate(out):
        if kind == "changed":
            expected.append(("changed", (i,), (j,)))
        elif kind == "inserted":
            expected.append(("inserted", (), (j,)))
        elif kind == "moved":
            expected.append(("moved", (i,), (j,)))
        elif kind == "split":
            expected.append(("split", (i,), (j, j + 1)))
        elif kind == "merged":
            expected.append(("merged", (i, i + 1), (j,)))
    expected += [("deleted", (i,), ()) for i, k in chosen.items() if k == "deleted"]
    return b_lines, expected


def run_case(name: str, a_lines: list[str], lang: str, seed: int) -> None:
    from ipdoc.diff import diff_documents
    from ipdoc.model import Text
    from ipdoc.segment import segment

    b_lines, expected = plant(a_lines, seed)
    a_text, b_text = "\n".join(a_lines) + "\n", "\n".join(b_lines) + "\n"
    t0 = time.perf_counter()
    a = segment(Text(a_text, lang, "A"), presegmented=True)
    b = segment(Text(b_text, lang, "B"), presegmented=True)
    t1 = time.perf_counter()
    d = diff_documents(a, b)
    t2 = time.perf_counter()
    found = {(op.kind, op.a, op.b) for op in d.ops}
    print(f"{name}: {len(a_text.encode()) / 1e6:.2f} MB and {len(b_text.encode()) / 1e6:.2f} MB, "
          f"{len(a_lines)} and {len(b_lines)} lines; segmenting {t1 - t0:.2f} s, diff {t2 - t1:.2f} s")
    for kind in PLANTS:
        want = [e for e in expected if e[0] == kind]
        hit = sum(1 for e in want if e in found)
        print(f"  {kind:<9} planted {len(want):4d}  reported with the right type {hit:4d}  "
              f"recall {hit / len(want):.3f}")
    extra = sum(1 for op in d.ops if op.kind != "unchanged") - len(expected)
    print(f"  reported changes beyond the planted ones: {max(0, extra)}")


def fix_case() -> None:
    from ipdoc.diff import diff_documents
    from ipdoc.fix import apply_fixes
    from ipdoc.pipeline import check_documents, load
    from ipdoc.segment import segment

    en = load(ROOT / "source_texts" / "internet-plus-guiding-opinions.en.txt", "en")
    edition = apply_fixes(en.text, check_documents(en).findings)
    t0 = time.perf_counter()
    d = diff_documents(en, segment(edition.text))
    took = time.perf_counter() - t0
    edits = [(e.a_start, e.a_end) for op in d.ops for e in op.edits]
    changes = [c for c in edition.changes if not c.layout]
    matched = sum(1 for c in changes
                  if any(s < max(c.src_end, c.src_start + 1) and e > c.src_start - 1 for s, e in edits))
    print(f"user's translation vs its corrected edition ({took:.2f} s): {len(edits)} edits reported for "
          f"{len(changes)} corrections in the change list, {matched} of them found; "
          f"{len(d.layout)} layout changes for {sum(1 for c in edition.changes if c.layout)} "
          "paragraph breaks restored; "
          f"{sum(1 for op in d.ops if op.kind not in ('unchanged', 'changed'))} other differences")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    fix_case()
    stems = sorted(p.stem for p in args.eval.glob("*.gold"))
    if not stems:
        print(f"no evaluation data at {args.eval}: the large cases are skipped", file=sys.stderr)
        return 0
    en = [line for s in stems for line in (args.eval / f"{s}.en").read_text(encoding="utf-8").splitlines()
          if line.strip()]
    zh = [line for s in stems for line in (args.eval / f"{s}.zh").read_text(encoding="utf-8").splitlines()
          if line.strip()]
    run_case("English chapters", en, "en", args.seed)
    run_case("English and Chinese chapters", en + zh, "en", args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
