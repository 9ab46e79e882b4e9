"""Terminology and consistency: one term named several ways, unofficial names of
institutions, glossary terms missing from the translation, inconsistent
capitalisation or quoting of a repeated name."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..model import Fix, GlossaryEntry
from . import SUGGESTED, Context, rule
from .evidence import paired


@dataclass(frozen=True, slots=True)
class Occurrence:
    start: int
    end: int
    form: str
    kind: str  # "official", "accepted" or "variant"
    entity: str  # the official English name: one entity may have several Chinese forms


def _entities(entries: tuple[GlossaryEntry, ...]) -> dict[str, list[GlossaryEntry]]:
    out: dict[str, list[GlossaryEntry]] = defaultdict(list)
    for e in entries:
        out[e.en].append(e)
    return out


def occurrences(content: str, entries: tuple[GlossaryEntry, ...]) -> list[Occurrence]:
    """Where the glossary's English names and their known variants occur (case-sensitive,
    whole words, longest first, no overlaps)."""
    forms: dict[str, tuple[str, str]] = {}
    for e in entries:
        forms.setdefault(e.en, ("official", e.en))
        for a in e.accepted:
            forms.setdefault(a, ("accepted", e.en))
        for v in e.variants:
            forms.setdefault(v, ("variant", e.en))
    taken = bytearray(len(content))
    out = []
    for form in sorted(forms, key=lambda f: (-len(f), f)):
        kind, entity = forms[form]
        for m in re.finditer(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", content):
            if any(taken[m.start():m.end()]):
                continue
            taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
            out.append(Occurrence(m.start(), m.end(), form, kind, entity))
    return sorted(out, key=lambda o: o.start)


def _glossary_occurrences(ctx: Context) -> list[Occurrence]:
    return ctx.memo("glossary-occurrences", lambda: occurrences(ctx.en.text.content, ctx.glossary))


def _zh_names(ctx: Context, entity: str) -> str:
    names = [e.zh for e in _entities(ctx.glossary).get(entity, [])]
    return "/".join(dict.fromkeys(names[:2]))


@rule("T001", "inconsistent-term", "warning", "en", "suggested",
      "Finds one institution or term named in several ways across the document (known renderings from the built-in "
      "and the user's glossary).",
      "The reader takes different names for different bodies; a translation names one body one way throughout.",
      "网信办 as “Network Information Office”, “Internet Information Office” and “Information Office”")
def inconsistent(ctx: Context):
    by_entity: dict[str, list[Occurrence]] = defaultdict(list)
    for o in _glossary_occurrences(ctx):
        by_entity[o.entity].append(o)
    for entity, occ in by_entity.items():
        counts = Counter(o.form for o in occ)
        if len(counts) < 2:
            continue
        dominant = counts.most_common(1)[0][0]
        summary = ", ".join(f"“{f}” ×{n}" for f, n in counts.most_common())
        zh = _zh_names(ctx, entity)
        for form in counts:
            if form == dominant:
                continue
            first = next(o for o in occ if o.form == form)
            where = ["{}:{}".format(*ctx.en.text.line_col(o.start)) for o in occ if o.form == form]
            msg = f"{zh} is named {len(counts)} ways in this text: {summary}; use one name throughout"
            yield ctx.finding("T001", "en", first.start, first.end, msg,
                              evidence=[f"“{form}” at {', '.join(where[:10])}", f"official name: {entity}"],
                              fix=Fix(first.start, first.end, entity, SUGGESTED) if form != entity else None)


@rule("T002", "unofficial-name", "warning", "en", "suggested",
      "Finds institutions named otherwise than by their official English name (State Council ministries, "
      "commissions, offices; from the built-in glossary).",
      "Official documents name bodies by their official English names; other renderings are wrong or ambiguous.",
      "Development and Reform Commission → National Development and Reform Commission")
def unofficial(ctx: Context):
    notes = {e.en: e.notes for e in ctx.glossary if e.notes}
    for o in _glossary_occurrences(ctx):
        if o.kind != "variant":
            continue
        zh = _zh_names(ctx, o.entity)
        evidence = [f"{zh}: {o.entity}"] + ([notes[o.entity]] if o.entity in notes else [])
        yield ctx.finding("T002", "en", o.start, o.end,
                          f"“{o.form}” is not the official English name of {zh}: “{o.entity}”",
                          evidence=evidence, fix=Fix(o.start, o.end, o.entity, SUGGESTED))


def _zh_occurrences(text: str, entries: tuple[GlossaryEntry, ...]) -> list[GlossaryEntry]:
    found = []
    taken = bytearray(len(text))
    for e in sorted(entries, key=lambda e: -len(e.zh)):
        for m in re.finditer(re.escape(e.zh), text):
            if any(taken[m.start():m.end()]):
                continue
            taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
            found.append(e)
    return found


@rule("T003", "glossary-mismatch", "warning", "pair", "suggested",
      "Checks glossary terms both ways across aligned units: a Chinese term whose English is missing from the "
      "aligned English, and (for the user's glossary) an English term whose Chinese is missing.",
      "Terms fixed in a glossary must be rendered as agreed; a term with no rendering was dropped or mistranslated.",
      "网信办 in the Chinese, no “Cyberspace Administration of China” (nor a variant) in the aligned English")
def glossary_mismatch(ctx: Context):
    zh_content, en_content = ctx.need_zh().text.content, ctx.en.text.content
    zu = ctx.units("zh")
    entities = _entities(ctx.glossary)
    for p in paired(ctx):
        zh_text = "".join(zh_content[zu[i].start:zu[i].end] for i in p.bead.zh)
        es, ee = p.en_start, p.en_end
        en_text = en_content[es:ee]
        for e in dict.fromkeys(_zh_occurrences(zh_text, ctx.glossary)):
            forms = [x for entry in entities[e.en] for x in (entry.en, *entry.accepted, *entry.variants)]
            if any(re.search(r"(?<![\w-])" + re.escape(f) + r"(?![\w-])", en_text, re.I) for f in forms):
                continue
            yield ctx.finding("T003", "en", es, ee,
                              f"{e.zh} has no rendering in the aligned English: expected “{e.en}”",
                              evidence=[f"aligned Chinese: {zh_text}"] + ([e.notes] if e.notes else []))
        for e in ctx.glossary:
            if e.source != "user":
                continue
            m = re.search(r"(?<![\w-])" + re.escape(e.en) + r"(?![\w-])", en_text)
            if m and not any(x.zh in zh_text for x in entities[e.en]):
                yield ctx.finding("T003", "en", es + m.start(), es + m.end(),
                                  f"“{e.en}” is used where the aligned Chinese has no {e.zh}",
                                  evidence=[f"aligned Chinese: {zh_text}"], severity="info")


_TITLE_PHRASE = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:(?:of|and|for|the|in)\s+)?[A-Z][a-z]+)+\b")


def _named_terms(ctx: Context) -> dict[str, str]:
    """Names whose capitalisation is fixed: glossary names with capitals, and
    Title Case phrases of this text's running text that it also writes in lower case."""
    import bisect

    content = ctx.en.text.content
    lowered = content.lower()
    out: dict[str, str] = {}
    for e in ctx.glossary:
        if " " in e.en and any(ch.isupper() for ch in e.en) and e.en.lower() in lowered:
            out[e.en.lower()] = e.en
    body = sorted((u.start, u.end) for u in ctx.en.units if u.kind in ("paragraph", "attribution"))
    starts = [s for s, _ in body]
    seen: set[str] = set()
    for m in _TITLE_PHRASE.finditer(content):
        phrase = m.group()
        low = phrase.lower()
        if low in out or low in seen or len(phrase.split()) > 6:
            continue
        # Title Case in titles and headings is typography, not a name
        k = bisect.bisect_right(starts, m.start()) - 1
        if k < 0 or m.start() >= body[k][1]:
            continue
        seen.add(low)
        if _has_word(content, low):
            out[low] = phrase
    return out


def _has_word(content: str, phrase: str) -> bool:
    """Whether ``phrase`` occurs in ``content`` exactly (same case) as whole words."""
    i = content.find(phrase)
    while i >= 0:
        before = content[i - 1] if i else " "
        after = content[i + len(phrase)] if i + len(phrase) < len(content) else " "
        if not (before.isalnum() or before == "-") and not (after.isalnum() or after == "-"):
            return True
        i = content.find(phrase, i + 1)
    return False


@rule("T004", "inconsistent-capitalisation", "warning", "en", "suggested",
      "Finds a name written with other capitals than its proper form (from the glossary, or its Title Case use in "
      "the same text), and reports inconsistent quoting of it.",
      "A proper name such as “Internet Plus” written in lower case, or quoted only sometimes, reads as a common "
      "phrase.",
      "\"internet plus\" … internet plus's → “Internet Plus”")
def capitalisation(ctx: Context):
    content = ctx.en.text.content
    reported = bytearray(len(content))
    for low, proper in sorted(_named_terms(ctx).items(), key=lambda kv: (-len(kv[0]), kv[0])):
        occ = [m for m in re.finditer(r"(?<![\w-])" + re.escape(low) + r"(?![\w-])", content, re.I)
               if not any(reported[m.start():m.end()])]
        if len(occ) < 2 and not any(e.en == proper for e in ctx.glossary):
            continue
        quoted = [_is_quoted(content, m.start(), m.end()) for m in occ]
        nq = sum(quoted)
        minority_quoted = nq < len(occ) - nq
        for m, q in zip(occ, quoted):
            problems = []
            fix = None
            if m.group() != proper and not _sentence_case_only(m.group(), proper, content, m.start()):
                problems.append(f"written “{m.group()}”, not “{proper}”")
                fix = Fix(m.start(), m.end(), proper, SUGGESTED)
            if 0 < nq < len(occ) and q == minority_quoted:
                problems.append(f"{'quoted' if q else 'not quoted'} here, {'not quoted' if q else 'quoted'} "
                                f"in {len(occ) - nq if q else nq} of its {len(occ)} uses")
            if problems:
                reported[m.start():m.end()] = b"\x01" * (m.end() - m.start())
                yield ctx.finding("T004", "en", m.start(), m.end(), f"“{proper}”: " + "; ".join(problems), fix=fix)


def _is_quoted(content: str, start: int, end: int) -> bool:
    return start > 0 and content[start - 1] in "\"“‘'" and end < len(content) and content[end] in "\"”’'"


def _sentence_case_only(found: str, proper: str, content: str, start: int) -> bool:
    """True when the only difference is a capital at the start of a sentence."""
    if found[1:] != proper[1:] or found[0].lower() != proper[0].lower():
        return False
    before = content[max(0, start - 3):start].strip()
    return found[0].isupper() and (not before or before[-1] in ".!?\"“")
