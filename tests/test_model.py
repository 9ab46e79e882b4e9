from __future__ import annotations

import pytest

from ipdoc.model import Change, Edition, Text, Unit, tile


def test_tile_gives_gaps_and_units_in_order():
    units = [Unit("a", "sentence", 2, 4), Unit("b", "sentence", 5, 7)]
    assert tile(units, 9) == [(0, 2, None), (2, 4, "a"), (4, 5, None), (5, 7, "b"), (7, 9, None)]


def test_tile_refuses_overlap():
    with pytest.raises(ValueError):
        tile([Unit("a", "sentence", 0, 5), Unit("b", "sentence", 4, 7)], 9)


def test_line_col_is_one_based():
    t = Text("ab\ncd", "en")
    assert t.line_col(0) == (1, 1)
    assert t.line_col(4) == (2, 2)


def test_edition_maps_offsets_both_ways():
    src = Text("in 20 15 years", "en")
    out = Text("in 2015 years", "en")
    ch = Change("G002", 3, 8, 3, 7, "20 15", "2015", "joined")
    ed = Edition(src, out, (ch,))
    assert ed.to_edition(9) == 8  # 'y' of years
    assert ed.to_source(8) == 9
    assert ed.to_edition(4) == 3  # inside the change: its start
