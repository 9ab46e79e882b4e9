"""The corrected edition as DOCX, in the style of an official English edition: A4, a
centred bold serif title, the document number and addressee in their places, part and
section headings, items as paragraphs that open with their lead sentence in bold, the
lists of departments, signature and date right-aligned, page numbers in the footer.

Every correction is a tracked change (author ipdoc) carrying a comment with its rule
code, so an editor can accept or reject each one. With ``accept_all`` the corrections
are simply made: the final copy, with no revisions. The layout (which source spans make
which paragraph, in which style) is shared with the review of a text without Chinese.
"""

from __future__ import annotations

import bisect
import io
import re
from dataclasses import dataclass
from functools import lru_cache

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

from ..model import LEAF_KINDS, Change, Document
from ..review import Review
from ..xmlchars import xml_safe
from . import ooxml, regions

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[a-z0-9]+")
_LEAD_END = (".", "。", ":", "：", "!", "?", ";", "；")
HEADINGS = {"part": "Heading 1", "section": "Heading 2", "item": "Heading 3", "subitem": "Heading 4"}
_RUN_IN = ("section", "item", "subitem")  # containers whose heading is the lead sentence of their first paragraph
_LEAF_STYLES = {"docno": "ipdoc Document Number", "addressee": "ipdoc Addressee", "attribution": "ipdoc Attribution",
                "signature": "ipdoc Signature", "date": "ipdoc Date", "paragraph": "Body Text"}


@dataclass(frozen=True, slots=True)
class Look:
    """How a paragraph style looks: size in points, weight, alignment, spacing in points."""

    size: float = 12
    bold: bool = False
    italic: bool = False
    align: WD_ALIGN_PARAGRAPH | None = None
    before: float = 0
    after: float = 0
    keep: bool = False
    grey: bool = False
    base: str = "Normal"


_CENTRE, _RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
LOOKS = {
    "Normal": Look(),
    "Title": Look(16, bold=True, align=_CENTRE, after=12, keep=True),
    "ipdoc Headline": Look(9, italic=True, after=18, grey=True),
    "ipdoc Document Number": Look(align=_CENTRE, after=18),
    "ipdoc Addressee": Look(after=10),
    "Heading 1": Look(13, bold=True, before=16, after=8, keep=True),
    "Heading 2": Look(bold=True, before=12, after=6, keep=True),
    "Heading 3": Look(bold=True, before=8, after=4, keep=True),
    "Heading 4": Look(bold=True, italic=True, before=6, after=4, keep=True),
    "Body Text": Look(after=8),
    "ipdoc Attribution": Look(italic=True, after=10),
    "ipdoc Signature": Look(align=_RIGHT, before=30),
    "ipdoc Date": Look(align=_RIGHT),
    "Footer": Look(10, align=_CENTRE),
}


def define_styles(document, looks: dict[str, Look] = LOOKS) -> None:
    """Give the document ipdoc's paragraph styles: serif, black, no theme fonts or colours."""
    ooxml.default_fonts(document)
    names = {s.name for s in document.styles}
    for name, look in looks.items():
        if name in names:
            style = document.styles[name]
        else:
            style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = document.styles[look.base]
            style.quick_style = True
        ooxml.plain_style(style)
        font, fmt = style.font, style.paragraph_format
        font.size = Pt(look.size)
        font.bold = look.bold
        font.italic = look.italic
        font.color.rgb = RGBColor(0x59, 0x59, 0x59) if look.grey else RGBColor(0, 0, 0)
        fmt.alignment = look.align
        fmt.space_before, fmt.space_after = Pt(look.before), Pt(look.after)
        fmt.keep_with_next = look.keep or None
        fmt.line_spacing = 1.0 if name == "Normal" else None


def a4(section, landscape: bool = False, margins: tuple[float, float, float, float] = (2.5, 2.5, 2.8, 2.6)) -> None:
    """Page size A4 and margins (top, bottom, left, right, in cm), with the page number in the footer."""
    from docx.enum.section import WD_ORIENT

    short, long = Cm(21.0), Cm(29.7)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = (Cm(m) for m in margins)
    section.header_distance = section.footer_distance = Cm(1.2)
    ooxml.page_number_footer(section)


# -- the layout: which source spans make which paragraph, in which style --------------------------


@dataclass(frozen=True, slots=True)
class Piece:
    """One leaf's display span within a paragraph; ``bold`` for a run-in lead sentence."""

    leaf: int
    start: int
    end: int
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Block:
    """One Word paragraph: its style and the source spans it shows, joined by a space."""

    style: str
    pieces: tuple[Piece, ...]


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def is_headline(line: str, title: str) -> bool:
    """Whether a title line restates the title below it, as a web page's headline does
    (``Full text of …``, or most of the title's words), rather than being its first line."""
    if line.lower().startswith(("full text", "full-text")):
        return True
    a, b = _words(line), _words(title)
    return bool(a and b) and len(a & b) >= 0.6 * min(len(a), len(b))


def _run_in(doc: Document, leaves, spans, k: int) -> bool:
    """Whether heading ``k`` leads the paragraph after it (same container, ends like a sentence)."""
    container = doc.get(leaves[k].parent)
    if container is None or container.kind not in _RUN_IN or k + 1 >= len(leaves):
        return False
    nxt = leaves[k + 1]
    text = doc.text.content[spans[k][0]:spans[k][1]].rstrip()
    return nxt.kind == "paragraph" and nxt.parent == container.id and text.endswith(_LEAD_END)


def layout(doc: Document) -> list[Block]:
    """The paragraphs of an edition: front matter, headings, run-in items, closing lines."""
    leaves = [u for u in doc.units if u.kind in LEAF_KINDS]
    spans = regions(doc, leaves)
    titles = [k for k, u in enumerate(leaves) if u.kind == "title"]
    title_text = doc.text.content[slice(*spans[titles[-1]])] if titles else ""
    out: list[Block] = []
    k = 0
    while k < len(leaves):
        u, (s, e) = leaves[k], spans[k]
        if u.kind == "title":
            head = k != titles[-1] and is_headline(doc.text.content[s:e], title_text)
            out.append(Block("ipdoc Headline" if head else "Title", (Piece(k, s, e),)))
        elif u.kind == "heading" and _run_in(doc, leaves, spans, k):
            out.append(Block("Body Text", (Piece(k, s, e, bold=True), Piece(k + 1, *spans[k + 1]))))
            k += 1
        elif u.kind == "heading":
            container = doc.get(u.parent)
            out.append(Block(HEADINGS.get(container.kind if container else "", "Heading 2"), (Piece(k, s, e),)))
        else:
            out.append(Block(_LEAF_STYLES.get(u.kind, "Body Text"), (Piece(k, s, e),)))
        k += 1
    return out


def title_of(doc: Document) -> str:
    """The document's own title (the last title line), whitespace collapsed."""
    blocks = [b for b in layout(doc) if b.style == "Title"]
    return " ".join(" ".join(doc.text.content[p.start:p.end].split()) for b in blocks for p in b.pieces)


# -- writing ---------------------------------------------------------------------------------------


def text_run(paragraph, text: str, bold: bool = False):
    """A run of source text: XML-safe, bold when asked, the East Asian font when it holds Chinese."""
    if not text:
        return None
    run = ooxml.add_text_run(paragraph, xml_safe(text))
    if bold:
        run.bold = True
    if HAN.search(text):
        ooxml.east_asian(run)
    return run


def _changes_by_leaf(changes: tuple[Change, ...], spans: list[tuple[int, int]]) -> list[list[Change]]:
    out: list[list[Change]] = [[] for _ in spans]
    starts = [s for s, _ in spans]
    for ch in changes:
        if ch.layout:
            continue  # paragraph breaks are the structure itself
        k = max(0, bisect.bisect_right(starts, ch.src_start) - 1)
        if k > 0 and ch.src_start == starts[k] and ch.src_start == ch.src_end and spans[k - 1][1] == ch.src_start:
            k -= 1  # an insertion at a boundary belongs to the text before it
        out[k].append(ch)
    return out


def _write_piece(document, para, content: str, piece: Piece, changes: list[Change], revisions) -> None:
    pos = piece.start
    for ch in sorted(changes, key=lambda c: (c.src_start, c.src_end)):
        text_run(para, content[pos:ch.src_start], piece.bold)
        if revisions is None:
            text_run(para, ch.after, piece.bold)
        else:
            asian = bool(HAN.search(ch.before + ch.after))
            first, last = revisions.change(para, xml_safe(ch.before), xml_safe(ch.after), piece.bold, asian)
            if first is not None:
                ooxml.comment_around(document, first, last, xml_safe(f"{ch.code}: {ch.message}"))
        pos = max(pos, ch.src_end)
    text_run(para, content[pos:piece.end], piece.bold)


def new_document(title: str, landscape: bool = False, margins: tuple[float, float, float, float] = (2.5, 2.5, 2.8, 2.6),
                 looks: dict[str, Look] = LOOKS):
    """An empty DOCX with ipdoc's styles, A4 pages, page numbers and the given title property."""
    document = docx.Document(io.BytesIO(_styled_blank(tuple(looks.items()))))
    a4(document.sections[0], landscape, margins)
    document.core_properties.title = core_property(title)
    document.core_properties.author = "ipdoc"
    return document


@lru_cache(maxsize=4)
def _styled_blank(looks: tuple[tuple[str, Look], ...]) -> bytes:
    """An empty DOCX with the styles of ``looks``, made once per process: defining the styles
    took longer than writing a short document."""
    document = docx.Document()
    define_styles(document, dict(looks))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


#: The most characters a DOCX core property holds (python-docx refuses more).
PROPERTY_MAX = 255


def core_property(text: str) -> str:
    """A core property value: XML-safe, cut to PROPERTY_MAX characters with an ellipsis."""
    text = xml_safe(text)
    return text if len(text) <= PROPERTY_MAX else text[:PROPERTY_MAX - 1] + "…"


def export(b: Review, accept_all: bool = False) -> bytes:
    """The corrected edition as DOCX bytes, tracked or (``accept_all``) final."""
    doc = b.en
    document = new_document(title_of(doc) or b.name or doc.text.origin)
    revisions = None if accept_all else ooxml.Revisions()
    leaves = [u for u in doc.units if u.kind in LEAF_KINDS]
    by_leaf = _changes_by_leaf(b.edition.changes, regions(doc, leaves))
    styles: dict = {}
    for block in layout(doc):
        if block.style not in styles:
            styles[block.style] = document.styles[block.style]
        para = ooxml.paragraph(document, styles[block.style])
        for n, piece in enumerate(block.pieces):
            if n:
                para.add_run(" ")
            _write_piece(document, para, doc.text.content, piece, by_leaf[piece.leaf], revisions)
    return ooxml.save(document)


def export_final(b: Review) -> bytes:
    """The final copy: every correction made, no revisions."""
    return export(b, accept_all=True)
