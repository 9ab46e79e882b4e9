from __future__ import annotations

import itertools

import pytest

from ipdoc.monotone import best_path

STEPS = ((1, 0), (0, 1), (1, 1), (1, 2), (2, 1))


def _paths(n, m):
    """Every monotone path from (0, 0) to (n, m) over STEPS, by brute force."""
    if (n, m) == (0, 0):
        yield []
        return
    for di, dj in STEPS:
        if di <= n and dj <= m:
            for p in _paths(n - di, m - dj):
                yield [*p, (n - di, m - dj, di, dj)]


@pytest.mark.parametrize("n,m", [(0, 0), (1, 0), (0, 2), (2, 3), (3, 3), (4, 2)])
def test_best_path_is_the_brute_force_optimum(n, m):
    def gain(i, j, di, dj):
        return ((i * 7 + j * 3 + di * 5 + dj * 11) % 13) - 4.0

    def moves(i, j):
        for di, dj in STEPS:
            yield di, dj, gain(i, j, di, dj), (di, dj)

    path = best_path(n, m, moves)
    best = max(sum(gain(*step) for step in p) for p in _paths(n, m))
    assert sum(mv.gain for mv in path) == pytest.approx(best)
    # the path is connected, monotone and ends at (n, m)
    i = j = 0
    for mv in path:
        assert (mv.i, mv.j) == (i, j) and mv.label == (mv.di, mv.dj)
        i, j = i + mv.di, j + mv.dj
    assert (i, j) == (n, m)


def test_moves_leaving_the_grid_are_ignored_and_an_unreachable_end_raises():
    assert [mv.label for mv in best_path(1, 1, lambda i, j: [(2, 2, 9.0, "far"), (1, 1, 0.0, "one")])] == ["one"]
    with pytest.raises(ValueError, match="no monotone path"):
        best_path(2, 1, lambda i, j: [(1, 1, 0.0, "d")])


def test_ties_keep_the_first_move():
    path = best_path(1, 1, lambda i, j: itertools.chain([(1, 1, 1.0, "first"), (1, 1, 1.0, "second")]))
    assert [mv.label for mv in path] == ["first"]
