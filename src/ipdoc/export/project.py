"""The project file: the whole review — both texts, their structure and units as
spans, the notes, the alignment, the findings, the edition's changes — and an
editor's work on it — reviewed marks, decisions, pins, confirmed beads,
translations supplied for omissions, English units rewritten, the history of
those changes and the save counter — as XML (schema: ``data/project.rng``,
RELAX NG) or JSON.

``ipdoc check``/``fix``/``export``/``serve`` accept a project file in place of the
two texts, so a review resumes without re-aligning. Exported then read back, a
project gives identical texts, units, beads, findings, changes and work:
characters XML 1.0 cannot hold are written as ``<ctrl code="7"/>`` and restored.
Format version 2 adds the editor's work to version 1, which is still read. A sentence
alignment carries its clauses aligned inside every sentence bead (``clauses``: the English
clause units of the bilingual view and the clause beads, each with its sentence bead); read
back, they are the clause alignment of the review's pair as stored (the clause programme
weighs sentence vectors where the encoder is installed, so aligning again elsewhere could
differ from what the editor saw); a file without them still reads, its clauses then aligned
again when asked for.

Every field read back is checked before use (types, offsets inside their text,
bead indices and coverage, nesting depth, no lone surrogates): a bad file is one
:class:`~ipdoc.errors.InputError`, never an exception from deep inside a stage.
"""

from __future__ import annotations

import copy
import json
import re
from importlib import resources
from typing import TYPE_CHECKING, Any

from lxml import etree

from .. import __version__
from ..checks.result import Checked
from ..errors import InputError
from ..fix import ACTIONS, Decision
from ..model import (
    KINDS,
    LEVELS,
    AlignedPair,
    Applicability,
    Bead,
    Change,
    Document,
    Edition,
    Finding,
    Fix,
    Lang,
    Note,
    Severity,
    Text,
    Unit,
    tile,
)
from ..review import SLOTS, Review, Step, infer_unsafe
from ..xmlchars import has_non_xml, is_xml_char
from ..xmlsafe import is_root, parse_xml

if TYPE_CHECKING:
    from ..align.clauses import ClauseAlignment

NS = "urn:ipdoc:project:1"
FORMAT_VERSION = "2"
READABLE_VERSIONS = ("1", "2")
_STRUCTURAL = {"project", "text", "units", "notes", "alignment", "clauses", "findings", "finding", "edition", "change",
               "reviewed",
               "pins", "confirmed", "decisions", "supplied", "edited", "history", "step"}
_FP = re.compile(r"^[A-Z]\d{3}-[0-9a-f]{12}$")
_CODE = re.compile(r"^[A-Z]\d{3}$")
_MAX_DEPTH = 64  # JSON nesting a project file may have (its own is 5 deep)


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"




def put_text(el, text: str) -> None:
    """Text into an element; characters XML cannot hold become ``<ctrl code="N"/>``."""
    if not has_non_xml(text):
        el.text = text
        return
    el.text = ""
    last = None
    buf = []
    for ch in text:
        if is_xml_char(ch):
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
    """An element's text with ``<ctrl code="N"/>`` restored (only characters XML cannot hold)."""
    parts = [el.text or ""]
    for child in el:
        if etree.QName(child).localname == "ctrl":
            code = int(child.get("code"))
            if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF or is_xml_char(chr(code)):
                raise InputError(f"<ctrl code=\"{code}\"/> is not a character XML needs it for")
            parts.append(chr(code))
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
        if etree.QName(child).localname != "text":  # a <text> is indented when it is made
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


def to_dict(b: Review, texts: bool = True) -> dict[str, Any]:
    """The project as plain data (``texts``: with the two texts, as JSON holds them)."""
    both = [_doc_dict(b.en, "en")] + ([_doc_dict(b.zh, "zh")] if b.zh is not None else []) if texts else []
    alignment = None
    if b.pair is not None:
        a = b.pair
        alignment = {"level": a.level, "signature": a.signature, "warnings": list(a.warnings),
                     "beads": [{"zh": list(x.zh), "en": list(x.en), "score": x.score, "reason": x.reason}
                               for x in a.beads], "clauses": _clauses_dict(a)}
    return {
        "format": "ipdoc-project", "version": FORMAT_VERSION, "ipdoc": __version__, "name": b.name,
        "level": b.level, "signature": b.signature, "revision": b.revision, "unsafe": b.unsafe,
        "texts": both, "alignment": alignment,
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
        "pins": [list(p) for p in b.pins],
        "confirmed": [{"zh": list(z), "en": list(e)} for z, e in sorted(b.confirmed)],
        "decisions": [{"fingerprint": fp, "action": d.action, "text": d.text} for fp, d in sorted(b.decisions.items())],
        "supplied": [{"zh": list(z), "text": t} for z, t in sorted(b.supplied.items())],
        "edited": [{"unit": i, "text": t} for i, t in sorted(b.edited.items())],
        "history": [{"n": s.n, "who": s.who, "when": s.when, "action": s.action, "slot": s.slot, "key": s.key,
                     "before": s.before, "after": s.after} for s in b.history],
    }


def _clauses_dict(pair: AlignedPair) -> dict | None:
    """The clauses aligned inside a sentence alignment's beads (None at level clause, or for a pair
    the clause aligner cannot refine)."""
    from ..align.clauses import refining

    ca = refining(pair)
    if ca is None:
        return None
    view = ca.clauses
    return {"signature": view.signature,
            "en_units": [{"id": u.id, "start": u.start, "end": u.end, "parent": u.parent} for u in view.en_units],
            "beads": [{"zh": list(x.zh), "en": list(x.en), "score": x.score, "reason": x.reason, "sentence": k}
                      for x, k in zip(view.beads, ca.parents)]}


def export_json(b: Review) -> bytes:
    return (json.dumps(to_dict(b), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _ints(values) -> str:
    return " ".join(map(str, values))


_TEXTS: dict[int, tuple[Document, Any]] = {}  # the <text> element of a Document, made once


def _text_element(doc: Document, side: str):
    """A Document as its ``<text>`` element (texts never change in a review: one made for the
    same Document object is reused, so saving an edited review does not serialise them again)."""
    cached = _TEXTS.get(id(doc))
    if cached is not None and cached[0] is doc:
        return copy.deepcopy(cached[1])
    t = _doc_dict(doc, side)
    el = etree.Element(_q("text"), {k: t[k] for k in ("side", "lang", "origin", "encoding", "format")})
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
    _indent(el, 1)
    if len(_TEXTS) >= 8:
        _TEXTS.clear()
    _TEXTS[id(doc)] = (doc, el)
    return copy.deepcopy(el)


def export_xml(b: Review) -> bytes:
    d = to_dict(b, texts=False)
    root = etree.Element(_q("project"), nsmap={None: NS}, version=FORMAT_VERSION, ipdoc=__version__,
                         level=d["level"], name=d["name"] or "", revision=str(d["revision"]),
                         unsafe="true" if d["unsafe"] else "false")
    _sub(root, "signature", d["signature"])
    root.append(_text_element(b.en, "en"))
    if b.zh is not None:
        root.append(_text_element(b.zh, "zh"))
    if d["alignment"] is not None:
        a = d["alignment"]
        al = _sub(root, "alignment", level=a["level"], signature=a["signature"])
        for w in a["warnings"]:
            _sub(al, "warning", w)
        for x in a["beads"]:
            _sub(al, "bead", x["reason"], zh=_ints(x["zh"]), en=_ints(x["en"]), score=repr(x["score"]))
        if a["clauses"] is not None:
            c = a["clauses"]
            cl = _sub(al, "clauses", signature=c["signature"])
            for u in c["en_units"]:
                _sub(cl, "unit", id=u["id"], start=u["start"], end=u["end"], parent=u["parent"])
            for x in c["beads"]:
                _sub(cl, "bead", x["reason"], zh=_ints(x["zh"]), en=_ints(x["en"]), score=repr(x["score"]),
                     sentence=x["sentence"])
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
    pins = _sub(root, "pins")
    for p, q in d["pins"]:
        _sub(pins, "pin", zh=p, en=q)
    confirmed = _sub(root, "confirmed")
    for x in d["confirmed"]:
        _sub(confirmed, "bead", zh=_ints(x["zh"]), en=_ints(x["en"]))
    decisions = _sub(root, "decisions")
    for x in d["decisions"]:
        _sub(decisions, "decision", x["text"], fingerprint=x["fingerprint"], action=x["action"])
    supplied = _sub(root, "supplied")
    for x in d["supplied"]:
        _sub(supplied, "translation", x["text"], zh=_ints(x["zh"]))
    edited = _sub(root, "edited")
    for x in d["edited"]:
        _sub(edited, "unit", x["text"], index=x["unit"])
    history = _sub(root, "history")
    for s in d["history"]:
        el = _sub(history, "step", n=s["n"], who=s["who"], when=s["when"], action=s["action"], slot=s["slot"],
                  key=s["key"])
        _sub(el, "before", s["before"])
        _sub(el, "after", s["after"])
    _indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


# --------------------------------------------------------------------------- checked reading


class _Fields:
    """Typed access to a decoded project, each failure one InputError naming the field."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, what: str, problem: str) -> InputError:
        return InputError(f"{what}: {problem}", self.origin)

    def get(self, d: Any, key: str, what: str, default: Any = ...) -> Any:
        if not isinstance(d, dict):
            raise self.fail(what, "expected an object")
        if key not in d:
            if default is ...:
                raise self.fail(f"{what}.{key}", "missing")
            return default
        return d[key]

    def text(self, v: Any, what: str, optional: bool = False) -> Any:
        if v is None and optional:
            return None
        if not isinstance(v, str):
            raise self.fail(what, "expected a string")
        try:
            v.encode("utf-8")
        except UnicodeEncodeError:
            raise self.fail(what, "holds a lone surrogate (not a character)") from None
        return v

    def whole(self, v: Any, what: str, optional: bool = False, low: int = 0, high: int | None = None) -> Any:
        if (v is None or v == "") and optional:
            return None
        if isinstance(v, str) and re.fullmatch(r"-?\d{1,18}", v.strip()):
            v = int(v)
        if not isinstance(v, int) or isinstance(v, bool):
            raise self.fail(what, "expected a whole number")
        if v < low or (high is not None and v > high):
            raise self.fail(what, f"{v} is out of range ({low} to {high if high is not None else 'any'})")
        return v

    def number(self, v: Any, what: str) -> float:
        if isinstance(v, str):
            try:
                v = float(v)
            except ValueError:
                raise self.fail(what, "expected a number") from None
        if not isinstance(v, (int, float)) or isinstance(v, bool) or v != v:
            raise self.fail(what, "expected a number")
        return float(v)

    def flag(self, v: Any, what: str) -> bool:
        if not isinstance(v, bool):
            raise self.fail(what, "expected true or false")
        return v

    def items(self, v: Any, what: str) -> list:
        if not isinstance(v, list):
            raise self.fail(what, "expected a list")
        return v

    def choice(self, v: Any, what: str, choices) -> str:
        s = self.text(v, what)
        if s not in choices:
            raise self.fail(what, f"{s[:30]!r} is not one of {', '.join(map(str, choices))}")
        return s

    def pattern(self, v: Any, what: str, rx: re.Pattern) -> str:
        s = self.text(v, what)
        if not rx.match(s):
            raise self.fail(what, f"{s[:30]!r} is malformed")
        return s

    def span(self, d: dict, what: str, length: int, keys: tuple[str, str] = ("start", "end")) -> tuple[int, int]:
        start = self.whole(self.get(d, keys[0], what), f"{what}.{keys[0]}", high=length)
        end = self.whole(self.get(d, keys[1], what), f"{what}.{keys[1]}", high=length)
        if end < start:
            raise self.fail(what, f"ends ({end}) before it starts ({start})")
        return start, end

    def indices(self, v: Any, what: str, count: int) -> tuple[int, ...]:
        return tuple(self.whole(i, f"{what}[{n}]", high=count - 1) for n, i in enumerate(self.items(v, what)))


def _depth(value: Any, origin: str) -> None:
    """Refuse nesting deeper than a project file has (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        v, depth = stack.pop()
        if depth > _MAX_DEPTH:
            raise InputError(f"JSON nested more than {_MAX_DEPTH} levels deep", origin)
        if isinstance(v, dict):
            stack.extend((x, depth + 1) for x in v.values())
        elif isinstance(v, list):
            stack.extend((x, depth + 1) for x in v)


def _document(t: dict, k: int, ff: _Fields) -> tuple[str, Document]:
    what = f"texts[{k}]"
    side = ff.choice(ff.get(t, "side", what), f"{what}.side", tuple(Lang))
    content = ff.text(ff.get(t, "content", what), f"{what}.content")
    text = Text(content, ff.choice(ff.get(t, "lang", what), f"{what}.lang", tuple(Lang)),
                ff.text(ff.get(t, "origin", what), f"{what}.origin"),
                ff.text(ff.get(t, "encoding", what), f"{what}.encoding"),
                ff.text(ff.get(t, "format", what), f"{what}.format"))
    n = len(content)
    units = []
    for j, u in enumerate(ff.items(ff.get(t, "units", what), f"{what}.units")):
        w = f"{what}.units[{j}]"
        start, end = ff.span(u, w, n)
        units.append(Unit(ff.text(ff.get(u, "id", w), f"{w}.id"), ff.choice(ff.get(u, "kind", w), f"{w}.kind", KINDS),
                          start, end, ff.text(ff.get(u, "parent", w, None), f"{w}.parent", True) or None,
                          ff.text(ff.get(u, "number", w, None), f"{w}.number", True),
                          ff.whole(ff.get(u, "value", w, None), f"{w}.value", True, low=-(2 ** 62))))
    ids = {u.id for u in units}
    if len(ids) != len(units):
        raise ff.fail(f"{what}.units", "two units share an id")
    for u in units:
        if u.parent is not None and u.parent not in ids:
            raise ff.fail(f"{what}.units", f"unit {u.id} names a parent {u.parent[:20]!r} that is not there")
    doc_units = tuple(units)
    notes = []
    for j, x in enumerate(ff.items(ff.get(t, "notes", what), f"{what}.notes")):
        w = f"{what}.notes[{j}]"
        start, end = ff.span(x, w, n)
        unit = ff.text(ff.get(x, "unit", w, None), f"{w}.unit", True) or None
        if unit is not None and unit not in ids:
            raise ff.fail(w, f"names a unit {unit[:20]!r} that is not there")
        notes.append(Note(ff.text(ff.get(x, "code", w), f"{w}.code"), unit, start, end,
                          ff.text(ff.get(x, "message", w), f"{w}.message"),
                          ff.text(ff.get(x, "expected", w, None), f"{w}.expected", True)))
    doc = Document(text, doc_units, tuple(notes))
    for level in LEVELS:
        try:
            tile(doc.level(level), n)
        except ValueError as exc:
            raise ff.fail(f"{what}.units", f"the {level} units do not tile the text ({exc})") from None
    return side, doc


def _alignment(a: dict, docs: dict[str, Document], ff: _Fields) -> AlignedPair:
    level = ff.choice(ff.get(a, "level", "alignment"), "alignment.level", ("sentence", "clause"))
    zh, en = docs[Lang.ZH], docs[Lang.EN]
    nz, ne = len(zh.level(level)), len(en.level(level))
    beads = []
    seen = {Lang.ZH: -1, Lang.EN: -1}
    for k, x in enumerate(ff.items(ff.get(a, "beads", "alignment"), "alignment.beads")):
        w = f"alignment.beads[{k}]"
        zs = ff.indices(ff.get(x, "zh", w), f"{w}.zh", nz)
        es = ff.indices(ff.get(x, "en", w), f"{w}.en", ne)
        if not zs and not es:
            raise ff.fail(w, "holds no unit")
        for side, idx in ((Lang.ZH, zs), (Lang.EN, es)):
            for i in idx:
                if i != seen[side] + 1:
                    raise ff.fail(w, f"{side} unit {i} is out of order (expected {seen[side] + 1})")
                seen[side] = i
        beads.append(Bead(zs, es, ff.number(ff.get(x, "score", w), f"{w}.score"),
                          ff.text(ff.get(x, "reason", w), f"{w}.reason")))
    for side, count in ((Lang.ZH, nz), (Lang.EN, ne)):
        if seen[side] != count - 1:
            raise ff.fail("alignment.beads", f"{side} unit {seen[side] + 1} is in no bead (there are {count})")
    warnings = tuple(ff.text(w, "alignment.warnings[]") for w in ff.items(ff.get(a, "warnings", "alignment", []),
                                                                          "alignment.warnings"))
    return AlignedPair(zh, en, level, tuple(beads), ff.text(ff.get(a, "signature", "alignment", ""),
                                                           "alignment.signature"), warnings)


def _clauses(c: dict, pair: AlignedPair, ff: _Fields) -> ClauseAlignment:
    """A sentence alignment's stored clause alignment, every unit inside its sentence bead."""
    from ..align.clauses import ClauseAlignment

    what = "alignment.clauses"
    if pair.level != "sentence":
        raise ff.fail(what, "clauses are stored for a sentence alignment only")
    zunits = pair.zh.level("clause")
    sentence_bead = {side: {u.id: k for k, b in enumerate(pair.beads) for u in pair.bead_units(b, side)}
                     for side in (Lang.ZH, Lang.EN)}
    n = len(pair.en.text.content)
    units: list[Unit] = []
    for j, u in enumerate(ff.items(ff.get(c, "en_units", what), f"{what}.en_units")):
        w = f"{what}.en_units[{j}]"
        start, end = ff.span(u, w, n)
        parent = ff.text(ff.get(u, "parent", w), f"{w}.parent")
        if parent not in sentence_bead[Lang.EN]:
            raise ff.fail(w, f"names a sentence {parent[:20]!r} that is not there")
        if units and start < units[-1].end:
            raise ff.fail(w, "overlaps the unit before it")
        units.append(Unit(ff.text(ff.get(u, "id", w), f"{w}.id"), "clause", start, end, parent))
    beads: list[Bead] = []
    parents: list[int] = []
    seen = {Lang.ZH: -1, Lang.EN: -1}
    for k, x in enumerate(ff.items(ff.get(c, "beads", what), f"{what}.beads")):
        w = f"{what}.beads[{k}]"
        zs = ff.indices(ff.get(x, "zh", w), f"{w}.zh", len(zunits))
        es = ff.indices(ff.get(x, "en", w), f"{w}.en", len(units))
        sb = ff.whole(ff.get(x, "sentence", w), f"{w}.sentence", low=parents[-1] if parents else 0,
                      high=len(pair.beads) - 1)
        if not zs and not es:
            raise ff.fail(w, "holds no unit")
        for side, idx, where in ((Lang.ZH, zs, zunits), (Lang.EN, es, units)):
            for i in idx:
                if i != seen[side] + 1:
                    raise ff.fail(w, f"{side} unit {i} is out of order (expected {seen[side] + 1})")
                seen[side] = i
                if sentence_bead[side].get(where[i].parent or "") != sb:
                    raise ff.fail(w, f"{side} unit {i} lies outside sentence bead {sb}")
        beads.append(Bead(zs, es, ff.number(ff.get(x, "score", w), f"{w}.score"),
                          ff.text(ff.get(x, "reason", w), f"{w}.reason")))
        parents.append(sb)
    for side, count in ((Lang.ZH, len(zunits)), (Lang.EN, len(units))):
        if seen[side] != count - 1:
            raise ff.fail(f"{what}.beads", f"{side} unit {seen[side] + 1} is in no bead (there are {count})")
    view = AlignedPair(pair.zh, pair.en, "clause", tuple(beads), ff.text(ff.get(c, "signature", what),
                                                                          f"{what}.signature"),
                       pair.warnings, tuple(zunits), tuple(units), pair.related, pair.support)
    return ClauseAlignment(pair, view, tuple(parents))


def _finding(f: dict, k: int, docs: dict[str, Document], ff: _Fields) -> Finding:
    w = f"findings[{k}]"
    side = ff.choice(ff.get(f, "side", w), f"{w}.side", tuple(docs))
    n = len(docs[side].text.content)
    start, end = ff.span(f, w, n)
    fix = None
    if ff.get(f, "fix", w, None) is not None:
        x = f["fix"]
        fs, fe = ff.span(x, f"{w}.fix", n)
        fix = Fix(fs, fe, ff.text(ff.get(x, "replacement", f"{w}.fix"), f"{w}.fix.replacement"),
                  Applicability(ff.choice(ff.get(x, "applicability", f"{w}.fix"), f"{w}.fix.applicability",
                                          tuple(Applicability))))
    zh_span = None
    if ff.get(f, "zh_span", w, None) is not None:
        if Lang.ZH not in docs:
            raise ff.fail(f"{w}.zh_span", "the project holds no Chinese text")
        zs = ff.items(f["zh_span"], f"{w}.zh_span")
        if len(zs) != 2:
            raise ff.fail(f"{w}.zh_span", "expected [start, end]")
        zh_span = ff.span({"start": zs[0], "end": zs[1]}, f"{w}.zh_span", len(docs[Lang.ZH].text.content))
    return Finding(ff.pattern(ff.get(f, "code", w), f"{w}.code", _CODE), ff.text(ff.get(f, "name", w), f"{w}.name"),
                   Severity(ff.choice(ff.get(f, "severity", w), f"{w}.severity", tuple(Severity))), side, start, end,
                   ff.text(ff.get(f, "message", w), f"{w}.message"),
                   tuple(ff.text(e, f"{w}.evidence[]")
                         for e in ff.items(ff.get(f, "evidence", w, []), f"{w}.evidence")),
                   fix, zh_span, ff.pattern(ff.get(f, "fingerprint", w), f"{w}.fingerprint", _FP))


def _edition(items: list, source: Text, ff: _Fields) -> Edition:
    content = source.content
    changes = []
    pos = out_pos = 0
    pieces = []
    for k, c in enumerate(items):
        w = f"edition[{k}]"
        src_start, src_end = ff.span(c, w, len(content), ("src_start", "src_end"))
        if src_start < pos:
            raise ff.fail(w, "overlaps the change before it, or is out of order")
        before = ff.text(ff.get(c, "before", w), f"{w}.before")
        after = ff.text(ff.get(c, "after", w), f"{w}.after")
        if content[src_start:src_end] != before:
            raise ff.fail(f"{w}.before", "is not the text at its offsets")
        out_start = out_pos + src_start - pos
        out_end = out_start + len(after)
        if (ff.whole(ff.get(c, "out_start", w), f"{w}.out_start"), ff.whole(ff.get(c, "out_end", w), f"{w}.out_end")) \
                != (out_start, out_end):
            raise ff.fail(w, f"its edition offsets should be {out_start} and {out_end}")
        changes.append(Change(ff.text(ff.get(c, "code", w), f"{w}.code"), src_start, src_end, out_start, out_end,
                              before, after, ff.text(ff.get(c, "message", w), f"{w}.message"),
                              tuple(ff.text(e, f"{w}.evidence[]") for e in ff.items(ff.get(c, "evidence", w, []),
                                                                                  f"{w}.evidence")),
                              ff.flag(ff.get(c, "layout", w, False), f"{w}.layout")))
        pieces += [content[pos:src_start], after]
        pos, out_pos = src_end, out_end
    pieces.append(content[pos:])
    text = Text("".join(pieces), source.lang, source.origin, source.encoding, source.format)
    return Edition(source, text, tuple(changes))


def _work(d: dict, pair: AlignedPair | None, en_units: int, ff: _Fields) -> dict[str, Any]:
    """The editor's work (version 2): pins, confirmed beads, decisions, translations, edits, history."""
    keys = {(b.zh, b.en): b for b in pair.beads} if pair is not None else {}
    nz = len(pair.zh_units) if pair is not None else 0
    ne = len(pair.en_units) if pair is not None else en_units
    pins = []
    for k, p in enumerate(ff.items(d.get("pins", []), "pins")):
        pv = ff.items(p, f"pins[{k}]")
        if len(pv) != 2 or pair is None:
            raise ff.fail(f"pins[{k}]", "expected [zh, en] unit indices of an aligned pair")
        pins.append((ff.whole(pv[0], f"pins[{k}][0]", high=nz - 1), ff.whole(pv[1], f"pins[{k}][1]", high=ne - 1)))
    if pins:
        from ..align import check_pins

        try:
            check_pins(pins, nz, ne)
        except InputError as exc:
            raise ff.fail("pins", str(exc)) from None
    confirmed = set()
    for k, x in enumerate(ff.items(d.get("confirmed", []), "confirmed")):
        key = (ff.indices(ff.get(x, "zh", f"confirmed[{k}]"), f"confirmed[{k}].zh", nz),
               ff.indices(ff.get(x, "en", f"confirmed[{k}]"), f"confirmed[{k}].en", ne))
        if key not in keys:
            raise ff.fail(f"confirmed[{k}]", "is not a bead of the alignment")
        confirmed.add(key)
    decisions = {}
    for k, x in enumerate(ff.items(d.get("decisions", []), "decisions")):
        w = f"decisions[{k}]"
        fp = ff.pattern(ff.get(x, "fingerprint", w), f"{w}.fingerprint", _FP)
        decisions[fp] = Decision(ff.choice(ff.get(x, "action", w), f"{w}.action", ACTIONS),
                                 ff.text(ff.get(x, "text", w, ""), f"{w}.text"))
    supplied = {}
    for k, x in enumerate(ff.items(d.get("supplied", []), "supplied")):
        w = f"supplied[{k}]"
        zs = ff.indices(ff.get(x, "zh", w), f"{w}.zh", nz)
        if (zs, ()) not in keys:
            raise ff.fail(w, "is not an omission of the alignment")
        supplied[zs] = ff.text(ff.get(x, "text", w), f"{w}.text")
    edited = {}
    for k, x in enumerate(ff.items(d.get("edited", []), "edited")):
        w = f"edited[{k}]"
        edited[ff.whole(ff.get(x, "unit", w), f"{w}.unit", high=ne - 1)] = ff.text(ff.get(x, "text", w), f"{w}.text")
    history: list[Step] = []
    for k, s in enumerate(ff.items(d.get("history", []), "history")):
        w = f"history[{k}]"
        n = ff.whole(ff.get(s, "n", w), f"{w}.n", low=history[-1].n + 1 if history else 1)
        before, after = ff.text(ff.get(s, "before", w), f"{w}.before"), ff.text(ff.get(s, "after", w), f"{w}.after")
        for v, name in ((before, "before"), (after, "after")):
            try:
                _depth(json.loads(v), ff.origin)
            except (json.JSONDecodeError, RecursionError):
                raise ff.fail(f"{w}.{name}", "is not JSON") from None
        history.append(Step(n, ff.text(ff.get(s, "who", w), f"{w}.who"), ff.text(ff.get(s, "when", w), f"{w}.when"),
                            ff.text(ff.get(s, "action", w), f"{w}.action"),
                            ff.choice(ff.get(s, "slot", w), f"{w}.slot", SLOTS),
                            ff.text(ff.get(s, "key", w), f"{w}.key"), before, after))
    return {"pins": tuple(pins), "confirmed": frozenset(confirmed), "decisions": decisions, "supplied": supplied,
            "edited": edited, "history": tuple(history),
            "revision": ff.whole(d.get("revision", 0), "revision"), "unsafe": d.get("unsafe")}


def from_dict(d: dict[str, Any], origin: str = "<project>") -> Review:
    """A review from a decoded project (JSON, or the XML read into the same shape), every field checked."""
    ff = _Fields(origin)
    if not isinstance(d, dict) or d.get("format") != "ipdoc-project":
        raise InputError("not an ipdoc project file", origin)
    if str(d.get("version")) not in READABLE_VERSIONS:
        raise InputError(f"project format version {str(d.get('version'))[:10]} is not supported "
                         f"(this ipdoc reads {' and '.join(READABLE_VERSIONS)})", origin)
    docs: dict[str, Document] = {}
    for k, t in enumerate(ff.items(ff.get(d, "texts", "project"), "texts")):
        side, doc = _document(t, k, ff)
        if side in docs:
            raise ff.fail(f"texts[{k}]", f"a second {side} text")
        docs[side] = doc
    if Lang.EN not in docs:
        raise InputError("the project holds no English text", origin)
    pair = None
    if d.get("alignment"):
        if Lang.ZH not in docs:
            raise InputError("the project holds an alignment but no Chinese text", origin)
        pair = _alignment(d["alignment"], docs, ff)
        if d["alignment"].get("clauses"):
            from ..align.clauses import remember

            remember(_clauses(d["alignment"]["clauses"], pair, ff))
    findings = tuple(_finding(f, k, docs, ff) for k, f in enumerate(ff.items(ff.get(d, "findings", "project"),
                                                                            "findings")))
    edition = _edition(ff.items(ff.get(d, "edition", "project"), "edition"), docs[Lang.EN].text, ff)
    reviewed = frozenset(ff.pattern(fp, "reviewed[]", _FP) for fp in ff.items(ff.get(d, "reviewed", "project"),
                                                                              "reviewed"))
    checked = Checked(docs[Lang.EN], pair, findings, ff.text(d.get("signature", ""), "signature"))
    work = _work(d, pair, len(docs[Lang.EN].level("sentence")), ff)
    unsafe = work.pop("unsafe")
    unsafe = infer_unsafe(findings, edition) if unsafe is None else ff.flag(unsafe, "unsafe")
    return Review(checked, edition, reviewed, ff.text(d.get("name", "") or "", "name"), unsafe=unsafe, **work)


def _xml_to_dict(root, origin: str) -> dict:
    if root.tag != _q("project"):
        raise InputError("not an ipdoc project file (no project root in urn:ipdoc:project:1)", origin)
    errors = schema()
    if not errors.validate(root):
        raise InputError(f"project file does not match its schema: {errors.error_log.last_error.message}", origin)

    def kids(el, tag):
        return el.findall(_q(tag)) if el is not None else []

    def ints(v):
        return [int(x) for x in (v or "").split()]

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
                     "beads": [{"zh": ints(b.get("zh")), "en": ints(b.get("en")), "score": b.get("score"),
                                "reason": get_text(b)} for b in kids(al, "bead")]}
        cl = al.find(_q("clauses"))
        if cl is not None:
            alignment["clauses"] = {
                "signature": cl.get("signature"),
                "en_units": [{"id": u.get("id"), "start": u.get("start"), "end": u.get("end"),
                              "parent": u.get("parent")} for u in kids(cl, "unit")],
                "beads": [{"zh": ints(b.get("zh")), "en": ints(b.get("en")), "score": b.get("score"),
                           "sentence": b.get("sentence"), "reason": get_text(b)} for b in kids(cl, "bead")]}
    findings = []
    for f in root.find(_q("findings")):
        fix = f.find(_q("fix"))
        zs, ze = f.get("zh-start"), f.get("zh-end")
        findings.append({
            "code": f.get("code"), "name": f.get("name"), "severity": f.get("severity"), "side": f.get("side"),
            "start": f.get("start"), "end": f.get("end"), "fingerprint": f.get("fingerprint"),
            "message": get_text(f.find(_q("message"))), "evidence": [get_text(e) for e in kids(f, "evidence")],
            "zh_span": [zs, ze] if zs is not None else None,
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
    unsafe = root.get("unsafe")
    return {"format": "ipdoc-project", "version": root.get("version"), "name": root.get("name"),
            "level": root.get("level"), "signature": get_text(signature) if signature is not None else "",
            "revision": root.get("revision", "0"), "unsafe": None if unsafe is None else unsafe == "true",
            "texts": texts, "alignment": alignment, "findings": findings, "edition": edition,
            "reviewed": [m.get("fingerprint") for m in root.find(_q("reviewed"))],
            "pins": [[p.get("zh"), p.get("en")] for p in kids(root.find(_q("pins")), "pin")],
            "confirmed": [{"zh": ints(b.get("zh")), "en": ints(b.get("en"))}
                          for b in kids(root.find(_q("confirmed")), "bead")],
            "decisions": [{"fingerprint": x.get("fingerprint"), "action": x.get("action"), "text": get_text(x)}
                          for x in kids(root.find(_q("decisions")), "decision")],
            "supplied": [{"zh": ints(x.get("zh")), "text": get_text(x)}
                         for x in kids(root.find(_q("supplied")), "translation")],
            "edited": [{"unit": x.get("index"), "text": get_text(x)} for x in kids(root.find(_q("edited")), "unit")],
            "history": [{"n": s.get("n"), "who": s.get("who"), "when": s.get("when"), "action": s.get("action"),
                         "slot": s.get("slot"), "key": s.get("key"), "before": get_text(s.find(_q("before"))),
                         "after": get_text(s.find(_q("after")))} for s in kids(root.find(_q("history")), "step")]}


# --------------------------------------------------------------------------- reading back


def schema():
    """The RELAX NG schema of the project XML, shipped in the package."""
    data = resources.files("ipdoc").joinpath("data/project.rng").read_bytes()
    return etree.RelaxNG(etree.fromstring(data))


def edition_from(source: Text, changes: tuple[Change, ...]) -> Edition:
    """An edition made from its source and its changes (offsets as stored)."""
    out, pos = [], 0
    for c in sorted(changes, key=lambda c: (c.src_start, c.src_end)):
        out.append(source.content[pos:c.src_start])
        out.append(c.after)
        pos = c.src_end
    out.append(source.content[pos:])
    text = Text("".join(out), source.lang, source.origin, source.encoding, source.format)
    return Edition(source, text, tuple(changes))


def read(data: bytes, origin: str) -> Review:
    """A project from XML or JSON bytes; a bad one is an InputError."""
    head = data.lstrip()[:1]
    if head == b"{":
        try:
            d = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"not a valid JSON project file: {exc}", origin) from None
        except RecursionError:
            raise InputError(f"JSON nested more than {_MAX_DEPTH} levels deep", origin) from None
        _depth(d, origin)
        return from_dict(d, origin)
    root = parse_xml(data, origin, "project XML")
    try:
        return from_dict(_xml_to_dict(root, origin), origin)
    except InputError as exc:
        raise InputError(str(exc).removeprefix(f"{origin}: "), origin) from None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"incomplete project file: {type(exc).__name__} {exc}", origin) from None


def is_project(data: bytes) -> bool:
    """Whether bytes hold an ipdoc project: JSON with its format key, or XML whose root element
    is ``project`` in ipdoc's namespace (found in any encoding, after a prolog of any length)."""
    if data.lstrip()[:1] == b"{":
        return b'"format": "ipdoc-project"' in data
    return is_root(data, NS, "project")
