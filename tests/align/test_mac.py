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


def test_a_deleted_sentence_becomes_an_omission(mac):
    """With sentence vectors, a sentence the translation leaves out is a 1-0 bead; a free
    rendering left in place is not split up (chapter 001's only gold addition is found as is)."""
    zh = (mac / "001.zh").read_text(encoding="utf-8").splitlines()
    en = (mac / "001.en").read_text(encoding="utf-8").splitlines()
    gold = parse_beads((mac / "001.gold").read_text())
    assert ((54,), (51,)) in gold
    beads = align_units(zh, en[:51] + en[52:], semantic="on")
    assert any(b.zh == (54,) and not b.en for b in beads)
    whole = align_units(zh, en, semantic="on")
    assert [(b.zh, b.en) for b in whole if not b.paired] == [(z, e) for z, e in gold if not z or not e]


def test_long_lopsided_pair_completes(mac):
    """Six chapters joined, every third block of 20 English sentences removed."""
    zh: list[str] = []
    en: list[str] = []
    for stem in ("001", "002", "003", "004", "005", "006"):
        zh += (mac / f"{stem}.zh").read_text(encoding="utf-8").splitlines()
        en += (mac / f"{stem}.en").read_text(encoding="utf-8").splitlines()
    en = [t for k, t in enumerate(en) if (k // 20) % 3 != 1]
    beads = align_units(zh, en)
    assert [i for b in beads for i in b.zh] == list(range(len(zh)))
    assert [j for b in beads for j in b.en] == list(range(len(en)))
