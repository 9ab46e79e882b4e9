from __future__ import annotations

import itertools

import numpy as np
import pytest

from ipdoc.align import corridor as cor
from ipdoc.align import dp
from ipdoc.align.confidence import explained
from ipdoc.align.features import featurize
from ipdoc.align.params import Params
from ipdoc.align.semantic import vectors

ZH = ["陈清扬当时二十六岁，在山上当医生。", "有一天她从山上下来。", "我不认识她。",
      "后来我们成了朋友，常常去河边散步。", "那年秋天下了很大的雨。", "河水涨了。"]
EN = ["Chen Qingyang was twenty-six, a doctor up the mountain.", "One day she came down the mountain.",
      "I did not know her.", "Later we became friends.", "We often walked by the river.",
      "It rained heavily that autumn.", "The river rose."]


def _setup():
    feats = featurize(ZH, EN)
    mu = np.full(len(ZH) + 1, dp.PRIOR_RATIO)
    return feats, dp.lexicon(feats), mu


def test_pair_masks_count_what_explained_counts():
    feats, lex, _mu = _setup()
    nz, ne = len(ZH), len(EN)
    pstart, mz, me = dp.pair_masks(lex, 0, np.zeros(nz, dtype=np.int64), np.full(nz, ne - 1, dtype=np.int64))
    tz, te = dp.pop_tables(lex.zw), dp.pop_tables(lex.ew)
    for r, c in itertools.product(range(nz), range(ne)):
        k = pstart[r] + c
        zx, _zw, ex, _ew, _shared = explained(feats, (r,), (c,))
        assert dp.popval(tz, np.array([r]), mz[k:k + 1])[0] == pytest.approx(zx, rel=1e-5)
        assert dp.popval(te, np.array([c]), me[k:k + 1])[0] == pytest.approx(ex, rel=1e-5)
    assert mz[-1] == 0 and me[-1] == 0  # the zero entry for pairs outside


def test_bead_scores_count_shared_tokens_once():
    feats, lex, mu = _setup()
    c = cor.full(len(ZH), len(EN))
    types = [t for t in Params().types if t != (0, 1)]
    scores, preds = dp.chunk_scores(lex, c, Params(), mu, 0, len(ZH) + 1, types)
    # the 1-2 bead [3]:[3,4] at cell (4, 5): lexical part equals the union count
    k = int(c.index(np.array(4), np.array(5)))
    zx, _zw, ex, _ew, _ = explained(feats, (3,), (3, 4))
    col = types.index((1, 2))
    p = Params()
    le = float(feats.en.lengths[3] + feats.en.lengths[4])
    lz = float(feats.zh.lengths[3])
    z = abs(np.log(le / lz) - mu[4]) / np.sqrt(p.length_sigma ** 2 + p.length_var / lz)  # the sums' fit
    assert z < p.length_tail
    expected = zx + ex + p.bonus + p.priors[(1, 2)] - p.length_weight * z * z / 2
    assert scores[k, col] == pytest.approx(expected, rel=1e-4)
    assert preds[k, col] == int(c.index(np.array(3), np.array(3)))
    # a bead that would start outside the matrix is impossible
    assert scores[int(c.index(np.array(1), np.array(0))), types.index((1, 1))] <= dp.NEG / 2


def test_search_is_the_same_in_one_chunk_or_many(monkeypatch):
    _feats, lex, mu = _setup()
    c = cor.full(len(ZH), len(EN))
    whole = dp.search(lex, c, Params(), mu)
    monkeypatch.setattr(dp, "CHUNK_CELLS", 5)
    assert dp.search(lex, c, Params(), mu) == whole
    assert [z for z, _ in whole if z] == [(0,), (1,), (2,), (3,), (4,), (5,)]


def test_search_matches_a_plain_dynamic_programme():
    _feats, lex, mu = _setup()
    nz, ne = len(ZH), len(EN)
    c = cor.full(nz, ne)
    p = Params()
    types = [t for t in p.types if t != (0, 1)]
    scores, _preds = dp.chunk_scores(lex, c, p, mu, 0, nz + 1, types)
    best = np.full((nz + 1, ne + 1), dp.NEG)
    best[0, 0] = 0.0
    for i in range(nz + 1):
        for j in range(ne + 1):
            k = int(c.index(np.array(i), np.array(j)))
            for col, (a, b) in enumerate(types):
                if i >= a and j >= b:
                    best[i, j] = max(best[i, j], best[i - a, j - b] + scores[k, col])
            if j:
                best[i, j] = max(best[i, j], best[i, j - 1] + p.priors[(0, 1)])
    dpv, _back, _types = dp.fill(lex, c, p, mu)
    assert dpv[int(c.index(np.array(nz), np.array(ne)))] == pytest.approx(best[nz, ne])


def test_no_path_when_pins_ask_too_much():
    _feats, lex, mu = _setup()
    c = cor.full(len(ZH), len(EN), pins=[(0, 0), (0, 6)])  # one Chinese unit with all seven English ones
    with pytest.raises(dp.NoPath):
        dp.search(lex, c, Params(), mu)


def _random_vectors() -> tuple[int, int, np.ndarray, np.ndarray]:
    """The sides' sizes and a random 8-dimensional vector per unit."""
    nz, ne = len(ZH), len(EN)
    rng = np.random.default_rng(0)
    return nz, ne, rng.normal(size=(nz, 8)).astype(np.float32), rng.normal(size=(ne, 8)).astype(np.float32)


def test_semantic_term_follows_the_cosine():
    _feats, lex, mu = _setup()
    nz, ne, z, e = _random_vectors()
    e[5] = z[4]  # make [4]:[5] identical in meaning
    vec = vectors(z, e, 4, 5)
    c = cor.full(nz, ne)
    types = [(1, 1)]
    p = Params()
    with_vec, _ = dp.chunk_scores(lex, c, p, mu, 0, nz + 1, types, vec)
    without, _ = dp.chunk_scores(lex, c, p, mu, 0, nz + 1, types)
    k = int(c.index(np.array(5), np.array(6)))
    assert with_vec[k, 0] - without[k, 0] == pytest.approx(p.semantic * (1.0 - p.semantic_base), rel=1e-4)


def test_a_several_unit_bead_is_scored_mostly_by_its_sides_embedded_whole():
    _feats, lex, mu = _setup()
    nz, ne, z, e = _random_vectors()
    whole_z = {1: np.zeros((nz + 1, 8), np.float32)}
    whole_e = {k: np.zeros((ne + 1, 8), np.float32) for k in (1, 2)}
    whole_z[1][4] = whole_e[2][5] = np.eye(8, dtype=np.float32)[0]  # zh [3] means what en [3, 4] says whole
    c = cor.full(nz, ne)
    types = [(1, 2), (1, 1)]
    p = Params()
    plain, _ = dp.chunk_scores(lex, c, p, mu, 0, nz + 1, types, vectors(z, e, 4, 5))
    whole, _ = dp.chunk_scores(lex, c, p, mu, 0, nz + 1, types, vectors(z, e, 4, 5, whole_z, whole_e))
    k = int(c.index(np.array(4), np.array(5)))
    norm = np.linalg.norm(z[3]) * np.linalg.norm(e[3] + e[4])
    summed = float(z[3] @ (e[3] + e[4])) / norm
    expected = p.semantic * p.semantic_whole * (1.0 - summed)
    assert whole[k, 0] - plain[k, 0] == pytest.approx(expected, rel=1e-4)
    assert whole[k, 1] == pytest.approx(plain[k, 1])  # a 1-1 bead keeps its units' own cosine

def test_local_ratio_stays_near_the_anchors():
    feats = featurize(ZH, EN)
    center = np.linspace(0, len(EN), len(ZH) + 1)
    mu = dp.local_ratio(feats, center, [(0, 0), (2, 2), (5, 6)])
    assert mu.shape == (len(ZH) + 1,)
    ratios = [np.log(feats.en.lengths[j] / feats.zh.lengths[i]) for i, j in [(0, 0), (2, 2), (5, 6)]]
    assert np.all(np.abs(mu - np.median(ratios)) <= dp.RATIO_SPREAD + 1e-9)


def test_length_penalty_is_quadratic_then_linear_and_forgives_short_units():
    p = Params()
    s = float(np.sqrt(p.length_spread2(40.0)))
    assert float(p.length_penalty(s, 40.0)) == pytest.approx(0.5)
    c = p.length_tail
    at = float(p.length_penalty(c * s, 40.0))
    assert at == pytest.approx(c * c / 2)
    assert float(p.length_penalty(2 * c * s, 40.0)) == pytest.approx(at + c * c)  # linear beyond the tail
    assert float(p.length_penalty(-s, 40.0)) == pytest.approx(0.5)
    assert float(p.length_penalty(0.5, 5.0)) < float(p.length_penalty(0.5, 200.0))  # short units stray further


def test_a_punctuation_cue_both_sides_hold_adds_its_weight():
    zh, en = ["他来了吗？", "天黑了。"], ["Was that him?", "Night fell."]
    feats = featurize(zh, en)
    lex, mu = dp.lexicon(feats), np.full(3, dp.PRIOR_RATIO)
    c = cor.full(2, 2)
    types = [(1, 1)]
    with_cues, _ = dp.chunk_scores(lex, c, Params(cues=5.0), mu, 0, 3, types)
    without, _ = dp.chunk_scores(lex, c, Params(cues=0.0), mu, 0, 3, types)
    gain = with_cues[:, 0] - without[:, 0]
    at = {(i, j): float(gain[int(c.index(np.array(i), np.array(j)))]) for i in (1, 2) for j in (1, 2)}
    assert at == {(1, 1): pytest.approx(5.0), (1, 2): 0.0, (2, 1): 0.0, (2, 2): 0.0}  # the question pair only


def test_a_quotation_ends_with_the_beads_last_unit():
    zh, en = ["“走吧。”", "他说。"], ["'Let us go.'", "He said."]
    feats = featurize(zh, en)
    lex, mu = dp.lexicon(feats), np.full(3, dp.PRIOR_RATIO)
    c = cor.full(2, 2)
    types = [(1, 1), (2, 2)]
    gain = (dp.chunk_scores(lex, c, Params(cues=1.0), mu, 0, 3, types)[0]
            - dp.chunk_scores(lex, c, Params(cues=0.0), mu, 0, 3, types)[0])
    assert gain[int(c.index(np.array(1), np.array(1))), 0] == pytest.approx(3.0)  # opening, closing, ending
    # 2-2: both sides hold a quotation, but it ends with neither side's last unit
    assert gain[int(c.index(np.array(2), np.array(2))), 1] == pytest.approx(2.0)
