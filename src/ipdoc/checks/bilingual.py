"""Bilingual checks, reading the Chinese through the alignment: omitted and added
passages, numbers that differ, Latin tokens dropped, Chinese left untranslated,
English far shorter or longer than its Chinese."""

from __future__ import annotations

import itertools
import math
import re

from ..lexicon import en_number_phrases, zh_number
from ..model import Bead, Fix
from . import SUGGESTED, Context, rule
from .evidence import gloss_text, locate, paired, replacement_for, zh_tokens

_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff][\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff0c\u3001]*")


def _runs(beads: tuple[Bead, ...], side: str) -> list[tuple[int, int]]:
    """Runs of consecutive omitted (zh) or added (en) units: (first, last) indices."""
    out: list[tuple[int, int]] = []
    for b in beads:
        units = b.zh if side == "zh" else b.en
        other = b.en if side == "zh" else b.zh
        if units and not other:
            if out and out[-1][1] + 1 == units[0]:
                out[-1] = (out[-1][0], units[-1])
            else:
                out.append((units[0], units[-1]))
    return out


def _whole_containers(ctx: Context, side: str, first: int, last: int) -> list[str]:
    """Numbered containers lying wholly inside a run of units, outermost first."""
    doc = ctx.doc(side)
    units = ctx.units(side)
    lo, hi = units[first].start, units[last].end
    names = []
    covered: list[tuple[int, int]] = []
    for c in doc.units:
        if c.kind not in ("part", "section", "item") or c.start < lo or c.end > hi:
            continue
        if any(s <= c.start and c.end <= e for s, e in covered):
            continue
        covered.append((c.start, c.end))
        heading = next((u for u in doc.children(c.id) if u.kind == "heading"), None)
        title = " ".join(doc.text_of(heading).split()) if heading is not None else (c.number or "")
        names.append(f"{c.kind} {title[:40]}")
    return names


def _passage_message(ctx: Context, side: str, first: int, last: int) -> str:
    n = last - first + 1
    what = "sentence" if ctx.level == "sentence" else "clause"
    names = _whole_containers(ctx, side, first, last)
    lang, other = ("Chinese", "English") if side == "zh" else ("English", "Chinese")
    if names:
        listed = "; ".join(names[:4]) + (f"; and {len(names) - 4} more" if len(names) > 4 else "")
        return f"{n} {lang} {what}{'s' if n > 1 else ''} with no {other} counterpart, holding {listed}"
    return f"{n} {lang} {what}{'s' if n > 1 else ''} with no {other} counterpart"


@rule("B001", "omitted-passage", "error", "pair", None,
      "Reports Chinese passages the translation leaves out (the alignment's omissions, grouped; a missing section "
      "is one finding that names it).",
      "An omission loses content of the original; whole parts or sections missing change what the document says.",
      "part 一、行动要求 and part 二、重点行动 have no English counterpart")
def omitted(ctx: Context):
    for first, last, start, end, evidence in _passages(ctx, "zh", "omitted"):
        after = _english_neighbour(ctx, first)
        if after is not None:
            evidence.append(f"in the English it would come before: {after}")
        yield ctx.finding("B001", "zh", start, end, _passage_message(ctx, "zh", first, last), evidence)


def _passages(ctx: Context, side: str, what: str):
    """Runs of units with no counterpart: indices, span and their text as evidence."""
    content = ctx.doc(side).text.content
    units = ctx.units(side)
    for first, last in _runs(ctx.need_pair().beads, side):
        start, end = units[first].start, units[last].end
        text = " ".join(content[start:end].split())
        yield first, last, start, end, [f"{what}: {text[:200]}{'…' if len(text) > 200 else ''}"]


def _english_neighbour(ctx: Context, zh_index: int) -> str | None:
    pair = ctx.need_pair()
    for b in pair.paired():
        if b.zh[0] > zh_index:
            return " ".join(pair.texts(b, "en")[0].split())[:80]
    return None


@rule("B002", "added-passage", "warning", "pair", None,
      "Reports English passages with no counterpart in the Chinese (the alignment's additions, grouped).",
      "Additions put words in the document's mouth; in an official translation they need a reason.",
      "This measure has been widely welcomed by the public. (no Chinese)")
def added(ctx: Context):
    for first, last, start, end, evidence in _passages(ctx, "en", "added"):
        yield ctx.finding("B002", "en", start, end, _passage_message(ctx, "en", first, last), evidence)


# ----------------------------------------------------------------------------- numbers

_EN_NUM = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?: \d+)?(?:\.\d+)?)(\s?%|\s?percent)?(?![\w])")
_ZH_NUM = re.compile(r"([\d０-９]+(?:[.．][\d０-９]+)?|[〇零○一二两三四五六七八九十百千万亿]{2,})(\s?%|％)?")
# numeral characters that form words, not numbers: by all means, one by one, in case
_NOT_NUMBERS = {"千万", "万万", "万一", "一一", "千千万万", "三三两两", "七七八八", "十万八千"}
_ZH_PERCENT = re.compile(r"百分之([〇零一二两三四五六七八九十百]+|\d+(?:\.\d+)?)")


def _norm(v: float) -> str:
    return f"{v:g}"


_MONTHS = {m: k for k, m in enumerate(("January", "February", "March", "April", "May", "June", "July", "August",
                                        "September", "October", "November", "December"), 1)}
_MONTH = re.compile(r"\b(" + "|".join(_MONTHS) + r")\b(?=\s+\d)|(?<=\d\s)\b(" + "|".join(_MONTHS) + r")\b")


def en_numbers(text: str) -> list[tuple[str, int, int]]:
    out = []
    for v, s, e in en_number_phrases(text):
        if v >= 10 and text[s:e].lower() not in ("first", "second"):  # "two", "three": as vague as 二, 三
            out.append((_norm(v), s, e))
    for m in _MONTH.finditer(text):
        name = m.group(1) or m.group(2)
        out.append((_norm(float(_MONTHS[name])), m.start(), m.end()))
    for m in _EN_NUM.finditer(text):
        raw = m.group(1).replace(",", "")
        if " " in raw:
            a, b = raw.split(" ")
            if not (len(a) + len(b) == 4 and a[:2] in ("19", "20")) and not m.group(2):
                # two numbers side by side, not a split one
                out.append((_norm(float(a)), m.start(1), m.start(1) + len(a)))
                out.append((_norm(float(b)), m.end(1) - len(b), m.end(1)))
                continue
            raw = a + b
        try:
            out.append((_norm(float(raw)), m.start(), m.end()))
        except ValueError:
            continue
    return out


def zh_numbers(text: str) -> list[tuple[str, int, int]]:
    out = []
    for m in _ZH_PERCENT.finditer(text):
        v = zh_number(m.group(1)) if not m.group(1)[0].isdigit() else float(m.group(1))
        if v is not None:
            out.append((_norm(v), m.start(), m.end()))
    taken = {i for _, s, e in out for i in range(s, e)}
    for m in _ZH_NUM.finditer(text):
        if m.start() in taken:
            continue
        if m.start() > 0 and text[m.start() - 1].isascii() and text[m.start() - 1].isalpha():
            continue  # part of a Latin token: IPv6, 5G is kept as a token, not a number
        raw = m.group(1)
        if raw[0].isdigit():
            v = float(raw.translate(str.maketrans("０１２３４５６７８９．", "0123456789.")))
        else:
            # Chinese numerals of two or more characters: 二〇二七, 三百, 十五, 二十一
            if raw in _NOT_NUMBERS or raw.startswith(("一一", "万一", "千万")):
                continue
            if len(raw) == 2 and not set(raw) & set("十百千万亿〇零"):
                continue  # 二三个, 三四天: "two or three", not a number
            if _approximate(raw):
                continue  # 十一二, 三四十: "eleven or twelve", "thirty or forty"
            v = zh_number(raw)
            if v is None:
                continue
        out.append((_norm(v), m.start(), m.end()))
    return out


_DIGIT_CHARS = "一二两三四五六七八九"


def _approximate(raw: str) -> bool:
    """Two neighbouring digits side by side (十一二, 三四十, 五六百) or only zeros."""
    if set(raw) <= set("零〇○"):
        return True
    for a, b in itertools.pairwise(raw):
        if a in _DIGIT_CHARS and b in _DIGIT_CHARS and _DIGIT_CHARS.index(b) - _DIGIT_CHARS.index(a) in (1, 2):
            return True
    return False


def _marker_spans(ctx: Context, side: str) -> list[tuple[int, int]]:
    doc = ctx.doc(side)
    return [(u.start, u.start + len(u.number)) for u in doc.units if u.number]


def _outside(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return not any(a <= s and e <= b for a, b in spans)


@rule("B003", "number-mismatch", "error", "pair", "suggested",
      "Compares the numbers of aligned units (digits, Chinese numerals, percentages; split numbers joined) and "
      "reports those found on one side only.",
      "A wrong year, count or target changes what the document commits to.",
      "到2027年，建成300个 ↔ By 2028, 200 … will be built")
def numbers(ctx: Context):
    zh_content, en_content = ctx.need_zh().text.content, ctx.en.text.content
    zmarks, emarks = _marker_spans(ctx, "zh"), _marker_spans(ctx, "en")
    for p in paired(ctx):
        zs, ze, es, ee = p.zh_start, p.zh_end, p.en_start, p.en_end
        zn = [(v, zs + s, zs + e) for v, s, e in zh_numbers(zh_content[zs:ze]) if _outside(zmarks, zs + s, zs + e)]
        en = [(v, es + s, es + e) for v, s, e in en_numbers(en_content[es:ee]) if _outside(emarks, es + s, es + e)]
        zvals = [v for v, _, _ in zn]
        evals = [v for v, _, _ in en]
        zh_text = " ".join(zh_content[zs:ze].split())
        en_only = [x for x in en if x[0] not in zvals]
        zh_only = [x for x in zn if x[0] not in evals]
        # pair what is left in order: the English 2028 stands where the Chinese has 2027
        for (_v, s, e), (zv, zs_, ze_) in zip(en_only, zh_only):
            fix = Fix(s, e, _as_written(zv, en_content[s:e]), SUGGESTED) if _digits(en_content[s:e]) else None
            yield ctx.finding("B003", "en", s, e,
                              f"{en_content[s:e]!r} where the aligned Chinese has {zh_content[zs_:ze_]!r}",
                              [f"aligned Chinese: {zh_text}"], fix=fix, zh_span=(zs_, ze_),
                              severity=_severity(en_content[s:e], zh_content[zs_:ze_]))
        for _v, s, e in en_only[len(zh_only):]:
            yield ctx.finding("B003", "en", s, e, f"{en_content[s:e]!r} is not in the aligned Chinese",
                              [f"aligned Chinese: {zh_text}"], zh_span=(zs, ze), severity=_severity(en_content[s:e]))
        for v, s, e in zh_only[len(en_only):]:
            yield ctx.finding("B003", "en", es, ee,
                              f"the Chinese has {zh_content[s:e]!r} ({v}) but the aligned English does not",
                              [f"aligned Chinese: {zh_text}"], zh_span=(s, e), severity=_severity(zh_content[s:e]))


def _digits(s: str) -> bool:
    return any(ch.isdigit() for ch in s)


def _severity(*written: str) -> str:
    """Figures written in digits are exact (an error when they differ); numbers in words
    are often rendered freely (a warning)."""
    return "error" if any(_digits(w) for w in written) else "warning"


def _as_written(value: str, english: str) -> str:
    """A Chinese number written as the English wrote the one it replaces (keeps a % sign)."""
    return value + ("%" if english.rstrip().endswith("%") else "")


_LATIN = re.compile(r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z0-9+\-./]*[A-Za-z0-9+]|[A-Z])(?![A-Za-z0-9])")


@rule("B004", "untranslated-chinese", "error", "en", "suggested",
      "Finds Chinese characters left in the English text (mojibake excluded); with the Chinese given, quotes the "
      "aligned Chinese and the dictionary's glosses.",
      "Untranslated words are unreadable for the English reader.",
      "a responsibility list for 政务数据 sharing → government affairs data")
def untranslated(ctx: Context):
    from .garbling import _unmojibake

    content = ctx.en.text.content
    for m in _HAN_RUN.finditer(content):
        run = m.group().rstrip("，、。\u3000")
        if not run or _unmojibake(run) is not None or _unmojibake(run[:-1] if len(run) > 1 else run) is not None:
            continue
        end = m.start() + len(run)
        words = [w for w, _, _ in zh_tokens(run)]
        glosses = [f"{w}: {gloss_text(w)}" for w in words]
        rendering = " ".join(r for r in (replacement_for(w) for w in words) if r)
        evidence = glosses
        loc = locate(ctx, "en", m.start())
        if loc is not None and loc.zh_spans:
            zh_text = " ".join(ctx.need_zh().text.content[s:e] for s, e in loc.zh_spans)
            evidence = [f"aligned Chinese: {zh_text}", *glosses]
        yield ctx.finding("B004", "en", m.start(), end, f"Chinese left untranslated: {run!r}", evidence,
                          fix=Fix(m.start(), end, rendering, SUGGESTED) if rendering else None)


@rule("B005", "latin-token-dropped", "warning", "pair", None,
      "Finds Latin-script tokens of the Chinese (ISO, IPv6, 5G, names of standards) missing from the aligned English.",
      "Acronyms and technical names survive translation unchanged; a missing one was dropped or replaced.",
      "推进IPv6规模部署 ↔ promote the large-scale deployment of the next-generation internet protocol")
def latin_tokens(ctx: Context):
    zh_content, en_content = ctx.need_zh().text.content, ctx.en.text.content
    for p in paired(ctx):
        zs, ze, es, ee = p.zh_start, p.zh_end, p.en_start, p.en_end
        en_lower = en_content[es:ee].lower()
        for m in _LATIN.finditer(zh_content, zs, ze):
            tok = m.group(1)
            if len(tok) < 2 or tok.lower() in en_lower:
                continue
            yield ctx.finding("B005", "en", es, ee, f"{tok!r} of the Chinese is missing from the aligned English",
                              [f"aligned Chinese: {' '.join(zh_content[zs:ze].split())}"], zh_span=(m.start(), m.end()))


@rule("B006", "length-ratio-outlier", "warning", "pair", None,
      "Finds aligned units whose English is far shorter or far longer than the Chinese warrants (length ratio "
      "against the document's own).",
      "A much shorter English usually means content was dropped or summarised; a much longer one, that something "
      "was added.",
      "中央财政通过现有资金渠道对…纳入年度预算。 ↔ Central finance will help.")
def length_ratio(ctx: Context):
    zh_content, en_content = ctx.need_zh().text.content, ctx.en.text.content
    zu, eu = ctx.units("zh"), ctx.units("en")
    pairs = []
    for p in paired(ctx):
        lz = sum(len("".join(zh_content[zu[i].start:zu[i].end].split())) for i in p.bead.zh)
        le = sum(len("".join(en_content[eu[j].start:eu[j].end].split())) for j in p.bead.en)
        if lz >= 1 and le >= 1:
            pairs.append((p, lz, le, math.log(le / lz)))
    if len(pairs) < 5:
        return
    logs = sorted(x[3] for x in pairs)
    mid = logs[len(logs) // 2]
    for p, lz, le, r in pairs:
        if lz < 15:
            continue  # headings, names and short lines vary too much
        if r < mid - 1.1 or r > mid + 1.1:
            es, ee, zs, ze = p.en_start, p.en_end, p.zh_start, p.zh_end
            how = "shorter" if r < mid else "longer"
            yield ctx.finding("B006", "en", es, ee,
                              f"the English is {math.exp(abs(r - mid)):.1f} times {how} than the document's usual "
                              f"ratio to its Chinese ({le} characters for {lz} Chinese characters)",
                              [f"aligned Chinese: {' '.join(zh_content[zs:ze].split())}"], zh_span=(zs, ze))
