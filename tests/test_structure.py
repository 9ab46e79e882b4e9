from __future__ import annotations

import pytest

from conftest import SAMPLE_EN, SAMPLE_ZH, USER_EN
from ipdoc.model import Note, Text, Unit
from ipdoc.read import read_text
from ipdoc.scan import line_spans
from ipdoc.segment import segment
from ipdoc.structure import (
    STYLES,
    _closing_lines,
    _extend_containers,
    _front_matter,
    _front_units,
    _home_levels,
    _id_allocator,
    _in_document_order,
    _leaves,
    _level_styles,
    _marker_notes,
    _numbered,
    decode_markers,
    find_markers,
    level_names,
    numeral_value,
    read_marker,
    recover,
    render_marker,
    structure,
    style,
)


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
    assert [i.value for i in items[0]] == [1, 2, 3, 4]
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
    assert got == [("part", "一、"), ("section", "（一）"), ("section", "（二）"), ("part", "二、"),
                   ("section", "（一）"), ("item", "1."), ("attribution", None), ("item", "2."), ("attribution", None)]


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


# --------------------------------------------------------------------------- the style table

_NAMES = ["cjk-dun", "cjk-paren", "arabic-paren", "roman-paren", "letter-paren", "roman-dot", "arabic-dot", "cjk-di"]
_VALUES = {"arabic": range(1, 100), "cjk": range(1, 100), "roman": range(1, 40), "letter": range(1, 9)}


def test_every_style_is_in_the_table_once_in_priority_order():
    assert [st.name for st in STYLES] == _NAMES
    assert all(style(name) is st for name, st in zip(_NAMES, STYLES))
    assert {st.name for st in STYLES if st.part} == {"cjk-dun", "roman-dot", "cjk-di"}


def test_an_unknown_style_is_refused_by_name():
    with pytest.raises(KeyError, match="no numbering style 'dash'"):
        style("dash")


def test_render_marker_prints_three_in_every_style():
    got = {name: render_marker(name, 3) for name in _NAMES}
    assert got == {"cjk-dun": "三、", "cjk-paren": "（三）", "arabic-paren": "(3)", "roman-paren": "(III)",
                   "letter-paren": "(c)", "roman-dot": "III.", "arabic-dot": "3.", "cjk-di": "第三部分"}


@pytest.mark.parametrize("st", STYLES, ids=lambda st: st.name)
def test_every_style_reads_back_what_it_renders(st):
    read = 0
    for value in _VALUES[st.numerals.name]:
        printed = st.render(value)
        m = st.pattern.match(printed + " Text")
        if m is None or m.end() != len(printed):
            # only Roman numerals can be longer than a pattern allows: XXXVIII is 38
            assert st.numerals.name == "roman" and len(st.numerals.write(value)) > 5, printed
            continue
        assert st.well_formed(m.group(1))
        assert st.value(m.group(1)) == value == numeral_value(st.name, m.group(1))
        read += 1
    assert read >= 8


def test_roman_numerals():
    assert [numeral_value("roman-paren", s) for s in ("I", "IV", "IX", "XIV", "xix", "XL", "XC", "C")] == [
        1, 4, 9, 14, 19, 40, 90, 100]
    assert [render_marker("roman-dot", v) for v in (4, 9, 14, 39, 40, 90)] == [
        "IV.", "IX.", "XIV.", "XXXIX.", "XL.", "XC."]
    well_formed = style("roman-paren").well_formed
    assert [s for s in ("III", "iv", "XXXIX", "IIII", "VX", "IC", "XL", "") if well_formed(s)] == ["III", "iv", "XXXIX"]


def test_cjk_numerals_up_to_99():
    for value, printed in {1: "一", 10: "十", 11: "十一", 20: "二十", 23: "二十三", 99: "九十九"}.items():
        assert render_marker("cjk-paren", value) == f"（{printed}）"
        assert numeral_value("cjk-dun", printed) == value
    assert len({render_marker("cjk-dun", v) for v in range(1, 100)}) == 99
    assert style("cjk-di").value("二〇") == 20  # digits without 十 read positionally


def test_a_marker_begins_with_a_digit_or_a_first_character_of_its_style():
    candidates = {st.render(v) for st in STYLES for v in range(1, 21)}
    candidates |= {c.replace("(", "（").replace(")", "）") for c in candidates}
    for st in STYLES:
        matched = [c for c in candidates if st.pattern.match(c + " Text")]
        assert matched, st.name
        assert all(c[0].isdigit() or c[0] in st.first for c in matched), st.name


def test_read_marker_gives_the_style_and_value_of_a_printed_marker():
    got = {printed: (lambda r: r and (r[0].name, r[1]))(read_marker(printed))
           for printed in ("(VI)", "(vi)", "(c)", "（１）", " 3． ", "12、", "III.", "十一、", "（二十）", "第三部分",
                           "(IIII)", "3", "(3", "1.5", "")}
    assert got == {"(VI)": ("roman-paren", 6), "(vi)": ("roman-paren", 6), "(c)": ("letter-paren", 3),
                   "（１）": ("arabic-paren", 1), " 3． ": ("arabic-dot", 3), "12、": ("arabic-dot", 12),
                   "III.": ("roman-dot", 3), "十一、": ("cjk-dun", 11), "（二十）": ("cjk-paren", 20),
                   "第三部分": ("cjk-di", 3), "(IIII)": None, "3": None, "(3": None, "1.5": None, "": None}


@pytest.mark.parametrize("path", [USER_EN, SAMPLE_EN, SAMPLE_ZH], ids=lambda p: p.name)
def test_read_marker_reads_every_recovered_number(path):
    doc = _doc(path)
    misread = {n.unit for n in doc.notes if n.code in ("marker-misprinted", "sequence-break")}
    containers = [u for u in doc.units if u.number]
    assert containers
    for u in containers:
        read = read_marker(u.number)
        assert read is not None, u.number
        assert (read[1] == u.value) or u.id in misread, (u.number, u.value)


# --------------------------------------------------------------------------- markers


def _found(s: str) -> list[tuple[str, str, int, bool]]:
    return [(s[m.start:m.end], m.style.name, m.value, m.line_start) for m in find_markers(s, line_spans(s))]


def test_markers_at_line_starts_and_after_full_width_stops():
    assert _found("一、总体要求\n（一）指导思想。（二）主要目标。") == [
        ("一、", "cjk-dun", 1, True), ("（一）", "cjk-paren", 1, True), ("（二）", "cjk-paren", 2, False)]


def test_an_english_inline_marker_needs_a_space_after_the_stop():
    assert _found("Text.(2) Next. (3) Then") == [("(3)", "arabic-paren", 3, False)]


def test_a_full_width_chinese_section_may_run_on_with_no_stop():
    assert _found("总体要求（一）指导思想") == [("（一）", "cjk-paren", 1, False)]
    assert _found("总体要求(一)指导思想") == []


def test_an_inline_roman_dot_needs_a_capital_after_it():
    assert _found("Done. II. Key actions. III. key actions\nII. key") == [
        ("II.", "roman-dot", 2, False), ("II.", "roman-dot", 2, True)]


def test_a_marker_is_followed_by_its_text():
    assert _found("(3)2015 plan. Item 3.") == []
    assert _found("Rate 1.5 percent. 2. Go") == [("2.", "arabic-dot", 2, False)]


def test_styles_are_told_apart_and_ill_formed_roman_numerals_refused():
    s = "(IIII) Text\n(iv) Text\n(c) Text\n(i) Text\n（１）文本\n第三部分 总则"
    assert _found(s) == [("(iv)", "roman-paren", 4, True), ("(c)", "letter-paren", 3, True),
                         ("(i)", "roman-paren", 1, True), ("（１）", "arabic-paren", 1, True),
                         ("第三部分", "cjk-di", 3, True)]


# --------------------------------------------------------------------------- decoding

_OUTLINE = ("I. Part one\n(1) Section one\n1. Item one\n2. Item two\n(3) Item three\n4. Item four\n"
            "(2) Section two\nII. Two")


def test_decoding_places_markers_by_level_and_reads_a_misprint_in_context():
    placed, levels = decode_markers(find_markers(_OUTLINE, line_spans(_OUTLINE)))
    assert [st.name for st in levels] == ["roman-dot", "arabic-paren", "arabic-dot"]
    assert level_names(levels) == ["part", "section", "item"]
    got = [(_OUTLINE[p.marker.start:p.marker.end], p.level, p.value, p.home.name) for p in placed]
    assert got == [("I.", 0, 1, "roman-dot"), ("(1)", 1, 1, "arabic-paren"), ("1.", 2, 1, "arabic-dot"),
                   ("2.", 2, 2, "arabic-dot"), ("(3)", 2, 3, "arabic-dot"), ("4.", 2, 4, "arabic-dot"),
                   ("(2)", 1, 2, "arabic-paren"), ("II.", 0, 2, "roman-dot")]


def test_home_levels_in_the_order_styles_first_read_1():
    s = "(2) Stray\n(VI) Stray\n1. One\n(a) One\n2. Two\n(1) One\n(i) One\n（一）一\n"
    homes = _home_levels(find_markers(s, line_spans(s)))
    # (2) and (VI) come first but do not read 1 where they first appear; the fifth style shares level 3
    assert {st.name: lvl for st, lvl in homes.items()} == {
        "arabic-dot": 0, "letter-paren": 1, "arabic-paren": 2, "roman-paren": 3, "cjk-paren": 3}
    assert [st.name for st in _level_styles(homes)] == ["arabic-dot", "letter-paren", "arabic-paren", "cjk-paren"]


def test_no_marker_reading_1_means_no_levels():
    assert decode_markers(find_markers("(2) Two\n(3) Three", [(0, 7), (8, 17)])) == ([], [])


def test_level_names_start_at_part_only_for_a_part_style():
    assert level_names([style("cjk-dun"), style("cjk-paren"), style("arabic-dot")]) == ["part", "section", "item"]
    assert level_names([style(n) for n in ("arabic-paren", "arabic-dot", "letter-paren", "roman-paren")]) == [
        "section", "item", "subitem", "subitem"]
    assert level_names([]) == []


# --------------------------------------------------------------------------- the steps of recover


def test_closing_lines_signature_date_and_what_follows():
    s = "Title\nBody text.\nState Council\nJuly 1, 2020\nAttached."
    closing, body_end = _closing_lines(s, "en", line_spans(s))
    assert [(s[a:b], kind) for a, b, kind in closing] == [
        ("State Council", "signature"), ("July 1, 2020", "date"), ("Attached.", "paragraph")]
    assert s[:body_end] == "Title\nBody text."


def test_closing_lines_need_a_date_among_the_last_four_lines():
    s = "二〇二〇年七月一日\n甲\n乙\n丙\n丁"
    assert _closing_lines(s, "zh", line_spans(s)) == ([], len(s))
    s = "正文。\n2020年7月1日"  # a stopped line before the date is no signature
    closing, body_end = _closing_lines(s, "zh", line_spans(s))
    assert [kind for _, _, kind in closing] == ["date"] and s[:body_end] == "正文。"


def test_closing_lines_may_be_the_whole_text():
    s = "国务院办公厅\n2015年7月4日"
    assert _closing_lines(s, "zh", line_spans(s)) == ([(0, 6, "signature"), (7, 16, "date")], 0)
    assert [u.kind for u in recover(Text(s, "zh"))[0]] == ["signature", "date"]


def test_front_matter_title_number_addressee_then_paragraphs():
    s = ("Guiding Opinions on Smart Cities\nGuo Fa [2020] No. 12\nThe people's governments of all provinces:\n"
         "To promote this, we put forward opinions.\nI. General requirements")
    front = _front_matter(s, "en", line_spans(s), s.index("I. General"))
    assert [(s[a:b], kind) for a, b, kind in front] == [
        ("Guiding Opinions on Smart Cities", "title"), ("Guo Fa [2020] No. 12", "docno"),
        ("The people's governments of all provinces:", "addressee"),
        ("To promote this, we put forward opinions.", "paragraph")]


def test_front_matter_is_cut_at_an_inline_first_marker():
    s = "Notice on Water\nThe text starts here. (1) Scope. Rivers."
    front = _front_matter(s, "en", line_spans(s), s.index("(1)"))
    assert [(s[a:b], kind) for a, b, kind in front] == [("Notice on Water", "title"),
                                                        ("The text starts here.", "paragraph")]


def test_front_units_hold_paragraphs_in_a_preamble():
    new_id = _id_allocator()
    units = _front_units([(0, 5, "title"), (6, 10, "paragraph"), (11, 15, "paragraph")], new_id)
    assert units == [Unit("b0", "preamble", 6, 15), Unit("b1", "title", 0, 5),
                     Unit("b2", "paragraph", 6, 10, parent="b0"), Unit("b3", "paragraph", 11, 15, parent="b0")]
    assert _front_units([(0, 5, "title")], _id_allocator()) == [Unit("b0", "title", 0, 5)]


_ITEMS = ("1. Scope. This covers rivers.\n(2) Lakes. All lakes (Ministry of Water Resources, Ministry of Ecology "
          "responsible).\n4. Ponds. Text. 5. Wells. More (Ministry of Water Resources, etc.")


def test_numbered_containers_their_leaves_and_notes():
    placed, levels = decode_markers(find_markers(_ITEMS, line_spans(_ITEMS)))
    units, notes = _numbered(_ITEMS, "en", placed, level_names(levels), len(_ITEMS), _id_allocator())
    got = [(u.kind, _ITEMS[u.start:u.end][:12], u.parent, u.number, u.value) for u in units]
    assert got == [
        ("section", "1. Scope. Th", None, "1.", 1), ("heading", "1. Scope.", "b0", None, None),
        ("paragraph", "This covers ", "b0", None, None),
        ("section", "(2) Lakes. A", None, "(2)", 2), ("heading", "(2) Lakes.", "b3", None, None),
        ("paragraph", "All lakes", "b3", None, None), ("attribution", "(Ministry of", "b3", None, None),
        ("section", "4. Ponds. Te", None, "4.", 4), ("heading", "4. Ponds.", "b7", None, None),
        ("paragraph", "Text.", "b7", None, None),
        ("section", "5. Wells. Mo", None, "5.", 5), ("heading", "5. Wells.", "b10", None, None),
        ("paragraph", "More", "b10", None, None), ("attribution", "(Ministry of", "b10", None, None)]
    assert [(n.code, n.unit, n.expected) for n in notes] == [
        ("marker-misprinted", "b3", "2."), ("sequence-break", "b7", "3."), ("heading-run-in", "b10", "\n"),
        ("attribution-unclosed", "b13", ")")]
    assert notes[0].message == "(2) is printed in the wrong style for section 2; its siblings use 1., so it reads 2."
    assert notes[1].message == "section 4. jumps from section 2: 3. is missing or misnumbered"


def test_numbered_containers_nest_by_level():
    placed, levels = decode_markers(find_markers(_OUTLINE, line_spans(_OUTLINE)))
    units, notes = _numbered(_OUTLINE, "en", placed, level_names(levels), len(_OUTLINE), _id_allocator())
    containers = {u.id: u for u in units if u.number}
    assert [(u.number, containers[u.parent].number if u.parent else None) for u in containers.values()] == [
        ("I.", None), ("(1)", "I."), ("1.", "(1)"), ("2.", "(1)"), ("(3)", "(1)"), ("4.", "(1)"), ("(2)", "I."),
        ("II.", None)]
    assert [(n.code, n.expected) for n in notes] == [("marker-misprinted", "3.")]


def test_marker_notes_for_a_repeated_number():
    s = "1. One\n2. Two\n2. Again"
    placed, _ = decode_markers(find_markers(s, line_spans(s)))
    notes = _marker_notes(placed[2], "b9", "2.", "item")
    assert [(n.code, n.unit, n.start, n.end, n.expected) for n in notes] == [("sequence-break", "b9", 14, 16, "3.")]
    assert notes[0].message == "item 2. repeats or goes back after item 2; it reads 3."


def test_leaves_heading_paragraphs_and_attribution():
    s = "1. Scope. This covers rivers.\nMore text here (Ministry of Water Resources, Ministry of Ecology responsible)."
    marker = find_markers(s, line_spans(s))[0]
    units, notes = _leaves(s, "en", "b0", 0, len(s), marker, _id_allocator())
    assert [(u.kind, s[u.start:u.end][:20], u.parent) for u in units] == [
        ("heading", "1. Scope.", "b0"), ("paragraph", "This covers rivers.", "b0"),
        ("paragraph", "More text here", "b0"), ("attribution", "(Ministry of Water R", "b0")]
    assert s[units[-1].start:units[-1].end].endswith("responsible).")
    assert notes == []


def test_leaves_without_a_heading_and_with_an_unclosed_chinese_list():
    s = "1．" + "这是一个很长的句子，" * 4 + "没有标题。推进建设（财政部、人民银行等负责"
    marker = find_markers(s, line_spans(s))[0]
    units, notes = _leaves(s, "zh", "b0", 0, len(s), marker, _id_allocator())
    assert [u.kind for u in units] == ["paragraph", "attribution"]
    assert s[units[1].start:units[1].end] == "（财政部、人民银行等负责"
    assert [(n.code, n.unit, n.expected) for n in notes] == [("attribution-unclosed", "b1", "）")]


def test_containers_end_where_their_last_descendant_ends():
    units = [Unit("b0", "section", 0, 10), Unit("b1", "heading", 0, 5, "b0"), Unit("b2", "item", 11, 20, "b0"),
             Unit("b3", "paragraph", 11, 30, "b2"), Unit("b4", "date", 31, 40)]
    assert [(u.id, u.end) for u in _extend_containers(units)] == [
        ("b0", 30), ("b1", 5), ("b2", 30), ("b3", 30), ("b4", 40)]


def test_document_order_renumbers_units_parents_and_notes():
    units = [Unit("b0", "preamble", 10, 20), Unit("b1", "title", 0, 5), Unit("b2", "paragraph", 10, 20, "b0"),
             Unit("b3", "date", 25, 30)]
    notes = [Note("x", "b2", 10, 12, "m"), Note("y", None, 0, 1, "m")]
    ordered, renamed = _in_document_order(units, notes)
    assert ordered == [Unit("b0", "title", 0, 5), Unit("b1", "preamble", 10, 20),
                       Unit("b2", "paragraph", 10, 20, "b1"), Unit("b3", "date", 25, 30)]
    assert [n.unit for n in renamed] == ["b2", None]


def test_id_allocators_count_from_b0_each():
    first, second = _id_allocator(), _id_allocator()
    assert [first(), first(), second(), first()] == ["b0", "b1", "b0", "b2"]


def test_recover_nothing_from_blank_text_and_only_a_date():
    assert recover(Text(" \n\n\t", "en")) == ([], [])
    units, notes = recover(Text("July 1, 2020\n", "en"))
    assert [(u.id, u.kind, u.start, u.end) for u in units] == [("b0", "date", 0, 12)] and notes == []


def test_recover_chinese_misprints_and_closing_lines():
    s = ("国务院关于建设智慧城市的指导意见\n国发〔2020〕12号\n各省、自治区、直辖市人民政府：\n"
         "为推进建设，现提出以下意见。\n一、总体要求\n（一）指导思想。坚持以人民为中心。\n（二）基本原则。坚持统筹规划。\n"
         "二、重点行动\n（一）建设网络。铺设光纤。\n1．宽带。铺设新线路。\n（2）移动。建设基站。\n"
         "3．数据中心。建设数据中心。（工业和信息化部、国家发展改革委等负责）\n（二）共享数据。推动共享。\n"
         "（四）保护隐私。保护个人信息。\n国务院\n2020年7月1日")
    doc = structure(Text(s, "zh"))
    assert [u.kind for u in doc.units if u.parent is None] == [
        "title", "docno", "addressee", "preamble", "part", "part", "signature", "date"]
    got = [(u.kind, u.number, u.value, doc[u.parent].number if u.parent else None)
           for u in doc.units if u.number]
    assert got == [("part", "一、", 1, None), ("section", "（一）", 1, "一、"), ("section", "（二）", 2, "一、"),
                   ("part", "二、", 2, None), ("section", "（一）", 1, "二、"), ("item", "1．", 1, "（一）"),
                   ("item", "（2）", 2, "（一）"), ("item", "3．", 3, "（一）"), ("section", "（二）", 2, "二、"),
                   ("section", "（四）", 4, "二、")]
    assert [(n.code, doc[n.unit].number, n.expected) for n in doc.notes] == [
        ("marker-misprinted", "（2）", "2."), ("sequence-break", "（四）", "（三）")]
    assert len(doc.of_kind("attribution")) == 1
    assert [u.id for u in doc.units] == [f"b{i}" for i in range(len(doc.units))]
