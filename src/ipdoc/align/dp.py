"""The banded dynamic programme: match masks, bead scores, fill, traceback.

Each stage is a pure function over numpy arrays:

1. ``pair_masks`` — for every Chinese unit ``r`` and English unit ``c`` inside the
   band, which tokens of each explain tokens of the other (two 64-bit masks).
2. ``bead_scores`` — for every bead type (a Chinese, b English units) and every
   cell of the band, the score of the bead ending there: the weight of the tokens
   it explains (a token counts once however many units of the bead explain it), a
   bonus per aligned bead, the log prior of its type and a length term.
3. ``fill`` and ``traceback`` — the best monotone path through the band.

The band is given as one offset per DP row (the first column of that row), so the
cost grows with the length of the text times the width of the band.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .features import Features, Side

#: Bead types: (Chinese units, English units). Deletions are (1, 0) and (0, 1).
BEAD_TYPES: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 2), (1, 4), (4, 1), (2, 3), (3, 2),
    (1, 5), (2, 4), (4, 2), (3, 3), (1, 0), (0, 1),
)

#: log prior of each type; a starting point that ``calibrate`` re-estimates per text
DEFAULT_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): -0.5, (1, 2): -1.6, (2, 1): -2.2, (1, 3): -2.7, (3, 1): -4.0, (2, 2): -4.1,
    (1, 4): -4.0, (4, 1): -6.0, (2, 3): -4.6, (3, 2): -5.2, (1, 5): -5.5, (2, 4): -6.0,
    (4, 2): -7.0, (3, 3): -6.3, (1, 0): -4.8, (0, 1): -5.5,
}


@dataclass(frozen=True, slots=True)
class Params:
    """Everything that changes a score; it goes into the reproducibility signature."""

    bonus: float = 30.0  # per aligned bead: more, smaller beads unless the words say otherwise
    lexical: float = 1.0  # per unit of explained token weight
    length_weight: float = 1.0
    length_sigma: float = 0.22  # spread of log(length_en / length_zh) in characters (tuned on MAC-Test halves)
    band: int = 30  # half-width of the band around the anchor path, in units
    learn: bool = True  # a second pass with word associations learned from the first
    split_unsupported: bool = True  # split unsupported edge units off as omissions/additions
    support: float = 0.0  # lexical coverage at which a pair earns the whole bonus (0: always)
    priors: dict[tuple[int, int], float] = field(default_factory=lambda: dict(DEFAULT_PRIORS))
    types: tuple[tuple[int, int], ...] = BEAD_TYPES

    def signature(self) -> str:
        return (f"bonus={self.bonus:g}/{self.support:g},lex={self.lexical:g},len={self.length_weight:g}/{self.length_sigma:g},"
                f"band={self.band},learn={'yes' if self.learn else 'no'},split={'yes' if self.split_unsupported else 'no'}")


NEG = -1e30


# --------------------------------------------------------------------------- masks


def _flat(side: Side) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every (unit, token bit, key) of a side as three arrays."""
    units, bits, keys = [], [], []
    for u, unit_keys in enumerate(side.keys):
        for t, ks in enumerate(unit_keys):
            n = len(ks)
            units.extend([u] * n)
            bits.extend([t] * n)
            keys.extend(ks)
    return (np.array(units, dtype=np.int64), np.array(bits, dtype=np.uint64), np.array(keys, dtype=np.int64))


def _zh_codes(side: Side, nkeys: int) -> tuple[np.ndarray, np.ndarray]:
    """Sorted codes ``unit * nkeys + key`` with the mask of the unit's tokens having that key."""
    units, bits, keys = _flat(side)
    if len(units) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    codes = units * nkeys + keys
    masks = np.left_shift(np.uint64(1), bits)
    order = np.argsort(codes, kind="stable")
    codes, masks = codes[order], masks[order]
    starts = np.flatnonzero(np.concatenate([[True], codes[1:] != codes[:-1]]))
    return codes[starts], np.bitwise_or.reduceat(masks, starts)


def _en_entries(side: Side) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return _flat(side)


def pair_masks(feats: Features, poff: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Masks for every (Chinese unit r, English unit poff[r] + x), x < width.

    ``mz[r, x]``: the tokens of Chinese unit r explained by that English unit;
    ``me[r, x]``: the tokens of the English unit explained by Chinese unit r.
    """
    nz = len(feats.zh.keys)
    mz = np.zeros((nz, width), dtype=np.uint64)
    me = np.zeros((nz, width), dtype=np.uint64)
    if nz == 0 or not feats.en.keys:
        return mz, me
    nkeys = max(1, len(feats.vocab))
    codes, zmasks = _zh_codes(feats.zh, nkeys)
    if len(codes) == 0:
        return mz, me
    cols, bits, keys = _en_entries(feats.en)
    if len(cols) == 0:
        return mz, me
    # rows whose band holds column c: poff[r] <= c < poff[r] + width
    rlo = np.searchsorted(poff + width, cols, side="right")
    rhi = np.searchsorted(poff, cols, side="right")
    counts = np.maximum(rhi - rlo, 0)
    flat_z = mz.reshape(-1)
    flat_e = me.reshape(-1)
    chunk = 200_000
    start = 0
    while start < len(cols):
        # expand entries by row in chunks of about a million pairs
        stop = start
        total = 0
        while stop < len(cols) and total < 1_000_000:
            total += int(counts[stop])
            stop += 1
            if stop - start >= chunk:
                break
        cnt = counts[start:stop]
        n = int(cnt.sum())
        if n:
            idx = np.repeat(np.arange(start, stop), cnt)
            first = np.repeat(np.cumsum(cnt) - cnt, cnt)
            rows = rlo[idx] + (np.arange(n) - first)
            code = rows * nkeys + keys[idx]
            pos = np.searchsorted(codes, code)
            pos[pos >= len(codes)] = len(codes) - 1
            hit = codes[pos] == code
            if hit.any():
                rows_h = rows[hit]
                flat = rows_h * width + (cols[idx][hit] - poff[rows_h])
                np.bitwise_or.at(flat_z, flat, zmasks[pos[hit]])
                np.bitwise_or.at(flat_e, flat, np.left_shift(np.uint64(1), bits[idx][hit]))
        start = stop
    return mz, me


# --------------------------------------------------------------------------- popcounts

_BITS = ((np.arange(256)[:, None] >> np.arange(8)[None, :]) & 1).astype(np.float32)  # (256, 8)


def pop_tables(side: Side, scale: float) -> np.ndarray:
    """Per unit, 8 tables of 256 entries: the weight of the tokens a mask byte selects."""
    n = len(side.weights)
    w = np.zeros((n, 64), dtype=np.float32)
    for i, ws in enumerate(side.weights):
        w[i, : len(ws)] = ws * scale
    # tables[i, p, v] = sum of w[i, 8p + b] for bits b set in v
    return np.einsum("vb,npb->npv", _BITS, w.reshape(n, 8, 8), optimize=True)


def popval(tables: np.ndarray, units: np.ndarray, masks: np.ndarray) -> np.ndarray:
    """Weighted popcount of ``masks`` under the tables of ``units`` (same shapes)."""
    out = np.zeros(masks.shape, dtype=np.float32)
    m = masks.copy()
    for p in range(8):
        out += tables[units, p, (m & np.uint64(255)).astype(np.intp)]
        m >>= np.uint64(8)
    return out


# --------------------------------------------------------------------------- scores


@dataclass(frozen=True, slots=True)
class Band:
    """DP row i covers columns ``off[i] .. off[i] + width - 1``; pairs are stored per
    Chinese unit r for columns ``poff[r] .. poff[r] + pwidth - 1``."""

    off: np.ndarray
    width: int
    poff: np.ndarray
    pwidth: int


def make_band(center: np.ndarray, half: int, ne: int, types=BEAD_TYPES) -> Band:
    """A monotone band around a centre path (one real column per DP row 0..nz)."""
    nz = len(center) - 1
    width = 2 * half + 1
    off = np.clip(np.round(center).astype(np.int64) - half, 0, max(0, ne + 1 - width))
    off = np.maximum.accumulate(off)
    off[0] = 0
    # the last row must reach column ne
    if off[-1] + width <= ne:
        off[-1] = ne - width + 1
        off = np.minimum.accumulate(off[::-1])[::-1]
    maxa = max(a for a, _ in types)
    maxb = max(b for _, b in types)
    step = int(max((off[i] - off[max(0, i - maxa)] for i in range(len(off))), default=0))
    poff = np.maximum(off[1:] - maxb - step, 0) if nz else np.zeros(0, dtype=np.int64)
    pwidth = width + 2 * maxb + 2 * step
    return Band(off, width, poff.astype(np.int64), pwidth)


def _row_offset(poff: np.ndarray, r: np.ndarray) -> np.ndarray:
    """``poff[r]``, and a huge offset (so every column is out of range) for rows outside."""
    ok = (r >= 0) & (r < len(poff))
    out = np.full(r.shape, 1 << 40, dtype=np.int64)
    out[ok] = poff[r[ok]]
    return out


def _gather(arr: np.ndarray, rows: np.ndarray, cols: np.ndarray, fill=0) -> np.ndarray:
    ok = (rows >= 0) & (rows < arr.shape[0]) & (cols >= 0) & (cols < arr.shape[1])
    out = np.full(rows.shape, fill, dtype=arr.dtype)
    out[ok] = arr[rows[ok], cols[ok]]
    return out


#: log(English characters / Chinese characters) of a typical translation, used
#: when a text has too few anchors to measure its own
PRIOR_RATIO = math.log(3.3)


def local_ratio(feats: Features, center: np.ndarray, anchors: list[tuple[int, int]], window: int = 40,
                spread: float = 0.4) -> np.ndarray:
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


def bead_scores(feats: Features, band: Band, params: Params, mz: np.ndarray, me: np.ndarray,
                mu: np.ndarray) -> dict[tuple[int, int], np.ndarray]:
    """Score of the bead of each type ending at every band cell (NEG where impossible)."""
    nz, ne = len(feats.zh.keys), len(feats.en.keys)
    tz = pop_tables(feats.zh, params.lexical)
    te = pop_tables(feats.en, params.lexical)
    rows = np.arange(nz + 1)[:, None]
    J = band.off[:, None] + np.arange(band.width)[None, :]  # absolute column of each cell
    types = params.types
    maxa = max(a for a, _ in types)
    maxb = max(b for _, b in types)
    cum_z = np.concatenate([[0.0], np.cumsum(feats.zh.lengths)])
    cum_e = np.concatenate([[0.0], np.cumsum(feats.en.lengths)])
    tot_z = np.concatenate([[0.0], np.cumsum([float(w.sum()) * params.lexical for w in feats.zh.weights])])
    tot_e = np.concatenate([[0.0], np.cumsum([float(w.sum()) * params.lexical for w in feats.en.weights])])

    # zv[b][r, x]: weight of Chinese unit r explained by English poff[r]+x-b .. poff[r]+x-1
    zv: dict[int, np.ndarray] = {}
    acc = np.zeros((nz, band.pwidth + 1), dtype=np.uint64)
    rz = np.arange(nz)[:, None] * np.ones((1, band.pwidth + 1), dtype=np.int64)
    for b in range(1, maxb + 1):
        shifted = np.zeros_like(acc)
        shifted[:, b:] = mz[:, : band.pwidth + 1 - b]
        acc = acc | shifted
        zv[b] = popval(tz, rz, acc)

    # ev[a][i, c]: weight of English unit c explained by Chinese units i-a .. i-1
    ev: dict[int, np.ndarray] = {}
    qwidth = band.width + maxb
    C = band.off[:, None] - maxb + np.arange(qwidth)[None, :]  # absolute columns c
    acc_e = np.zeros((nz + 1, qwidth), dtype=np.uint64)
    for a in range(1, maxa + 1):
        r = np.broadcast_to(rows - a, C.shape)
        acc_e = acc_e | _gather(me, r, C - _row_offset(band.poff, r))
        ev[a] = popval(te, np.clip(C, 0, max(0, ne - 1)), acc_e) * ((C >= 0) & (C < ne))
    ev_cum = {a: np.concatenate([np.zeros((nz + 1, 1), dtype=np.float64), np.cumsum(v, axis=1, dtype=np.float64)], axis=1)
              for a, v in ev.items()}

    out: dict[tuple[int, int], np.ndarray] = {}
    for (a, b) in types:
        valid = (rows >= a) & (J >= b) & (J <= ne) & (rows <= nz)
        score = np.full(J.shape, NEG, dtype=np.float64)
        if a == 0 or b == 0:
            score[valid] = params.priors[(a, b)]
            out[(a, b)] = score
            continue
        lex = np.zeros(J.shape, dtype=np.float64)
        for k in range(1, a + 1):
            r = np.broadcast_to(rows - k, J.shape)
            lex += _gather(zv[b], r, J - _row_offset(band.poff, r))
        # English units j-b .. j-1 sit at positions w+maxb-b .. w+maxb-1 of row i
        w = np.arange(band.width)[None, :] + maxb
        lex += ev_cum[a][np.arange(nz + 1)[:, None], w] - ev_cum[a][np.arange(nz + 1)[:, None], w - b]
        lz = cum_z[np.clip(rows, 0, nz)] - cum_z[np.clip(rows - a, 0, nz)]
        le = cum_e[np.clip(J, 0, ne)] - cum_e[np.clip(J - b, 0, ne)]
        with np.errstate(divide="ignore", invalid="ignore"):
            d = (np.log(np.maximum(le, 1.0) / np.maximum(lz, 1.0)) - mu[:, None]) / params.length_sigma
        # the bonus for pairing is earned by lexical support: a pair whose words find no
        # translation gets none, so leaving units unaligned can beat forcing them together
        tw = (tot_z[np.clip(rows, 0, nz)] - tot_z[np.clip(rows - a, 0, nz)]
              + tot_e[np.clip(J, 0, ne)] - tot_e[np.clip(J - b, 0, ne)])
        if params.support > 0:
            earned = np.clip(lex / np.maximum(tw, 1e-6) / params.support, 0.0, 1.0)
        else:
            earned = 1.0
        s = lex + params.bonus * earned + params.priors[(a, b)] - params.length_weight * d * d / 2
        score[valid] = s[valid]
        out[(a, b)] = score
    return out


# --------------------------------------------------------------------------- fill / traceback


def fill(scores: dict[tuple[int, int], np.ndarray], band: Band, ne: int,
         forbidden: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Best path values and back-pointers (index into the type list, -1 for none)."""
    types = list(scores)
    nrows = len(band.off)
    width = band.width
    dp = np.full((nrows, width), NEG, dtype=np.float64)
    back = np.full((nrows, width), -1, dtype=np.int16)
    score_rows = [scores[t] for t in types]
    ins = types.index((0, 1)) if (0, 1) in types else None
    p01 = scores[(0, 1)] if ins is not None else None
    for i in range(nrows):
        best = np.full(width, NEG, dtype=np.float64)
        arg = np.full(width, -1, dtype=np.int16)
        if i == 0:
            best[0 - band.off[0]] = 0.0 if band.off[0] == 0 else NEG
        for t, (a, b) in enumerate(types):
            if a == 0 or i - a < 0:
                continue
            # cell w of row i continues from cell w + shift of row i - a
            shift = int(band.off[i] - b - band.off[i - a])
            lo, hi = max(0, -shift), min(width, width - shift)
            if lo >= hi:
                continue
            cand = dp[i - a, lo + shift : hi + shift] + score_rows[t][i, lo:hi]
            seg = best[lo:hi]
            better = cand > seg
            seg[better] = cand[better]
            arg[lo:hi][better] = t
        if forbidden is not None:
            best[forbidden[i]] = NEG
        if ins is not None:
            # insertions run along the row: dp[w] = max(best[w], dp[w-1] + p), p constant
            # where allowed, so dp[w] = w*p + max over u <= w of (best[u] - u*p)
            allowed = p01[i] > NEG / 2
            run = best.copy()
            if allowed.any():
                p = float(p01[i][allowed][0])
                lo = int(np.argmax(allowed))
                seg = best[lo:]
                steps = np.arange(len(seg), dtype=np.float64)
                acc = np.maximum.accumulate(seg - steps * p) + steps * p
                took = acc > seg + 1e-9
                run[lo:] = acc
                arg[lo:][took] = ins
            if forbidden is not None:
                run[forbidden[i]] = NEG
            best = run
        dp[i] = best
        back[i] = arg
    return dp, back


def traceback(back: np.ndarray, band: Band, types: list[tuple[int, int]], nz: int, ne: int) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Beads of the best path from (0, 0) to (nz, ne)."""
    i, j = nz, ne
    out = []
    while i > 0 or j > 0:
        x = j - band.off[i]
        if not (0 <= x < band.width) or back[i, x] < 0:
            raise ValueError("no path through the band")
        a, b = types[back[i, x]]
        out.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    out.reverse()
    return out
