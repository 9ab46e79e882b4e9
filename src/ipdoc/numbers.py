"""Numbers in Chinese and English text: what each is worth, and whether two agree.

:func:`zh_quantities` and :func:`en_quantities` find the quantities of a string
(cardinals, ordinals, percentages, percentage points, fractions, multiples, years,
decades, dates; exact figures, approximations and ranges) with their spans.
:func:`same` says whether an English quantity renders a Chinese one (ranges
overlap, approximations and rounding tolerated, 万 and 亿 converted);
:func:`compare` pairs the quantities of a Chinese unit with those of its English
and says what differs, each difference with the conversion an editor needs
("300亿 = 30 billion"); :func:`render_en` writes a Chinese value the way the
English figure it replaces was written.

Numerals inside names (jieba's ``nr`` words: 茅十八), idioms and set phrases
(CC-CEDICT's "(idiom)", jieba's ``i`` and ``l``: 十拿九稳, 一五一十) and words that
merely contain a numeral (十分 "very", 一直 "always") are not quantities.

The helpers the aligner reads its number keys from (:func:`zh_number`,
:func:`numbers_in`, :func:`en_number_phrases`) live here too.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

# --------------------------------------------------------------------------- tables

_EN_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000, "first": 1, "second": 2,
    "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
    "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
    "fortieth": 40, "fiftieth": 50, "hundredth": 100, "dozen": 12, "half": 0.5, "twice": 2,
}
#: English words the aligner reads as numbers
NUMBER_WORDS = frozenset(_EN_NUMBERS)

_ZH_DIGIT = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9}
_ZH_UNIT = {"十": 10, "百": 100, "千": 1000}
_ZH_CHARS = "〇零○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億"
#: a run of Chinese numeral characters
ZH_NUMERAL = re.compile(f"[{_ZH_CHARS}]+")
_PLAIN = str.maketrans("壹贰叁肆伍陆柒捌玖拾佰仟萬億○", "一二三四五六七八九十百千万亿〇")
# full-width digits and signs, one character for one (offsets are kept)
_HALF = str.maketrans("０１２３４５６７８９．％，－", "0123456789.%,-")

# --------------------------------------------------------------------------- Chinese numerals


def zh_numeral(s: str) -> float | None:
    """The value of a well-formed Chinese numeral, or None.

    二十一 -> 21, 二〇一五 -> 2015, 三万六千五百 -> 36500, 一万二 -> 12000, 两万亿 -> 2e12,
    三千两 -> 3000 (两 after a unit is the tael); 三四十 is a range, not a numeral.
    """
    s = s.translate(_PLAIN)
    if not s or any(ch not in _ZH_DIGIT and ch not in "十百千万亿" for ch in s):
        return None
    if len(s) > 1 and s[-1] == "两" and s[-2] in "十百千万亿":
        s = s[:-1]
    if len(s) > 1 and all(ch in _ZH_DIGIT for ch in s):
        return float("".join(str(_ZH_DIGIT[ch]) for ch in s))
    return _zh_big(s)


def _zh_big(s: str) -> float | None:
    """A numeral split at its last 亿 or 万: head × unit + tail (万亿 = 10¹²)."""
    for unit, mult in (("亿", 1e8), ("万", 1e4)):
        k = s.rfind(unit)
        if k < 0:
            continue
        head, tail = s[:k], s[k + 1:].lstrip("〇零")
        hv = _zh_big(head) if head else 1.0
        if hv is None:
            return None
        if head and len(tail) == 1 and tail in _ZH_DIGIT and s[k + 1] not in "〇零":
            return hv * mult + _ZH_DIGIT[tail] * mult / 10  # 一万二 = 12000
        tv = _zh_big(tail) if tail else 0.0
        return None if tv is None or tv >= mult else hv * mult + tv
    return _zh_section(s)


def _zh_section(s: str) -> float | None:
    """A numeral below 10000: 二十五, 十五, 一千零五, 三千二 (= 3200)."""
    total, digit, last_unit, zero = 0, -1, 0, False
    for ch in s:
        if ch in "〇零":
            zero = True
        elif ch in _ZH_DIGIT:
            if digit >= 0:
                return None
            digit = _ZH_DIGIT[ch]
        else:
            unit = _ZH_UNIT[ch]
            if last_unit and unit >= last_unit:
                return None
            total += (1 if digit < 0 else digit) * unit
            digit, last_unit, zero = -1, unit, False
    if digit >= 0:
        total += digit * last_unit // 10 if last_unit >= 100 and not zero else digit
    return float(total)


def zh_number(s: str) -> float | None:
    """The value of a Chinese numeral (二十一 -> 21, 二〇一五 -> 2015, 三万 -> 30000), or None."""
    if not s or not ZH_NUMERAL.fullmatch(s):
        return None
    return zh_numeral(s)


# --------------------------------------------------------------------------- the aligner's helpers

_ZH_PERCENT_OF = re.compile(r"百分之([〇零一二两三四五六七八九十百]+|\d+(?:\.\d+)?)")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


def numbers_in(s: str, lang: str) -> list[float]:
    """Numbers written in a string: digits (split ones joined: ``20 15``), numerals, number words."""
    out: list[float] = []
    joined = re.sub(r"(?<=\d) (?=\d)", "", s)
    for m in _DIGITS.finditer(joined):
        with contextlib.suppress(ValueError):
            out.append(float(m.group().replace(",", "")))
    if lang == "zh":
        # 百分之十 is 10 (per cent), not 100 and 10
        s = _ZH_PERCENT_OF.sub(lambda m: m.group(1), s)
        for m in ZH_NUMERAL.finditer(s):
            v = zh_number(m.group())
            if v is None:  # 三四十, 十五六: the upper end
                words = _zh_words_value(m.group())
                v = words[1] if words is not None else None
            if v is not None and not (m.group() == "一" and len(s) > 1):
                out.append(v)
    else:
        out += [v for v, a, b in en_number_phrases(s) if s[a:b].lower() not in ("one", "second", "half")]
    return out


_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}


def en_number_phrases(s: str) -> list[tuple[float, int, int]]:
    """Numbers written in English words, with their spans: "two hundred", "twenty-one",
    "three thousand five hundred", "a hundred", "fourteenth"."""
    out: list[tuple[float, int, int]] = []
    words = list(re.finditer(r"[A-Za-z]+(?:-[A-Za-z]+)?", s))
    k = 0
    while k < len(words):
        total, current, start, end, seen = 0.0, 0.0, -1, -1, False
        j = k
        while j < len(words):
            w = words[j].group().lower()
            parts = w.split("-")
            if all(p in _EN_NUMBERS for p in parts) and not (len(parts) > 1 and parts[0] in _SCALES):
                v = sum(_EN_NUMBERS[p] for p in parts if p not in _SCALES)
                if w in _SCALES:
                    current = (current or 1) * _SCALES[w]
                    if _SCALES[w] >= 1000:
                        total += current
                        current = 0
                else:
                    current += v
                start = words[j].start() if start < 0 else start
                end = words[j].end()
                seen = True
                j += 1
            elif w in ("a", "an") and j + 1 < len(words) and words[j + 1].group().lower() in _SCALES and not seen:
                start = words[j].start()
                current = 1
                j += 1
            elif w == "and" and seen and j + 1 < len(words) and \
                    words[j + 1].group().lower().split("-")[0] in _EN_NUMBERS:
                j += 1
            else:
                break
        if seen:
            out.append((float(total + current), start, end))
            k = j
        else:
            k += 1
    return out


# --------------------------------------------------------------------------- quantities

#: what a quantity can be
KINDS = ("cardinal", "ordinal", "percent", "points", "fraction", "multiple", "year", "decade", "date")
_GROUP = {"cardinal": "number", "ordinal": "number", "multiple": "number", "year": "number",
          "percent": "ratio", "points": "ratio", "fraction": "ratio", "decade": "decade", "date": "date"}
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number found in a text: where, what it is worth (``low``..``high``), what kind.

    ``digits``: written in digits, a figure that must match exactly (in words it may be
    rendered freely). ``step``: the place of its last written digit (300亿: 10⁸; 1.5
    trillion: 10¹¹), the rounding a rendering of it may make. A date keeps the
    ``year``, ``month`` and ``day`` written; a decade without its century (八十年代)
    has ``low`` 80.
    """

    start: int
    end: int
    text: str
    low: float
    high: float
    kind: str = "cardinal"
    approx: bool = False
    digits: bool = False
    step: float = 1.0
    year: int | None = None
    month: int | None = None
    day: int | None = None
    unit: str = ""  # a measure written after it, normalised: "km", "mile", "zhang" (丈), "tael" (两)

    @property
    def exact(self) -> bool:
        """One value, not an approximation or a range."""
        return not self.approx and self.low == self.high

    @property
    def countable(self) -> bool:
        """Worth comparing at all: 一 and "one", "first" in words are as often an article or a
        manner of speaking as a number."""
        return self.digits or self.kind in ("fraction", "date", "decade", "percent", "points") or self.high > 1

    @property
    def firm(self) -> bool:
        """A figure a faithful translation keeps: in digits, a date, a percentage, a fraction
        other than a half, a multiple said as one (一倍, 翻一番, three times), or ten and more."""
        if not self.countable:
            return False
        if self.digits or self.kind in ("date", "decade", "percent", "points", "year"):
            return True
        if self.kind == "fraction":
            return self.low != 0.5
        if self.kind == "multiple":
            return bool(re.search(r"[倍番]|times$|fold$", self.text))
        return self.low >= 10


# --------------------------------------------------------------------------- measures

# a measure word after a figure, normalised, and what it measures: a figure in one
# measure rendered in another (二十公里 ↔ twelve miles) is a conversion, not a change
_ZH_UNITS = {"公里": "km", "千米": "km", "英里": "mile", "里": "li", "厘米": "cm", "毫米": "mm", "米": "m",
             "丈": "zhang", "尺": "chi", "寸": "cun", "英尺": "foot", "码": "yard", "公斤": "kg", "千克": "kg",
             "斤": "jin", "两": "tael", "克": "g", "吨": "ton", "磅": "pound", "亩": "mu", "公顷": "hectare",
             "平方公里": "km2", "平方米": "m2"}
_EN_UNITS = {"kilometre": "km", "kilometer": "km", "km": "km", "mile": "mile", "li": "li", "centimetre": "cm",
             "centimeter": "cm", "cm": "cm", "millimetre": "mm", "millimeter": "mm", "mm": "mm", "metre": "m",
             "meter": "m", "foot": "foot", "feet": "foot", "inch": "inch", "inche": "inch", "yard": "yard",
             "kilogram": "kg", "kilo": "kg", "kg": "kg", "catty": "jin", "catti": "jin", "jin": "jin",
             "tael": "tael", "gram": "g", "ton": "ton", "tonne": "ton", "pound": "pound", "ounce": "ounce",
             "mu": "mu", "acre": "acre", "hectare": "hectare"}
_DIMENSION = {u: "length" for u in ("km", "mile", "li", "cm", "mm", "m", "zhang", "chi", "cun", "foot", "inch", "yard")}
_DIMENSION |= {u: "weight" for u in ("kg", "jin", "tael", "g", "ton", "pound", "ounce")}
_DIMENSION |= {u: "area" for u in ("mu", "acre", "hectare", "km2", "m2")}
_ZH_UNIT_RE = re.compile("(?:个)?(" + "|".join(sorted(_ZH_UNITS, key=len, reverse=True)) + ")")
_EN_UNIT_RE = re.compile(r"[\s-](?:square\s+)?(" + "|".join(sorted(_EN_UNITS, key=len, reverse=True))
                         + r")(?:e?s)?\b", re.I)


def _converted(zh: Quantity, en: Quantity) -> bool:
    """A figure given in another measure of the same dimension: a conversion the model cannot check."""
    return bool(zh.unit and en.unit and zh.unit != en.unit and _DIMENSION.get(zh.unit) == _DIMENSION.get(en.unit))


# --------------------------------------------------------------------------- Chinese

_ZN = f"[{_ZH_CHARS}几]*[{_ZH_CHARS}][{_ZH_CHARS}几]*|几[十百千万亿]"
_DN = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_ZH_CORE = re.compile(
    r"(?P<pre>百分之|第|约|大约|近|将近|接近|逾|超过|不到|不足|至少|不少于|不低于|不超过|不高于|多于|少于|高于|低于"
    r"|[上成](?=[百千万亿])|数(?=[十百千万]))?"
    rf"(?:(?P<d>{_DN})(?P<mag>[十百千]?万亿|[十百千]?[万亿])?|(?P<z>{_ZN}))"
    rf"(?:分之(?:(?P<d2>{_DN})|(?P<z2>[{_ZH_CHARS}]+)))?"
)
_ZH_SUFFIX = re.compile(
    r"(?P<pct>%|‰)|(?P<pts>个?百分点)|(?P<mul>倍)|(?P<dec>年代)|(?P<year>年)|(?P<month>月)|(?P<day>[日号])"
    r"|(?P<cheng>成)(?![为功了立长熟果绩员本交品年人分就型])|(?P<lai>来)"
)
_ZH_APX = re.compile(r"(?P<cl>[个岁年天元人次件条项家户所名位])?"
                     r"(?P<apx>多(?![少么])|余|左右|上下|以上|以下|以内|开外|出头)(?P<mag>万亿|亿|万)?")
_ZH_RANGE = re.compile(r"\s*(?:[-—–~～至到]+)\s*")
_ZH_DOUBLE = re.compile(r"翻了?(?P<n>一|两|二|三|1|2|3)番")
_ZH_HALF = re.compile(r"一半|半数")
_ISO_DATE = re.compile(r"(?<!\d)(?P<y>(?:1[89]|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)(?!\d)")
_ZH_SKIP = re.compile(r"(?:星期|礼拜|周)[一二三四五六日天]|\d{1,2}:\d\d")
# a list marker ((3), （一）, and 1． 14. 一、 at the start of a line or a sentence): structure, not a quantity
_MARKER = re.compile(r"[(（]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）]"
                     r"|(?:^|(?<=[。；：！？\n]))\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[.．、](?!\d)")
# 四·二八, 五·四, 九一八: dates that name events and factions
_ZH_MONTH_DAY = re.compile(r"(?P<m>十[一二]?|[一二三四五六七八九])[·・]"
                           r"(?P<d>[一二三]?[〇一二三四五六七八九]|[一二三]?十[一二三四五六七八九]?)"
                           r"(?![〇一二三四五六七八九十])")
# lunar months and the first ten days of a month: 正月初十
_ZH_LUNAR = re.compile(r"(?P<m>正|冬|腊)月|初(?P<d>[一二三四五六七八九十])(?![〇一二三四五六七八九十])")
# “十四五”规划: the fourteenth five-year plan
_ZH_PLAN = re.compile(r"(?P<n>十[一二三四五]|[六七八九十])五(?=”?(?:规划|计划|时期|期间))")
# 六二届, 八五级: a year of the century
_ZH_SHORT_YEAR = re.compile(r"(?<![〇零一二三四五六七八九十百千])(?P<y>[〇一二三四五六七八九]{2})"
                            r"(?=届|级|年(?!代)|[至到—\-~～][〇一二三四五六七八九]{2}(?:届|级|年(?!代)))")
# OCR: a Latin l for the digit 1 in Chinese text (l966年)
_OCR_ONE = re.compile(r"(?<![A-Za-z])[lI](?=\d)")
# a numeral and its measure word (二人, 一块, 十几个): a count, whatever the dictionary says of the word
_MEASURES = "个位名人岁年天次元块张只条件本头匹把间座层步遍趟斤两里丈尺寸亩户家辆艘架台封篇首杯碗瓶"
_NUMERAL_PHRASE = re.compile(f"[近约上数逾]?[{_ZH_CHARS}几]+[多余来]?[{_MEASURES}]?")
_COUNTED = re.compile(f"[近约上数逾]?[{_ZH_CHARS}几]+[多余来]?[{_MEASURES}]")
_HAS_NUMERAL = re.compile(f"[{_ZH_CHARS}]")
_NUMERIC_GLOSS = re.compile(
    r"\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|dozen|first|second|third|"
    r"\w+th|half|percent|double|triple|times|number|numeral|\d+|" + "|".join(MONTH_NAMES) + r")\b", re.I)
_BEFORE_ZH = {"约": (1, 1), "大约": (1, 1), "近": (0.8, 1), "将近": (0.8, 1), "接近": (0.8, 1), "逾": (1, 1.5),
              "超过": (1, 1.5), "至少": (1, 1.5), "不少于": (1, 1.5), "不低于": (1, 1.5), "多于": (1, 1.5),
              "高于": (1, 1.5), "不到": (0.5, 1), "不足": (0.5, 1), "不超过": (0.5, 1), "不高于": (0.5, 1),
              "少于": (0.5, 1), "低于": (0.5, 1)}


def _last_place(v: float, step: float) -> float:
    """The place of the last non-zero digit of ``v`` written to ``step`` (300 -> 100, 350 -> 10)."""
    unit = step
    while unit * 10 <= v:
        r = v / (unit * 10)
        if abs(r - round(r)) > 1e-9 * max(1.0, r):
            break
        unit *= 10
    return unit


def _latin_neighbour(text: str, start: int, end: int) -> bool:
    """A digit run that is part of a Latin token (5G, IPv6, G20, Type-38)."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if before == "-" and start > 1 and text[start - 2].isascii() and text[start - 2].isalpha():
        return True
    return (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())


def _round_power(v: float) -> bool:
    """100, 1000, 10 000 …: in words, a manner of speaking as often as a count."""
    return v >= 100 and math.isclose(10 ** round(math.log10(v)), v)


def _zh_words_value(z: str) -> tuple[float, float, bool] | None:
    """(low, high, approx) of Chinese numeral characters, approximations included:
    十几 11–19, 几十 20–90, 三四十 30–40, 十五六 15–16, 两三 2–3."""
    if "几" in z:
        lo = zh_numeral(re.sub(r"几(?=[十百千万亿])", "二", z).replace("几", ""))
        hi = zh_numeral(z.replace("几", "九"))
        return None if lo is None or hi is None else (lo, hi, True)
    plain = z.translate(_PLAIN)
    if len(plain) == 2 or set(plain) & set("十百千万亿"):
        for k in range(len(plain) - 1):
            a, b = plain[k], plain[k + 1]
            if a in _ZH_DIGIT and b in _ZH_DIGIT and a not in "〇零" and 1 <= _ZH_DIGIT[b] - _ZH_DIGIT[a] <= 2:
                lo, hi = zh_numeral(plain[:k] + a + plain[k + 2:]), zh_numeral(plain[:k] + b + plain[k + 2:])
                return None if lo is None or hi is None else (lo, hi, True)
    if len(plain) > 1 and all(ch in _ZH_DIGIT for ch in plain) and not (
            len(plain) == 4 and plain.startswith(("一九", "一八", "二〇", "二零"))):
        return None  # 一二三: counting or a code, not one number
    v = zh_numeral(plain)
    if v is None:
        return None
    if re.fullmatch("[百千万][十百千]", plain):  # 百十: a hundred or so
        return _ZH_UNIT.get(plain[0], 10_000), v, True
    # 千里, 一万遍, 千千万万: a round hundred, thousand or ten thousand in words is rhetoric as often as a count
    return v, v, _round_power(v) or plain in ("万万", "千千万万")


def _zh_core(m: re.Match[str], s: str) -> tuple[float, float, float, bool, bool] | None:
    """(low, high, step, approx, digits) of the number a core match holds, or None."""
    if m.group("d"):
        end = m.end("mag") if m.group("mag") else m.end("d")
        if _latin_neighbour(s, m.start("d"), end):
            return None
        raw = m.group("d").replace(",", "")
        step = 10.0 ** -(len(raw) - raw.index(".") - 1) if "." in raw else 1.0
        mult = zh_numeral(m.group("mag")) if m.group("mag") else 1.0
        if mult is None:
            return None
        return float(raw) * mult, float(raw) * mult, step * mult, False, True
    words = _zh_words_value(m.group("z"))
    if words is None:
        return None
    return words[0], words[1], 1.0, words[2], False


def _zh_quantity(m: re.Match[str], s: str, text: str) -> Quantity | None:
    """The quantity of one core match, read with what comes before and after it."""
    core = _zh_core(m, s)
    if core is None:
        return None
    low, high, step, approx, digits = core
    pre = m.group("pre") or ""
    start, end = m.start(), m.end()
    if m.group("d2") or m.group("z2"):  # 三分之一, 3分之2
        num = float(m.group("d2").replace(",", "")) if m.group("d2") else zh_numeral(m.group("z2"))
        if num is None or not low or low != high or pre:
            return None
        return Quantity(start, end, text[start:end], num / low, num / low, "fraction", digits=digits)
    kind = {"百分之": "percent", "第": "ordinal"}.get(pre, "cardinal")
    if pre in ("上", "成", "数"):  # 上百, 成百 100–999; 数十 20–90
        low, high = (low * 2, high * 9) if pre == "数" else (low, high * 10 - 1)
        approx = True
    elif pre in _BEFORE_ZH:
        f_lo, f_hi = _BEFORE_ZH[pre]
        low, high, approx = low * f_lo, high * f_hi, True
    year = month = day = None
    one = low == high and not approx
    apx = _ZH_APX.match(s, end) if kind in ("cardinal", "percent") else None
    suf = _ZH_SUFFIX.match(s, end) if apx is None else None
    if suf is None:
        pass
    elif suf.group("pct") and kind == "cardinal":
        kind, end = "percent", suf.end()
        if suf.group("pct") == "‰":
            low, high, step = low / 10, high / 10, step / 10
    elif suf.group("cheng") and kind == "cardinal" and one and low in range(1, 10) and step == 1:
        kind, low, high, step, end = "percent", low * 10, high * 10, 10.0, suf.end()  # 三成 = 30%
    elif suf.group("pts") and kind in ("cardinal", "percent"):
        kind, end = "points", suf.end()
    elif suf.group("mul") and kind == "cardinal":
        kind, end = "multiple", suf.end()
    elif suf.group("dec") and kind == "cardinal" and one and low % 10 == 0 and 10 <= low < 3000:
        kind, high, end = "decade", low + 9, suf.end()
    elif suf.group("year") and kind == "cardinal" and one and 1000 <= low <= 2200 and step == 1 and (
            digits or not set(m.group("z")) & set("十百千万")):
        kind, year, end = "year", int(low), suf.end()
    elif suf.group("month") and kind == "cardinal" and one and low in range(1, 13) and s[start - 1:start] != "个":
        kind, month, end = "date", int(low), suf.end()
    elif suf.group("day") and kind == "cardinal" and one and low in range(1, 32):
        kind, day, end = "date", int(low), suf.end()
    elif suf.group("lai") and not digits and (m.group("z") or "")[-1:] in ("十", "百", "千", "万"):
        approx, end = True, suf.end()  # 十来个: about ten
    if apx is None and kind in ("percent", "points"):
        apx = _ZH_APX.match(s, end)  # 5.5%左右
        apx = apx if apx is not None and not apx.group("cl") else None
    if apx is not None:
        word = apx.group("apx")
        if word in ("多", "余", "开外", "出头"):  # 二十多: 20 to 29
            high += _last_place(high, step) * (0.9 if word in ("多", "余") else 0.5)
        elif word == "以上":
            high *= 1.5
        elif word in ("以下", "以内"):
            low *= 0.5
        approx, end = True, apx.end()
        if apx.group("mag") and word in ("多", "余") and not apx.group("cl"):  # 十多万, 1000余万
            mult = zh_numeral(apx.group("mag")) or 1.0
            low, high, step = low * mult, high * mult, step * mult
        elif apx.group("mag"):
            end = apx.start("mag")
    if kind == "date":
        low = high = float(month or day or 0)
    unit = ""
    if kind in ("cardinal", "ordinal"):
        um = _ZH_UNIT_RE.match(s, end)
        if um is not None:
            unit = _ZH_UNITS[um.group(1)]
        elif (m.group("z") or "").endswith("两") and len(m.group("z")) > 1 and m.group("z")[-2] in "十百千万亿":
            unit = "tael"  # 三千两
    return Quantity(start, end, text[start:end], low, high, kind, approx, digits, step, year, month, day, unit)


def _zh_scan(text: str) -> list[Quantity]:
    """Every quantity pattern of a Chinese string, before names and idioms are set aside."""
    s = _OCR_ONE.sub("1", text.translate(_HALF))
    out: list[Quantity] = []
    taken = [False] * (len(s) + 1)

    def free(a: int, b: int) -> bool:
        return not any(taken[a:b])

    def add(q: Quantity) -> None:
        if free(q.start, q.end):
            out.append(replace(q, text=text[q.start:q.end]))  # the text as written, full-width digits and all
            taken[q.start:q.end] = [True] * (q.end - q.start)

    for m in (*_ZH_SKIP.finditer(s), *_MARKER.finditer(s)):
        taken[m.start():m.end()] = [True] * (m.end() - m.start())
    for m in _ZH_MONTH_DAY.finditer(s):
        month, day = zh_numeral(m.group("m")), zh_numeral(m.group("d"))
        if month and day and 1 <= day <= 31:
            add(Quantity(m.start(), m.end(), m.group(), month, month, "date", month=int(month), day=int(day)))
    for m in _ZH_PLAN.finditer(s):
        n = zh_numeral(m.group("n")) or 0.0
        add(Quantity(m.start(), m.end(), m.group(), n, n, "ordinal"))
    for m in _ZH_LUNAR.finditer(s):
        month = {"正": 1, "冬": 11, "腊": 12}.get(m.group("m") or "")
        day = int(zh_numeral(m.group("d")) or 0) if m.group("d") else None
        value = float(month or day or 0)
        add(Quantity(m.start(), m.end(), m.group(), value, value, "date", month=month, day=day))
    for m in _ZH_SHORT_YEAR.finditer(s):
        y = zh_numeral(m.group("y"))
        if s[m.end()] == "年" and _zh_words_value(m.group("y")) is not None:
            continue  # 七八年前: seven or eight years, not 1978
        if y is not None:
            add(Quantity(m.start(), m.end(), m.group(), y, y, "year", year=int(y)))
    for m in _ISO_DATE.finditer(s):
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            add(Quantity(m.start(), m.end(), m.group(), float(y), float(y), "date", False, True, 1.0, y, mo, d))
    for m in _ZH_DOUBLE.finditer(s):
        n = {"一": 1, "两": 2, "二": 2, "三": 3}.get(m.group("n")) or int(m.group("n"))
        add(Quantity(m.start(), m.end(), m.group(), float(2 ** n), float(2 ** n), "multiple",
                     digits=m.group("n").isdigit()))
    for m in _ZH_HALF.finditer(s):
        add(Quantity(m.start(), m.end(), m.group(), 0.5, 0.5, "fraction"))
    pos = 0
    while (core := _ZH_CORE.search(s, pos)) is not None:
        q = _zh_quantity(core, s, text) if free(core.start(), core.end()) else None
        if q is None:  # not a number: step over the whole run (三八大盖, l966), or over 百 of 百分之
            pos = core.start() + 1 if core.group("pre") or not free(core.start(), core.end()) else core.end()
            continue
        add(q)
        pos = q.end
    return _zh_ranges(_zh_dates(sorted(out, key=lambda q: q.start), text), text)


def _zh_dates(qs: list[Quantity], text: str) -> list[Quantity]:
    """年, 月 and 日 written one after another are one date (2015年7月1日)."""
    out: list[Quantity] = []
    for q in qs:
        prev = out[-1] if out else None
        if prev is not None and q.kind == "date" and prev.end == q.start and prev.kind in ("year", "date") and (
                (q.month and prev.month is None and prev.day is None) or
                (q.day and prev.month is not None and prev.day is None)):
            month = q.month or prev.month
            value = float(prev.year or month or 0)
            out[-1] = Quantity(prev.start, q.end, text[prev.start:q.end], value, value, "date", False,
                               prev.digits or q.digits, 1.0, prev.year, month, q.day)
            continue
        if q.kind == "date" and q.month is None and q.year is None:
            # 三日, 40号 alone: "three days", "No. 40" as often as a day of the month
            q = replace(q, kind="cardinal", day=None, end=q.end - 1, text=q.text[:-1])
        out.append(q)
    return out


def _zh_ranges(qs: list[Quantity], text: str) -> list[Quantity]:
    """3—5年, 20%至30%, 三到五: two figures joined by a dash, 至 or 到 are one range."""
    out: list[Quantity] = []
    for q in qs:
        prev = out[-1] if out else None
        if (prev is not None and prev.exact and q.exact and prev.kind in ("cardinal", "percent", "year")
                and not (q.kind == "year" and q.low < 100) and q.kind in ("cardinal", "percent", "year")
                and prev.digits == q.digits and prev.low < q.low
                and _ZH_RANGE.fullmatch(text[prev.end:q.start].translate(_HALF))):
            kind = "percent" if "percent" in (prev.kind, q.kind) else "cardinal"
            out[-1] = Quantity(prev.start, q.end, text[prev.start:q.end], prev.low, q.high, kind, False,
                               prev.digits, min(prev.step, q.step))
            continue
        out.append(q)
    return out


@lru_cache(maxsize=50_000)
def _lexical(word: str) -> bool:
    """A dictionary word that holds a numeral but is no number: an idiom (一五一十) or a
    word whose first sense is not a number (十分 "very", 一直 "always")."""
    from .lexicon import definitions

    defs = definitions(word)
    if not defs:
        return False
    return any("(idiom)" in d for d in defs) or not _NUMERIC_GLOSS.search(defs[0])


def _surely_quantity(q: Quantity) -> bool:
    """Written in digits, or of a kind no name or idiom takes (then the words need no tagging)."""
    return bool(q.digits) or q.kind in ("percent", "points", "fraction", "decade", "year", "date") or "番" in q.text


def _is_quantity(q: Quantity, words: Sequence[tuple[int, int, str, str]]) -> bool:
    """False for a numeral inside a name, an idiom, a set phrase or a word that only contains it."""
    if _surely_quantity(q):
        return True
    for s, e, word, flag in words:
        if e <= q.start or s >= q.end or len(word) < 2 or not _HAS_NUMERAL.search(word):
            continue
        if flag.startswith(("nr", "ns", "nz", "nt", "i", "l")) and not _NUMERAL_PHRASE.fullmatch(word):
            return False
        if _lexical(word) and not _COUNTED.fullmatch(word):
            return False
    return True


@lru_cache(maxsize=20_000)
def _zh_quantities(text: str) -> tuple[Quantity, ...]:
    found = _zh_scan(text)
    if all(_surely_quantity(q) for q in found):  # no numeral in words: no need to tag them
        return tuple(found)
    from .segment import zh_words_tagged

    words = zh_words_tagged(text, _ZH_CHARS)
    return tuple(q for q in found if _is_quantity(q, words))


def zh_quantities(text: str) -> list[Quantity]:
    """The quantities of a Chinese string (offsets into it); names and idioms left out."""
    return list(_zh_quantities(text))


# --------------------------------------------------------------------------- English

_MONTHS = {m.lower(): k for k, m in enumerate(MONTH_NAMES, 1)}
_MONTHS |= {m[:3]: k for m, k in list(_MONTHS.items())} | {"sept": 9}
_MONTH_RE = "(?:" + "|".join(MONTH_NAMES) + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.)"
_EN_DATE = re.compile(
    rf"\b(?P<y0>\d{{4}})\s+(?P<m0>{_MONTH_RE})\s+(?P<d0>\d{{1,2}})\b"
    rf"|\b(?P<m1>{_MONTH_RE})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y1>\d{{4}})\b)?"
    rf"|\b(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH_RE})(?:,?\s+(?P<y2>\d{{4}})\b)?"
    rf"|\b(?P<m3>{_MONTH_RE}),?\s+(?P<y3>\d{{4}})\b"
    r"|\b(?P<m4>January|February|April|June|July|August|September|October|November|December)\b"
)
_EN_DECADE = re.compile(r"(?:\bthe\s+)?(?<![\w.])['’]?(?P<n>(?:1[0-9]|20)?[0-9]0)['’]?s\b")
_DECADE_WORDS = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70,
                 "eighties": 80, "nineties": 90}
_EN_DECADE_WORD = re.compile(r"\b(?:the\s+|(?:his|her|their|my|your|our)\s+)?(?:early\s+|mid-?|late\s+)?(?P<w>"
                             + "|".join(_DECADE_WORDS) + r")\b", re.I)
_EN_FRACTION = re.compile(
    r"\b(?P<n>one|a|two|three|four|five|six|seven|eight|nine)[\s-]+"
    r"(?P<d>half|thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?|hundredths?"
    r"|thousandths?)\b(?P<of>\s+of\b)?",
    re.I)
_DENOMINATORS = {"half": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                 "eighth": 8, "ninth": 9, "tenth": 10, "hundredth": 100, "thousandth": 1000}
_EN_SKIP = re.compile(r"\b\d{1,2}:\d\d\b|\b\d{1,2}(?:\.\d\d)?\s*[ap]\.?m\b\.?"  # times of day
                      r"|\(\s*\d{1,2}\s*\)|(?:^|(?<=[.;:!?]\s))\s*\d{1,2}\.(?=\s)", re.I | re.M)  # list markers
_EN_FEW = re.compile(r"\b(?P<few>a\s+few|several|some|few)\s+(?P<w>hundred|thousand|million|billion)\b", re.I)
# English sayings with numbers that count nothing
_EN_IDIOM = re.compile(r"\b(?:nineteen to the dozen|at sixes and sevens|(?:on )?cloud nine|seventh heaven|"
                       r"(?:to )?the nines|forty winks|six of one|one by one|two by two|first and foremost|"
                       r"at first|first of all|ten to one|a hundred to one|a thousand and one|one or two things)\b",
                       re.I)
# a lunar date as translators render it: the fifteenth day of the eighth month
_EN_LUNAR = re.compile(r"\b(?:the\s+)?(?:(?P<d>\w+(?:-\w+)?)\s+day\s+of\s+the\s+)?(?P<m>first|second|third|"
                       r"fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\s+(?:lunar\s+)?(?:moon|month)\b",
                       re.I)
_EN_TOKEN = re.compile(r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[A-Za-z]+")
_UNITS = {w: int(_EN_NUMBERS[w]) for w in list(_EN_NUMBERS)[:20]}  # zero .. nineteen
_TENS = {w: int(_EN_NUMBERS[w]) for w in list(_EN_NUMBERS)[20:28]}  # twenty .. ninety
_BIG = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
             "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
             "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
             "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
             "eightieth": 80, "ninetieth": 90, "hundredth": 100, "thousandth": 1000}
_MULTIPLES = {"twice": 2, "thrice": 3, "double": 2, "doubled": 2, "doubles": 2, "doubling": 2, "triple": 3,
              "tripled": 3, "triples": 3, "tripling": 3, "quadruple": 4, "quadrupled": 4, "quadrupling": 4,
              "twofold": 2, "threefold": 3, "fourfold": 4, "fivefold": 5, "tenfold": 10, "hundredfold": 100}
# an article and a word: "a dozen" (approximate), "a century"
_WITH_ARTICLE = {"dozen": (12, True), "century": (100, False), "decade": (10, False), "score": (20, True),
                 "couple": (2, True), "fortnight": (14, False), "hundred": (100, False), "thousand": (1000, False),
                 "million": (1e6, False), "billion": (1e9, False), "trillion": (1e12, False)}
# "dozens of", "hundreds of": ranges
_PLURALS = {"dozens": (24, 99), "scores": (40, 200), "hundreds": (200, 999), "thousands": (2000, 9999),
            "millions": (2e6, 9.99e6), "billions": (2e9, 9.99e9)}
_EN_PLURAL = re.compile(r"\b(?P<tens>tens\s+of\s+)?(?P<w>dozens|scores|hundreds|thousands|millions|billions)"
                        r"(?:\s+of\s+(?P<w2>thousands|millions))?\b", re.I)
# approximations before a figure: (low factor, high factor)
_BEFORE = {
    "about": (1, 1), "around": (1, 1), "approximately": (1, 1), "roughly": (1, 1), "some": (1, 1), "circa": (1, 1),
    "an estimated": (1, 1), "nearly": (0.8, 1), "almost": (0.8, 1), "close to": (0.8, 1), "just under": (0.8, 1),
    "over": (1, 1.5), "more than": (1, 1.5), "above": (1, 1.5), "at least": (1, 1.5), "upwards of": (1, 1.5),
    "just over": (1, 1.5), "well over": (1, 2), "no less than": (1, 1.5), "less than": (0.5, 1),
    "fewer than": (0.5, 1), "under": (0.5, 1), "below": (0.5, 1), "up to": (0.5, 1), "no more than": (0.5, 1),
    "at most": (0.5, 1),
}
_BEFORE_RE = re.compile(r"\b(" + "|".join(sorted(_BEFORE, key=len, reverse=True)) + r")\s+$", re.I)
_AFTER = {"or so": (1, 1), "or more": (1, 1.5), "or less": (0.5, 1), "or fewer": (0.5, 1), "odd": (1, 1.1),
          "plus": (1, 1.5), "and more": (1, 1.5), "something": (1, 1.3)}
_AFTER_RE = re.compile(r"[\s-](?:[a-z]+\s+(?=or\s))?(" + "|".join(_AFTER) + r")\b", re.I)
_EN_UNIT = re.compile(r"\s?%|\s?‰|\s+per\s?cent\b|\s+percentage[\s-]+points?\b|\s+times\b|[\s-]fold\b", re.I)

Token = tuple[str, int, int]
_THE = re.compile(r"\b(?:the|his|her|its|their|our|my|your|every)\s+$", re.I)


def _gap(s: str, toks: Sequence[Token], i: int) -> str:
    """The text between token ``i - 1`` and token ``i``."""
    return s[toks[i - 1][2]:toks[i][1]] if i > 0 else s[:toks[i][1]]


def _en_words(s: str, toks: Sequence[Token], i: int) -> tuple[float, float, int, bool, bool] | None:
    """A number in words from token ``i``: (value, step, tokens, ordinal, approx), or None.

    "twenty-one", "two hundred and fifty", "three thousand five hundred", "nineteen fifty-seven",
    "twenty-first", "two dozen".
    """
    total, current, last, step, approx = 0.0, 0.0, "", 1.0, False
    j = i
    while j < len(toks):
        w = toks[j][0].lower()
        gap = _gap(s, toks, j) if j > i else " "
        if gap not in (" ", "-", "\u00a0") and not (gap == ", " and last == "big"):
            break
        if w == "and" and last in ("hundred", "big") and j + 1 < len(toks) and _gap(s, toks, j + 1) == " " \
                and toks[j + 1][0].lower() in (_UNITS.keys() | _TENS.keys() | _ORDINALS.keys()):
            j += 1
            continue
        if w in _UNITS and last in ("", "tens", "hundred", "big"):
            current += _UNITS[w]
            last = "teen" if _UNITS[w] >= 10 else "unit"
        elif w in _TENS and last == "teen" and not total and 11 <= current <= 99:
            current, last = current * 100 + _TENS[w], "tens"  # nineteen fifty-seven
        elif w in _TENS and last in ("", "hundred", "big"):
            current, last = current + _TENS[w], "tens"
        elif w in _ORDINALS and last in ("", "tens", "hundred", "big") and (w != "second" or last or _THE.search(
                s[max(0, toks[i][1] - 8):toks[i][1]])):
            return total + current + _ORDINALS[w], 1.0, j - i + 1, True, False
        elif w == "hundred" and last in ("unit", "teen", "tens"):
            current, last = current * 100, "hundred"
        elif w in _BIG and last in ("unit", "teen", "tens", "hundred"):
            total, current, last, step = total + current * _BIG[w], 0.0, "big", _BIG[w]
        elif w == "dozen" and last in ("unit", "teen", "tens"):
            current, last, approx = current * 12, "big", True
        else:
            break
        j += 1
    if j == i:
        return None
    return total + current, step if not current else 1.0, j - i, False, approx


def _en_figure(s: str, toks: Sequence[Token], i: int) -> tuple[float, float, int, str, bool, bool] | None:
    """A number from token ``i``: (value, step, tokens, kind, digits, approx), or None."""
    word, start, end = toks[i]
    low = word.lower()
    if word[0].isdigit():
        raw = word.replace(",", "")
        value, step = float(raw), 10.0 ** -(len(raw) - raw.index(".") - 1) if "." in raw else 1.0
        nxt = toks[i + 1][0].lower() if i + 1 < len(toks) else ""
        if nxt in ("st", "nd", "rd", "th") and _gap(s, toks, i + 1) == "":
            return value, step, 2, "ordinal", True, False
        if _latin_neighbour(s, start, end):
            return None
        if nxt in _BIG and _gap(s, toks, i + 1) in (" ", "\u00a0", "-"):
            return value * _BIG[nxt], step * _BIG[nxt], 2, "cardinal", True, False
        return value, step, 1, "cardinal", True, False
    if low in ("a", "an", "one") and i + 1 < len(toks) and _gap(s, toks, i + 1) in (" ", "-"):
        nxt = toks[i + 1][0].lower()
        if nxt in ("hundred", "thousand", "million", "billion", "trillion", "dozen"):
            rest = _en_words(s, toks, i) if low == "one" else _en_words(s, [("one", start, end), *toks[i + 1:]], 0)
            if rest is not None:
                kind = "ordinal" if rest[3] else "cardinal"
                return rest[0], rest[1], rest[2], kind, False, rest[4] or _round_power(rest[0])
        if nxt in _WITH_ARTICLE and low != "one":
            value, approx = _WITH_ARTICLE[nxt]
            return float(value), 1.0, 2, "cardinal", False, approx
    if low in _MULTIPLES:
        return float(_MULTIPLES[low]), 1.0, 1, "multiple", False, False
    words = _en_words(s, toks, i)
    if words is None:
        return None
    value, step, used, ordinal, approx = words
    return value, step, used, "ordinal" if ordinal else "cardinal", False, approx or _round_power(value)


def _ordinal_words(text: str) -> int | None:
    """A day of the month in ordinal words: "fifteenth", "twenty-eighth"; else None."""
    toks = [(m.group(), m.start(), m.end()) for m in _EN_TOKEN.finditer(text)]
    words = _en_words(text, toks, 0) if toks else None
    if words is None or not words[3] or words[2] != len(toks) or not 1 <= words[0] <= 31:
        return None
    return int(words[0])


def _en_range(s: str, toks: Sequence[Token], j: int, first: float, digits: bool) -> tuple[float, int, int, bool] | None:
    """The second figure of a range whose first ends at token ``j - 1``: (value, end, tokens, vague)."""
    if j >= len(toks):
        return None
    gap = _gap(s, toks, j)
    k, vague = j, False
    if gap.strip() in ("-", "–", "—", "~") and "\n" not in gap and gap != "- ":
        if not digits and gap.strip() == "-":
            return None  # "twenty-one" is one number
    elif gap in (" ", "- ") and toks[j][0].lower() in ("or", "to", "and") and j + 1 < len(toks) \
            and _gap(s, toks, j + 1) == " ":
        if toks[j][0].lower() == "and" and not re.search(r"\bbetween\s+\S+\s*$", s[:toks[j - 1][2]], re.I):
            return None
        vague, k = toks[j][0].lower() == "or", j + 1
    else:
        return None
    second = _en_figure(s, toks, k)
    if second is None or second[4] != digits or second[3] != "cardinal":
        return None
    if vague and first in (100, 1000, 1e4, 1e6, 1e9) and second[0] in range(2, 10):
        return first * second[0], toks[k][2], k + 1 - j, True  # a hundred or two
    if second[0] <= first:
        return None
    if vague and first >= 1 and second[0] > first * 3:
        return None  # "one or two hundred": not a plain range
    return second[0], toks[k + second[2] - 1][2], k + second[2] - j, vague


def _en_approx(s: str, start: int, end: int, low: float, high: float) -> tuple[int, int, float, float, bool]:
    """A figure widened by "about", "more than", "or so", "-odd": (start, end, low, high, approx)."""
    approx = False
    m = _BEFORE_RE.search(s[max(0, start - 16):start])
    if m is not None:
        f_lo, f_hi = _BEFORE[m.group(1).lower()]
        start, low, high, approx = start - len(m.group()), low * f_lo, high * f_hi, True
    a = _AFTER_RE.match(s, end)
    if a is not None:
        f_lo, f_hi = _AFTER[a.group(1).lower()]
        end, low, high, approx = a.end(), low * f_lo, high * f_hi, True
    return start, end, low, high, approx


def _en_scan(s: str) -> list[Quantity]:
    """Every quantity of an English string."""
    out: list[Quantity] = []
    taken = [False] * (len(s) + 1)

    def free(a: int, b: int) -> bool:
        return not any(taken[a:b])

    def add(q: Quantity) -> None:
        out.append(q)
        taken[q.start:q.end] = [True] * (q.end - q.start)

    for m in (*_EN_SKIP.finditer(s), *_EN_IDIOM.finditer(s)):
        taken[m.start():m.end()] = [True] * (m.end() - m.start())
    for m in _EN_LUNAR.finditer(s):
        month = _ORDINALS[m.group("m").lower()]
        day = _ordinal_words(m.group("d")) if m.group("d") else None
        if m.group("d") and day is None:
            continue
        add(Quantity(m.start(), m.end(), m.group(), float(month), float(month), "date", month=month, day=day))
    for m in _ISO_DATE.finditer(s):
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        if 1 <= mo <= 12 and 1 <= d <= 31 and free(m.start(), m.end()):
            add(Quantity(m.start(), m.end(), m.group(), float(y), float(y), "date", False, True, 1.0, y, mo, d))
    for m in _EN_DATE.finditer(s):
        if not free(m.start(), m.end()):
            continue
        name = next(g for g in (m.group("m0"), m.group("m1"), m.group("m2"), m.group("m3"), m.group("m4")) if g)
        month = _MONTHS[name.lower().rstrip(".")]
        day_s = m.group("d0") or m.group("d1") or m.group("d2")
        year_s = m.group("y0") or m.group("y1") or m.group("y2") or m.group("y3")
        if day_s and not 1 <= int(day_s) <= 31:
            continue
        year = int(year_s) if year_s else None
        end, day = m.end(), int(day_s) if day_s else None
        if m.group("m4"):
            after = re.match(r"\s+(?:the\s+)?([A-Za-z]+(?:-[A-Za-z]+)?)", s[end:])
            day = _ordinal_words(after.group(1)) if after else None
            end = end + after.end() if day is not None and after is not None else end
        add(Quantity(m.start(), end, s[m.start():end], float(year or month), float(year or month), "date", False,
                     bool(day_s or year_s), 1.0, year, month, day))
    for m in _EN_DECADE.finditer(s):
        n = int(m.group("n"))
        if free(m.start(), m.end()) and (n < 100 or 1000 <= n <= 2090):
            add(Quantity(m.start(), m.end(), m.group(), float(n), float(n + 9), "decade", False, True))
    for m in _EN_DECADE_WORD.finditer(s):
        n = _DECADE_WORDS[m.group("w").lower()]
        if free(m.start(), m.end()):
            add(Quantity(m.start(), m.end(), m.group(), float(n), float(n + 9), "decade", True))
    for m in _EN_FRACTION.finditer(s):
        num = 1 if m.group("n").lower() in ("a", "one") else _UNITS[m.group("n").lower()]
        den_word = m.group("d").lower()
        den = _DENOMINATORS.get(den_word) or _DENOMINATORS.get(den_word[:-1])
        if den is None or not free(m.start(), m.end("d")):
            continue
        if m.group("n").lower() == "a" and den != 2 and not m.group("of"):
            continue  # "a third man": an ordinal
        add(Quantity(m.start(), m.end("d"), s[m.start():m.end("d")], num / den, num / den, "fraction"))
    for m in re.finditer(r"\bhalf[\s-]+an?[\s-]+(?P<w>dozen|century|hundred|thousand|million|billion)\b", s, re.I):
        value = 0.5 * {"dozen": 12, "century": 100, "hundred": 100}.get(m.group("w").lower(),
                                                                         _BIG.get(m.group("w").lower(), 0))
        add(Quantity(m.start(), m.end(), m.group(), value, value, "cardinal", step=value))  # rounded to a half
    for m in re.finditer(r"\b(?:a\s+|one\s+)?half\b", s, re.I):
        if free(m.start(), m.end()):
            add(Quantity(m.start(), m.end(), m.group(), 0.5, 0.5, "fraction"))
    for m in _EN_PLURAL.finditer(s):
        lo, hi = _PLURALS[m.group("w").lower()]
        if m.group("tens"):
            if m.group("w").lower() not in ("thousands", "millions") or m.group("w2"):
                continue
            base = 1e3 if m.group("w").lower() == "thousands" else 1e6
            lo, hi = 20 * base, 99 * base  # tens of thousands
        elif m.group("w2"):
            mult = _PLURALS[m.group("w2").lower()][0] / 2
            lo, hi = lo * mult, hi * mult
        if free(m.start(), m.end()):
            add(Quantity(m.start(), m.end(), m.group(), float(lo), float(hi), "cardinal", True))
    for m in _EN_FEW.finditer(s):
        scale = 100.0 if m.group("w").lower() == "hundred" else _BIG[m.group("w").lower()]
        lo, hi = (scale, scale) if m.group("few").lower() == "some" else (2 * scale, 9 * scale)
        if free(m.start(), m.end()):
            add(Quantity(m.start(), m.end(), m.group(), lo, hi, "cardinal", True))
    toks = [(m.group(), m.start(), m.end()) for m in _EN_TOKEN.finditer(s)]
    i = 0
    while i < len(toks):
        fig = _en_figure(s, toks, i) if free(toks[i][1], toks[i][2]) else None
        if fig is None:
            i += 1
            continue
        value, step, used, kind, digits, approx = fig
        start, end = toks[i][1], toks[i + used - 1][2]
        if not free(start, end):
            i += 1
            continue
        low = high = value
        rng = _en_range(s, toks, i + used, value, digits) if kind == "cardinal" else None
        if rng is not None:
            high, end, extra, vague = rng
            approx = approx or vague
            used += extra
            between = re.search(r"\bbetween\s+$", s[max(0, start - 8):start], re.I)
            start -= len(between.group()) if between else 0
        per = _EN_UNIT.match(s, end)
        if per is not None and kind == "cardinal":
            u = per.group().strip().lower()
            kind = ("points" if u.startswith("percentage") else "multiple" if u.endswith(("times", "fold"))
                    else "percent")
            if u == "‰":
                low, high, step = low / 10, high / 10, step / 10
            end = per.end()
        start, end, low, high, widened = _en_approx(s, start, end, low, high)
        approx = approx or widened
        if kind == "cardinal" and digits and low == high and not approx and 1000 <= low <= 2200 and step == 1 \
                and "," not in toks[i][0] and used == 1:
            kind = "year"
        um = _EN_UNIT_RE.match(s, end) if kind in ("cardinal", "ordinal") else None
        unit = _EN_UNITS[um.group(1).lower()] if um is not None else ""
        add(Quantity(start, end, s[start:end], low, high, kind, approx, digits, step,
                     int(low) if kind == "year" else None, unit=unit))
        i += used
        while i < len(toks) and toks[i][1] < end:
            i += 1
    return sorted(out, key=lambda q: q.start)


# a number split by a stray space: a percentage (8 5%, at most three digits joined) or a
# year (20 25, 201 5, also before punctuation: In 20 25,)
_EN_SPLIT = re.compile(r"(?<![\d.,])(?:(?P<p>\d{1,2}) (?P<p2>\d{1,2})(?=\s?%)"
                       r"|(?P<y>(?:19|20)\d?) (?P<y2>\d{1,2})(?!\d|[.,]\d|\s?%))")


@dataclass(frozen=True, slots=True)
class Split:
    """A number broken by a space: its span, the number meant and what it is."""

    start: int
    end: int
    joined: str
    kind: str  # "year" or "percent"


def split_numbers(text: str) -> list[Split]:
    """The numbers of an English string split by a stray space (``20 15`` for 2015, ``8 5%`` for 85%)."""
    out = []
    for m in _EN_SPLIT.finditer(text):
        kind = "percent" if m.group("p") else "year"
        a, b = (m.group("p"), m.group("p2")) if kind == "percent" else (m.group("y"), m.group("y2"))
        if (kind == "year" and len(a + b) != 4) or (kind == "percent" and len(a + b) > 3):
            continue
        out.append(Split(m.start(), m.end(), a + b, kind))
    return out


def _joined(text: str) -> tuple[str, list[int]]:
    """The text with split numbers joined, and for each of its characters its offset in ``text``."""
    keep = [True] * len(text)
    for sp in split_numbers(text):
        keep[text.index(" ", sp.start)] = False
    where = [i for i, k in enumerate(keep) if k]
    return "".join(ch for ch, k in zip(text, keep) if k), [*where, len(text)]


@lru_cache(maxsize=20_000)
def _en_quantities(text: str) -> tuple[Quantity, ...]:
    joined, where = _joined(text)
    if len(joined) == len(text):
        return tuple(_en_scan(text))
    out = []
    for q in _en_scan(joined):
        start, end = where[q.start], where[q.end - 1] + 1
        out.append(replace(q, start=start, end=end, text=text[start:end]))
    return tuple(out)


def en_quantities(text: str) -> list[Quantity]:
    """The quantities of an English string (offsets into it)."""
    return list(_en_quantities(text))


# --------------------------------------------------------------------------- comparing

_WIDEN = 0.2  # an approximation may stand for a figure up to a fifth away


def _tolerance(zh: Quantity, en: Quantity) -> float:
    """The rounding the English may make: half its last written place, when coarser than the Chinese."""
    return en.step / 2 * (1 - 1e-9) if en.step > zh.step else 1e-9 * max(1.0, abs(zh.low))


def _span(q: Quantity, tol: float, widen: bool) -> tuple[float, float]:
    """The values a quantity may stand for: "about fifty" up to a fifth either way; a range
    (十几, more than ten) its own bounds; an exact figure, or one in digits, its rounding."""
    if widen and q.approx and q.low == q.high:
        return q.low * (1 - _WIDEN), q.high * (1 + _WIDEN)
    return q.low - tol, q.high + tol


def _overlap(zh: Quantity, en: Quantity, tol: float) -> bool:
    if zh.approx or en.approx:
        widen = not (zh.digits or en.digits)  # 约5.5% ↔ around 6.5% differ
        a, b = _span(zh, tol, widen), _span(en, tol, widen)
        return a[0] <= b[1] and b[0] <= a[1]
    return abs(zh.low - en.low) <= tol and abs(zh.high - en.high) <= tol


def same(zh: Quantity, en: Quantity) -> bool:
    """Whether the English quantity renders the Chinese one.

    Ranges must overlap when either is approximate and agree at both ends otherwise; the
    English may round to its last written place (1.52万亿 ↔ 1.5 trillion) but not add
    precision; 三分之一 ↔ one third ↔ 33%; 增长一倍 ↔ doubled ↔ 100%; 八十年代 ↔ the 1980s;
    2015年7月1日 ↔ July 1, 2015 (the parts both write must agree).
    """
    kinds = {zh.kind, en.kind}
    if "date" in kinds:
        return _same_date(zh, en)
    if "decade" in kinds:
        return _same_decade(zh, en)
    tol = _tolerance(zh, en)
    if "fraction" in kinds:
        if kinds == {"fraction"}:
            return abs(zh.low - en.low) <= 0.005 or _overlap(zh, en, tol)
        pct, frac = (en, zh) if zh.kind == "fraction" else (zh, en)
        return pct.kind in ("percent", "points") and abs(pct.low - frac.low * 100) <= max(1.0, pct.step / 2)
    if "year" in kinds and min(zh.low, en.low) < 100 <= 1000 <= max(zh.low, en.low) and zh.exact and en.exact:
        return zh.low % 100 == en.low % 100  # 六二届 ↔ 1962
    if "multiple" in kinds and (kinds & {"percent", "points"} or re.search("[倍番]", zh.text)):
        zv = zh.low / 100 if zh.kind in ("percent", "points") else zh.low
        ev = en.low / 100 if en.kind in ("percent", "points") else en.low
        # 增长一倍 = up 100% = doubled: X倍 may be rendered X or X+1 times
        loose = zh.kind in ("percent", "points") or (zh.kind == "multiple" and "倍" in zh.text)
        return abs(ev - zv) < 1e-9 or (loose and abs(ev - zv - 1) < 1e-9)
    return _overlap(zh, en, tol)


def _same_date(a: Quantity, b: Quantity) -> bool:
    if a.kind == b.kind == "date":
        shared = [(x, y) for x, y in ((a.year, b.year), (a.month, b.month), (a.day, b.day))
                  if x is not None and y is not None]
        return bool(shared) and all(x == y for x, y in shared)
    date, other = (a, b) if a.kind == "date" else (b, a)
    if date.year is not None:
        return other.exact and other.low == date.year
    return date.day is None and other.exact and other.low == date.month  # 八月 ↔ the eighth month


def _same_decade(a: Quantity, b: Quantity) -> bool:
    if a.kind == b.kind == "decade":
        if a.low >= 100 and b.low >= 100:
            return a.low == b.low
        return a.low % 100 == b.low % 100
    decade, other = (a, b) if a.kind == "decade" else (b, a)
    if decade.low >= 100 or other.kind not in ("cardinal", "ordinal"):
        return False
    return decade.low <= other.high and other.low <= decade.high  # 五十多岁 ↔ in his fifties


def _comparable(zh: Quantity, en: Quantity) -> bool:
    """Two leftover quantities that read as one figure changed rather than two figures: kinds
    alike and, for numbers in words, one of them firm, and both exact or no more than five
    times apart (三千 ↔ three hundred, 二十多 ↔ more than thirty; not 三 ↔ fifty or 一万遍 ↔ a
    thousand times, which are two things or a manner of speaking). Small numbers in words
    (四人 ↔ the other three) are left alone: translators recount them freely."""
    gz, ge = _GROUP[zh.kind], _GROUP[en.kind]
    if gz != ge and not ({gz, ge} == {"date", "number"} and (zh.year is not None or en.year is not None)):
        return False
    if zh.digits or en.digits:
        return True
    if gz != "number":
        return zh.firm or en.firm
    if not (zh.firm or en.firm):
        return False
    if zh.exact and en.exact and zh.firm and en.firm:
        return True  # 三千两 ↔ three hundred taels
    lo, hi = sorted((zh, en), key=lambda q: q.low)
    return lo.high > 0 and hi.low / lo.high <= 5


@dataclass(frozen=True, slots=True)
class Mismatch:
    """A figure of one side the other side does not render: changed (both sides), missing
    from the English (``en`` None) or added by it (``zh`` None)."""

    zh: Quantity | None
    en: Quantity | None

    @property
    def severity(self) -> str:
        """"error" when a figure in digits is involved; numbers in words are often rendered freely."""
        return "error" if any(q is not None and q.digits for q in (self.zh, self.en)) else "warning"

    @property
    def conversion(self) -> str | None:
        """What the Chinese figure is in English: "300亿 = 30 billion"."""
        if self.zh is None:
            return None
        return f"{self.zh.text} = {english(self.zh)}"

    def message(self) -> str:
        """One line for an editor (the conversion shown when it says more than the figure itself)."""
        said = f" ({self.conversion})" if self.zh is not None and english(self.zh) != self.zh.text.rstrip("年") else ""
        if self.zh is not None and self.en is not None:
            return f"{self.en.text!r} where the aligned Chinese has {self.zh.text!r}{said}"
        if self.zh is not None:
            return f"the Chinese has {self.zh.text!r}{said} but the aligned English does not"
        assert self.en is not None
        return f"{self.en.text!r} is not in the aligned Chinese"


@dataclass(frozen=True, slots=True)
class Comparison:
    """The quantities of a Chinese text and its English, paired."""

    matched: tuple[tuple[Quantity, Quantity], ...]  # same value, or the same measure converted (里 ↔ miles)
    zh_only: tuple[Quantity, ...]  # countable Chinese quantities the English does not render
    en_only: tuple[Quantity, ...]  # countable English quantities with no Chinese counterpart
    elsewhere: tuple[Quantity, ...]  # of those, the ones a neighbouring unit renders (either side)
    mismatches: tuple[Mismatch, ...]  # what is worth reporting


def _pair(zh: Sequence[Quantity], en: Sequence[Quantity], test,
          rank=None) -> tuple[list, list[Quantity], list[Quantity]]:
    """Greedy pairing in text order of the quantities ``test`` accepts (the best by ``rank``, if given)."""
    pairs, left = [], list(en)
    rest: list[Quantity] = []
    for q in zh:
        fits = [r for r in left if test(q, r)]
        r = min(fits, key=lambda r: rank(q, r)) if fits and rank is not None else next(iter(fits), None)
        if r is None:
            rest.append(q)
        else:
            pairs.append((q, r))
            left.remove(r)
    return pairs, rest, left


def _identical(zh: Quantity, en: Quantity) -> bool:
    return (zh.low, zh.high, _GROUP[zh.kind], zh.year, zh.month, zh.day) == (
        en.low, en.high, _GROUP[en.kind], en.year, en.month, en.day)


def _likeness(zh: Quantity, en: Quantity) -> tuple[bool, bool, float]:
    """How unlike two leftover figures are (smaller is likelier the same figure changed)."""
    a, b = max(min(zh.low, zh.high), 1e-9), max(min(en.low, en.high), 1e-9)
    return zh.digits != en.digits, zh.kind != en.kind, abs(math.log(a / b))


def _range_ends(zh: list[Quantity], en: list[Quantity]) -> tuple[list, list[Quantity], list[Quantity]]:
    """A range on one side written as its two ends on the other (2015—2020年 ↔ between the
    years 2015 and 2020, … and 2020): each end paired with the range."""
    pairs: list[tuple[Quantity, Quantity]] = []
    zh, en = list(zh), list(en)
    for ranged, other, zh_side in ((zh, en, True), (en, zh, False)):
        for q in [q for q in ranged if not q.approx and q.low < q.high]:
            ends = (replace(q, high=q.low), replace(q, low=q.high))
            found = [next((r for r in other if (same(e, r) if zh_side else same(r, e))), None) for e in ends]
            a, b = found
            if a is None or b is None or a is b:
                continue
            ranged.remove(q)
            other.remove(a)
            other.remove(b)
            pairs += [(q, a), (q, b)] if zh_side else [(a, q), (b, q)]
    return pairs, zh, en


def _said_again(zh: list[Quantity], en: list[Quantity], done: list[tuple[Quantity, Quantity]]):
    """Figures one side says again (十天 … 十天 ↔ ten days … ten days … ten days), paired with
    the counterpart of their first mention; and what is left on each side."""
    pairs = []
    for q in zh:
        first = next((e for _, e in done if _identical(q, e)), None)
        if first is not None:
            pairs.append((q, first))
    for r in en:
        said = next((z for z, _ in done if _identical(z, r)), None)
        if said is not None:
            pairs.append((said, r))
    return (pairs, [q for q in zh if all(q is not a for a, _ in pairs)],
            [r for r in en if all(r is not b for _, b in pairs)])


def compare(zh: Iterable[Quantity], en: Iterable[Quantity], near_zh: Iterable[Quantity] = (),
            near_en: Iterable[Quantity] = ()) -> Comparison:
    """Pair the quantities of a Chinese unit with those of its English and say what differs.

    Pairs are made in turn of identical values, values :func:`same` accepts, one measure
    converted into another, a range and its two ends, and a figure one side says again.
    ``near_zh`` and ``near_en`` are the quantities of the neighbouring units: a figure one
    of them renders is not reported (the alignment put it next door). A Chinese and an
    English figure left over, of comparable kinds and one of them firm, are a changed
    figure; a figure left over alone is reported when written in digits.
    """
    zs = [q for q in zh if q.countable]
    es = [q for q in en if q.countable]
    first, zs, es = _pair(zs, es, _identical)
    second, zs, es = _pair(zs, es, same)
    converted, zs, es = _pair(zs, es, _converted)
    spread, zs, es = _range_ends(zs, es)
    again, zh_only, en_only = _said_again(zs, es, first + second)
    near_e, near_z = list(near_en), list(near_zh)
    away = [q for q in zh_only if any(same(q, r) for r in near_e)]
    away += [r for r in en_only if any(same(q, r) for q in near_z)]
    free_z = [q for q in zh_only if all(q is not a for a in away)]
    free_e = [r for r in en_only if all(r is not a for a in away)]
    changed, lone_z, lone_e = _pair(free_z, free_e, _comparable, _likeness)
    mismatches = [Mismatch(q, r) for q, r in changed]
    mismatches += [Mismatch(q, None) for q in lone_z if q.digits]
    mismatches += [Mismatch(None, r) for r in lone_e if r.digits]
    return Comparison(tuple(first + second + converted + spread + again), tuple(zh_only), tuple(en_only), tuple(away),
                      tuple(mismatches))


# --------------------------------------------------------------------------- writing figures

_SCALE_WORDS = (("trillion", 1e12), ("billion", 1e9), ("million", 1e6))


def _plain(v: float, decimals: int = 3) -> str | None:
    """``v`` with at most ``decimals`` decimals, exactly, or None."""
    for d in range(decimals + 1):
        if abs(round(v, d) - v) <= 1e-9 * max(1.0, abs(v)):
            return f"{round(v, d):.{d}f}"
    return None


def _commas(v: float) -> str | None:
    text = _plain(v)
    if text is None:
        return None
    whole, _, frac = text.partition(".")
    return f"{int(whole):,}" + (f".{frac}" if frac else "")


def _ordinal_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _figure(v: float) -> str:
    """A value as an English figure: 2027, 100,000, 30 billion, 1.5 trillion."""
    for word, scale in _SCALE_WORDS:
        if v >= scale:
            part = _plain(v / scale)
            if part is not None:
                return f"{part} {word}"
    text = _commas(v) if v >= 10_000 else _plain(v)
    return text if text is not None else f"{v:g}"


def _bound(q: Quantity, fig: Callable[[float], str]) -> str | None:
    """An open-ended approximation said as such: 三十多 "more than 30", 5%以上 "5% or more"."""
    if re.search(r"(?:多|余|开外|出头)(?:万亿|亿|万)?$|^(?:逾|超过|more than|over|above)", q.text, re.I):
        return f"more than {fig(q.low)}"
    if re.search(r"以上$|^(?:至少|不少于|不低于|at least)", q.text, re.I):
        return f"{fig(q.low)} or more"
    if re.search(r"(?:以下|以内)$|^(?:不到|不足|不超过|少于|低于|less than|under|below|up to)", q.text, re.I):
        return f"up to {fig(q.high)}"
    return None


def english(q: Quantity) -> str:
    """A quantity said in English figures, for messages: 30 billion, 15%, 1/3, the 1980s, July 1, 2015."""
    if q.kind == "date":
        month = MONTH_NAMES[q.month - 1] if q.month else ""
        if q.day and month:
            return f"{month} {q.day}, {q.year}" if q.year else f"{month} {q.day}"
        return " ".join(str(x) for x in (month, q.year or "") if x)
    if q.kind == "decade":
        return f"the {int(q.low)}s"
    if q.kind == "fraction":
        for den in range(2, 101):
            if abs(q.low * den - round(q.low * den)) < 1e-9:
                return f"{round(q.low * den)}/{den}"
        return f"{q.low:g}"
    if q.kind == "multiple":
        return f"{q.low:g} times ({q.low * 100:g}%)" if "倍" in q.text else f"×{q.low:g}"

    def fig(v: float) -> str:
        text = str(int(v)) if q.kind == "year" else _figure(v)
        if q.kind == "ordinal" and v == int(v):
            text += _ordinal_suffix(int(v))
        return text + {"percent": "%", "points": " percentage points"}.get(q.kind, "")

    if q.low == q.high:
        return f"about {fig(q.low)}" if q.approx else fig(q.low)
    return _bound(q, fig) or f"{fig(q.low)}–{fig(q.high)}"


_LIKE = re.compile(r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<ord>st|nd|rd|th)?"
                   r"(?P<scale>[\s\u00a0-](?:thousand|million|billion|trillion))?"
                   r"(?P<unit>\s?%|\s+per\s?cent|\s+percentage\s+points?)?", re.I)


def render_en(q: Quantity, like: str) -> str | None:
    """The Chinese quantity ``q`` written as ``like``, the English figure it replaces, was written
    (``100,000``, ``3 million``, ``15%``, ``14th``), or None when that cannot be derived exactly:
    approximations, ranges, dates and figures in words are left to the editor."""
    m = _LIKE.fullmatch(like.strip())
    if m is None or not q.exact or q.kind in ("date", "decade", "fraction", "multiple"):
        return None
    if m.group("unit") and q.kind not in ("percent", "points"):
        return None
    if m.group("ord"):
        if q.kind not in ("ordinal", "cardinal") or q.low != int(q.low) or q.low < 1:
            return None
        return f"{int(q.low)}{_ordinal_suffix(int(q.low))}"
    v = q.low
    body: str | None
    if m.group("scale"):
        sep, word = m.group("scale")[0], m.group("scale")[1:].lower()
        scale = _BIG[word]
        if v < scale:
            word, scale = next(((w, sc) for w, sc in _SCALE_WORDS if v >= sc), (word, scale))
        if v < scale:
            return None
        part = _plain(v / scale)
        body = None if part is None else f"{part}{sep}{word}"
    elif "," in m.group("num"):
        body = _commas(v)
    else:
        body = _plain(v)
    if body is None:
        return None
    return body + (m.group("unit") or "")
