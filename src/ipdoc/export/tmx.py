"""TMX 1.4b: one translation unit per bead with both sides, scores and finding
codes as properties. The English is the corrected edition's (fixes and the
editor's changes applied), and an omission given a translation by the editor is
a unit too. At level ``clause`` a unit is a clause bead (the clauses aligned
inside every sentence bead), with its sentence bead as a property. ``parse``
reads back what ``export`` writes (and other TMX)."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from .. import __version__
from ..errors import InputError
from ..model import AlignedPair, Bead, Finding, Lang, Level
from ..review import Review, edition_mapper
from ..xmlchars import xml_safe
from ..xmlsafe import parse_xml
from . import bead_findings, findings_by_unit

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ZH, EN = "zh-CN", "en"


def bead_texts(b: Review) -> Iterator[tuple[Bead, str, str, list[str]]]:
    """For every bead with both sides (an omission with the editor's translation counts): the
    bead, its Chinese and corrected English text, finding codes."""
    pair = _require_pair(b, "TMX")
    index = {side: findings_by_unit(b, side) for side in ("zh", "en")}
    for bead in pair.beads:
        en = b.english(bead)
        if bead.zh and en:
            yield bead, pair.text(bead, "zh"), en, sorted({f.code for f in bead_findings(bead, index)})


def clause_rows(b: Review, what: str = "TMX") -> Iterator[tuple[Bead, str, str, list[Finding], int]]:
    """For every clause bead (the clauses aligned inside the sentence beads): the bead, its
    Chinese, its corrected English ('' for an omission), the findings in its units and the index
    of its sentence bead."""
    from ..align.clauses import clauses_of

    alignment = clauses_of(_require_pair(b, what))
    view = alignment.clauses
    index = {side: findings_by_unit(b, side, [(u.start, u.end) for u in view.units(side)]) for side in ("zh", "en")}
    out, to_edition = b.edition.text.content, edition_mapper(b.edition)
    for bead, parent in zip(view.beads, alignment.parents):
        en = " ".join(" ".join(out[to_edition(u.start):to_edition(u.end, True)].split())
                      for u in view.bead_units(bead, Lang.EN))
        yield bead, view.text(bead, Lang.ZH), en, bead_findings(bead, index), parent


def _require_pair(b: Review, what: str) -> AlignedPair:
    if b.pair is None:
        raise InputError(f"{what} needs the Chinese original: give --zh ZH or --project FILE")
    return b.pair


def export(b: Review, level: str = Level.SENTENCE) -> bytes:
    """The TMX of a review: a unit per sentence bead, or (``level`` clause) per clause bead."""
    _require_pair(b, "TMX")
    clauses = level == Level.CLAUSE
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", creationtool="ipdoc", creationtoolversion=__version__,
                     datatype="plaintext", segtype="sentence" if b.level == "sentence" and not clauses else "phrase",
                     adminlang="en", srclang=ZH, **{"o-tmf": "ipdoc"})
    body = etree.SubElement(root, "body")
    rows = ((bead, zh, en, sorted({f.code for f in found}), parent)
            for bead, zh, en, found, parent in clause_rows(b) if bead.zh and en) \
        if clauses else ((*row, None) for row in bead_texts(b))
    for n, (bead, zh, en, codes, parent) in enumerate(rows, 1):
        tu = etree.SubElement(body, "tu", tuid=str(n))
        etree.SubElement(tu, "prop", type="x-ipdoc-bead").text = bead.to_index()
        if parent is not None:
            etree.SubElement(tu, "prop", type="x-ipdoc-sentence-bead").text = str(parent)
        etree.SubElement(tu, "prop", type="x-ipdoc-score").text = f"{bead.score:.4f}"
        if codes:
            etree.SubElement(tu, "prop", type="x-ipdoc-findings").text = " ".join(codes)
        for lang, text in ((ZH, zh), (EN, en)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            etree.SubElement(tuv, "seg").text = xml_safe(text)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def parse(data: bytes, origin: str = "<tmx>") -> list[dict]:
    """Units of a TMX file: ``{"zh": …, "en": …, "props": {type: text}}``."""
    root = parse_xml(data, origin, "TMX")
    if root.tag != "tmx":
        raise InputError("not a TMX file (no <tmx> root)", origin)
    out = []
    for tu in root.iter("tu"):
        unit: dict = {"props": {p.get("type"): p.text or "" for p in tu.findall("prop")}}
        for tuv in tu.findall("tuv"):
            lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").lower()
            seg = tuv.find("seg")
            text = "".join(seg.itertext()) if seg is not None else ""
            unit["zh" if lang.startswith("zh") else "en" if lang.startswith("en") else lang] = text
        out.append(unit)
    return out
