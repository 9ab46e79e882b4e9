from __future__ import annotations

from lxml import etree

from ipdoc.xmlchars import is_xml_char, xml_safe


def test_is_xml_char_agrees_with_lxml_on_every_bmp_code_point():
    for o in range(0x10000):
        ch = chr(o)
        try:
            etree.Element("x").text = ch
            accepted = True
        except ValueError:
            accepted = False
        if 0xD800 <= o <= 0xDFFF or o in (0xFFFE, 0xFFFF):
            assert not is_xml_char(ch)  # lxml takes these through UTF-8 encoding errors instead
        else:
            assert is_xml_char(ch) == accepted, hex(o)


def test_xml_safe_shows_controls_as_their_pictures_and_keeps_everything_xml_allows():
    assert xml_safe("bell\x07 here") == "bell␇ here"
    assert xml_safe("tab\tline\nreturn\r") == "tab\tline\nreturn\r"
    assert xml_safe("\x00\x1f") == "␀␟"
    assert xml_safe("a\ud800b\ufffe\uffff") == "a\ufffdb\ufffd\ufffd"
    assert xml_safe("中文 “quotes” \U0001f600") == "中文 “quotes” \U0001f600"


def test_xml_safe_output_is_always_xml():
    text = "".join(chr(o) for o in range(0x40)) + "\ud800\ufffe"
    assert all(is_xml_char(ch) for ch in xml_safe(text))
