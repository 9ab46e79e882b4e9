from __future__ import annotations

import hashlib
import itertools
from collections import Counter

import pytest

from conftest import MAC, SAMPLE_EN, SAMPLE_ZH, USER_EN, mac_chapters
from ipdoc.model import Text, tile
from ipdoc.read import read_text
from ipdoc.segment import clause_spans, segment, sentence_spans, zh_words


def _sents(s: str, lang: str) -> list[str]:
    return [s[a:b] for a, b in sentence_spans(s, 0, len(s), lang)]


def test_english_abbreviations_do_not_end_sentences():
    s = ("Guo Fa [2015] No. 40 applies, e.g. to ministries (ISO) etc. as listed. "
         "J. K. Rowling wrote 3.5 books. The rate rose to 4.2% in the U.S. economy. Next one.")
    assert _sents(s, "en") == [
        "Guo Fa [2015] No. 40 applies, e.g. to ministries (ISO) etc. as listed.",
        "J. K. Rowling wrote 3.5 books.",
        "The rate rose to 4.2% in the U.S. economy.",
        "Next one.",
    ]


def test_etc_before_a_capital_ends_a_sentence_and_stray_bracket_stays_behind():
    s = "Plans (special projects, funds, etc.). ) Open source to the society. Such as books, etc. Then more."
    assert _sents(s, "en") == [
        "Plans (special projects, funds, etc.). )",
        "Open source to the society.",
        "Such as books, etc.",
        "Then more.",
    ]


def test_chinese_sentences_keep_closing_quotes():
    s = "他说：“走吧。”我们就走了。真的吗？是的！"
    assert _sents(s, "zh") == ["他说：“走吧。”", "我们就走了。", "真的吗？", "是的！"]


def test_chinese_clauses_not_inside_brackets_quotes_or_lists():
    s = "加快建设（专项、基金等），推动“宽带中国，光网城市”，发展改革委、工业和信息化部负责，提升能力。"
    got = [s[a:b] for a, b in clause_spans(s, 0, len(s), "zh")]
    assert got == ["加快建设（专项、基金等），", "推动“宽带中国，光网城市”，", "发展改革委、工业和信息化部负责，",
                   "提升能力。"]


def test_chinese_dun_splits_only_between_clauses():
    s = "建立健全政务数据共享责任清单制度、推动户籍社保不动产等高频数据按需共享，完成。"
    got = [s[a:b] for a, b in clause_spans(s, 0, len(s), "zh")]
    assert got[0] == "建立健全政务数据共享责任清单制度、"


def test_english_clauses_on_semicolon_and_new_finite_clause():
    s = "Build platforms; improve services: all of them, which we will review, and we will report."
    got = [s[a:b] for a, b in clause_spans(s, 0, len(s), "en")]
    assert got == ["Build platforms;", "improve services:", "all of them,", "which we will review,",
                   "and we will report."]


def test_jieba_words():
    assert zh_words("互联网创新成果") == ["互联网", "创新", "成果"]


def _assert_round_trip(doc) -> None:
    content = doc.text.content
    for level in ("block", "sentence", "clause"):
        pieces = tile(doc.level(level), len(content))
        assert "".join(content[a:b] for a, b, _ in pieces) == content
        # gaps hold only whitespace and stray punctuation, never words
        for a, b, uid in pieces:
            if uid is None:
                assert not any(ch.isalnum() for ch in content[a:b]), (level, content[a:b])
    # every child lies inside its parent
    for u in doc.units:
        p = doc.get(u.parent)
        if p is not None:
            assert p.start <= u.start and u.end <= p.end, (u, p)


@pytest.mark.parametrize("path", [USER_EN, SAMPLE_EN, SAMPLE_ZH])
def test_round_trip_on_shipped_texts(path):
    _assert_round_trip(segment(read_text(path)))


def test_round_trip_on_odd_inputs():
    for content, lang in [("  lone words without stops  ", "en"), ("一、\n\n（一）\n", "zh"), ("\n\nA.\n\nB!\n", "en")]:
        _assert_round_trip(segment(Text(content, lang)))


def test_presegmented_lines_are_units():
    t = Text("第一句。\n\n第二句，还有。\n", "zh")
    doc = segment(t, presegmented=True)
    assert [doc.text_of(u) for u in doc.level("sentence")] == ["第一句。", "第二句，还有。"]


def test_round_trip_on_mac_test(mac):
    for stem in mac_chapters()[:24]:
        for lang in ("zh", "en"):
            doc = segment(read_text(MAC / f"{stem}.{lang}", lang=lang))
            _assert_round_trip(doc)


def test_presegmented_lines_skip_blank_lines_and_keep_offsets():
    content = "  One; two.\r\n\r\n\t\nThree.  \n"
    doc = segment(Text(content, "en"), presegmented=True)
    assert [(u.id, u.kind, u.start, u.end) for u in doc.level("block")] == [("b0", "paragraph", 2, 11),
                                                                          ("b1", "paragraph", 17, 23)]
    assert [doc.text_of(u) for u in doc.level("clause")] == ["One;", "two.", "Three."]
    assert doc.notes == ()


def test_a_heading_is_not_cut_after_its_marker_and_is_one_clause():
    doc = segment(Text("1. Scope, rivers. This covers rivers, lakes and ponds, which we protect.", "en"))
    heading = doc.of_kind("heading")[0]
    assert [doc.text_of(s) for s in doc.children(heading.id)] == ["1. Scope, rivers."]
    assert [doc.text_of(c) for c in doc.level("clause")] == [
        "1. Scope, rivers.", "This covers rivers, lakes and ponds,", "which we protect."]


# --------------------------------------------------------------------------- pinned segmentation

def _fingerprint(doc) -> str:
    """Every unit and note of a segmented document, hashed: any change to the segmentation changes it."""
    rows = [f"{u.id} {u.kind} {u.start} {u.end} {u.parent} {u.number} {u.value}" for u in doc.units]
    rows += [f"{n.code} {n.unit} {n.start} {n.end} {n.expected!r} {n.message}" for n in doc.notes]
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16]


_PINNED = {
    USER_EN: ("ce84d0d8e03f0961",
              {"addressee": 1, "attribution": 23, "clause": 152, "date": 1, "docno": 1, "heading": 32, "item": 25,
               "paragraph": 27, "preamble": 1, "section": 7, "sentence": 149, "signature": 1, "title": 2},
              {"attribution-unclosed": 1, "heading-run-in": 32, "marker-misprinted": 2}),
    SAMPLE_EN: ("4debdaa2e71b7031",
                {"addressee": 1, "attribution": 8, "clause": 47, "date": 1, "docno": 1, "heading": 15, "item": 6,
                 "paragraph": 11, "part": 3, "preamble": 1, "section": 6, "sentence": 44, "signature": 1, "title": 1},
                {"attribution-unclosed": 1, "heading-run-in": 1, "marker-misprinted": 2, "sequence-break": 1}),
    SAMPLE_ZH: ("095895d90c682a74",
                {"addressee": 1, "attribution": 8, "clause": 74, "date": 1, "docno": 1, "heading": 15, "item": 6,
                 "paragraph": 11, "part": 3, "preamble": 1, "section": 6, "sentence": 44, "signature": 1, "title": 1},
                {}),
}


@pytest.mark.parametrize("path", list(_PINNED), ids=lambda p: p.name)
def test_shipped_texts_segment_exactly_as_pinned(path):
    digest, kinds, notes = _PINNED[path]
    doc = segment(read_text(path))
    # the counts say what changed; the digest catches any change at all (an offset, a parent, a message)
    assert dict(Counter(u.kind for u in doc.units)) == kinds
    assert dict(Counter(n.code for n in doc.notes)) == notes
    assert _fingerprint(doc) == digest


def test_mac_test_chapters_segment_exactly_as_pinned(mac):
    digest = hashlib.sha256()
    for stem in mac_chapters():
        for lang in ("zh", "en"):
            for presegmented in (False, True):
                doc = segment(read_text(mac / f"{stem}.{lang}", lang=lang), presegmented=presegmented)
                digest.update(_fingerprint(doc).encode())
    assert (len(mac_chapters()), digest.hexdigest()[:16]) == (24, "b0f04fa54a5e320d")


def test_jieba_caches_in_ipdoc_cache_folder():
    """jieba's dictionary cache goes to ipdoc's cache folder (this session's), not /tmp/jieba.cache."""
    import os
    from pathlib import Path

    assert zh_words("国务院办公厅")
    assert list((Path(os.environ["IPDOC_CACHE"]) / "ipdoc").glob("jieba-prefixes-*.marshal"))


def test_jieba_cache_it_cannot_write_prints_no_traceback(tmp_path):
    """A cache jieba cannot write (here a folder stands where the file goes; for another user, a
    /tmp/jieba.cache owned by the first) printed a traceback on every run."""
    import os
    import subprocess
    import sys

    (tmp_path / "ipdoc").write_text("a file where the cache folder goes")
    r = subprocess.run([sys.executable, "-c", "from ipdoc.segment import zh_words; print(zh_words('国务院办公厅'))"],
                       capture_output=True, text=True, timeout=300, env={**os.environ, "IPDOC_CACHE": str(tmp_path)})
    assert r.returncode == 0 and "国务院" in r.stdout
    assert r.stderr == ""


def test_tagged_words_are_those_of_jieba_posseg(mac):
    """The words ipdoc cuts and the part-of-speech tags it reads from jieba's word list are those
    of jieba.posseg without its HMM (for the words holding the characters asked about), on names,
    idioms, numerals, letters and digits."""
    import jieba.posseg

    from ipdoc.numbers import _ZH_CHARS
    from ipdoc.segment import zh_words_tagged

    lines = ["茅十八说：“一五一十地讲。”他十拿九稳，ABC 12 3x a1b2 c_d e.f 100%\t-3",
             "国务院关于积极推进“互联网+”行动的指导意见（国发〔2015〕40号）", "", "  \r\n"]
    for stem in mac_chapters()[:3]:
        lines += (mac / f"{stem}.zh").read_text(encoding="utf-8").splitlines()
    for line in lines:
        expected, pos = [], 0
        for pair in jieba.posseg.lcut(line, HMM=False):
            holds = any(ch in _ZH_CHARS for ch in pair.word) and pair.flag != "eng"
            expected.append((pos, pos + len(pair.word), pair.word, pair.flag if holds else "x"))
            pos += len(pair.word)
        got = zh_words_tagged(line, _ZH_CHARS)
        # the same words with the same tags; only spaces and punctuation (one character or a CR LF)
        # are left out
        assert [w for w in expected if w in got] == got, line
        assert all(w[2] == "\r\n" or (len(w[2]) == 1 and not w[2].isalnum()) for w in expected if w not in got), line
    assert ("茅十八", "nr") in {(w, t) for _a, _b, w, t in zh_words_tagged("茅十八说", _ZH_CHARS)}


# --------------------------------------------------------------------------- candidate points


def _pieces(text: str) -> list[str]:
    from ipdoc.segment import candidate_cuts

    doc = segment(Text(text, "en"))
    s = doc.level("sentence")[0]
    points = [s.start, *candidate_cuts(doc, s), s.end]
    return [text[a:b].strip() for a, b in itertools.pairwise(points)]


def test_candidate_points_at_commas_and_conjunctions_opening_a_verb_phrase():
    assert _pieces("Adhere to the plan, coordinate development and security, promote reform of urban governance "
                   "and continuously enhance the sense of gain.\n") == [
        "Adhere to the plan,", "coordinate development and security,", "promote reform of urban governance",
        "and continuously enhance the sense of gain."]
    assert _pieces("Results shall be made public and be subject to supervision, but they remain few.\n") == [
        "Results shall be made public", "and be subject to supervision,", "but they remain few."]


def test_no_candidate_point_in_brackets_numbers_or_headings():
    assert _pieces("Pay 1,000 yuan (for rivers, lakes and ponds) to the fund.\n") == [
        "Pay 1,000 yuan (for rivers, lakes and ponds) to the fund."]
    doc = segment(Text("1. Improve networks, build platforms.\n\nText, more text.\n", "en"))
    from ipdoc.segment import candidate_cuts

    heading = doc.level("sentence")[0]
    assert doc.text_of(heading).startswith("1. Improve") and candidate_cuts(doc, heading) == []


def test_candidate_points_leave_the_documents_own_clauses_unchanged():
    text = "Adhere to the plan, coordinate development and security, and continuously enhance the gain.\n"
    doc = segment(Text(text, "en"))
    assert [doc.text_of(c) for c in doc.level("clause")] == [text.strip()]
