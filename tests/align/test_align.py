from __future__ import annotations

import pytest

from ipdoc.align import Params, align_units
from ipdoc.errors import InputError

ZH = [
    "陈清扬当时二十六岁，在山上当医生。",
    "有一天她从山上下来，和我讨论问题。",
    "我不认识她。",
    "后来我们成了朋友，常常一起去河边散步，讨论很多问题。",
    "那年秋天下了很大的雨。",
]
EN = [
    "Chen Qingyang was twenty-six, a doctor up the mountain.",
    "One day she came down the mountain to discuss a problem with me.",
    "I did not know her.",
    "Later we became friends.",
    "We often walked by the river together and discussed many problems.",
    "It rained heavily that autumn.",
]


def _pairs(beads):
    return [(b.zh, b.en) for b in beads]


def test_one_to_one_and_one_to_two():
    beads = align_units(ZH, EN)
    assert _pairs(beads) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3, 4)), ((4,), (5,))]
    for b in beads:
        assert 0.0 <= b.score <= 1.0 and b.reason
    assert "Chen" in beads[0].reason or "Qingyang" in beads[0].reason


def test_numbers_and_names_anchor():
    beads = align_units(["他二十一岁。", "陈清扬来了。"], ["He was twenty-one.", "Chen Qingyang came."])
    assert _pairs(beads) == [((0,), (0,)), ((1,), (1,))]
    assert "twenty" in beads[0].reason.lower() or "21" in beads[0].reason


def test_pins_are_respected():
    beads = align_units(ZH, EN, pins=[(3, 3)])
    assert any(3 in b.zh and 3 in b.en for b in beads)
    forced = align_units(ZH, EN, pins=[(2, 3)])
    bead = next(b for b in forced if 2 in b.zh)
    assert 3 in bead.en and bead.reason.startswith("pinned")


@pytest.mark.parametrize("pins, message", [([(9, 0)], "out of range"), ([(1, 3), (3, 1)], "cross")])
def test_bad_pins(pins, message):
    with pytest.raises(InputError, match=message):
        align_units(ZH, EN, pins=pins)


def test_empty_sides():
    assert [(b.zh, b.en) for b in align_units([], ["One.", "Two."])] == [((), (0,)), ((), (1,))]
    assert [(b.zh, b.en) for b in align_units(["一。"], [])] == [((0,), ())]


def test_without_second_pass_or_splitting():
    beads = align_units(ZH, EN, Params(learn=False, split_unsupported=False))
    assert _pairs(beads)[0] == ((0,), (0,))
