"""Garbling: placeholders where words were lost, numbers split by spaces, mojibake,
control characters."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..model import Applicability, Fix
from ..numbers import MONTH_NAMES, Split, split_numbers, zh_quantities
from . import SAFE, SUGGESTED, Context, by_message, each, rule
from .evidence import locate, lost_words

_PLACEHOLDER = re.compile(r"\*(?:\s?\*){2,}|□{2,}|■{2,}|\?{3,}|？{2,}|\ufffd+|\[\?+\]|_{4,}|X{4,}(?![a-z])")
_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\ue000-\uf8ff\ufffd]+")
_LATIN1_MOJIBAKE = re.compile(r"(?:Ã[\x80-\xbf]|â€[\x80-\xbf™œ“”˜¦]|Â[\xa0-\xbf])+")
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
# control characters (Unicode category Cc) other than tab and line breaks, and zero-width characters
_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_ZERO_WIDTH}]")


@rule("G001", "garbled-placeholder", "error", "en", "suggested",
      "Finds runs such as `* * *`, `□□`, `???`, `�` standing where words were lost.",
      "A reader cannot recover the lost words; the translation is incomplete at that place.",
      "According to the principle of * * * first and emergency first → 共性先立 (common things first)",
      group=each)
def placeholders(ctx: Context):
    content = ctx.en.text.content
    for m in _PLACEHOLDER.finditer(content):
        if m.group().startswith("\ufffd") and _is_mojibake_tail(content, m.start()):
            continue  # reported as mojibake
        in_word = (m.start() > 0 and content[m.start() - 1].isalpha() and m.end() < len(content)
                   and content[m.end()].isalpha())
        if in_word:
            yield ctx.finding("G001", "en", m.start(), m.end(),
                              f"garbled character {m.group()!r} inside a word: a letter was lost")
            continue
        evidence: list[str] = []
        fix = None
        if ctx.bilingual:
            guess = lost_words(ctx, m.start(), m.end())
            if guess is not None:
                evidence, replacement = guess
                if replacement:
                    fix = Fix(m.start(), m.end(), replacement, SUGGESTED)
        msg = f"garbled placeholder {m.group()!r}: words were lost here"
        if fix is not None:
            msg += f"; the Chinese suggests {fix.replacement!r}"
        yield ctx.finding("G001", "en", m.start(), m.end(), msg, evidence, fix)


def _is_mojibake_tail(content: str, pos: int) -> bool:
    return pos > 0 and content[pos - 1] in "鈥锟銆"


@rule("G002", "split-number", "error", "en", "safe",
      "Finds numbers broken by a space: `20 15` for 2015, `8 5%` for 85%. Joined by a safe fix only in a date or "
      "where the aligned Chinese has that number; elsewhere the join is a suggestion (or, where a year cannot be "
      "meant, left to the editor).",
      "A split number reads as two numbers; dates and figures become wrong or ambiguous.",
      "By July 1, 20 15 → 2015; In recent 20 15 years (近年来) → no join: the Chinese has no 2015")
def split_numbers_found(ctx: Context):
    content = ctx.en.text.content
    dates = [(d.start, d.end) for d in chinese_order_dates(content)]
    for sp in split_numbers(content):
        if any(a <= sp.start and sp.end <= b for a, b in dates):
            continue  # the whole date is put in English order (G005; on a date line, the date-line rule)
        shown = sp.joined + ("%" if sp.kind == "percent" else "")
        verdict = _split_verdict(ctx, sp)
        if verdict is None:
            continue  # the aligned Chinese has both numbers: two numbers side by side
        applicability, why = verdict
        message = f"number split by a space: {content[sp.start:sp.end]!r} reads as {shown!r}; {why}"
        fix = Fix(sp.start, sp.end, sp.joined, applicability) if applicability is not None else None
        yield ctx.finding("G002", "en", sp.start, sp.end, message, fix=fix)


_MONTHS = "|".join(MONTH_NAMES)
_ENGLISH_DATE_BEFORE = re.compile(rf"\b(?:{_MONTHS})\s+(?:[0-3]?\d(?:st|nd|rd|th)?,?\s+)?$")
_COUNTED_TIME = re.compile(r"\s+(?:years|months|weeks|days|decades|centuries)\b", re.I)


def _split_verdict(ctx: Context, sp: Split) -> tuple[Applicability | None, str] | None:
    """How far joining a split number can be trusted, and why; None when it is no split number."""
    content = ctx.en.text.content
    if sp.kind == "year" and _ENGLISH_DATE_BEFORE.search(content[max(0, sp.start - 20):sp.start]):
        return SAFE, "the year of a date"
    zh = _aligned_chinese_values(ctx, sp.start)
    if zh is not None:
        value = float(sp.joined)
        parts = [float(x) for x in content[sp.start:sp.end].split()]
        if any(v == value for v in zh):
            return SAFE, "the aligned Chinese has it"
        if all(any(v == p for v in zh) for p in parts):
            return None
        return None, f"the aligned Chinese has no {sp.joined}: check what was meant"
    counted = _COUNTED_TIME.match(content, sp.end) if sp.kind == "year" else None
    if counted is not None:
        return None, f"followed by {counted.group().strip()!r}, it cannot be the year {sp.joined}: check the original"
    return SUGGESTED, "joining it is a guess without the Chinese"


def _aligned_chinese_values(ctx: Context, offset: int) -> list[float] | None:
    """The values of the quantities in the Chinese aligned with an English offset (None without one)."""
    loc = locate(ctx, "en", offset)
    if loc is None or not loc.zh_spans:
        return None
    zh = ctx.need_zh().text.content
    out: list[float] = []
    for s, e in loc.zh_spans:
        for q in zh_quantities(zh[s:e]):
            out += [float(q.year)] if q.year is not None else [q.low, q.high]
    return out


@dataclass(frozen=True, slots=True)
class ChineseOrderDate:
    """A date written year first in English (``2015 July 1``), and the date in English order."""

    start: int
    end: int
    english: str
    split: bool  # the year is split by a space too


_CHINESE_ORDER = re.compile(rf"(?<![\d.,])(?P<y>(?:19|20)\d\d|(?:19|20)\d? \d{{1,2}})\s+(?P<m>{_MONTHS})"
                            r"\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:]|[.,]\d)")
_DAY_FIRST = re.compile(rf"\b[0-3]?\d\s+(?:{_MONTHS}),?\s+\d{{4}}\b")
_MONTH_FIRST = re.compile(rf"\b(?:{_MONTHS})\s+[0-3]?\d,?\s+\d{{4}}\b")


def chinese_order_dates(content: str) -> list[ChineseOrderDate]:
    """Dates written year, month, day in English text, each with its English order (the
    document's own: ``1 July 2015`` if it writes dates day first, else ``July 1, 2015``)."""
    found = [m for m in _CHINESE_ORDER.finditer(content)
             if len(m.group("y").replace(" ", "")) == 4 and 1 <= int(m.group("d")) <= 31]
    if not found:
        return []
    day_first = len(_DAY_FIRST.findall(content)) > len(_MONTH_FIRST.findall(content))
    out = []
    for m in found:
        year, month, day = m.group("y").replace(" ", ""), m.group("m"), int(m.group("d"))
        english = f"{day} {month} {year}" if day_first else f"{month} {day}, {year}"
        out.append(ChineseOrderDate(m.start(), m.end(), english, " " in m.group("y")))
    return out


@rule("G005", "chinese-date-order", "warning", "en", "safe",
      "Finds dates in running text written year, month, day (`2015 July 1`), the Chinese order, and puts them in "
      "English order (a date line closing the document is left to the conventions of date lines).",
      "English readers expect `July 1, 2015` (or `1 July 2015`); a year-first date reads as a garble, and a "
      "split year in it (`20 15 July 1`) more so.",
      "It takes effect on 20 15 July 1. → It takes effect on July 1, 2015.", group=each)
def chinese_order(ctx: Context):
    content = ctx.en.text.content
    lines = [(u.start, u.end) for u in ctx.en.units if u.kind == "date"]
    for d in chinese_order_dates(content):
        if any(a <= d.start and d.end <= b for a, b in lines):
            continue
        written = content[d.start:d.end]
        what = "a date in Chinese order with its year split by a space" if d.split else "a date in Chinese order"
        yield ctx.finding("G005", "en", d.start, d.end, f"{what}: {written!r} is {d.english!r} in English",
                          fix=Fix(d.start, d.end, d.english, SAFE), severity="error" if d.split else None)


def _unmojibake(run: str, glued: bool = False) -> str | None:
    """The text a run of Han characters was before UTF-8 bytes were read as GBK, or None.

    The run's GBK bytes must decode as UTF-8 without error (a lost last byte of a quote or
    dash, E2 80, is marked ``\x00`` for the caller to guess) and give what GBK garbles in
    English: quotes and dashes, or accented letters when the run is ``glued`` to Latin
    letters (caf茅). Chinese words (拖欠, 放管服, 忙) do not.
    """
    out = bytearray()
    for ch in run:
        if ch == "\ufffd":
            out += b"?"
            continue
        try:
            out += ch.encode("gbk")
        except UnicodeEncodeError:
            return None
    # a character whose last byte was lost: E2 80 is the lead of General Punctuation
    # (quotes, dashes); mark it for the caller to guess
    if out.endswith(b"\xe2\x80") or out.endswith(b"\xe2\x80?"):
        out = out[: out.rindex(b"\xe2\x80")] + b"\x00"
    try:
        text = out.decode("utf-8")
    except UnicodeDecodeError:
        return None
    good = [ch for ch in text if ch not in "?\x00"]
    if not good:
        return text if "\x00" in text else None
    # it must give what English text holds beyond ASCII: quotes, dashes, accented letters
    if not all((ch.isascii() and ch.isprintable()) or 0xA0 <= ord(ch) <= 0x17F or 0x2000 <= ord(ch) <= 0x206F
               or ch in "€™" for ch in good):
        return None
    if any(0x2000 <= ord(ch) <= 0x206F or ch in "€™" for ch in good):
        return text
    return text if glued and any(not ch.isascii() for ch in good) else None


def glued(content: str, start: int, end: int) -> bool:
    """Whether a span touches a Latin letter on either side."""
    before = content[start - 1] if start > 0 else ""
    after = content[end] if end < len(content) else ""
    return (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())


def gbk_mojibake(content: str) -> list[tuple[int, int, str]]:
    """Runs of UTF-8 text read as GBK in English text: (start, end, the text it was)."""
    out = []
    for m in _HAN_RUN.finditer(content):
        run = m.group()
        stuck = glued(content, m.start(), m.end())  # 鈥渟 = “s
        fixed = _unmojibake(run, stuck)
        if fixed is None and run.endswith("\ufffd") and len(run) >= 2:
            fixed = _unmojibake(run[:-1], stuck)
        if fixed is None:
            continue
        if "\x00" in fixed:
            # the last byte of a three-byte character was lost: guess the closing quote
            opened = content.rfind("“", 0, m.start()) > content.rfind("”", 0, m.start())
            prior = _unmojibake_before(content, m.start())
            closing = "”" if (opened or prior == "“") else "’"
            fixed = fixed.replace("\x00", closing, 1).replace("\x00", "")
        out.append((m.start(), m.end(), fixed))
    return out


@rule("G003", "mojibake", "error", "en", "suggested",
      "Finds text decoded with the wrong encoding: UTF-8 read as GBK (`鈥渟mart鈥�`) or as Latin-1 (`â€™`); "
      "Chinese words left in the text (拖欠) are not mojibake.",
      "Quotes, dashes and accented letters have turned into unrelated Chinese or Latin characters.",
      "鈥渟mart cities鈥� → “smart cities”")
def mojibake(ctx: Context):
    content = ctx.en.text.content
    for start, end, fixed in ctx.memo("gbk-mojibake", lambda: gbk_mojibake(content)):
        yield ctx.finding("G003", "en", start, end,
                          f"mojibake {content[start:end]!r}: UTF-8 text read as GBK; it was {fixed!r}",
                          fix=Fix(start, end, fixed, SUGGESTED))
    for m in _LATIN1_MOJIBAKE.finditer(content):
        try:
            fixed = m.group().encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        yield ctx.finding("G003", "en", m.start(), m.end(),
                          f"mojibake {m.group()!r}: UTF-8 text read as Latin-1; it was {fixed!r}",
                          fix=Fix(m.start(), m.end(), fixed, SUGGESTED))


def _unmojibake_before(content: str, pos: int) -> str | None:
    k = content.rfind("鈥", 0, pos)
    if k < 0:
        return None
    fixed = _unmojibake(content[k:k + 2])
    return fixed[:1] if fixed else None


@rule("G004", "control-character", "warning", "en", "safe",
      "Finds control characters (other than tab and line breaks) and zero-width characters in the text.",
      "They are invisible, break search and layout, and are usually debris from copying.",
      "applications\\x07, and → applications, and", group=by_message)
def control_characters(ctx: Context):
    content = ctx.en.text.content
    for m in _CONTROL.finditer(content):
        i, ch = m.start(), m.group()
        if ch in _ZERO_WIDTH and i == 0:
            continue  # a byte-order mark opening the text
        name = unicodedata.name(ch, "")
        label = f"U+{ord(ch):04X}" + (f" ({name})" if name else "")
        yield ctx.finding("G004", "en", i, i + 1, f"stray control character {label}", fix=Fix(i, i + 1, "", SAFE))
