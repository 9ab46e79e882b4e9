#!/usr/bin/env python3
"""Benchmark: the checks on clean published translations (the 24 MAC-Test chapters).

Monolingual: every English chapter through every English rule. Bilingual: each
chapter pair aligned (not timed as checks), then every rule with the Chinese.
Prints the time of the check stage and the findings by rule, so the false-alarm
rate on clean text can be read off. Also checks the user's translation, and prints
the findings of the rules of the official-document conventions and the term base
(families C and T) on MAC-Test and on the user's file side by side.
Reads ../shared/eval/mac-test; never copies it.

    python scripts/bench_checks.py [--eval DIR] [--show N] [--alarms]

It also prints the warnings and errors of the bilingual run by rule (``--alarms``: each
one with its text, to judge it) and the groups the user's findings form.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = ROOT.parent / "shared" / "eval" / "mac-test"
CONVENTION_FAMILIES = ("C", "T")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    ap.add_argument("--show", type=int, default=0, help="print the first N findings of each rule")
    ap.add_argument("--alarms", action="store_true",
                    help="print every warning and error of the bilingual run with its text, to judge it")
    args = ap.parse_args()
    stems = sorted(p.stem for p in args.eval.glob("*.gold"))
    if not stems:
        print(f"no evaluation data at {args.eval}", file=sys.stderr)
        return 2
    from ipdoc import termbase
    from ipdoc.align.documents import align_documents
    from ipdoc.checks import Context, run_checks, select_rules
    from ipdoc.pipeline import load

    rules = select_rules()
    concepts = termbase.builtin()
    docs = [(load(args.eval / f"{s}.zh", "zh", True), load(args.eval / f"{s}.en", "en", True)) for s in stems]
    sentences = sum(len(en.level("sentence")) for _, en in docs)

    mono: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    t0 = time.perf_counter()
    for _zh, en in docs:
        for f in run_checks(Context(en, glossary=concepts), rules):
            mono[f.code] += 1
            examples.setdefault(f.code, []).append(f"{en.text.origin}: {f.message}")
    mono_time = time.perf_counter() - t0

    alignments = [align_documents(zh, en) for zh, en in docs]
    both: Counter[str] = Counter()
    both_errors = 0
    alarms: list = []  # warnings and errors of the bilingual run: (file, finding, pair)
    t0 = time.perf_counter()
    for (_zh, en), al in zip(docs, alignments):
        for f in run_checks(Context(en, al, glossary=concepts), rules):
            both[f.code] += 1
            both_errors += f.severity == "error"
            if f.severity != "info":
                alarms.append((en.text.origin, f, al))
            examples.setdefault(f.code, []).append(f"{en.text.origin}: {f.message}")
    both_time = time.perf_counter() - t0

    print(f"{len(stems)} MAC-Test chapters, {sentences} English sentences")
    print(f"monolingual checks: {mono_time:.2f} s, {sum(mono.values())} findings")
    print(f"bilingual checks (alignment not counted): {both_time:.2f} s, {sum(both.values())} findings")
    print("findings by rule, default severity (monolingual | bilingual):")
    for r in rules:
        if mono[r.code] or both[r.code]:
            print(f"  {r.code} {r.name:<34} {r.severity:<8} {mono[r.code]:5d} | {both[r.code]:5d}")
            for line in examples.get(r.code, [])[: args.show]:
                print(f"      {line[:160]}")
    errors = both_errors
    print(f"errors on clean text (bilingual run): {errors}, {errors / sentences:.3f} per sentence")
    _alarms(alarms, sentences, args.alarms)
    _user_groups(ROOT / "source_texts" / "internet-plus-guiding-opinions.en.txt")

    user = ROOT / "source_texts" / "internet-plus-guiding-opinions.en.txt"
    t0 = time.perf_counter()
    doc = load(user, "en")
    found = run_checks(Context(doc, glossary=concepts), rules)
    print(f"user's translation: {len(found)} findings in {time.perf_counter() - t0:.2f} s "
          "(reading and segmenting included)")
    on_user = Counter(f.code for f in found)
    picked = [r for r in rules if r.code.startswith(CONVENTION_FAMILIES)]
    print("conventions and term base (families C, T): MAC-Test monolingual | bilingual | user's file")
    for r in picked:
        print(f"  {r.code} {r.name:<34} {mono[r.code]:5d} | {both[r.code]:5d} | {on_user[r.code]:5d}")
    print(f"  {'total':<39} {sum(mono[r.code] for r in picked):5d} | {sum(both[r.code] for r in picked):5d} | "
          f"{sum(on_user[r.code] for r in picked):5d}")
    return 0


def _alarms(alarms: list, sentences: int, show: bool) -> None:
    """Warnings and errors of the bilingual run (the false-alarm budget on clean text), by rule."""
    by_rule = Counter(f.code for _, f, _ in alarms)
    print(f"warnings and errors on clean text (bilingual run): {len(alarms)}, "
          f"{1000 * len(alarms) / sentences:.1f} per 1,000 English sentences: "
          + ", ".join(f"{code} {n}" for code, n in by_rule.most_common()))
    if not show:
        return
    for origin, f, pair in alarms:
        doc = pair.zh if f.side == "zh" else pair.en
        print(f"  {Path(origin).name} {f.code} {f.severity}: {f.message[:200]}")
        print(f"      text: {' '.join(doc.text.content[f.start:f.end].split())[:240]}")
        for line in f.evidence[:2]:
            print(f"      {line[:240]}")


def _user_groups(user: Path) -> None:
    """The user's translation as ``ipdoc check`` shows it: findings and the groups they form."""
    from ipdoc.pipeline import check, load

    checked = check(load(user, "en"))
    print(f"user's translation: {len(checked.findings)} findings in {len(checked.groups)} groups")


if __name__ == "__main__":
    sys.exit(main())
