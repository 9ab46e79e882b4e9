"""The one module below python-docx's API: children in the schema's order, fonts, tracked
changes, comment ranges and reproducible packages."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ipdoc.export import ooxml


def _tags(el) -> list[str]:
    return [c.tag.split("}")[1] for c in el]


def test_children_go_where_the_schema_puts_them_whatever_the_order_of_adding():
    rpr = OxmlElement("w:rPr")
    for tag in ("w:lang", "w:b", "w:sz", "w:rFonts", "w:rStyle", "w:color"):
        ooxml.child(rpr, tag)
    assert _tags(rpr) == ["rStyle", "rFonts", "b", "color", "sz", "lang"]
    assert ooxml.child(rpr, "w:b") is rpr.find(qn("w:b"))  # found, not added twice
    p = OxmlElement("w:p")
    p.append(OxmlElement("w:r"))
    ooxml.child(p, "w:pPr")  # properties come before the runs
    assert _tags(p) == ["pPr", "r"]
    unknown = ooxml.insert(OxmlElement("w:body"), OxmlElement("w:p"))  # no order known: appended
    assert unknown.tag == qn("w:p")


def test_fonts_name_the_east_asian_face_and_drop_theme_fonts():
    rpr = OxmlElement("w:rPr")
    fonts = ooxml.child(rpr, "w:rFonts")
    fonts.set(qn("w:eastAsiaTheme"), "minorEastAsia")
    ooxml.set_fonts(rpr, latin="Times New Roman", east_asian="SimSun")
    assert fonts.get(qn("w:eastAsia")) == "SimSun" and fonts.get(qn("w:ascii")) == "Times New Roman"
    assert fonts.get(qn("w:eastAsiaTheme")) is None


def test_tracked_changes_get_unique_ids_and_a_comment_spans_them():
    document = docx.Document()
    para = document.add_paragraph("Before ")
    revisions = ooxml.Revisions()
    first, last = revisions.change(para, "20 15", "2015")
    again = revisions.change(para, "", "inserted only")
    assert first.tag == qn("w:del") and last.tag == qn("w:ins") and again[0] is again[1]
    ids = [el.get(qn("w:id")) for el in para._p if el.tag in (qn("w:del"), qn("w:ins"))]
    assert len(ids) == len(set(ids)) == 3
    assert first.find(qn("w:r")).find(qn("w:delText")).text == "20 15"
    ooxml.comment_around(document, first, last, "G002: number split by a space")
    tags = _tags(para._p)
    assert tags.index("commentRangeStart") < tags.index("del") < tags.index("ins") < tags.index("commentRangeEnd")


def test_comments_are_written_whole_with_lines_ids_and_a_bold_heading():
    document = docx.Document()
    para = document.add_paragraph()
    runs = [para.add_run("one "), para.add_run("two")]
    ooxml.comment_on_runs(document, runs, "B003 numbers · error\n  a < b & c \ttab\n\nlast", bold_first=True)
    ooxml.comment_on_runs(document, runs[1:], "second")
    back = docx.Document(io.BytesIO(ooxml.save(document)))
    comments = list(back.comments)
    assert [c.comment_id for c in comments] == [0, 1] and comments[0].author == "ipdoc"
    paras = comments[0].paragraphs
    assert [p.text for p in paras] == ["B003 numbers · error", "  a < b & c \ttab", "", "last"]
    assert paras[0].runs[-1].bold and not paras[1].runs[0].bold
    assert all(p._p.pPr.find(qn("w:pStyle")).get(qn("w:val")) == "CommentText" for p in paras)
    first = paras[0]._p
    assert first.find(qn("w:r")).find(qn("w:annotationRef")) is not None  # the mark opens the comment
    tags = _tags(back.paragraphs[0]._p)
    assert tags == ["commentRangeStart", "r", "commentRangeStart", "r", "commentRangeEnd", "r",
                    "commentRangeEnd", "r"]


def test_packages_are_reproducible_and_carry_the_font_fallbacks():
    def build() -> bytes:
        document = docx.Document()
        ooxml.default_fonts(document)
        para = document.add_paragraph("中文 and English")
        ooxml.comment_around(document, para.runs[0]._r, para.runs[0]._r, "a note")  # comments carry no date
        return ooxml.save(document)

    one, two = build(), build()
    assert one == two
    with zipfile.ZipFile(io.BytesIO(one)) as zf:
        assert zf.namelist()[0] == "[Content_Types].xml"
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in zf.infolist())
        assert "docProps/thumbnail.jpeg" not in zf.namelist()
        fonts = zf.read("word/fontTable.xml").decode("utf-8")
    assert "Noto Serif CJK SC" in fonts and "SimSun" in fonts


def test_a_text_run_is_written_as_python_docx_writes_it():
    from lxml import etree

    document = docx.Document()
    for text in ("plain", " leading and trailing ", "tab\there", "two\nlines\r\nand CR", "互联网＋ 20 15", "a<b&c"):
        ours, theirs = document.add_paragraph(), document.add_paragraph()
        ooxml.add_text_run(ours, text)
        theirs.add_run(text)
        assert etree.tostring(ours._p) == etree.tostring(theirs._p), text
        assert ours.text == theirs.text


def test_a_marker_run_is_written_as_python_docx_writes_it():
    from docx.shared import RGBColor
    from lxml import etree

    document = docx.Document()
    ours, theirs = document.add_paragraph("before "), document.add_paragraph("before ")
    ooxml.add_marker_run(ours, "2\u202f", "C55A11")
    run = theirs.add_run("2\u202f")
    run.font.superscript = True
    run.font.bold = True
    run.font.color.rgb = RGBColor.from_string("C55A11")
    assert etree.tostring(ours._p) == etree.tostring(theirs._p)
    assert ours.runs[-1].font.superscript and ours.runs[-1].bold and ours.text == "before 2\u202f"


def test_a_row_is_added_as_python_docx_adds_it():
    from docx.shared import Cm
    from lxml import etree

    document = docx.Document()
    ours, theirs = (document.add_table(rows=1, cols=3) for _ in range(2))
    for t in (ours, theirs):
        for col, w in zip(t.columns, (2, 5, 7)):
            col.width = Cm(w)
    for _ in range(3):
        ooxml.add_row(ours).cells[1].paragraphs[0].add_run("x")
        theirs.add_row().cells[1].paragraphs[0].add_run("x")
    assert etree.tostring(ours._tbl) == etree.tostring(theirs._tbl)
    assert len(ours.rows) == 4 and ours.rows[-1].cells[1].text == "x"
