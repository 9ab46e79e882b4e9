from __future__ import annotations

import codecs

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
        ("Привет мир, это русский текст.".encode("utf-8"), "no Chinese or English text"),
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
    with pytest.raises(InputError, match="without word/document.xml"):
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
