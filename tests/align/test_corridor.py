from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ipdoc.align import corridor as cor


def _reachable(c: cor.Corridor) -> set[tuple[int, int]]:
    """Cells reachable from (0, 0) by omissions (1-0), additions (0-1) and 1-1 steps inside the corridor."""
    inside = {(i, j) for i in range(c.nz + 1) for j in range(int(c.lo[i]), int(c.hi[i]) + 1)}
    seen = {(0, 0)} if (0, 0) in inside else set()
    for i in range(c.nz + 1):
        for j in range(int(c.lo[i]), int(c.hi[i]) + 1):
            if (i, j) in seen:
                continue
            if (i - 1, j) in seen or (i, j - 1) in seen or (i - 1, j - 1) in seen:
                seen.add((i, j))
    return seen


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 25), st.integers(0, 25), st.data())
def test_any_centre_gives_a_connected_monotone_corridor(nz, ne, data):
    center = np.array(data.draw(st.lists(st.floats(-30, 60), min_size=nz + 1, max_size=nz + 1)))
    half = data.draw(st.integers(0, 4))
    c = cor.around(center, half, ne)
    assert np.all(np.diff(c.lo) >= 0) and np.all(np.diff(c.hi) >= 0)
    assert c.lo[0] == 0 and c.hi[-1] == ne
    assert np.all(c.lo[1:] <= c.hi[:-1])  # every row overlaps the previous one
    assert c.cells == int(np.sum(c.hi - c.lo + 1))
    assert (nz, ne) in _reachable(c)


def test_steep_stretch_gets_a_long_row():
    c = cor.around(np.array([0.0, 3000.0]), 2, 3000)
    assert c.lo.tolist() == [0, 2] and c.hi.tolist() == [2, 3000]


def test_pins_cut_the_corridor():
    c = cor.full(4, 4, pins=[(1, 2)])
    # rows up to the pinned Chinese unit end at the pinned English unit; later rows start after it
    assert c.hi[:2].tolist() == [2, 2] and c.lo[2:].tolist() == [3, 3, 3]
    assert not c.soft_hi[1] and not c.soft_lo[2]


def test_index_and_edges():
    c = cor.around(np.array([0.0, 1.0, 2.0, 3.0]), 1, 3)
    assert int(c.index(np.array(0), np.array(0))) == 0
    assert int(c.index(np.array(3), np.array(0))) == c.cells  # outside
    assert not c.touches([(0, 0), (1, 0)])  # row 1 starts at column 0: the text's edge, not the corridor's
    assert c.touches([(0, 0), (1, 2)])  # row 1 ends at column 2, a limit of the search
    inner = cor.around(np.array([0.0, 5.0, 10.0, 15.0, 20.0]), 3, 20)
    assert not inner.touches([(0, 0), (1, 5), (2, 10), (3, 15), (4, 20)])
    assert inner.touches([(0, 0), (1, 5), (2, 7)])


def test_path_centre_and_vertices():
    raw = [((0,), (0, 1)), ((1, 2), (2,)), ((3,), ()), ((), (3,))]
    assert cor.vertices(raw) == [(0, 0), (1, 2), (3, 3), (4, 3), (4, 4)]
    assert cor.path_center(raw, 4).tolist() == [0.0, 2.0, 2.5, 3.0, 4.0]
