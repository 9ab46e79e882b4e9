from __future__ import annotations

from ipdoc.align.features import featurize
from ipdoc.align.learn import associations, with_associations
from ipdoc.model import Bead

ZH = ["阿Q来了。", "阿Q走了。", "阿Q笑了。", "天亮了。"]
EN = ["Ah Q came.", "Ah Q left.", "Ah Q laughed.", "Day broke."]


def test_words_seen_together_in_beads_are_learned():
    feats = featurize(ZH, EN)
    beads = [Bead((i,), (i,)) for i in range(4)]
    learned = associations(feats, beads)
    q = next(t for t in feats.zh.tokens[0] if "Q" in t)
    assert q in learned and feats.en.tokens[0][0] in learned[q] | {feats.en.tokens[0][0]}


def test_a_single_co_occurrence_is_not_enough():
    feats = featurize(ZH, EN)
    assert associations(feats, [Bead((3,), (3,))]) == {}


def test_learned_keys_are_added_to_the_chinese_tokens():
    feats = featurize(ZH, EN)
    learned = associations(feats, [Bead((i,), (i,)) for i in range(4)])
    richer = with_associations(feats, learned)
    before = sum(len(k) for unit in feats.zh.keys for k in unit)
    after = sum(len(k) for unit in richer.zh.keys for k in unit)
    assert after >= before and richer.en is feats.en
    assert with_associations(feats, {}) is feats
