"""Refinement: split off units a bead holds without support, as omissions or additions.

The search prefers merging a unit into a neighbouring bead to leaving it alone
(omissions are rare in published translations). For checking a translation an
omission must show, so a unit at the edge of a bead is split off when the
evidence says it has no counterpart:

- in a close translation (official texts: a unit's words typically find their
  translation), when its words find (almost) none — words its neighbour in the
  bead already explains do not count — and the rest of the bead keeps a
  plausible length;
- in a free translation (literary: paraphrase leaves many words unexplained, so
  the words alone are not evidence), only with sentence vectors: when the unit's
  own cosine with the other side is near zero and the bead without it means
  clearly more the same as the other side than with it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence, Set

import numpy as np

from .features import Features

RawBead = tuple[tuple[int, ...], tuple[int, ...]]
Cosine = Callable[[Sequence[int], Sequence[int]], "float | None"]

MAX_SUPPORT_SHARE = 0.2  # a unit is unsupported below this share of the text's typical support
MIN_TOKENS = 4  # units with fewer content tokens are never split off
CLOSE = 0.6  # typical support of a close (official, literal) translation
MIN_FIT = 0.2  # the length fit the rest of the bead must keep
SIGMA = 0.32  # spread of the length ratio of true pairs (measured on MAC-Test), for the fit above
#: free translations, with sentence vectors (scripts/derive_align_constants.py, deleted sentences
#: against the splits that were wrong, odd MAC-Test chapters): the unit's cosine with the other
#: side stays below SEM_ALONE, the bead's cosine rises by SEM_GAIN without it, and its words find
#: at most SEM_SUPPORT of their weight
SEM_ALONE = 0.08
SEM_GAIN = 0.15
SEM_SUPPORT = 0.25


def _support(feats: Features, side: str, unit: int, others: Sequence[int], siblings: Sequence[int] = ()) -> float:
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


def _fit(feats: Features, zs: Sequence[int], es: Sequence[int], mu: float, sigma: float) -> float:
    lz = float(sum(feats.zh.lengths[i] for i in zs))
    le = float(sum(feats.en.lengths[j] for j in es))
    d = (math.log(max(le, 1.0) / max(lz, 1.0)) - mu) / sigma
    return math.exp(-d * d / 2)


def typical_support(feats: Features, raw: Sequence[RawBead], sample: int = 400) -> float:
    """Median share of a unit's words explained by its partner, over one-to-one beads:
    high for a close official translation, low for a free literary one."""
    ones = [(z[0], e[0]) for z, e in raw if len(z) == 1 and len(e) == 1]
    if not ones:
        return 0.5
    step = max(1, len(ones) // sample)
    values = sorted(_support(feats, "zh", i, (j,)) for i, j in ones[::step])
    return values[len(values) // 2]


def _lexical_split(feats: Features, side: str, u: int, rest: tuple[int, ...], zs: tuple[int, ...],
                   es: tuple[int, ...], mu: float, max_support: float) -> bool:
    """Close translations: the unit's words find no translation and the rest keeps its length."""
    mine = feats.zh if side == "zh" else feats.en
    others = es if side == "zh" else zs
    if len(mine.keys[u]) < MIN_TOKENS or _support(feats, side, u, others, rest) > max_support:
        return False
    new_z, new_e = (rest, es) if side == "zh" else (zs, rest)
    fit_after, fit_before = _fit(feats, new_z, new_e, mu, SIGMA), _fit(feats, zs, es, mu, SIGMA)
    return fit_after > fit_before or fit_after >= MIN_FIT


def _semantic_split(feats: Features, side: str, u: int, rest: tuple[int, ...], zs: tuple[int, ...],
                    es: tuple[int, ...], cosine: Cosine) -> bool:
    """Free translations: the unit means nothing of the other side and the bead means more without it."""
    others = es if side == "zh" else zs
    if _support(feats, side, u, others, rest) > SEM_SUPPORT:
        return False
    alone = cosine((u,), es) if side == "zh" else cosine(zs, (u,))
    full = cosine(zs, es)
    without = cosine(rest, es) if side == "zh" else cosine(zs, rest)
    if alone is None or full is None or without is None:
        return False
    return alone < SEM_ALONE and without - full >= SEM_GAIN


def split_unsupported(feats: Features, raw: Sequence[RawBead], mu: np.ndarray,
                      locked: Set[tuple[int, int]] = frozenset(), cosine: Cosine | None = None) -> list[RawBead]:
    """Beads with unsupported edge units split off as omissions or additions.

    What counts as unsupported is relative to the text: in a close translation a
    unit explained at a small fraction of what its units typically are; in a free
    one, a unit the sentence vectors (``cosine``, None where a bead has none) show
    to be foreign to the bead. Without vectors a free translation is left alone."""
    typical = typical_support(feats, raw)
    close = typical >= CLOSE
    if not close and cosine is None:
        return list(raw)
    max_support = MAX_SUPPORT_SHARE * typical
    pinned = {("zh", p) for p, _ in locked} | {("en", q) for _, q in locked}
    out: list[RawBead] = []
    for zs, es in raw:
        if not zs or not es or (len(zs) == 1 and len(es) == 1):
            out.append((zs, es))
            continue
        m = float(mu[zs[-1] + 1])
        before: list[RawBead] = []
        after: list[RawBead] = []
        changed = True
        while changed:
            changed = False
            for side in ("zh", "en"):
                units = zs if side == "zh" else es
                if len(units) < 2:
                    continue
                for edge in (0, -1):
                    u = units[edge]
                    if (side, u) in pinned:
                        continue
                    rest = units[1:] if edge == 0 else units[:-1]
                    if close:
                        split = _lexical_split(feats, side, u, rest, zs, es, m, max_support)
                    else:
                        split = cosine is not None and _semantic_split(feats, side, u, rest, zs, es, cosine)
                    if not split:
                        continue
                    (before if edge == 0 else after).append(((u,), ()) if side == "zh" else ((), (u,)))
                    zs, es = (rest, es) if side == "zh" else (zs, rest)
                    changed = True
                    break
                if changed:
                    break
        out.extend(before)
        out.append((zs, es))
        out.extend(reversed(after))
    return out
