"""Numbering and structure: markers in the wrong style or at the wrong level,
sequence breaks, headings run into the text before them, lower-case headings."""

from __future__ import annotations

from collections import Counter

from ..model import Fix
from ..structure import read_marker
from . import SAFE, SUGGESTED, Context, cause, each, rule


def _notes(ctx: Context, code: str):
    return [n for n in ctx.en.notes if n.code == code]


def _bracketed(printed: str) -> bool:
    """Whether a marker is of a bracketed style, by the numbering-style table."""
    found = read_marker(printed)
    return found is not None and found[0].shape == "paren"


def _same_shape(printed: str, expected: str) -> bool:
    return _bracketed(printed) == _bracketed(expected)


@rule("N001", "numbering-style-mix", "error", "en", "safe",
      "Finds a marker in another numeral style than its siblings: `(VI)` among `(1) (2) … (7)`.",
      "Mixed numerals make a list look like two lists and break cross-references.",
      "(5) … (VI) Strengthen guidance and support. … (7) → (6)", group=each)
def style_mix(ctx: Context):
    yield from _misprints(ctx, "N001", same_shape=True)


def _misprints(ctx: Context, code: str, same_shape: bool):
    """Misprinted markers whose bracket shape is (N001) or is not (N002) the expected one."""
    for n in _notes(ctx, "marker-misprinted"):
        if _same_shape(ctx.en[n.unit].number or "", n.expected or "") == same_shape:
            yield ctx.finding(code, "en", n.start, n.end, n.message, fix=Fix(n.start, n.end, n.expected, SAFE))


@rule("N002", "numbering-wrong-level", "error", "en", "safe",
      "Finds an item numbered in the style of another level: `(3)` for item 3 between items `2.` and `4.`.",
      "The reader takes the item for a new section; the document's structure is misread.",
      "2. … (3) lay a solid industrial foundation. … 4. → 3.", group=each)
def wrong_level(ctx: Context):
    yield from _misprints(ctx, "N002", same_shape=False)


@rule("N003", "numbering-sequence-break", "error", "en", "suggested",
      "Finds a number that does not follow its predecessor: a repeated, skipped or backward number.",
      "A repeated or skipped number hides an omitted or duplicated item.",
      "1. … 2. … 2. Take part in … → 3.", group=each)
def sequence(ctx: Context):
    for n in _notes(ctx, "sequence-break"):
        yield ctx.finding("N003", "en", n.start, n.end, n.message, fix=Fix(n.start, n.end, n.expected, SUGGESTED))


def paragraph_break(content: str) -> str:
    """The document's own paragraph separator: a blank line if it uses them."""
    return "\n\n" if "\n\n" in content else "\n"


@rule("N004", "heading-run-in", "info", "en", "safe",
      "Finds a numbered heading that runs on from the text before it instead of starting a paragraph.",
      "A flattened document hides its parts, sections and items; the fix restores the paragraph breaks.",
      "… on actively promoting the action. (1) lay a solid foundation → new paragraph before (1)",
      layout=True, group=cause("heading run-in"),
      group_message="numbered headings run on from the text before them: each should start a paragraph")
def run_in(ctx: Context):
    content = ctx.en.text.content
    brk = paragraph_break(content)
    for n in _notes(ctx, "heading-run-in"):
        lo = n.start
        while lo > 0 and content[lo - 1] in " \t":
            lo -= 1
        unit = ctx.en[n.unit]
        yield ctx.finding("N004", "en", n.start, n.end,
                          f"{unit.kind} {unit.number} runs on from the text before it: it should start a paragraph",
                          fix=Fix(lo, n.start, brk, SAFE))


@rule("N005", "heading-lowercase", "warning", "en", "safe",
      "Finds a heading that starts lower-case where the headings of its siblings start upper-case.",
      "Inconsistent headings look careless and are often a sign of machine translation.",
      "(1) lay a solid foundation for development. … (2) Strengthen innovation drive. → (1) Lay",
      group=cause("lower-case headings"),
      group_message="headings start lower-case where the headings of their siblings start upper-case")
def lowercase(ctx: Context):
    content = ctx.en.text.content
    by_kind: dict[str, list[tuple[int, str]]] = {}
    for u in ctx.en.units:
        if u.kind != "heading":
            continue
        container = ctx.en.get(u.parent)
        if container is None or not container.number:
            continue
        pos = container.start + len(container.number)
        while pos < u.end and not content[pos].isalpha():
            pos += 1
        if pos < u.end and content[pos].isascii():
            by_kind.setdefault(container.kind, []).append((pos, content[pos]))
    for kind, heads in by_kind.items():
        cases = Counter(ch.isupper() for _, ch in heads)
        if cases[True] <= cases[False]:
            continue
        for pos, ch in heads:
            if ch.islower():
                word_end = pos
                while word_end < len(content) and content[word_end].isalpha():
                    word_end += 1
                yield ctx.finding("N005", "en", pos, word_end,
                                  f"{kind} heading starts lower-case ({content[pos:word_end]!r}) where "
                                  f"{cases[True]} of {len(heads)} {kind} headings start upper-case",
                                  fix=Fix(pos, pos + 1, ch.upper(), SAFE))
