"""Refinement: split off units a bead holds without any support.

The search prefers merging a unit into a neighbouring bead to leaving it alone
(omissions are rare in published translations). For checking a translation an
omission must show: a unit at the edge of a bead whose words find no translation
on the other side, and whose removal improves the bead's length fit, is split
off as an omission (Chinese) or an addition (English).
"""

from __future__ import annotations

import math

import numpy as np

from .features import Features

MAX_SUPPORT = 0.15  # share of a unit's token weight explained by the other side
MIN_TOKENS = 4  # units with fewer content tokens are never split off
NO_SUPPORT = 0.03  # below this share, a unit has no translation on the other side at all
MIN_FIT = 0.3  # the length fit the rest of the bead must keep


def _support(feats: Features, side: str, unit: int, others: tuple[int, ...]) -> float:
    """Share of ``unit``'s token weight explained by the ``others`` units of the other side."""
    mine, theirs = (feats.zh, feats.en) if side == "zh" else (feats.en, feats.zh)
    other_keys = {k for o in others for keys in theirs.keys[o] for k in keys}
    w = mine.weights[unit]
    total = float(w.sum())
    if total <= 0:
        return 1.0
    hit = sum(float(w[t]) for t, keys in enumerate(mine.keys[unit]) if other_keys.intersection(keys))
    return hit / total


def _fit(feats: Features, zs, es, mu: float, sigma: float) -> float:
    lz = float(sum(feats.zh.lengths[i] for i in zs))
    le = float(sum(feats.en.lengths[j] for j in es))
    d = (math.log(max(le, 1.0) / max(lz, 1.0)) - mu) / sigma
    return math.exp(-d * d / 2)


def split_unsupported(feats: Features, raw, mu: np.ndarray, sigma: float, locked: set[tuple[int, int]] = frozenset()):
    """Beads with unsupported edge units split off as omissions or additions."""
    out = []
    for zs, es in raw:
        if not zs or not es or (len(zs) == 1 and len(es) == 1):
            out.append((zs, es))
            continue
        m = float(mu[zs[-1] + 1])
        before: list = []
        after: list = []
        changed = True
        while changed:
            changed = False
            for side, units, others in (("zh", zs, es), ("en", es, zs)):
                if len(units) < 2:
                    continue
                for edge in (0, -1):
                    u = units[edge]
                    if any((u == p if side == "zh" else u == q) for p, q in locked):
                        continue
                    mine = feats.zh if side == "zh" else feats.en
                    support = _support(feats, side, u, others)
                    if len(mine.keys[u]) < MIN_TOKENS or support > MAX_SUPPORT:
                        continue
                    rest = units[1:] if edge == 0 else units[:-1]
                    new_z, new_e = (rest, es) if side == "zh" else (zs, rest)
                    fit_after, fit_before = _fit(feats, new_z, new_e, m, sigma), _fit(feats, zs, es, m, sigma)
                    # with no support at all a plausible length is enough; with a little,
                    # the length must get better
                    if support > NO_SUPPORT and fit_after <= fit_before:
                        continue
                    if support <= NO_SUPPORT and fit_after < MIN_FIT:
                        continue
                    single = ((u,), ()) if side == "zh" else ((), (u,))
                    (before if edge == 0 else after).append(single)
                    zs, es = new_z, new_e
                    changed = True
                    break
                if changed:
                    break
        out.extend(before)
        out.append((zs, es))
        out.extend(reversed(after))
    return out
