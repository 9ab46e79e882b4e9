"""Brackets and punctuation: unbalanced and stray brackets, quotes, doubled or
missing sentence ends, spacing, full-width punctuation in English and half-width
in Chinese."""

from __future__ import annotations

import re

from ..model import LEAF_KINDS, Fix
from ..scan import HAN, brackets
from . import SAFE, SUGGESTED, Context, each, rule

_FULLWIDTH = {"，": ", ", "。": ". ", "；": "; ", "：": ": ", "！": "! ", "？": "? ", "（": " (", "）": ") ",
              "【": " [", "】": "] ", "、": ", ", "「": "“", "」": "”", "《": "“", "》": "”"}
_HALFWIDTH_ZH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_FULLWIDTH_RE = re.compile("[" + re.escape("".join(_FULLWIDTH)) + "]")
_HALFWIDTH_RE = re.compile("[" + re.escape("".join(_HALFWIDTH_ZH)) + "]")
# ".." but not an ellipsis, spaced (". . .") or not ("...")
# a run of one mark (;;; or , ,) that may end in a full stop, or a comma or semicolon before one
_DOUBLED = re.compile(r"(?<![.] )(?<![.])\.\s?\.(?![.\d])(?! \.)|([,;:])(?:\s?\1)+(?:\s?\.(?!\.))?"
                      r"|[,;]\s?\.(?!\.)")
_SPACE_BEFORE = re.compile(r"(?<=[\w\"”’)])[ \t]+([,;:!?]|\.(?![.\d])(?! \.))(?=\s|$|[\"”’)',.;:!?])")


def regions(ctx: Context):
    """Each leaf block with what follows it up to the next block: brackets balance there."""
    leaves = [u for u in ctx.en.units if u.kind in LEAF_KINDS]
    content = ctx.en.text.content
    for k, u in enumerate(leaves):
        end = leaves[k + 1].start if k + 1 < len(leaves) else len(content)
        yield u, u.start, end


@rule("P001", "unclosed-bracket", "error", "en", "suggested",
      "Finds an opening bracket with no closing one in its paragraph, item or list of departments.",
      "The reader cannot tell where the parenthesis ends; a list of responsible departments runs into the next item.",
      "(Development and Reform Commission, Ministry of Industry and Information Technology, etc. (3) …",
      group=each)
def unclosed(ctx: Context):
    content = ctx.en.text.content
    for unit, start, end in regions(ctx):
        for pos in brackets(content, start, end).unclosed:
            if unit.kind == "attribution":
                close_at = unit.end
                msg = "the list of responsible departments has no closing bracket"
                yield ctx.finding("P001", "en", pos, unit.end, msg,
                                  fix=Fix(close_at, close_at, ")", SUGGESTED))
            else:
                yield ctx.finding("P001", "en", pos, pos + 1, f"bracket {content[pos]!r} is never closed")


@rule("P002", "stray-closing-bracket", "error", "en", "safe",
      "Finds a closing bracket that closes nothing, such as the second one in `etc.). )`.",
      "Stray brackets are debris of a garbled conversion and make the reader look for an opening that is not there.",
      "… Network Information Office, etc.). ) 4. Ensure → … etc.). 4. Ensure")
def stray(ctx: Context):
    content = ctx.en.text.content
    for _unit, start, end in regions(ctx):
        for pos in brackets(content, start, end).stray:
            lo = pos
            while lo > start and content[lo - 1] in " \t":
                lo -= 1
            yield ctx.finding("P002", "en", pos, pos + 1, f"stray closing bracket {content[pos]!r} closes nothing",
                              fix=Fix(lo, pos + 1, "", SAFE))


@rule("P003", "unbalanced-quote", "warning", "en", None,
      "Finds an opening quotation mark “ that is opened again before it is closed, or left open at the end; "
      "and an odd number of straight double quotes in the text.",
      "An unclosed quotation leaves unclear what is quoted, often a name such as “Internet Plus”.",
      "implemented “Internet Plus Government Services in depth. … “Smart City”", group=each)
def quotes(ctx: Context):
    content = ctx.en.text.content
    # quotations may run over several paragraphs (English leaves the closing mark off
    # until the last one), so balance is read over the whole text
    opened: int | None = None
    line_start = 0
    for m in re.finditer("[“”\n]", content):
        i, ch = m.start(), m.group()
        if ch == "\n":
            line_start = i + 1
        elif ch == "“":
            starts_paragraph = content[line_start:i].strip() == ""
            if opened is not None and not (opened < line_start and starts_paragraph):
                yield ctx.finding("P003", "en", opened, opened + 1,
                                  "opening quotation mark “ is not closed before the next one")
            opened = i
        elif ch == "”":
            opened = None
    if opened is not None:
        yield ctx.finding("P003", "en", opened, opened + 1, "opening quotation mark “ is never closed")
    straight = [i for i, ch in enumerate(content) if ch == '"']
    if len(straight) % 2:
        i = _unmatched_straight(content, straight)
        yield ctx.finding("P003", "en", i, i + 1, 'an odd number of straight quotes " in the text: this one seems '
                                                  "unmatched")


def _unmatched_straight(content: str, straight: list[int]) -> int:
    """The straight quote that breaks the pairing: one opening while a quotation is open, or
    closing none (read by the spaces around it); the last one when the reading finds none."""
    opened: int | None = None
    for i in straight:
        before = content[i - 1] if i else " "
        after = content[i + 1] if i + 1 < len(content) else " "
        opening = (before.isspace() or before in "([{—–-") and not after.isspace()
        closing = not before.isspace() and (after.isspace() or not after.isalnum())
        if opening and not closing:
            if opened is not None:
                return opened
            opened = i
        elif closing and not opening:
            if opened is None:
                return i
            opened = None
        else:
            opened = None if opened is not None else i
    return opened if opened is not None else straight[-1]


@rule("P004", "doubled-punctuation", "warning", "en", "safe",
      "Finds a sentence end or comma written twice: `..`, `,,`, `;;`, `,.` (an ellipsis `...` is left alone).",
      "Doubled punctuation is a typing or conversion slip that a reader notices at once.",
      "carry out risk assessments regularly.. → regularly.")
def doubled(ctx: Context):
    content = ctx.en.text.content
    for m in _DOUBLED.finditer(content):
        keep = m.group()[-1]
        yield ctx.finding("P004", "en", m.start(), m.end(), f"doubled punctuation {m.group()!r}",
                          fix=Fix(m.start(), m.end(), keep, SAFE))


@rule("P005", "missing-sentence-end", "warning", "en", "suggested",
      "Finds a paragraph of running text that ends without a full stop (or other sentence end); a line that "
      "introduces a quotation on the next (`she said,`), breaks off with a dash, or reads as a heading or a "
      "dateline (`Four days later, Gaillard Cut, Panama Canal`) is left alone.",
      "A missing full stop often marks a sentence cut short or two paragraphs run together.",
      "the following opinions are hereby put forward ⏎ I. General Requirements", group=each)
def missing_end(ctx: Context):
    content = ctx.en.text.content
    paragraphs = [u for u in ctx.en.units if u.kind == "paragraph"]
    for k, u in enumerate(paragraphs):
        text = content[u.start:u.end].rstrip()
        if len(text.split()) < 4 or text[-1] in ".!?:;\"'”’)]…—" or text.endswith("--") or _heading_like(text):
            continue
        after = content[u.end:paragraphs[k + 1].end].lstrip() if k + 1 < len(paragraphs) else ""
        if text[-1] == "," and after[:1] in "\"'“‘" and after:
            continue  # she thought to herself, ⏎ 'What a fine-looking man!
        end = u.start + len(text)
        last = end - 1 if text[-1] in ",-" else end  # a trailing comma becomes the full stop
        yield ctx.finding("P005", "en", end - 1, end, "paragraph ends without a full stop",
                          fix=Fix(last, end, ".", SUGGESTED))


def _heading_like(text: str) -> bool:
    """A short line of capitalised words with no sentence inside: a heading, a title or a dateline."""
    words = re.findall(r"[A-Za-z][\w'’-]*", text)
    if not words or len(words) > 8 or re.search(r"[.;!?]\s", text):
        return False
    return 2 * sum(w[0].isupper() for w in words) > len(words) and words[-1][0].isupper()


@rule("P006", "space-before-punctuation", "warning", "en", "safe",
      "Finds a space before a comma, full stop, semicolon, colon, question or exclamation mark.",
      "English sets these marks straight after the word; the space is a conversion or typing slip.",
      "inconsistent standards , scattered platforms → standards, scattered")
def space_before(ctx: Context):
    content = ctx.en.text.content
    for m in _SPACE_BEFORE.finditer(content):
        sp = m.start(1)
        yield ctx.finding("P006", "en", m.start(), m.end(1), f"space before {m.group(1)!r}",
                          fix=Fix(m.start(), sp, "", SAFE))


@rule("P007", "fullwidth-punctuation-in-english", "warning", "en", "safe",
      "Finds Chinese (full-width) punctuation such as `，` `；` `（` in English text.",
      "Full-width marks look out of place in English and break spacing and search.",
      "exchange platform，build → exchange platform, build")
def fullwidth(ctx: Context):
    content = ctx.en.text.content
    for m in _FULLWIDTH_RE.finditer(content):
        i, ch = m.start(), m.group()
        prev = content[i - 1] if i else ""
        nxt = content[i + 1] if i + 1 < len(content) else ""
        if HAN.match(prev) or HAN.match(nxt):
            continue  # inside Chinese left in the English: reported as untranslated
        rep = _FULLWIDTH[ch]
        if rep.endswith(" ") and (not nxt or nxt.isspace() or nxt in ".,;:)"):
            rep = rep.rstrip()
        if rep.startswith(" ") and (not prev or prev.isspace()):
            rep = rep.lstrip()
        yield ctx.finding("P007", "en", i, i + 1, f"full-width {ch!r} in English text",
                          fix=Fix(i, i + 1, rep, SAFE))


@rule("P008", "halfwidth-punctuation-in-chinese", "info", "zh", "safe",
      "Finds ASCII punctuation (`,` `;` `:` `(` `)` …) between Chinese characters in the Chinese text.",
      "Chinese sets full-width punctuation; a half-width comma in the original is worth a note to its editor.",
      "统筹发展和安全,以数据共享为抓手 → 安全，以")
def halfwidth(ctx: Context):
    content = ctx.need_zh().text.content
    for m in _HALFWIDTH_RE.finditer(content):
        i, ch = m.start(), m.group()
        prev = content[i - 1] if i else ""
        nxt = content[i + 1] if i + 1 < len(content) else ""
        if not (HAN.match(prev) or HAN.match(nxt)) or (prev.isdigit() and nxt.isdigit()):
            continue
        if ch in "()" and ((prev.isascii() and prev.isalnum()) or (nxt.isascii() and nxt.isalnum())):
            continue
        yield ctx.finding("P008", "zh", i, i + 1,
                          f"half-width {ch!r} in Chinese text; Chinese uses {_HALFWIDTH_ZH[ch]!r}",
                          fix=Fix(i, i + 1, _HALFWIDTH_ZH[ch], SAFE))


