"""TEI P5: the review as a digital edition that TEI tools read, and back.

``export`` writes one TEI document (validating against TEI 4.3.0's ``tei_all.rng``):

- a ``teiHeader``: what the text is (title, document number, issuing body and date
  where recovered), the source files and their encodings, ipdoc as an
  ``application`` (the marker ``read`` recognises) with the checks' and the
  alignment's signatures, ipdoc's rules and the severities as ``taxonomy``s, the
  characters XML cannot hold in a ``charDecl``, the run and the editor's decisions
  in the ``revisionDesc``;
- the Chinese and the English as a ``group`` of two ``text``s whose structure is
  ``front``/``div``/``head``/``p``/``ab``/``closer``, sentences ``s`` and clauses
  ``seg`` with stable ids; every correction of the edition in place as
  ``choice``/``sic``/``corr`` (or, where it cannot sit in place, in ``standOff``);
  findings and structure notes as ``note``s where their span ends;
- ``standOff``: the alignment as a ``linkGrp`` (``link``/``ptr`` with the confidence
  in ``@cert`` and the reason in an ``interp``) and, for a sentence alignment, the
  clauses aligned inside its beads as a second one (``type="clause-alignment"``,
  each link ``corresp`` to its sentence bead; an English clause cut inside one of
  the text's clauses is pointed at as a ``range()``), the changes kept apart, the
  fixes left out.

The side texts carry ``xml:space="preserve"``: every character between their tags
is the text, so ``read`` rebuilds the :class:`~ipdoc.review.Review` exactly (texts
character for character, units, notes, beads, findings, changes, reviewed marks).
Spans that are no element are pointed at with ``anchor``s and the TEI pointer
scheme ``range()``. ``text_of`` reads the text of any TEI file as an input text.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from .. import __version__
from ..checks import FAMILIES, registry
from ..checks.result import Checked
from ..errors import InputError
from ..model import (
    CONTAINER_KINDS,
    AlignedPair,
    Applicability,
    Bead,
    Change,
    Document,
    Edition,
    Finding,
    Fix,
    Kind,
    Lang,
    Note,
    Severity,
    Skipped,
    Text,
    Unit,
)
from ..review import Review
from ..xmlchars import is_xml_char
from ..xmlsafe import parse_xml
from .project import edition_from, from_dict, to_dict

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
FORMAT_VERSION = "1"
LANG_TAGS = {Lang.ZH: "zh-Hans", Lang.EN: "en"}
_XML_WS = frozenset(" \t\r\n")
_RANGE = re.compile(r"^#range\(([^,()]+),([^,()]+)\)$")

# element (and @type) of each kind of unit in the body
_LEAF_TAGS = {Kind.HEADING: "head", Kind.PARAGRAPH: "p", Kind.TITLE: "titlePart", Kind.DOCNO: "docImprint",
              Kind.ADDRESSEE: "salute", Kind.SIGNATURE: "signed", Kind.DATE: "dateline"}
_KIND_OF_TAG: dict[str, Kind] = {v: k for k, v in _LEAF_TAGS.items()} | {"s": Kind.SENTENCE}
_FRONT = (Kind.TITLE, Kind.DOCNO)
_CLOSING = (Kind.SIGNATURE, Kind.DATE)
# regions of a div's (and body's) content, in the order TEI requires them
_TOP, _COMMON, _DIVS, _BOTTOM = range(4)
_REGION = {"head": _TOP, "opener": _TOP, "p": _COMMON, "ab": _COMMON, "div": _DIVS, "closer": _BOTTOM}


def _t(tag: str) -> str:
    return f"{{{TEI_NS}}}{tag}"


def _xml(name: str) -> str:
    return f"{{{XML_NS}}}{name}"


def _local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _char_id(code: int) -> str:
    return f"U{code:04X}"


# --------------------------------------------------------------------------- writing: the tree of spans


@dataclass(slots=True)
class _Node:
    """An element over ``[start, end)`` of one side's text, before it becomes XML.

    ``role``: ``unit`` (a unit of the document), ``wrap`` (structure TEI asks for
    that holds no unit), ``indent`` (whitespace before a unit's text), ``num`` (a
    printed marker), ``choice`` (a change in place: ``after`` is its correction,
    ``extra`` the attributes of its ``corr``) or ``point`` (an anchor or a note,
    built already: ``element``).
    """

    tag: str
    start: int
    end: int
    attrs: dict[str, str] = field(default_factory=dict)
    kids: list[_Node] = field(default_factory=list)
    mixed: bool = True  # may hold text and phrase-level elements
    role: str = "unit"
    kind: str = ""
    after: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    element: Any = None

    @property
    def point(self) -> bool:
        return self.role == "point"


@dataclass(slots=True)
class _Writer:
    """What the export collects while it builds: characters XML cannot hold, anchors."""

    chars: set[int] = field(default_factory=set)
    anchors: dict[tuple[str, int], str] = field(default_factory=dict)

    def put(self, el, last, text: str):
        """Append ``text`` to ``el`` after its child ``last`` (None: before any child);
        characters XML cannot hold become ``<g ref="#U0007"/>``. Returns the new last child."""
        bad = {ch for ch in set(text) if not is_xml_char(ch)}
        if not bad:
            _append(el, last, text)
            return last
        start = 0
        for k, ch in enumerate(text):
            if ch not in bad:
                continue
            _append(el, last, text[start:k])
            self.chars.add(ord(ch))
            g = etree.Element(_t("g"), ref="#" + _char_id(ord(ch)))
            if last is None:
                el.insert(0, g)
            else:
                last.addnext(g)
            last, start = g, k + 1
        _append(el, last, text[start:])
        return last

    def sub(self, host, tag: str, text: str | None = None, **attrs: str | None):
        el = etree.SubElement(host, _t(tag), _attrs(attrs))
        if text:
            self.put(el, None, text)
        return el


def _append(el, last, text: str) -> None:
    if not text:
        return
    if last is None:
        el.text = (el.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def _attrs(attrs: dict[str, str | None]) -> dict[str, str]:
    """Attribute names as written in Python (``xml_id``, ``type``) to their XML names."""
    return {(_xml(k[4:]) if k.startswith("xml_") else k): v for k, v in attrs.items() if v is not None}


def _unit_nodes(doc: Document, side: str) -> list[_Node]:
    """The units of a document as a tree of nodes; the top-level ones are returned."""
    nodes = {}
    for u in doc.units:
        attrs = {"xml_id": f"{side}-{u.id}"} | ({"n": u.number} if u.number is not None else {})
        nodes[u.id] = _Node("", u.start, u.end, attrs, mixed=u.kind not in CONTAINER_KINDS, kind=u.kind)
    top: list[_Node] = []
    for u in doc.units:
        parent = nodes.get(u.parent) if u.parent is not None else None
        (parent.kids if parent is not None else top).append(nodes[u.id])
    for n in [*nodes.values(), _Node("text", 0, len(doc.text.content), kids=top)]:
        n.kids.sort(key=lambda k: (k.start, -k.end))
        pos = n.start
        for k in n.kids:
            if k.start < pos or k.end > n.end or k.end < k.start:
                raise InputError(f"unit {k.attrs['xml_id']} overlaps another or lies outside its parent")
            pos = k.end
    return top


def _tag(n: _Node, context: str, region: int = _COMMON) -> None:
    """The element of a unit where it stands: a container is a ``div``; in a ``front``
    titles are ``titlePart`` and numbers ``docImprint``; a heading opening its
    division is ``head``; in a ``closer`` the signature is ``signed`` and the date
    ``dateline``; inside a block sentences are ``s`` and clauses ``seg``; anything else
    is an ``ab`` (a ``seg`` inside a block) typed with its kind."""
    kind = n.kind
    tag = "seg" if context == "mixed" else "ab"
    typ: str | None = kind
    if kind in CONTAINER_KINDS:
        tag = "div"
    elif context == "mixed" and kind in (Kind.SENTENCE, Kind.CLAUSE):
        tag, typ = ("s", None) if kind == Kind.SENTENCE else ("seg", "clause")
    elif context == "front" and kind in (Kind.TITLE, Kind.DOCNO):
        tag, typ = ("titlePart", "main") if kind == Kind.TITLE else ("docImprint", None)
    elif context == "closer" and kind in _CLOSING:
        tag, typ = _LEAF_TAGS[Kind(kind)], None
    elif context == "div" and kind == Kind.PARAGRAPH:
        tag, typ = "p", None
    elif context == "div" and kind in (Kind.HEADING, Kind.ADDRESSEE) and region == _TOP:
        tag, typ = _LEAF_TAGS[Kind(kind)], None
    n.tag = tag
    n.attrs.pop("type", None)
    if typ is not None:
        n.attrs["type"] = typ


def _absorb(item: _Node, start: int) -> bool:
    """Extend ``item`` back to ``start`` over whitespace XML keeps as text (an indent of
    U+3000): into the first element down its opening chain that holds text."""
    chain = [item]
    while not chain[-1].mixed:
        first = next((k for k in chain[-1].kids if k.start == chain[-1].start), None)
        if first is None:
            return False
        chain.append(first)
    leaf = chain[-1]
    old = leaf.start
    for n in chain:
        n.start = start
    if leaf.role == "unit":
        leaf.kids.insert(0, _Node("seg", start, old, {"type": "indent"}, role="indent"))
    return True


def _gaps(content: str, host: _Node, items: list[_Node]) -> list[_Node]:
    """The items of an element-only container with the text between them given a home:
    XML whitespace stays between the elements, other whitespace goes into the next
    unit as an indent, anything else is an ``ab type="stray"``."""
    out: list[_Node] = []
    pos = host.start
    for item in [*items, None]:
        end = item.start if item is not None else host.end
        gap = content[pos:end]
        if not set(gap) <= _XML_WS:
            lead = pos + next(i for i, ch in enumerate(gap) if ch not in _XML_WS)
            if not (item is not None and content[lead:end].isspace() and _absorb(item, lead)):
                stray_end = end
                while content[stray_end - 1] in _XML_WS:
                    stray_end -= 1
                out.append(_Node("ab", pos, stray_end, {"type": "stray"}, role="wrap"))
        if item is not None:
            out.append(item)
            pos = item.end
    return out


def _arrange(content: str, host: _Node) -> None:
    """Fill an element-only container (``front``, ``body``, ``div``) in the order TEI
    requires: heading and opener, then paragraphs, then divisions, then the closer.
    A heading that comes too late is an ``ab``; paragraphs after divisions go into a
    ``div type="unnumbered"``; a body with no paragraph gets an empty ``p``."""
    seq = _gaps(content, host, host.kids)
    if host.tag == "front":
        for item in seq:
            if item.role == "unit":
                _tag(item, "front")
        host.kids = seq
    else:
        host.kids = _regions(seq, host)
    for item in host.kids:
        _arrange_inside(content, item)


def _regions(seq: list[_Node], host: _Node) -> list[_Node]:
    region = _TOP
    out: list[_Node] = []
    pending: list[_Node] = []

    def wrap() -> None:
        if pending:
            out.append(_Node("div", pending[0].start, pending[-1].end, {"type": "unnumbered"}, list(pending),
                             mixed=False, role="wrap"))
            pending.clear()

    for item in seq:
        if item.role == "unit":
            _tag(item, "div", region)
            if item.tag == "salute":
                item = _Node("opener", item.start, item.end, kids=[item], role="wrap")
        cls = _REGION.get(item.tag, _COMMON)
        if cls == _COMMON and region == _DIVS:
            pending.append(item)
            continue
        wrap()
        out.append(item)
        region = max(region, cls)
    wrap()
    if host.tag == "body" and not any(_REGION.get(n.tag, _COMMON) in (_COMMON, _DIVS) for n in out):
        at = next((i for i, n in enumerate(out) if n.tag == "closer"), len(out))
        pos = out[at].start if at < len(out) else host.end
        out.insert(at, _Node("p", pos, pos, role="wrap"))
    return out


def _arrange_inside(content: str, n: _Node) -> None:
    """Arrange what a node holds, once the node itself has its element."""
    if n.tag == "div" and n.role == "unit":
        _arrange(content, n)
        return
    for k in n.kids:
        if k.role == "unit" and n.role == "unit":
            _tag(k, "mixed")
        elif k.role == "unit" and n.tag == "closer":
            _tag(k, "closer")
        _arrange_inside(content, k)


def _side_tree(doc: Document, side: str) -> _Node:
    """The ``text`` of one side: a ``front`` with the title and the document number,
    the ``body``, the closing signature and date in a ``closer``."""
    content = doc.text.content
    top = _unit_nodes(doc, side)
    k = 0
    while k < len(top) and top[k].kind in _FRONT:
        k += 1
    j = len(top)
    while j > k and top[j - 1].kind in _CLOSING:
        j -= 1
    kids = []
    body_start = 0
    if k:
        front = _Node("front", 0, top[k - 1].end, kids=top[:k], mixed=False, role="wrap")
        _arrange(content, front)
        kids.append(front)
        body_start = front.end
    items = top[k:j]
    if j < len(top):
        items.append(_Node("closer", top[j].start, len(content), kids=top[j:], role="wrap"))
    body = _Node("body", body_start, len(content), kids=items, mixed=False, role="wrap")
    _arrange(content, body)
    kids.append(body)
    return _Node("text", 0, len(content), kids=kids, mixed=False, role="wrap")


# --------------------------------------------------------------------------- writing: things in place


def _start(n: _Node) -> int:
    return n.start


def _near(n: _Node, pos: int) -> list[_Node]:
    """The children of ``n`` that may hold or touch ``pos`` (children are sorted and,
    but for points, disjoint), found by bisection."""
    kids = n.kids
    i = bisect.bisect_right(kids, pos, key=_start) - 1
    j = i
    while j >= 0 and (kids[j].point or kids[j].end >= pos):
        j -= 1
    return kids[j + 1:i + 1]


def _host(n: _Node, start: int, end: int, at_end: bool = True) -> _Node | None:
    """The deepest node that can hold a phrase over ``[start, end)`` without crossing a
    tag; an empty span goes into the element ending there (``at_end``) or starting there."""
    for k in _near(n, start):
        if k.point or k.role in ("indent", "choice"):
            continue
        if start < end:
            inside = k.start <= start and end <= k.end
        elif at_end:
            inside = k.start < start <= k.end
        else:
            inside = k.start <= start < k.end
        if inside:
            found = _host(k, start, end, at_end)
            if found is not None:
                return found
            break
    if not n.mixed or n.role in ("choice", "indent"):
        return None
    for k in n.kids:
        if k.point:
            continue
        if start < end and k.start < end and start < k.end and not (start <= k.start and k.end <= end):
            return None
        if start == end and k.start < start < k.end:
            return None
    return n


def _insert(root: _Node, node: _Node, at_end: bool = True) -> bool:
    """Put a range node (a marker, a change) in place; False when it would cross a tag."""
    host = _host(root, node.start, node.end, at_end)
    if host is None:
        return False
    inner = [k for k in host.kids if node.start < node.end and node.start <= k.start and k.end <= node.end]
    rest = [k for k in host.kids if all(k is not i for i in inner)]
    at = sum(1 for k in rest if k.end <= node.start and (k.start < node.start or not at_end or k.end == k.start))
    rest.insert(at, node)
    node.kids = inner
    host.kids = rest
    return True


def _place_point(n: _Node, pos: int, node: _Node, at_end: bool) -> None:
    """Put an anchor or a note at ``pos``: inside the innermost element that ends there
    (``at_end``) or starts there; inside a ``choice`` only when strictly within it."""
    for k in _near(n, pos):
        if k.point:
            continue
        edge = (k.start < pos == k.end) if at_end else (k.start == pos < k.end)
        if k.start < pos < k.end or (edge and k.role not in ("choice", "indent")):
            _place_point(k, pos, node, at_end)
            return
    at = bisect.bisect_left(n.kids, pos, key=_start)
    while at < len(n.kids) and n.kids[at].point and n.kids[at].start == pos:
        at += 1
    n.kids.insert(at, node)


def _choice_at(root: _Node, pos: int) -> _Node | None:
    """The change in place whose span holds ``pos`` strictly inside, if any."""
    stack = [root]
    while stack:
        n = stack.pop()
        for k in _near(n, pos):
            if k.role == "choice" and k.start < pos < k.end:
                return k
            if not k.point and k.start <= pos <= k.end:
                stack.append(k)
    return None


def _text_start(n: _Node) -> int:
    """Where a unit's text starts: after the indent that opens it, if any."""
    m = n
    while True:
        first = next((k for k in m.kids if not k.point), None)
        if first is None or first.start != n.start:
            return n.start
        if first.role == "indent":
            return first.end
        m = first


def _spans(tree: _Node) -> dict[tuple[int, int], str]:
    """Span -> id of a unit or change in place with exactly that span."""
    out: dict[tuple[int, int], str] = {}
    stack = [tree]
    while stack:
        n = stack.pop()
        stack.extend(n.kids)
        if n.role in ("unit", "choice"):
            out.setdefault((_text_start(n) if n.role == "unit" else n.start, n.end), n.attrs["xml_id"])
    return out


@dataclass(slots=True)
class _Sides:
    """The trees of both sides and what points into them."""

    trees: dict[str, _Node]
    spans: dict[str, dict[tuple[int, int], str]]
    writer: _Writer

    def pointer(self, side: str, start: int, end: int) -> str:
        """``#id`` of an element with exactly this span, else ``#range(a,b)`` of two anchors."""
        found = self.spans[side].get((start, end))
        if found is not None:
            return "#" + found
        if start == end:
            return "#" + self.anchor(side, start, True)
        return f"#range({self.anchor(side, start, False)},{self.anchor(side, end, True)})"

    def anchor(self, side: str, pos: int, at_end: bool) -> str:
        key = (side, pos)
        if key not in self.writer.anchors:
            aid = f"{side}-a{len(self.writer.anchors)}"
            self.writer.anchors[key] = aid
            el = etree.Element(_t("anchor"), {_xml("id"): aid})
            _place_point(self.trees[side], pos, _Node("anchor", pos, pos, role="point", element=el), at_end)
        return self.writer.anchors[key]

    def note(self, side: str, pos: int, el) -> None:
        """A note where its span ends (after the change in place it ends inside, if any)."""
        choice = _choice_at(self.trees[side], pos)
        if choice is not None:
            pos = choice.end
        _place_point(self.trees[side], pos, _Node("note", pos, pos, role="point", element=el), True)


# --------------------------------------------------------------------------- writing: XML


def _emit(w: _Writer, parent, n: _Node, content: str):
    """The element of a node, with the text between its children exactly as in the source."""
    if n.point:
        parent.append(n.element)
        return n.element
    el = etree.SubElement(parent, _t(n.tag), _attrs(dict(n.attrs)))
    if n.role == "choice":
        _fill(w, etree.SubElement(el, _t("sic")), n, content)
        w.put(etree.SubElement(el, _t("corr"), _attrs(dict(n.extra))), None, n.after)
        return el
    _fill(w, el, n, content)
    return el


def _fill(w: _Writer, el, n: _Node, content: str) -> None:
    last = None
    pos = n.start
    for k in n.kids:
        last = w.put(el, last, content[pos:k.start])
        last = _emit(w, el, k, content)
        pos = k.end
    w.put(el, last, content[pos:n.end])


# --------------------------------------------------------------------------- writing: the document


def export(b: Review) -> bytes:
    """The review as one TEI P5 document (UTF-8, deterministic)."""
    docs = {side: d for side, d in ((Lang.ZH, b.zh), (Lang.EN, b.en)) if d is not None}
    w = _Writer()
    trees: dict[str, _Node] = {side: _side_tree(d, side) for side, d in docs.items()}
    for side, d in docs.items():
        _place_markers(trees[side], d, side)
    finding_ids = {id(f): f"{f.side}-f{k}" for k, f in enumerate(b.findings)}
    links = _change_links(b, finding_ids)
    inline = _place_changes(trees[Lang.EN], b, links)
    sides = _Sides(trees, {side: _spans(t) for side, t in trees.items()}, w)
    for side, d in docs.items():
        for k, note in enumerate(d.notes):
            sides.note(side, note.end, _structure_note(w, sides, side, k, note))
    for f in b.findings:
        sides.note(f.side, f.end, _finding_note(w, sides, finding_ids[id(f)], f))
    apart = [_change_apart(w, sides, k, c, links.get(k)) for k, c in enumerate(b.edition.changes) if k not in inline]
    clause_links = _clause_links(w, sides, b.pair) if b.pair is not None else None

    root = etree.Element(_t("TEI"), nsmap={None: TEI_NS}, type="ipdoc-review")
    if b.name:
        root.set("n", b.name)
    header = etree.SubElement(root, _t("teiHeader"))
    group = etree.SubElement(etree.SubElement(root, _t("text")), _t("group"))
    for side, d in docs.items():
        text = _emit(w, group, trees[side], d.text.content)
        for name, value in (("id", side), ("lang", LANG_TAGS[Lang(side)]), ("space", "preserve")):
            text.set(_xml(name), value)
        text.set("type", "original" if side == Lang.ZH else "translation")
        if side == Lang.EN and Lang.ZH in docs:
            text.set("corresp", "#zh")
    standoff = _standoff(w, b, apart, finding_ids, clause_links)
    if len(standoff):
        root.append(standoff)
    _header(w, header, b)
    _indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _place_markers(tree: _Node, doc: Document, side: str) -> None:
    """The marker of a numbered unit as printed, with the number it stands for:
    ``<num type="marker" value="3" corresp="#en-b25">(3)</num>``."""
    content = doc.text.content
    for u in doc.units:
        if u.number is None and u.value is None:
            continue
        attrs = {"type": "marker", "corresp": f"#{side}-{u.id}"}
        if u.value is not None:
            attrs["value"] = str(u.value)
        printed = bool(u.number) and content.startswith(u.number or "", u.start)
        node = _Node("num", u.start, u.start + len(u.number or "") if printed else u.start, attrs, role="num")
        if printed and _insert(tree, node, at_end=False):
            continue
        node.end = node.start
        if not _insert(tree, node, at_end=False) and u.value is not None:
            raise InputError(f"cannot place the number of unit {u.id} in the TEI text")


def _change_links(b: Review, finding_ids: dict[int, str]) -> dict[int, str]:
    """Change index -> id of the finding that made it (same rule, place, message and evidence)."""
    made: dict[tuple, str] = {}
    for f in b.findings:
        where = f.fix if f.fix is not None else f
        if f.side == Lang.EN:
            made.setdefault((f.code, where.start, where.end, f.message, f.evidence), finding_ids[id(f)])
    keys = ((k, (c.code, c.src_start, c.src_end, c.message, c.evidence)) for k, c in enumerate(b.edition.changes))
    return {k: made[key] for k, key in keys if key in made}


def _place_changes(tree: _Node, b: Review, links: dict[int, str]) -> set[int]:
    """The edition's changes in place as ``choice``s where they can sit; their indices."""
    placed: set[int] = set()
    for k, c in enumerate(b.edition.changes):
        if k not in links:
            continue
        corr = {"resp": "#ipdoc", "source": "#" + links[k], "ana": "#" + c.code, "change": "#run"}
        if c.layout:
            corr["type"] = "layout"
        node = _Node("choice", c.src_start, c.src_end, {"xml_id": f"en-ch{k}"}, role="choice", after=c.after,
                     extra=corr)
        if _insert(tree, node):
            placed.add(k)
    return placed


def _message(w: _Writer, el, text: str, label: str | None = None) -> None:
    """A note's label (if any) and its message, a space between the parts for the eye."""
    if label is not None:
        w.sub(el, "label", label).tail = " "
    w.sub(el, "seg", text, type="message")


def _structure_note(w: _Writer, sides: _Sides, side: str, k: int, note: Note):
    """What structure recovery noticed: ``note type="structure"``, the expected marker in ``reg``."""
    el = etree.Element(_t("note"), _attrs({
        "xml_id": f"{side}-n{k}", "type": "structure", "subtype": note.code, "place": "foot",
        "target": sides.pointer(side, note.start, note.end), "resp": "#ipdoc",
        "corresp": f"#{side}-{note.unit}" if note.unit is not None else None}))
    _message(w, el, note.message)
    if note.expected is not None:
        el[-1].tail = " "
        w.sub(el, "reg", note.expected)
    return el


def _finding_note(w: _Writer, sides: _Sides, fid: str, f: Finding):
    """A finding: ``note type="finding"``, rule and severity in ``ana``, the Chinese it
    concerns in ``corresp``; the evidence as a list, the fix as a ``ref``, the fingerprint
    as an ``idno``."""
    el = etree.Element(_t("note"), _attrs({
        "xml_id": fid, "type": "finding", "place": "foot", "ana": f"#{f.code} #severity-{f.severity}",
        "target": sides.pointer(f.side, f.start, f.end), "resp": "#ipdoc",
        "corresp": sides.pointer(Lang.ZH, *f.zh_span) if f.zh_span is not None else None}))
    _message(w, el, f.message, f"{f.code} {f.name}")
    _evidence(w, el, f.evidence)
    if f.fix is not None:
        el[-1].tail = " "
        ref = w.sub(el, "ref", type="fix", subtype=str(f.fix.applicability),
                    target=sides.pointer(f.side, f.fix.start, f.fix.end))
        w.sub(ref, "corr", f.fix.replacement)
    el[-1].tail = " "
    w.sub(el, "idno", f.fingerprint, type="fingerprint")
    return el


def _evidence(w: _Writer, el, evidence: Iterable[str]) -> None:
    items = list(evidence)
    if items:
        lst = w.sub(el, "list", type="evidence")
        for e in items:
            w.sub(lst, "item", e)


def _change_apart(w: _Writer, sides: _Sides, k: int, c: Change, finding: str | None):
    """A change that cannot sit in place (a paragraph break restored between blocks) as a
    ``change`` in ``standOff`` pointing at its span."""
    el = etree.Element(_t("change"), _attrs({
        "xml_id": f"en-ch{k}", "type": "layout" if c.layout else "text", "who": "#ipdoc", "ana": "#" + c.code,
        "source": "#" + finding if finding else None, "corresp": sides.pointer(Lang.EN, c.src_start, c.src_end)}))
    if finding is None:
        w.sub(el, "desc", c.message)
        _evidence(w, el, c.evidence)
    choice = w.sub(el, "choice")
    w.sub(choice, "sic", c.before, xml_space="preserve")
    w.sub(choice, "corr", c.after, xml_space="preserve")
    return el


def _standoff(w: _Writer, b: Review, apart: list, finding_ids: dict[int, str], clause_links=None):
    """The alignment (and its clauses), the changes kept apart and the fixes left out."""
    so = etree.Element(_t("standOff"))
    if b.pair is not None and b.pair.beads:
        _alignment(w, so, b.pair)
    if clause_links is not None:
        so.append(clause_links)
    if apart:
        w.sub(so, "listChange", type="edition").extend(apart)
    skipped = [(s, finding_ids.get(id(s.finding))) for s in b.edition.skipped]
    if skipped:
        lst = w.sub(so, "listChange", type="skipped")
        for s, fid in skipped:
            w.sub(lst, "change", s.reason, corresp="#" + fid if fid else None, n=s.finding.fingerprint)
    return so


def _alignment(w: _Writer, so, pair: AlignedPair) -> None:
    """Beads as ``link``s (both sides) and ``ptr``s (omissions, additions), the confidence in
    ``cert``, the reason in an ``interp`` (shared by the beads that have the same)."""
    reasons: dict[str, str] = {}
    group = w.sub(so, "linkGrp", type="alignment", subtype=pair.level, domains="#zh #en")
    ids = {side: [f"#{side}-{u.id}" for u in pair.units(side)] for side in (Lang.ZH, Lang.EN)}
    for k, bead in enumerate(pair.beads):
        targets = " ".join([ids[Lang.ZH][i] for i in bead.zh] + [ids[Lang.EN][j] for j in bead.en])
        why = reasons.setdefault(bead.reason, f"why{len(reasons)}") if bead.reason else None
        w.sub(group, "link" if bead.paired else "ptr", xml_id=f"al{k}", type=bead.label, target=targets,
              cert=repr(float(bead.score)), ana="#" + why if why else None)
    if reasons:
        grp = w.sub(so, "interpGrp", type="alignment-reason")
        for reason, rid in reasons.items():
            w.sub(grp, "interp", reason, xml_id=rid)


def _clause_links(w: _Writer, sides: _Sides, pair: AlignedPair):
    """The clauses aligned inside a sentence alignment's beads as a ``linkGrp`` (None at level
    clause or for a pair the clause aligner cannot refine); the anchors of English clauses cut
    inside the text's clauses are placed in the side trees before they are written."""
    from ..align.clauses import refining

    ca = refining(pair)
    if ca is None:
        return None
    view = ca.clauses
    group = etree.Element(_t("linkGrp"), type="clause-alignment", subtype="clause", domains="#zh #en")
    for k, (bead, parent) in enumerate(zip(view.beads, ca.parents)):
        targets = " ".join(sides.pointer(side, u.start, u.end) for side in (Lang.ZH, Lang.EN)
                           for u in view.bead_units(bead, side))
        w.sub(group, "link" if bead.paired else "ptr", xml_id=f"cl{k}", type=bead.label, target=targets,
              cert=repr(float(bead.score)), corresp=f"#al{parent}")
    return group


def _first_text(d: Document, kind: str) -> str:
    units = d.of_kind(kind)
    return " ".join(d.text_of(units[0]).split()) if units else ""


def _header(w: _Writer, header, b: Review) -> None:
    """What the text is, where it came from, how it was encoded, and the run."""
    docs = [(side, d) for side, d in ((Lang.ZH, b.zh), (Lang.EN, b.en)) if d is not None]
    file_desc = w.sub(header, "fileDesc")
    title_stmt = w.sub(file_desc, "titleStmt")
    titles = [(side, _first_text(d, Kind.TITLE)) for side, d in reversed(docs)]
    for side, title in titles:
        if title:
            w.sub(title_stmt, "title", title, xml_lang=LANG_TAGS[Lang(side)])
    if not any(title for _side, title in titles):
        w.sub(title_stmt, "title", b.name or "Untitled text")
    resp = w.sub(title_stmt, "respStmt", xml_id="ipdoc")
    w.sub(resp, "resp", "structure, alignment, checks and corrections")
    w.sub(resp, "name", f"ipdoc {__version__}")
    w.sub(w.sub(file_desc, "publicationStmt"), "p", "Made by ipdoc from the source files below; not published.")
    source_desc = w.sub(file_desc, "sourceDesc")
    for side, d in docs:
        bibl = w.sub(source_desc, "bibl", corresp="#" + side, xml_lang=LANG_TAGS[Lang(side)])
        for kind, tag, attrs in ((Kind.TITLE, "title", {}), (Kind.DOCNO, "idno", {"type": "docno"}),
                                 (Kind.SIGNATURE, "orgName", {"role": "issuer"}), (Kind.DATE, "date", {})):
            found = _first_text(d, kind)
            if found:
                w.sub(bibl, tag, found, **attrs)
        w.sub(bibl, "idno", d.text.origin, type="path")
        w.sub(bibl, "note", d.text.encoding, type="encoding")
        w.sub(bibl, "note", d.text.format, type="format")
    encoding = w.sub(header, "encodingDesc")
    app = w.sub(w.sub(encoding, "appInfo"), "application", ident="ipdoc", version=__version__, n=FORMAT_VERSION)
    w.sub(app, "label", "ipdoc")
    w.sub(app, "desc", b.signature, type="checks")
    if b.pair is not None:
        w.sub(app, "desc", b.pair.signature, type="alignment", subtype=b.pair.level)
        for warning in b.pair.warnings:
            w.sub(app, "desc", warning, type="warning")
    w.sub(app, "ptr", target=" ".join("#" + side for side, _d in docs))
    _editorial(w, encoding)
    _taxonomies(w, encoding, b.findings)
    profile = w.sub(header, "profileDesc")
    usage = w.sub(profile, "langUsage")
    for side, _d in docs:
        w.sub(usage, "language", "Chinese (Simplified)" if side == Lang.ZH else "English",
              ident=LANG_TAGS[Lang(side)])
    revisions = w.sub(header, "revisionDesc")
    edits, breaks = b.edition.edits, len(b.edition.changes) - b.edition.edits
    w.sub(revisions, "change", f"ipdoc {__version__} recovered the structure, "
          + ("aligned the texts, " if b.pair is not None else "")
          + f"ran its checks ({_count(len(b.findings), 'finding')}) and made the edition "
          f"({_count(edits, 'correction')}, {_count(breaks, 'paragraph break')} restored).", xml_id="run", who="#ipdoc")
    revisions.extend(decisions(b))
    if w.chars:  # last: every text above may have added characters
        decl = w.sub(encoding, "charDecl")
        for code in sorted(w.chars):
            char = w.sub(decl, "char", xml_id=_char_id(code))
            w.sub(char, "unicodeProp", name="General_Category", value=unicodedata.category(chr(code)))
            w.sub(char, "mapping", f"U+{code:04X}", type="codepoint")


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def decisions(b: Review) -> list:
    """The editor's decisions as ``change`` elements of the ``revisionDesc``: today the
    findings marked reviewed (``subtype="reviewed"``, the fingerprint in ``n``)."""
    out = []
    ids = {f.fingerprint: f"{f.side}-f{k}" for k, f in enumerate(b.findings)}
    for fp in sorted(b.reviewed):
        el = etree.Element(_t("change"), type="decision", subtype="reviewed", n=fp)
        if fp in ids:
            el.set("corresp", "#" + ids[fp])
        out.append(el)
    return out


def _editorial(w: _Writer, encoding) -> None:
    decl = w.sub(encoding, "editorialDecl")
    for tag, text in (
        ("correction", "Every correction of the edition is a choice of sic (the text as received) and corr (the "
                       "edition) with resp, the rule in ana and the finding in source; a paragraph break restored "
                       "between blocks is a change in standOff. Findings are notes of type finding where their "
                       "span ends."),
        ("segmentation", "Sentences are s and clauses seg type=\"clause\", with stable ids; the alignment in "
                         "standOff links them."),
        ("normalization", "None: the texts are as decoded, whitespace included (xml:space=\"preserve\"); "
                          "characters XML cannot hold are g elements declared in charDecl.")):
        w.sub(w.sub(decl, tag), "p", text)


def _taxonomies(w: _Writer, encoding, findings: Iterable[Finding]) -> None:
    """ipdoc's rules by family, and the severities: what a finding's ``ana`` points at."""
    classes = w.sub(encoding, "classDecl")
    rules = w.sub(classes, "taxonomy", xml_id="ipdoc-rules")
    w.sub(rules, "desc", "ipdoc's rules, by family; a finding's ana points at its rule.")
    known = registry()
    families: dict[str, Any] = {}
    for code, r in sorted(known.items()):
        if code[0] not in families:
            families[code[0]] = w.sub(rules, "category", xml_id=f"family-{code[0]}")
            w.sub(families[code[0]], "catDesc", FAMILIES[code[0]])
        cat = w.sub(families[code[0]], "category", xml_id=code, n=code)
        w.sub(cat, "gloss", r.name)
        w.sub(cat, "desc", f"{r.summary} (severity {r.severity}; fix {r.fix or 'none'})")
    for code, name in sorted({(f.code, f.name) for f in findings if f.code not in known}):
        w.sub(w.sub(rules, "category", xml_id=code, n=code), "gloss", name)
    severities = w.sub(classes, "taxonomy", xml_id="ipdoc-severities")
    for s in Severity:
        w.sub(w.sub(severities, "category", xml_id=f"severity-{s}"), "catDesc", str(s))


_BLOCKY = {"TEI", "teiHeader", "fileDesc", "titleStmt", "publicationStmt", "sourceDesc", "bibl", "respStmt",
           "encodingDesc", "appInfo", "application", "editorialDecl", "correction", "segmentation", "normalization",
           "classDecl", "taxonomy", "category", "charDecl", "char", "profileDesc", "langUsage", "revisionDesc",
           "group", "standOff", "linkGrp", "interpGrp", "listChange"}


def _indent(el, level: int = 0) -> None:
    """Newlines between the elements of the header, the group and standOff; the texts are left exact."""
    tag = _local(el)
    if not len(el) or not (tag in _BLOCKY or (tag == "text" and el.get(_xml("id")) is None)):
        return
    pad = "\n" + "  " * (level + 1)
    el.text = pad
    for child in el:
        _indent(child, level + 1)
        child.tail = pad
    el[-1].tail = "\n" + "  " * level


# --------------------------------------------------------------------------- reading an ipdoc TEI back


def is_review(data: bytes) -> bool:
    """Whether bytes hold a TEI document written by ipdoc (its application in the header)."""
    head = data[:65536]
    return b"http://www.tei-c.org/ns/1.0" in head and b'<application ident="ipdoc"' in head


@dataclass(slots=True)
class _Side:
    """One side as read: its text, where its elements are, its units, changes and notes."""

    side: str
    parts: list[str] = field(default_factory=list)
    pos: int = 0
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    units: list[tuple[Any, str, str, int, int, str | None]] = field(default_factory=list)
    indents: dict[int, int] = field(default_factory=dict)
    choices: list[tuple[Any, int, int, str]] = field(default_factory=list)
    notes: list[Any] = field(default_factory=list)
    values: dict[str, int] = field(default_factory=dict)

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)
            self.pos += len(text)


def _unit_kind(el) -> str | None:
    """The kind of unit an element with an id stands for (None: not a unit)."""
    tag, typ = _local(el), el.get("type")
    if tag in ("div", "ab"):
        return typ if typ not in (None, "unnumbered", "stray") else None
    if tag == "seg":
        return Kind.CLAUSE if typ == "clause" else typ if typ != "indent" else None
    return _KIND_OF_TAG.get(tag)


def _walk(r: _Side, el, chars: dict[str, str], parent: str | None) -> None:
    """Add an element's text to its side, noting where its units, anchors and changes are."""
    tag = _local(el)
    start = r.pos
    xid = el.get(_xml("id"))
    if tag == "note":
        r.notes.append(el)
        return
    if tag == "g":
        if (el.get("ref") or "") not in chars:
            raise InputError(f"a g element points at no declared character: {el.get('ref')}")
        r.add(chars[el.get("ref")])
        return
    if tag == "choice":
        sic, corr = el.find(_t("sic")), el.find(_t("corr"))
        if sic is None or corr is None:
            raise InputError("a choice without sic and corr")
        _walk_children(r, sic, chars, parent)
        r.choices.append((el, start, r.pos, _text(corr, chars)))
        if xid:
            r.spans[xid] = (start, r.pos)
        return
    kind = _unit_kind(el) if xid and xid.startswith(r.side + "-") else None
    uid = xid[len(r.side) + 1:] if kind is not None and xid else None
    if tag == "num" and el.get("value") is not None:
        r.values[_ref(el.get("corresp")).split("-", 1)[-1]] = int(el.get("value"))
    _walk_children(r, el, chars, uid if uid is not None else parent)
    if tag == "seg" and el.get("type") == "indent":
        r.indents[start] = r.pos
    if kind is not None:
        start = r.indents.get(start, start)
        r.units.append((el, uid or "", kind, start, r.pos, parent))
    if xid:
        r.spans[xid] = (start, r.pos)


def _walk_children(r: _Side, el, chars: dict[str, str], parent: str | None) -> None:
    r.add(el.text)
    for child in el:
        if isinstance(child.tag, str):
            _walk(r, child, chars, parent)
        r.add(child.tail)


def _text(el, chars: dict[str, str]) -> str:
    """The text of an element, ``g`` resolved and ``label`` left out."""
    parts = [el.text or ""]
    for child in el:
        tag = _local(child)
        if tag == "g":
            parts.append(chars.get(child.get("ref") or "", ""))
        elif tag and tag != "label":
            parts.append(_text(child, chars))
        parts.append(child.tail or "")
    return "".join(parts)


def _chars(root) -> dict[str, str]:
    """``#id`` -> text of the ``charDecl``'s characters and glyphs: the code point ipdoc
    writes (``mapping type="codepoint"``), else the standard mapping."""
    out = {}
    for char in (*root.iter(_t("char")), *root.iter(_t("glyph"))):
        maps = {m.get("type"): (m.text or "").strip() for m in char.findall(_t("mapping"))}
        code = maps.get("codepoint", "")
        if re.fullmatch(r"U\+[0-9A-Fa-f]{4,6}", code):
            out["#" + (char.get(_xml("id")) or "")] = chr(int(code[2:], 16))
        elif maps.get("standard"):
            out["#" + (char.get(_xml("id")) or "")] = maps["standard"]
    return out


def _index(el, what: str) -> int:
    m = re.search(r"(\d+)$", el.get(_xml("id")) or "")
    if m is None:
        raise InputError(f"a {what} without its numbered xml:id")
    return int(m.group(1))


def _ref(value: str | None) -> str:
    return (value or "").lstrip("#")


def read(data: bytes, origin: str = "<tei>") -> Review:
    """The review an ipdoc TEI document holds."""
    root = parse_xml(data, origin, "TEI XML")
    if root.tag != _t("TEI") or root.find(f".//{_t('application')}[@ident='ipdoc']") is None:
        raise InputError("not a TEI document written by ipdoc (no TEI root with ipdoc's application)", origin)
    try:
        review = _review(root)
    except InputError as exc:
        raise InputError(str(exc), origin) from None
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise InputError(f"incomplete ipdoc TEI document: {type(exc).__name__} {exc}", origin) from None
    from_dict(to_dict(review), origin)  # every field checked as a project file's are (units, offsets, beads…)
    return review


def _review(root) -> Review:
    app = root.find(f".//{_t('application')}[@ident='ipdoc']")
    if app.get("n") != FORMAT_VERSION:
        raise InputError(f"ipdoc TEI format {app.get('n')} is not supported (this ipdoc reads {FORMAT_VERSION})")
    chars = _chars(root)
    sides: dict[str, _Side] = {}
    for text in root.iter(_t("text")):
        if text.get(_xml("id")) in (Lang.ZH, Lang.EN):
            r = sides[text.get(_xml("id"))] = _Side(text.get(_xml("id")))
            _walk_children(r, text, chars, None)
    if Lang.EN not in sides:
        raise InputError("the TEI document holds no English text")
    spans = {xid: span for r in sides.values() for xid, span in r.spans.items()}

    def where(pointer: str | None) -> tuple[str, int, int]:
        m = _RANGE.match(pointer or "")
        first, last = (m.group(1), m.group(2)) if m else (_ref(pointer), _ref(pointer))
        return first.split("-")[0], spans[first][0], spans[last][1]

    bibls = {_ref(b.get("corresp")): b for b in root.iter(_t("bibl")) if b.get("corresp")}
    docs = {side: _document(r, bibls.get(side), chars, where) for side, r in sides.items()}
    notes = sorted((n for r in sides.values() for n in r.notes if n.get("type") == "finding"),
                   key=lambda n: _index(n, "finding"))
    findings = tuple(_finding(n, chars, where) for n in notes)
    by_id = {n.get(_xml("id")): f for n, f in zip(notes, findings)}
    pair = _pair(root, docs, app, chars) if Lang.ZH in docs else None
    checks = app.find(_t("desc[@type='checks']"))
    checked = Checked(docs[Lang.EN], pair, findings, _text(checks, chars) if checks is not None else "")
    edition = edition_from(docs[Lang.EN].text, _changes(root, sides[Lang.EN], chars, where, by_id))
    skipped = tuple(Skipped(by_id[_ref(c.get("corresp"))], _text(c, chars))
                    for lst in root.iter(_t("listChange")) if lst.get("type") == "skipped"
                    for c in lst.findall(_t("change")) if _ref(c.get("corresp")) in by_id)
    reviewed = frozenset(c.get("n") or "" for c in root.iter(_t("change"))
                         if c.get("type") == "decision" and c.get("subtype") == "reviewed")
    return Review(checked, Edition(edition.source, edition.text, edition.changes, skipped), reviewed,
                  root.get("n") or "")


def _document(r: _Side, bibl, chars: dict[str, str], where) -> Document:
    """One side's Document: the text, its units in ipdoc's order (blocks, sentences,
    clauses, each in document order) and the structure notes."""

    def info(tag: str, typ: str, default: str) -> str:
        el = bibl.find(_t(f"{tag}[@type='{typ}']")) if bibl is not None else None
        return _text(el, chars) if el is not None else default

    text = Text("".join(r.parts), r.side, info("idno", "path", "<tei>"), info("note", "encoding", "utf-8"),
                info("note", "format", "txt"))
    level: dict[str, int] = {Kind.SENTENCE: 1, Kind.CLAUSE: 2}
    ordered = sorted(r.units, key=lambda u: (level.get(u[2], 0), u[3], -u[4], len(list(u[0].iterancestors()))))
    units = tuple(Unit(uid, kind, start, end, parent, el.get("n"), r.values.get(uid))
                  for el, uid, kind, start, end, parent in ordered)
    notes = []
    for el in sorted((n for n in r.notes if n.get("type") == "structure"), key=lambda n: _index(n, "note")):
        _side, start, end = where(el.get("target"))
        reg = el.find(_t("reg"))
        unit = _ref(el.get("corresp")).split("-", 1)[1] if el.get("corresp") else None
        notes.append(Note(el.get("subtype") or "", unit, start, end, _message_of(el, chars),
                          _text(reg, chars) if reg is not None else None))
    return Document(text, units, tuple(notes))


def _finding(el, chars: dict[str, str], where) -> Finding:
    ana = (el.get("ana") or "").split()
    label = el.find(_t("label"))
    side, start, end = where(el.get("target"))
    zh_span = where(el.get("corresp"))[1:] if el.get("corresp") else None
    fix = None
    ref = el.find(_t("ref[@type='fix']"))
    if ref is not None:
        _fs, fix_start, fix_end = where(ref.get("target"))
        fix = Fix(fix_start, fix_end, _text(ref.find(_t("corr")), chars), Applicability(ref.get("subtype")))
    fingerprint = el.find(_t("idno[@type='fingerprint']"))
    return Finding(_ref(ana[0]), (_text(label, chars) if label is not None else "").partition(" ")[2],
                   Severity(_ref(ana[1]).removeprefix("severity-")), side, start, end, _message_of(el, chars),
                   _items(el, chars), fix, zh_span, _text(fingerprint, chars) if fingerprint is not None else "")


def _message_of(note, chars: dict[str, str]) -> str:
    seg = note.find(_t("seg[@type='message']"))
    return _text(seg, chars) if seg is not None else ""


def _items(el, chars: dict[str, str]) -> tuple[str, ...]:
    return tuple(_text(i, chars) for lst in el.findall(_t("list")) for i in lst.findall(_t("item")))


def _pair(root, docs: dict[str, Document], app, chars: dict[str, str]) -> AlignedPair:
    sig = app.find(_t("desc[@type='alignment']"))
    level = sig.get("subtype") if sig is not None else "sentence"
    reasons = {i.get(_xml("id")): _text(i, chars) for i in root.iter(_t("interp"))}
    index = {f"{side}-{u.id}": k for side, d in docs.items() for k, u in enumerate(d.level(level))}
    beads = []
    group = next((g for g in root.iter(_t("linkGrp")) if g.get("type") == "alignment"), None)
    for link in group if group is not None else ():
        if _local(link) in ("link", "ptr"):
            targets = [_ref(t) for t in (link.get("target") or "").split()]
            beads.append(Bead(tuple(index[t] for t in targets if t.startswith("zh-")),
                              tuple(index[t] for t in targets if t.startswith("en-")),
                              float(link.get("cert")), reasons.get(_ref(link.get("ana")), "")))
    return AlignedPair(docs[Lang.ZH], docs[Lang.EN], level, tuple(beads), _text(sig, chars) if sig is not None else "",
                       tuple(_text(d, chars) for d in app.findall(_t("desc[@type='warning']"))))


def _changes(root, en: _Side, chars: dict[str, str], where, findings: dict[str, Finding]) -> tuple[Change, ...]:
    """The edition's changes, in place and kept apart, in their order; where each one
    lands in the edition follows from the ones before it."""
    content = "".join(en.parts)
    found = []
    for el, start, end, after in en.choices:
        corr = el.find(_t("corr"))
        found.append((_index(el, "change"), corr.get("ana"), start, end, content[start:end], after,
                      corr.get("source"), None, corr.get("type") == "layout"))
    for lst in root.iter(_t("listChange")):
        for el in lst.findall(_t("change")) if lst.get("type") == "edition" else ():
            _side, start, end = where(el.get("corresp"))
            choice = el.find(_t("choice"))
            found.append((_index(el, "change"), el.get("ana"), start, end, _text(choice.find(_t("sic")), chars),
                          _text(choice.find(_t("corr")), chars), el.get("source"), el, el.get("type") == "layout"))
    out = []
    shift = 0
    for _k, code, start, end, before, after, source, el, layout in sorted(found, key=lambda c: c[0]):
        if source:
            message, evidence = findings[_ref(source)].message, findings[_ref(source)].evidence
        else:
            desc = el.find(_t("desc")) if el is not None else None
            message = _text(desc, chars) if desc is not None else ""
            evidence = _items(el, chars) if el is not None else ()
        out.append(Change(_ref(code), start, end, start + shift, start + shift + len(after), before, after,
                          message, evidence, layout))
        shift += len(after) - (end - start)
    return tuple(out)


# --------------------------------------------------------------------------- any TEI as an input text

_SKIP = {"teiHeader", "note", "sic", "orig", "abbr", "del", "fw", "figDesc", "standOff", "facsimile", "sourceDoc",
         "rdg", "interp", "interpGrp", "linkGrp", "link", "fs", "fLib", "certainty", "label", "surplus"}
_BLOCK = {"p", "ab", "head", "l", "item", "salute", "signed", "dateline", "byline", "titlePart", "docImprint",
          "docAuthor", "docDate", "trailer", "row", "lg", "div", "body", "front", "back", "closer", "opener",
          "list", "table", "quote", "sp", "speaker", "stage", "argument", "epigraph", "postscript", "docTitle"}
_SPACED = {"lb", "cell", "cb", "pb"}


def text_of(data: bytes, origin: str = "<tei>", lang: str = "auto") -> tuple[str, str]:
    """The text of a TEI document as an input text: its paragraphs (and heads, lines,
    items…) one per line, the edited reading of every ``choice`` (``corr``, ``reg``,
    ``expan``), notes and the header left out. With ``lang`` ``zh`` or ``en`` only the
    ``text``s in that language are read. Returns the text and the XML encoding."""
    root = parse_xml(data, origin, "TEI XML")
    if _local(root) not in ("TEI", "teiCorpus") or etree.QName(root).namespace != TEI_NS:
        raise InputError("not a TEI document (no TEI root in the TEI namespace)", origin)
    chars = _chars(root)
    texts = [t for t in root.iter(_t("text")) if t.find(_t("group")) is None]
    if lang in (Lang.ZH, Lang.EN):
        chosen = [t for t in texts if (_lang_of(t) or "").startswith(lang)]
        texts = chosen or texts
    lines: list[str] = []
    for t in texts:
        lines.extend(_lines(t, chars))
    encoding = (root.getroottree().docinfo.encoding or "utf-8").lower()
    return "\n".join(line for line in lines if line), encoding


def _lang_of(el) -> str | None:
    for e in (el, *el.iterancestors()):
        if e.get(_xml("lang")):
            return e.get(_xml("lang"))
    return None


def _lines(text_el, chars: dict[str, str]) -> Iterator[str]:
    current: list[str] = []

    def flush() -> Iterator[str]:
        line = _normalise("".join(current))
        current.clear()
        if line:
            yield line

    def walk(el) -> Iterator[str]:
        tag = _local(el)
        if not tag or tag in _SKIP:
            return
        if tag == "g":
            current.append(el.text or chars.get(el.get("ref") or "", ""))
            return
        block = tag in _BLOCK
        if block:
            yield from flush()
        if tag in _SPACED:
            current.append(" ")
        current.append(el.text or "")
        for child in el:
            yield from walk(child)
            current.append(child.tail or "")
        if block:
            yield from flush()

    for child in text_el:
        yield from walk(child)
    yield from flush()


_HAN_SPACE = re.compile(r"(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]) (?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])")


def _normalise(line: str) -> str:
    """TEI's whitespace rule (runs become one space, trimmed); no space between Chinese characters."""
    return _HAN_SPACE.sub("", " ".join(line.split()))
