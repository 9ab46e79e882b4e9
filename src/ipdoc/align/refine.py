"""Refinement: split off units a bead holds without any support.

The search prefers merging a unit into a neighbouring bead to leaving it alone
(omissions are rare in published translations). For checking a translation an
omission must show: a unit at the edge of a bead whose words find (almost) no
translation on the other side — words its neighbour in the bead already explains
do not count — is split off as an omission (Chinese) or an addition (English),
when the length of what remains agrees: in a close translation it must stay
plausible, in a free one it must get better.
"""

from __future__ import annotations

import math

import numpy as np

from .features import Features

MAX_SUPPORT_SHARE = 0.2  # a unit is unsupported below this share of the text's typical support
MIN_TOKENS = 4  # units with fewer content tokens are never split off
CLOSE = 0.6  # typical support of a close (official, literal) translation
MIN_FIT = 0.2  # the length fit the rest of the bead must keep
SIGMA = 0.32  # spread of the length ratio of true pairs (measured on MAC-Test), for the fit above


def _support(feats: Features, side: str, unit: int, others: tuple[int, ...], siblings: tuple[int, ...] = ()) -> float:
    """Share of ``unit``'s token weight explained by the ``others`` units of the other
    side — by their tokens that the ``siblings`` (the rest of the bead on the unit's own
    side) do not already explain, so that words shared with a neighbour do not count."""
    mine, theirs = (feats.zh, feats.en) if side == "zh" else (feats.en, feats.zh)
    sibling_keys = {k for s in siblings for keys in mine.keys[s] for k in keys}
    available = {k for o in others for keys in theirs.keys[o] if not sibling_keys.intersection(keys) for k in keys}
    w = mine.weights[unit]
    total = float(w.sum())
    if total <= 0:
        return 1.0
    hit = sum(float(w[t]) for t, keys in enumerate(mine.keys[unit]) if available.intersection(keys))
    return hit / total


def _fit(feats: Features, zs, es, mu: float, sigma: float) -> float:
    lz = float(sum(feats.zh.lengths[i] for i in zs))
    le = float(sum(feats.en.lengths[j] for j in es))
    d = (math.log(max(le, 1.0) / max(lz, 1.0)) - mu) / sigma
    return math.exp(-d * d / 2)


def typical_support(feats: Features, raw, sample: int = 400) -> float:
    """Median share of a unit's words explained by its partner, over one-to-one beads:
    high for a close official translation, low for a free literary one."""
    ones = [(z[0], e[0]) for z, e in raw if len(z) == 1 and len(e) == 1]
    if not ones:
        return 0.5
    step = max(1, len(ones) // sample)
    values = sorted(_support(feats, "zh", i, (j,)) for i, j in ones[::step])
    return values[len(values) // 2]


def split_unsupported(feats: Features, raw, mu: np.ndarray, sigma: float = SIGMA, locked: set[tuple[int, int]] = frozenset()):
    """Beads with unsupported edge units split off as omissions or additions.

    What counts as unsupported is relative to the text: a unit explained at a small
    fraction of what its units typically are."""
    typical = typical_support(feats, raw)
    max_support = MAX_SUPPORT_SHARE * typical
    close = typical >= CLOSE
    if not close:
        # in a free translation an unexplained unit is usually paraphrase, not omission
        # (on MAC-Test 4 of 26 such splits were right): leave the search's beads alone
        return list(raw)
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
                    rest = units[1:] if edge == 0 else units[:-1]
                    support = _support(feats, side, u, others, rest)
                    if len(mine.keys[u]) < MIN_TOKENS or support > max_support:
                        continue
                    new_z, new_e = (rest, es) if side == "zh" else (zs, rest)
                    fit_after, fit_before = _fit(feats, new_z, new_e, m, sigma), _fit(feats, zs, es, m, sigma)
                    # in a close translation an unsupported unit is an omission (or addition)
                    # if the rest of the bead keeps a plausible length; in a free one the
                    # length must also say so
                    if not (fit_after > fit_before or (close and fit_after >= MIN_FIT)):
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
