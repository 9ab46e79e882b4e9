"""Anchors: unit pairs that rare shared keys tie together, chained monotonically.

A key (a word stem, a number, a name, a structural marker) found in few units
on each side links every such Chinese unit with every such English unit. The
heaviest chain of links increasing on both sides is the anchor path; the
dynamic programme runs in a corridor around it, so cost grows about linearly
with length and a long omission falls between two anchors instead of dragging
the diagonal.

Two stages keep this sound on long texts: the rarest keys (in at most ``RARE``
units a side) give a coarse path; keys that are rare for the text's length
(names recur more often in a book than in a chapter) then add links near that
path only. An anchor that disagrees with its neighbours on both sides (its
offset from the text's own slope differs from theirs) is dropped: one false
anchor cannot bend the corridor.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Sequence

import numpy as np

from .features import Features

#: a key is a first-stage anchor key when it occurs in at most this many units per side
RARE = 3
#: in the second stage a key may occur once more per this many units of the text
RARE_PER_UNITS = 150
#: second-stage links are kept within this many units of the coarse path
NEAR = 40
#: an anchor whose offset differs from its neighbours' on both sides by more than this many
#: units is dropped: twice the largest such difference of true anchors (those inside a gold
#: bead) on the odd MAC-Test chapters, 6.2 (scripts/derive_align_constants.py)
DISAGREE = 12
#: neighbours on each side an anchor is compared with
NEIGHBOURS = 3


def _occurrences(feats: Features) -> Occurrences:
    zh: dict[int, set[int]] = defaultdict(set)
    en: dict[int, set[int]] = defaultdict(set)
    for i, unit in enumerate(feats.zh.keys):
        for keys in unit:
            for k in keys:
                zh[k].add(i)
    for j, unit in enumerate(feats.en.keys):
        for keys in unit:
            for k in keys:
                en[k].add(j)
    return ({k: sorted(v) for k, v in zh.items()}, {k: sorted(v) for k, v in en.items()})


def rarity(n: int) -> int:
    """How many units a second-stage anchor key may occur in, for a text of ``n`` units."""
    return max(RARE, n // RARE_PER_UNITS)


Occurrences = tuple[dict[int, list[int]], dict[int, list[int]]]


def candidates(feats: Features, rare: int = RARE, center: np.ndarray | None = None, near: int = NEAR,
               occurrences: Occurrences | None = None) -> list[tuple[int, int, float]]:
    """``(zh unit, en unit, weight)`` for pairs sharing keys found in at most ``rare``
    units a side; with a ``center`` (a column per row), only pairs near it."""
    zh_units, en_units = occurrences or _occurrences(feats)
    nz, ne = len(feats.zh.keys), len(feats.en.keys)
    pairs: dict[tuple[int, int], float] = defaultdict(float)
    for k, js in en_units.items():
        iz = zh_units.get(k)
        if not iz or len(iz) > rare or len(js) > rare:
            continue
        w = math.log((nz + 1) / len(iz)) + math.log((ne + 1) / len(js))
        w /= len(iz) * len(js)
        if center is None:
            for i in iz:
                for j in js:
                    pairs[(i, j)] += w
            continue
        for i in iz:
            c = float(center[i])
            lo, hi = bisect.bisect_left(js, c - near), bisect.bisect_right(js, c + near)
            for j in js[lo:hi]:
                pairs[(i, j)] += w
    return [(i, j, w) for (i, j), w in pairs.items()]


def chain(cands: Sequence[tuple[int, int, float]], ne: int) -> list[tuple[int, int]]:
    """The heaviest chain of candidates strictly increasing in both coordinates."""
    if not cands:
        return []
    order = sorted(range(len(cands)), key=lambda k: (cands[k][0], -cands[k][1]))
    size = ne + 1
    tree_val = [0.0] * (size + 1)
    tree_idx = [-1] * (size + 1)
    prev = [-1] * len(cands)
    total = [0.0] * len(cands)
    for k in order:
        _i, j, w = cands[k]
        # best chain ending at a column < j (Fenwick prefix over columns 0..j-1)
        best, arg = 0.0, -1
        x = j
        while x > 0:
            if tree_val[x] > best:
                best, arg = tree_val[x], tree_idx[x]
            x -= x & -x
        total[k] = best + w
        prev[k] = arg
        x = j + 1
        while x <= size:
            if total[k] > tree_val[x]:
                tree_val[x], tree_idx[x] = total[k], k
            x += x & -x
    end = max(range(len(cands)), key=lambda k: total[k])
    out = []
    while end >= 0:
        out.append((cands[end][0], cands[end][1]))
        end = prev[end]
    out.reverse()
    return out


def _medians(off: np.ndarray, neighbours: int, side: str) -> np.ndarray:
    """Median offset of up to ``neighbours`` anchors on one side of each anchor (NaN: none)."""
    n = len(off)
    pad = np.full(neighbours, np.nan)
    if side == "left":
        seq = np.concatenate([pad, off[:-1]]) if n else pad
    else:
        seq = np.concatenate([off[1:], pad]) if n else pad
    windows = np.lib.stride_tricks.sliding_window_view(seq, neighbours)[:n]
    out = np.full(n, np.nan)
    some = ~np.all(np.isnan(windows), axis=1)
    if some.any():
        out[some] = np.nanmedian(windows[some], axis=1)
    return out


def disagreeing(anchors: Sequence[tuple[int, int]], slope: float, tolerance: float = DISAGREE,
                neighbours: int = NEIGHBOURS, keep: frozenset[tuple[int, int]] = frozenset()) -> list[int]:
    """Indices of anchors whose offset ``j - slope * i`` differs by more than ``tolerance``
    from the median offset of their neighbours on the left and on the right alike."""
    if len(anchors) < 3:
        return []
    off = np.array([j - slope * i for i, j in anchors], dtype=np.float64)
    far = np.ones(len(off), dtype=bool)
    for side in ("left", "right"):
        med = _medians(off, neighbours, side)
        far &= np.isnan(med) | (np.abs(off - np.nan_to_num(med)) > tolerance)
    return [k for k in np.flatnonzero(far).tolist() if anchors[k] not in keep]


def clean(anchors: list[tuple[int, int]], slope: float,
          keep: frozenset[tuple[int, int]] = frozenset()) -> list[tuple[int, int]]:
    """Drop anchors that disagree with their neighbours until none does."""
    while True:
        bad = set(disagreeing(anchors, slope, keep=keep))
        if not bad:
            return anchors
        anchors = [a for k, a in enumerate(anchors) if k not in bad]


def center_of(anchors: Sequence[tuple[int, int]], nz: int, ne: int) -> np.ndarray:
    """A centre column for every DP row 0..nz through the anchors."""
    xs = [0.0] + [i + 0.5 for i, _ in anchors] + [float(nz)]
    ys = [0.0] + [j + 0.5 for _, j in anchors] + [float(ne)]
    return np.interp(np.arange(nz + 1, dtype=np.float64), xs, ys)


def anchor_path(feats: Features, pins: Sequence[tuple[int, int]] = ()) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """A centre column for every DP row 0..nz, and the anchors it passes through."""
    nz, ne = len(feats.zh.keys), len(feats.en.keys)
    slope = ne / nz if nz else 1.0
    pinned = frozenset(pins)

    def chained(cands: list[tuple[int, int, float]]) -> list[tuple[int, int]]:
        # a pinned pair is the strongest anchor; candidates crossing a pin are dropped
        if pins:
            cands = [c for c in cands if all((c[0] - p) * (c[1] - q) > 0 for p, q in pins)]
            cands += [(p, q, 1e6) for p, q in pins]
        return clean(chain(cands, ne), slope, pinned)

    occ = _occurrences(feats)
    anchors = chained(candidates(feats, occurrences=occ))
    rare = rarity(max(nz, ne))
    if rare > RARE:
        anchors = chained(candidates(feats, rare, center_of(anchors, nz, ne), occurrences=occ))
    return center_of(anchors, nz, ne), anchors
