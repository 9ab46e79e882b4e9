"""What python-docx's API lacks, in one place: fonts set without theme overrides, the
East Asian font and its named fallbacks, cell shading, table rows that repeat or keep
together, page-number fields, tracked changes and the comments around them, and
byte-for-byte reproducible packages.

Child elements are added in the order the WordprocessingML schema requires (a table of
successors per parent, as python-docx's oxml layer keeps), so Word opens the result
without repairing it. Everything else in the DOCX exporters goes through python-docx's
public API; cells and rows are reached through their element only here, where the API
has nothing for what is needed.
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.table import _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run

AUTHOR = "ipdoc"
LATIN_FONT = "Times New Roman"
EAST_ASIAN_FONT = "SimSun"
#: Tried in turn where SimSun is missing (ISO/IEC 29500-1 §17.8.3.1, ``w:altName``):
#: its Chinese name, then the free Song faces a user may have (Noto Serif CJK SC and
#: Source Han Serif SC are one design under two names; Songti SC ships with macOS).
EAST_ASIAN_FALLBACKS = ("宋体", "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC")
_PANOSE = {"SimSun": "02010600030101010101"}  # SimSun's classification, as Word records it

# The schema order of the children ipdoc adds, per parent (ECMA-376 part 1, §17). Children
# a parent holds that are not listed (runs in a paragraph, text in a run) come after these.
_ORDER = {
    "w:rPr": ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
              "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
              "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs",
              "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
              "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath"),
    "w:pPr": ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
              "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
              "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
              "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
    "w:tcPr": ("w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd", "w:noWrap",
               "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark", "w:headers", "w:cellIns",
               "w:cellDel", "w:cellMerge", "w:tcPrChange"),
    "w:trPr": ("w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
               "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del",
               "w:trPrChange"),
    "w:tblPr": ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
                "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
                "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription"),
    "w:rPrDefault": ("w:rPr",),
    "w:docDefaults": ("w:rPrDefault", "w:pPrDefault"),
    "w:style": ("w:name", "w:aliases", "w:basedOn", "w:next", "w:link", "w:autoRedefine", "w:hidden",
                "w:uiPriority", "w:semiHidden", "w:unhideWhenUsed", "w:qFormat", "w:locked", "w:personal",
                "w:personalCompose", "w:personalReply", "w:rsid", "w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr",
                "w:tblStylePr"),
    "w:p": ("w:pPr",),
    "w:r": ("w:rPr",),
    "w:tc": ("w:tcPr",),
    "w:tr": ("w:tblPrEx", "w:trPr"),
    "w:font": ("w:altName", "w:panose1", "w:charset", "w:family", "w:notTrueType", "w:pitch", "w:sig",
               "w:embedRegular", "w:embedBold", "w:embedItalic", "w:embedBoldItalic"),
}
_TAGS = {qn(parent): tuple(qn(t) for t in tags) for parent, tags in _ORDER.items()}
_THEME_FONTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def insert(parent, child):
    """Insert ``child`` into ``parent`` at its place in the schema's order; return it."""
    order = _TAGS.get(parent.tag, ())
    if child.tag not in order:
        parent.append(child)
        return child
    earlier = set(order[:order.index(child.tag) + 1])
    successor = next((c for c in parent if c.tag not in earlier), None)
    if successor is None:
        parent.append(child)
    else:
        successor.addprevious(child)
    return child


def child(parent, tag: str):
    """The ``tag`` child of an element, added at its place in the schema's order when missing."""
    el = parent.find(qn(tag))
    return el if el is not None else insert(parent, OxmlElement(tag))


def set_fonts(rpr, latin: str | None = None, east_asian: str | None = None) -> None:
    """Name the Latin and East Asian fonts of run properties; theme fonts, which would win, are dropped."""
    fonts = child(rpr, "w:rFonts")
    for attr in _THEME_FONTS:
        fonts.attrib.pop(qn(attr), None)
    if latin is not None:
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(attr), latin)
    if east_asian is not None:
        fonts.set(qn("w:eastAsia"), east_asian)


def run_properties(run):
    """The ``w:rPr`` of a python-docx run (its ``Font`` proxies the ``w:r``)."""
    return child(run.font.element, "w:rPr")


def style_properties(style, kind: str = "w:rPr"):
    """The ``w:rPr`` (or ``w:pPr``) of a python-docx style."""
    return child(style.element, kind)


def east_asian(run, font: str = EAST_ASIAN_FONT) -> None:
    """Make a run render Chinese in ``font`` (the ``w:eastAsia`` attribute of ``w:rFonts``)."""
    set_fonts(run_properties(run), east_asian=font)


def language(rpr, latin: str = "en-GB", east_asian: str = "zh-CN") -> None:
    """The languages of run properties: spelling, hyphenation and the choice of glyphs."""
    lang = child(rpr, "w:lang")
    lang.set(qn("w:val"), latin)
    lang.set(qn("w:eastAsia"), east_asian)


def default_fonts(document, latin: str = LATIN_FONT, asian: str = EAST_ASIAN_FONT) -> None:
    """Fonts and languages of the document defaults and the Normal style (no theme fonts)."""
    defaults = child(child(child(document.styles.element, "w:docDefaults"), "w:rPrDefault"), "w:rPr")
    for rpr in (defaults, style_properties(document.styles["Normal"])):
        set_fonts(rpr, latin, asian)
        language(rpr)


def _drop(parent, *tags: str) -> None:
    for tag in tags:
        for el in parent.findall(qn(tag)):
            parent.remove(el)


def plain_style(style) -> None:
    """A template style without theme fonts, colours, borders or letter spacing: ipdoc sets the rest."""
    rpr = style_properties(style)
    set_fonts(rpr, LATIN_FONT, EAST_ASIAN_FONT)
    _drop(rpr, "w:color", "w:spacing", "w:kern")
    _drop(style_properties(style, "w:pPr"), "w:pBdr", "w:contextualSpacing")


def paragraph(container, style) -> Paragraph:
    """A new paragraph with a style given as a python-docx style object. Setting the
    style id directly saves the name lookup python-docx makes for every paragraph,
    which dominates the time of long documents."""
    para = container.add_paragraph()
    set_style(para, style)
    return para


def set_style(para, style) -> None:
    """Give a paragraph a style (a python-docx style object) by its id, with no lookup."""
    child(child(para.paragraph_format.element, "w:pPr"), "w:pStyle").set(qn("w:val"), style.style_id)


def shade(cell, fill: str) -> None:
    """Background colour of a table cell (hex RGB, e.g. ``E2F0D9``)."""
    shd = child(cell._tc.get_or_add_tcPr(), "w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


def row_flags(row, header: bool = False, keep_together: bool = True) -> None:
    """A table row that repeats at the top of every page (``header``) and is not split across pages."""
    trpr = row._tr.get_or_add_trPr()
    if keep_together:
        child(trpr, "w:cantSplit")
    if header:
        child(trpr, "w:tblHeader")


def page_number_footer(section, before: str = "", after: str = "") -> None:
    """A centred page number (a ``PAGE`` field) in a section's footer."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    para = section.footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if before:
        para.add_run(before)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), " PAGE ")
    shown = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    shown.append(text)
    field.append(shown)
    para.paragraph_format.element.append(field)
    if after:
        para.add_run(after)


class Revisions:
    """Numbers tracked changes of one document (ids must be unique per document)."""

    def __init__(self) -> None:
        self.next_id = 1

    def _id(self) -> str:
        self.next_id += 1
        return str(self.next_id)

    @staticmethod
    def _run(text: str, deleted: bool, bold: bool, asian: bool):
        r = OxmlElement("w:r")
        if bold or asian:
            rpr = child(r, "w:rPr")
            if asian:
                set_fonts(rpr, east_asian=EAST_ASIAN_FONT)
            if bold:
                child(rpr, "w:b")
        t = OxmlElement("w:delText" if deleted else "w:t")
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = text
        r.append(t)
        return r

    def change(self, paragraph, old: str, new: str, bold: bool = False, asian: bool = False) -> tuple:
        """Append a deletion of ``old`` and an insertion of ``new`` to a paragraph;
        return the first and last elements added (for a comment range)."""
        added = []
        for tag, text in (("w:del", old), ("w:ins", new)):
            if not text:
                continue
            el = OxmlElement(tag)
            el.set(qn("w:id"), self._id())
            el.set(qn("w:author"), AUTHOR)
            el.append(self._run(text, tag == "w:del", bold, asian))
            paragraph.paragraph_format.element.append(el)
            added.append(el)
        return (added[0], added[-1]) if added else (None, None)


def comment_around(document, first, last, text: str, bold_first: bool = False) -> None:
    """A comment (author ipdoc) whose range runs from element ``first`` to ``last``: one comment
    paragraph per line of ``text``, the first in bold if ``bold_first``."""
    cid = str(_add_comment(document, text.split("\n"), bold_first))
    start = OxmlElement("w:commentRangeStart")
    start.set(qn("w:id"), cid)
    end = OxmlElement("w:commentRangeEnd")
    end.set(qn("w:id"), cid)
    first.addprevious(start)
    last.addnext(end)
    ref_run = OxmlElement("w:r")
    child(child(ref_run, "w:rPr"), "w:rStyle").set(qn("w:val"), "CommentReference")
    ref = OxmlElement("w:commentReference")
    ref.set(qn("w:id"), cid)
    ref_run.append(ref)
    end.addnext(ref_run)


def add_text_run(paragraph, text: str) -> Run:
    """A run of ``text`` at the end of the paragraph: python-docx's ``add_run``, without its
    character-by-character reading of a text with no tab or line break."""
    if _CONTROL.search(text):
        return paragraph.add_run(text)
    run = paragraph.add_run()
    t = OxmlElement("w:t")
    t.text = text
    if text.strip() != text:
        t.set(qn("xml:space"), "preserve")
    run._r.append(t)
    return run


def add_row(table) -> _Row:
    """A new last row of the table, as python-docx's ``add_row`` makes it (a cell per grid
    column, of its width), appended: python-docx looks past every row for where a row goes and
    for the grid, which made a table of thousands of rows quadratic."""
    tbl = table._tbl
    # the grid comes right after the table's properties (looking it up by name scans every row)
    grid = next((c for c in tbl[:3] if c.tag == qn("w:tblGrid")), None)
    tr = OxmlElement("w:tr")
    for grid_col in (grid if grid is not None else tbl.tblGrid).gridCol_lst:
        tc = tr.add_tc()
        if grid_col.w is not None:
            tc.width = grid_col.w
    tbl.append(tr)
    return _Row(tr, table)


def add_marker_run(paragraph, text: str, colour: str) -> None:
    """A bold superscript run in colour ``colour`` (RRGGBB) at the end of the paragraph, written
    as XML at once (setting the three properties through python-docx took most of a long review
    document's time)."""
    paragraph._p.append(parse_xml(f'<w:r xmlns:w="{_W}"><w:rPr><w:b/><w:color w:val="{colour}"/>'
                                  f'<w:vertAlign w:val="superscript"/></w:rPr>{_run_content(text)}</w:r>'))


def comment_on_runs(document, runs, text: str, bold_first: bool = False) -> None:
    """A comment (as :func:`comment_around`) on python-docx runs, from the first to the last."""
    comment_around(document, runs[0]._r, runs[-1]._r, text, bold_first)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTROL = re.compile("([\t\n\r])")


def _run_content(text: str) -> str:
    """A run's text as WordprocessingML (tabs and line breaks as elements, outer spaces kept)."""
    out = []
    for piece in _CONTROL.split(text):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\n", "\r"):
            out.append("<w:br/>")
        elif piece:
            keep = ' xml:space="preserve"' if piece.strip() != piece else ""
            out.append(f"<w:t{keep}>{escape(piece)}</w:t>")
    return "".join(out)


def _add_comment(document, lines: list[str], bold_first: bool) -> int:
    """Append a comment to the comments part (made if missing) and return its id: a paragraph
    in style CommentText per line, the annotation mark in the first. Written as XML at once
    (python-docx's comment API took a third of a review document's time)."""
    document.comments  # noqa: B018 (python-docx makes the comments part on first use)
    root = _part(document, "/word/comments.xml").element
    # comments are only ever appended here, ids counting up: the next is one past the last
    last = root[-1] if len(root) else None
    cid = int(last.get(qn("w:id"))) + 1 if last is not None and last.tag == qn("w:comment") else 0
    style = '<w:pPr><w:pStyle w:val="CommentText"/></w:pPr>'
    paras = []
    for k, line in enumerate(lines):
        mark = '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>' if k == 0 else ""
        bold = "<w:rPr><w:b/></w:rPr>" if k == 0 and bold_first else ""
        body = f"<w:r>{bold}{_run_content(line)}</w:r>" if line else ""
        paras.append(f"<w:p>{style}{mark}{body}</w:p>")
    root.append(parse_xml(f'<w:comment xmlns:w="{_W}" w:id="{cid}" w:author="{AUTHOR}" w:initials="ip">'
                          f'{"".join(paras)}</w:comment>'))
    return cid


def _part(document, partname: str):
    return next((p for p in document.part.package.iter_parts() if p.partname == partname), None)


def undate_comments(document) -> None:
    """Drop the creation time python-docx puts on every comment: same input, same bytes."""
    part = _part(document, "/word/comments.xml")
    if part is not None:
        for el in part.element.iter(qn("w:comment")):
            el.attrib.pop(qn("w:date"), None)


def drop_thumbnail(document) -> None:
    """Remove the template's preview picture, which would show another document's first page."""
    rels = document.part.package.rels
    for rid in [rid for rid, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        rels.pop(rid)


def _font_entry(name: str, alt: tuple[str, ...] = (), panose: str = ""):
    font = OxmlElement("w:font")
    font.set(qn("w:name"), name)
    if alt:
        child(font, "w:altName").set(qn("w:val"), ",".join(alt))
    if panose:
        child(font, "w:panose1").set(qn("w:val"), panose)
    child(font, "w:charset").set(qn("w:val"), "86")  # GB 2312: a reader substitutes a Simplified Chinese face
    child(font, "w:family").set(qn("w:val"), "auto")
    child(font, "w:pitch").set(qn("w:val"), "variable")
    return font


def font_table(xml: bytes, east_asian: str = EAST_ASIAN_FONT, fallbacks: tuple[str, ...] = EAST_ASIAN_FALLBACKS
               ) -> bytes:
    """The font table with the East Asian font declared (GB 2312, its fallbacks as ``w:altName``)
    and each fallback declared too, so a reader without the first finds the next."""
    root = parse_xml(xml)
    for name in (east_asian, *fallbacks[1:]):
        for old in root.findall(qn("w:font")):
            if old.get(qn("w:name")) == name:
                root.remove(old)
        if name == east_asian:
            root.append(_font_entry(name, fallbacks, _PANOSE.get(name, "")))
        else:
            root.append(_font_entry(name))
    return serialize_part_xml(root)


_MEMBERS = {"word/fontTable.xml": font_table}


def reproducible(data: bytes) -> bytes:
    """The same package with fixed member times and order, so equal input gives equal bytes;
    the font table gets ipdoc's East Asian fonts on the way."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        first = [n for n in names if n == "[Content_Types].xml"]
        for name in first + sorted(n for n in names if n not in first):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            body = src.read(name)
            dst.writestr(info, _MEMBERS[name](body) if name in _MEMBERS else body)
    return out.getvalue()


def save(document) -> bytes:
    """The document as reproducible DOCX bytes (no comment dates, no template thumbnail)."""
    undate_comments(document)
    drop_thumbnail(document)
    buf = io.BytesIO()
    document.save(buf)
    return reproducible(buf.getvalue())
