from __future__ import annotations

import codecs
import os

import pytest

from ipdoc.errors import InputError
from ipdoc.read import decode, detect_lang, read_text, text_from_bytes

ZH = "国务院关于积极推进数据共享的意见。各地区要认真贯彻执行。"
EN = "The State Council issued opinions on data sharing. All regions shall implement them."


@pytest.mark.parametrize(
    "data, name",
    [
        (ZH.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ZH.encode("utf-8"), "utf-8 (BOM)"),
        (codecs.BOM_UTF16_LE + ZH.encode("utf-16-le"), "utf-16-le (BOM)"),
        (codecs.BOM_UTF16_BE + ZH.encode("utf-16-be"), "utf-16-be (BOM)"),
        (ZH.encode("gb2312"), "gb2312"),
        (("镕" + ZH).encode("gbk"), "gbk"),
        (("𠀀" + ZH).encode("gb18030"), "gb18030"),
    ],
)
def test_decode_chinese_encodings(data, name):
    text, used = decode(data)
    assert used == name
    assert text.endswith(ZH)
    assert not text.startswith("\ufeff")


def test_decode_utf16_without_bom_english():
    text, used = decode(EN.encode("utf-16-le"))
    assert text == EN and used == "utf-16-le"


def test_decode_latin1_falls_back_to_detector():
    data = "Café au lait, déjà vu, naïve façade and résumé again and again.".encode("latin-1")
    text, used = decode(data)
    assert "Café" in text and used not in ("utf-8", "gb18030")


def test_crlf_and_nbsp_are_kept_exactly():
    raw = "Line one.\r\nLine\u00a0two.\r\n"
    t = text_from_bytes(raw.encode("utf-8"), "x.txt")
    assert t.content == raw


def test_language_by_script():
    assert detect_lang(ZH) == "zh"
    assert detect_lang(EN) == "en"
    assert detect_lang("12345 ... !!!") is None


def test_swapped_arguments_are_caught(tmp_path):
    p = tmp_path / "a.en.txt"
    p.write_text(ZH, encoding="utf-8")
    with pytest.raises(InputError, match="expected English but the text is Chinese"):
        read_text(p, lang="en")


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (b"%PDF-1.7 binary", "binary file"),
        (b"\x00\x01\x02\x03" * 50, "binary file"),
        ("Привет мир, это русский текст.".encode(), "no Chinese or English text"),
    ],
)
def test_bad_text_inputs(tmp_path, content, message):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_text(p)


def test_missing_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_text(tmp_path)


def _docx(path, paragraphs):
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    table = d.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "Cell text."
    d.save(path)


def test_docx_paragraphs_in_order(tmp_path):
    p = tmp_path / "t.docx"
    _docx(p, ["First paragraph.", "二、重点任务 is mixed.", "Last paragraph."])
    t = read_text(p)
    assert t.format == "docx" and t.encoding == "docx"
    assert t.content.splitlines() == ["First paragraph.", "二、重点任务 is mixed.", "Last paragraph.", "Cell text."]


def test_truncated_docx_is_refused(tmp_path):
    p = tmp_path / "t.docx"
    _docx(p, ["Some text here."])
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="truncated or corrupt DOCX"):
        read_text(p)


def test_zip_that_is_not_docx(tmp_path):
    import zipfile

    p = tmp_path / "t.docx"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match=r"without word/document\.xml"):
        read_text(p)


def test_html_main_text_without_scripts(tmp_path):
    page = """<!DOCTYPE html><html><head><meta charset="gb2312"><title>t</title>
    <script>var x = "不要这个";</script><style>p{color:red}</style></head>
    <body><div class="nav"><a href="/">首页</a></div>
    <h1>国务院关于推进数据共享的意见</h1>
    <div id="content"><p>一、总体要求</p><p>（一）指导思想。坚持以人民为中心。</p>
    <p>（二）主要目标。到2027年，基本建成体系。</p><script>alert(1)</script></div>
    <div class="footer">版权所有</div></body></html>"""
    p = tmp_path / "page.html"
    p.write_bytes(page.encode("gb2312"))
    t = read_text(p)
    assert t.format == "html" and t.encoding == "gb2312"
    lines = t.content.splitlines()
    assert lines[0] == "国务院关于推进数据共享的意见"
    assert "一、总体要求" in lines and "（二）主要目标。到2027年，基本建成体系。" in lines
    assert "alert" not in t.content and "不要这个" not in t.content and "版权所有" not in t.content


# --------------------------------------------------------------------------- decoding: strict candidates, refusals


def _refusal(data: bytes) -> str:
    with pytest.raises(InputError) as info:
        decode(data, "f.txt")
    return str(info.value)


TW = "國務院關於積極推進數據共享的意見。各地區要認真貫徹執行。\n一、總體要求\n"
EN_UTF8 = "The State Council issued “opinions” on data sharing; all regions shall implement them.\n"


@pytest.mark.parametrize("zh", [
    TW,
    "部長問道：“可惜什麼？”",  # refused as "undecodable" before
    "處長問道：“主任，何時開會？”",  # read as Johab (Korean) before
    "《規劃》上說：‘數據是資源。’",  # read as cp949 before
    "部長一驚，說道：“我…… 我去看看。”",  # read as Shift JIS before
])
def test_big5_chinese_is_recognised(zh):
    """Issue: Big5 Chinese was refused as "undecodable" (or, short, read as another encoding)."""
    assert decode(zh.encode("big5")) == (zh, "big5")


def test_traditional_chinese_in_gbk_stays_gbk():
    text, used = decode(TW.encode("gbk"))
    assert (text, used) == (TW, "gbk")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_chinese_utf16_without_bom(codec):
    """Issue: Chinese UTF-16 LE without a BOM was refused as "binary file"."""
    zh = ZH + "\n（一）推进5G和IPv6规模部署。\n"
    text, used = decode(zh.encode(codec))
    assert (text, used) == (zh, codec)


def test_english_with_one_bad_byte_is_refused_with_its_offset():
    """Issue: one invalid UTF-8 sequence made the whole English file decode as cp775."""
    data = EN_UTF8.encode("utf-8")
    bad = data[:30] + b"\xff" + data[30:]
    msg = _refusal(bad)
    assert "undecodable: invalid UTF-8 at byte offset 30 (line 1)" in msg
    assert "(tried: utf-8, " in msg and "gb18030, big5, cp1252)" in msg and "--errors replace" in msg
    ascii_only = b"The State Council issued opinions\xff on data sharing."
    assert "invalid UTF-8 at byte offset 33" in _refusal(ascii_only)


def test_lone_surrogate_is_refused():
    """Issue: lone surrogates (ED A0 80) decoded as mac_latin2."""
    msg = _refusal(b"Some English text \xed\xa0\x80 here, and more English words.")
    assert "invalid UTF-8 at byte offset 18" in msg and "surrogate" in msg


def test_utf8_mixed_with_gbk_is_refused_naming_both():
    """Issue: UTF-8 mixed with GBK decoded as GBK."""
    data = (ZH + "\n").encode("utf-8") + "二、主要任务\n各部门要加强协调。\n".encode("gbk")
    msg = _refusal(data)
    assert "invalid UTF-8 at byte offset" in msg
    assert "mixes UTF-8 (first on line 1) and GBK (first on line 2)" in msg


def test_chinese_with_one_bad_byte_is_refused_at_that_byte():
    """Issue: Chinese with one bad byte was refused as plain "undecodable"; now it says where."""
    gbk = ZH.encode("gbk")
    bad = gbk[:20] + b"\xb9\n" + gbk[20:]
    assert "invalid GB18030 at byte offset 20 (line 1)" in _refusal(bad)
    utf8 = ZH.encode("utf-8")
    assert "invalid UTF-8 at byte offset 9" in _refusal(utf8[:9] + b"\x80" + utf8[9:])


def test_gb18030_chinese():
    text, used = decode(("𠀀" + ZH).encode("gb18030"))
    assert used == "gb18030" and text == "𠀀" + ZH


def test_cp1252_english_with_smart_quotes_reads_as_cp1252():
    """Decided: Windows-1252 English is read when every non-ASCII character is Western
    punctuation or a letter in place (and there are at least two of them)."""
    en = "It’s a “smart” café — naïve résumé…"
    assert decode(en.encode("cp1252")) == (en, "cp1252")


def test_cp1252_is_not_taken_for_mac_roman_or_damaged_utf8():
    # Mac Roman quotes read in Windows-1252 as capitals after lower-case letters: refused
    assert "undecodable" in _refusal("It’s a “smart” quote".encode("mac_roman"))
    # bytes shaped like UTF-8 mean a damaged UTF-8 file, never a Windows-1252 one
    assert "undecodable" in _refusal("café “quoted”".encode() + b" caf\xe9 \xe9t\xe9")


def test_forced_encoding_and_replace():
    bad = b"The State Council issued opinions\xff on data sharing."
    text, used = decode(bad, "f.txt", encoding="utf-8", errors="replace")
    assert text == "The State Council issued opinions\ufffd on data sharing." and used == "utf-8 (bad bytes replaced)"
    with pytest.raises(InputError, match="not valid utf-8: invalid UTF-8 at byte offset 33"):
        decode(bad, "f.txt", encoding="utf-8")
    assert decode("Ünïcödé text".encode("mac_roman"), encoding="mac-roman") == ("Ünïcödé text", "mac-roman")
    with pytest.raises(InputError, match="unknown encoding"):
        decode(b"x", encoding="no-such-codec")
    with pytest.raises(InputError, match="unknown --errors"):
        decode(b"x", errors="ignore")
    text, used = decode(bad, "f.txt", errors="replace")  # no encoding: the best candidate, replaced
    assert "\ufffd" in text and used == "utf-8 (bad bytes replaced)"


def test_read_text_passes_encoding(tmp_path):
    p = tmp_path / "en.txt"
    p.write_bytes(b"The State Council issued opinions\xff on data sharing.")
    with pytest.raises(InputError, match="undecodable"):
        read_text(p)
    t = read_text(p, "en", encoding="latin-1")
    assert t.encoding == "iso8859-1" and "opinionsÿ" in t.content


def test_utf16_text_with_nul_pattern_still_refuses_real_binary():
    assert "binary file" in _refusal(b"\x00\x01\x02\x03" * 50)
    assert "binary file" in _refusal(ZH.encode("utf-8") + b"\x00\x00\x07")


# --------------------------------------------------------------------------- DOCX limits


def test_docx_zip_bomb_is_refused_before_decompressing(tmp_path):
    """Issue: a DOCX zip bomb was read with no size or ratio limit."""
    import zipfile

    p = tmp_path / "bomb.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<w:document>" + b"a" * (50 * 2**20) + b"</w:document>")
    assert p.stat().st_size < 200_000  # small on disk ...
    with pytest.raises(InputError, match=r"expands 1,0\d\d:1 \(limit 400:1"):  # ... huge inside
        read_text(p)


def test_docx_total_size_and_member_count_limits(tmp_path, monkeypatch):
    import zipfile

    from ipdoc import read

    p = tmp_path / "big.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
        for n in range(3):
            zf.writestr(f"word/media/{n}.bin", os.urandom(2**20))  # incompressible: ratio 1:1
        zf.writestr("word/document.xml", "<w:document/>")
    monkeypatch.setattr(read, "DOCX_MAX_UNCOMPRESSED", 2 * 2**20)
    with pytest.raises(InputError, match=r"expands to 3 MB \(limit 2 MB uncompressed\)"):
        read_text(p)
    monkeypatch.setattr(read, "DOCX_MAX_MEMBERS", 3)
    with pytest.raises(InputError, match="DOCX of 4 members"):
        read_text(p)


def test_ordinary_docx_is_within_the_limits(tmp_path):
    import docx

    d = docx.Document()
    d.add_table(rows=3000, cols=6)  # a large empty table: the most repetitive XML Word writes
    d.add_paragraph("The text after a large empty table.")
    p = tmp_path / "table.docx"
    d.save(p)
    assert read_text(p).content.rstrip("\n").endswith("The text after a large empty table.")


# --------------------------------------------------------------------------- HTML depth


def test_deeply_nested_html_keeps_its_text(tmp_path):
    """Issue: HTML nested deeper than about 1,000 elements gave "no text found"."""
    page = ("<html><body><h1>Title outside</h1>" + "<div>" * 5000
            + "<p>Deep text here, all of it.</p><!-- a comment --><p>Second paragraph.</p>"
            + "</div>" * 5000 + "</body></html>")
    p = tmp_path / "deep.html"
    p.write_text(page, encoding="utf-8")
    assert read_text(p).content == "Title outside\nDeep text here, all of it.\nSecond paragraph."


def test_html_deeper_than_the_limit_is_refused(tmp_path, monkeypatch):
    from ipdoc import read

    monkeypatch.setattr(read, "HTML_MAX_DEPTH", 100)
    p = tmp_path / "deep.html"
    p.write_text("<html><body>" + "<div>" * 200 + "Deep text." + "</div>" * 200 + "</body></html>")
    with pytest.raises(InputError, match="nested deeper than 100 elements"):
        read_text(p)


def test_xhtml_with_an_xml_declaration(tmp_path):
    p = tmp_path / "page.xhtml"
    p.write_text('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
                 "<body><p>An XHTML page with a declaration.</p></body></html>", encoding="utf-8")
    assert read_text(p).content == "An XHTML page with a declaration."


@pytest.mark.parametrize("encoding", ["rot13", "hex", "base64", "zlib", "undefined", "no-such-codec"])
def test_encoding_that_is_not_a_text_encoding_is_refused(encoding):
    """`--encoding rot13` (a str-to-str codec), `hex` (bytes-to-bytes) and `undefined` were internal errors."""
    with pytest.raises(InputError, match=f"unknown encoding '{encoding}'"):
        text_from_bytes(EN.encode("ascii"), "x.txt", encoding=encoding)


@pytest.mark.parametrize("encoding, errors", [("idna", "replace"), ("punycode", "replace"), ("idna", "strict")])
def test_codecs_that_fail_other_ways_are_one_line(encoding, errors):
    """idna allows no replacing and fails on a label; punycode fails on non-ASCII bytes."""
    with pytest.raises(InputError, match=f"not valid {encoding}"):
        text_from_bytes(EN.encode("ascii") + b" xn--\xff\xfe.", "x.txt", encoding=encoding, errors=errors)


@pytest.mark.parametrize("charset", ["undefined", "rot13", "hex"])
def test_html_meta_charset_that_is_not_a_text_encoding_is_ignored(charset):
    page = f'<html><head><meta charset="{charset}"></head><body><p>{EN}</p></body></html>'.encode("ascii")
    t = text_from_bytes(page, "x.html")
    assert t.content == EN and t.encoding == "utf-8"
