from __future__ import annotations

import socket

import numpy as np
import pytest

from ipdoc.align import semantic


def test_window_norms_are_norms_of_sums():
    rng = np.random.default_rng(1)
    v = rng.normal(size=(6, 4))
    out = semantic.window_norms(v, 3)
    for a in range(1, 4):
        for i in range(a, 7):
            assert out[a, i] == pytest.approx(np.linalg.norm(v[i - a:i].sum(axis=0)))
    assert out[3, 2] == 0.0  # a window longer than the units before it
    assert semantic.window_norms(v[:1], 4).shape == (5, 2)


class _Counting:
    def __init__(self):
        self.seen: list[str] = []

    def __call__(self, texts):
        self.seen += texts
        return np.array([[len(t), 1.0] + [0.0] * (semantic.DIM - 2) for t in texts], dtype=np.float32)


def test_store_embeds_once_and_caches_on_disk():
    enc = _Counting()
    store = semantic.Store(["a", "bb", "ccc"], enc)
    assert store.get([0, 2])[:, 0].tolist() == [1.0, 3.0]
    assert store.get([2, 1])[:, 0].tolist() == [3.0, 2.0]
    assert enc.seen == ["a", "ccc", "bb"]
    again = _Counting()
    back = semantic.Store(["a", "bb", "ccc"], again)
    assert back.get([0, 1, 2])[:, 0].tolist() == [1.0, 2.0, 3.0] and again.seen == []
    other = semantic.Store(["a", "bb", "cccc"], again)
    assert other.missing([0, 1, 2]) == [0, 1, 2]  # another text, another cache entry


def test_semantic_centres_and_scores_beads():
    enc = _Counting()
    sem = semantic.Semantic(semantic.Store(["x", "yy"], enc, cache=False),
                            semantic.Store(["x", "yy", "z"], enc, cache=False))
    sem.embed([0, 1], [0, 1, 2])
    z = sem.centred("zh", [0, 1])
    assert np.allclose(z.mean(axis=0), 0.0, atol=1e-6)
    assert sem.cosine((0,), (0,)) == pytest.approx(1.0)  # same length, same vector after centring
    assert sem.known_cosine((0,), (2,)) is not None
    fresh = semantic.Semantic(semantic.Store(["x"], enc, cache=False), semantic.Store(["y"], enc, cache=False))
    assert fresh.known_cosine((0,), (0,)) is None


@pytest.mark.skipif(not semantic.available(), reason="the sentence encoder is not installed")
def test_the_encoder_loads_offline_and_translations_are_close(monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the encoder tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    v = semantic.encoder()(["今天下雨了。", "It is raining today.", "The bank raised interest rates."])
    assert v.shape == (3, semantic.DIM)
    assert float(v[0] @ v[1]) > float(v[0] @ v[2]) + 0.2


def test_window_starts_and_texts():
    assert semantic.window_starts([5, 1, 2, 3, 7, 8], 2) == [1, 2, 7]
    assert semantic.window_starts([1, 2, 3], 3) == [1]
    assert semantic.window_starts([1, 3], 2) == []
    assert semantic.window_texts(["a", "b", "c"], 2, " ") == ["a b", "b c"]
    assert semantic.window_texts(["甲", "乙"], 2, "") == ["甲乙"]
    assert semantic.window_texts(["a"], 2, " ") == []


def test_windows_are_embedded_whole_inside_the_rectangle_only():
    enc = _Counting()
    sem = semantic.Semantic(semantic.Store(["x", "yy", "zzz", "w"], enc, cache=False),
                            semantic.Store(["p", "qq", "r"], enc, cache=False))
    sem.embed([1, 2, 3], [0, 1, 2], windows=(2, 3))
    assert "yyzzz" in enc.seen and "zzzw" in enc.seen and "xyy" not in enc.seen  # unit 0 is outside
    assert "p qq r" in enc.seen and "p qq" in enc.seen
    ev = sem.evidence(1, 4, 0, 3, 4, 4, windows=(2, 3))
    assert sorted(ev.zw) == [1, 2] and sorted(ev.ew) == [1, 2, 3]
    assert ev.zw[2].shape == (4, semantic.DIM)
    assert not ev.zw[2][:2].any()  # a window reaching before the rectangle has no vector
    mean = sem.mean("zh")
    whole = enc(["yyzzz"])[0] - mean
    assert ev.zw[2][2] == pytest.approx(whole / np.linalg.norm(whole), abs=1e-3)
    assert np.linalg.norm(ev.ew[3][3]) == pytest.approx(1.0, abs=1e-3)
    assert not sem.evidence(1, 4, 0, 3, 4, 4).zw  # no windows unless asked for


def test_windows_share_the_cache_of_their_text(tmp_path, monkeypatch):
    monkeypatch.setenv("IPDOC_CACHE", str(tmp_path))
    enc = _Counting()
    texts = ["a", "bb", "c"]
    semantic.Semantic(semantic.Store(texts, enc), semantic.Store(texts, enc)).embed([0, 1, 2], [0, 1, 2], (2, 2))
    again = _Counting()
    sem = semantic.Semantic(semantic.Store(texts, again), semantic.Store(texts, again))
    sem.embed([0, 1, 2], [0, 1, 2], (2, 2))
    assert again.seen == []


def test_a_side_is_centred_on_the_units_asked_for_not_on_the_cache(tmp_path, monkeypatch):
    """An `auto` alignment embeds a few stretches; a warm cache (after `--semantic on`) holds
    every unit. The mean, and so every cosine, was taken over whatever the cache held: the same
    command gave other scores after another run."""
    monkeypatch.setenv("IPDOC_CACHE", str(tmp_path))
    zh, en = ["x", "yy", "zzz", "wwww"], ["x", "yy", "zzz", "wwww"]

    def cosines() -> tuple[float, np.ndarray]:
        sem = semantic.Semantic(semantic.Store(zh, _Counting()), semantic.Store(en, _Counting()), "auto")
        sem.embed([0, 1], [0, 1])
        return sem.cosine((0,), (1,)), sem.mean("en")

    cold = cosines()
    warm_all = semantic.Semantic(semantic.Store(zh, _Counting()), semantic.Store(en, _Counting()))
    warm_all.embed(range(4), range(4))  # what `--semantic on` leaves in the cache
    warm = cosines()
    assert warm[0] == pytest.approx(cold[0]) and np.allclose(warm[1], cold[1])
    assert not np.allclose(warm_all.mean("en"), cold[1])  # the cache's units would move the mean
