"""Character-level scanning shared by structure recovery, segmentation and checks:
brackets, quotes, sentence ends in both languages, lines and trimming."""

from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = "([{（［｛〔【《〈"
CLOSERS = ")]}）］｝〕】》〉"
PAIR = dict(zip(CLOSERS, OPENERS))
#: Brackets that close each other across widths: ( and （ are one family.
FAMILY = {"(": "(", "（": "(", ")": "(", "）": "(", "[": "[", "［": "[", "]": "[", "］": "[",
          "{": "{", "｛": "{", "}": "{", "｝": "{", "〔": "〔", "〕": "〔", "【": "【", "】": "【",
          "《": "《", "》": "《", "〈": "〈", "〉": "〈"}
CLOSING_QUOTES = "\"'”’」』"
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# Words after which a full stop does not end an English sentence.
_NEVER_END = {
    "e.g", "i.e", "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "cf", "al",
    "art", "arts", "vol", "vols", "fig", "figs", "no", "nos", "p", "pp", "para", "sec",
    "ch", "ed", "eds", "approx", "dept", "gen", "gov", "inc", "ltd", "co", "corp", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}
_EN_END = re.compile(r"[.!?]+")
_ZH_END = re.compile(r"[。！？!?]+|……|…")


@dataclass(frozen=True, slots=True)
class Brackets:
    """Bracket balance of a region: closers with no opener, openers never closed."""

    stray: tuple[int, ...]
    unclosed: tuple[int, ...]


def brackets(text: str, start: int = 0, end: int | None = None) -> Brackets:
    """Match brackets of one family in ``text[start:end]``, ( with （ included."""
    end = len(text) if end is None else end
    stack: list[int] = []
    stray: list[int] = []
    for i in range(start, end):
        ch = text[i]
        if ch in OPENERS:
            stack.append(i)
        elif ch in CLOSERS:
            fam = FAMILY.get(ch)
            # close the nearest opener of the same family; other families stay open
            for k in range(len(stack) - 1, -1, -1):
                if FAMILY.get(text[stack[k]]) == fam:
                    del stack[k:]
                    break
            else:
                stray.append(i)
    return Brackets(tuple(stray), tuple(stack))


def _word_before(text: str, pos: int, floor: int) -> str:
    i = pos
    while i > floor and not text[i - 1].isspace():
        i -= 1
    return text[i:pos].lstrip("(\"'“‘[").lower()


def _skip_space(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


def sentence_ends(text: str, start: int, end: int, lang: str) -> list[int]:
    """Offsets just after each sentence end in ``text[start:end]`` (the region end excluded)."""
    return _zh_ends(text, start, end) if lang == "zh" else _en_ends(text, start, end)


def _absorb_closers(text: str, k: int, end: int, also_stray: bool) -> int:
    while k < end and (text[k] in CLOSING_QUOTES or text[k] in CLOSERS):
        k += 1
    if also_stray:
        # a stray closing bracket after the sentence end belongs to that sentence
        j = _skip_space(text, k, end)
        while j < end and text[j] in CLOSERS:
            k = j + 1
            j = _skip_space(text, k, end)
    return k


def _en_ends(text: str, start: int, end: int) -> list[int]:
    ends: list[int] = []
    for m in _EN_END.finditer(text, start, end):
        k = _absorb_closers(text, m.end(), end, also_stray=False)
        if k >= end or not text[k].isspace():
            continue
        nxt_pos = _skip_space(text, k, end)
        if nxt_pos >= end:
            continue
        nxt = text[nxt_pos]
        punct = m.group()
        if nxt.islower():
            continue
        if punct == ".":
            word = _word_before(text, m.start(), start)
            if k == m.end():  # nothing closed after the stop: abbreviations apply
                if word in _NEVER_END:
                    continue
                if word == "etc" and not nxt.isupper():
                    continue
                if len(word) == 1 and word.isalpha() and text[m.start() - 1].isupper():
                    continue  # an initial: J. K. Rowling
        k = _absorb_closers(text, k, end, also_stray=True) if text[nxt_pos] in CLOSERS else k
        ends.append(k)
    return ends


def _zh_ends(text: str, start: int, end: int) -> list[int]:
    ends: list[int] = []
    for m in _ZH_END.finditer(text, start, end):
        k = _absorb_closers(text, m.end(), end, also_stray=False)
        if k < end and (m.group() in "!?" and text[k].isalnum() and not HAN.match(text[k])):
            continue  # a half-width ! or ? inside Latin text
        if _skip_space(text, k, end) >= end:
            continue
        ends.append(k)
    return ends


def first_sentence_end(text: str, start: int, end: int, lang: str) -> int | None:
    """Offset just after the first sentence end in the region, or None."""
    ends = sentence_ends(text, start, end, lang)
    return ends[0] if ends else None


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` to exclude surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def line_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of the non-blank lines of ``text[start:end]``, whitespace trimmed."""
    out = []
    pos = start
    for line in text[start:end].splitlines(keepends=True):
        s, e = trim(text, pos, pos + len(line))
        if e > s:
            out.append((s, e))
        pos += len(line)
    return out
