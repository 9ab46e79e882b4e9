"""Bead index format (Vecalign/Bertalign ``[0,1]:[2]``) and the bead-level metric.

The metric (Sennrich & Volk 2010, as used by Vecalign and Bertalign): a test
bead is a strict hit when the gold has the identical bead, a lax hit when it
shares a source unit with gold beads that cover one of its target units.
Precision is over all test beads, recall over gold beads non-empty on both sides
(computed by swapping roles), counts summed over documents (micro average).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InputError

RawBead = tuple[tuple[int, ...], tuple[int, ...]]
_LINE = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]\s*$")


def parse_beads(text: str, origin: str = "<beads>") -> list[RawBead]:
    """Read the index format, one bead per line; blank lines are skipped."""
    out: list[RawBead] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = _LINE.match(line)
        if not m:
            raise InputError(f"line {n}: not a bead like [0,1]:[2]: {line.strip()[:60]!r}", origin)
        zh = tuple(int(x) for x in m.group(1).split(",") if x.strip())
        en = tuple(int(x) for x in m.group(2).split(",") if x.strip())
        out.append((zh, en))
    return out


def format_beads(beads) -> str:
    """Write beads (``Bead`` objects or raw pairs) in the index format."""
    lines = []
    for b in beads:
        zh, en = (b.zh, b.en) if hasattr(b, "zh") else b
        lines.append("[{}]:[{}]".format(",".join(map(str, zh)), ",".join(map(str, en))))
    return "\n".join(lines) + ("\n" if lines else "")


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True, slots=True)
class Scores:
    strict: PRF
    lax: PRF
    counts: tuple[int, ...]  # strict tp, strict fp, lax tp, lax fp, then the same for recall


def _hits(gold: list[RawBead], test: list[RawBead]) -> list[int]:
    gold_set = set(gold)
    by_src: dict[int, set[int]] = {}
    for gs, gt in gold:
        for unit in gs:
            by_src.setdefault(unit, set()).update(gt)
    tps = fps = tpl = fpl = 0
    for s, t in test:
        if not s and not t:
            continue
        if (s, t) in gold_set:
            tps += 1
            tpl += 1
            continue
        fps += 1
        targets: set[int] = set()
        for x in s:
            targets |= by_src.get(x, set())
        if targets & set(t):
            tpl += 1
        else:
            fpl += 1
    return [tps, fps, tpl, fpl]


def _prf(tp: int, fp: int, rtp: int, rfp: int) -> PRF:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = rtp / (rtp + rfp) if rtp + rfp else 0.0
    return PRF(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def score(golds: list[list[RawBead]], tests: list[list[RawBead]]) -> Scores:
    """Strict and lax precision, recall and F1 summed over documents."""
    if len(golds) != len(tests):
        raise ValueError("as many gold alignments as test alignments are needed")
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    for gold, test in zip(golds, tests):
        p = [a + b for a, b in zip(p, _hits(gold, test))]
        test_pairs = [(s, t) for s, t in test if s and t]
        gold_pairs = [(s, t) for s, t in gold if s and t]
        r = [a + b for a, b in zip(r, _hits(test_pairs, gold_pairs))]
    return Scores(_prf(p[0], p[1], r[0], r[1]), _prf(p[2], p[3], r[2], r[3]), tuple(p + r))
