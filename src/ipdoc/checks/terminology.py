"""Terminology and consistency, read from the term base (built-in merged with the user's):
one term named several ways, unofficial or out-of-period names of institutions, renderings
the term base deprecates, term-base terms missing from the aligned English, inconsistent
capitalisation or quoting of a repeated name."""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .. import termbase as tb
from ..model import Fix
from ..segment import zh_tokens
from . import SUGGESTED, Context, rule
from .evidence import en_stems, paired

#: Domains whose concepts are names of institutions, organs and meetings (rule T002); the
#: other concepts are renderings of terms and formulations (rule T005).
NAME_DOMAINS = frozenset({"body", "party", "state-organ"})
_ACCEPTABLE = ("preferred", "admitted")
_ZH_SHORT = 3  # Chinese forms this short must stand as whole jieba words (全会 is not inside 安全会议)
_ZH_CHECKED = 3  # T003 checks Chinese forms this long or longer: two-character abbreviations (政协, 北斗) are
#                  also ordinary or figurative words, rendered by context


def _matches(ctx: Context) -> tuple[tb.Match, ...]:
    """The term base's English forms in the English text (computed once per run)."""
    return ctx.memo("termbase-matches", lambda: tb.find(ctx.en.text.content, ctx.glossary))


def _zh_label(concept: tb.Concept) -> str:
    return "/".join(concept.zh[:2])


def _preferred(concept: tb.Concept, year: int | None) -> tb.Term | None:
    return tb.preferred_for(concept, year)


def _is_name(concept: tb.Concept) -> bool:
    return concept.domain in NAME_DOMAINS


def _case_variant(concept: tb.Concept, term: tb.Term) -> bool:
    """Whether a deprecated form differs from an acceptable one only in case (rule T004's concern)."""
    low = term.text.casefold()
    return any(t.text.casefold() == low for t in concept.terms if t.status in _ACCEPTABLE)


def _out_of_period(concept: tb.Concept, term: tb.Term, year: int | None) -> tb.Term | None:
    """The name in use in ``year`` when ``term`` is a preferred name of another period, else None."""
    if year is None or term.status != "preferred" or term.in_use(year):
        return None
    current = _preferred(concept, year)
    return current if current is not None and current.in_use(year) and current is not term else None


def _period_note(term: tb.Term) -> str:
    if term.start is not None and term.end is not None:
        return f"the name from {term.start} to {term.end}"
    return f"the name until {term.end}" if term.end is not None else f"the name since {term.start}"


def _source_note(term: tb.Term | None) -> list[str]:
    return [f"attested: {term.source}"] if term is not None and term.source else []


@dataclass(frozen=True, slots=True)
class _Bad:
    """A form the term base advises against, with the rendering to use instead."""

    match: tb.Match
    use: tb.Term
    why: str


def _bad_forms(ctx: Context, names: bool) -> Iterator[_Bad]:
    """Deprecated, forbidden and out-of-period forms of names (``names``) or of other terms."""
    year = ctx.year
    for m in _matches(ctx):
        if _is_name(m.concept) != names:
            continue
        if m.status in ("deprecated", "forbidden"):
            use = _preferred(m.concept, year)
            if use is None or _case_variant(m.concept, m.term):
                continue
            yield _Bad(m, use, "a wrong rendering" if m.status == "forbidden" else "not the established form")
        elif (current := _out_of_period(m.concept, m.term, year)) is not None:
            yield _Bad(m, current, f"{_period_note(m.term)}, not of a {year} document")


@rule("T001", "inconsistent-term", "warning", "en", "suggested",
      "Finds one institution or term named in several ways across the document, one of them a form the term base "
      "deprecates (built-in term base and the user's --glossary).",
      "The reader takes different names for different bodies; a translation names one body one way throughout.",
      "网信办 as “Network Information Office”, “Internet Information Office” and “Information Office”")
def inconsistent(ctx: Context):
    # forms are told apart by the term base's form, case aside (case is rule T004's concern);
    # the form taken as the norm is the preferred one when the text uses it, else the commonest
    by_concept: dict[str, list[tb.Match]] = defaultdict(list)
    for m in _matches(ctx):
        if any(ch.islower() for ch in m.term.text):  # abbreviations (CPC, SCIO) go with any name
            by_concept[m.concept.id].append(m)
    year = ctx.year
    for occ in by_concept.values():
        counts = Counter(m.term.text.casefold() for m in occ)
        if len(counts) < 2:
            continue
        concept = occ[0].concept
        use = _preferred(concept, year)
        norm = use.text.casefold() if use is not None and use.text.casefold() in counts else \
            counts.most_common(1)[0][0]
        shown = {m.term.text.casefold(): m.term.text for m in reversed(occ)}
        summary = ", ".join(f"“{shown[f]}” ×{n}" for f, n in counts.most_common())
        for form in counts:
            first = next(m for m in occ if m.term.text.casefold() == form)
            if form == norm or first.status not in ("deprecated", "forbidden"):
                continue
            where = ["{}:{}".format(*ctx.en.text.line_col(m.start)) for m in occ if m.term.text.casefold() == form]
            msg = f"{_zh_label(concept)} is named {len(counts)} ways in this text: {summary}; use one name throughout"
            evidence = [f"“{shown[form]}” at {', '.join(where[:10])}"]
            if use is not None:
                evidence.append(f"official name: {use.text}")
            fix = Fix(first.start, first.end, use.text, SUGGESTED) if use is not None else None
            yield ctx.finding("T001", "en", first.start, first.end, msg, evidence=evidence, fix=fix)


@rule("T002", "unofficial-name", "warning", "en", "suggested",
      "Finds institutions named otherwise than by their official English name (State Council bodies, Party and "
      "state organs: the term base's deprecated and wrong names), and names of another period than the "
      "document's (its date, document number or --as-of).",
      "Official documents name bodies by their official English names of the time; other renderings are wrong or "
      "ambiguous, and a 2015 document keeps the name of 2015.",
      "Development and Reform Commission → National Development and Reform Commission; in a 2020 document, "
      "State Intellectual Property Office → China National Intellectual Property Administration")
def unofficial(ctx: Context):
    for bad in _bad_forms(ctx, names=True):
        m, use = bad.match, bad.use
        zh = _zh_label(m.concept)
        evidence = [f"{zh}: {use.text}" + (f" ({_period_note(use)})" if use.years else "")]
        evidence += [m.concept.note] if m.concept.note else []
        yield ctx.finding("T002", "en", m.start, m.end,
                          f"“{m.text}” is not the official English name of {zh} ({bad.why}): “{use.text}”",
                          evidence=evidence + _source_note(use), fix=Fix(m.start, m.end, use.text, SUGGESTED))


@rule("T005", "deprecated-rendering", "warning", "en", "suggested",
      "Finds renderings of policy terms and formulations (提法) that the term base marks deprecated or wrong, and "
      "names the Chinese they render and the established rendering of the document's year.",
      "Stock formulations of official documents have established English renderings; a literal machine "
      "rendering reads as a different idea to the reader.",
      "cultivating new formats → new business forms (新业态)")
def deprecated_rendering(ctx: Context):
    for bad in _bad_forms(ctx, names=False):
        m, use = bad.match, bad.use
        evidence = [f"{'/'.join(m.concept.zh[:3])}: {use.text}", *_source_note(use)]
        evidence += [m.concept.note] if m.concept.note else []
        yield ctx.finding("T005", "en", m.start, m.end,
                          f"“{m.text}” renders {_zh_label(m.concept)} ({bad.why}): use “{use.text}”",
                          evidence=evidence, fix=Fix(m.start, m.end, use.text, SUGGESTED))


# --- the Chinese side ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _ZhHit:
    start: int
    end: int
    form: str
    concept: tb.Concept


def zh_terms(content: str, concepts: Sequence[tb.Concept]) -> list[_ZhHit]:
    """Chinese forms of the concepts in a text: longest first, no overlaps, short forms only as whole words."""
    forms = sorted(((z, c) for c in concepts for z in c.zh), key=lambda zc: (-len(zc[0]), zc[0]))
    bounds: set[int] | None = None
    taken = bytearray(len(content))
    out = []
    for form, concept in forms:
        for m in re.finditer(re.escape(form), content):
            if any(taken[m.start():m.end()]):
                continue
            if len(form) <= _ZH_SHORT:
                if bounds is None:
                    bounds = {b for _, s, e in zh_tokens(content) for b in (s, e)}
                if m.start() not in bounds or m.end() not in bounds:
                    continue
            taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
            out.append(_ZhHit(m.start(), m.end(), form, concept))
    return sorted(out, key=lambda h: h.start)


def _words_of(form: str) -> set[str]:
    """The stems of a form's content words."""
    return en_stems(form) or {form.lower()}


def _acceptable(concept: tb.Concept, year: int | None) -> list[tb.Term]:
    return [t for t in concept.terms if t.status in _ACCEPTABLE and t.in_use(year)]


def _clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


@rule("T003", "glossary-mismatch", "warning", "pair", None,
      "Checks term-base terms across aligned units: a Chinese term of the term base whose preferred or an admitted "
      "English (in use in the document's year) is not in the aligned English, quoting the English used; and, for "
      "the user's --glossary, an English term whose Chinese is missing.",
      "Terms fixed in a term base must be rendered as agreed; a term with another rendering was dropped, "
      "paraphrased or mistranslated.",
      "网信办 in the Chinese, no “Cyberspace Administration of China” in the aligned English")
def glossary_mismatch(ctx: Context):
    # a deprecated, wrong or out-of-period form in the aligned English is left to T002/T005, which
    # report it on the English alone
    zh_content, en_content = ctx.need_zh().text.content, ctx.en.text.content
    hits = ctx.memo("termbase-zh", lambda: zh_terms(zh_content, ctx.glossary))
    starts = [h.start for h in hits]
    matches = _matches(ctx)
    m_starts = [m.start for m in matches]
    year = ctx.year
    for p in paired(ctx):
        zh_text = zh_content[p.zh_start:p.zh_end]
        es, ee = p.en_start, p.en_end
        en_text = en_content[es:ee]
        lo, hi = bisect.bisect_left(starts, p.zh_start), bisect.bisect_left(starts, p.zh_end)
        here = [m for m in matches[bisect.bisect_left(m_starts, es):bisect.bisect_left(m_starts, ee)]]
        seen: set[str] = set()
        for h in hits[lo:hi]:
            c = h.concept
            if c.id in seen or h.end > p.zh_end:
                continue
            seen.add(c.id)
            if len(h.form) < _ZH_CHECKED and c.origin != "user":
                continue
            found = [m for m in here if m.concept.id == c.id] or list(tb.find(en_text, (c,)))
            if found:
                continue  # rendered as agreed, or in a form the monolingual rules report
            ok = _acceptable(c, year)
            if not ok or not (c.verified or c.origin == "user"):
                continue  # a built-in rendering not confirmed in an official source is not demanded
            stems = en_stems(en_text)
            if any(_words_of(t.text) <= stems for t in ok):
                continue  # its words in another order: "the Education Ministry"
            expected = " or ".join(f"“{t.text}”" for t in ok[:3])
            fix_hint = _preferred(c, year)
            yield ctx.finding("T003", "en", es, ee,
                              f"{h.form} is not rendered as the term base has it: expected {expected}; "
                              f"the aligned English reads “{_clip(en_text)}”",
                              evidence=[f"aligned Chinese: {_clip(zh_text)}"] + _source_note(fix_hint)
                              + ([c.note] if c.note else []), zh_span=(p.zh_start, p.zh_end))
        for c in ctx.glossary:
            if c.origin != "user" or any(z in zh_text for z in c.zh):
                continue
            for m in tb.find(en_text, (c,)):
                if m.status in _ACCEPTABLE:
                    yield ctx.finding("T003", "en", es + m.start, es + m.end,
                                      f"“{m.text}” is used where the aligned Chinese has no {_zh_label(c)}",
                                      evidence=[f"aligned Chinese: {_clip(zh_text)}"], severity="info",
                                      zh_span=(p.zh_start, p.zh_end))
                    break


# --- capitalisation --------------------------------------------------------------------------

_TITLE_PHRASE = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:(?:of|and|for|the|in)\s+)?[A-Z][a-z]+)+\b")
_SMALL = frozenset({"of", "and", "the", "for", "to", "in", "on", "at", "by", "with", "from", "a", "an"})


def _proper_name(form: str) -> bool:
    """Whether a term-base form is a proper name: two words or more, every word but the small ones capitalised."""
    words = form.split()
    return (len(words) > 1 and any(ch.islower() for ch in form)
            and all(w[0].isupper() or w.lower() in _SMALL for w in words if w[0].isalpha()))


def _names(ctx: Context) -> dict[str, str]:
    """Proper names of the term base found (in any case) in the text, by their lower-case form."""
    def compute() -> dict[str, str]:
        lowered = ctx.en.text.content.lower()
        out: dict[str, str] = {}
        for c in ctx.glossary:
            for t in c.terms:
                if t.status in _ACCEPTABLE and _proper_name(t.text) and t.text.lower() in lowered:
                    out.setdefault(t.text.lower(), t.text)
        return out

    return ctx.memo("termbase-names", compute)


def _named_terms(ctx: Context) -> dict[str, str]:
    """Names whose capitalisation is fixed: term-base names, and Title Case phrases of this
    text's running text that it also writes in lower case."""
    content = ctx.en.text.content
    out = dict(_names(ctx))
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
        if any(m.group() == low for m in _occurrences(ctx, low)):
            out[low] = phrase
    return out


_WORD = re.compile(r"\w+")


def _word_index(ctx: Context) -> tuple[list[int], dict[str, list[int]]]:
    """The start of every word of the English and, per lower-cased word and per lower-cased pair
    of neighbouring words, where they are: built once, so looking a phrase up costs what the
    uses of its first two words cost, not the length of the text."""
    def build() -> tuple[list[int], dict[str, list[int]]]:
        starts: list[int] = []
        index: dict[str, list[int]] = {}
        last = ""
        for k, m in enumerate(_WORD.finditer(ctx.en.text.content)):
            word = m.group().lower()
            starts.append(m.start())
            index.setdefault(word, []).append(k)
            if k:
                index.setdefault(f"{last} {word}", []).append(k - 1)
            last = word
        return starts, index

    return ctx.memo("word-index", build)


def _occurrences(ctx: Context, phrase: str) -> list[re.Match[str]]:
    """Where ``phrase`` occurs as whole words, in any case, left to right without overlaps (what
    ``re.finditer`` gives), found through the word index."""
    content = ctx.en.text.content
    rx = re.compile(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])", re.I)
    words = _WORD.findall(phrase)
    if not words or _WORD.match(phrase) is None:  # a phrase that does not start with a word: search the text
        return list(rx.finditer(content))
    starts, index = _word_index(ctx)
    out: list[re.Match[str]] = []
    for k in index.get(" ".join(words[:2]).lower(), ()):
        m = rx.match(content, starts[k])
        if m is not None and (not out or m.start() >= out[-1].end()):
            out.append(m)
    return out


@rule("T004", "inconsistent-capitalisation", "warning", "en", "suggested",
      "Finds a name written with other capitals than its proper form (from the term base, or its Title Case use in "
      "the same text), and reports inconsistent quoting of it.",
      "A proper name such as “Internet Plus” written in lower case, or quoted only sometimes, reads as a common "
      "phrase.",
      "\"internet plus\" … internet plus's → “Internet Plus”")
def capitalisation(ctx: Context):
    content = ctx.en.text.content
    known = _names(ctx)
    reported = bytearray(len(content))
    for low, proper in sorted(_named_terms(ctx).items(), key=lambda kv: (-len(kv[0]), kv[0])):
        occ = [m for m in _occurrences(ctx, low) if not any(reported[m.start():m.end()])]
        if len(occ) < 2 and low not in known:
            continue
        quoted = [_is_quoted(content, m.start(), m.end()) for m in occ]
        nq = sum(quoted)
        minority_quoted = nq < len(occ) - nq
        for m, q in zip(occ, quoted):
            problems = []
            fix = None
            found = m.group()
            if found != proper and not found.isupper() and not _sentence_case_only(found, proper, content, m.start()):
                problems.append(f"written “{found}”, not “{proper}”")
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
