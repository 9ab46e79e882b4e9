"""Alignment quality on three MAC-Test chapters (skipped without ../shared/eval).

The full benchmark (24 chapters, joined document, timing) is scripts/bench_align.py.
"""

from __future__ import annotations

from ipdoc.align import align_units
from ipdoc.align.evaluate import parse_beads, score


def test_three_chapters_strict_f1(mac):
    golds, tests = [], []
    for stem in ("001", "009", "021"):
        zh = (mac / f"{stem}.zh").read_text(encoding="utf-8").splitlines()
        en = (mac / f"{stem}.en").read_text(encoding="utf-8").splitlines()
        golds.append(parse_beads((mac / f"{stem}.gold").read_text()))
        tests.append([(b.zh, b.en) for b in align_units(zh, en)])
    s = score(golds, tests)
    assert s.strict.f1 >= 0.80
    assert s.lax.f1 >= 0.95
