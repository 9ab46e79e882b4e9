from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm
from lxml import etree

from conftest import MAC, mac_chapters
from helpers import sample_findings, sample_review, soffice, to_odt, user_review
from ipdoc.export import docx_clean, docx_review, ooxml
from ipdoc.model import Finding, Fix, Text
from ipdoc.segment import segment

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _xml(data: bytes, member: str = "word/document.xml") -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(member).decode("utf-8")


def _root(data: bytes, member: str = "word/document.xml"):
    return etree.fromstring(_xml(data, member).encode("utf-8"))


def _anchored(data: bytes) -> dict[str, str]:
    """Comment id -> the text its range covers, read from document.xml in document order."""
    open_ids: set[str] = set()
    out: dict[str, str] = {}
    for el in _root(data).iter(f"{W}commentRangeStart", f"{W}commentRangeEnd", f"{W}t"):
        if el.tag == f"{W}commentRangeStart":
            open_ids.add(el.get(f"{W}id"))
            out[el.get(f"{W}id")] = ""
        elif el.tag == f"{W}commentRangeEnd":
            open_ids.discard(el.get(f"{W}id"))
        else:
            for cid in open_ids:
                out[cid] += el.text or ""
    return out


def _comments(data: bytes) -> dict[str, str]:
    d = docx.Document(io.BytesIO(data))
    return {str(c.comment_id): c.text for c in d.comments}


def _comment_on(data: bytes, code: str, anchored_text: str | None = None) -> tuple[str, str]:
    """(comment text, anchored text) of the first comment of a rule (on the given text)."""
    texts, spans = _comments(data), _anchored(data)
    for cid, text in texts.items():
        if text.startswith(code + " ") and (anchored_text is None or spans.get(cid) == anchored_text):
            return text, spans.get(cid, "")
    raise AssertionError(f"no {code} comment on {anchored_text!r}")


# -- the review DOCX ------------------------------------------------------------------------------


def test_review_has_one_comment_per_finding_saying_what_to_do():
    b = sample_review()
    data = docx_review.export(b)
    texts = list(_comments(data).values())
    assert len(texts) == len(b.findings)
    text, span = _comment_on(data, "G001", "* * *")
    assert "To do: replace “* * *” with “overall character” (suggested fix)." in text
    text, _ = _comment_on(data, "P002")
    assert "To do: delete “)” and the space before it (safe fix)." in text
    text, span = _comment_on(data, "N004")
    assert "To do: start a new paragraph at “2.”" in text and span == "2."
    text, _ = _comment_on(data, "P006")
    assert "To do: delete the space before “,”" in text
    assert not any("replace with “”" in t for t in texts)


def test_comments_cover_whole_words_and_a_missing_full_stop_takes_the_word_before():
    data = docx_review.export(sample_review())
    text, span = _comment_on(data, "P005")
    assert span == "forward"  # the finding flags its last letter; the comment covers the word
    assert "To do: insert “.” after “forward”" in text
    assert _comment_on(data, "N005")[1] == "consolidate"
    assert _comment_on(data, "B004")[1] == "政务数据"


def test_anchor_widens_to_latin_words_and_places_zero_width_spans():
    text = "put forward 政务数据 sharing"
    assert docx_review.anchor(text, 10, 11) == (4, 11)  # 'd' -> 'forward'
    assert docx_review.anchor(text, 11, 11) == (4, 11)  # the place after it -> the word before
    assert docx_review.anchor(text, 0, 0) == (0, 3)  # at the start: the word after
    assert docx_review.anchor(text, 12, 14) == (12, 14)  # Chinese is not widened


def _finding(start: int, end: int, replacement: str, code: str = "X001") -> Finding:
    return Finding(code, "x", "warning", "en", start, end, "m", fix=Fix(start, end, replacement, "safe"))


@pytest.mark.parametrize(("text", "span", "replacement", "expected"), [
    ("a ,b", (1, 2), "", "delete the space before “,b”"),
    ("etc.) )", (5, 7), "", "delete “)” and the space before it"),
    ("end. 2. Next", (4, 5), "\n\n", "start a new paragraph at “2.”"),
    ("put forward", (11, 11), ".", "insert “.” after “forward”"),
    ("8 5%", (0, 3), "85", "replace “8 5” with “85”"),
])
def test_what_to_do_says_delete_insert_new_paragraph_or_replace(text, span, replacement, expected):
    assert docx_review.what_to_do(_finding(*span, replacement), text) == expected


def test_what_to_do_shows_a_case_fix_on_the_whole_flagged_word():
    f = Finding("N005", "x", "warning", "en", 4, 15, "m", fix=Fix(4, 5, "C", "safe"))
    assert docx_review.what_to_do(f, "(1) consolidate it") == "replace “consolidate” with “Consolidate”"


def _rows(data: bytes) -> list[tuple[str, str | None, str]]:
    """(score cell text, fill of the English cell, English cell text) of every bead row."""
    out = []
    for tbl in _root(data).iter(f"{W}tbl"):
        for tr in tbl.iter(f"{W}tr"):
            cells = tr.findall(f"{W}tc")
            if len(cells) != 3:
                continue
            shd = cells[2].find(f"{W}tcPr/{W}shd")
            texts = ["".join(text for marker, text in _runs(c) if not marker) for c in cells]
            out.append((texts[0], shd.get(f"{W}fill") if shd is not None else None, texts[2]))
    return out


def _runs(cell) -> list[tuple[bool, str]]:
    """(whether it is a clause marker — a superscript run —, its text) of the runs of a table cell."""
    out = []
    for r in cell.iter(f"{W}r"):
        sup = r.find(f"{W}rPr/{W}vertAlign")
        text = "".join(t.text or "" for t in r.iter(f"{W}t"))
        out.append((sup is not None and sup.get(f"{W}val") == "superscript", text))
    return out


def _clauses_by_marker(cell) -> list[tuple[str, str, str | None]]:
    """A cell's clause markers in order: (label, the text up to the next marker, the marker's colour)."""
    out: list[tuple[str, str, str | None]] = []
    for r in cell.iter(f"{W}r"):
        sup = r.find(f"{W}rPr/{W}vertAlign")
        text = "".join(t.text or "" for t in r.iter(f"{W}t"))
        if sup is not None and sup.get(f"{W}val") == "superscript":
            colour = r.find(f"{W}rPr/{W}color")
            out.append((text.strip(), "", colour.get(f"{W}val") if colour is not None else None))
        elif out:
            out[-1] = (out[-1][0], out[-1][1] + text, out[-1][2])
    return out


def test_rows_are_shaded_by_their_worst_finding_with_confidence_as_a_marker():
    rows = _rows(docx_review.export(sample_review()))
    by_text = {en: (score, fill) for score, fill, en in rows}

    def row(prefix: str) -> tuple[str, str | None]:
        return next(v for k, v in by_text.items() if k.startswith(prefix))

    assert row("By 2028")[1] == docx_review.SEVERITY_FILL["error"]  # 2028/200 against 2027/300, 8 5
    assert row("In order to accelerate")[1] == docx_review.SEVERITY_FILL["warning"]  # no full stop
    assert row("2. Develop public service")[1] == docx_review.SEVERITY_FILL["info"]  # a run-in heading only
    assert row("Urban data sharing services are")[1] is None  # nothing found
    assert row("Urban data sharing services are")[0].startswith(docx_review.MARKER + " 0.")
    assert row("This measure has been widely")[0].startswith("added")
    assert row("By 2028")[0].endswith("fixed 1")  # the split number was fixed in the edition


def test_one_table_per_part_with_its_header_repeated_and_headings_once():
    b = sample_review()
    data = docx_review.export(b)
    body = [t for t in _root(data).iter(f"{W}tbl")
            if any("中文" in "".join(x.text or "" for x in tr.iter(f"{W}t")) for tr in t.findall(f"{W}tr")[:1])]
    parts = [u for u in b.en.units if u.kind == "part"]
    assert len(body) == 1 + len(parts)  # the front matter and preamble, then each part
    for tbl in body:
        headers = [tr for tr in tbl.findall(f"{W}tr") if tr.find(f"{W}trPr/{W}tblHeader") is not None]
        assert len(headers) == 1 and tbl.findall(f"{W}tr")[0] is headers[0]
    paragraphs = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in _root(data).iter(f"{W}p")]
    assert paragraphs.count("I. General Requirements") == 1 and paragraphs.count("一、总体要求") == 1
    d = docx.Document(io.BytesIO(data))
    cell_styles = {p.style.name for t in d.tables for row in t.rows for c in row.cells for p in c.paragraphs}
    assert "ipdoc Cell Heading 1" in cell_styles  # part headings are headings (and in Word's navigation)
    assert d.styles["ipdoc Cell Heading 1"].base_style.name == "Heading 1"


def test_column_widths_follow_the_texts_and_keep_the_score_narrow():
    score, zh, en = docx_review.column_widths("中" * 100, "e" * 200)
    assert score < 2 and zh == pytest.approx(en)
    score, zh, en = docx_review.column_widths("中" * 100, "e" * 1000)
    assert zh / (zh + en) == pytest.approx(0.3)  # clamped
    assert score + zh + en == pytest.approx(26.7, abs=0.02)
    d = docx.Document(io.BytesIO(docx_review.export(sample_review())))
    widths = [c.width for c in d.tables[-1].columns]
    assert abs(widths[0] - Cm(score)) < Cm(0.01) and widths[1] < widths[2]  # the sample's English is longer


def test_decisions_taken_are_shown_in_comments_and_counted():
    from ipdoc.fix import Decision, apply_fixes
    from ipdoc.review import Review

    checked = sample_findings()
    by_code = {f.code: f for f in checked.findings}
    decisions = {by_code["G001"].fingerprint: Decision("accept"), by_code["P004"].fingerprint: Decision("reject")}
    edition = apply_fixes(checked.en.text, checked.findings, decisions=decisions)
    b = Review(checked, edition, frozenset({by_code["B005"].fingerprint}), "sample")
    data = docx_review.export(b)
    texts = _comments(data).values()

    def decision(code: str) -> str:
        fp = by_code[code]
        return next(t for t in texts if t.startswith(code) and fp.message in t).rsplit("Decision: ", 1)[1]

    assert decision("G001") == "accepted, made in the corrected edition."
    assert decision("P004") == "rejected by the editor."
    assert decision("B005") == "reviewed, not reported again."
    assert decision("G002") == "made in the corrected edition."
    assert decision("T002").startswith("open (suggested fix")
    d = docx.Document(io.BytesIO(data))
    groups = next(t for t in d.tables if t.rows[0].cells[0].text == "rule")
    assert len(groups.rows) == 1 + len(b.checked.groups) + 1  # header, a row per group, the total
    assert {r.cells[1].text.splitlines()[-1] for r in groups.rows[1:-1]} == {g.id for g in b.checked.groups}
    total = [c.text for c in groups.rows[-1].cells]
    made = len(edition.changes)  # one change per finding fixed, the accepted G001 among them
    assert total[0] == "all" and total[2:] == [str(len(b.findings)), str(made), "1", "1",
                                               str(len(b.findings) - made - 2)]


def test_review_is_deterministic_and_has_no_dates_or_thumbnail():
    data = docx_review.export(sample_review())
    assert data == docx_review.export(sample_review())
    assert "w:date" not in _xml(data, "word/comments.xml")
    assert "thumbnail" not in " ".join(zipfile.ZipFile(io.BytesIO(data)).namelist())


def test_review_without_chinese_is_laid_out_as_the_edition_with_its_comments():
    b = user_review()
    data = docx_review.export(b)
    d = docx.Document(io.BytesIO(data))
    assert len(d.comments) == len(b.findings)
    styles = [p.style.name for p in d.paragraphs]
    assert "Heading 2" in styles and "ipdoc Headline" in styles
    assert round(d.sections[0].page_width.cm, 1) == 21.0  # portrait: a text, not a table


# -- the clean and final DOCX ---------------------------------------------------------------------


def _expected_revisions(b) -> int:
    return sum(bool(c.before) + bool(c.after) for c in b.edition.changes if not c.layout)


def test_clean_edition_tracks_every_correction():
    b = user_review()
    data = docx_clean.export(b)
    xml = _xml(data)
    assert len(re.findall(r"<w:ins ", xml)) + len(re.findall(r"<w:del ", xml)) == _expected_revisions(b)
    assert 'w:author="ipdoc"' in xml
    d = docx.Document(io.BytesIO(data))
    assert len(d.comments) == sum(1 for c in b.edition.changes if not c.layout)
    safe_rules = {"G002", "N001", "N002", "N005", "P002", "C002", "C004", "C005", "C006"}
    assert all(c.text.split(":")[0] in safe_rules for c in d.comments)
    styles = {p.style.name for p in d.paragraphs}
    assert {"Title", "ipdoc Headline", "ipdoc Document Number", "ipdoc Addressee", "Heading 2", "Body Text",
            "ipdoc Attribution", "ipdoc Signature", "ipdoc Date"} <= styles


def test_accept_all_is_the_edition_without_revisions():
    b = user_review()
    data = docx_clean.export(b, accept_all=True)
    xml = _xml(data)
    assert "<w:ins " not in xml and "<w:del " not in xml
    d = docx.Document(io.BytesIO(data))
    joined = " ".join(" ".join(p.text.split()) for p in d.paragraphs)
    assert joined == " ".join(b.edition.text.content.split())


def test_edition_looks_like_an_official_edition():
    d = docx.Document(io.BytesIO(docx_clean.export_final(user_review())))
    section = d.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)  # A4
    assert 'w:instr=" PAGE "' in section.footer.paragraphs[0].paragraph_format.element.xml
    title = d.styles["Title"]
    assert title.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER and title.font.bold
    assert str(title.font.color.rgb) == "000000" and title.font.name == ooxml.LATIN_FONT
    assert "asciiTheme" not in title.element.xml and "pBdr" not in title.element.xml
    for name in ("ipdoc Signature", "ipdoc Date"):
        assert d.styles[name].paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    titles = [p.text for p in d.paragraphs if p.style.name == "Title"]
    assert titles == ["The State Council's Guiding Opinions on Actively Promoting \"internet plus\" Action"]
    assert d.paragraphs[0].style.name == "ipdoc Headline" and d.paragraphs[0].text.startswith("Full text of")
    assert d.core_properties.title == titles[0]


def test_items_open_with_their_lead_sentence_in_bold():
    d = docx.Document(io.BytesIO(docx_clean.export_final(sample_review())))
    item = next(p for p in d.paragraphs if p.text.startswith("1. Improve network facilities."))
    assert item.style.name == "Body Text"
    assert [r.text for r in item.runs if r.bold] == ["1. Improve network facilities."]
    assert item.text.startswith("1. Improve network facilities. Accelerate the construction")
    section = next(p for p in d.paragraphs if p.text.startswith("(1) Consolidate the data foundation."))
    assert section.style.name == "Heading 2"  # a heading over items stays a heading
    assert next(p for p in d.paragraphs if p.text.startswith("II. Key Tasks")).style.name == "Heading 1"


def test_a_run_in_heading_needs_a_sentence_end_and_a_paragraph_of_its_own_item():
    doc = segment(Text("I. Tasks\n\n(1) Work.\n\n1. First task\nDo this.\n\n2. Second task.\nDo that.\n", "en"))
    styles = [(b.style, [p.bold for p in b.pieces]) for b in docx_clean.layout(doc)]
    assert ("Body Text", [True, False]) in styles  # 2. Second task. Do that.
    assert ("Heading 3", [False]) in styles  # 1. First task (no full stop): its own heading


def test_a_headline_is_told_from_a_title_of_two_lines():
    assert docx_clean.is_headline("Full text: State Council guiding opinions", "Something else")
    assert docx_clean.is_headline("State Council's guiding opinions on promoting the internet plus action",
                                  "The State Council's Guiding Opinions on Actively Promoting Internet Plus Action")
    assert not docx_clean.is_headline("State Council", "Guiding Opinions on Promoting Urban Data Sharing")


def test_chinese_names_its_font_and_the_fallbacks_to_try():
    data = docx_review.export(sample_review())
    assert 'w:eastAsia="SimSun"' in _xml(data) and "加强个人信息保护" in _xml(data)
    fonts = _root(data, "word/fontTable.xml")
    simsun = next(f for f in fonts.iter(f"{W}font") if f.get(f"{W}name") == "SimSun")
    alt = simsun.find(f"{W}altName").get(f"{W}val").split(",")
    assert alt[:3] == ["宋体", "Noto Serif CJK SC", "Source Han Serif SC"]
    assert simsun.find(f"{W}charset").get(f"{W}val") == "86"
    assert {"Noto Serif CJK SC", "Source Han Serif SC"} <= {f.get(f"{W}name") for f in fonts.iter(f"{W}font")}
    styles = _xml(data, "word/styles.xml")
    assert "minorHAnsi" not in styles.split("<w:docDefaults>")[1].split("</w:docDefaults>")[0]


# -- the OOXML layer ------------------------------------------------------------------------------


def _children_in_schema_order(root) -> list[str]:
    """Elements whose children break the order ooxml knows for them."""
    bad = []
    for parent_tag, order in ooxml._TAGS.items():
        for el in root.iter(parent_tag):
            ranks = [order.index(c.tag) if c.tag in order else len(order) for c in el]
            if ranks != sorted(ranks):
                bad.append(etree.QName(el).localname + ": " + " ".join(etree.QName(c).localname for c in el))
    return bad


@pytest.mark.parametrize("make", [lambda: docx_review.export(sample_review()),
                                  lambda: docx_clean.export(sample_review())])
def test_every_element_ipdoc_adds_is_in_schema_order(make):
    data = make()
    for member in ("word/document.xml", "word/styles.xml", "word/fontTable.xml"):
        assert _children_in_schema_order(_root(data, member)) == []


def test_insert_places_a_child_after_its_predecessors_and_before_its_successors():
    from docx.oxml import OxmlElement

    rpr = OxmlElement("w:rPr")
    for tag in ("w:lang", "w:b", "w:sz"):
        ooxml.child(rpr, tag)
    ooxml.child(rpr, "w:rFonts")
    assert [etree.QName(c).localname for c in rpr] == ["rFonts", "b", "sz", "lang"]
    p = OxmlElement("w:p")
    p.append(OxmlElement("w:r"))
    ooxml.child(p, "w:pPr")
    assert etree.QName(p[0]).localname == "pPr"  # properties come before the runs


# -- LibreOffice ----------------------------------------------------------------------------------

needs_lo = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it")


@needs_lo
def test_libreoffice_reads_comments_changes_and_chinese(tmp_path):
    b = sample_review()
    review = tmp_path / "review.docx"
    review.write_bytes(docx_review.export(b))
    content = to_odt(review, tmp_path)
    assert content.count("<office:annotation ") == len(b.findings)
    assert "加强个人信息保护，严厉打击非法获取和买卖数据行为。" in content
    clean = tmp_path / "clean.docx"
    clean.write_bytes(docx_clean.export(b))
    content = to_odt(clean, tmp_path)
    assert content.count("<text:changed-region ") == _expected_revisions(b)
    assert content.count("<office:annotation ") == sum(1 for c in b.edition.changes if not c.layout)


@needs_lo
def test_large_joined_corpus_opens_in_libreoffice(tmp_path):
    if not mac_chapters():
        pytest.skip("../shared/eval/mac-test is not present")
    from ipdoc.pipeline import align_pair, make_review

    stems = mac_chapters()
    zh = "".join((MAC / f"{s}.zh").read_text(encoding="utf-8") for s in stems)
    en = "".join((MAC / f"{s}.en").read_text(encoding="utf-8") for s in stems)
    b = make_review(align_pair(segment(Text(zh, "zh"), presegmented=True), segment(Text(en, "en"), presegmented=True)))
    path = tmp_path / "joined.docx"
    path.write_bytes(docx_review.export(b))
    content = to_odt(path, tmp_path)
    assert content.count("<office:annotation ") == len(b.findings)
    assert content.count("<table:table-row") > len(b.pair.beads)


def test_a_title_longer_than_a_core_property_is_cut():
    """A first paragraph holding a document number reads as the title; past 255 characters it was
    an internal error (python-docx refuses longer core properties)."""
    from ipdoc.pipeline import make_review

    text = ("In accordance with the Guiding Opinions of the State Council on Actively Promoting the Internet Plus "
            "Action (Guo Fa [2015] No. 40), all regions and departments shall strengthen their coordination, improve "
            "the mechanisms of data sharing and open government data to the public in an orderly way.\n")
    review = make_review(segment(Text(text, "en")), name="long")
    for export in (docx_review.export, docx_clean.export, docx_clean.export_final):
        title = docx.Document(io.BytesIO(export(review))).core_properties.title
        assert len(title) == 255 and title.endswith("…") and title.removeprefix("Review: ").startswith("In accordance")


def test_clauses_of_a_row_carry_the_same_number_and_colour_on_both_sides():
    from ipdoc.align.clauses import clauses_of

    review = sample_review()
    ca = clauses_of(review.pair)
    view = ca.clauses

    def squeeze(text: str) -> str:  # letters and digits only (the DOCX shows control characters as symbols)
        return "".join(c for c in text if c.isalnum())

    want = []  # per sentence bead of two clause beads or more: (label, Chinese, English) of each clause
    for k in range(len(ca.sentences.beads)):
        if len(ca.within(k)) < 2 or not ca.sentences.beads[k].paired:
            continue
        numbers = ca.numbers(k)
        labels = {side: {i: str(numbers[side][i]) if i in numbers[side] else docx_review.NO_COUNTERPART
                         for i in ca.units_of(k, side)} for side in ("zh", "en")}
        rows = []
        for side in ("zh", "en"):
            units = view.units(side)
            rows.append([(labels[side][i], squeeze(units[i].text(view.doc(side).text)))
                         for i in ca.units_of(k, side)])
        want.append(tuple(rows))
    got = []
    for tbl in _root(docx_review.export(review)).iter(f"{W}tbl"):
        for tr in tbl.iter(f"{W}tr"):
            cells = tr.findall(f"{W}tc")
            if len(cells) == 3 and any(m for c in cells[1:] for m, _ in _runs(c)):
                got.append(tuple([(label, squeeze(text)) for label, text, _ in _clauses_by_marker(c)]
                                 for c in cells[1:]))
                colours = {}
                for c in cells[1:]:
                    for label, _, colour in _clauses_by_marker(c):
                        assert colours.setdefault(label, colour) == colour  # one label, one colour in a row
    assert got == want
    assert len(want) > 10
    # the sentence: its first two clauses are numbered 1 and 2 on both sides
    zh, en = next(r for r in got if r[0][0][1].startswith("坚持以人民为中心"))
    assert [x[0] for x in zh[:2]] == [x[0] for x in en[:2]] == ["1", "2"]
    assert en[0][1].startswith("Adheretothepeoplecentred")
    # a sentence omitted or added whole has no clause numbers; a clause with no counterpart in a translated
    # sentence has –
    assert all(label != docx_review.NO_COUNTERPART for row in got for side in row for label, _ in side) == \
        (ca.inner_omissions() == [] and ca.inner_additions() == [])
