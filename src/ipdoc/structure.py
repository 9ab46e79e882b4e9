"""Structure recovery: a numbering grammar shared by Chinese and English.

Markers are found wherever a block may start (a line start, or after a sentence
end when a text has been flattened into one line), then a beam search decides
which of them are real and at which level each stands, by style and by
sequence. A marker printed in the wrong style — ``(3)`` for item 3, ``(VI)``
among ``(1) (2) …`` — is placed by its context and recorded as a Note.

Levels, outermost first: part (一、 / I.), section (（一） / (1) / (I)), item
(1. / 1、), subitem (（1） / (a)). Which printed style stands for which level is
learned per document from the order in which the styles first read 1.

Everything known about one numbering style — where its markers are found, what
their numerals stand for, how a value is printed — is one entry of ``STYLES``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from .model import Document, Note, Text, Unit
from .scan import HAN, brackets, first_sentence_end, line_spans, trim

# --------------------------------------------------------------------------- numerals

_CJK = "一二三四五六七八九十"
_CJK_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
               "六": 6, "七": 7, "八": 8, "九": 9}
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_ROMAN_WRITTEN = ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"),
                  (1, "I"))


def _cjk_value(s: str) -> int:
    """二十三 -> 23; digits without 十 read positionally (二〇 -> 20)."""
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CJK_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CJK_DIGITS.get(ones, 0) if ones else 0)
    value = 0
    for ch in s:
        value = value * 10 + _CJK_DIGITS[ch]
    return value


def _to_cjk(n: int) -> str:
    """23 -> 二十三, 10 -> 十, 11 -> 十一."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def _roman_value(s: str) -> int:
    """VI or vi -> 6 (subtractive pairs read as such)."""
    s = s.lower()
    total = 0
    for i, ch in enumerate(s):
        v = _ROMAN[ch]
        total += -v if i + 1 < len(s) and _ROMAN[s[i + 1]] > v else v
    return total


def _to_roman(n: int) -> str:
    """6 -> VI, in capitals."""
    out = ""
    for v, s in _ROMAN_WRITTEN:
        while n >= v:
            out += s
            n -= v
    return out


def _is_roman(s: str) -> bool:
    """Whether a numeral is a well-formed Roman numeral from 1 to 39."""
    return re.fullmatch(r"(?i)(x{0,3})(ix|iv|v?i{0,3})", s) is not None and s != ""


def _letter_value(s: str) -> int:
    """a -> 1, c -> 3."""
    return ord(s) - ord("a") + 1


def _to_letter(n: int) -> str:
    """3 -> c."""
    return chr(ord("a") + n - 1)


def _any_numeral(s: str) -> bool:
    """Every numeral the pattern matches is well formed."""
    return True


@dataclass(frozen=True, slots=True)
class Numerals:
    """A numeral system: how its numerals are read and written."""

    name: str
    read: Callable[[str], int]
    write: Callable[[int], str]


ARABIC = Numerals("arabic", int, str)  # int() also reads full-width digits: １２ -> 12
CJK = Numerals("cjk", _cjk_value, _to_cjk)
ROMAN = Numerals("roman", _roman_value, _to_roman)
LETTER = Numerals("letter", _letter_value, _to_letter)

# --------------------------------------------------------------------------- styles


@dataclass(frozen=True, slots=True, eq=False)
class Style:
    """One numbering style: where its markers are found, what they stand for, how they are printed."""

    name: str
    pattern: re.Pattern[str]  # a marker at a position; group 1 is its numeral
    first: str  # the characters other than digits a marker can begin with
    shape: str  # dun, paren, dot or word: a misprint keeps its shape more often than its numerals
    numerals: Numerals
    template: str  # the printed marker around its numeral: "({})", "{}."
    part: bool = False  # a style of top-level parts: 一、 I. 第一部分
    well_formed: Callable[[str], bool] = _any_numeral  # refuses numerals the pattern lets through
    inline_capital: bool = False  # away from a line start, a marker only before a capital letter
    run_on: re.Pattern[str] | None = None  # a marker that may follow text with no stop before it

    def value(self, numeral: str) -> int:
        """The integer a printed numeral stands for."""
        return self.numerals.read(numeral)

    def render(self, value: int) -> str:
        """How a value is printed in this style: ``(3)``, ``3.``, ``（三）``, ``III.``."""
        return self.template.format(self.numerals.write(value))


# Tried in this order at each position: the first style whose marker fits wins.
STYLES: tuple[Style, ...] = (
    Style("cjk-dun", re.compile(f"([{_CJK}]{{1,3}})[、．.]"), _CJK, "dun", CJK, "{}、", part=True),
    Style("cjk-paren", re.compile(f"[（(]([{_CJK}]{{1,3}})[）)]"), "（(", "paren", CJK, "（{}）",
          run_on=re.compile(f"（[{_CJK}]")),
    Style("arabic-paren", re.compile(r"[（(]\s?(\d{1,2})\s?[）)]"), "（(", "paren", ARABIC, "({})"),
    Style("roman-paren", re.compile(r"\(([IVXLC]{1,6}|[ivxl]{1,6})\)"), "(", "paren", ROMAN, "({})",
          well_formed=_is_roman),
    Style("letter-paren", re.compile(r"[（(]([a-h])[）)]"), "（(", "paren", LETTER, "({})"),
    Style("roman-dot", re.compile(r"([IVX]{1,5})\.(?=\s)"), "IVX", "dot", ROMAN, "{}.", part=True,
          inline_capital=True),
    Style("arabic-dot", re.compile(r"(\d{1,2})(?:[.．](?!\d)|、)"), "", "dot", ARABIC, "{}."),
    Style("cjk-di", re.compile(f"第([{_CJK}]{{1,3}})[部章]分?"), "第", "word", CJK, "第{}部分", part=True),
)
_BY_NAME = {st.name: st for st in STYLES}
_LEVEL_NAMES = ("part", "section", "item", "subitem")


def style(name: str) -> Style:
    """The numbering style of that name: ``arabic-paren``, ``cjk-dun``, … (see ``STYLES``)."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"no numbering style {name!r}") from None


def numeral_value(name: str, numeral: str) -> int:
    """The integer a printed numeral stands for in the named style: ``("cjk-paren", "十一") -> 11``."""
    return style(name).value(numeral)


def render_marker(name: str, value: int) -> str:
    """How a value is printed as a marker of the named style: ``("cjk-paren", 3) -> "（三）"``."""
    return style(name).render(value)


def read_marker(printed: str) -> tuple[Style, int] | None:
    """The style and value of a printed marker (``"(VI)"`` -> roman-paren, 6), or None when no style fits it whole."""
    printed = printed.strip()
    for st in STYLES:
        m = st.pattern.match(printed + " ")  # a space stands for the text a marker is followed by
        if m and m.end() == len(printed) and st.well_formed(m.group(1)):
            return st, st.value(m.group(1))
    return None


@dataclass(frozen=True, slots=True)
class Marker:
    """A place where a numbered block may start."""

    start: int
    end: int  # end of the printed marker
    style: Style
    value: int
    line_start: bool
    line_end: int  # end of the line the marker is on


@dataclass(frozen=True, slots=True)
class Placed:
    """A marker accepted at a level, with what its context expected."""

    marker: Marker
    level: int
    expected: int
    home: Style  # the style of its level

    @property
    def value(self) -> int:
        """What the marker stands for: a repeated or backward number reads as the expected one."""
        return self.expected if self.marker.value < self.expected else self.marker.value


# --------------------------------------------------------------------------- markers

_SPACES = " \t\u3000"
_OPENING = frozenset("".join(st.first for st in STYLES))
_RUN_ON = tuple(st.run_on for st in STYLES if st.run_on is not None)
# what may precede an inline marker: a sentence end or a closing bracket
_INLINE_AFTER = frozenset(".。!?！？;；:：)）]”\"")
_FULL_WIDTH_STOPS = "。；：）”！？"  # need no space after them
_TEXT_AFTER_SPACE = "\"“‘'(（《"
_TEXT_DIRECTLY = "“\"《‘"


def find_markers(content: str, lines: list[tuple[int, int]]) -> list[Marker]:
    """Every position where a numbered block could start, in order."""
    found: list[Marker] = []
    for ls, le in lines:
        for pos in _starts(content, ls, le):
            m = _marker_at(content, pos, le, line_start=(pos == ls))
            if m is not None:
                found.append(m)
    return found


def _starts(content: str, ls: int, le: int) -> Iterator[int]:
    """Line start, and every inline position right after a sentence end or a bracket."""
    yield ls
    for i in range(ls + 1, le):
        ch = content[i]
        if not (ch.isdigit() or ch in _OPENING):
            continue
        j = i - 1
        while j >= ls and content[j] in _SPACES:
            j -= 1
        if j < ls or content[j] not in _INLINE_AFTER:
            if i + 2 < le and any(rx.match(content, i) for rx in _RUN_ON):
                yield i  # （一） run on to a heading with no stop before it
            continue
        # English puts a space after the stop; Chinese full-width stops need none
        if j < i - 1 or content[j] in _FULL_WIDTH_STOPS:
            yield i


def _marker_at(content: str, pos: int, limit: int, line_start: bool) -> Marker | None:
    """The marker at ``pos`` in the first style that fits, or None."""
    for st in STYLES:
        m = st.pattern.match(content, pos, limit)
        if not m:
            continue
        end = m.end()
        if end >= len(content):
            return None  # nothing follows: no block starts here
        if not _text_follows(content, end, limit):
            continue
        if not st.well_formed(m.group(1)):
            continue
        if st.inline_capital and not (line_start or content[end:limit].lstrip()[:1].isupper()):
            continue
        return Marker(pos, end, st, st.value(m.group(1)), line_start, limit)
    return None


def _text_follows(content: str, end: int, limit: int) -> bool:
    """A marker is followed by its text: a space then a word, or a Han character or a quote directly."""
    ch = content[end]
    if ch in _SPACES:
        nxt = content[end:limit].lstrip(_SPACES)[:1]
        return bool(nxt) and (nxt.isalpha() or nxt in _TEXT_AFTER_SPACE)
    return bool(HAN.match(ch)) or ch in _TEXT_DIRECTLY


# --------------------------------------------------------------------------- decoding


_BEAM = 48
_SKIP_LINE = 2.5  # cost of refusing a marker at a line start
_SKIP_INLINE = 0.6  # cost of refusing an inline one
_BREAK = 3.5  # a number that does not follow its predecessor
_NEAR_BREAK = 2.5  # one off: a number repeated or one skipped
_FITS = 2.0  # extra cost of refusing a marker that continues its own sequence exactly
_SHAPE_MISPRINT = 1.5  # right bracket shape, wrong numerals: (VI) among (1) (2)
_MISPRINT = 2.5  # wrong shape: (3) among 1. 2.
_ACCEPT = 1.0  # reward for each accepted marker

# the markers accepted so far, the last first, as a chain that entries share (copying a tuple at
# every step made the decoder quadratic in the number of markers)
_Path = tuple[Placed, "_Path"] | None
# a beam entry: its cost, the last value at each level, how many markers it accepted, and them
_Entry = tuple[float, tuple[int, ...], int, _Path]


def _home_levels(markers: list[Marker]) -> dict[Style, int]:
    """Level of each style, in the order in which a marker of it first reads 1.

    A style that never reads 1 has no level: its markers are misprints. A fifth
    style and any after it share the innermost level.
    """
    order: list[Style] = []
    for m in markers:
        if m.value == 1 and m.style not in order:
            order.append(m.style)
    return {st: min(i, len(_LEVEL_NAMES) - 1) for i, st in enumerate(order)}


def _level_styles(homes: dict[Style, int]) -> list[Style]:
    """The home style of each level, outermost first: of styles sharing a level, the last to appear."""
    by_level = {lvl: st for st, lvl in homes.items()}
    return [by_level[lvl] for lvl in range(len(by_level))]


def decode_markers(markers: list[Marker]) -> tuple[list[Placed], list[Style]]:
    """Choose which markers are real and their levels; return them and the home style of each level."""
    homes = _home_levels(markers)
    if not homes:
        return [], []
    levels = _level_styles(homes)
    beam: list[_Entry] = [(0.0, (0,) * len(levels), 0, None)]
    for m in markers:
        nxt: dict[tuple[int, ...], _Entry] = {}
        for entry in beam:
            for after in _successors(entry, m, homes.get(m.style), levels):
                _keep(nxt, after)
        beam = sorted(nxt.values(), key=lambda e: e[0])[:_BEAM]
    best = min(beam, key=lambda e: e[0])
    placed: list[Placed] = []
    node = best[3]
    while node is not None:
        placed.append(node[0])
        node = node[1]
    return placed[::-1], levels


def _successors(entry: _Entry, m: Marker, home_level: int | None, levels: list[Style]) -> Iterator[_Entry]:
    """The entry after refusing the marker, then after accepting it at each level in turn."""
    cost, counters, count, path = entry
    skip = _SKIP_LINE if m.line_start else _SKIP_INLINE
    if home_level is not None and counters[home_level] + 1 == m.value:
        skip += _FITS
    yield cost + skip, counters, count, path
    for lvl, home in enumerate(levels):
        expected = counters[lvl] + 1
        if m.style is home:
            c = 0.0
        elif m.style.shape == home.shape:
            c = _SHAPE_MISPRINT
        else:
            c = _MISPRINT
        if m.value != expected:
            c += _NEAR_BREAK if abs(m.value - expected) == 1 else _BREAK
        # a number repeated or going back is a misprint of the expected one;
        # a number that jumps ahead is taken as printed (something may be missing)
        placed = Placed(m, lvl, expected, home)
        counted = (*counters[:lvl], placed.value, *(0,) * (len(levels) - lvl - 1))
        yield cost + c - _ACCEPT, counted, count + 1, (placed, path)


def _keep(beam: dict[tuple[int, ...], _Entry], entry: _Entry) -> None:
    """Add an entry, keeping the cheaper (the first on a tie) of two with the same counters and length."""
    key = (*entry[1], entry[2])
    old = beam.get(key)
    if old is None or entry[0] < old[0]:
        beam[key] = entry


def level_names(level_styles: list[Style]) -> list[str]:
    """Kind names for the levels: parts only when the outermost style is a part style."""
    first = 0 if level_styles and level_styles[0].part else 1
    names = list(_LEVEL_NAMES[first:])
    while len(names) < len(level_styles):
        names.append("subitem")
    return names[: len(level_styles)]


# --------------------------------------------------------------------------- blocks

_ATTR_EN = re.compile(
    r"\b(Ministry|Ministries|Commission|Office|Administration|Bureau|Bank|Council|Committee|"
    r"Department|departments|governments?|responsible|[Ll]ed by|Agency|Academy|Federation|"
    r"Association|Regulatory|Bureaus|Leading Group|Court|Procuratorate)\b"
)
_ATTR_ZH = re.compile(r"(负责|牵头|部|委|局|办|署|总局|银行|会|院|政府|各地区|各部门)")

_DATE = re.compile(
    r"^\s*(?:"
    r"[\d０-９ ]{2,6}\s*年\s*[\d０-９]{1,2}\s*月\s*[\d０-９]{1,2}\s*日"
    r"|[二〇○零一三四五六七八九十]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日"
    r"|\d[\d ]{2,5}\d\s+[A-Z][a-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?"
    r"|[A-Z][a-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d[\d ]{2,5}\d"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\.?,?\s+\d[\d ]{2,5}\d"
    r")\s*\.?\s*$"
)
_DOCNO = re.compile(r"(〔\d{4}〕\s*\d+\s*号|\[\d[\d ]{2,5}\d\]\s*No\.?\s*\d+|[A-Z][a-z]+ Fa \[)")
_ADDRESSEE = re.compile(
    r"(各省、自治区、直辖市|人民政府[，,]|^[^。]{4,80}[：:]\s*$|people's governments of all provinces"
    r"|ministries and commissions)"
)

# a block found before its id is known: (start, end, kind)
_Span = tuple[int, int, str]


def looks_like_attribution(s: str, lang: str) -> bool:
    """Whether bracketed text reads as a list of responsible departments."""
    inner = s.strip().strip("()（）.。 ")
    if not inner:
        return False
    if lang == "zh":
        return bool(re.search(r"(负责|牵头)\s*$", inner)) or (
            "、" in inner and inner.endswith("等") and bool(_ATTR_ZH.search(inner))
        )
    return len(_ATTR_EN.findall(inner)) >= 1 and (
        "," in inner or re.search(r"responsible|[Ll]ed by|Responsible", inner) is not None
    )


def _attribution(content: str, start: int, end: int, lang: str) -> tuple[int, int, bool] | None:
    """The department list closing a block: ``(start, end, closed)``, or None."""
    br = brackets(content, start, end)
    # an opener never closed, running to the end of the block
    for op in reversed(br.unclosed):
        if looks_like_attribution(content[op:end], lang) and content[op] in "(（":
            s, e = trim(content, op, end)
            return s, e, False
    # the last balanced bracket group followed only by stops and stray closers
    j = end
    stray = set(br.stray)
    while j > start and (content[j - 1].isspace() or content[j - 1] in ".。;；" or (j - 1) in stray):
        j -= 1
    if j <= start or content[j - 1] not in ")）":
        return None
    depth = 0
    i = j - 1
    while i >= start:
        ch = content[i]
        if ch in ")）" and i not in stray:
            depth += 1
        elif ch in "(（":
            depth -= 1
            if depth == 0:
                break
        i -= 1
    if i < start or not looks_like_attribution(content[i:j], lang):
        return None
    e = j
    if e < end and content[e] in ".。":
        e += 1
    return i, e, True


def _heading_end(content: str, start: int, end: int, lang: str, line_end: int) -> int | None:
    """Where the heading of a numbered block ends, or None when it has none."""
    region_end = min(line_end, end)
    first = first_sentence_end(content, start, region_end, lang)
    if first is None:
        # the whole line is the heading when it is short
        first = region_end
    text = content[start:first]
    size = len(HAN.findall(text)) if lang == "zh" else len(text.split())
    limit = 30 if lang == "zh" else 14
    if size <= limit:
        return first
    return None


def _short_title(line: str, lang: str) -> bool:
    """Whether a first line is short enough, and unstopped, to be a title."""
    if lang == "zh":
        return len(line) <= 60 and not line.endswith(("。", "；"))
    return len(line.split()) <= 30 and not line.endswith((".", ";"))


def _is_signature(line: str, lang: str) -> bool:
    """Whether the line before a date reads as the issuer's name."""
    if lang == "zh":
        return len(line) <= 30 and not re.search(r"[。；，]", line)
    return len(line.split()) <= 10 and not line.rstrip().endswith((".", ";", ","))


# --------------------------------------------------------------------------- recovery, step by step


def recover(text: Text) -> tuple[list[Unit], list[Note]]:
    """Block units of a text (containers and leaves) and the notes on its structure."""
    content, lang = text.content, text.lang
    lines = line_spans(content)
    if not lines:
        return [], []
    placed, level_styles = decode_markers(find_markers(content, lines))
    closing, body_end = _closing_lines(content, lang, lines)
    placed = [p for p in placed if p.marker.start < body_end]
    new_id = _id_allocator()
    first_marker = placed[0].marker.start if placed else body_end
    front = _front_units(_front_matter(content, lang, lines, first_marker), new_id)
    numbered, notes = _numbered(content, lang, placed, level_names(level_styles), body_end, new_id)
    units = _extend_containers(front + numbered) + [Unit(new_id(), k, s, e) for s, e, k in closing]
    return _in_document_order(units, notes)


def _id_allocator() -> Callable[[], str]:
    """Provisional block ids in the order blocks are made; the final ids follow document order."""
    counter = itertools.count()
    return lambda: f"b{next(counter)}"


def _closing_lines(content: str, lang: str, lines: list[tuple[int, int]]) -> tuple[list[_Span], int]:
    """The date among the last four lines, the signature before it and any lines after; and where the body ends."""
    for idx in range(len(lines) - 1, max(-1, len(lines) - 5), -1):
        s, e = lines[idx]
        if not _DATE.match(content[s:e]):
            continue
        closing: list[_Span] = [(s, e, "date")]
        first = idx
        if idx > 0 and _is_signature(content[lines[idx - 1][0]:lines[idx - 1][1]], lang):
            closing.append((*lines[idx - 1], "signature"))
            first = idx - 1
        closing += [(*lines[k], "paragraph") for k in range(idx + 1, len(lines))]
        return sorted(closing), (lines[first - 1][1] if first > 0 else 0)
    return [], lines[-1][1]


def _front_matter(content: str, lang: str, lines: list[tuple[int, int]], first_marker: int) -> list[_Span]:
    """Title, document number, addressee and paragraphs: the lines before the first numbered block."""
    front_lines = [(s, e) for s, e in lines if s < first_marker]
    seen_docno = any(_DOCNO.search(content[s:e]) for s, e in front_lines[:4])
    out: list[_Span] = []
    stage = "title"
    for i, (ls, le) in enumerate(front_lines):
        s, e = trim(content, ls, min(le, first_marker))
        if e <= s:
            continue
        line = content[s:e]
        if stage == "title":
            if _DOCNO.search(line) and len(line) < 80:
                out.append((s, e, "docno"))
                stage = "addressee"
                continue
            if seen_docno or (i == 0 and _short_title(line, lang)):
                out.append((s, e, "title"))
                if not seen_docno:
                    stage = "addressee"
                continue
            stage = "body"
        if stage == "addressee":
            stage = "body"
            if _ADDRESSEE.search(line) and len(line) < 300:
                out.append((s, e, "addressee"))
                continue
        out.append((s, e, "paragraph"))
    return out


def _front_units(front: list[_Span], new_id: Callable[[], str]) -> list[Unit]:
    """Front matter as units, its paragraphs held by a preamble."""
    paragraphs = [(s, e) for s, e, kind in front if kind == "paragraph"]
    units: list[Unit] = []
    preamble = None
    if paragraphs:
        preamble = new_id()
        units.append(Unit(preamble, "preamble", min(s for s, _ in paragraphs), max(e for _, e in paragraphs)))
    units += [Unit(new_id(), kind, s, e, parent=preamble if kind == "paragraph" else None) for s, e, kind in front]
    return units


def _numbered(content: str, lang: str, placed: list[Placed], names: list[str], body_end: int,
              new_id: Callable[[], str]) -> tuple[list[Unit], list[Note]]:
    """A container for each accepted marker, with its heading, paragraphs and attribution, and the notes."""
    units: list[Unit] = []
    notes: list[Note] = []
    open_: list[tuple[int, str]] = []  # (level, id) of the containers still open, outermost first
    ends = [p.marker.start for p in placed[1:]] + [body_end]
    for p, own_end in zip(placed, ends):
        m = p.marker
        while open_ and open_[-1][0] >= p.level:
            open_.pop()
        cid = new_id()
        number = content[m.start:m.end]
        own_s, own_e = trim(content, m.start, own_end)
        units.append(Unit(cid, names[p.level], m.start, own_e, parent=open_[-1][1] if open_ else None,
                          number=number, value=p.value))
        open_.append((p.level, cid))
        notes += _marker_notes(p, cid, number, names[p.level])
        leaves, leaf_notes = _leaves(content, lang, cid, own_s, own_e, m, new_id)
        units += leaves
        notes += leaf_notes
    return units, notes


def _marker_notes(p: Placed, cid: str, number: str, kind: str) -> list[Note]:
    """What a placed marker shows: another style than its level's, a number out of sequence, a run-in heading."""
    m, home = p.marker, p.home
    notes: list[Note] = []
    if m.style is not home:
        expected = home.render(p.value)
        notes.append(Note(
            "marker-misprinted", cid, m.start, m.end,
            f"{number} is printed in the wrong style for {kind} {p.value}; its siblings use "
            f"{home.render(1)}, so it reads {expected}",
            expected=expected,
        ))
    if m.value != p.expected:
        want = home.render(p.expected)
        if m.value < p.expected:
            message = f"{kind} {number} repeats or goes back after {kind} {p.expected - 1}; it reads {want}"
        else:
            message = f"{kind} {number} jumps from {kind} {p.expected - 1}: {want} is missing or misnumbered"
        notes.append(Note("sequence-break", cid, m.start, m.end, message, expected=want))
    if not m.line_start:
        notes.append(Note("heading-run-in", cid, m.start, m.end, f"{kind} {number} runs on from the text before it",
                          expected="\n"))
    return notes


def _leaves(content: str, lang: str, parent: str, start: int, end: int, marker: Marker,
            new_id: Callable[[], str]) -> tuple[list[Unit], list[Note]]:
    """Heading, paragraphs and attribution of one numbered block's own text, and a note on an unclosed list."""
    out: list[Unit] = []
    pos = start
    h_end = _heading_end(content, marker.end, end, lang, marker.line_end)
    if h_end is not None:
        hs, he = trim(content, start, h_end)
        out.append(Unit(new_id(), "heading", hs, he, parent=parent))
        pos = h_end
    attr = _attribution(content, pos, end, lang)
    body_end = attr[0] if attr else end
    out += [Unit(new_id(), "paragraph", s, e, parent=parent) for s, e in line_spans(content, pos, body_end)]
    if attr is None:
        return out, []
    a_s, a_e, closed = attr
    uid = new_id()
    out.append(Unit(uid, "attribution", a_s, a_e, parent=parent))
    if closed:
        return out, []
    return out, [Note("attribution-unclosed", uid, a_s, a_e,
                      "the list of responsible departments has no closing bracket",
                      expected="）" if lang == "zh" else ")")]


def _extend_containers(units: list[Unit]) -> list[Unit]:
    """Containers end where their last descendant ends (children come after their parents)."""
    ends = {u.id: u.end for u in units}
    for u in reversed(units):
        if u.parent and ends[u.parent] < ends[u.id]:
            ends[u.parent] = ends[u.id]
    return [u if u.end == ends[u.id] else replace(u, end=ends[u.id]) for u in units]


def _in_document_order(units: list[Unit], notes: list[Note]) -> tuple[list[Unit], list[Note]]:
    """Sort units by position (containers before what they hold) and number them b0, b1, …"""
    depth: dict[str, int] = {}
    for u in units:  # parents come before their children
        depth[u.id] = 0 if u.parent is None else depth[u.parent] + 1
    ordered = sorted(units, key=lambda u: (u.start, -u.end, depth[u.id]))
    rename = {u.id: f"b{i}" for i, u in enumerate(ordered)}
    units = [replace(u, id=rename[u.id], parent=rename[u.parent] if u.parent else None) for u in ordered]
    notes = [replace(n, unit=rename[n.unit] if n.unit else None) for n in notes]
    return units, notes


def structure(text: Text) -> Document:
    """A Document holding only the block units (segmentation adds the rest)."""
    units, notes = recover(text)
    return Document(text, tuple(units), tuple(notes))
