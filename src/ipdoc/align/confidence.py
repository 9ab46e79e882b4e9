"""Describing beads: the evidence each rests on, a confidence in [0, 1], a reason.

A bead's evidence is its lexical coverage (the share of its token weight that
finds a translation on the other side, each token counted once), its length fit
(against the local English/Chinese length ratio) and, where sentence vectors
were used, the cosine of its two sides' summed vectors. The confidence is a
logistic curve over them fitted on the odd MAC-Test chapters to the chance that
the bead is exactly right (``scripts/calibrate_confidence.py``). A text pair
whose aligned beads find little lexical support is flagged as unrelated.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence, Set

import numpy as np

from ..model import Bead
from .dp import RawBead
from .features import Features
from .params import Params

#: mean lexical coverage of the paired beads below which two texts are called unrelated:
#: between the highest seen for mismatched MAC-Test chapters (0.22) and the lowest for
#: true pairs (0.45); scripts/derive_align_constants.py
RELATED_SUPPORT = 0.3
#: confidence curves (intercept, coverage, length fit, extra units[, cosine]); scripts/calibrate_confidence.py
CAL_LEXICAL = (-0.06, 3.29, 1.55, -0.8)
CAL_SEMANTIC = (-0.32, 1.5, 1.95, -0.52, 2.37)

Cosine = Callable[[tuple[int, ...], tuple[int, ...]], "float | None"]


def explained(feats: Features, zs: Sequence[int], es: Sequence[int]) -> tuple[float, float, float, float, list[str]]:
    """Explained and total token weight on each side of a bead, and the shared words."""
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
            hits = [k for k in keys if k in zkeys]
            if not hits:
                continue
            e_hit.add((j, t))
            for k in hits:
                z_hit.update(zkeys[k])
            if not feats.en.tokens[j][t].startswith("§"):  # structural labels are not words
                shared.append(feats.en.surface[j][t])
    zw = sum(float(feats.zh.weights[i].sum()) for i in zs)
    ew = sum(float(feats.en.weights[j].sum()) for j in es)
    zx = sum(float(feats.zh.weights[i][t]) for i, t in z_hit)
    ex = sum(float(feats.en.weights[j][t]) for j, t in e_hit)
    return zx, zw, ex, ew, list(dict.fromkeys(shared))


def confidence(coverage: float, fit: float, nz: int, ne: int, cosine: float | None = None) -> float:
    """Probability-like confidence from lexical coverage, length fit and (when used) the cosine."""
    if cosine is None:
        a = CAL_LEXICAL
        x = a[0] + a[1] * coverage + a[2] * fit + a[3] * (nz + ne - 2)
    else:
        b = CAL_SEMANTIC
        x = b[0] + b[1] * coverage + b[2] * fit + b[3] * (nz + ne - 2) + b[4] * cosine
    return 1.0 / (1.0 + math.exp(-x))


def describe(feats: Features, raw: Sequence[RawBead], params: Params, mu: np.ndarray,
             pins: Set[tuple[int, int]] = frozenset(), structure: Set[tuple[int, int]] = frozenset(),
             cosine: Cosine | None = None) -> list[Bead]:
    """Turn raw beads into Beads with their evidence, a confidence and a reason."""
    out = []
    for zs, es in raw:
        if not zs or not es:
            what = "omission: no English counterpart" if zs else "addition: no Chinese counterpart"
            out.append(Bead(zs, es, 0.0, what))
            continue
        zx, zw, ex, ew, shared = explained(feats, zs, es)
        coverage = (zx + ex) / (zw + ew) if zw + ew > 0 else 0.0
        lz = float(sum(feats.zh.lengths[i] for i in zs))
        le = float(sum(feats.en.lengths[j] for j in es))
        fit = math.exp(-float(params.length_penalty(math.log(le / lz) - float(mu[zs[-1] + 1]), lz)))
        cos = cosine(zs, es) if cosine is not None else None
        conf = confidence(coverage, fit, len(zs), len(es), cos)
        words = ", ".join(shared[:6]) + ("…" if len(shared) > 6 else "")
        reason = f"lex {coverage:.2f}, len {fit:.2f}"
        if cos is not None:
            reason += f", sem {cos:.2f}"
        if words:
            reason += f"; shared: {words}"
        if any((p in zs and q in es) for p, q in pins):
            reason = "pinned; " + reason
            conf = max(conf, 0.99)
        elif any((p in zs and q in es) for p, q in structure):
            reason = "structure; " + reason
        out.append(Bead(zs, es, round(conf, 4), reason, coverage, fit, None if cos is None else round(cos, 4)))
    return out


def support(beads: Sequence[Bead]) -> float | None:
    """Mean lexical coverage of the paired beads (None without any)."""
    values = [b.coverage for b in beads if b.paired and b.coverage is not None]
    return sum(values) / len(values) if values else None
