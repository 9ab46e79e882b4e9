from __future__ import annotations

from conftest import SAMPLE_EN, SAMPLE_ZH, USER_EN
from ipdoc.model import Text
from ipdoc.read import read_text
from ipdoc.segment import segment
from ipdoc.structure import numeral_value, structure


def _doc(path):
    return structure(read_text(path))


def test_user_translation_sections_items_attributions():
    doc = _doc(USER_EN)
    sections = doc.of_kind("section")
    assert [s.value for s in sections] == [1, 2, 3, 4, 5, 6, 7]
    assert [s.number for s in sections] == ["(1)", "(2)", "(3)", "(4)", "(5)", "(VI)", "(7)"]
    items = [[i for i in doc.children(s.id) if i.kind == "item"] for s in sections]
    assert [len(x) for x in items] == [4, 4, 4, 3, 4, 3, 3]
    assert sum(len(x) for x in items) == 25
    # values read by context, including the misprinted (3)
    assert [[i.value for i in x] for x in items][0] == [1, 2, 3, 4]
    assert items[0][2].number == "(3)"
    with_attr = {(si + 1, ii + 1) for si, x in enumerate(items) for ii, it in enumerate(x)
                 if any(c.kind == "attribution" for c in doc.children(it.id))}
    assert len(with_attr) == 23
    assert (5, 2) not in with_attr and (5, 3) not in with_attr
    assert len(doc.of_kind("attribution")) == 23


def test_user_translation_attribution_texts_in_place():
    doc = _doc(USER_EN)
    attrs = [doc.text_of(a) for a in doc.of_kind("attribution")]
    assert attrs[0].startswith("(Development and Reform Commission, Ministry of Industry")
    assert attrs[1] == "(Development and Reform Commission, Ministry of Industry and Information Technology, etc."
    assert attrs[6] == "(Led by the Intellectual Property Office)"
    assert attrs[-1] == "(Departments and local governments are responsible)"
    # the parenthesis inside item 4 of section (2) is not an attribution
    assert not any(a.startswith("(special projects") for a in attrs)


def test_user_translation_notes_misprints_and_unclosed_attribution():
    doc = _doc(USER_EN)
    misprints = [n for n in doc.notes if n.code == "marker-misprinted"]
    assert [(doc[n.unit].kind, doc[n.unit].number, doc[n.unit].value, n.expected) for n in misprints] == [
        ("item", "(3)", 3, "3."),
        ("section", "(VI)", 6, "(6)"),
    ]
    unclosed = [n for n in doc.notes if n.code == "attribution-unclosed"]
    assert len(unclosed) == 1
    item = doc.container(doc[unclosed[0].unit])
    assert (item.number, doc[item.parent].number) == ("2.", "(1)")
    assert sum(n.code == "heading-run-in" for n in doc.notes) == 32
    assert not [n for n in doc.notes if n.code == "sequence-break"]


def test_user_translation_front_and_closing_matter():
    doc = _doc(USER_EN)
    kinds = [(u.kind, doc.text_of(u)[:20]) for u in doc.units if u.parent is None and u.kind not in ("section",)]
    assert kinds[:4] == [("title", "Full text of the Sta"), ("title", "The State Council's "),
                         ("docno", "Guo Fa [2015] No.40 "), ("addressee", "The target is the pe")]
    assert kinds[-2:] == [("signature", "the State Council"), ("date", "20 15 July 1")]
    preamble = doc.of_kind("preamble")[0]
    assert len(doc.children(preamble.id)) == 2


def _shape(doc):
    """The numbered skeleton: kind and value of every container, attributions per container."""
    out = []
    for u in doc.units:
        if u.kind in ("part", "section", "item"):
            attrs = sum(1 for c in doc.children(u.id) if c.kind == "attribution")
            out.append((u.kind, u.value, attrs, doc.get(u.parent).kind if u.parent else None))
    return out


def test_sample_pair_has_the_same_structure_on_both_sides():
    zh, en = _doc(SAMPLE_ZH), _doc(SAMPLE_EN)
    assert _shape(zh) == _shape(en)
    assert [u.kind for u in zh.units if u.parent is None] == [u.kind for u in en.units if u.parent is None]
    kinds = [u.kind for u in zh.units]
    assert kinds.count("part") == 3 and kinds.count("section") == 6 and kinds.count("item") == 6
    assert kinds.count("attribution") == 8


def test_sample_english_planted_numbering_anomalies():
    doc = _doc(SAMPLE_EN)
    got = sorted((n.code, doc[n.unit].number, n.expected) for n in doc.notes if n.code != "heading-run-in")
    assert got == [
        ("attribution-unclosed", None, ")"),
        ("marker-misprinted", "(3)", "3."),
        ("marker-misprinted", "(II)", "(2)"),
        ("sequence-break", "2.", "3."),
    ]


def test_flattened_chinese_is_recovered():
    s = ("一、总体要求（一）指导思想。坚持创新。（二）主要目标。到2025年完成。二、重点任务（一）夯实基础。"
         "1.巩固网络基础。加快建设。（工业和信息化部、发展改革委等负责）2.加强应用基础。推进应用。（发展改革委负责）")
    doc = structure(Text(s, "zh"))
    got = [(u.kind, u.number) for u in doc.units if u.kind in ("part", "section", "item", "attribution")]
    assert got == [("part", "一、"), ("section", "（一）"), ("section", "（二）"), ("part", "二、"), ("section", "（一）"),
                   ("item", "1."), ("attribution", None), ("item", "2."), ("attribution", None)]


def test_numerals():
    assert numeral_value("cjk-paren", "十一") == 11
    assert numeral_value("cjk-dun", "二十") == 20
    assert numeral_value("roman-paren", "VI") == 6
    assert numeral_value("roman-dot", "IX") == 9
    assert numeral_value("arabic-dot", "１２") == 12


def test_inline_numbers_that_are_not_markers():
    s = "Guo Fa [2015] No.40 was issued in 2015. It covers (ISO) and (IEC) work. 3 of them. Done."
    doc = segment(Text(s, "en"))
    assert not doc.of_kind("section", "item", "part")
