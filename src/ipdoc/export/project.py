"""The project file: the whole result — both texts, their structure and units as
spans, the notes, the alignment, the findings, the edition's changes and the
reviewed marks — as XML (schema: ``data/project.rng``, RELAX NG) or JSON.

``ipdoc check``/``fix``/``export`` accept a project file in place of the two
texts, so a review resumes without re-aligning. Exported then read back, a
project gives identical texts, units, beads, findings and changes: characters
XML 1.0 cannot hold are written as ``<ctrl code="7"/>`` and restored.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from lxml import etree

from .. import __version__
from ..checks.result import Checked
from ..errors import InputError
from ..model import (
    AlignedPair,
    Applicability,
    Bead,
    Change,
    Document,
    Edition,
    Finding,
    Fix,
    Note,
    Severity,
    Text,
    Unit,
)
from ..review import Review
from ..xmlsafe import parse_xml

NS = "urn:ipdoc:project:1"
FORMAT_VERSION = "1"
_STRUCTURAL = {"project", "text", "units", "notes", "alignment", "findings", "finding", "edition", "change", "reviewed"}


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _xml_char_ok(ch: str) -> bool:
    o = ord(ch)
    return o in (9, 10, 13) or 0x20 <= o <= 0xD7FF or 0xE000 <= o <= 0xFFFD or 0x10000 <= o <= 0x10FFFF


def put_text(el, text: str) -> None:
    """Text into an element; characters XML cannot hold become ``<ctrl code="N"/>``."""
    if all(_xml_char_ok(ch) for ch in text):
        el.text = text
        return
    el.text = ""
    last = None
    buf = []
    for ch in text:
        if _xml_char_ok(ch):
            buf.append(ch)
            continue
        if last is None:
            el.text = "".join(buf)
        else:
            last.tail = "".join(buf)
        buf = []
        last = etree.SubElement(el, _q("ctrl"), code=str(ord(ch)))
    if last is None:
        el.text = "".join(buf)
    else:
        last.tail = "".join(buf)


def get_text(el) -> str:
    parts = [el.text or ""]
    for child in el:
        if etree.QName(child).localname == "ctrl":
            parts.append(chr(int(child.get("code"))))
        parts.append(child.tail or "")
    return "".join(parts)


def _sub(host, tag: str, text: str | None = None, **attrs):
    el = etree.SubElement(host, _q(tag), {k.replace("_", "-"): str(v) for k, v in attrs.items() if v is not None})
    if text is not None:
        put_text(el, text)
    return el


def _indent(el, level: int = 0) -> None:
    """Newlines and indentation inside structural elements only (text is left exact)."""
    if etree.QName(el).localname not in _STRUCTURAL or not len(el):
        return
    pad = "\n" + "  " * (level + 1)
    el.text = pad
    for child in el:
        _indent(child, level + 1)
        child.tail = pad
    el[-1].tail = "\n" + "  " * level


# --------------------------------------------------------------------------- to a dict (JSON) and to XML


def _doc_dict(doc: Document, side: str) -> dict:
    t = doc.text
    return {
        "side": side, "lang": t.lang, "origin": t.origin, "encoding": t.encoding, "format": t.format,
        "content": t.content,
        "units": [{"id": u.id, "kind": u.kind, "start": u.start, "end": u.end, "parent": u.parent,
                   "number": u.number, "value": u.value} for u in doc.units],
        "notes": [{"code": n.code, "unit": n.unit, "start": n.start, "end": n.end, "message": n.message,
                   "expected": n.expected} for n in doc.notes],
    }


def to_dict(b: Review) -> dict[str, Any]:
    texts = [_doc_dict(b.en, "en")] + ([_doc_dict(b.zh, "zh")] if b.zh is not None else [])
    alignment = None
    if b.pair is not None:
        a = b.pair
        alignment = {"level": a.level, "signature": a.signature, "warnings": list(a.warnings),
                     "beads": [{"zh": list(x.zh), "en": list(x.en), "score": x.score, "reason": x.reason}
                               for x in a.beads]}
    return {
        "format": "ipdoc-project", "version": FORMAT_VERSION, "ipdoc": __version__, "name": b.name,
        "level": b.level, "signature": b.signature, "texts": texts, "alignment": alignment,
        "findings": [{"code": f.code, "name": f.name, "severity": f.severity, "side": f.side, "start": f.start,
                      "end": f.end, "message": f.message, "evidence": list(f.evidence), "fingerprint": f.fingerprint,
                      "zh_span": list(f.zh_span) if f.zh_span else None, "reviewed": f.fingerprint in b.reviewed,
                      "fix": ({"start": f.fix.start, "end": f.fix.end, "replacement": f.fix.replacement,
                               "applicability": f.fix.applicability} if f.fix else None)}
                     for f in b.findings],
        "edition": [{"code": c.code, "src_start": c.src_start, "src_end": c.src_end, "out_start": c.out_start,
                     "out_end": c.out_end, "before": c.before, "after": c.after, "message": c.message,
                     "evidence": list(c.evidence), "layout": c.layout} for c in b.edition.changes],
        "reviewed": sorted(b.reviewed),
    }


def export_json(b: Review) -> bytes:
    return (json.dumps(to_dict(b), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def export_xml(b: Review) -> bytes:
    d = to_dict(b)
    root = etree.Element(_q("project"), nsmap={None: NS}, version=FORMAT_VERSION, ipdoc=__version__,
                         level=d["level"], name=d["name"] or "")
    _sub(root, "signature", d["signature"])
    for t in d["texts"]:
        el = _sub(root, "text", side=t["side"], lang=t["lang"], origin=t["origin"], encoding=t["encoding"],
                  format=t["format"])
        content = _sub(el, "content", t["content"])
        content.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        units = _sub(el, "units")
        for u in t["units"]:
            _sub(units, "unit", id=u["id"], kind=u["kind"], start=u["start"], end=u["end"], parent=u["parent"],
                 number=u["number"], value=u["value"])
        notes = _sub(el, "notes")
        for n in t["notes"]:
            _sub(notes, "note", n["message"], code=n["code"], unit=n["unit"], start=n["start"], end=n["end"],
                 expected=n["expected"])
    if d["alignment"] is not None:
        a = d["alignment"]
        al = _sub(root, "alignment", level=a["level"], signature=a["signature"])
        for w in a["warnings"]:
            _sub(al, "warning", w)
        for x in a["beads"]:
            _sub(al, "bead", x["reason"], zh=" ".join(map(str, x["zh"])), en=" ".join(map(str, x["en"])),
                 score=repr(x["score"]))
    findings = _sub(root, "findings")
    for f in d["findings"]:
        zh_span = f["zh_span"]
        el = _sub(findings, "finding", code=f["code"], name=f["name"], severity=f["severity"], side=f["side"],
                  start=f["start"], end=f["end"], fingerprint=f["fingerprint"],
                  reviewed="true" if f["reviewed"] else "false",
                  zh_start=zh_span[0] if zh_span else None, zh_end=zh_span[1] if zh_span else None)
        _sub(el, "message", f["message"])
        for e in f["evidence"]:
            _sub(el, "evidence", e)
        if f["fix"]:
            _sub(el, "fix", f["fix"]["replacement"], start=f["fix"]["start"], end=f["fix"]["end"],
                 applicability=f["fix"]["applicability"])
    edition = _sub(root, "edition")
    for c in d["edition"]:
        el = _sub(edition, "change", code=c["code"], src_start=c["src_start"], src_end=c["src_end"],
                  out_start=c["out_start"], out_end=c["out_end"], layout="true" if c["layout"] else "false")
        _sub(el, "before", c["before"])
        _sub(el, "after", c["after"])
        _sub(el, "message", c["message"])
        for e in c["evidence"]:
            _sub(el, "evidence", e)
    reviewed = _sub(root, "reviewed")
    for fp in d["reviewed"]:
        _sub(reviewed, "mark", fingerprint=fp)
    _indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


# --------------------------------------------------------------------------- reading back


def schema():
    """The RELAX NG schema of the project XML, shipped in the package."""
    data = resources.files("ipdoc").joinpath("data/project.rng").read_bytes()
    return etree.RelaxNG(etree.fromstring(data))


def edition_from(source: Text, changes: tuple[Change, ...]) -> Edition:
    out, pos = [], 0
    for c in sorted(changes, key=lambda c: (c.src_start, c.src_end)):
        out.append(source.content[pos:c.src_start])
        out.append(c.after)
        pos = c.src_end
    out.append(source.content[pos:])
    text = Text("".join(out), source.lang, source.origin, source.encoding, source.format)
    return Edition(source, text, tuple(changes))


def _int(v):
    return int(v) if v not in (None, "") else None


def from_dict(d: dict[str, Any], origin: str = "<project>") -> Review:
    if d.get("format") != "ipdoc-project":
        raise InputError("not an ipdoc project file", origin)
    if str(d.get("version")) != FORMAT_VERSION:
        raise InputError(f"project format version {d.get('version')} is not supported "
                         f"(this ipdoc reads {FORMAT_VERSION})", origin)
    docs = {}
    for t in d["texts"]:
        text = Text(t["content"], t["lang"], t["origin"], t["encoding"], t["format"])
        units = tuple(Unit(u["id"], u["kind"], int(u["start"]), int(u["end"]), u.get("parent") or None,
                           u.get("number"), _int(u.get("value"))) for u in t["units"])
        notes = tuple(Note(n["code"], n.get("unit") or None, int(n["start"]), int(n["end"]), n["message"],
                           n.get("expected")) for n in t["notes"])
        for u in units:
            if not (0 <= u.start <= u.end <= len(text.content)):
                raise InputError(f"unit {u.id} lies outside its text", origin)
        docs[t["side"]] = Document(text, units, notes)
    if "en" not in docs:
        raise InputError("the project holds no English text", origin)
    pair = None
    if d.get("alignment"):
        if "zh" not in docs:
            raise InputError("the project holds an alignment but no Chinese text", origin)
        a = d["alignment"]
        beads = tuple(Bead(tuple(int(i) for i in x["zh"]), tuple(int(j) for j in x["en"]), float(x["score"]),
                           x["reason"]) for x in a["beads"])
        pair = AlignedPair(docs["zh"], docs["en"], a["level"], beads, a["signature"], tuple(a["warnings"]))
    findings = tuple(Finding(f["code"], f["name"], Severity(f["severity"]), f["side"], int(f["start"]), int(f["end"]),
                             f["message"], tuple(f["evidence"]),
                             Fix(int(f["fix"]["start"]), int(f["fix"]["end"]), f["fix"]["replacement"],
                                 Applicability(f["fix"]["applicability"])) if f.get("fix") else None,
                             (int(f["zh_span"][0]), int(f["zh_span"][1])) if f.get("zh_span") else None,
                             f["fingerprint"])
                     for f in d["findings"])
    changes = tuple(Change(c["code"], int(c["src_start"]), int(c["src_end"]), int(c["out_start"]), int(c["out_end"]),
                           c["before"], c["after"], c["message"], tuple(c["evidence"]), bool(c["layout"]))
                    for c in d["edition"])
    checked = Checked(docs["en"], pair, findings, d.get("signature", ""))
    return Review(checked, edition_from(docs["en"].text, changes), frozenset(d["reviewed"]), d.get("name", "") or "")


def _xml_to_dict(root, origin: str) -> dict:
    if root.tag != _q("project"):
        raise InputError("not an ipdoc project file (no project root in urn:ipdoc:project:1)", origin)
    errors = schema()
    if not errors.validate(root):
        raise InputError(f"project file does not match its schema: {errors.error_log.last_error.message}", origin)

    def kids(el, tag):
        return el.findall(_q(tag))

    texts = []
    for t in kids(root, "text"):
        texts.append({
            "side": t.get("side"), "lang": t.get("lang"), "origin": t.get("origin"), "encoding": t.get("encoding"),
            "format": t.get("format"), "content": get_text(t.find(_q("content"))),
            "units": [{"id": u.get("id"), "kind": u.get("kind"), "start": u.get("start"), "end": u.get("end"),
                       "parent": u.get("parent"), "number": u.get("number"), "value": u.get("value")}
                      for u in t.find(_q("units"))],
            "notes": [{"code": n.get("code"), "unit": n.get("unit"), "start": n.get("start"), "end": n.get("end"),
                       "message": get_text(n), "expected": n.get("expected")} for n in t.find(_q("notes"))],
        })
    al = root.find(_q("alignment"))
    alignment = None
    if al is not None:
        alignment = {"level": al.get("level"), "signature": al.get("signature"),
                     "warnings": [get_text(w) for w in kids(al, "warning")],
                     "beads": [{"zh": [int(x) for x in (b.get("zh") or "").split()],
                                "en": [int(x) for x in (b.get("en") or "").split()],
                                "score": float(b.get("score")), "reason": get_text(b)} for b in kids(al, "bead")]}
    findings = []
    for f in root.find(_q("findings")):
        fix = f.find(_q("fix"))
        zs, ze = f.get("zh-start"), f.get("zh-end")
        findings.append({
            "code": f.get("code"), "name": f.get("name"), "severity": f.get("severity"), "side": f.get("side"),
            "start": f.get("start"), "end": f.get("end"), "fingerprint": f.get("fingerprint"),
            "message": get_text(f.find(_q("message"))), "evidence": [get_text(e) for e in kids(f, "evidence")],
            "zh_span": [int(zs), int(ze)] if zs is not None else None,
            "fix": ({"start": fix.get("start"), "end": fix.get("end"), "replacement": get_text(fix),
                     "applicability": fix.get("applicability")} if fix is not None else None)})
    edition = []
    for c in root.find(_q("edition")):
        edition.append({"code": c.get("code"), "src_start": c.get("src-start"), "src_end": c.get("src-end"),
                        "out_start": c.get("out-start"), "out_end": c.get("out-end"),
                        "layout": c.get("layout") == "true", "before": get_text(c.find(_q("before"))),
                        "after": get_text(c.find(_q("after"))), "message": get_text(c.find(_q("message"))),
                        "evidence": [get_text(e) for e in kids(c, "evidence")]})
    signature = root.find(_q("signature"))
    return {"format": "ipdoc-project", "version": root.get("version"), "name": root.get("name"),
            "level": root.get("level"), "signature": get_text(signature) if signature is not None else "",
            "texts": texts, "alignment": alignment, "findings": findings, "edition": edition,
            "reviewed": [m.get("fingerprint") for m in root.find(_q("reviewed"))]}


def read(data: bytes, origin: str) -> Review:
    """A project from XML or JSON bytes."""
    head = data.lstrip()[:1]
    if head == b"{":
        try:
            d = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"not a valid JSON project file: {exc}", origin) from None
        try:
            return from_dict(d, origin)
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(f"incomplete JSON project file: {type(exc).__name__} {exc}", origin) from None
    root = parse_xml(data, origin, "project XML")
    try:
        return from_dict(_xml_to_dict(root, origin), origin)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"incomplete project file: {type(exc).__name__} {exc}", origin) from None


def is_project(data: bytes) -> bool:
    """Whether bytes hold an ipdoc project (XML or JSON)."""
    head = data.lstrip()[:400]
    return (head.startswith(b"{") and b'"format": "ipdoc-project"' in data) or b"urn:ipdoc:project:1" in head
