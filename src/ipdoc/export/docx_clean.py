"""The clean corrected edition as DOCX: the English with its structure restored in
Word styles, and every correction a tracked change (author ipdoc) carrying a
comment with its rule code, so an editor can accept or reject each one. With
``accept_all`` the corrections are simply made: a final copy with no revisions."""

from __future__ import annotations

import re

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from ..model import LEAF_KINDS, Change
from ..review import Review
from . import ooxml, regions
from .docx_review import xml_safe

_HAN = re.compile(r"[\u3400-\u9fff]")
_HEADINGS = {"part": "Heading 1", "section": "Heading 2", "item": "Heading 3", "subitem": "Heading 4"}
_STYLES = {  # custom paragraph styles: name -> (alignment, italic, bold, space after)
    "ipdoc Document Number": (WD_ALIGN_PARAGRAPH.CENTER, False, False, 12),
    "ipdoc Addressee": (None, False, False, 12),
    "ipdoc Attribution": (None, True, False, 12),
    "ipdoc Signature": (WD_ALIGN_PARAGRAPH.RIGHT, False, False, 0),
    "ipdoc Date": (WD_ALIGN_PARAGRAPH.RIGHT, False, False, 0),
}


def _styles(document) -> None:
    for name, (align, italic, bold, after) in _STYLES.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.font.italic = italic or None
        style.font.bold = bold or None
        if align is not None:
            style.paragraph_format.alignment = align
        style.paragraph_format.space_after = Pt(after)


def _style_for(b: Review, unit) -> str:
    if unit.kind == "title":
        return "Title"
    if unit.kind == "heading":
        container = b.en.get(unit.parent)
        return _HEADINGS.get(container.kind if container else "", "Heading 2")
    return {"docno": "ipdoc Document Number", "addressee": "ipdoc Addressee", "attribution": "ipdoc Attribution",
            "signature": "ipdoc Signature", "date": "ipdoc Date"}.get(unit.kind, "Body Text")


def _text_run(paragraph, text: str) -> None:
    if not text:
        return
    run = paragraph.add_run(xml_safe(text))
    if _HAN.search(text):
        ooxml.east_asian(run)


def _changes_by_region(changes: tuple[Change, ...], spans: list[tuple[int, int]]) -> list[list[Change]]:
    out: list[list[Change]] = [[] for _ in spans]
    starts = [s for s, _ in spans]
    import bisect

    for ch in changes:
        if ch.layout:
            continue  # paragraph breaks are the structure itself
        k = max(0, bisect.bisect_right(starts, ch.src_start) - 1)
        if k > 0 and ch.src_start == starts[k] and ch.src_start == ch.src_end and spans[k - 1][1] == ch.src_start:
            k -= 1  # an insertion at a boundary belongs to the text before it
        out[k].append(ch)
    return out


def export(b: Review, accept_all: bool = False) -> bytes:
    """The corrected edition as DOCX bytes, tracked or (``accept_all``) final."""
    document = docx.Document()
    ooxml.default_fonts(document)
    _styles(document)
    document.core_properties.title = f"Corrected edition: {b.name or b.en.text.origin}"
    document.core_properties.author = "ipdoc"
    revisions = ooxml.Revisions()
    content = b.en.text.content
    leaves = [u for u in b.en.units if u.kind in LEAF_KINDS]
    spans = regions(b.en, leaves)
    styles: dict = {}
    for unit, (start, end), changes in zip(leaves, spans, _changes_by_region(b.edition.changes, spans)):
        name = _style_for(b, unit)
        if name not in styles:
            styles[name] = document.styles[name]
        para = ooxml.paragraph(document, styles[name])
        pos = start
        for ch in sorted(changes, key=lambda c: (c.src_start, c.src_end)):
            _text_run(para, content[pos:ch.src_start])
            if accept_all:
                _text_run(para, ch.after)
            else:
                first, last = revisions.change(para, xml_safe(ch.before), xml_safe(ch.after))
                if first is not None:
                    note = f"{ch.code}: {ch.message}"
                    ooxml.comment_around(document, first, last, xml_safe(note))
            pos = max(pos, ch.src_end)
        _text_run(para, content[pos:end])
    return ooxml.save(document)


def export_final(b: Review) -> bytes:
    return export(b, accept_all=True)
