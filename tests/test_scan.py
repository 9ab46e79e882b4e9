from __future__ import annotations

import pytest

from ipdoc.scan import HAN, brackets, first_sentence_end, line_spans, sentence_ends, trim


def _split(s: str, lang: str) -> list[str]:
    """The pieces of ``s`` between its sentence ends."""
    out, pos = [], 0
    for cut in sentence_ends(s, 0, len(s), lang):
        out.append(s[pos:cut])
        pos = cut
    return [*out, s[pos:]]


# --------------------------------------------------------------------------- brackets


def test_balanced_brackets_of_both_widths_close_each_other():
    assert brackets("x (1) y （2) z [3］ 《4》") == brackets("", 0) == brackets("ok")
    assert brackets("x (1) y （2) z [3］").stray == ()


def test_stray_closers_and_unclosed_openers_are_reported_by_offset():
    assert brackets("（财政部、人民银行等负责").unclosed == (0,)
    got = brackets("ab) (cd [e")
    assert (got.stray, got.unclosed) == ((2,), (4, 8))


def test_a_closer_closes_its_own_family_and_what_opened_inside_it():
    # ] closes [ at 0 past the ( opened inside it; the ) after it then has no opener
    got = brackets("[a (b] c)")
    assert (got.stray, got.unclosed) == ((8,), ())
    assert brackets("《a〈b》c〉").stray == (6,)


def test_brackets_look_only_inside_the_region():
    assert brackets("ab) (cd", 1, 4).stray == (2,)
    assert brackets("ab) (cd", 3, 7).unclosed == (4,)


# --------------------------------------------------------------------------- English sentences


def test_english_sentences_end_at_stops_before_a_capital():
    assert _split("He came. She left! Did he? Yes.", "en") == ["He came.", " She left!", " Did he?", " Yes."]
    assert _split("lower. case follows", "en") == ["lower. case follows"]
    assert _split("End.\n\nNew paragraph.", "en") == ["End.", "\n\nNew paragraph."]


@pytest.mark.parametrize("s", [
    "Mr. Li met Dr. Wang at 3.5 p.m. today.",
    "See Fig. 3 and Art. 5 of it.",
    "No. 40 was issued.",
    "It rose 4.2% in the U.S. economy.",
    "J. K. Rowling wrote.",
    "Such as books, etc. and more.",
])
def test_english_abbreviations_initials_and_decimals_do_not_end_sentences(s):
    assert _split(s + " Next.", "en") == [s, " Next."]


def test_etc_before_a_capital_ends_a_sentence():
    assert _split("Such as books, etc. Then more.", "en") == ["Such as books, etc.", " Then more."]


def test_english_closing_quotes_and_stray_brackets_stay_with_their_sentence():
    assert _split('He said "Go." Then left.', "en") == ['He said "Go."', " Then left."]
    assert _split("Plans (funds, etc.). ) Open it.", "en") == ["Plans (funds, etc.). )", " Open it."]


# --------------------------------------------------------------------------- Chinese sentences


def test_chinese_sentences_keep_closing_quotes_and_brackets():
    assert _split("他说：“走吧。”我们就走了。真的吗？是的！", "zh") == [
        "他说：“走吧。”", "我们就走了。", "真的吗？", "是的！"]
    assert _split("（一句。）二句。", "zh") == ["（一句。）", "二句。"]
    assert _split("结束。）\n下一句。", "zh") == ["结束。）", "\n下一句。"]


def test_chinese_ellipsis_ends_a_sentence():
    assert _split("等等……然后呢？好。", "zh") == ["等等……", "然后呢？", "好。"]


def test_a_half_width_stop_inside_latin_text_does_not_end_a_chinese_sentence():
    assert _split("Yahoo!Japan用户很多。版本IPv6!好用。", "zh") == ["Yahoo!Japan用户很多。", "版本IPv6!", "好用。"]


def test_the_region_end_is_not_reported():
    assert sentence_ends("一句。 ", 0, 4, "zh") == []
    assert sentence_ends("One. Two.", 0, 9, "en") == [4]
    assert first_sentence_end("One. Two.", 0, 9, "en") == 4
    assert first_sentence_end("no end here", 0, 11, "en") is None


# --------------------------------------------------------------------------- trim, lines, Han


def test_trim_shrinks_a_span_to_its_text():
    assert trim("  ab c \n", 0, 8) == (2, 6)
    assert trim("xx  ab  yy", 2, 8) == (4, 6)
    assert trim("   ", 0, 3) == (3, 3)


def test_line_spans_are_non_blank_trimmed_lines():
    s = "a\r\n\r\n  b  \n\t\nc"
    assert [s[a:b] for a, b in line_spans(s)] == ["a", "b", "c"]
    assert line_spans("") == [] and line_spans(" \n\u3000\n") == []
    assert len(line_spans("a\u2028b\x0cc")) == 3  # every Unicode line boundary


def test_line_spans_of_a_region_keep_offsets_into_the_whole_text():
    s = "x\ny z\n\nw"
    assert line_spans(s, 2, 8) == [(2, 5), (7, 8)]
    assert line_spans(s, 3) == [(4, 5), (7, 8)]  # " z" trimmed


def test_han_covers_the_cjk_ideograph_blocks():
    assert HAN.findall("中文abc㐀豈，。") == ["中", "文", "㐀", "豈"]
