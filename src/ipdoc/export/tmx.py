"""TMX 1.4b: one translation unit per bead with both sides, scores and finding
codes as properties. The English is the corrected edition's (fixes and the
editor's changes applied), and an omission given a translation by the editor is
a unit too. ``parse`` reads back what ``export`` writes (and other TMX)."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from .. import __version__
from ..errors import InputError
from ..model import AlignedPair, Bead
from ..review import Review
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


def _require_pair(b: Review, what: str) -> AlignedPair:
    if b.pair is None:
        raise InputError(f"{what} needs the Chinese original: give --zh ZH or --project FILE")
    return b.pair


def export(b: Review) -> bytes:
    _require_pair(b, "TMX")
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", creationtool="ipdoc", creationtoolversion=__version__,
                     datatype="plaintext", segtype="sentence" if b.level == "sentence" else "phrase",
                     adminlang="en", srclang=ZH, **{"o-tmf": "ipdoc"})
    body = etree.SubElement(root, "body")
    for n, (bead, zh, en, codes) in enumerate(bead_texts(b), 1):
        tu = etree.SubElement(body, "tu", tuid=str(n))
        etree.SubElement(tu, "prop", type="x-ipdoc-bead").text = bead.to_index()
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
