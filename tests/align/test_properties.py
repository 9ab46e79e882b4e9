"""Property: any valid input aligns into a complete, monotone bead list (small sizes here;
scripts/stress_align.py runs the same property on texts of up to 5,000 units a side)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipdoc.align import align_units

ZH_POOL = ["陈清扬来了。", "天气很好。", "他二十一岁。", "我们走吧。", "", "河水涨了，山上下了雨。",
           "1998年，他去了北京。", "国务院发布了办法。", "好。"]
EN_POOL = ["Chen Qingyang came.", "The weather was fine.", "He was twenty-one.", "Let's go.", "",
           "The river rose and it rained on the mountain.", "In 1998 he went to Beijing.",
           "The State Council issued measures.", "Fine.", "Bond markets fell sharply."]


def complete_and_monotone(beads, nz: int, ne: int) -> None:
    """Every unit exactly once, in order, no empty bead."""
    zs = [i for b in beads for i in b.zh]
    es = [j for b in beads for j in b.en]
    assert zs == list(range(nz)) and es == list(range(ne))
    assert all(b.zh or b.en for b in beads)
    assert all(0.0 <= b.score <= 1.0 for b in beads)


def texts(pool):
    unit = st.sampled_from(pool)
    block = st.lists(unit, min_size=1, max_size=6)
    # repeated and swapped blocks, blank units
    return st.lists(block, max_size=8).map(lambda bs: [u for b in bs for u in b])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts(ZH_POOL), texts(EN_POOL))
def test_any_pair_aligns_completely(zh, en):
    complete_and_monotone(align_units(zh, en), len(zh), len(en))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 3), st.integers(0, 120), st.booleans())
def test_very_unequal_sides(n_short, n_long, zh_long):
    short = (ZH_POOL if not zh_long else EN_POOL)[:n_short]
    long = [(EN_POOL if not zh_long else ZH_POOL)[k % 8] for k in range(n_long)]
    zh, en = (long, short) if zh_long else (short, long)
    complete_and_monotone(align_units(zh, en), len(zh), len(en))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts(ZH_POOL), texts(EN_POOL), st.data())
def test_pins_are_honoured(zh, en, data):
    if not zh or not en:
        return
    p = data.draw(st.integers(0, len(zh) - 1))
    q = data.draw(st.integers(0, len(en) - 1))
    beads = align_units(zh, en, pins=[(p, q)])
    complete_and_monotone(beads, len(zh), len(en))
    assert any(p in b.zh and q in b.en for b in beads)  # one pin can always be honoured
