"""The best monotone path through a small grid: the dynamic programme shared by the
version diff (pairing units between anchors) and the clause alignment inside a
sentence pair.

A caller describes the moves that may leave a cell — ``(di, dj, gain, label)`` —
and gets back the path from ``(0, 0)`` to ``(n, m)`` with the highest total gain,
as the moves taken. Cells are visited row by row, so the cost is the number of
cells times the moves per cell; it is meant for grids of a few hundred a side
(the long-text aligner has its own banded, vectorised programme in ``align/dp``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

L = TypeVar("L")


@dataclass(frozen=True, slots=True)
class Move(Generic[L]):
    """One step of a path: from ``(i, j)`` to ``(i + di, j + dj)``."""

    i: int
    j: int
    di: int
    dj: int
    gain: float
    label: L


def best_path(n: int, m: int, moves: Callable[[int, int], Iterable[tuple[int, int, float, L]]]) -> list[Move[L]]:
    """The moves of the highest-gain monotone path from ``(0, 0)`` to ``(n, m)``.

    ``moves(i, j)`` yields ``(di, dj, gain, label)`` with ``di, dj >= 0`` and not both
    zero; moves leaving the grid are ignored. Raises ``ValueError`` when ``(n, m)``
    cannot be reached. Ties keep the move found first.
    """
    neg = float("-inf")
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: list[list[Move[L] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        row = best[i]
        for j in range(m + 1):
            here = row[j]
            if here == neg:
                continue
            for di, dj, gain, label in moves(i, j):
                if (di == 0 and dj == 0) or i + di > n or j + dj > m:
                    continue
                v = here + gain
                if v > best[i + di][j + dj]:
                    best[i + di][j + dj] = v
                    back[i + di][j + dj] = Move(i, j, di, dj, gain, label)
    if best[n][m] == neg:
        raise ValueError(f"no monotone path reaches ({n}, {m})")
    path: list[Move[L]] = []
    i, j = n, m
    while i or j:
        mv = back[i][j]
        assert mv is not None
        path.append(mv)
        i, j = mv.i, mv.j
    path.reverse()
    return path
