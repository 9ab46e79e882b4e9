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
