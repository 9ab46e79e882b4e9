from __future__ import annotations

import numpy as np

from ipdoc.align.features import featurize
from ipdoc.align.refine import split_unsupported, typical_support

# a close translation (every word found) with one Chinese sentence the English leaves out
ZH = ["国务院发布了数据共享办法。", "各部门要建立数据目录。", "省级政府负责组织实施和监督检查工作安排。",
      "各地要加强安全保护。"]
EN = ["The State Council issued measures on data sharing.", "All departments shall establish data catalogues.",
      "All localities shall strengthen security protection."]


def test_close_translation_unsupported_edge_unit_is_split_off():
    feats = featurize(ZH, EN)
    assert typical_support(feats, [((0,), (0,)), ((1,), (1,)), ((3,), (2,))]) >= 0.6
    raw = [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]
    mu = np.full(len(ZH) + 1, np.log(3.3))
    assert split_unsupported(feats, raw, mu) == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,))]
    # a pinned unit stays where it is
    assert split_unsupported(feats, raw, mu, locked={(2, 1)}) == raw


def test_free_translation_is_left_alone_without_vectors():
    zh = ["他笑了笑。", "风很大。", "我们走吧。"]
    en = ["A thin smile crossed his face, and the wind howled.", "Let's go."]
    feats = featurize(zh, en)
    raw = [((0, 1), (0,)), ((2,), (1,))]
    mu = np.full(4, np.log(3.3))
    assert split_unsupported(feats, raw, mu) == raw


def test_free_translation_splits_what_the_vectors_show_foreign():
    zh = ["他笑了笑。", "风很大。", "我们走吧。"]
    en = ["A thin smile crossed his face.", "Let's go."]
    feats = featurize(zh, en)
    raw = [((0, 1), (0,)), ((2,), (1,))]
    mu = np.full(4, np.log(3.3))
    cos = {((0, 1), (0,)): 0.3, ((0,), (0,)): 0.6, ((1,), (0,)): 0.0, ((2,), (1,)): 0.7}

    def cosine(zs, es):
        return cos.get((tuple(zs), tuple(es)), 0.0)

    assert typical_support(feats, raw) < 0.6  # free
    assert split_unsupported(feats, raw, mu, cosine=cosine) == [((0,), (0,)), ((1,), ()), ((2,), (1,))]
    # a unit that still means something of the other side stays
    cos[((1,), (0,))] = 0.3
    assert split_unsupported(feats, raw, mu, cosine=cosine) == raw
