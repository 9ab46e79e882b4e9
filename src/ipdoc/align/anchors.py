"""Anchors: unit pairs that rare shared keys tie together, chained monotonically.

A key (a word stem, a number, a name, a structural marker) found in at most a
few units on each side links every such Chinese unit with every such English
unit. The heaviest chain of links increasing on both sides is the anchor path;
the DP then runs in a band around it, so cost grows about linearly with length
and a long omission falls between two anchors instead of dragging the diagonal.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

from .features import Features

RARE = 3  # a key is an anchor key when it occurs in at most this many units per side


def candidates(feats: Features, rare: int = RARE) -> list[tuple[int, int, float]]:
    """``(zh unit, en unit, weight)`` for pairs sharing rare keys."""
    zh_units: dict[int, set[int]] = defaultdict(set)
    en_units: dict[int, set[int]] = defaultdict(set)
    for i, unit in enumerate(feats.zh.keys):
        for keys in unit:
            for k in keys:
                zh_units[k].add(i)
    for j, unit in enumerate(feats.en.keys):
        for keys in unit:
            for k in keys:
                en_units[k].add(j)
    nz, ne = len(feats.zh.keys), len(feats.en.keys)
    pairs: dict[tuple[int, int], float] = defaultdict(float)
    for k, js in en_units.items():
        iz = zh_units.get(k)
        if not iz or len(iz) > rare or len(js) > rare:
            continue
        w = math.log((nz + 1) / len(iz)) + math.log((ne + 1) / len(js))
        w /= len(iz) * len(js)
        for i in iz:
            for j in js:
                pairs[(i, j)] += w
    return [(i, j, w) for (i, j), w in pairs.items()]


def chain(cands: list[tuple[int, int, float]], ne: int) -> list[tuple[int, int]]:
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
        i, j, w = cands[k]
        # best chain ending at a column < j
        best, arg = 0.0, -1
        x = j  # Fenwick prefix over columns 0..j-1 (1-based index j)
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


def anchor_path(feats: Features, pins: list[tuple[int, int]] = ()) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """A centre column for every DP row 0..nz, and the anchors it passes through."""
    nz, ne = len(feats.zh.keys), len(feats.en.keys)
    cands = candidates(feats)
    # a pinned pair is the strongest anchor; candidates crossing a pin are dropped
    if pins:
        cands = [c for c in cands if all((c[0] - p) * (c[1] - q) > 0 for p, q in pins)]
        cands += [(p, q, 1e6) for p, q in pins]
    anchors = chain(cands, ne)
    xs = [0.0] + [i + 0.5 for i, _ in anchors] + [float(nz)]
    ys = [0.0] + [j + 0.5 for _, j in anchors] + [float(ne)]
    center = np.interp(np.arange(nz + 1, dtype=np.float64), xs, ys)
    return center, anchors
