"""Bilingual checks, reading the Chinese through the alignment: omitted and added
passages, numbers that differ, Latin tokens dropped, Chinese left untranslated,
English far shorter or longer than its Chinese."""

from __future__ import annotations

import math
import re
from dataclasses import replace

from ..model import Bead, Fix
from ..numbers import Quantity, compare, en_quantities, render_en, zh_quantities
from . import SUGGESTED, Context, by_message, each, rule
from .evidence import (
    STRONG_SUPPORT,
    Paired,
    carried_by_neighbour,
    content_word,
    document_support,
    gloss_text,
    locate,
    paired,
    replacement_for,
    zh_support,
    zh_tokens,
)

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
      "is one finding that names it). A sentence or two whose words the neighbouring English renders is not "
      "reported; where the dictionary sees too little of the translation to tell, it is only a note (info).",
      "An omission loses content of the original; whole parts or sections missing change what the document says.",
      "part 一、行动要求 and part 二、重点行动 have no English counterpart", group=each)
def omitted(ctx: Context):
    for first, last, start, end, evidence in _passages(ctx, "zh", "omitted"):
        judged = _judged(ctx, "zh", first, last, start, end)
        if judged is None:
            continue
        severity, note = judged
        after = _english_neighbour(ctx, first)
        if after is not None:
            evidence.append(f"in the English it would come before: {after}")
        yield ctx.finding("B001", "zh", start, end, _passage_message(ctx, "zh", first, last) + note, evidence,
                          severity=severity)


_ISOLATED = 2  # at most this many units: a passage that may be a neighbour's translation split off


def _judged(ctx: Context, side: str, first: int, last: int, start: int, end: int) -> tuple[str | None, str] | None:
    """Whether a passage with no counterpart is worth reporting: None when a neighbouring bead's
    translation accounts for it; else (a severity in place of the rule's, a note for the message)."""
    if last - first + 1 > _ISOLATED or _whole_containers(ctx, side, first, last):
        return None, ""
    text = ctx.doc(side).text.content[start:end]
    if carried_by_neighbour(ctx, side, text, first, last) is not None:
        return None
    support = document_support(ctx)
    if support < STRONG_SUPPORT:
        return "info", (f"; the dictionary explains too little of this translation ({support:.0%} of a sentence's "
                        "words, median) to tell it from a sentence split off a neighbour's translation")
    return None, ""


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
      "Reports English passages with no counterpart in the Chinese (the alignment's additions, grouped). A "
      "sentence or two that renders words the neighbouring English leaves out is not reported; where the "
      "dictionary sees too little of the translation to tell, it is only a note (info).",
      "Additions put words in the document's mouth; in an official translation they need a reason.",
      "This measure has been widely welcomed by the public. (no Chinese)", group=each)
def added(ctx: Context):
    for first, last, start, end, evidence in _passages(ctx, "en", "added"):
        judged = _judged(ctx, "en", first, last, start, end)
        if judged is None:
            continue
        severity, note = judged
        yield ctx.finding("B002", "en", start, end, _passage_message(ctx, "en", first, last) + note, evidence,
                          severity=severity)


@rule("B007", "omitted-clause", "warning", "pair", None,
      "Reports a Chinese clause left out of a sentence whose other clauses are translated: the clauses of every "
      "sentence pair are aligned inside it, and a clause whose words find no counterpart in its sentence's English "
      "(leaving aside what its sibling clauses account for; relative to the text's typical support, in a close "
      "translation only), which the alignment then leaves out against pairing it with a neighbour (sentence "
      "vectors included where used), and which the neighbouring sentences' English does not render either.",
      "One clause of a long sentence of an official text is one measure, condition or commitment: dropped, it is "
      "lost while the sentence still looks translated.",
      "各地要科学划定…保护区，设立明显标志，依法清理…排污口。 ↔ All localities shall delimit protection zones …, "
      "and remove sewage outlets …", group=each)
def omitted_clause(ctx: Context):
    from ..align.clauses import clauses_of

    pair = ctx.need_pair()
    if pair.level != "sentence":
        return
    alignment = ctx.memo("clauses", lambda: clauses_of(pair))
    view = alignment.clauses
    zh_content = ctx.need_zh().text.content
    support = document_support(ctx)
    for k in alignment.inner_omissions():
        bead = view.beads[k]
        units = view.bead_units(bead, "zh")
        start, end = units[0].start, units[-1].end
        text = " ".join(zh_content[start:end].split())
        sentence = alignment.parents[k]
        if _rendered_nearby(alignment, sentence, text, support):
            continue
        english = alignment.sentences.text(alignment.sentences.beads[sentence], "en")
        loose = [w for w, _, _ in zh_tokens(text) if content_word(w)]
        yield ctx.finding("B007", "zh", start, end,
                          f"{'a clause' if len(units) == 1 else f'{len(units)} clauses'} of a translated sentence "
                          "with no counterpart in its English",
                          [f"omitted: {text[:200]}", f"the sentence's English: {english[:300]}",
                           "its words and their dictionary senses: "
                           + "; ".join(f"{w} ({gloss_text(w, 1)})" for w in dict.fromkeys(loose))[:300]])


def _rendered_nearby(alignment, sentence: int, text: str, support: float) -> bool:
    """Whether the English of the neighbouring sentence pairs renders a clause (the sentence
    alignment drew a line elsewhere than the translator): its words explained there at half the
    document's typical support or more."""
    pair = alignment.sentences
    around = [pair.beads[x] for x in (sentence - 1, sentence + 1) if 0 <= x < len(pair.beads)]
    for b in around:
        if b.paired:
            share = zh_support(text, pair.text(b, "en"))
            if share is not None and share >= support / 2:
                return True
    return False


# ----------------------------------------------------------------------------- numbers


def _marker_spans(ctx: Context, side: str) -> list[tuple[int, int]]:
    doc = ctx.doc(side)
    return [(u.start, u.start + len(u.number)) for u in doc.units if u.number]


def _outside(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return not any(a <= s and e <= b for a, b in spans)


def bead_quantities(ctx: Context) -> list[tuple[Paired, list[Quantity], list[Quantity]]]:
    """Every paired bead with the quantities of its Chinese and English (offsets into the
    whole texts; list markers left out)."""
    def compute() -> list[tuple[Paired, list[Quantity], list[Quantity]]]:
        zc, ec = ctx.need_zh().text.content, ctx.en.text.content
        zmarks, emarks = _marker_spans(ctx, "zh"), _marker_spans(ctx, "en")
        out = []
        for p in paired(ctx):
            zq = [_moved(q, p.zh_start) for q in zh_quantities(zc[p.zh_start:p.zh_end])]
            eq = [_moved(q, p.en_start) for q in en_quantities(ec[p.en_start:p.en_end])]
            out.append((p, [q for q in zq if _outside(zmarks, q.start, q.end)],
                        [q for q in eq if _outside(emarks, q.start, q.end)]))
        return out

    return ctx.memo("bead-quantities", compute)


def _moved(q: Quantity, by: int) -> Quantity:
    return replace(q, start=q.start + by, end=q.end + by)


@rule("B003", "number-mismatch", "error", "pair", "suggested",
      "Compares the figures of aligned units by value (Chinese magnitudes 万 and 亿, percentages, fractions, dates, "
      "approximations and rounding; split numbers read as meant), looks at the neighbouring units before reporting, "
      "and shows the conversion.",
      "A wrong year, count or target changes what the document commits to.",
      "到2027年，建成300个 ↔ By 2028, 200 … will be built", group=each)
def numbers(ctx: Context):
    zh_content = ctx.need_zh().text.content
    beads = bead_quantities(ctx)
    for k, (p, zq, eq) in enumerate(beads):
        near = [beads[x] for x in (k - 1, k + 1) if 0 <= x < len(beads)]
        result = compare(zq, eq, [q for _, z, _ in near for q in z], [q for _, _, e in near for q in e])
        for m in result.mismatches:
            s, e = (m.en.start, m.en.end) if m.en else (p.en_start, p.en_end)
            zspan = (m.zh.start, m.zh.end) if m.zh else (p.zh_start, p.zh_end)
            written = render_en(m.zh, m.en.text) if m.zh and m.en else None
            zh_text = " ".join(zh_content[p.zh_start:p.zh_end].split())
            yield ctx.finding("B003", "en", s, e, m.message(), [f"aligned Chinese: {zh_text}"], zh_span=zspan,
                              fix=Fix(s, e, written, SUGGESTED) if written else None, severity=m.severity)


# a number scanned with the letter l (or I) for the digit 1: l966年, l3日 (compared as numbers, by B003)
_OCR_NUMBER = re.compile(r"[lI]\d+(?:\.\d+)?")
_LATIN = re.compile(r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z0-9+\-./]*[A-Za-z0-9+]|[A-Z])(?![A-Za-z0-9])")


@rule("B004", "untranslated-chinese", "error", "en", "suggested",
      "Finds Chinese characters left in the English text (mojibake excluded); with the Chinese given, quotes the "
      "aligned Chinese and the dictionary's glosses.",
      "Untranslated words are unreadable for the English reader.",
      "a responsibility list for 政务数据 sharing → government affairs data")
def untranslated(ctx: Context):
    from .garbling import gbk_mojibake

    content = ctx.en.text.content
    garbled = ctx.memo("gbk-mojibake", lambda: gbk_mojibake(content))
    for m in _HAN_RUN.finditer(content):
        run = m.group().rstrip("，、。\u3000")
        end = m.start() + len(run)
        if not run or any(s < end and m.start() < e for s, e, _ in garbled):
            continue
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
      "推进IPv6规模部署 ↔ promote the large-scale deployment of the next-generation internet protocol",
      group=by_message)
def latin_tokens(ctx: Context):
    zh_content, en_content = ctx.need_zh().text.content, ctx.en.text.content
    for p in paired(ctx):
        zs, ze, es, ee = p.zh_start, p.zh_end, p.en_start, p.en_end
        en_lower = en_content[es:ee].lower()
        for m in _LATIN.finditer(zh_content, zs, ze):
            tok = m.group(1)
            if len(tok) < 2 or tok.lower() in en_lower or _OCR_NUMBER.fullmatch(tok):
                continue
            yield ctx.finding("B005", "en", es, ee, f"{tok!r} of the Chinese is missing from the aligned English",
                              [f"aligned Chinese: {' '.join(zh_content[zs:ze].split())}"], zh_span=(m.start(), m.end()))


@rule("B006", "length-ratio-outlier", "warning", "pair", None,
      "Finds aligned units whose English is far shorter or far longer than the Chinese warrants (length ratio "
      "against the document's own), unless a neighbouring unit is off the other way and the two fit together.",
      "A much shorter English usually means content was dropped or summarised; a much longer one, that something "
      "was added.",
      "中央财政通过现有资金渠道对…纳入年度预算。 ↔ Central finance will help.", group=each)
def length_ratio(ctx: Context):
    zh_content, en_content = ctx.need_zh().text.content, ctx.en.text.content
    zu, eu = ctx.units("zh"), ctx.units("en")
    pairs = []
    for p in paired(ctx):
        # words, not punctuation: 会…… 会…… 咳…… 咳嗽 is four characters of speech
        lz = sum(_letters(zh_content[zu[i].start:zu[i].end]) for i in p.bead.zh)
        le = sum(_letters(en_content[eu[j].start:eu[j].end]) for j in p.bead.en)
        if lz >= 1 and le >= 1:
            pairs.append((p, lz, le, math.log(le / lz)))
    if len(pairs) < 5:
        return
    logs = sorted(x[3] for x in pairs)
    mid = logs[len(logs) // 2]
    for k, (p, lz, le, r) in enumerate(pairs):
        if lz < 15 or abs(r - mid) <= _RATIO_OUTLIER:
            continue  # headings, names and short lines vary too much
        if any(_evened(pairs[x], (lz, le, r), mid) for x in (k - 1, k + 1) if 0 <= x < len(pairs)):
            continue  # the neighbouring English holds what this one lacks (or the reverse)
        es, ee, zs, ze = p.en_start, p.en_end, p.zh_start, p.zh_end
        how = "shorter" if r < mid else "longer"
        yield ctx.finding("B006", "en", es, ee,
                          f"the English is {math.exp(abs(r - mid)):.1f} times {how} than the document's usual "
                          f"ratio to its Chinese ({le} letters for {lz} Chinese characters)",
                          [f"aligned Chinese: {' '.join(zh_content[zs:ze].split())}"], zh_span=(zs, ze))


def _letters(text: str) -> int:
    """Characters that carry words: letters, digits and Han characters."""
    return sum(ch.isalnum() for ch in text)


_RATIO_OUTLIER = 1.1  # log ratio away from the document's median: three times shorter or longer


def _evened(neighbour: tuple[Paired, int, int, float], this: tuple[int, int, float], mid: float) -> bool:
    """A neighbouring bead off the other way whose English, taken with this one's, fits the two
    Chinese: the alignment drew the line between them in another place than the translator."""
    _, nz, ne, nr = neighbour
    lz, le, r = this
    together = math.log((le + ne) / (lz + nz))
    return (nr - mid) * (r - mid) < 0 and abs(nr - mid) >= 0.3 and abs(together - mid) <= _RATIO_OUTLIER / 2
