from __future__ import annotations

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
