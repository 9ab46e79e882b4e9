"""The annotated review DOCX: a summary page (files, alignment, how to read the review,
findings and decisions by rule, omitted passages), then one continuous table per part of
the document, score | 中文 | English, a row per bead. A row is shaded by the worst finding
it holds; a small marker gives the alignment's confidence; inside a row, the clauses aligned
within the sentence pair carry small coloured numbers, the same on both sides for
corresponding clauses (– for a clause with no counterpart). Every finding is a Word comment
on its span that says what is wrong, what to do and what was decided. Without the Chinese,
the English laid out as in the edition, with its comments."""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass

from docx.enum.text import WD_BREAK
from docx.shared import Cm, RGBColor

from ..align.clauses import ClauseAlignment
from ..model import SEVERITIES, AlignedPair, Document, Finding, Unit
from ..render import display_width
from ..review import Review
from ..xmlchars import xml_safe
from . import bead_findings, docx_clean, findings_by_unit, ooxml, regions
from .docx_clean import Look

__all__ = ["export"]

SEVERITY_FILL = {"error": "F4CCCC", "warning": "FFF2CC", "info": "DDEBF7"}
HEADER_FILL = "D9D9D9"
CONFIDENCE = (  # (lowest score, marker colour, range, meaning)
    (0.8, "38761D", "0.80–1", "sure"),
    (0.5, "BF9000", "0.50–0.79", "check the pairing"),
    (0.0, "C00000", "0–0.49", "doubtful"),
)
MARKER = "●"
_LATIN_WORD = re.compile(r"[A-Za-z0-9]")
_TOP_KINDS = ("part", "section", "item")
_LANDSCAPE_WIDTH = 26.7  # cm between the margins of a landscape A4 page with 1.5 cm margins
_PORTRAIT_WIDTH = 21.0 - 2.8 - 2.6
_SCORE_WIDTH = 1.9
_CELL_HEADING = {kind: f"ipdoc Cell {style}" for kind, style in docx_clean.HEADINGS.items()}
REVIEW_LOOKS = {
    **docx_clean.LOOKS,
    **{f"ipdoc Cell {style}": Look(size, bold=True, italic=style == "Heading 4", before=1, after=1, keep=True,
                                   base=style)
       for style, size in (("Heading 1", 11.5), ("Heading 2", 10.5), ("Heading 3", 10), ("Heading 4", 10))},
    "ipdoc Table Text": Look(10),
    "ipdoc Small": Look(8),
    "ipdoc Subtitle": Look(11, italic=True, align=docx_clean.LOOKS["Title"].align, after=18),
}


# -- what the DOCX shows of a Review (the only functions that read its fields) --------------------


def pair_of(b: Review) -> AlignedPair | None:
    """The aligned pair of a review, or None for a text without its Chinese."""
    return b.pair


@dataclass(frozen=True, slots=True)
class Status:
    """What became of one finding: fixed in the edition, rejected, reviewed, or still open (and why)."""

    made: bool = False
    rejected: bool = False
    reviewed: bool = False
    note: str = ""

    @property
    def open(self) -> bool:
        return not (self.made or self.rejected or self.reviewed)

    def text(self, f: Finding) -> str:
        parts = []
        if self.made:
            safe = f.fix is not None and f.fix.applicability == "safe"
            parts.append("made in the corrected edition" if safe else "accepted, made in the corrected edition")
        if self.rejected:
            parts.append("rejected by the editor")
        if self.reviewed:
            parts.append("reviewed, not reported again")
        if not parts:
            parts.append(f"open ({self.note})" if self.note else "open")
        return "; ".join(parts)


def statuses(b: Review) -> dict[str, Status]:
    """Each finding's status, by fingerprint, from the edition's changes, the fixes left out and the reviewed marks."""
    made = {(c.code, c.src_start, c.src_end) for c in b.edition.changes}
    left_out = {s.finding.fingerprint: s.reason for s in b.edition.skipped}
    out = {}
    for f in b.findings:
        span = (f.fix.start, f.fix.end) if f.fix is not None else (f.start, f.end)
        reason = left_out.get(f.fingerprint, "")
        out[f.fingerprint] = Status(made=f.side == "en" and (f.code, *span) in made,
                                    rejected=reason.startswith("rejected"), reviewed=f.fingerprint in b.reviewed,
                                    note="" if reason.startswith("rejected") else reason)
    return out


def side_text(b: Review, side: str) -> str:
    """The decoded text of one side ('' for a missing Chinese)."""
    doc = b.zh if side == "zh" else b.en
    return doc.text.content if doc is not None else ""


# -- comments: where they sit and what they say ---------------------------------------------------


def _word_before(content: str, pos: int) -> tuple[int, int] | None:
    """The span of the last word before ``pos``."""
    base = max(0, pos - 80)
    m = re.search(r"(\S+)\s*$", content[base:pos])
    return (base + m.start(1), base + m.end(1)) if m else None


def _word_after(content: str, pos: int) -> tuple[int, int] | None:
    """The span of the first word from ``pos`` on."""
    m = re.match(r"\s*(\S+)", content[pos:pos + 80])
    return (pos + m.start(1), pos + m.end(1)) if m else None


def anchor(content: str, start: int, end: int) -> tuple[int, int]:
    """The span a comment covers: the flagged span widened to whole Latin words; a zero-width
    place takes the word before it (or after it, at the start of the text)."""
    if start == end:
        return _word_before(content, start) or _word_after(content, start) or (start, end)
    if _LATIN_WORD.match(content[start]):
        while start > 0 and _LATIN_WORD.match(content[start - 1]):
            start -= 1
    if _LATIN_WORD.match(content[end - 1]):
        while end < len(content) and _LATIN_WORD.match(content[end]):
            end += 1
    return start, end


def _word(content: str, span: tuple[int, int] | None) -> str:
    return content[span[0]:span[1]] if span else ""


def _spaces(text: str) -> str:
    return "the line break" if "\n" in text else "the space" if len(text) == 1 else "the spaces"


def what_to_do(f: Finding, content: str) -> str:
    """The fix as an instruction: delete, insert, start a new paragraph, or replace."""
    fx = f.fix
    if fx is None:
        return ""
    old, new = content[fx.start:fx.end], fx.replacement
    if new and not new.strip() and "\n" in new:
        return f"start a new paragraph at “{_word(content, _word_after(content, fx.end))}”"
    if not old:
        before = _word(content, _word_before(content, fx.start))
        return f"insert “{new}” after “{before}”" if before else f"insert “{new}” at the start"
    if not new:
        core = old.strip()
        if not core:
            after = _word(content, _word_after(content, fx.end))
            return f"delete {_spaces(old)} before “{after}”" if after else f"delete {_spaces(old)}"
        around = [w for w, edge in (("before", old[0]), ("after", old[-1])) if edge.isspace()]
        return f"delete “{core}”" + (f" and the space {' and '.join(around)} it" if around else "")
    if f.start <= fx.start and fx.end <= f.end and f.end - f.start <= 60:
        shown = content[f.start:f.end]
        old, new = shown, shown[:fx.start - f.start] + new + shown[fx.end - f.start:]
    return f"replace “{old}” with “{new}”"


def comment_lines(f: Finding, content: str, status: Status) -> list[str]:
    """The lines of a finding's comment: rule and severity, message, evidence, what to do, decision."""
    lines = [f"{f.code} {f.name} · {f.severity}", f.message]
    lines += [f"• {e}" for e in f.evidence[:4]]
    todo = what_to_do(f, content)
    if todo:
        lines.append(f"To do: {todo} ({f.fix.applicability if f.fix else ''} fix).")
    lines.append(f"Decision: {status.text(f)}.")
    return [xml_safe(line) for line in lines]


class Annotator:
    """Writes text into paragraphs as runs cut at comment anchors, then comments each anchor once."""

    def __init__(self, document, b: Review) -> None:
        self.document = document
        self.status = statuses(b)
        self.content = {"en": side_text(b, "en"), "zh": side_text(b, "zh")}
        self.pending: dict[str, list[tuple[int, int, Finding]]] = {}
        for side in ("en", "zh"):
            spans = [(*anchor(self.content[side], f.start, f.end), f) for f in b.findings if f.side == side
                     and self.content[side]]
            self.pending[side] = sorted(spans, key=lambda x: (x[0], x[1], x[2].code))

    def _here(self, side: str, start: int, end: int) -> list[tuple[int, int, Finding]]:
        pending = self.pending[side]
        stop = bisect.bisect_left(pending, end, key=lambda x: x[0])
        return [x for x in pending[:stop] if x[1] > start]

    def write(self, paragraph, start: int, end: int, side: str, bold: bool = False,
              marks: dict[int, tuple[str, str]] | None = None) -> None:
        """The text of ``[start, end)`` of one side, with the comments anchored in it and, at the
        offsets of ``marks``, a clause marker (its label and colour) before the text."""
        content = self.content[side]
        here = self._here(side, start, end)
        marks = {at: m for at, m in (marks or {}).items() if start <= at < end}
        cuts = sorted({start, end, *marks, *(min(max(a, start), end) for x in here for a in x[:2])})
        pieces = []
        for a, z in itertools.pairwise(cuts):
            if a in marks:
                clause_marker(paragraph, *marks[a])
            run = docx_clean.text_run(paragraph, content[a:z], bold)
            if run is not None:
                pieces.append((a, z, run))
        for x in here:
            runs = [r for a, z, r in pieces if a < x[1] and z > x[0]]
            if runs:
                self.comment(runs, x[2])
                self.pending[side].remove(x)

    def comment(self, runs, f: Finding) -> None:
        lines = comment_lines(f, self.content[f.side], self.status[f.fingerprint])
        ooxml.comment_on_runs(self.document, runs, "\n".join(lines), bold_first=True)

    def leftovers(self, paragraph) -> None:
        """Findings no text region held (none, normally): each a comment on a note at the end."""
        for side in ("en", "zh"):
            for x in list(self.pending[side]):
                self.comment([paragraph.add_run(f"[{x[2].code}]")], x[2])
                self.pending[side].remove(x)


# -- clause markers -------------------------------------------------------------------------------

#: colours of the clause numbers (the same number, the same colour, on both sides of a row)
CLAUSE_COLOURS = ("1F4E79", "C55A11", "538135", "7030A0", "7F6000", "2E75B6", "A50021", "375623")
NO_COUNTERPART = "–"


def clause_marker(paragraph, label: str, colour: str) -> None:
    """A clause's number (or – for a clause with no counterpart) as a small coloured superscript,
    a narrow no-break space after it (so ² before 200 does not read as 2200, and the number stays
    with its clause at a line end)."""
    ooxml.add_marker_run(paragraph, label + "\u202f", str(RGBColor.from_string(colour)))


def clause_marks(clauses: ClauseAlignment | None, k: int) -> dict[str, dict[int, tuple[str, str]]]:
    """The clause markers of sentence bead ``k`` by side: text offset -> (label, colour). Rows of
    one clause bead, and of a sentence with no counterpart, get none; a clause with no counterpart
    in a translated sentence gets –."""
    out: dict[str, dict[int, tuple[str, str]]] = {"zh": {}, "en": {}}
    if clauses is None or len(clauses.within(k)) < 2 or not clauses.sentences.beads[k].paired:
        return out
    numbers = clauses.numbers(k)
    for side in ("zh", "en"):
        units = clauses.clauses.units(side)
        for i in clauses.units_of(k, side):
            n = numbers[side].get(i)
            out[side][units[i].start] = ((str(n), CLAUSE_COLOURS[(n - 1) % len(CLAUSE_COLOURS)]) if n is not None
                                         else (NO_COUNTERPART, "C00000"))
    return out


def clauses_of_review(b: Review) -> ClauseAlignment | None:
    """The clauses aligned inside the sentence beads of a review's pair (None without a sentence pair)."""
    from ..align.clauses import refining

    return refining(pair_of(b))


# -- tables ---------------------------------------------------------------------------------------


def column_widths(zh_text: str, en_text: str, total: float = _LANDSCAPE_WIDTH) -> tuple[float, float, float]:
    """Widths in cm of score | 中文 | English: a narrow score column, the rest shared by the
    display widths of the two texts (a Chinese character is two Latin ones), kept within 30-60 %."""
    zh, en = display_width(zh_text), display_width(en_text)
    share = min(0.6, max(0.3, zh / (zh + en))) if zh + en else 0.5
    rest = total - _SCORE_WIDTH
    return _SCORE_WIDTH, round(rest * share, 2), round(rest * (1 - share), 2)


def table(document, widths: tuple[float, ...], header: tuple[str, ...] | None = None, style=None):
    """A fixed-layout table with the given column widths (cm) and, if given, a bold header
    row that repeats at the top of each page the table runs onto."""
    t = document.add_table(rows=1 if header else 0, cols=len(widths))
    t.style = document.styles["Table Grid"]
    t.autofit = False
    for col, w in zip(t.columns, widths):
        col.width = Cm(w)
    if header:
        for cell, text, w in zip(t.rows[0].cells, header, widths):
            cell.width = Cm(w)
            para = cell.paragraphs[0]
            if style is not None:
                ooxml.set_style(para, style)
            docx_clean.text_run(para, text, bold=True)
            ooxml.shade(cell, HEADER_FILL)
        ooxml.row_flags(t.rows[0], header=True)
    return t


def worst(findings: list[Finding]) -> str | None:
    """The most severe severity among findings, or None."""
    ranks = [SEVERITIES.index(f.severity) for f in findings if f.severity in SEVERITIES]
    return SEVERITIES[max(ranks)] if ranks else None


def marker_colour(score: float) -> str:
    """The colour of the confidence marker for a score."""
    return next(colour for low, colour, *_ in CONFIDENCE if score >= low)


def _score_cell(cell, bead, small, states: Counter) -> None:
    para = cell.paragraphs[0]
    ooxml.set_style(para, small)
    if bead.zh and bead.en:
        dot = para.add_run(MARKER + " ")
        dot.font.color.rgb = RGBColor.from_string(marker_colour(bead.score))
        para.add_run(f"{bead.score:.2f}")
    else:
        para.add_run("omitted" if bead.zh else "added").italic = True
    for label in ("fixed", "rejected", "reviewed"):
        if states[label]:
            note = cell.add_paragraph(f"{label} {states[label]}")
            ooxml.set_style(note, small)


# -- the summary page -----------------------------------------------------------------------------


def _kinds(beads) -> str:
    kinds = Counter("omission" if not x.en else "addition" if not x.zh else f"{len(x.zh)}-{len(x.en)}"
                    for x in beads)
    return ", ".join(f"{n} {k}" for k, n in kinds.most_common())


def _rows(document, t, rows, style, fills=None) -> None:
    for n, values in enumerate(rows):
        cells = ooxml.add_row(t).cells
        for cell, value in zip(cells, values):
            para = cell.paragraphs[0]
            ooxml.set_style(para, style)
            docx_clean.text_run(para, str(value))
        if fills and fills[n]:
            ooxml.shade(cells[0], fills[n])


_COMMENT_NOTE = ("every finding is a Word comment on its span: what is wrong, what to do, "
                 "and the decision (made in the edition, rejected, reviewed, or open)")


def _legend(document, styles, bilingual: bool, width: float) -> None:
    """What the shading, the markers and the comments mean."""
    document.add_paragraph("How to read this review", style="Heading 1")
    text = styles["ipdoc Table Text"]
    t = table(document, (3.6, min(16.0, width - 3.6)))

    def row(meaning: str, fill: str | None = None, sample: str = "", colour: str | None = None) -> None:
        cells = ooxml.add_row(t).cells
        for cell in cells:
            ooxml.set_style(cell.paragraphs[0], text)
        if fill:
            ooxml.shade(cells[0], fill)
        if colour:
            cells[0].paragraphs[0].add_run(MARKER + " ").font.color.rgb = RGBColor.from_string(colour)
        if sample:
            cells[0].paragraphs[0].add_run(sample)
        docx_clean.text_run(cells[1].paragraphs[0], meaning)

    rows = {"error": "a row holding an error", "warning": "a row holding a warning and no error",
            "info": "a row holding information only"}
    for sev in reversed(SEVERITIES):
        rule = f"a rule of this severity in the table of findings ({sev})"
        row(f"{rows[sev]}; {rule}" if bilingual else rule, SEVERITY_FILL[sev])
    if bilingual:
        row("a row holding no finding")
        for _low, colour, scores, meaning in CONFIDENCE:
            row(f"confidence of the alignment: {meaning}", sample=scores, colour=colour)
        row("no counterpart in the other language", sample="omitted, added")
        row("the clauses of a row: the same number marks corresponding clauses on both sides; – a clause with "
            "no counterpart in the other language's sentence", sample="¹ ² –")
        row("decisions on the row's findings", sample="fixed, rejected, reviewed")
    row(_COMMENT_NOTE, sample="comment")


def _summary(document, b: Review, styles, width: float) -> None:
    pair = pair_of(b)
    title = docx_clean.title_of(b.en) or b.name or b.en.text.origin
    document.add_paragraph(xml_safe(title), style="Title")
    sub = "Review of the English translation against the Chinese original" if pair else \
        "Review of the English text"
    document.add_paragraph(f"{sub}, prepared by ipdoc", style="ipdoc Subtitle")
    document.add_paragraph("Files", style="Heading 1")
    t = table(document, (4.5, width - 4.5))
    files = ([("Chinese original", f"{b.zh.text.origin} ({b.zh.text.encoding})")] if b.zh is not None else []) + \
        [("English translation", f"{b.en.text.origin} ({b.en.text.encoding})"), ("Signature", b.signature)]
    _rows(document, t, files, styles["ipdoc Table Text"])
    if pair is not None:
        document.add_paragraph("Alignment", style="Heading 1")
        document.add_paragraph(f"{len(pair.beads)} pairs at {pair.level} level: {_kinds(pair.beads)}; "
                               f"mean confidence {pair.mean_score():.2f}.", style="Body Text")
        clauses = clauses_of_review(b)
        if clauses is not None:
            document.add_paragraph(f"Inside them, {len(clauses.beads)} clause pairs: {_kinds(clauses.beads)}; "
                                   f"{len(clauses.inner_omissions())} clauses left out of translated sentences.",
                                   style="Body Text")
        for w in pair.warnings:
            document.add_paragraph(xml_safe(f"Warning: {w}"), style="Body Text")
    _legend(document, styles, pair is not None, width)
    _findings_table(document, b, styles, width)
    omitted = [f for f in b.findings if f.code in ("B001", "B007")]
    if omitted:
        document.add_paragraph("Omitted passages", style="Heading 1")
        for f in omitted:
            p = document.add_paragraph(style="List Bullet")
            docx_clean.text_run(p, f"{f.message}: {f.evidence[0][:160] if f.evidence else ''}")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _findings_table(document, b: Review, styles, width: float) -> None:
    document.add_paragraph("Findings and decisions", style="Heading 1")
    if not b.findings:
        document.add_paragraph("No findings.", style="Body Text")
        return
    document.add_paragraph(f"{len(b.findings)} findings in {len(b.checked.groups)} groups: one row per group "
                           "(one rule about one thing: a term, an institution, a cause). A decision may name a "
                           "group's id and then covers all its findings.", style="Body Text")
    status = statuses(b)
    cols = ("found", "fixed", "rejected", "reviewed", "open")
    # each head on one line ("B001" too), cell margins included; a portrait page is narrower, so
    # there the short heads get narrower columns than "rejected" and "reviewed"
    nums = (1.9,) * len(cols) if width > 20 else tuple(1.95 if len(c) > 5 else 1.45 for c in cols)
    fixed = (1.7 if width > 20 else 1.55, *nums)
    heads = ("rule", "what (and the group's id)", *cols)
    t = table(document, (fixed[0], width - sum(fixed), *fixed[1:]), heads, styles["ipdoc Small"])
    rows, fills = [], []
    total: Counter = Counter()
    for g, findings in b.checked.groups_for_summary():
        c: Counter = Counter()
        for f in findings:
            s = status[f.fingerprint]
            c.update(found=1, fixed=int(s.made), rejected=int(s.rejected), reviewed=int(s.reviewed),
                     open=int(s.open))
        total += c
        rows.append((g.rule, f"{g.message}\n{g.id}", *(c[k] for k in cols)))
        fills.append(SEVERITY_FILL.get(max((f.severity for f in findings), key=lambda s: s.rank)))
    rows.append(("all", "", *(total[k] for k in cols)))
    fills.append(None)
    _rows(document, t, rows, styles["ipdoc Table Text"], fills)


def _container_starts(doc: Document) -> dict[int, Unit]:
    """Text offsets where a numbered container's heading starts -> the container."""
    return {u.start: u for u in doc.units if u.kind in docx_clean.HEADINGS and u.number}


def _top_kind(*docs: Document) -> str | None:
    kinds = {u.kind for d in docs for u in d.units}
    return next((k for k in _TOP_KINDS if k in kinds), None)


def _bilingual(document, b: Review, pair: AlignedPair, notes: Annotator, styles,
               clauses: ClauseAlignment | None) -> None:
    zr, er = regions(pair.zh, pair.zh_units), regions(pair.en, pair.en_units)
    zc, ec = _container_starts(pair.zh), _container_starts(pair.en)
    top = _top_kind(pair.en, pair.zh)
    widths = column_widths(pair.zh.text.content, pair.en.text.content)
    index = {side: findings_by_unit(b, side) for side in ("zh", "en")}
    status = notes.status
    small, cell_style = styles["ipdoc Small"], styles["ipdoc Table Text"]
    current = None
    for k, bead in enumerate(pair.beads):
        marks = clause_marks(clauses, k)
        heads = [zc[pair.zh_units[i].start] for i in bead.zh if pair.zh_units[i].start in zc] + \
                [ec[pair.en_units[j].start] for j in bead.en if pair.en_units[j].start in ec]
        if current is None or any(h.kind == top for h in heads):
            if current is not None:
                document.add_paragraph(style="ipdoc Small")
            current = table(document, widths, ("score", "中文", "English"), cell_style)
        row = ooxml.add_row(current)
        ooxml.row_flags(row)
        cells = row.cells
        found = bead_findings(bead, index)
        states: Counter[str] = Counter()
        for f in found:
            s = status[f.fingerprint]
            states.update(fixed=int(s.made), rejected=int(s.rejected), reviewed=int(s.reviewed))
        _score_cell(cells[0], bead, small, states)
        fill = SEVERITY_FILL.get(worst(found) or "")
        for cell, side, units, rs, starts in ((cells[1], "zh", bead.zh, zr, zc), (cells[2], "en", bead.en, er, ec)):
            para = cell.paragraphs[0]
            unit_list = pair.zh_units if side == "zh" else pair.en_units
            first = starts.get(unit_list[units[0]].start) if units else None
            ooxml.set_style(para, styles[_CELL_HEADING[first.kind]] if first is not None else cell_style)
            for k, i in enumerate(units):
                if k:
                    para.add_run(" ")
                start, end = rs[i]
                notes.write(para, start, end, side, marks=marks[side])
            if fill:
                ooxml.shade(cell, fill)


def _monolingual(document, b: Review, notes: Annotator, styles) -> None:
    for block in docx_clean.layout(b.en):
        para = ooxml.paragraph(document, styles[block.style])
        for n, piece in enumerate(block.pieces):
            if n:
                para.add_run(" ")
            notes.write(para, piece.start, piece.end, "en", piece.bold)


def export(b: Review) -> bytes:
    """The review DOCX of a review, as bytes."""
    pair = pair_of(b)
    title = f"Review: {docx_clean.title_of(b.en) or b.name or b.en.text.origin}"
    landscape = pair is not None
    margins = (1.5, 1.5, 1.5, 1.5) if landscape else (2.5, 2.5, 2.8, 2.6)
    document = docx_clean.new_document(title, landscape, margins, REVIEW_LOOKS)
    styles = {name: document.styles[name] for name in REVIEW_LOOKS}
    _summary(document, b, styles, _LANDSCAPE_WIDTH if landscape else _PORTRAIT_WIDTH)
    notes = Annotator(document, b)
    if pair is not None:
        _bilingual(document, b, pair, notes, styles, clauses_of_review(b))
    else:
        _monolingual(document, b, notes, styles)
    if any(notes.pending.values()):
        notes.leftovers(document.add_paragraph())
    return ooxml.save(document)
