"""XLIFF 1.2, the version every CAT tool reads: one trans-unit per bead with Chinese,
the corrected English as target, findings as notes, the review state as ``state``
(an omission the editor translated is ``translated``); at level ``clause`` one per
clause bead (the clauses aligned inside every sentence bead), in a ``group`` per
sentence bead. ``parse`` reads it back."""

from __future__ import annotations

from lxml import etree

from .. import __version__
from ..errors import InputError
from ..model import Bead, Finding, Level
from ..review import Review
from ..xmlchars import xml_safe
from ..xmlsafe import parse_xml
from . import bead_findings, findings_by_unit
from .tmx import EN, ZH, _require_pair, clause_rows

NS = "urn:oasis:names:tc:xliff:document:1.2"
_PRIORITY = {"error": "1", "warning": "3", "info": "5"}
#: restype of the group that holds the clause beads of one sentence bead (level ``clause``)
SENTENCE_BEAD = "x-ipdoc-sentence-bead"


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def export(b: Review, level: str = Level.SENTENCE) -> bytes:
    """The XLIFF of a review: a trans-unit per sentence bead, or (``level`` clause) per clause bead."""
    pair = _require_pair(b, "XLIFF")
    rows: list[tuple[Bead, str, str, list[Finding], int | None]]
    if level == Level.CLAUSE:
        rows = list(clause_rows(b, "XLIFF"))
    else:
        index = {side: findings_by_unit(b, side) for side in ("zh", "en")}
        rows = [(bead, pair.text(bead, "zh") if bead.zh else "", b.english(bead), bead_findings(bead, index), None)
                for bead in pair.beads]
    root = etree.Element(_q("xliff"), nsmap={None: NS}, version="1.2")
    file_el = etree.SubElement(root, _q("file"), original=b.en.text.origin, datatype="plaintext",
                               **{"source-language": ZH, "target-language": EN, "tool-id": "ipdoc"})
    header = etree.SubElement(file_el, _q("header"))
    etree.SubElement(header, _q("tool"), **{"tool-id": "ipdoc", "tool-name": "ipdoc", "tool-version": __version__})
    body = etree.SubElement(file_el, _q("body"))
    last_unit = None
    groups: dict[int, etree._Element] = {}
    for n, (bead, zh, en, findings, parent) in enumerate(rows, 1):
        if not bead.zh:
            if last_unit is not None:
                note = etree.SubElement(last_unit, _q("note"), **{"from": "ipdoc", "priority": "3"})
                note.text = xml_safe(f"English added after this unit, with no Chinese: {en}")
            continue
        if parent is not None and parent not in groups:  # clause level: a group per sentence bead
            groups[parent] = etree.SubElement(body, _q("group"), id=f"sb{parent}", restype=SENTENCE_BEAD,
                                              resname=pair.beads[parent].to_index())
        tu = etree.SubElement(body if parent is None else groups[parent], _q("trans-unit"), id=str(n),
                              resname=bead.to_index())
        tu.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        etree.SubElement(tu, _q("source")).text = xml_safe(zh)
        if en:
            state = ("signed-off" if findings and all(f.fingerprint in b.reviewed for f in findings)
                     else "needs-review-translation" if findings else "translated")
            target = etree.SubElement(tu, _q("target"), state=state)
            target.text = xml_safe(en)
        else:
            etree.SubElement(tu, _q("target"), state="needs-translation")
        for f in findings:
            note = etree.SubElement(tu, _q("note"), **{"from": "ipdoc", "priority": _PRIORITY[f.severity]})
            note.text = xml_safe(f"{f.code} {f.name}: {f.message}")
        last_unit = tu
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def parse(data: bytes, origin: str = "<xliff>") -> list[dict]:
    """Trans-units: ``{"id", "source", "target", "state", "notes", "group"}`` (``group``: the id of
    the group that holds the unit, e.g. ``sb12`` for the clause beads of sentence bead 12, or None)."""
    root = parse_xml(data, origin, "XLIFF")
    if etree.QName(root).localname != "xliff":
        raise InputError("not an XLIFF file (no <xliff> root)", origin)
    ns = etree.QName(root).namespace
    q = (lambda t: f"{{{ns}}}{t}") if ns else (lambda t: t)
    out = []
    for tu in root.iter(q("trans-unit")):
        src, tgt = tu.find(q("source")), tu.find(q("target"))
        out.append({"id": tu.get("id"), "source": "".join(src.itertext()) if src is not None else "",
                    "target": "".join(tgt.itertext()) if tgt is not None else None,
                    "state": tgt.get("state") if tgt is not None else None,
                    "notes": ["".join(n.itertext()) for n in tu.findall(q("note"))],
                    "group": parent.get("id") if (parent := tu.getparent()) is not None
                    and etree.QName(parent).localname == "group" else None})
    return out
