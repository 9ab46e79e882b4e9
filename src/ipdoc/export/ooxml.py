"""What python-docx's API lacks, in one place: tracked changes, comments around
them, East Asian fonts, cell shading, and byte-for-byte reproducible packages.

Everything else in the DOCX exporters goes through python-docx's public API.
"""

from __future__ import annotations

import io
import zipfile

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

AUTHOR = "ipdoc"
EAST_ASIAN_FONT = "SimSun"
LATIN_FONT = "Times New Roman"


def _child(parent, tag: str, first: bool = False):
    """The ``tag`` child of an element, added (first or last) when missing."""
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        if first:
            parent.insert(0, el)
        else:
            parent.append(el)
    return el


def _east_asian_font(rpr, font: str) -> None:
    """Set ``w:eastAsia`` on the ``w:rFonts`` of run properties, creating it if needed."""
    _child(rpr, "w:rFonts", first=True).set(qn("w:eastAsia"), font)


def east_asian(run, font: str = EAST_ASIAN_FONT) -> None:
    """Make a run render Chinese in ``font`` (the ``w:eastAsia`` attribute of ``w:rFonts``)."""
    _east_asian_font(run._r.get_or_add_rPr(), font)


def default_fonts(document, latin: str = LATIN_FONT, asian: str = EAST_ASIAN_FONT) -> None:
    """Set the Normal style's Latin and East Asian fonts (and the language of each)."""
    style = document.styles["Normal"]
    style.font.name = latin
    rpr = style.element.get_or_add_rPr()
    _east_asian_font(rpr, asian)
    lang = _child(rpr, "w:lang")
    lang.set(qn("w:val"), "en-GB")
    lang.set(qn("w:eastAsia"), "zh-CN")


def paragraph(container, style) -> object:
    """A new paragraph with a style given as a python-docx style object. Setting the
    style id directly saves the name lookup python-docx makes for every paragraph,
    which dominates the time of long documents."""
    para = container.add_paragraph()
    para._p.style = style.style_id
    return para


def shade(cell, fill: str) -> None:
    """Background colour of a table cell (hex RGB, e.g. ``E2F0D9``)."""
    shd = _child(cell._tc.get_or_add_tcPr(), "w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)


def repeat_header(row) -> None:
    """Repeat a table row at the top of every page."""
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    trpr.append(el)


class Revisions:
    """Numbers tracked changes of one document (ids must be unique per document)."""

    def __init__(self) -> None:
        self.next_id = 1

    def _id(self) -> str:
        self.next_id += 1
        return str(self.next_id)

    def _run(self, text: str, deleted: bool):
        r = OxmlElement("w:r")
        t = OxmlElement("w:delText" if deleted else "w:t")
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = text
        r.append(t)
        return r

    def change(self, paragraph, old: str, new: str) -> tuple:
        """Append a deletion of ``old`` and an insertion of ``new`` to a paragraph;
        return the first and last elements added (for a comment range)."""
        added = []
        for tag, text in (("w:del", old), ("w:ins", new)):
            if not text:
                continue
            el = OxmlElement(tag)
            el.set(qn("w:id"), self._id())
            el.set(qn("w:author"), AUTHOR)
            el.append(self._run(text, deleted=tag == "w:del"))
            paragraph._p.append(el)
            added.append(el)
        return (added[0], added[-1]) if added else (None, None)


def comment_around(document, first, last, text: str) -> None:
    """A comment (author ipdoc) whose range runs from element ``first`` to ``last``."""
    comment = document.comments.add_comment(text=text, author=AUTHOR, initials="ip")
    undate(comment)
    cid = str(comment.comment_id)
    start = OxmlElement("w:commentRangeStart")
    start.set(qn("w:id"), cid)
    end = OxmlElement("w:commentRangeEnd")
    end.set(qn("w:id"), cid)
    first.addprevious(start)
    last.addnext(end)
    ref_run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "CommentReference")
    rpr.append(style)
    ref_run.append(rpr)
    ref = OxmlElement("w:commentReference")
    ref.set(qn("w:id"), cid)
    ref_run.append(ref)
    end.addnext(ref_run)


def undate(comment) -> None:
    """Drop the creation time python-docx puts on a comment: same input, same bytes."""
    el = comment._comment_elm if hasattr(comment, "_comment_elm") else comment._element
    el.attrib.pop(qn("w:date"), None)


def reproducible(data: bytes) -> bytes:
    """The same package with fixed member times and order, so equal input gives equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        first = [n for n in names if n == "[Content_Types].xml"]
        for name in first + sorted(n for n in names if n not in first):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(name))
    return out.getvalue()


def save(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return reproducible(buf.getvalue())
