#!/usr/bin/env python3
"""Benchmark: the clause alignment inside sentence pairs (issue 17).

1. Clause-level strict and lax P/R/F1 against the hand-made clause golds
   (``alignments/NAME.clauses.gold``, rules in ``alignments/CLAUSES.md``) of the
   sample pair and of the faithful rural water supply notice, with ``--semantic
   off`` and ``auto``; the bead types; clause omissions inside translated
   sentences (want 0 on the faithful pair).
2. Planted clause omissions: each gold pair again with one English clause
   removed at a time (every gold clause bead that is one-to-one inside a sentence
   of two clause beads or more); how many of the Chinese clauses left untranslated
   come out as omissions inside their sentence, and how many other clauses do
   (false omissions).
3. MAC-Test: the 24 literary chapters aligned one by one, clause omissions inside
   translated sentences (B007's findings; literary translation is free, so want
   few); and the 24 chapters joined into one pair, sentences then clauses, in a
   fresh process with an empty cache: wall time of each stage and peak memory.

Reads ../shared/eval/mac-test; never copies it.

    python scripts/bench_clauses.py [--eval DIR] [--skip-planted] [--skip-mac] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = ROOT.parent / "shared" / "eval" / "mac-test"
PAIRS = ("urban-data-sharing-sample", "rural-water-supply-notice")
FAITHFUL = "rural-water-supply-notice"


def _fmt(s) -> str:
    return (f"strict P {s.strict.precision:.3f} R {s.strict.recall:.3f} F1 {s.strict.f1:.3f} | "
            f"lax P {s.lax.precision:.3f} R {s.lax.recall:.3f} F1 {s.lax.f1:.3f}")


def _docs(name: str, en_text: str | None = None):
    from ipdoc.model import Text
    from ipdoc.read import read_text
    from ipdoc.segment import segment

    src = ROOT / "source_texts"
    zh = segment(read_text(src / f"{name}.zh.txt"))
    en = segment(Text(en_text, "en")) if en_text is not None else segment(read_text(src / f"{name}.en.txt"))
    return zh, en


def _gold(name: str, zh, en):
    from ipdoc.align.clauses import parse_gold

    path = ROOT / "alignments" / f"{name}.clauses.gold"
    return parse_gold(path.read_text(encoding="utf-8"), zh.text.content, en.text.content, str(path))


def _clauses(zh, en, semantic: str):
    from ipdoc.align.clauses import align_clauses
    from ipdoc.align.documents import align_documents

    return align_clauses(align_documents(zh, en, semantic=semantic), semantic)


def golds(verbose: bool) -> None:
    from ipdoc.align.clauses import score_clauses, spans_of

    print("clause alignment against the hand-made clause golds:")
    for semantic in ("off", "auto"):
        for name in PAIRS:
            zh, en = _docs(name)
            ca = _clauses(zh, en, semantic)
            s = score_clauses([_gold(name, zh, en)], [spans_of(ca)], [zh.text.content], [en.text.content])
            kinds = ca.summary()["types"]
            one = kinds.get("1-1", 0) / max(1, len(ca.beads))
            print(f"  --semantic {semantic:4s} {name:27s} {_fmt(s)}")
            print(f"      {len(ca.clauses.zh_units)} zh x {len(ca.clauses.en_units)} en clauses, {len(ca.beads)} beads "
                  f"({one:.0%} one-to-one): {', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}; "
                  f"omissions inside translated sentences: {len(ca.inner_omissions())}")
            if verbose:
                for k in ca.inner_omissions():
                    print(f"        omitted: {ca.clauses.text(ca.beads[k], 'zh')}")


def _without(text: str, units: list[tuple[int, int]], k: int) -> str:
    """The English with unit ``k`` of a sentence (its units ``units``) removed, its punctuation mended."""
    s, e = units[k]
    if k == 0:  # the sentence now starts with the next unit, capitalised
        ns = units[1][0]
        return text[:s] + text[ns].upper() + text[ns + 1:]
    _ps, pe = units[k - 1]
    if k == len(units) - 1:  # the unit before now ends the sentence with this unit's last mark
        head = text[:pe].rstrip()
        if head[-1] in ",;:":
            head = head[:-1]
        return head + text[e - 1] + text[e:] if not text[e - 1].isalnum() else head + text[e:]
    return text[:pe] + text[e:]


def planted(name: str, semantic: str, verbose: bool) -> tuple[int, int, int, int]:
    """One English clause removed at a time: (planted, found, false omissions, variants with one)."""
    zh, en = _docs(name)
    gold = _gold(name, zh, en)
    content = en.text.content
    sentences = en.level("sentence")
    found = false = noisy = planted_n = 0
    for zs, es in gold.beads:
        if len(zs) != 1 or len(es) != 1:
            continue
        s, e = gold.en[es[0]]
        sentence = next(u for u in sentences if u.start <= s < u.end)
        units = [gold.en[j] for _z, ej in gold.beads for j in ej if sentence.start <= gold.en[j][0] < sentence.end]
        beads = [b for b in gold.beads if any(sentence.start <= gold.en[j][0] < sentence.end for j in b[1])]
        if len(beads) < 2 or len(units) < 2:
            continue
        variant = _without(content, units, units.index((s, e)))
        _zh, en_cut = _docs(name, variant)
        ca = _clauses(zh, en_cut, semantic)
        want = gold.zh[zs[0]]
        left = [ca.clauses.bead_units(ca.beads[k], "zh") for k in ca.inner_omissions()]
        spans = [(u.start, u.end) for us in left for u in us]
        planted_n += 1
        hit = want in spans
        others = len([x for x in spans if x != want])
        found += hit
        false += others
        noisy += bool(others)
        if verbose:
            zc = zh.text.content
            print(f"      {'found ' if hit else 'missed'} {zc[want[0]:want[1]]}"
                  + (f"  (and {others} other: {', '.join(zc[a:b] for a, b in spans if (a, b) != want)})"
                     if others else ""))
    return planted_n, found, false, noisy


def plants(verbose: bool) -> None:
    print("planted clause omissions (one English clause removed at a time; the sample pair holds anomalies of its "
          "own):")
    for name in (FAITHFUL, *(p for p in PAIRS if p != FAITHFUL)):
        for semantic in ("off", "auto"):
            n, found, false, noisy = planted(name, semantic, verbose)
            print(f"  --semantic {semantic:4s} {name:27s} {n} planted: {found} found ({found / max(1, n):.0%}), "
                  f"{false} false omissions in {noisy} of the {n} variants")


def mac_chapters(eval_dir: Path, verbose: bool) -> None:
    from ipdoc.align.clauses import align_clauses
    from ipdoc.align.documents import align_documents
    from ipdoc.checks import Context, run_checks, select_rules
    from ipdoc.model import Text
    from ipdoc.segment import segment

    stems = sorted(p.stem for p in eval_dir.glob("*.gold"))
    total = omitted = findings = clauses = 0
    t0 = time.perf_counter()
    for stem in stems:
        zh = segment(Text((eval_dir / f"{stem}.zh").read_text(encoding="utf-8"), "zh"), presegmented=True)
        en = segment(Text((eval_dir / f"{stem}.en").read_text(encoding="utf-8"), "en"), presegmented=True)
        pair = align_documents(zh, en, semantic="auto")
        ca = align_clauses(pair, "auto")
        found = run_checks(Context(en, pair), select_rules(["B007"]))
        total += len(ca.beads)
        clauses += len(ca.clauses.zh_units)
        omitted += len(ca.inner_omissions())
        findings += len(found)
        if verbose:
            print(f"    {stem}: {len(ca.clauses.zh_units)} zh clauses, {len(ca.inner_omissions())} left out, "
                  f"{len(found)} B007")
    print(f"MAC-Test, 24 chapters one by one (--semantic auto, {time.perf_counter() - t0:.0f} s): {clauses} Chinese "
          f"clauses in {total} clause beads; {omitted} clause omissions inside translated sentences; "
          f"{findings} B007 findings")


def joined_once(eval_dir: Path, semantic: str) -> dict:
    """Sentences then clauses of the joined chapters; run in a fresh process."""
    import resource

    t0 = time.perf_counter()
    from ipdoc.align.clauses import align_clauses
    from ipdoc.align.documents import align_documents
    from ipdoc.model import Text
    from ipdoc.segment import segment

    stems = sorted(p.stem for p in eval_dir.glob("*.gold"))
    zh = segment(Text("".join((eval_dir / f"{s}.zh").read_text(encoding="utf-8") for s in stems), "zh"),
                 presegmented=True)
    en = segment(Text("".join((eval_dir / f"{s}.en").read_text(encoding="utf-8") for s in stems), "en"),
                 presegmented=True)
    t1 = time.perf_counter()
    pair = align_documents(zh, en, semantic=semantic)
    t2 = time.perf_counter()
    ca = align_clauses(pair, semantic)
    t3 = time.perf_counter()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"zh": len(zh.level("sentence")), "en": len(en.level("sentence")), "zh_clauses": len(ca.clauses.zh_units),
            "en_clauses": len(ca.clauses.en_units), "beads": len(ca.beads), "omitted": len(ca.inner_omissions()),
            "load": round(t1 - t0, 2), "sentences": round(t2 - t1, 2), "clauses": round(t3 - t2, 2),
            "total": round(t3 - t0, 2), "peak_mb": round(peak)}


def joined(eval_dir: Path) -> None:
    print("MAC-Test joined into one pair, sentences then clauses, in a fresh process with an empty cache:")
    for semantic in ("off", "auto"):
        with tempfile.TemporaryDirectory(prefix="ipdoc-bench-") as cache:
            env = dict(os.environ, IPDOC_CACHE=cache)
            proc = subprocess.run([sys.executable, __file__, "--eval", str(eval_dir), "--joined-once", semantic],
                                  capture_output=True, text=True, check=True, env=env)
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        print(f"  --semantic {semantic:4s} {r['zh']} zh x {r['en']} en sentences -> {r['zh_clauses']} zh x "
              f"{r['en_clauses']} en clauses ({r['beads']} beads, {r['omitted']} left out): start-up and reading "
              f"{r['load']:.1f} s, sentences {r['sentences']:.1f} s, clauses {r['clauses']:.1f} s, "
              f"total {r['total']:.1f} s wall; peak {r['peak_mb']} MB")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    ap.add_argument("--skip-planted", action="store_true")
    ap.add_argument("--skip-mac", action="store_true")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--joined-once", choices=("off", "auto", "on"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.joined_once:
        print(json.dumps(joined_once(args.eval, args.joined_once)))
        return 0
    golds(args.verbose)
    if not args.skip_planted:
        plants(args.verbose)
    if not args.skip_mac:
        if not args.eval.is_dir():
            print(f"MAC-Test not found at {args.eval}: skipped")
        else:
            mac_chapters(args.eval, args.verbose)
            joined(args.eval)
    return 0


if __name__ == "__main__":
    sys.exit(main())
