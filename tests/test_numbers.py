"""The number model: Chinese and English quantities, their comparison, figures written back.

The sentence pairs in tests/data/numbers/pairs.tsv (government-style and literary, each
faithful or with figures altered) are the acceptance set; the MAC-Test benchmark is
scripts/bench_numbers.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipdoc import lexicon, numbers
from ipdoc.numbers import Quantity, compare, en_quantities, english, render_en, same, zh_numeral, zh_quantities

PAIRS = Path(__file__).parent / "data" / "numbers" / "pairs.tsv"


def one_zh(text: str) -> Quantity:
    found = zh_quantities(text)
    assert len(found) == 1, found
    return found[0]


def one_en(text: str) -> Quantity:
    found = en_quantities(text)
    assert len(found) == 1, found
    return found[0]


def mismatches(zh: str, en: str) -> set[tuple[str, str]]:
    result = compare(zh_quantities(zh), en_quantities(en))
    return {(m.zh.text if m.zh else "", m.en.text if m.en else "") for m in result.mismatches}


# ----------------------------------------------------------------------------- Chinese numerals


@pytest.mark.parametrize("numeral, value", [
    ("二十一", 21), ("十五", 15), ("二〇一五", 2015), ("一九五七", 1957), ("三万六千五百", 36500),
    ("三万六千五百零一", 36501), ("一千零五", 1005), ("三千二", 3200), ("两百五", 250), ("一万二", 12000),
    ("一亿五千万", 150_000_000), ("两万亿", 2e12), ("万亿", 1e12), ("十万", 100_000), ("三千两", 3000),
    ("贰拾", 20), ("一百一", 110), ("零", 0),
])
def test_zh_numeral_values(numeral, value):
    assert zh_numeral(numeral) == value


@pytest.mark.parametrize("not_one", ["三四十", "十十", "一二十", "", "十几", "abc"])
def test_zh_numeral_refuses_what_is_not_one_numeral(not_one):
    assert zh_numeral(not_one) is None


def _cjk(n: int) -> str:
    """A Chinese numeral for 0 < n < 10**8, written for this test (the oracle)."""
    digits = "零一二三四五六七八九"

    def below(k: int, leading: bool) -> str:
        out, zero = "", False
        for unit, place in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = k // unit % 10
            if d:
                if zero and out:
                    out += "零"
                out += ("" if (place == "十" and d == 1 and not out and leading) else digits[d]) + place
                zero = False
            elif out or not leading:
                zero = True
        return out

    high, low = divmod(n, 10_000)
    if not high:
        return below(low, True)
    text = below(high, True) + "万"
    if low:
        text += ("零" if low < 1000 else "") + below(low, False).lstrip("零")
    return text


@given(st.integers(min_value=1, max_value=99_999_999))
def test_zh_numeral_reads_every_numeral_it_is_given(n):
    assert zh_numeral(_cjk(n)) == n


# ----------------------------------------------------------------------------- Chinese quantities


def test_magnitudes_with_digits():
    assert one_zh("补助10万元").low == 100_000
    assert one_zh("安排300亿元").low == 3e10
    assert one_zh("2万亿元").low == 2e12  # not 1.0001e8
    q = one_zh("1.5万亿元")
    assert (q.low, q.step, q.digits) == (1.5e12, 1e11, True)
    assert one_zh("1,000万元").low == 1e7
    assert one_zh("３００亿元").low == 3e10  # full-width digits


@pytest.mark.parametrize("text, low, high", [
    ("十几个人", 10, 19), ("几十年", 20, 90), ("三四十户", 30, 40), ("十五六岁", 15, 16), ("两三天", 2, 3),
    ("二十多年", 20, 29), ("一百多人", 100, 190), ("十多万人", 100_000, 190_000), ("上百人", 100, 999),
    ("近百人", 80, 100), ("三十几步", 30, 39),
])
def test_approximations_are_ranges(text, low, high):
    q = one_zh(text)
    assert (q.low, q.high, q.approx) == (low, high, True)


def test_kinds():
    assert (one_zh("占百分之十五").kind, one_zh("占百分之十五").low) == ("percent", 15)
    assert one_zh("增长33.3%").kind == "percent"
    assert (one_zh("提高3个百分点").kind, one_zh("提高3个百分点").low) == ("points", 3)
    assert one_zh("三成").low == 30 and one_zh("三成").kind == "percent"
    frac = one_zh("三分之一的人")
    assert frac.kind == "fraction" and frac.low == pytest.approx(1 / 3)
    assert one_zh("增长一倍").kind == "multiple"
    assert one_zh("翻两番").low == 4
    assert (one_zh("第十四队").kind, one_zh("第十四队").low) == ("ordinal", 14)
    assert (one_zh("“十四五”规划").kind, one_zh("“十四五”规划").low) == ("ordinal", 14)


def test_years_decades_and_dates():
    assert (one_zh("一九五七年").kind, one_zh("一九五七年").year) == ("year", 1957)
    assert one_zh("二〇一五年").year == 2015
    assert one_zh("l966年初").year == 1966  # a Latin l for the digit 1
    decade = one_zh("八十年代初")
    assert (decade.kind, decade.low, decade.high) == ("decade", 80, 89)
    date = one_zh("2015年7月1日")
    assert (date.kind, date.year, date.month, date.day, date.text) == ("date", 2015, 7, 1, "2015年7月1日")
    assert (one_zh("二〇二三年十二月三十一日").month, one_zh("二〇二三年十二月三十一日").day) == (12, 31)
    assert (one_zh("正月初十").month, one_zh("正月初十").day) == (1, 10)
    assert (one_zh("“四·二八”兵团").month, one_zh("“四·二八”兵团").day) == (4, 28)
    assert one_zh("六二届").year == 62


@pytest.mark.parametrize("text", [
    "茅十八走了", "他做事十拿九稳", "一五一十地说了", "十分重要", "他一直没来", "万一他来了", "星期三", "5G网络",
    "IPv6地址", "三八大盖", "1．弄堂", "（三）加强保障", "任务完成。2．加强保障",
])
def test_not_quantities(text):
    assert [q for q in zh_quantities(text) if q.countable] == []


def test_offsets_point_into_the_text():
    text = "到2020年，全省新建5G基站2万个，投资300亿元。"
    for q in zh_quantities(text):
        assert text[q.start:q.end] == q.text


_ZH_ALPHABET = ("〇零一二两三四五六七八九十百千万亿几多余左右以上第百分之点个年月日号代倍番初正·—至到"
                "0123456789.,%％人天元里 lIG")
_EN_WORDS = ("about", "more", "than", "one", "two", "twenty", "hundred", "thousand", "million", "first", "third",
             "half", "July", "of", "or", "to", "s")

# the first call loads jieba and the dictionary: no per-example deadline
@settings(deadline=None)
@given(st.text(alphabet=_ZH_ALPHABET, max_size=30))
def test_any_chinese_string_is_read_without_error(text):
    for q in zh_quantities(text):
        assert text[q.start:q.end] == q.text and q.low <= q.high


@settings(deadline=None)
@given(st.lists(st.sampled_from([*_EN_WORDS, *"0123456789 ,.%-–'"]), max_size=20).map("".join))
def test_any_english_string_is_read_without_error(text):
    for q in en_quantities(text):
        assert text[q.start:q.end] == q.text and q.low <= q.high


def test_measures():
    assert one_zh("走了二十公里").unit == "km"
    assert one_zh("三千两银子").unit == "tael"
    assert one_en("twelve miles").unit == "mile"


# ----------------------------------------------------------------------------- English quantities


@pytest.mark.parametrize("text, value", [
    ("100,000 yuan", 100_000), ("30 billion", 3e10), ("2 trillion", 2e12), ("1.5 trillion", 1.5e12),
    ("twenty-one", 21), ("two hundred and fifty", 250), ("thirty-six thousand, five hundred and one", 36501),
    ("nineteen fifty-seven", 1957), ("a century", 100), ("fourteenth", 14), ("14th", 14), ("twenty-first", 21),
    ("half a million", 500_000), ("RMB 300 million", 3e8),
])
def test_english_values(text, value):
    assert one_en(text).low == value


def test_english_approximations_and_ranges():
    q = one_en("more than ten")
    assert q.approx and q.low == 10 and q.high > 10
    assert (one_en("thirty or forty").low, one_en("thirty or forty").high) == (30, 40)
    assert (one_en("between 10 and 15").low, one_en("between 10 and 15").high) == (10, 15)
    assert (one_en("3 to 5 years").low, one_en("3 to 5 years").high) == (3, 5)
    assert (one_en("20-30%").kind, one_en("20-30%").high) == ("percent", 30)
    assert one_en("a dozen").approx
    assert (one_en("dozens of").low, one_en("hundreds of thousands").low) == (24, 200_000)
    assert one_en("twenty-odd").approx
    assert one_en("ten li or so").approx


def test_english_kinds():
    assert one_en("15%").kind == one_en("15 per cent").kind == one_en("fifteen percent").kind == "percent"
    assert one_en("3 percentage points").kind == "points"
    assert one_en("one third").kind == "fraction"
    assert one_en("doubled").kind == "multiple"
    assert (one_en("1957").kind, one_en("the 1980s").kind, one_en("the eighties").low) == ("year", "decade", 80)
    assert (one_en("July 1, 2015").month, one_en("1 July 2015").day) == (7, 1)
    assert one_en("April Twenty-eighth").day == 28
    lunar = one_en("the fifteenth day of the eighth month")
    assert (lunar.kind, lunar.month, lunar.day) == ("date", 8, 15)


def test_split_numbers_are_read_as_meant():
    text = "reach 8 5% by 20 25 March 15"
    pct, date = en_quantities(text)
    assert (pct.text, pct.kind, pct.low) == ("8 5%", "percent", 85)
    assert (date.text, date.year, date.month, date.day) == ("20 25 March 15", 2025, 3, 15)
    assert [q.low for q in en_quantities("In 2015 20 projects")] == [2015, 20]


@pytest.mark.parametrize("text", ["5G", "IPv6", "at 3:30 pm", "nineteen to the dozen", "Type-38 rifles",
                                  "1. The team leader", "support. 2. Improve", "(3) Improve"])
def test_english_not_quantities(text):
    assert en_quantities(text) == []


# ----------------------------------------------------------------------------- same


@pytest.mark.parametrize("zh, en", [
    ("10万元", "100,000 yuan"), ("300亿元", "30 billion"), ("2万亿元", "2 trillion"), ("1.52万亿元", "1.5 trillion"),
    ("300万", "3 million"), ("十几个人", "more than ten"), ("十几个人", "a dozen"), ("三四十个", "thirty or forty"),
    ("一九五七年", "1957"), ("八十年代", "the 1980s"), ("八十年代", "the eighties"), ("五十多岁", "his fifties"),
    ("百分之十五", "15%"), ("3个百分点", "3 percentage points"), ("三分之一", "one third"), ("三分之一", "33%"),
    ("增长一倍", "doubled"), ("增长一倍", "100%"), ("翻两番", "quadrupled"), ("第十四", "fourteenth"),
    ("2015年7月1日", "July 1, 2015"), ("2015年7月1日", "1 July 2015"), ("七月", "July"), ("近百年", "nearly a century"),
    ("二十一", "21"), ("约2100万", "about 21 million"), ("3%左右", "around 3%"),
])
def test_same(zh, en):
    assert same(one_zh(zh), one_en(en))


@pytest.mark.parametrize("zh, en", [
    ("10万元", "10 yuan"), ("300万", "300 million"), ("300亿元", "3 billion"), ("3万", "32,000"),
    ("1.5万亿元", "1.52 trillion"),  # the English may round, not add precision
    ("3.88万亿元", "3.8 trillion"), ("2027年", "2028"), ("三分之一", "one quarter"), ("三分之一", "30%"),
    ("翻一番", "tripled"), ("增长一倍", "tripled"), ("2015年7月1日", "June 1, 2015"), ("八十年代", "the 1970s"),
    ("二十多年", "more than thirty"), ("5.5%左右", "around 6.5%"),
])
def test_not_same(zh, en):
    assert not same(one_zh(zh), one_en(en))


# ----------------------------------------------------------------------------- compare


def test_changed_figure_with_its_conversion():
    result = compare(zh_quantities("中央财政安排300亿元。"), en_quantities("The centre will allocate 3 billion yuan."))
    (m,) = result.mismatches
    assert (m.zh.text, m.en.text, m.severity) == ("300亿", "3 billion", "error")
    assert m.conversion == "300亿 = 30 billion"
    assert m.message() == "'3 billion' where the aligned Chinese has '300亿' (300亿 = 30 billion)"


def test_missing_and_added_figures():
    assert mismatches("增长3%，支出增长7%。", "Spending will grow by 7%.") == {("3%", "")}
    assert mismatches("新增就业1100万人。", "11 million new jobs, 20% more than planned.") == {("", "20%")}
    (m,) = compare(zh_quantities("增长3%。"), en_quantities("It will grow.")).mismatches
    assert m.message() == "the Chinese has '3%' but the aligned English does not"


def test_words_are_a_warning_and_small_numbers_are_free():
    (m,) = compare(zh_quantities("那年她二十一岁。"), en_quantities("She was twenty-two that year.")).mismatches
    assert m.severity == "warning"
    assert mismatches("四人都退出房去。", "The other three left the room.") == set()
    assert mismatches("年方三岁，年过半百。", "Just two years old, he was past fifty.") == set()


def test_neighbours_and_repetitions():
    zh, en = zh_quantities("到2027年建成300个。"), en_quantities("300 will be built.")
    assert {m.zh.text for m in compare(zh, en).mismatches if m.zh} == {"2027年"}
    near = en_quantities("This is the plan to 2027.")
    result = compare(zh, en, near_en=near)
    assert result.mismatches == () and [q.text for q in result.elsewhere] == ["2027年"]
    assert mismatches("住十天，再住十天。", "ten days there, ten days here; ten days was the limit") == set()


def test_conversions_and_range_ends():
    assert mismatches("高二十丈。", "two hundred feet high") == set()
    assert mismatches("2020年至2025年", "between the years 2020 and 2025") == set()
    assert mismatches("2020年至2025年", "from 2020 to 2025") == set()
    assert mismatches("六二至六五届", "Between the years of 1962 and 1965") == set()


# ----------------------------------------------------------------------------- figures written back


@pytest.mark.parametrize("zh, like, written", [
    ("10万元", "1,000,000", "100,000"), ("10万元", "10", "100000"), ("300万", "300 million", "3 million"),
    ("300亿元", "3 billion", "30 billion"), ("300万", "3 billion", "3 million"),
    ("1.52万亿元", "1.5 trillion", "1.52 trillion"), ("百分之十五", "50%", "15%"),
    ("百分之十五", "50 percent", "15 percent"), ("第三十二条", "23", "32"), ("第二十二", "23rd", "22nd"),
    ("2027年", "2028", "2027"), ("3个百分点", "2 percentage points", "3 percentage points"),
])
def test_render_en(zh, like, written):
    assert render_en(one_zh(zh), like) == written


@pytest.mark.parametrize("zh, like", [
    ("十几个", "20"), ("三分之一", "25%"), ("2015年7月1日", "2016"), ("增长一倍", "3"), ("300亿元", "thirty billion"),
    ("百分之十五", "15 million"), ("3—5年", "4"),
])
def test_render_en_refuses_what_it_cannot_derive(zh, like):
    assert render_en(one_zh(zh), like) is None


@settings(deadline=None)
@given(st.integers(min_value=1, max_value=99_999), st.sampled_from(["万", "亿", "万亿"]),
       st.sampled_from(["1,000", "3 million", "3 billion", "2 trillion", "7"]))
def test_render_en_round_trip(n, magnitude, like):
    q = one_zh(f"安排{n}{magnitude}元")
    written = render_en(q, like)
    if written is not None:
        assert same(q, one_en(written))
        assert one_en(written).low == pytest.approx(q.low)


def test_english_for_messages():
    assert english(one_zh("300亿元")) == "30 billion"
    assert english(one_zh("10万元")) == "100,000"
    assert english(one_zh("2015年7月1日")) == "July 1, 2015"
    assert english(one_zh("八十年代")) == "the 80s"
    assert english(one_zh("三十多岁")) == "more than 30"
    assert english(one_zh("三分之一")) == "1/3"


# ----------------------------------------------------------------------------- the aligner's helpers


def test_lexicon_reexports_the_number_helpers():
    assert lexicon.zh_number is numbers.zh_number and lexicon.numbers_in is numbers.numbers_in
    assert lexicon.numbers_in("二十一", "zh") == [21]
    assert lexicon.numbers_in("三四十", "zh") == [40]  # a range keys on its upper end, as before
    assert lexicon.numbers_in("in 20 15", "en") == [2015]
    assert lexicon.numbers_in("twenty-one", "en") == [21]
    assert lexicon.zh_number("四十五万两") == 450_000  # 两 after a unit is the tael


# ----------------------------------------------------------------------------- the test set


def _pairs():
    out = []
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            pid, genre, expect, zh, en = line.split("\t")
            want = set() if expect == "ok" else {tuple(x.split("=>")) for x in expect.split("; ")}
            out.append(pytest.param(zh, en, want, id=f"{pid}-{genre}"))
    return out


def test_the_set_is_large_and_mixed():
    rows = [p.values for p in _pairs()]
    assert len(rows) >= 60
    assert sum(1 for _zh, _en, want in rows if want) >= 30
    assert {p.id.split("-")[1] for p in _pairs()} == {"gov", "lit"}


@pytest.mark.parametrize("zh, en, want", _pairs())
def test_pair(zh, en, want):
    assert mismatches(zh, en) == want


# ----------------------------------------------------------------------------- the sample pair


def test_sample_pair_numbers_through_its_gold_alignment():
    """The shipped sample pair: exactly the two changed figures, each with its fix."""
    from conftest import SAMPLE_EN, SAMPLE_GOLD, SAMPLE_ZH
    from ipdoc.align.evaluate import parse_beads
    from ipdoc.pipeline import load

    zh, en = load(SAMPLE_ZH, "zh"), load(SAMPLE_EN, "en")
    zs, es = zh.level("sentence"), en.level("sentence")
    found = []
    for z, e in parse_beads(SAMPLE_GOLD.read_text()):
        if z and e:
            zt = zh.text.content[zs[z[0]].start:zs[z[-1]].end]
            et = en.text.content[es[e[0]].start:es[e[-1]].end]
            found += compare(zh_quantities(zt), en_quantities(et)).mismatches
    fixes = {(m.en.text, render_en(m.zh, m.en.text)) for m in found if m.zh and m.en}
    assert fixes == {("2028", "2027"), ("200", "300")}
    assert len(found) == 2


# ----------------------------------------------------------------------------- MAC-Test


def test_few_mismatches_on_clean_literary_chapters(mac):
    from ipdoc.align.evaluate import parse_beads

    found = 0
    for stem in ("005", "013", "021"):
        zh = (mac / f"{stem}.zh").read_text(encoding="utf-8").splitlines()
        en = (mac / f"{stem}.en").read_text(encoding="utf-8").splitlines()
        for z, e in parse_beads((mac / f"{stem}.gold").read_text()):
            if z and e:
                zt, et = "\n".join(zh[i] for i in z), " ".join(en[j] for j in e)
                found += len(compare(zh_quantities(zt), en_quantities(et)).mismatches)
    assert found <= 3
