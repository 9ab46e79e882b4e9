"""The annotated review DOCX: a summary page, then the document's structure as
headings and, for every bead, a row Chinese | English shaded by confidence; every
finding is a Word comment anchored on its span. Without the Chinese, the English
alone with its comments."""

from __future__ import annotations

import re
from collections import Counter

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.shared import Cm, Pt

from ..checks import registry
from ..model import LEAF_KINDS, Document, Finding, Unit
from ..review import Review
from . import ooxml, regions

BANDS = (  # (lowest score, fill, label)
    (0.8, "E2F0D9", "confident (score 0.80 and above)"),
    (0.5, "FFF2CC", "check (0.50 to 0.79)"),
    (0.0, "F8CBAD", "doubtful (below 0.50)"),
)
EMPTY_FILL = "D9D9D9"
_HAN = re.compile(r"[\u3400-\u9fff]")
_HEADING_STYLE = {"part": "Heading 1", "section": "Heading 2", "item": "Heading 3", "subitem": "Heading 4"}


def fill_for(score: float | None) -> str:
    if score is None:
        return EMPTY_FILL
    return next(fill for low, fill, _ in BANDS if score >= low)


_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Characters XML 1.0 cannot hold shown as their Unicode control pictures (␇ for BEL)."""
    if not _NOT_XML.search(text):
        return text
    return "".join(chr(0x2400 + ord(ch)) if (ord(ch) < 32 and ch not in "\t\n\r") else
                   ("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF or ch in "\ufffe\uffff" else ch) for ch in text)


def comment_text(f: Finding) -> str:
    lines = [f"{f.code} {f.name} [{f.severity}]: {f.message}"]
    lines += [f"• {e}" for e in f.evidence[:4]]
    if f.fix is not None:
        lines.append(f"proposed fix ({f.fix.applicability}): replace with “{f.fix.replacement}”")
    return xml_safe("\n".join(lines))


class _Annotator:
    """Writes text into paragraphs as runs cut at finding boundaries, then comments them."""

    def __init__(self, document, findings: list[Finding]) -> None:
        self.document = document
        self.pending = {id(f): f for f in findings}
        self.by_side = {"en": sorted((f for f in findings if f.side == "en"), key=lambda f: f.start),
                        "zh": sorted((f for f in findings if f.side == "zh"), key=lambda f: f.start)}

    def write(self, paragraph, content: str, start: int, end: int, side: str, bold: bool = False) -> None:
        here = [f for f in self.by_side[side] if id(f) in self.pending and f.start < end and f.end > start
                or (id(f) in self.pending and f.start == f.end and start <= f.start <= end)]
        cuts = {start, end}
        for f in here:
            cuts.add(min(max(f.start, start), end))
            cuts.add(min(max(f.end, start), end))
        cuts = sorted(cuts)
        pieces = []
        for a, b in zip(cuts, cuts[1:]):
            if b <= a:
                continue
            run = paragraph.add_run(xml_safe(content[a:b]))
            run.bold = bold or None
            if _HAN.search(content[a:b]):
                ooxml.east_asian(run)
            pieces.append((a, b, run))
        for f in here:
            runs = [r for a, b, r in pieces if a < max(f.end, f.start + 1) and b > f.start]
            if not runs and pieces:
                runs = [pieces[-1][2]]
            if runs:
                self.document.add_comment(runs, text=comment_text(f), author=ooxml.AUTHOR, initials="ip")
                del self.pending[id(f)]

    def leftovers(self, paragraph) -> None:
        """Findings no text region held (none, normally): comment a note at the end."""
        for f in list(self.pending.values()):
            run = paragraph.add_run(f"[{f.code}]")
            self.document.add_comment([run], text=comment_text(f), author=ooxml.AUTHOR, initials="ip")
            del self.pending[id(f)]


def _undate_all(document) -> None:
    for c in document.comments:
        ooxml.undate(c)


def _summary_page(document, b: Review) -> None:
    document.add_heading(f"ipdoc review: {b.name or b.en.text.origin}", level=0)
    files = document.add_paragraph()
    if b.zh is not None:
        files.add_run(f"Chinese: {b.zh.text.origin} ({b.zh.text.encoding})\n")
    files.add_run(f"English: {b.en.text.origin} ({b.en.text.encoding})\n")
    files.add_run(f"Signature: {b.signature}").italic = True
    if b.pair is not None:
        kinds = Counter("omission" if not x.en else "addition" if not x.zh else f"{len(x.zh)}-{len(x.en)}"
                        for x in b.pair.beads)
        paired = [x.score for x in b.pair.beads if x.zh and x.en]
        mean = sum(paired) / len(paired) if paired else 0.0
        document.add_heading("Alignment", level=1)
        document.add_paragraph(f"{len(b.pair.beads)} pairs at {b.pair.level} level: "
                               + ", ".join(f"{n} {k}" for k, n in kinds.most_common())
                               + f"; mean confidence {mean:.2f}.")
        legend = document.add_table(rows=0, cols=2)
        legend.style = "Table Grid"
        for _low, fill, label in BANDS:
            row = legend.add_row().cells
            ooxml.shade(row[0], fill)
            row[1].text = label
        row = legend.add_row().cells
        ooxml.shade(row[0], EMPTY_FILL)
        row[1].text = "omission or addition (no counterpart)"
        for w in b.pair.warnings:
            document.add_paragraph(f"Warning: {w}")
    document.add_heading("Findings by rule", level=1)
    counts = Counter(f.code for f in b.findings)
    if counts:
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("code", "rule", "severity", "findings")):
            cell.text = text
        for code, n in sorted(counts.items()):
            cells = table.add_row().cells
            for cell, text in zip(cells, (code, registry()[code].name, registry()[code].severity, str(n))):
                cell.text = text
    else:
        document.add_paragraph("No findings.")
    omitted = [f for f in b.findings if f.code == "B001"]
    if omitted:
        document.add_heading("Omitted passages", level=1)
        for f in omitted:
            p = document.add_paragraph(style="List Bullet")
            run = p.add_run(xml_safe(f"{f.message}: {f.evidence[0][:160] if f.evidence else ''}"))
            ooxml.east_asian(run)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _container_starts(doc: Document | None) -> dict[int, Unit]:
    """Text offsets where a numbered container's heading starts -> the container."""
    if doc is None:
        return {}
    out = {}
    for u in doc.units:
        if u.kind in _HEADING_STYLE and u.number:
            out[u.start] = u
    return out


def _heading_text(doc: Document, container: Unit) -> str:
    heading = next((c for c in doc.children(container.id) if c.kind == "heading"), None)
    return " ".join(doc.text_of(heading).split()) if heading is not None else (container.number or "")


def _bilingual(document, b: Review, notes: _Annotator) -> None:
    zu, eu = b.units("zh"), b.units("en")
    zr, er = regions(b.zh, zu), regions(b.en, eu)
    zc, ec = _container_starts(b.zh), _container_starts(b.en)
    zh_text, en_text = b.zh.text.content, b.en.text.content
    table = None
    for bead in b.pair.beads:
        heads = [zc[zu[i].start] for i in bead.zh if zu[i].start in zc] + \
                [ec[eu[j].start] for j in bead.en if eu[j].start in ec]
        if heads or table is None:
            for c in heads[:1]:
                zh_head = next((_heading_text(b.zh, zc[zu[i].start]) for i in bead.zh if zu[i].start in zc), "")
                en_head = next((_heading_text(b.en, ec[eu[j].start]) for j in bead.en if eu[j].start in ec), "")
                h = document.add_paragraph(style=_HEADING_STYLE[c.kind])
                run = h.add_run(xml_safe("  |  ".join(t for t in (zh_head, en_head) if t)))
                ooxml.east_asian(run)
            table = document.add_table(rows=1, cols=3)
            table.style = "Table Grid"
            for cell, text, width in zip(table.rows[0].cells, ("score", "中文", "English"), (Cm(1.6), Cm(12), Cm(12))):
                cell.width = width
                run = cell.paragraphs[0].add_run(text)
                run.bold = True
                ooxml.east_asian(run)
            ooxml.repeat_header(table.rows[0])
        cells = table.add_row().cells
        paired = bool(bead.zh and bead.en)
        score = bead.score if paired else None
        label = f"{bead.score:.2f}" if paired else ("omitted" if bead.zh else "added")
        cells[0].paragraphs[0].add_run(label).font.size = Pt(8)
        for cell in cells:
            ooxml.shade(cell, fill_for(score))
        para = cells[1].paragraphs[0]
        for k, i in enumerate(bead.zh):
            if k:
                para.add_run(" ")
            notes.write(para, zh_text, *zr[i], "zh")
        para = cells[2].paragraphs[0]
        for k, j in enumerate(bead.en):
            if k:
                para.add_run(" ")
            notes.write(para, en_text, *er[j], "en")


def _monolingual(document, b: Review, notes: _Annotator) -> None:
    doc = b.en
    leaves = [u for u in doc.units if u.kind in LEAF_KINDS]
    spans = regions(doc, leaves)
    for u, (s, e) in zip(leaves, spans):
        container = doc.get(u.parent)
        if u.kind == "heading" and container is not None and container.kind in _HEADING_STYLE:
            para = document.add_paragraph(style=_HEADING_STYLE[container.kind])
        elif u.kind == "title":
            para = document.add_paragraph(style="Title")
        else:
            para = document.add_paragraph()
        notes.write(para, doc.text.content, s, e, "en")


def export(b: Review) -> bytes:
    """The review DOCX of a review, as bytes."""
    document = docx.Document()
    ooxml.default_fonts(document)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.core_properties.title = f"ipdoc review: {b.name or b.en.text.origin}"
    document.core_properties.author = "ipdoc"
    _summary_page(document, b)
    notes = _Annotator(document, list(b.findings))
    if b.zh is not None and b.pair is not None:
        _bilingual(document, b, notes)
    else:
        _monolingual(document, b, notes)
    if notes.pending:
        notes.leftovers(document.add_paragraph())
    _undate_all(document)
    return ooxml.save(document)
