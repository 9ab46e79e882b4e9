from __future__ import annotations

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
    assert got == ["加快建设（专项、基金等），", "推动“宽带中国，光网城市”，", "发展改革委、工业和信息化部负责，", "提升能力。"]


def test_chinese_dun_splits_only_between_clauses():
    s = "建立健全政务数据共享责任清单制度、推动户籍社保不动产等高频数据按需共享，完成。"
    got = [s[a:b] for a, b in clause_spans(s, 0, len(s), "zh")]
    assert got[0] == "建立健全政务数据共享责任清单制度、"


def test_english_clauses_on_semicolon_and_new_finite_clause():
    s = "Build platforms; improve services: all of them, which we will review, and we will report."
    got = [s[a:b] for a, b in clause_spans(s, 0, len(s), "en")]
    assert got == ["Build platforms;", "improve services:", "all of them,", "which we will review,", "and we will report."]


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
