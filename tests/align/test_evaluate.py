from __future__ import annotations

import pytest

from ipdoc.align.evaluate import format_beads, parse_beads, score
from ipdoc.errors import InputError


def test_round_trip_of_the_index_format():
    text = "[0]:[0]\n[1,2]:[1]\n[]:[2]\n[3]:[]\n"
    beads = parse_beads(text)
    assert beads == [((0,), (0,)), ((1, 2), (1,)), ((), (2,)), ((3,), ())]
    assert format_beads(beads) == text


def test_bad_line_is_refused():
    with pytest.raises(InputError, match="line 2"):
        parse_beads("[0]:[0]\n0 -> 1\n")


def test_strict_and_lax_counts():
    gold = [((0,), (0,)), ((1,), (1, 2)), ((2,), ()), ((3,), (3,))]
    test = [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), ()), ((3,), (3,))]
    s = score([gold], [test])
    # precision over 5 test beads: strict hits [0]:[0], [2]:[], [3]:[3]; lax adds [1]:[1]
    assert s.strict.precision == pytest.approx(3 / 5)
    assert s.lax.precision == pytest.approx(4 / 5)
    # recall over the 3 gold beads with both sides: [0]:[0] and [3]:[3] strict; [1]:[1,2] lax
    assert s.strict.recall == pytest.approx(2 / 3)
    assert s.lax.recall == pytest.approx(1.0)


def test_counts_are_summed_over_documents():
    g1, t1 = [((0,), (0,))], [((0,), (0,))]
    g2, t2 = [((0,), (0,)), ((1,), (1,))], [((0, 1), (0, 1))]
    s = score([g1, g2], [t1, t2])
    assert s.strict.precision == pytest.approx(1 / 2)
    assert s.strict.recall == pytest.approx(1 / 3)
    assert s.lax.f1 == pytest.approx(1.0)
