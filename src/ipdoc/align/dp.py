"""The dynamic programme over a corridor: bead scores, fill and traceback.

Each stage is a pure function over numpy arrays, run on the corridor's rows in
chunks so that only the corridor (a float and a byte per cell) is kept whole:

1. ``lexicon`` — the keys and token weights of both sides as flat arrays, once
   per pass.
2. ``chunk_scores`` — for every cell of a chunk and every bead type (a Chinese,
   b English units) the score of the bead ending there: the weight of the tokens
   it explains (a token counts once however many units of the bead explain it,
   found with 64-bit masks of which tokens each unit pair explains), a bonus per
   aligned bead earned by lexical support, the log prior of its type, a length
   term against the local English/Chinese ratio, a term per punctuation cue both
   sides hold and, when given, a semantic term.
3. ``fill`` and ``traceback`` — the best monotone path, every cell taking the
   best of its predecessors (one gather per row) and additions running along the
   row.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .corridor import Corridor
from .features import LAST_CUES, Features
from .params import Params

NEG = -1e30
#: cells scored at once (bounds the working memory of a chunk, not the result)
CHUNK_CELLS = 40_000
#: largest block of Chinese x English unit pairs whose vector dot products a chunk computes at once
CHUNK_BLOCK = 2_000_000

RawBead = tuple[tuple[int, ...], tuple[int, ...]]


class NoPath(ValueError):
    """The corridor holds no path (only possible when pins cannot be honoured)."""


# --------------------------------------------------------------------------- lexical arrays


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The lexical evidence of a pair of unit lists as flat arrays."""

    zcodes: np.ndarray  # sorted int64: Chinese unit * nkeys + key
    zmasks: np.ndarray  # uint64: the unit's tokens having that key
    ecols: np.ndarray  # int64 (sorted): the English unit of each (token, key) entry
    ebits: np.ndarray  # uint64: 1 << token position
    ekeys: np.ndarray  # int64: the key
    nkeys: int
    zw: np.ndarray  # float32 (nz, 64): token weights, scaled by Params.lexical
    ew: np.ndarray  # float32 (ne, 64)
    cum_len_z: np.ndarray  # float64 (nz + 1,): prefix sums of unit lengths
    cum_len_e: np.ndarray
    cum_w_z: np.ndarray  # float64 (nz + 1,): prefix sums of total token weight
    cum_w_e: np.ndarray
    cue_z: np.ndarray  # uint8 (nz,): punctuation cues per unit (features.CUES)
    cue_e: np.ndarray


def _entries(keys: tuple[tuple[tuple[int, ...], ...], ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every (unit, token position, key) of a side as three arrays, in unit order."""
    per_unit = np.array([len(unit_keys) for unit_keys in keys], dtype=np.int64)  # tokens
    per_token = np.array([len(token_keys) for unit_keys in keys for token_keys in unit_keys], dtype=np.int64)
    ks = np.array([k for unit_keys in keys for token_keys in unit_keys for k in token_keys], dtype=np.int64)
    starts = np.cumsum(per_unit) - per_unit
    position = np.arange(len(per_token), dtype=np.int64) - np.repeat(starts, per_unit)
    units = np.repeat(np.repeat(np.arange(len(keys), dtype=np.int64), per_unit), per_token)
    return units, np.repeat(position, per_token).astype(np.uint64), ks


def _weights(weights: tuple[np.ndarray, ...], scale: float) -> np.ndarray:
    out = np.zeros((len(weights), 64), dtype=np.float32)
    for i, w in enumerate(weights):
        out[i, : len(w)] = w * scale
    return out


def lexicon(feats: Features, scale: float = 1.0) -> Lexicon:
    """The flat arrays of a Features (token weights multiplied by ``scale``)."""
    nkeys = max(1, len(feats.vocab))
    units, bits, keys = _entries(feats.zh.keys)
    if len(units):
        codes = units * nkeys + keys
        masks = np.left_shift(np.uint64(1), bits)
        order = np.argsort(codes, kind="stable")
        codes, masks = codes[order], masks[order]
        first = np.flatnonzero(np.concatenate([[True], codes[1:] != codes[:-1]]))
        zcodes, zmasks = codes[first], np.bitwise_or.reduceat(masks, first)
    else:
        zcodes, zmasks = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    ecols, ebits, ekeys = _entries(feats.en.keys)
    zw, ew = _weights(feats.zh.weights, scale), _weights(feats.en.weights, scale)
    return Lexicon(zcodes, zmasks, ecols, np.left_shift(np.uint64(1), ebits), ekeys, nkeys, zw, ew,
                   np.concatenate([[0.0], np.cumsum(feats.zh.lengths)]),
                   np.concatenate([[0.0], np.cumsum(feats.en.lengths)]),
                   np.concatenate([[0.0], np.cumsum(zw.sum(axis=1, dtype=np.float64))]),
                   np.concatenate([[0.0], np.cumsum(ew.sum(axis=1, dtype=np.float64))]),
                   feats.zh.cues, feats.en.cues)


# --------------------------------------------------------------------------- pair masks


def pair_masks(lex: Lexicon, r0: int, plo: np.ndarray, phi: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Masks for Chinese units ``r0 + k`` against English units ``plo[k]..phi[k]``.

    Returns ``(pstart, mz, me)``: pair ``(r, c)`` is at ``pstart[r - r0] + c - plo[r - r0]``;
    ``mz`` holds the tokens of the Chinese unit that the English unit explains, ``me``
    the converse. One extra zero entry at the end serves pairs outside the ranges.
    ``plo`` and ``phi`` never decrease.
    """
    count = np.maximum(phi - plo + 1, 0)
    pstart = np.concatenate([[0], np.cumsum(count)]).astype(np.int64)
    n = int(pstart[-1])
    mz = np.zeros(n + 1, dtype=np.uint64)
    me = np.zeros(n + 1, dtype=np.uint64)
    if n == 0 or len(lex.zcodes) == 0 or len(lex.ecols) == 0:
        return pstart, mz, me
    # English entries in the columns of these rows
    a = int(np.searchsorted(lex.ecols, plo.min() if len(plo) else 0, side="left"))
    b = int(np.searchsorted(lex.ecols, phi.max() if len(phi) else -1, side="right"))
    if b <= a:
        return pstart, mz, me
    cols, bits, keys = lex.ecols[a:b], lex.ebits[a:b], lex.ekeys[a:b]
    # rows whose range holds column c: phi[k] >= c and plo[k] <= c
    klo = np.searchsorted(phi, cols, side="left")
    khi = np.searchsorted(plo, cols, side="right")
    cnt = np.maximum(khi - klo, 0)
    total = int(cnt.sum())
    if total == 0:
        return pstart, mz, me
    idx = np.repeat(np.arange(len(cols)), cnt)
    k = klo[idx] + (np.arange(total) - np.repeat(np.cumsum(cnt) - cnt, cnt))
    code = (k + r0) * lex.nkeys + keys[idx]
    pos = np.searchsorted(lex.zcodes, code)
    pos = np.minimum(pos, len(lex.zcodes) - 1)
    hit = lex.zcodes[pos] == code
    if hit.any():
        kh = k[hit]
        flat = pstart[kh] + cols[idx[hit]] - plo[kh]
        np.bitwise_or.at(mz, flat, lex.zmasks[pos[hit]])
        np.bitwise_or.at(me, flat, bits[idx[hit]])
    return pstart, mz, me


# --------------------------------------------------------------------------- weighted popcounts

_BITS = ((np.arange(256)[:, None] >> np.arange(8)[None, :]) & 1).astype(np.float32)  # (256, 8)
#: set bits of every byte
POPCOUNT = _BITS.sum(axis=1, dtype=np.float64)


def pop_tables(w: np.ndarray) -> np.ndarray:
    """Per unit, 8 tables of 256 entries: the weight of the tokens a mask byte selects (flattened)."""
    n = len(w)
    return np.einsum("vb,npb->npv", _BITS, w.reshape(n, 8, 8), optimize=True).reshape(-1)


def popval(tables: np.ndarray, units: np.ndarray, masks: np.ndarray) -> np.ndarray:
    """Weighted popcount of ``masks`` under the tables of ``units`` (local unit indices)."""
    out = np.zeros(masks.shape, dtype=np.float32)
    hit = np.flatnonzero(masks)  # most unit pairs share no word
    if len(hit) == 0:
        return out
    base = units[hit].astype(np.int64) * 2048
    m = masks[hit]
    acc = np.zeros(len(hit), dtype=np.float32)
    for p in range(8):
        acc += tables[base + p * 256 + (m & np.uint64(255)).astype(np.int64)]
        m = m >> np.uint64(8)
        if p % 2 == 1 and not m.any():
            break
    out[hit] = acc
    return out


# --------------------------------------------------------------------------- local length ratio

#: log(English characters / Chinese characters) of a typical translation, used
#: when a text has too few anchors to measure its own (the median over MAC-Test
#: and the shipped texts is 3.1-3.5; scripts/derive_align_constants.py)
PRIOR_RATIO = math.log(3.3)


#: rows on each side over which the local length ratio is read, and how far it may stray
#: from the anchors' median ratio (log units)
RATIO_WINDOW = 40
RATIO_SPREAD = 0.4


def local_ratio(feats: Features, center: np.ndarray, anchors: Sequence[tuple[int, int]], window: int = RATIO_WINDOW,
                spread: float = RATIO_SPREAD) -> np.ndarray:
    """log(English/Chinese characters) expected at each DP row.

    Read along the centre path over ``window`` rows on each side, so translators
    who expand more or less, or joined books, are each judged fairly; kept within
    ``spread`` of the median ratio of the anchor pairs (units tied by rare words,
    nearly always true pairs), so that a long omission, where the path gains few
    English characters, does not distort it. Texts with few anchors fall back on
    a typical ratio.
    """
    nz, ne = len(feats.zh.lengths), len(feats.en.lengths)
    cum_z = np.concatenate([[0.0], np.cumsum(feats.zh.lengths)])
    cum_e = np.concatenate([[0.0], np.cumsum(feats.en.lengths)])
    rows = np.arange(nz + 1)
    lo = np.clip(rows - window, 0, nz)
    hi = np.clip(rows + window, 0, nz)
    lo = np.where(hi - lo < 2 * window, np.clip(hi - 2 * window, 0, nz), lo)
    hi = np.where(hi - lo < 2 * window, np.clip(lo + 2 * window, 0, nz), hi)
    e_at = np.interp(center, np.arange(ne + 1), cum_e)
    path = np.log(np.maximum(e_at[hi] - e_at[lo], 1.0) / np.maximum(cum_z[hi] - cum_z[lo], 1.0))
    ratios = [math.log(feats.en.lengths[j] / feats.zh.lengths[i]) for i, j in anchors
              if feats.zh.lengths[i] >= 4 and feats.en.lengths[j] >= 4]
    ratios += [PRIOR_RATIO] * max(0, 5 - len(ratios))
    mid = float(np.median(ratios))
    return np.clip(path, mid - spread, mid + spread)


def balance(feats: Features, anchors: Sequence[tuple[int, int]]) -> float:
    """English characters against what the Chinese warrants at the anchors' median length ratio."""
    ratios = [math.log(feats.en.lengths[j] / feats.zh.lengths[i]) for i, j in anchors
              if feats.zh.lengths[i] >= 4 and feats.en.lengths[j] >= 4]
    if len(ratios) < 5 or not len(feats.zh.lengths):
        return 1.0
    expected = float(feats.zh.lengths.sum()) * math.exp(float(np.median(ratios)))
    return float(feats.en.lengths.sum()) / expected


# --------------------------------------------------------------------------- scores


@dataclass(frozen=True, slots=True)
class Vectors:
    """Sentence vectors of both sides for the semantic term (see ``semantic``)."""

    z: np.ndarray  # float32 (nz, d), centred
    e: np.ndarray  # float32 (ne, d), centred
    zn: np.ndarray  # float64 (maxa + 1, nz + 1): norm of the sum of units i-a..i-1
    en: np.ndarray  # float64 (maxb + 1, ne + 1)
    # k -> float32 (nz + 1, d): row i, the centred length-1 vector of units i-k..i-1 embedded
    # whole (k = 1: the unit's own); empty when no windows were embedded
    zw: dict[int, np.ndarray] = field(default_factory=dict)
    ew: dict[int, np.ndarray] = field(default_factory=dict)


def _chunks(corr: Corridor, maxa: int, maxb: int, with_block: bool) -> list[tuple[int, int]]:
    """Row ranges ``[i0, i1)`` of at most CHUNK_CELLS cells (and CHUNK_BLOCK unit pairs)."""
    out = []
    nrows = corr.nz + 1
    i0 = 0
    while i0 < nrows:
        i1 = i0 + 1
        while i1 < nrows:
            cells = int(corr.start[i1 + 1] - corr.start[i0])
            if cells > CHUNK_CELLS:
                break
            if with_block:
                span = int(corr.hi[i1] - corr.lo[i0]) + maxb + 1
                if (i1 + 1 - i0 + maxa) * span > CHUNK_BLOCK:
                    break
            i1 += 1
        out.append((i0, i1))
        i0 = i1
    return out


def chunk_scores(lex: Lexicon, corr: Corridor, params: Params, mu: np.ndarray, i0: int, i1: int,
                 types: Sequence[tuple[int, int]], vec: Vectors | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Scores ``(cells, len(types))`` of the beads ending at the cells of rows ``i0..i1-1``,
    and the flat index of each bead's starting cell (``corr.cells`` where impossible).

    Token weights are counted on unit pairs first: for Chinese unit r and English
    unit c, ``wz[b]`` is the weight of r's tokens explained by English units
    ``c-b+1..c`` and ``we[a]`` the weight of c's tokens explained by Chinese units
    ``r-a+1..r``; a bead (a, b) ending at cell (i, j) adds up ``wz[b]`` of its
    Chinese units at column j-1 and ``we[a]`` of its English units at row i-1.
    """
    nz, ne = corr.nz, corr.ne
    c0, c1 = int(corr.start[i0]), int(corr.start[i1])
    n = c1 - c0
    ri = np.repeat(np.arange(i0, i1, dtype=np.int64), corr.width()[i0:i1])
    cj = corr.lo[ri] + (np.arange(c0, c1, dtype=np.int64) - corr.start[ri])
    maxa = max(a for a, _ in types)
    maxb = max(b for _, b in types)
    scores = np.full((n, len(types)), NEG, dtype=np.float64)
    preds = np.full((n, len(types)), corr.cells, dtype=np.int64)
    if n == 0:
        return scores, preds
    # Chinese units r0..r1-1 against English units plo..phi: every pair a bead ending here can hold
    r0, r1 = max(0, i0 - maxa), max(min(nz, i1 - 1), max(0, i0 - maxa))
    rr = np.arange(r0, r1, dtype=np.int64)
    plo = np.maximum(corr.lo[np.minimum(rr + 1, nz)] - maxb, 0)
    phi = np.maximum(np.minimum(corr.hi[np.minimum(rr + maxa, nz)] - 1, ne - 1), plo - 1)
    pstart, mz, me = pair_masks(lex, r0, plo, phi)
    npairs = len(mz) - 1
    pr = np.repeat(np.arange(r1 - r0, dtype=np.int64), np.maximum(phi - plo + 1, 0))  # local Chinese unit
    pc = plo[pr] + (np.arange(npairs, dtype=np.int64) - pstart[pr])  # English unit
    cmin = int(plo.min()) if npairs else 0
    cmax = int(phi.max()) if npairs else -1

    def at(r: np.ndarray, c: np.ndarray) -> np.ndarray:
        """Pair index of (local Chinese unit r, English unit c); the zero entry outside."""
        ok = (r >= 0) & (r < r1 - r0)
        rc = np.where(ok, r, 0)
        if r1 > r0:
            ok &= (c >= plo[rc]) & (c <= phi[rc])
            return np.where(ok, pstart[rc] + c - plo[rc], npairs)
        return np.full(r.shape, npairs, dtype=np.int64)

    tz = pop_tables(lex.zw[r0:r1]) if r1 > r0 else np.zeros(2048, dtype=np.float32)
    te = pop_tables(lex.ew[cmin:cmax + 1]) if cmax >= cmin else np.zeros(2048, dtype=np.float32)
    wz: dict[int, np.ndarray] = {}
    acc = np.zeros(npairs + 1, dtype=np.uint64)
    for b in range(1, maxb + 1):
        acc = acc | mz[np.append(at(pr, pc - (b - 1)), npairs)]
        wz[b] = popval(tz, np.append(pr, 0), acc)
    we: dict[int, np.ndarray] = {}
    acc = np.zeros(npairs + 1, dtype=np.uint64)
    for a in range(1, maxa + 1):
        acc = acc | me[np.append(at(pr - (a - 1), pc), npairs)]
        we[a] = popval(te, np.append(pc - cmin, 0), acc)
    dots: dict[int, np.ndarray] = {}
    if vec is not None and npairs:
        block = vec.z[r0:r1] @ vec.e[cmin:cmax + 1].T
        g = np.append(block[pr, pc - cmin].astype(np.float64), 0.0)
        run = np.zeros(npairs + 1, dtype=np.float64)
        for b in range(1, maxb + 1):
            run = run + g[np.append(at(pr, pc - (b - 1)), npairs)]
            dots[b] = run

    # per cell: the pairs (i-t, j-1) and (i-1, j-s)
    zcell = {t: at(ri - t - r0, cj - 1) for t in range(1, maxa + 1)}
    ecell = {s: at(ri - 1 - r0, cj - s) for s in range(1, maxb + 1)}
    zsum: dict[tuple[int, int], np.ndarray] = {}  # (a, b): sum over t <= a of wz[b] at (i-t, j-1)
    esum: dict[tuple[int, int], np.ndarray] = {}  # (a, b): sum over s <= b of we[a] at (i-1, j-s)
    dsum: dict[tuple[int, int], np.ndarray] = {}

    jlo, jhi = int(cj.min()), int(cj.max())  # the chunk's columns
    zcue: dict[int, np.ndarray] = {}  # a: per cell, the cues of Chinese units i-a..i-1
    ecue: dict[int, np.ndarray] = {}  # b: per cell, the cues of English units j-b..j-1

    def summed(store, key, k, step, values):
        if key not in store:
            prev = store[step] if k > 1 else 0.0
            store[key] = prev + values
        return store[key]

    for col, (a, b) in enumerate(types):
        ok = (a <= ri) & (b <= cj)
        pred = corr.index(np.where(ok, ri - a, -1), cj - b)
        preds[:, col] = pred
        valid = ok & (pred < corr.cells)
        if a == 0 or b == 0:
            scores[valid, col] = params.priors[(a, b)]
            continue
        for t in range(1, a + 1):
            summed(zsum, (t, b), t, (t - 1, b), wz[b][zcell[t]])
        for s_ in range(1, b + 1):
            summed(esum, (a, s_), s_, (a, s_ - 1), we[a][ecell[s_]])
        lexical = zsum[(a, b)] + esum[(a, b)]
        lz = lex.cum_len_z[ri] - lex.cum_len_z[np.maximum(ri - a, 0)]
        le = lex.cum_len_e[cj] - lex.cum_len_e[np.maximum(cj - b, 0)]
        d = np.log(np.maximum(le, 1.0) / np.maximum(lz, 1.0)) - mu[ri]
        s = lexical + (params.priors[(a, b)] - params.length_weight * params.length_penalty(d, lz))
        if params.support > 0:
            # the bonus for pairing is earned by lexical support: a pair whose words find no
            # translation gets none, so leaving units unaligned can beat forcing them together
            tw = (lex.cum_w_z[ri] - lex.cum_w_z[np.maximum(ri - a, 0)]
                  + lex.cum_w_e[cj] - lex.cum_w_e[np.maximum(cj - b, 0)])
            s = s + params.bonus * np.clip(lexical / np.maximum(tw, 1e-6) / params.support, 0.0, 1.0)
        else:
            s = s + params.bonus
        if params.cues:
            # punctuation cues both sides of the bead hold (a question for a question; a
            # quotation ending with its last unit on both sides)
            if a not in zcue:
                zcue[a] = _window_cues(lex.cue_z, i0, i1, a)[ri - i0]
            if b not in ecue:
                ecue[b] = _window_cues(lex.cue_e, jlo, jhi + 1, b)[cj - jlo]
            s = s + params.cues * POPCOUNT[zcue[a] & ecue[b]]
        if vec is not None and dots:
            for t in range(1, a + 1):
                summed(dsum, (t, b), t, (t - 1, b), dots[b][zcell[t]])
            norm = vec.zn[a, ri] * vec.en[b, cj]
            cos = np.where(norm > 0, dsum[(a, b)] / np.maximum(norm, 1e-12), 0.0)
            if a + b > 2 and a in vec.zw and b in vec.ew:
                # a bead of several units: mostly the cosine of its sides embedded whole
                # (rows x columns of the chunk, bounded like the units' block above, not cells x d)
                block = vec.zw[a][i0:i1] @ vec.ew[b][jlo:jhi + 1].T
                whole = block[ri - i0, cj - jlo].astype(np.float64)
                cos = params.semantic_whole * whole + (1.0 - params.semantic_whole) * cos
            s = s + params.semantic * (cos - params.semantic_base)
        scores[valid, col] = s[valid]
    return scores, preds


def _window_cues(cues: np.ndarray, k0: int, k1: int, n: int) -> np.ndarray:
    """For rows (or columns) ``k0..k1-1``, the cues of the ``n`` units ending there (the
    last-unit cues from the last unit alone)."""
    if not len(cues):
        return np.zeros(k1 - k0, dtype=np.uint8)
    k = np.arange(k0, k1)
    out = cues[np.maximum(k - 1, 0)].copy()
    for t in range(2, n + 1):
        out |= cues[np.maximum(k - t, 0)] & ~np.uint8(LAST_CUES)
    return out


# --------------------------------------------------------------------------- fill / traceback


def fill(lex: Lexicon, corr: Corridor, params: Params, mu: np.ndarray,
         vec: Vectors | None = None) -> tuple[np.ndarray, np.ndarray, list[tuple[int, int]]]:
    """Best path values and back-pointers (index into the type list, -1: none) of every cell."""
    types = [t for t in params.types if t != (0, 1)]
    allt = [*types, (0, 1)]
    maxa = max(a for a, _ in allt)
    maxb = max(b for _, b in allt)
    dp = np.full(corr.cells + 1, NEG, dtype=np.float64)
    back = np.full(corr.cells, -1, dtype=np.int8)
    ins = float(params.priors[(0, 1)]) if (0, 1) in params.types else None
    for i0, i1 in _chunks(corr, maxa, maxb, vec is not None):
        scores, preds = chunk_scores(lex, corr, params, mu, i0, i1, types, vec)
        c0 = int(corr.start[i0])
        for i in range(i0, i1):
            k0, k1 = int(corr.start[i]), int(corr.start[i + 1])
            if k1 <= k0:
                continue
            cand = dp[preds[k0 - c0: k1 - c0]] + scores[k0 - c0: k1 - c0]
            arg = np.argmax(cand, axis=1).astype(np.int8)
            best = cand[np.arange(k1 - k0), arg]
            arg[best <= NEG / 2] = -1
            if i == 0 and corr.lo[0] == 0:
                best[0] = 0.0
                arg[0] = -1
            if ins is not None:
                # additions run along the row: dp[w] = max(best[w], dp[w-1] + p), so
                # dp[w] = w*p + max over u <= w of (best[u] - u*p)
                steps = np.arange(k1 - k0, dtype=np.float64) * ins
                run = np.maximum.accumulate(best - steps) + steps
                took = run > best + 1e-9
                arg[took] = len(types)
                best = np.where(took, run, best)
            dp[k0:k1] = best
            back[k0:k1] = arg
    return dp, back, allt


def traceback(back: np.ndarray, corr: Corridor, types: Sequence[tuple[int, int]]) -> list[RawBead]:
    """Beads of the best path from (0, 0) to (nz, ne)."""
    i, j = corr.nz, corr.ne
    out = []
    lo, hi, start = corr.lo, corr.hi, corr.start
    while i > 0 or j > 0:
        if not lo[i] <= j <= hi[i] or back[start[i] + j - lo[i]] < 0:
            raise NoPath("no path through the corridor")
        a, b = types[back[start[i] + j - lo[i]]]
        out.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    out.reverse()
    return out


def search(lex: Lexicon, corr: Corridor, params: Params, mu: np.ndarray, vec: Vectors | None = None) -> list[RawBead]:
    """The best bead path through a corridor."""
    _dp, back, types = fill(lex, corr, params, mu, vec)
    return traceback(back, corr, types)
