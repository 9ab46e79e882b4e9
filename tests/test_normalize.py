from __future__ import annotations

import pytest

from ipdoc.normalize import view


def test_full_width_and_spaces_fold_and_map_back():
    src = "ＩＳＯ\u00a0标准，２０１５年\r\nEnd"
    v = view(src, "alnum")
    assert v.text == "ISO 标准，2015年\nEnd"
    k = v.text.index("2015")
    assert v.source_text(k, k + 4) == "２０１５"
    assert v.source_text(v.text.index("\n"), v.text.index("\n") + 1) == "\r\n"
    assert view(src, "all").text == "ISO 标准,2015年\nEnd"
    assert view(src, "none").text == "ＩＳＯ\u00a0标准，２０１５年\nEnd"


def test_every_view_character_comes_from_its_source_span():
    src = "Ａ\u3000b\r\nc\rd，ｅ"
    v = view(src)
    assert len(v.offsets) == len(v.text) + 1
    for i in range(len(v.text)):
        piece = v.source_text(i, i + 1)
        assert view(piece).text == v.text[i]


@pytest.mark.parametrize(("fold", "expected"), [
    ("all", "A1!,()   x\n\ny"),
    ("alnum", "A1！，（）   x\n\ny"),
    ("none", "Ａ１！，（）\u3000\u00a0\u2009x\n\ny"),
])
def test_fold_modes(fold, expected):
    assert view("Ａ１！，（）\u3000\u00a0\u2009x\r\r\ny", fold).text == expected


def test_only_the_full_width_ascii_block_folds():
    assert view("～！｟", "all").text == "~!｟"  # U+FF5E folds, U+FF5F (a white parenthesis) does not


def test_a_crlf_is_one_view_character_for_two_source_characters():
    v = view("a\r\nb")
    assert v.text == "a\nb"
    assert v.offsets == (0, 1, 3, 4)
    assert v.to_source(1, 2) == (1, 3)
    assert v.to_source(0, 3) == (0, 4)
    assert v.source_text(2, 3) == "b"


def test_an_empty_source_has_an_empty_view():
    v = view("")
    assert (v.text, v.offsets, v.to_source(0, 0)) == ("", (0,), (0, 0))
