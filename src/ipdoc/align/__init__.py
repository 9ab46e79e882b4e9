"""Alignment: Chinese and English units into beads (1-1, n-m, omissions, additions).

``align_units`` aligns two lists of strings into beads; ``align_documents``
aligns two segmented Documents, using their recovered structure first, into an
``AlignedPair``. Beads carry a confidence in [0, 1], the evidence it rests on
(lexical coverage, length fit) and a short reason.
"""

from __future__ import annotations

import math

import numpy as np

from .. import __version__
from ..errors import InputError
from ..model import Bead
from . import corridor as cor
from .anchors import anchor_path
from .dp import PRIOR_RATIO, NoPath, RawBead, Vectors, lexicon, local_ratio, search
from .features import Features, featurize, subset
from .learn import associations, with_associations
from .params import BEAD_TYPES, Params
from .refine import split_unsupported

__all__ = ["BEAD_TYPES", "Params", "align_features", "align_units", "signature"]

#: a piece whose matrix has at most this many cells is searched whole
FULL_CELLS = 40_000
#: how often a search whose path touched the corridor's edge is widened and repeated
WIDEN = 3


def signature(params: Params, level: str = "sentence") -> str:
    """Reproducibility signature: every setting that changes a number."""
    import jieba

    return (f"ipdoc:{__version__}|align:lex-dp|level:{level}|{params.signature()}"
            f"|tok:jieba-{getattr(jieba, '__version__', '?')}|dict:cc-cedict")


def check_pins(pins: list[tuple[int, int]], nz: int, ne: int) -> list[tuple[int, int]]:
    """Pins sorted, in range and not crossing each other; otherwise an InputError."""
    out = sorted(set(pins))
    for p, q in out:
        if not (0 <= p < nz and 0 <= q < ne):
            raise InputError(f"pin zh:{p}=en:{q} is out of range (zh has {nz} units, en {ne})")
    for (p1, q1), (p2, q2) in zip(out, out[1:]):
        if q2 < q1:
            raise InputError(f"pins zh:{p1}=en:{q1} and zh:{p2}=en:{q2} cross each other")
    return out


def align_features(feats: Features, params: Params = Params(), pins: list[tuple[int, int]] = (),
                   structure: list[tuple[int, int]] = (), gates: list[tuple[int, int]] = ()) -> list[Bead]:
    """Beads for featurised units.

    ``pins`` (from the user) and ``structure`` (from aligned headings) are pairs
    that must end up in the same bead; ``gates`` are cells every path passes
    through (bead boundaries between aligned containers): the text is cut there
    and each piece aligned on its own, a piece with one side empty being all
    omissions or additions.
    """
    nz, ne = len(feats.zh.keys), len(feats.en.keys)
    if nz == 0 and ne == 0:
        return []
    user = check_pins(list(pins), nz, ne)
    pieces = _pieces(nz, ne, gates)
    for p, q in user:
        if not any(zlo <= p < zhi and elo <= q < ehi for zlo, zhi, elo, ehi in pieces):
            raise InputError(f"pin zh:{p}=en:{q} crosses the document's structure (a section boundary)")
    pins = sorted(set(user) | {p for p in structure if all((p[0] - q[0]) * (p[1] - q[1]) > 0 for q in user)})
    pins = check_pins(pins, nz, ne)
    state = [_Piece(rect, [(p - rect[0], q - rect[2]) for p, q in pins
                           if rect[0] <= p < rect[1] and rect[2] <= q < rect[3]]) for rect in pieces]
    raw = [b for piece in state for b in piece.first(feats, params)]
    base = feats
    if params.learn and raw:
        # second pass: words the first pass shows to be translations, in a corridor
        # around the first path
        learned = associations(feats, [Bead(z, e) for z, e in raw])
        feats = with_associations(feats, learned)
        raw = [b for piece in state for b in piece.second(feats, params)]
    if params.split_unsupported:
        # support is judged by the dictionary alone: learned words may echo the first pass
        raw = split_unsupported(base, raw, _row_mu(state, nz), locked=set(pins))
    return describe(feats, raw, params, _row_mu(state, nz), set(user), set(structure))


def _pieces(nz: int, ne: int, gates) -> list[tuple[int, int, int, int]]:
    """Rectangles between consecutive gates (monotone gates only)."""
    cuts = [(0, 0)]
    for i, j in sorted(set(gates)):
        if 0 <= i <= nz and 0 <= j <= ne and i >= cuts[-1][0] and j >= cuts[-1][1] and (i, j) != cuts[-1]:
            cuts.append((i, j))
    if cuts[-1] != (nz, ne):
        cuts.append((nz, ne))
    return [(a[0], b[0], a[1], b[1]) for a, b in zip(cuts, cuts[1:])]


def corridor_search(feats: Features, params: Params, pins: list[tuple[int, int]], center: np.ndarray, half: int,
                    mu: np.ndarray, vec: Vectors | None = None) -> list[RawBead]:
    """The best path in a corridor around ``center``: widened around the path found and
    searched again while the path touches the corridor's edge; the whole matrix for
    short stretches. Never fails on valid input."""
    nz, ne = len(feats.zh.keys), len(feats.en.keys)
    lex = lexicon(feats, params.lexical)
    if (nz + 1) * (ne + 1) <= FULL_CELLS:
        corr = cor.full(nz, ne, pins)
    else:
        corr = cor.around(center, half, ne, pins)
    for _ in range(WIDEN + 1):
        try:
            raw = search(lex, corr, params, mu, vec)
        except NoPath:
            raw = None
        if raw is not None and not corr.touches(cor.vertices(raw)):
            return raw
        half *= 2
        if raw is not None:
            center = cor.path_center(raw, nz)
        corr = cor.around(center, half, ne, pins)
    if raw is None:
        raise InputError("the pins cannot all be honoured: they ask for a bead larger than the largest bead type")
    return raw


class _Piece:
    """One rectangle of the alignment: its first and second pass."""

    def __init__(self, rect: tuple[int, int, int, int], pins: list[tuple[int, int]]) -> None:
        self.rect = rect
        self.pins = pins
        self.raw: list[RawBead] = []
        self.local: list[RawBead] = []
        self.mu = np.full(max(0, rect[1] - rect[0]), PRIOR_RATIO)
        self._mu_full = np.full(max(0, rect[1] - rect[0]) + 1, PRIOR_RATIO)

    def _offset(self, raw: list[RawBead]) -> list[RawBead]:
        zlo, _, elo, _ = self.rect
        return [(tuple(i + zlo for i in z), tuple(j + elo for j in e)) for z, e in raw]

    def _empty(self) -> bool:
        zlo, zhi, elo, ehi = self.rect
        return zhi == zlo or ehi == elo

    def first(self, feats: Features, params: Params) -> list[RawBead]:
        zlo, zhi, elo, ehi = self.rect
        if self._empty():
            self.raw = [((i,), ()) for i in range(zlo, zhi)] + [((), (j,)) for j in range(elo, ehi)]
            return self.raw
        sub = subset(feats, zlo, zhi, elo, ehi)
        center, anchors = anchor_path(sub, self.pins)
        mu = local_ratio(sub, center, anchors)
        self.mu = mu[1:]
        self._mu_full = mu
        self.local = corridor_search(sub, params, self.pins, center, params.band, mu)
        self.raw = self._offset(self.local)
        return self.raw

    def second(self, feats: Features, params: Params, vec: Vectors | None = None) -> list[RawBead]:
        zlo, zhi, elo, ehi = self.rect
        if self._empty():
            return self.raw
        sub = subset(feats, zlo, zhi, elo, ehi)
        center = cor.path_center(self.local, zhi - zlo)
        self.local = corridor_search(sub, params, self.pins, center, max(8, params.band // 2), self._mu_full, vec)
        self.raw = self._offset(self.local)
        return self.raw


def _row_mu(state: list[_Piece], nz: int) -> np.ndarray:
    """The expected length ratio per DP row of the whole text (row i ends unit i-1)."""
    out = np.full(nz + 1, PRIOR_RATIO)
    for piece in state:
        zlo, zhi = piece.rect[0], piece.rect[1]
        out[zlo + 1: zhi + 1] = piece.mu[: zhi - zlo]
    out[0] = out[1] if nz else PRIOR_RATIO
    return out


def align_units(zh_texts: list[str], en_texts: list[str], params: Params = Params(),
                pins: list[tuple[int, int]] = (), zh_labels=None, en_labels=None) -> list[Bead]:
    """Align two lists of unit texts (sentences or clauses)."""
    feats = featurize(zh_texts, en_texts, zh_labels, en_labels)
    return align_features(feats, params, pins)


# --------------------------------------------------------------------------- describing beads


def _explained(feats: Features, zs: tuple[int, ...], es: tuple[int, ...]) -> tuple[float, float, float, float, list[str]]:
    """Explained and total token weight on each side of a bead, and the shared keys."""
    zkeys: dict[int, list[tuple[int, int]]] = {}
    for i in zs:
        for t, keys in enumerate(feats.zh.keys[i]):
            for k in keys:
                zkeys.setdefault(k, []).append((i, t))
    z_hit: set[tuple[int, int]] = set()
    e_hit: set[tuple[int, int]] = set()
    shared: list[str] = []
    for j in es:
        for t, keys in enumerate(feats.en.keys[j]):
            for k in keys:
                if k in zkeys:
                    e_hit.add((j, t))
                    z_hit.update(zkeys[k])
                    if not feats.en.tokens[j][t].startswith("§"):  # structural labels are not words
                        shared.append(feats.en.surface[j][t])
    zw = sum(float(feats.zh.weights[i].sum()) for i in zs)
    ew = sum(float(feats.en.weights[j].sum()) for j in es)
    zx = sum(float(feats.zh.weights[i][t]) for i, t in z_hit)
    ex = sum(float(feats.en.weights[j][t]) for j, t in e_hit)
    return zx, zw, ex, ew, list(dict.fromkeys(shared))


def describe(feats: Features, raw, params: Params, mu: np.ndarray, pins: set[tuple[int, int]],
             structure: set[tuple[int, int]] = frozenset()) -> list[Bead]:
    """Turn raw beads into Beads with a confidence in [0, 1] and a reason."""
    out = []
    for zs, es in raw:
        if not zs or not es:
            kind = "omission" if zs else "addition"
            out.append(Bead(zs, es, 0.0, f"{kind}: no English counterpart" if zs else f"{kind}: no Chinese counterpart"))
            continue
        zx, zw, ex, ew, shared = _explained(feats, zs, es)
        coverage = (zx + ex) / (zw + ew) if zw + ew > 0 else 0.0
        lz = float(sum(feats.zh.lengths[i] for i in zs))
        le = float(sum(feats.en.lengths[j] for j in es))
        d = (math.log(le / lz) - float(mu[zs[-1] + 1])) / params.length_sigma
        fit = math.exp(-d * d / 2)
        conf = confidence(coverage, fit, len(zs), len(es))
        words = ", ".join(shared[:6]) + ("…" if len(shared) > 6 else "")
        reason = f"lex {coverage:.2f}, len {fit:.2f}"
        if words:
            reason += f"; shared: {words}"
        if any((p in zs and q in es) for p, q in pins):
            reason = "pinned; " + reason
            conf = max(conf, 0.99)
        elif any((p in zs and q in es) for p, q in structure):
            reason = "structure; " + reason
        out.append(Bead(zs, es, round(conf, 4), reason, coverage, fit))
    return out


def confidence(coverage: float, fit: float, nz: int, ne: int) -> float:
    """Probability-like confidence from lexical coverage and length fit.

    A logistic curve; its coefficients were fitted on half of the MAC-Test
    chapters (``scripts/calibrate_confidence.py``) to the chance that a bead is
    exactly right, and checked on the other half.
    """
    x = _CAL[0] + _CAL[1] * coverage + _CAL[2] * fit + _CAL[3] * (nz + ne - 2)
    return 1.0 / (1.0 + math.exp(-x))


_CAL = (0.29, 2.84, 1.34, -0.81)  # scripts/calibrate_confidence.py
