"""Evidence from the other side: which bead holds a place, which Chinese words the
English of that bead leaves unexplained, and what the dictionary says they mean."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..lexicon import STOP_EN, definitions, glosses, stem
from ..model import Bead
from ..segment import zh_tokens
from . import Context

_EN_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
_HAN = re.compile(r"[\u3400-\u9fff]")
_SKIP_ZH = set("的了着是在和就都而及与也把被让给对从向于之以其这那个等要为")


@dataclass(frozen=True, slots=True)
class Located:
    """The bead holding a place of the English (or Chinese) text, with its unit spans."""

    bead: Bead
    zh_spans: tuple[tuple[int, int], ...]
    en_spans: tuple[tuple[int, int], ...]


def locate(ctx: Context, side: str, offset: int) -> Located | None:
    """The bead whose units hold ``offset`` on ``side``; None outside any unit or without a pair."""
    if ctx.pair is None:
        return None
    bead = ctx.pair.locate(side, offset)
    if bead is None:
        return None
    return Located(bead, ctx.pair.spans(bead, "zh"), ctx.pair.spans(bead, "en"))


@dataclass(frozen=True, slots=True)
class Paired:
    """A bead with units on both sides, and the span each side covers."""

    bead: Bead
    zh_start: int
    zh_end: int
    en_start: int
    en_end: int


def paired(ctx: Context) -> Iterator[Paired]:
    """Every bead with both sides, with the Chinese and English spans it covers."""
    pair = ctx.need_pair()
    for bead in pair.paired():
        zu, eu = pair.bead_units(bead, "zh"), pair.bead_units(bead, "en")
        yield Paired(bead, zu[0].start, zu[-1].end, eu[0].start, eu[-1].end)


def en_stems(text: str) -> set[str]:
    return {stem(w) for w in _EN_WORD.findall(text) if w.lower() not in STOP_EN}


def explained(word: str, stems: set[str]) -> bool:
    return bool(stems.intersection(glosses(word)))


def content_word(word: str) -> bool:
    return bool(_HAN.search(word)) and word not in _SKIP_ZH


def gloss_text(word: str, senses: int = 2) -> str:
    defs = definitions(word)
    return "; ".join(defs[:senses]) if defs else "(not in CC-CEDICT)"


def replacement_for(word: str) -> str:
    """A short English rendering of a Chinese word: its first dictionary sense that is
    not a verb (a gap in a sentence is most often a noun), else its first sense."""
    senses = [re.sub(r"\([^)]*\)", "", part).strip() for d in definitions(word)[:3] for part in d.split(";")]
    senses = [x for x in senses if x]
    if not senses:
        return ""
    noun = next((x for x in senses if not x.startswith("to ")), None)
    return noun if noun is not None else senses[0][3:]


def lost_words(ctx: Context, start: int, end: int) -> tuple[list[str], str] | None:
    """For an English span where words were lost: the aligned Chinese, the Chinese
    words its English leaves unexplained (with glosses), and a proposed replacement."""
    loc = locate(ctx, "en", start)
    if loc is None or not loc.zh_spans:
        return None
    en_content = ctx.en.text.content
    zh_content = ctx.need_zh().text.content
    stems = set()
    for s, e in loc.en_spans:
        stems |= en_stems(en_content[s:e])
    tokens = [t for s, e in loc.zh_spans for t in zh_tokens(zh_content[s:e], s)]
    loose = [t for t in tokens if content_word(t[0]) and not explained(t[0], stems)]
    if not loose:
        return None
    # prefer a loose word lying between the Chinese of the English words around the gap
    before = [stem(w) for w in _EN_WORD.findall(en_content[max(0, start - 40):start])][-2:]
    after = [stem(w) for w in _EN_WORD.findall(en_content[end:end + 40])][:2]
    anchors_before = [t[2] for t in tokens if set(glosses(t[0])) & set(before)]
    anchors_after = [t[1] for t in tokens if set(glosses(t[0])) & set(after)]
    choice = loose[0]
    for lo in anchors_before:
        for hi in anchors_after:
            between = [t for t in loose if lo <= t[1] and t[2] <= hi]
            if between:
                choice = between[0]
                break
        else:
            continue
        break
    zh_text = " ".join(zh_content[s:e] for s, e in loc.zh_spans)
    evidence = [f"aligned Chinese: {zh_text}",
                "Chinese words the English leaves unexplained: "
                + ", ".join(f"{w} ({gloss_text(w, 1)})" for w, _, _ in loose[:5])]
    return evidence, replacement_for(choice[0])
