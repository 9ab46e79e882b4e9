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


# ----------------------------------------------------------------------------- passages with no counterpart

#: below this median share of Chinese words explained by their English, the dictionary
#: cannot tell a passage with no counterpart from one split off a neighbour's translation
#: (literary translations: 0.30–0.50 on MAC-Test; official ones: 0.70 on the sample pair)
STRONG_SUPPORT = 0.55


def _content_words(text: str) -> list[str]:
    return [w for w, _, _ in zh_tokens(text) if content_word(w)]


def _gloss_stems(words: list[str]) -> set[str]:
    return {g for w in words for g in glosses(w)}


def zh_support(zh_text: str, en_text: str) -> float | None:
    """The share of a Chinese text's content words its English explains (dictionary glosses)."""
    words = _content_words(zh_text)
    if not words:
        return None
    stems = en_stems(en_text)
    return sum(explained(w, stems) for w in words) / len(words)


def document_support(ctx: Context) -> float:
    """The median share of a bead's Chinese content words its English explains: how far the
    dictionary sees this translation."""
    def compute() -> float:
        pair = ctx.need_pair()
        shares = sorted(s for b in pair.paired()
                        if (s := zh_support(pair.text(b, "zh"), pair.text(b, "en"))) is not None)
        return shares[len(shares) // 2] if shares else 0.0

    return ctx.memo("document-support", compute)


def neighbours(ctx: Context, side: str, first: int, last: int) -> list[Bead]:
    """The nearest beads with both sides before and after a run of units of one side."""
    pair = ctx.need_pair()
    beads = pair.beads
    at = [k for k, b in enumerate(beads) if (b.zh if side == "zh" else b.en) and
          first <= (b.zh if side == "zh" else b.en)[0] <= last]
    if not at:
        return []
    before = next((beads[k] for k in range(at[0] - 1, -1, -1) if beads[k].paired), None)
    after = next((beads[k] for k in range(at[-1] + 1, len(beads)) if beads[k].paired), None)
    return [b for b in (before, after) if b is not None]


def carried_by_neighbour(ctx: Context, side: str, text: str, first: int, last: int) -> tuple[Bead, list[str]] | None:
    """A neighbouring bead whose translation the passage completes (a Chinese sentence rendered
    as two English ones, or two Chinese sentences rendered as one), with the words that show it:
    words of the neighbour's one side its own other side leaves unexplained, which the passage
    explains (at least two, or a third of the passage's words)."""
    pair = ctx.need_pair()
    for b in neighbours(ctx, side, first, last):
        zh, en = pair.text(b, "zh"), pair.text(b, "en")
        if side == "en":  # an English passage: does it explain the neighbour's loose Chinese?
            stems = en_stems(text)
            own = en_stems(en)
            hits = [w for w in dict.fromkeys(_content_words(zh)) if not explained(w, own) and explained(w, stems)]
            size = len(stems)
        else:  # a Chinese passage: do the neighbour's loose English words render it?
            words = list(dict.fromkeys(_content_words(text)))
            loose = en_stems(en) - _gloss_stems(_content_words(zh))
            hits = [w for w in words if explained(w, loose)]
            size = len(words)
        if len(hits) >= 2 or (hits and 3 * len(hits) >= size):
            return b, hits
    return None
