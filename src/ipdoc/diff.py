"""Version diff of two texts in one language, unit by unit, scored with sacrebleu.

Units are matched in three passes: identical units that occur once on each side
are chained (the longest increasing run, as patience diff does) and anchor the
rest; between anchors, units are paired by rapidfuzz similarity in a small
dynamic programme that knows splits and merges; units left deleted on one side
and inserted on the other with the same (or nearly the same) text are moves.
Whitespace differences between units — a paragraph break restored — are layout,
reported apart from the edits.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from .model import Document, Unit
from .monotone import best_path

if TYPE_CHECKING:
    from .score import Score

KINDS = ("unchanged", "changed", "inserted", "deleted", "split", "merged", "moved")
CHANGED_MIN = 55.0  # rapidfuzz ratio (0-100) for two units to count as one changed unit
MOVED_MIN = 85.0  # similarity for a deleted and an inserted unit to be one moved unit
_GAP_LIMIT = 400  # units per side handled by the pairing DP between anchors at once


@dataclass(frozen=True, slots=True)
class Edit:
    """One inline edit inside a changed unit: replace, insert or delete."""

    op: str
    a: str
    b: str
    a_start: int  # offsets in the A and B texts
    a_end: int
    b_start: int
    b_end: int


@dataclass(frozen=True, slots=True)
class Op:
    """A unit-level difference: which units of A and B, and what happened."""

    kind: str
    a: tuple[int, ...]
    b: tuple[int, ...]
    similarity: float = 100.0
    edits: tuple[Edit, ...] = ()


@dataclass(frozen=True, slots=True)
class Layout:
    """Whitespace between units that changed: a paragraph break added or removed."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    a: str
    b: str

    @property
    def kind(self) -> str:
        na, nb = self.a.count("\n"), self.b.count("\n")
        return "paragraph break added" if nb > na else "paragraph break removed" if nb < na else "spacing"


@dataclass(frozen=True, slots=True)
class Diff:
    """Two versions compared unit by unit: the operations and the layout changes.

    It renders itself (``to_text``, ``to_html``, ``to_json``) with its sacrebleu scores
    (B against A), which are computed once, on first use.
    """

    a: Document
    b: Document
    level: str
    a_units: list[tuple[int, int]]
    b_units: list[tuple[int, int]]
    ops: list[Op] = field(default_factory=list)
    layout: list[Layout] = field(default_factory=list)
    _cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def identical(self) -> bool:
        return self.a.text.content == self.b.text.content

    @property
    def layout_only(self) -> bool:
        """The versions differ only in whitespace and paragraph breaks."""
        return all(op.kind == "unchanged" for op in self.ops)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(KINDS, 0)
        for op in self.ops:
            out[op.kind] += 1
        return out

    def text_a(self, op: Op) -> str:
        return " ".join(_norm(self.a.text.content[s:e]) for s, e in (self.a_units[i] for i in op.a))

    def text_b(self, op: Op) -> str:
        return " ".join(_norm(self.b.text.content[s:e]) for s, e in (self.b_units[j] for j in op.b))

    def scores(self) -> list[Score]:
        """Corpus BLEU, chrF and TER of B against A."""
        if "scores" not in self._cache:
            from .score import diff_scores

            self._cache["scores"] = diff_scores(self)
        return self._cache["scores"]

    def to_text(self, color: bool = False, show_unchanged: bool = False) -> str:
        from .diffview import diff_text

        return diff_text(self, self.scores(), color, show_unchanged)

    def to_json(self) -> dict[str, Any]:
        from .diffview import diff_json

        return diff_json(self, self.scores())

    def to_html(self) -> str:
        from .diffview import diff_html

        return diff_html(self, self.scores())


def _norm(s: str) -> str:
    return " ".join(s.split())


# --------------------------------------------------------------------------- units


def unit_spans(doc: Document, level: str) -> list[tuple[int, int]]:
    """Spans that tile the text at a level: each unit with the text after it up to the
    next unit (a stray bracket between units belongs to the unit before it), trailing
    whitespace left out, so the whitespace between units can be compared as layout."""
    content = doc.text.content
    if level == "section":
        units = _sections(doc)
    else:
        units = doc.level("clause" if level == "clause" else "sentence")
    if not units:
        return []
    spans = []
    for k, u in enumerate(units):
        end = units[k + 1].start if k + 1 < len(units) else len(content)
        start = 0 if k == 0 else u.start
        while end > start and content[end - 1].isspace():
            end -= 1
        while start < end and content[start].isspace():
            start += 1
        spans.append((start, max(end, start)))
    return spans


def _sections(doc: Document) -> list[Unit]:
    """The top-level blocks: parts (or sections), and the front and closing matter."""
    tops = [u for u in doc.units if u.parent is None and u.kind != "preamble"]
    preambles = {u.id for u in doc.units if u.kind == "preamble"}
    tops += [u for u in doc.units if u.kind == "paragraph" and u.parent in preambles]
    return sorted(tops, key=lambda u: u.start)


# --------------------------------------------------------------------------- matching


def _lis(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest chain of pairs increasing in both coordinates (pairs sorted by the first)."""
    import bisect

    tails: list[int] = []
    tail_idx: list[int] = []
    prev = [-1] * len(pairs)
    for k, (_i, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[pos] = j
            tail_idx[pos] = k
        prev[k] = tail_idx[pos - 1] if pos else -1
    out = []
    k = tail_idx[-1] if tail_idx else -1
    while k >= 0:
        out.append(pairs[k])
        k = prev[k]
    return out[::-1]


def _anchors(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Identical units found once on each side, chained monotonically."""
    pos_a: dict[str, list[int]] = {}
    pos_b: dict[str, list[int]] = {}
    for i, t in enumerate(a):
        pos_a.setdefault(t, []).append(i)
    for j, t in enumerate(b):
        pos_b.setdefault(t, []).append(j)
    pairs = sorted((ia[0], pos_b[t][0]) for t, ia in pos_a.items() if len(ia) == 1 and len(pos_b.get(t, ())) == 1)
    return _lis(pairs)


def _pair_gap(a: list[str], b: list[str], ai: list[int], bj: list[int]) -> list[Op]:
    """Pair the units between two anchors: equal, changed, split, merged, or left alone."""
    n, m = len(ai), len(bj)
    if n == 0:
        return [Op("inserted", (), (j,), 0.0) for j in bj]
    if m == 0:
        return [Op("deleted", (i,), (), 0.0) for i in ai]
    if n > _GAP_LIMIT or m > _GAP_LIMIT:
        # too big for the DP: first align the equal units inside, then recurse on what is left
        inner = difflib.SequenceMatcher(None, [a[i] for i in ai], [b[j] for j in bj], autojunk=False)
        ops: list[Op] = []
        pa = pb = 0
        for blk in inner.get_matching_blocks():
            za, zb = ai[pa:blk.a], bj[pb:blk.b]
            if len(za) <= _GAP_LIMIT and len(zb) <= _GAP_LIMIT:
                ops += _pair_gap(a, b, za, zb)
            else:  # still too big: left as deletions and insertions (moves are found later)
                ops += [Op("deleted", (i,), (), 0.0) for i in za] + [Op("inserted", (), (j,), 0.0) for j in zb]
            ops += [Op("unchanged", (ai[blk.a + k],), (bj[blk.b + k],)) for k in range(blk.size)]
            pa, pb = blk.a + blk.size, blk.b + blk.size
        return ops
    sim: dict[tuple[int, int, int, int], float] = {}

    def s(i0: int, i1: int, j0: int, j1: int) -> float:
        key = (i0, i1, j0, j1)
        if key not in sim:
            left = " ".join(a[ai[k]] for k in range(i0, i1))
            right = " ".join(b[bj[k]] for k in range(j0, j1))
            # words reordered ("20 15 July 1" -> "July 1, 2015") still make one changed unit
            sim[key] = max(fuzz.ratio(left, right), fuzz.token_sort_ratio(left, right))
        return sim[key]

    def moves(i: int, j: int) -> Iterator[tuple[int, int, float, str]]:
        # a pair is worth its similarity over the threshold for each unit it covers
        if i < n:
            yield 1, 0, 0.0, "deleted"
        if j < m:
            yield 0, 1, 0.0, "inserted"
        one = s(i, i + 1, j, j + 1) if i < n and j < m else 0.0
        if one >= CHANGED_MIN:
            yield 1, 1, (one - CHANGED_MIN + 1) * 2, "changed" if one < 100 else "unchanged"
        if i < n and j + 1 < m:
            r = s(i, i + 1, j, j + 2)
            if r >= CHANGED_MIN and r > one:
                yield 1, 2, (r - CHANGED_MIN + 1) * 3, "split"
        if i + 1 < n and j < m:
            r = s(i, i + 2, j, j + 1)
            if r >= CHANGED_MIN and r > one:
                yield 2, 1, (r - CHANGED_MIN + 1) * 3, "merged"

    ops = []
    for mv in best_path(n, m, moves):
        zs = tuple(ai[k] for k in range(mv.i, mv.i + mv.di))
        es = tuple(bj[k] for k in range(mv.j, mv.j + mv.dj))
        ops.append(Op(mv.label, zs, es, s(mv.i, mv.i + mv.di, mv.j, mv.j + mv.dj) if mv.di and mv.dj else 0.0))
    return ops


def _moves(ops: list[Op], a: list[str], b: list[str]) -> list[Op]:
    """A deleted unit whose text turns up inserted elsewhere is a move."""
    inserted = [k for k, op in enumerate(ops) if op.kind == "inserted"]
    by_text: dict[str, list[int]] = {}
    for k in inserted:
        by_text.setdefault(b[ops[k].b[0]], []).append(k)
    used: set[int] = set()
    out = list(ops)
    for k, op in enumerate(ops):
        if op.kind != "deleted":
            continue
        text = a[op.a[0]]
        match = next((x for x in by_text.get(text, ()) if x not in used), None)
        score = 100.0
        if match is None and len(text) >= 20:
            # nearly the same text: compare with the remaining insertions of similar length
            candidates = [x for x in inserted
                          if x not in used and abs(len(b[ops[x].b[0]]) - len(text)) <= len(text) * 0.2]
            scored = [(fuzz.ratio(text, b[ops[x].b[0]]), x) for x in candidates]
            scored = [t for t in scored if t[0] >= MOVED_MIN]
            if scored:
                score, match = max(scored)
        if match is None:
            continue
        used.add(match)
        out[k] = Op("moved", op.a, ops[match].b, score)
        out[match] = None  # type: ignore[call-overload]
    return [op for op in out if op is not None]


# --------------------------------------------------------------------------- inline edits

# a bracketed number "(3)", "(VI)" and a numbered marker "3." opening a unit are one token each
_EN_TOKEN = re.compile(r"[(（]\w{1,5}[)）]|^\d+\.(?=\s|$)|\w+(?:['’]\w+)*|[^\w\s]")


def _tokens(text: str, offset: int, lang: str) -> list[tuple[str, int, int]]:
    if lang == "zh":
        from .segment import zh_tokens

        return [t for t in zh_tokens(text, offset) if t[0].strip()]
    return [(m.group(), offset + m.start(), offset + m.end()) for m in _EN_TOKEN.finditer(text)]


def inline_edits(a_text: str, b_text: str, a_spans, b_spans, lang: str) -> tuple[Edit, ...]:
    """Word edits (jieba words for Chinese) turning units of A into units of B; runs of
    touching edits are joined, so "20 15" -> "2015" is one replacement."""
    ta = [t for s, e in a_spans for t in _tokens(a_text[s:e], s, lang)]
    tb = [t for s, e in b_spans for t in _tokens(b_text[s:e], s, lang)]
    sm = difflib.SequenceMatcher(None, [t[0] for t in ta], [t[0] for t in tb], autojunk=False)
    out = []
    opcodes = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1 and i2 - i1 > 1:
            # word for word: one edit per word, so "(3) lay" -> "3. Lay" is two corrections
            opcodes += [("replace", i1 + k, i1 + k + 1, j1 + k, j1 + k + 1) for k in range(i2 - i1)]
        else:
            opcodes.append((tag, i1, i2, j1, j2))
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            continue
        a0 = ta[i1][1] if i1 < i2 else (ta[i1 - 1][2] if i1 else (a_spans[0][0] if a_spans else 0))
        a1 = ta[i2 - 1][2] if i1 < i2 else a0
        b0 = tb[j1][1] if j1 < j2 else (tb[j1 - 1][2] if j1 else (b_spans[0][0] if b_spans else 0))
        b1 = tb[j2 - 1][2] if j1 < j2 else b0
        op = {"replace": "replace", "delete": "delete", "insert": "insert"}[tag]
        out.append(Edit(op, a_text[a0:a1], b_text[b0:b1], a0, a1, b0, b1))
    return tuple(out)


# --------------------------------------------------------------------------- the diff


def diff_documents(a: Document, b: Document, level: str = "sentence") -> Diff:
    """The unit-level diff of two versions, with inline edits and layout changes."""
    lang = a.text.lang
    # at word level units are paired as sentences, and each word edit is reported on its own
    unit_level = "sentence" if level == "word" else level
    a_units, b_units = unit_spans(a, unit_level), unit_spans(b, unit_level)
    at = [_norm(a.text.content[s:e]) for s, e in a_units]
    bt = [_norm(b.text.content[s:e]) for s, e in b_units]
    anchors = _anchors(at, bt)
    ops: list[Op] = []
    pa = pb = 0
    for i, j in [*anchors, (len(at), len(bt))]:
        ops += _pair_gap(at, bt, list(range(pa, i)), list(range(pb, j)))
        if i < len(at) and j < len(bt):
            ops.append(Op("unchanged", (i,), (j,)))
        pa, pb = i + 1, j + 1
    ops = _moves(ops, at, bt)
    detailed = []
    for op in ops:
        if op.kind in ("changed", "split", "merged") or (op.kind == "moved" and op.similarity < 100):
            edits = inline_edits(a.text.content, b.text.content, [a_units[i] for i in op.a],
                                 [b_units[j] for j in op.b], lang)
            detailed.append(Op(op.kind, op.a, op.b, op.similarity, edits))
        else:
            detailed.append(op)
    d = Diff(a, b, level, a_units, b_units, detailed)
    return Diff(a, b, level, a_units, b_units, detailed, sorted(_layout(d) + _spacing(d), key=lambda x: x.a_start))


_RUNS = re.compile(r"\s+|\S+")


def _spacing(d: Diff) -> list[Layout]:
    """Whitespace that differs inside units equal but for it, and before the first or after
    the last unit: nothing else would show it, yet the texts are not identical."""
    ac, bc = d.a.text.content, d.b.text.content
    out: list[Layout] = []

    def compare(a0: int, a1: int, b0: int, b1: int) -> None:
        # units equal but for whitespace have the same words, so their runs pair one to one
        ra, rb = list(_RUNS.finditer(ac, a0, a1)), list(_RUNS.finditer(bc, b0, b1))
        if len(ra) != len(rb):
            out.append(Layout(a0, a1, b0, b1, ac[a0:a1], bc[b0:b1]))
            return
        for ma, mb in zip(ra, rb):
            if ma.group() != mb.group():
                out.append(Layout(ma.start(), ma.end(), mb.start(), mb.end(), ma.group(), mb.group()))

    for op in d.ops:
        if op.kind == "unchanged" and len(op.a) == 1 and len(op.b) == 1:
            (a0, a1), (b0, b1) = d.a_units[op.a[0]], d.b_units[op.b[0]]
            if ac[a0:a1] != bc[b0:b1]:
                compare(a0, a1, b0, b1)
    if d.a_units and d.b_units:
        for (a0, a1), (b0, b1) in (((0, d.a_units[0][0]), (0, d.b_units[0][0])),
                                   ((d.a_units[-1][1], len(ac)), (d.b_units[-1][1], len(bc)))):
            if ac[a0:a1] != bc[b0:b1] and not ac[a0:a1].strip() and not bc[b0:b1].strip():
                out.append(Layout(a0, a1, b0, b1, ac[a0:a1], bc[b0:b1]))
    return out


def _layout(d: Diff) -> list[Layout]:
    """Whitespace changes between units that stay neighbours in both versions."""
    where_b = {}
    for op in d.ops:
        if op.kind in ("unchanged", "changed") and len(op.a) == 1 and len(op.b) == 1:
            where_b[op.a[0]] = op.b[0]
    out = []
    ac, bc = d.a.text.content, d.b.text.content
    for i in range(len(d.a_units) - 1):
        j = where_b.get(i)
        if j is None or where_b.get(i + 1) != j + 1:
            continue
        a_gap = ac[d.a_units[i][1]:d.a_units[i + 1][0]]
        b_gap = bc[d.b_units[j][1]:d.b_units[j + 1][0]]
        if a_gap != b_gap and not a_gap.strip() and not b_gap.strip() and (
                a_gap.count("\n") != b_gap.count("\n") or a_gap.replace("\n", "") != b_gap.replace("\n", "")):
            out.append(Layout(d.a_units[i][1], d.a_units[i + 1][0], d.b_units[j][1], d.b_units[j + 1][0], a_gap, b_gap))
    return out
