from __future__ import annotations

import pytest

from ipdoc.model import AlignedPair, Applicability, Bead, Change, Document, Edition, Severity, Text, Unit, tile


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


# --------------------------------------------------------------------------- the aligned pair


def _pair(beads):
    zh = Document(Text("甲。乙。丙。", "zh"), (Unit("s0", "sentence", 0, 2), Unit("s1", "sentence", 2, 4),
                                             Unit("s2", "sentence", 4, 6)))
    en = Document(Text("A one.  B two. C three.", "en"), (Unit("s0", "sentence", 0, 6), Unit("s1", "sentence", 8, 14),
                                                       Unit("s2", "sentence", 15, 23)))
    return AlignedPair(zh, en, "sentence", tuple(beads))


def test_aligned_pair_reads_beads_through_its_units():
    pair = _pair([Bead((0,), (0,), 0.9), Bead((1, 2), (1,), 0.5), Bead((), (2,))])
    b = pair.beads[1]
    assert pair.texts(b, "zh") == ["乙。", "丙。"] and pair.text(b, "zh") == "乙。 丙。"
    assert pair.ids(b, "zh") == ["s1", "s2"] and pair.span(b, "zh") == (2, 6)
    assert pair.spans(b, "en") == ((8, 14),)
    assert pair.span(pair.beads[2], "zh") is None and pair.beads[2].label == "addition"
    assert [x.kind for x in pair.paired()] == ["1-1", "2-1"]
    assert pair.bead_of("zh", 2) is b and pair.bead_index("en", 2) == 2
    assert pair.locate("en", 10) is b and pair.locate("en", 7) is None  # between units
    assert pair.unit_at("zh", 4) == 2
    assert pair.mean_score() == pytest.approx(0.7)
    assert pair.to_beads() == "[0]:[0]\n[1,2]:[1]\n[]:[2]\n"


def test_aligned_pair_refuses_beads_past_the_last_unit():
    with pytest.raises(ValueError, match="points past"):
        _pair([Bead((0,), (3,))])


def test_bead_evidence_does_not_count_for_equality():
    assert Bead((0,), (0,), 0.5, "r", coverage=0.3) == Bead((0,), (0,), 0.5, "r")


def test_severity_has_one_order_and_applicability_one_precedence():
    assert [s.value for s in sorted(Severity, key=lambda s: s.rank)] == ["info", "warning", "error"]
    assert Severity.ERROR.at_least("warning") and not Severity.INFO.at_least(Severity.WARNING)
    assert Severity("error") == "error"  # string enums compare and serialise as their values
    order = sorted(Applicability, key=lambda a: a.order)
    assert order == [Applicability.EDITOR, Applicability.SAFE, Applicability.SUGGESTED]


def test_line_and_column_of_every_offset():
    from ipdoc.model import Text

    content = "ab\ncd\n\nef"
    text = Text(content, "en")
    for offset in range(len(content) + 1):
        line = content.count("\n", 0, offset) + 1
        assert text.line_col(offset) == (line, offset - content.rfind("\n", 0, offset))
