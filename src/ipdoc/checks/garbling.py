"""Garbling: placeholders where words were lost, numbers split by spaces, mojibake,
control characters."""

from __future__ import annotations

import re
import unicodedata

from ..model import Fix
from . import SAFE, SUGGESTED, Context, rule
from .evidence import lost_words

_PLACEHOLDER = re.compile(r"\*(?:\s?\*){2,}|□{2,}|■{2,}|\?{3,}|？{2,}|\ufffd+|\[\?+\]|_{4,}|X{4,}(?![a-z])")
# a year or a number split by one space: 20 15, 201 5, 2 015; 8 5% ; not 3 4-digit groups
_SPLIT_YEAR = re.compile(r"(?<![\d.,])((?:19|20)\d?) (\d{1,2})(?![\d.,]|\s?%)")
_SPLIT_PERCENT = re.compile(r"(?<![\d.,])(\d{1,2}) (\d{1,2})(?=\s?%)")
_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\ue000-\uf8ff\ufffd]+")
_LATIN1_MOJIBAKE = re.compile(r"(?:Ã[\x80-\xbf]|â€[\x80-\xbf™œ“”˜¦]|Â[\xa0-\xbf])+")
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"


@rule("G001", "garbled-placeholder", "error", "en", "suggested",
      "Finds runs such as `* * *`, `□□`, `???`, `�` standing where words were lost.",
      "A reader cannot recover the lost words; the translation is incomplete at that place.",
      "According to the principle of * * * first and emergency first → 共性先立 (common things first)")
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
      "Finds numbers broken by a space: `20 15` for 2015, `8 5%` for 85%, also in dates.",
      "A split number reads as two numbers; dates and figures become wrong or ambiguous.",
      "In recent 20 15 years → 2015; 20 15 July 1 → 2015 July 1")
def split_numbers(ctx: Context):
    content = ctx.en.text.content
    for rx, what in ((_SPLIT_YEAR, "year"), (_SPLIT_PERCENT, "percentage")):
        for m in rx.finditer(content):
            joined = m.group(1) + m.group(2)
            if what == "year" and len(joined) != 4:
                continue
            yield ctx.finding("G002", "en", m.start(), m.end(),
                              f"number split by a space: {m.group()!r} reads as {joined!r}",
                              fix=Fix(m.start(), m.end(), joined, SAFE))


def _unmojibake(run: str) -> str | None:
    """The text a run of Han characters was before UTF-8 bytes were read as GBK."""
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
    text = out.decode("utf-8", errors="replace")
    good = [ch for ch in text if ch not in "\ufffd?\x00"]
    if not good and "\x00" in text:
        return text
    if not good or any(0x3400 <= ord(ch) <= 0x9FFF for ch in good):
        return None
    # it must give punctuation or Latin letters that GBK garbles: quotes, dashes, accents
    if not any(0x2000 <= ord(ch) <= 0x206F or 0xC0 <= ord(ch) <= 0x24F for ch in good):
        return None
    return text


_LOST_THIRD = {"“": "”", "‘": "’"}


@rule("G003", "mojibake", "error", "en", "suggested",
      "Finds text decoded with the wrong encoding: UTF-8 read as GBK (`鈥渟mart鈥�`) or as Latin-1 (`â€™`).",
      "Quotes, dashes and accented letters have turned into unrelated Chinese or Latin characters.",
      "鈥渟mart cities鈥� → “smart cities”")
def mojibake(ctx: Context):
    content = ctx.en.text.content
    for m in _HAN_RUN.finditer(content):
        run = m.group()
        # a Han run in English text glued to Latin letters: 鈥渟 = “s
        end = m.end()
        fixed = _unmojibake(run)
        if fixed is None and run.endswith("\ufffd") and len(run) >= 2:
            fixed = _unmojibake(run[:-1])
        if fixed is None:
            continue
        if "\x00" in fixed or "\ufffd" in fixed or ("?" in fixed and "?" not in run):
            # the last byte of a three-byte character was lost: guess the closing quote
            opened = content.rfind("“", 0, m.start()) > content.rfind("”", 0, m.start())
            prior = _unmojibake_before(content, m.start())
            closing = "”" if (opened or prior == "“") else "’"
            fixed = re.sub(r"[\x00\ufffd?]+", closing, fixed, count=1).replace("\ufffd", "").replace("\x00", "")
        yield ctx.finding("G003", "en", m.start(), end,
                          f"mojibake {run!r}: UTF-8 text read as GBK; it was {fixed!r}",
                          fix=Fix(m.start(), end, fixed, SUGGESTED))
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
      "applications\\x07, and → applications, and")
def control_characters(ctx: Context):
    content = ctx.en.text.content
    for i, ch in enumerate(content):
        if (unicodedata.category(ch) == "Cc" and ch not in "\t\n\r") or (ch in _ZERO_WIDTH and i > 0):
            name = unicodedata.name(ch, "")
            label = f"U+{ord(ch):04X}" + (f" ({name})" if name else "")
            yield ctx.finding("G004", "en", i, i + 1, f"stray control character {label}",
                              fix=Fix(i, i + 1, "", SAFE))
