from __future__ import annotations

from ipdoc.align import anchors
from ipdoc.align.features import featurize


def test_chain_is_the_heaviest_increasing_one():
    cands = [(0, 0, 1.0), (1, 5, 1.5), (2, 1, 1.0), (3, 2, 1.0), (4, 6, 1.0)]
    assert anchors.chain(cands, 7) == [(0, 0), (2, 1), (3, 2), (4, 6)]  # 4.0 against 3.5 through (1, 5)
    cands[1] = (1, 5, 3.0)
    assert anchors.chain(cands, 7) == [(0, 0), (1, 5), (4, 6)]
    assert anchors.chain([], 3) == []


def test_an_anchor_off_its_neighbours_is_dropped():
    line = [(i, i) for i in range(0, 40, 5)]
    spike = sorted([*line, (17, 60)])
    bad = anchors.disagreeing(spike, 1.0)
    assert [spike[k] for k in bad] == [(17, 60)]
    assert anchors.clean(spike, 1.0) == line


def test_a_real_jump_is_kept():
    # twenty English units added after row 20: the anchors after it agree with each other
    path = [(i, i) for i in range(0, 21, 4)] + [(i, i + 20) for i in range(24, 45, 4)]
    assert anchors.disagreeing(path, 1.0) == []


def test_pins_are_never_dropped():
    spike = [(0, 0), (5, 5), (10, 90), (15, 15), (20, 20)]
    assert (10, 90) in anchors.clean(spike, 1.0, keep=frozenset({(10, 90)}))


def test_rarity_grows_with_length():
    assert anchors.rarity(100) == anchors.RARE
    assert anchors.rarity(6000) > anchors.RARE


def test_anchor_path_follows_names_and_numbers():
    zh = ["陈清扬来了。", "天气很好。", "他二十一岁。", "我们走了。"]
    en = ["Chen Qingyang came.", "The weather was fine.", "He was twenty-one.", "We left."]
    center, found = anchors.anchor_path(featurize(zh, en))
    assert (0, 0) in found and (2, 2) in found
    assert len(center) == len(zh) + 1 and center[0] == 0 and center[-1] == len(en)


def test_candidates_near_a_centre_only():
    zh = ["陈清扬来了。"] + ["天气很好。"] * 8 + ["陈清扬走了。"]
    en = ["Chen Qingyang came."] + ["The weather was fine."] * 8 + ["Chen Qingyang left."]
    feats = featurize(zh, en)
    everywhere = {(i, j) for i, j, _w in anchors.candidates(feats)}
    assert (0, 9) in everywhere
    import numpy as np

    near = {(i, j) for i, j, _w in anchors.candidates(feats, center=np.arange(11.0), near=2)}
    assert (0, 0) in near and (0, 9) not in near
