"""Structure recovery: a numbering grammar shared by Chinese and English.

Markers are found wherever a block may start (a line start, or after a sentence
end when a text has been flattened into one line), then a beam search decides
which of them are real and at which level each stands, by style and by
sequence. A marker printed in the wrong style — ``(3)`` for item 3, ``(VI)``
among ``(1) (2) …`` — is placed by its context and recorded as a Note.

Levels, outermost first: part (一、 / I.), section (（一） / (1) / (I)), item
(1. / 1、), subitem (（1） / (a)). Which printed style stands for which level is
learned per document from the order in which styles first appear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Document, Note, Text, Unit
from .scan import HAN, brackets, first_sentence_end, trim

_CJK_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
               "六": 6, "七": 7, "八": 8, "九": 9}
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}

# style name -> (regex at a position, shape); group 1 is the numeral
_STYLES: dict[str, tuple[re.Pattern[str], str]] = {
    "cjk-dun": (re.compile(r"([一二三四五六七八九十]{1,3})[、．.]"), "dun"),
    "cjk-paren": (re.compile(r"[（(]([一二三四五六七八九十]{1,3})[）)]"), "paren"),
    "arabic-paren": (re.compile(r"[（(]\s?(\d{1,2})\s?[）)]"), "paren"),
    "roman-paren": (re.compile(r"\(([IVXLC]{1,6}|[ivxl]{1,6})\)"), "paren"),
    "letter-paren": (re.compile(r"[（(]([a-h])[）)]"), "paren"),
    "roman-dot": (re.compile(r"([IVX]{1,5})\.(?=\s)"), "dot"),
    "arabic-dot": (re.compile(r"(\d{1,2})(?:[.．](?!\d)|、)"), "dot"),
    "cjk-di": (re.compile(r"第([一二三四五六七八九十]{1,3})[部章]分?"), "word"),
}
_PART_STYLES = ("cjk-dun", "roman-dot", "cjk-di")
_LEVEL_NAMES = ("part", "section", "item", "subitem")

# what may precede an inline marker: a sentence end or a closing bracket
_INLINE_AFTER = set(".。!?！？;；:：)）]”\"")

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


def numeral_value(style: str, numeral: str) -> int:
    """The integer a printed numeral stands for."""
    if style.startswith("cjk"):
        return _cjk_value(numeral)
    if style.startswith("roman"):
        return _roman_value(numeral)
    if style == "letter-paren":
        return ord(numeral) - ord("a") + 1
    return int(numeral)


def _cjk_value(s: str) -> int:
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CJK_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CJK_DIGITS.get(ones, 0) if ones else 0)
    value = 0
    for ch in s:
        value = value * 10 + _CJK_DIGITS[ch]
    return value


def _roman_value(s: str) -> int:
    s = s.lower()
    total = 0
    for i, ch in enumerate(s):
        v = _ROMAN[ch]
        total += -v if i + 1 < len(s) and _ROMAN[s[i + 1]] > v else v
    return total


@dataclass(frozen=True, slots=True)
class Marker:
    """A place where a numbered block may start."""

    start: int
    end: int  # end of the printed marker
    style: str
    shape: str
    value: int
    line_start: bool


@dataclass(frozen=True, slots=True)
class Placed:
    """A marker accepted at a level, with what its context expected."""

    marker: Marker
    level: int
    expected: int
    home_style: str

    @property
    def value(self) -> int:
        """What the marker stands for: a repeated or backward number reads as the expected one."""
        return self.expected if self.marker.value < self.expected else self.marker.value


# --------------------------------------------------------------------------- lines


def _lines(content: str) -> list[tuple[int, int]]:
    """Spans of non-blank lines, whitespace trimmed."""
    out = []
    pos = 0
    for line in content.splitlines(keepends=True):
        s, e = trim(content, pos, pos + len(line))
        if e > s:
            out.append((s, e))
        pos += len(line)
    return out


# --------------------------------------------------------------------------- markers


def find_markers(text: Text, lines: list[tuple[int, int]]) -> list[Marker]:
    """Every position where a numbered block could start, in order."""
    content = text.content
    found: list[Marker] = []
    for ls, le in lines:
        for pos in _starts(content, ls, le):
            m = _marker_at(content, pos, le, line_start=(pos == ls))
            if m is not None:
                found.append(m)
    return found


def _starts(content: str, ls: int, le: int):
    """Line start, and every inline position right after a sentence end or a bracket."""
    yield ls
    for i in range(ls + 1, le):
        if not (content[i].isdigit() or content[i] in "(（第IVX一二三四五六七八九十"):
            continue
        j = i - 1
        while j >= ls and content[j] in " \t\u3000":
            j -= 1
        if j < ls or content[j] not in _INLINE_AFTER:
            if content[i] == "（" and i + 2 < le and content[i + 1] in "一二三四五六七八九十":
                yield i  # （一） run on to a heading with no stop before it
            continue
        # English puts a space after the stop; Chinese full-width stops need none
        if j < i - 1 or content[j] in "。；：）”！？":
            yield i


def _marker_at(content: str, pos: int, limit: int, line_start: bool) -> Marker | None:
    for style, (rx, shape) in _STYLES.items():
        m = rx.match(content, pos, limit)
        if not m:
            continue
        end = m.end()
        after = content[end:end + 2]
        if not after:
            return None
        # a marker is followed by its text: a space then a word, or a Han character directly
        if after[0] in " \t\u3000":
            nxt = content[end:limit].lstrip(" \t\u3000")[:1]
            if not nxt or not (nxt.isalpha() or nxt in "\"“‘'(（《"):
                continue
        elif not (HAN.match(after[0]) or after[0] in "“\"《‘"):
            continue
        if style == "roman-paren" and not _is_roman(m.group(1)):
            continue
        if style == "roman-dot" and not (line_start or content[end:limit].lstrip()[:1].isupper()):
            continue
        return Marker(pos, end, style, shape, numeral_value(style, m.group(1)), line_start)
    return None


def _is_roman(s: str) -> bool:
    return re.fullmatch(r"(?i)(x{0,3})(ix|iv|v?i{0,3})", s) is not None and s != ""


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


def _home_levels(markers: list[Marker]) -> dict[str, int]:
    """Level of each style, by the order in which styles first appear at a line start.

    When a text is flattened, first appearance anywhere is used. Styles whose
    first value is not 1 are left out: they are misprints, not a level of their own.
    """
    order: list[str] = []
    for m in markers:
        if m.style not in order and m.value == 1:
            order.append(m.style)
    levels = {}
    for st in order:
        levels[st] = min(len(levels), len(_LEVEL_NAMES) - 1)
    return levels


def decode_markers(markers: list[Marker]) -> tuple[list[Placed], list[str]]:
    """Choose which markers are real and their levels; return them and the level style map."""
    homes = _home_levels(markers)
    if not homes:
        return [], []
    depth = max(homes.values()) + 1
    home_of_level = {lvl: st for st, lvl in sorted(homes.items(), key=lambda kv: -kv[1])}
    shape_of_level = {lvl: _STYLES[st][1] for lvl, st in home_of_level.items()}

    # beam entries: (cost, counters, path)
    beam: list[tuple[float, tuple[int, ...], tuple[Placed, ...]]] = [(0.0, (0,) * depth, ())]
    for m in markers:
        nxt: dict[tuple[int, ...], tuple[float, tuple[int, ...], tuple[Placed, ...]]] = {}

        def push(cost: float, counters: tuple[int, ...], path: tuple[Placed, ...]) -> None:
            key = counters + (len(path),)
            old = nxt.get(key)
            if old is None or cost < old[0]:
                nxt[key] = (cost, counters, path)

        home_level = homes.get(m.style)
        for cost, counters, path in beam:
            skip = _SKIP_LINE if m.line_start else _SKIP_INLINE
            if home_level is not None and counters[home_level] + 1 == m.value:
                skip += _FITS
            push(cost + skip, counters, path)
            for lvl in range(depth):
                home = home_of_level[lvl]
                if m.style == home:
                    c = 0.0
                elif m.shape == shape_of_level[lvl]:
                    c = _SHAPE_MISPRINT
                else:
                    c = _MISPRINT
                expected = counters[lvl] + 1
                if m.value != expected:
                    c += _NEAR_BREAK if abs(m.value - expected) == 1 else _BREAK
                # a number repeated or going back is a misprint of the expected one;
                # a number that jumps ahead is taken as printed (something may be missing)
                value = expected if m.value < expected else m.value
                new = counters[:lvl] + (value,) + (0,) * (depth - lvl - 1)
                push(cost + c - _ACCEPT, new, path + (Placed(m, lvl, expected, home),))
        beam = sorted(nxt.values(), key=lambda e: e[0])[:_BEAM]
    best = min(beam, key=lambda e: e[0])
    return list(best[2]), [home_of_level[lvl] for lvl in range(depth)]


def level_names(level_styles: list[str]) -> list[str]:
    """Kind names for the levels: parts only when the outermost style is a part style."""
    first = 0 if level_styles and level_styles[0] in _PART_STYLES else 1
    names = list(_LEVEL_NAMES[first:])
    while len(names) < len(level_styles):
        names.append("subitem")
    return names[: len(level_styles)]


# --------------------------------------------------------------------------- blocks


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


def recover(text: Text) -> tuple[list[Unit], list[Note]]:
    """Block units of a text (containers and leaves) and the notes on its structure."""
    content, lang = text.content, text.lang
    lines = _lines(content)
    notes: list[Note] = []
    if not lines:
        return [], notes
    markers = find_markers(text, lines)
    placed, level_styles = decode_markers(markers)
    names = level_names(level_styles)

    # closing lines: signature and date after the last block
    closing: list[tuple[int, int, str]] = []
    body_end_line = len(lines)
    for idx in range(len(lines) - 1, max(-1, len(lines) - 5), -1):
        s, e = lines[idx]
        if _DATE.match(content[s:e]):
            closing.append((s, e, "date"))
            body_end_line = idx
            if idx > 0:
                ps, pe = lines[idx - 1]
                if _is_signature(content[ps:pe], lang):
                    closing.append((ps, pe, "signature"))
                    body_end_line = idx - 1
            for k in range(idx + 1, len(lines)):
                closing.append((*lines[k], "paragraph"))
            break
    placed = [p for p in placed if body_end_line == len(lines) or p.marker.start < lines[body_end_line][0]]
    body_end = lines[body_end_line - 1][1] if body_end_line > 0 else 0

    units: list[Unit] = []
    counter = 0

    def new_id() -> str:
        nonlocal counter
        counter += 1
        return f"b{counter - 1}"

    def line_end_of(pos: int) -> int:
        for s, e in lines:
            if s <= pos < e:
                return e
        return len(content)

    # front matter: everything before the first accepted marker
    first_marker = placed[0].marker.start if placed else body_end
    front_lines = [(s, e) for s, e in lines if s < first_marker and s < body_end]
    preamble_id = None
    front: list[tuple[int, int, str]] = []
    seen_docno = any(_DOCNO.search(content[s:e]) for s, e in front_lines[:4])
    stage = "title"
    for i, (s, e) in enumerate(front_lines):
        e = min(e, first_marker)
        s, e = trim(content, s, e)
        if e <= s:
            continue
        line = content[s:e]
        if stage == "title":
            if _DOCNO.search(line) and len(line) < 80:
                front.append((s, e, "docno"))
                stage = "addressee"
                continue
            if seen_docno or (i == 0 and _short_title(line, lang)):
                front.append((s, e, "title"))
                if not seen_docno:
                    stage = "addressee"
                continue
            stage = "body"
        if stage == "addressee":
            stage = "body"
            if _ADDRESSEE.search(line) and len(line) < 300:
                front.append((s, e, "addressee"))
                continue
        front.append((s, e, "paragraph"))
    if any(k == "paragraph" for _, _, k in front):
        ps = min(s for s, _, k in front if k == "paragraph")
        pe = max(e for _, e, k in front if k == "paragraph")
        preamble_id = new_id()
        units.append(Unit(preamble_id, "preamble", ps, pe))
    for s, e, k in front:
        units.append(Unit(new_id(), k, s, e, parent=preamble_id if k == "paragraph" else None))

    # numbered containers
    open_at: list[str | None] = [None] * len(names)
    container_ranges: list[tuple[str, int]] = []  # (unit id, index into units) to fix ends later
    for idx, p in enumerate(placed):
        m = p.marker
        own_end = placed[idx + 1].marker.start if idx + 1 < len(placed) else body_end
        own_s, own_e = trim(content, m.start, own_end)
        parent = next((open_at[k] for k in range(p.level - 1, -1, -1) if open_at[k]), None)
        cid = new_id()
        number = content[m.start:m.end]
        units.append(Unit(cid, names[p.level], m.start, own_e, parent=parent, number=number, value=p.value))
        container_ranges.append((cid, len(units) - 1))
        open_at[p.level] = cid
        for k in range(p.level + 1, len(open_at)):
            open_at[k] = None
        _notes_for_marker(p, cid, number, level_styles, names, content, notes)
        if not m.line_start:
            notes.append(Note("heading-run-in", cid, m.start, m.end,
                              f"{names[p.level]} {number} runs on from the text before it",
                              expected="\n"))
        units.extend(_leaves(content, lang, cid, own_s, own_e, m.end, line_end_of(m.start), notes, new_id))

    # containers end where their last descendant ends
    ends = {u.id: u.end for u in units}
    for u in reversed(units):
        if u.parent and ends.get(u.parent, 0) < ends[u.id]:
            ends[u.parent] = ends[u.id]
    units = [Unit(u.id, u.kind, u.start, ends[u.id], u.parent, u.number, u.value) for u in units]

    for s, e, k in sorted(closing):
        units.append(Unit(new_id(), k, s, e))
    return _in_document_order(units, notes)


def _in_document_order(units: list[Unit], notes: list[Note]) -> tuple[list[Unit], list[Note]]:
    """Sort units by position (containers before what they hold) and number them b0, b1, …"""
    depth: dict[str, int] = {}
    by_id = {u.id: u for u in units}

    def depth_of(u: Unit) -> int:
        if u.id not in depth:
            depth[u.id] = 0 if u.parent is None else depth_of(by_id[u.parent]) + 1
        return depth[u.id]

    ordered = sorted(units, key=lambda u: (u.start, -u.end, depth_of(u)))
    rename = {u.id: f"b{i}" for i, u in enumerate(ordered)}
    units = [Unit(rename[u.id], u.kind, u.start, u.end, rename.get(u.parent) if u.parent else None, u.number, u.value)
             for u in ordered]
    notes = [Note(n.code, rename.get(n.unit) if n.unit else None, n.start, n.end, n.message, n.expected) for n in notes]
    return units, notes


def _short_title(line: str, lang: str) -> bool:
    if lang == "zh":
        return len(line) <= 60 and not line.endswith(("。", "；"))
    return len(line.split()) <= 30 and not line.endswith((".", ";"))


def _is_signature(line: str, lang: str) -> bool:
    if lang == "zh":
        return len(line) <= 30 and not re.search(r"[。；，]", line)
    return len(line.split()) <= 10 and not line.rstrip().endswith((".", ";", ","))


def _notes_for_marker(p: Placed, cid: str, number: str, level_styles: list[str], names: list[str],
                      content: str, notes: list[Note]) -> None:
    m = p.marker
    kind = names[p.level]
    if m.style != p.home_style:
        expected = _render(p.home_style, p.value)
        notes.append(Note(
            "marker-misprinted", cid, m.start, m.end,
            f"{number} is printed in the wrong style for {kind} {p.value}; its siblings use "
            f"{_render(p.home_style, 1)}, so it reads {expected}",
            expected=expected,
        ))
    if m.value != p.expected:
        want = _render(p.home_style, p.expected)
        if m.value < p.expected:
            message = f"{kind} {number} repeats or goes back after {kind} {p.expected - 1}; it reads {want}"
        else:
            message = f"{kind} {number} jumps from {kind} {p.expected - 1}: {want} is missing or misnumbered"
        notes.append(Note("sequence-break", cid, m.start, m.end, message, expected=want))


def _render(style: str, value: int) -> str:
    """How a value is printed in a style: ``(3)``, ``3.``, ``（三）``, ``III.``."""
    if style == "arabic-paren":
        return f"({value})"
    if style == "arabic-dot":
        return f"{value}."
    if style == "roman-paren":
        return f"({_to_roman(value)})"
    if style == "roman-dot":
        return f"{_to_roman(value)}."
    if style == "cjk-paren":
        return f"（{_to_cjk(value)}）"
    if style == "cjk-dun":
        return f"{_to_cjk(value)}、"
    if style == "letter-paren":
        return f"({chr(ord('a') + value - 1)})"
    if style == "cjk-di":
        return f"第{_to_cjk(value)}部分"
    return str(value)


def _to_roman(n: int) -> str:
    out = ""
    for v, s in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += s
            n -= v
    return out


def _to_cjk(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def _leaves(content: str, lang: str, parent: str, start: int, end: int, marker_end: int,
            line_end: int, notes: list[Note], new_id) -> list[Unit]:
    """Heading, paragraphs and attribution of one numbered block's own text."""
    out: list[Unit] = []
    pos = start
    h_end = _heading_end(content, marker_end, end, lang, line_end)
    if h_end is not None:
        hs, he = trim(content, start, h_end)
        out.append(Unit(new_id(), "heading", hs, he, parent=parent))
        pos = h_end
    attr = _attribution(content, pos, end, lang)
    body_end = attr[0] if attr else end
    for s, e in _lines(content[pos:body_end]):
        s, e = trim(content, pos + s, pos + e)
        if e > s:
            out.append(Unit(new_id(), "paragraph", s, e, parent=parent))
    if attr:
        a_s, a_e, closed = attr
        uid = new_id()
        out.append(Unit(uid, "attribution", a_s, a_e, parent=parent))
        if not closed:
            notes.append(Note("attribution-unclosed", uid, a_s, a_e,
                              "the list of responsible departments has no closing bracket",
                              expected="）" if lang == "zh" else ")"))
    return out


def structure(text: Text) -> Document:
    """A Document holding only the block units (segmentation adds the rest)."""
    units, notes = recover(text)
    return Document(text, tuple(units), tuple(notes))
