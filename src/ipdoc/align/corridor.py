"""The search space of the dynamic programme: a connected monotone corridor.

DP row ``i`` (``i`` Chinese units consumed, ``0..nz``) holds the columns
``lo[i]..hi[i]`` (English units consumed, inclusive). Both bounds never decrease
and every row starts no later than the previous row ends (``lo[i] <= hi[i-1]``),
so a cell of row ``i`` is always reachable from row ``i - 1`` by an omission
(1-0) and the rest of the row by additions (0-1): whatever the anchors say, a
path from ``(0, 0)`` to ``(nz, ne)`` exists by construction. A steep stretch
(one Chinese unit against thousands of English ones) simply gets long rows.

Pins (units that must share a bead) cut the corridor: rows up to the pinned
Chinese unit end at the pinned English unit, later rows start after it, so every
path crosses the pin inside one bead. The cells are stored row after row in one
flat array (``start[i]`` is the first cell of row ``i``), so memory is the size of
the corridor, not of the whole matrix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class Corridor:
    """Per-row column bounds, which of them the search may widen, and the flat layout."""

    lo: np.ndarray  # int64 (nz + 1,): first column of each row
    hi: np.ndarray  # int64 (nz + 1,): last column of each row (inclusive; hi < lo: an empty row)
    soft_lo: np.ndarray  # bool (nz + 1,): lo is a limit of the search (not the text's edge or a pin)
    soft_hi: np.ndarray  # bool (nz + 1,)
    start: np.ndarray  # int64 (nz + 2,): flat index of each row's first cell; start[-1] is the size

    @property
    def nz(self) -> int:
        return len(self.lo) - 1

    @property
    def ne(self) -> int:
        return int(self.hi[-1])

    @property
    def cells(self) -> int:
        return int(self.start[-1])

    def width(self) -> np.ndarray:
        """Cells per row."""
        return np.maximum(self.hi - self.lo + 1, 0)

    def index(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """Flat index of cells ``(i, j)``; ``cells`` (one past the end) where outside."""
        i = np.asarray(i, dtype=np.int64)
        j = np.asarray(j, dtype=np.int64)
        ok = (i >= 0) & (i <= self.nz)
        ic = np.where(ok, i, 0)
        ok &= (j >= self.lo[ic]) & (j <= self.hi[ic])
        return np.where(ok, self.start[ic] + j - self.lo[ic], self.cells)

    def touches(self, path: Sequence[tuple[int, int]], margin: int = 1) -> bool:
        """Whether a path's vertices come within ``margin`` of a soft edge."""
        if not path:
            return False
        i = np.array([p[0] for p in path], dtype=np.int64)
        j = np.array([p[1] for p in path], dtype=np.int64)
        return bool(np.any(self.soft_lo[i] & (j - self.lo[i] < margin))
                    or np.any(self.soft_hi[i] & (self.hi[i] - j < margin)))


def build(lo: np.ndarray, hi: np.ndarray, ne: int, pins: Sequence[tuple[int, int]] = ()) -> Corridor:
    """A connected corridor holding at least the cells ``lo[i]..hi[i]`` of each row.

    Bounds are only ever widened to connect the rows (and to take in the cells the
    pins need); then the pins cut it.
    """
    nz = len(lo) - 1
    lo = np.clip(np.asarray(lo, dtype=np.int64), 0, ne).copy()
    hi = np.clip(np.asarray(hi, dtype=np.int64), 0, ne).copy()
    must = [(0, 0), (nz, ne)]
    for p, q in pins:
        must += [(p, q), (p + 1, q + 1)]
    for i, j in must:
        lo[i] = min(lo[i], j)
        hi[i] = max(hi[i], j)
    hi = np.maximum.accumulate(hi)
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    # every row starts no later than the previous one ends: connected by omissions
    lo[1:] = np.minimum(lo[1:], hi[:-1])
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    natural_lo, natural_hi = lo.copy(), hi.copy()
    for p, q in pins:
        hi[: p + 1] = np.minimum(hi[: p + 1], q)
        lo[p + 1:] = np.maximum(lo[p + 1:], q + 1)
    soft_lo = (lo > 0) & (lo == natural_lo)
    soft_hi = (hi < ne) & (hi == natural_hi)
    start = np.concatenate([[0], np.cumsum(np.maximum(hi - lo + 1, 0))]).astype(np.int64)
    return Corridor(lo, hi, soft_lo, soft_hi, start)


def around(center: np.ndarray, half: int, ne: int, pins: Sequence[tuple[int, int]] = ()) -> Corridor:
    """The corridor of ``half`` columns either side of a centre column per row."""
    c = np.round(np.asarray(center, dtype=np.float64)).astype(np.int64)
    return build(c - half, c + half, ne, pins)


def full(nz: int, ne: int, pins: Sequence[tuple[int, int]] = ()) -> Corridor:
    """Every cell of the matrix (for short stretches)."""
    return build(np.zeros(nz + 1, dtype=np.int64), np.full(nz + 1, ne, dtype=np.int64), ne, pins)


def path_center(raw: Sequence[tuple[tuple[int, ...], tuple[int, ...]]], nz: int) -> np.ndarray:
    """The column a bead path reaches at every DP row (interpolated inside beads)."""
    xs, ys = [0.0], [0.0]
    for zs, es in raw:
        if zs:
            xs.append(float(zs[-1] + 1))
            ys.append(float(es[-1] + 1) if es else ys[-1])
        elif es:
            ys[-1] = float(es[-1] + 1)
    return np.interp(np.arange(nz + 1, dtype=np.float64), xs, ys)


def vertices(raw: Sequence[tuple[tuple[int, ...], tuple[int, ...]]]) -> list[tuple[int, int]]:
    """The cells a bead path passes through, from (0, 0)."""
    i = j = 0
    out = [(0, 0)]
    for zs, es in raw:
        i += len(zs)
        j += len(es)
        out.append((i, j))
    return out
