"""Clauses aligned inside every sentence bead: sentences first, then their clauses.

A sentence alignment (an :class:`~ipdoc.model.AlignedPair` at level ``sentence``)
is refined bead by bead: the Chinese clauses of a sentence bead are aligned with
the English of the same bead by a small monotone dynamic programme of its own
(:func:`ipdoc.monotone.best_path`), so a clause can only pair with, or be missing
from, the translation of its own sentence.

The English side is cut with the Chinese in view. Its own clause units stay as
the monolingual segmentation made them (conservative: at ``;``, ``:`` and a few
conjunctions); inside them, the candidate points of
:func:`ipdoc.segment.candidate_cuts` (commas, conjunctions opening a verb phrase
or a new clause) cut the English into pieces, and the programme groups the pieces
into clauses as the Chinese clauses call for: a candidate point is accepted where
the pieces on its two sides pair with different Chinese clauses. The clause units
of this bilingual view are spans into the English text — the document's own
clauses, or pieces of one (``c15.0``, ``c15.1``) — so the round trip holds.

A clause bead scores the dictionary keys its sides share (each token counted
once, weighted by rarity as in the sentence aligner), a bonus earned by its
lexical coverage, a cost per extra unit, a length term against the length ratio
of its own sentence pair (of the text's median sentence pair where a unit of the
pair may be left out: that unit's length would pull the pair's own ratio its way)
and, with sentence vectors, the cosine of its sides.

A clause can be an omission (an English piece an addition) only where it has no
support within its sentence bead, in a sentence pair that is otherwise a
translation (a unit with support on each side), in a close translation (a typical
support of :data:`CLOSE` or more: in a free one paraphrase leaves words
unexplained, so they are no evidence). A Chinese clause then needs
:data:`MIN_CHARS` Han characters in words, its words explained by the bead's
English — leaving aside the English its sibling clauses account for — at most at
:data:`LOOSE` of the text's typical support, and the sibling clauses must account
for every piece of the English (so no English is left that could be its
translation in words the dictionary misses); an English piece needs
:data:`MIN_WORDS` words explained at most at :data:`SHARE` of the typical support.
The programme then weighs leaving the unit out against pairing it with a
neighbour, the vectors included, so a clause whose meaning is in the English
stays paired.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import __version__
from ..errors import InputError
from ..model import CLAUSE, AlignedPair, Bead, Document, Lang, Level, Unit
from ..monotone import best_path
from ..scan import trim
from ..segment import candidate_cuts
from . import semantic_for
from .confidence import confidence
from .evaluate import RawBead, Scores, score
from .features import featurize
from .semantic import Semantic

#: Chinese clauses, and English pieces (between candidate points), one clause bead may hold
MAX_ZH = 4
MAX_PIECES = 12
#: a paired clause bead earns this bonus in full from this lexical coverage on (less below it)
BONUS = 4.0
COVER = 0.5
#: cost of each unit of a bead beyond the first on either side
SHAPE = 1.0
#: spread of log(English / Chinese characters) of a clause pair around its sentence pair's ratio
SIGMA = 0.5
#: an omission or an addition of a unit that has no support within its sentence bead
LEFT_OUT = -1.0
#: a Chinese clause with fewer Han characters than this in words of two or more, an English piece
#: with fewer words than this (stop words and numbers not counted), is never an omission or addition
MIN_CHARS = 4
MIN_WORDS = 3
#: unsupported: explained at most at this share of the text's typical support (an English piece);
#: a Chinese clause, by words its sibling clauses do not account for, at most at LOOSE of it, when
#: the other clauses explain every piece of the English at LOOSE of the typical support or more
#: (at ACCOUNTED of it without sentence vectors, whose cosine otherwise weighs in for the words the
#: dictionary misses)
SHARE = 0.2
LOOSE = 0.4
ACCOUNTED = 0.6
#: typical support of a close translation (official, literal): below it only vectors can tell
CLOSE = 0.6
#: the semantic term of a clause bead: this weight times (cosine - SEM_BASE) of its sides' centred vectors
SEM_WEIGHT = 20.0
SEM_BASE = 0.1
#: semantic ``auto``: the vectors enter the programme for a close translation of at most this many
#: clauses and pieces in sentence beads with a choice (a long text of official prose)
AUTO_UNITS = 6000

# --------------------------------------------------------------------------- the value


@dataclass(frozen=True, slots=True)
class ClauseAlignment:
    """A sentence alignment and, inside every sentence bead, its clauses aligned.

    ``clauses`` is an :class:`AlignedPair` at level ``clause`` whose units are the
    clause spans of the bilingual view (the Chinese document's clauses; the English
    document's clauses, some cut further at accepted candidate points); ``parents``
    gives, for every clause bead, the index of the sentence bead it lies in.
    """

    sentences: AlignedPair
    clauses: AlignedPair
    parents: tuple[int, ...]
    _first: list[int] = field(default_factory=list, compare=False, repr=False)

    def __post_init__(self) -> None:
        if len(self.parents) != len(self.clauses.beads):
            raise ValueError("every clause bead needs its sentence bead")
        if any(b > a for a, b in zip(self.parents[1:], self.parents)):
            raise ValueError("clause beads must follow their sentence beads in order")
        self._first.extend(bisect.bisect_left(self.parents, k) for k in range(len(self.sentences.beads) + 1))

    @property
    def beads(self) -> tuple[Bead, ...]:
        return self.clauses.beads

    @property
    def signature(self) -> str:
        return self.clauses.signature

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.clauses.warnings

    def within(self, k: int) -> range:
        """Positions in ``beads`` of the clause beads of sentence bead ``k``."""
        return range(self._first[k], self._first[k + 1])

    def inner_omissions(self) -> list[int]:
        """Clause beads that are omissions inside a translated sentence bead (the sentence has
        English, this clause has none)."""
        return [k for k, b in enumerate(self.beads) if not b.en and self.sentences.beads[self.parents[k]].paired]

    def inner_additions(self) -> list[int]:
        """Clause beads that are additions inside a sentence bead that has Chinese."""
        return [k for k, b in enumerate(self.beads) if not b.zh and self.sentences.beads[self.parents[k]].paired]

    def numbers(self, k: int) -> dict[str, dict[int, int]]:
        """For sentence bead ``k``: each clause unit's number (1, 2, …) by side, the same number
        for units of one clause bead; units of an omission or addition get none."""
        out: dict[str, dict[int, int]] = {Lang.ZH: {}, Lang.EN: {}}
        n = 0
        for c in self.within(k):
            b = self.beads[c]
            if not b.paired:
                continue
            n += 1
            for side in (Lang.ZH, Lang.EN):
                for i in b.side(side):
                    out[side][i] = n
        return out

    def units_of(self, k: int, side: str) -> list[int]:
        """The clause units (indices) of one side of sentence bead ``k``, in order."""
        return [i for c in self.within(k) for i in self.beads[c].side(side)]

    # -- renderings

    def summary(self) -> dict[str, Any]:
        out = self.clauses.summary()
        out["sentence_beads"] = len(self.sentences.beads)
        out["omissions_in_translated_sentences"] = len(self.inner_omissions())
        out["additions_in_translated_sentences"] = len(self.inner_additions())
        return out

    def summary_line(self) -> str:
        from ..render import summary_line

        return (summary_line(self.summary()) + f"; {len(self.inner_omissions())} clauses left out of translated "
                                               "sentences")

    def to_json(self) -> dict[str, Any]:
        out = self.clauses.to_json()
        for k, bead in enumerate(out["beads"]):
            bead["sentence_bead"] = self.parents[k]
        out["summary"] = self.summary()
        pair = self.sentences
        out["sentences"] = {"signature": pair.signature,
                            "beads": [{"zh_ids": pair.ids(b, Lang.ZH), "en_ids": pair.ids(b, Lang.EN),
                                       "type": b.label, "score": b.score,
                                       "clause_beads": list(self.within(k))} for k, b in enumerate(pair.beads)]}
        return out

    def to_beads(self) -> str:
        """The clause beads in the ``[0,1]:[2]`` index format over the bilingual view's units."""
        return self.clauses.to_beads()

    def to_tsv(self) -> str:
        """One clause bead per line, with its sentence bead."""
        lines = self.clauses.to_tsv().rstrip("\n").split("\n")
        out = [lines[0] + "\tsentence_bead"]
        out += [f"{line}\t{self.parents[k]}" for k, line in enumerate(lines[1:])]
        return "\n".join(out) + "\n"

    def to_text(self, width: int = 120) -> str:
        """Each sentence bead, then its clause beads numbered side by side."""
        from ..render import side_by_side

        col = max(20, (width - 16) // 2)
        pair, view = self.sentences, self.clauses
        out = []
        for k, sb in enumerate(pair.beads):
            ids = f"{','.join(pair.ids(sb, Lang.ZH)) or '-'} ↔ {','.join(pair.ids(sb, Lang.EN)) or '-'}"
            head = f"{sb.score:4.2f}" if sb.paired else "  — "
            out.append(f"{head} {ids}  [{sb.label}]")
            for n, c in enumerate(self.within(k), 1):
                b = view.beads[c]
                tag = f"{n:>3} {b.score:4.2f}" if b.paired else f"{n:>3} {b.label[:4]}"
                out.extend(side_by_side(view.text(b, Lang.ZH) if b.zh else None,
                                        view.text(b, Lang.EN) if b.en else None, col, f"  {tag} "))
            out.append("")
        out.append("clauses: " + self.summary_line())
        out.extend(f"warning: {w}" for w in self.warnings)
        return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- the pieces of a text


@dataclass(frozen=True, slots=True)
class _Piece:
    """A stretch of an English sentence between candidate points."""

    start: int
    end: int
    clause: int  # the document clause holding it
    hard: bool  # a unit starts with it (a sentence or one of the document's clauses)


def _pieces(doc: Document) -> tuple[list[_Piece], list[Unit], list[list[int]]]:
    """The English pieces, the document's clauses and, per sentence, its pieces."""
    clauses = doc.level(Level.CLAUSE)
    sentences = doc.level(Level.SENTENCE)
    by_sentence: dict[str, list[int]] = {}
    for k, c in enumerate(clauses):
        by_sentence.setdefault(c.parent or "", []).append(k)
    content = doc.text.content
    pieces: list[_Piece] = []
    per_sentence: list[list[int]] = []
    for s in sentences:
        cuts = candidate_cuts(doc, s) if doc.lang == Lang.EN else []
        mine: list[int] = []
        for k in by_sentence.get(s.id, []):
            c = clauses[k]
            inner = [x for x in cuts if c.start < x < c.end]
            pos, first = c.start, True
            for cut in [*inner, c.end]:
                a, b = trim(content, pos, cut)
                if b > a:
                    mine.append(len(pieces))
                    pieces.append(_Piece(a, b, k, first))
                    first = False
                pos = cut
        per_sentence.append(mine)
    return pieces, clauses, per_sentence


def _zh_clauses(doc: Document) -> tuple[list[Unit], list[list[int]]]:
    """The Chinese document's clauses and, per sentence, their indices."""
    clauses = doc.level(Level.CLAUSE)
    index = {s.id: n for n, s in enumerate(doc.level(Level.SENTENCE))}
    per: list[list[int]] = [[] for _ in index]
    for k, c in enumerate(clauses):
        n = index.get(c.parent or "")
        if n is not None:
            per[n].append(k)
    return clauses, per


# --------------------------------------------------------------------------- lexical evidence


@dataclass(slots=True)
class _Lex:
    """The tokens of the Chinese clauses and the English pieces: key maps, weights, lengths."""

    zmap: list[dict[int, int]]  # per Chinese clause: key -> mask of its tokens having it
    zw: list[list[float]]
    ekeys: list[tuple[tuple[int, ...], ...]]
    ew: list[list[float]]
    esurface: list[tuple[str, ...]]
    zlen: list[float]
    elen: list[float]
    zsize: list[int]  # per Chinese clause: Han characters in its words of two characters or more
    esize: list[int]  # per English piece: its Latin words (stop words, numbers and letters left out)


def _lexicon(zh_texts: list[str], en_texts: list[str]) -> _Lex:
    feats = featurize(zh_texts, en_texts)
    zmap = []
    for unit_keys in feats.zh.keys:
        m: dict[int, int] = {}
        for t, keys in enumerate(unit_keys):
            for key in keys:
                m[key] = m.get(key, 0) | (1 << t)
        zmap.append(m)
    return _Lex(zmap, [w.tolist() for w in feats.zh.weights], list(feats.en.keys),
                [w.tolist() for w in feats.en.weights], list(feats.en.surface),
                feats.zh.lengths.tolist(), feats.en.lengths.tolist(),
                [sum(len(t) for t in unit if _ZH_WORD.fullmatch(t)) for unit in feats.zh.surface],
                [sum(1 for t in unit if _EN_WORD.fullmatch(t)) for unit in feats.en.surface])


_PREPARED: list[tuple[tuple[tuple[str, ...], tuple[str, ...]], _Lex, dict]] = []


def _prepared(zh_texts: list[str], en_texts: list[str]) -> tuple[_Lex, dict]:
    """The lexicon of the texts' clauses and pieces, and the paths already solved through
    sentence beads with it (without vectors), kept for the last texts seen: an editor's change
    to the sentence beads leaves the clauses and pieces as they were, and most beads too, so
    saving it re-solves only the beads it changed (each path depends on the lexicon, the bead's
    units, its gates and the text's typical ratio alone, which key it)."""
    texts = (tuple(zh_texts), tuple(en_texts))
    if _PREPARED and _PREPARED[0][0] == texts:
        return _PREPARED[0][1], _PREPARED[0][2]
    lex: _Lex = _lexicon(zh_texts, en_texts)
    _PREPARED[:] = [(texts, lex, {})]
    return lex, _PREPARED[0][2]


#: content: Han characters in words of two or more, Latin words (not numbers, not single characters)
_ZH_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]{2,}")
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")


def _weigh(mask: int, weights: list[float]) -> float:
    total = 0.0
    while mask:
        low = mask & -mask
        total += weights[low.bit_length() - 1]
        mask ^= low
    return total


@dataclass(slots=True)
class _Bead:
    """One sentence bead's clauses and pieces, with the masks of what explains what."""

    k: int
    zs: list[int]  # Chinese clause indices
    es: list[int]  # English piece indices
    zm: list[list[int]] = field(default_factory=list)  # [a][b]: tokens of clause a explained by piece b
    em: list[list[int]] = field(default_factory=list)  # [a][b]: tokens of piece b explained by clause a

    @property
    def paired(self) -> bool:
        return bool(self.zs) and bool(self.es)

    def support(self, lex: _Lex, side: str, at: int) -> float | None:
        """Share of a unit's token weight explained by the whole other side of the bead (None:
        too little content to judge: MIN_CHARS, MIN_WORDS)."""
        if side == Lang.ZH:
            w, small = lex.zw[self.zs[at]], lex.zsize[self.zs[at]] < MIN_CHARS
            mask = 0
            for x in self.zm[at]:
                mask |= x
        else:
            w, small = lex.ew[self.es[at]], lex.esize[self.es[at]] < MIN_WORDS
            mask = 0
            for row in self.em:
                mask |= row[at]
        total = sum(w)
        if small or total <= 0:
            return None
        return _weigh(mask, w) / total


    def own_support(self, lex: _Lex, at: int) -> float:
        """Share of Chinese clause ``at``'s token weight explained by English tokens of the bead
        that none of its sibling clauses explains (words a neighbour accounts for do not count)."""
        i = self.zs[at]
        kmap = lex.zmap[i]
        mask = 0
        for b, j in enumerate(self.es):
            others = 0
            for a, row in enumerate(self.em):
                if a != at:
                    others |= row[b]
            free = self.em[at][b] & ~others
            t = 0
            while free:
                if free & 1:
                    for key in lex.ekeys[j][t]:
                        mask |= kmap.get(key, 0)
                free >>= 1
                t += 1
        total = sum(lex.zw[i])
        return _weigh(mask, lex.zw[i]) / total if total > 0 else 1.0


    def accounted(self, lex: _Lex, at: int, least: float) -> bool:
        """Whether the bead's English is accounted for without Chinese clause ``at``: every piece
        of two words or more explained by the other clauses at ``least`` of its weight or more
        (else the English may hold the clause's translation in words the dictionary misses)."""
        for b, j in enumerate(self.es):
            if lex.esize[j] < 2:
                continue
            mask = 0
            for a, row in enumerate(self.em):
                if a != at:
                    mask |= row[b]
            total = sum(lex.ew[j])
            if total > 0 and _weigh(mask, lex.ew[j]) < least * total:
                return False
        return True


def _masks(lex: _Lex, bead: _Bead) -> None:
    for i in bead.zs:
        zrow, erow = [], []
        kmap = lex.zmap[i]
        for j in bead.es:
            zbits = ebits = 0
            if kmap:
                for t, keys in enumerate(lex.ekeys[j]):
                    for key in keys:
                        hit = kmap.get(key)
                        if hit:
                            zbits |= hit
                            ebits |= 1 << t
            zrow.append(zbits)
            erow.append(ebits)
        bead.zm.append(zrow)
        bead.em.append(erow)


# --------------------------------------------------------------------------- the programme


@dataclass(frozen=True, slots=True)
class _Step:
    """A clause bead found: Chinese clauses ``[i, i + di)`` and pieces ``[j, j + dj)`` (local)."""

    i: int
    di: int
    j: int
    dj: int
    coverage: float = 0.0
    fit: float = 0.0
    cosine: float | None = None


Grams = tuple[list[list[float]], list[list[float]], list[list[float]]]


def _block(p: list[list[float]], r0: int, r1: int, c0: int, c1: int) -> float:
    """The sum of rows ``[r0, r1)`` and columns ``[c0, c1)`` from a 2-D prefix sum."""
    return p[r1][c1] - p[r0][c1] - p[r1][c0] + p[r0][c0]


def _solve(lex: _Lex, bead: _Bead, hard: list[bool], gate_z: list[bool], gate_e: list[bool],
           grams: Grams | None = None, text_mu: float | None = None) -> list[_Step]:
    """The best monotone path of clause beads through one sentence bead.

    A unit that may be left out (``gate_z``, ``gate_e``) brings no lexical gain to a bead it
    joins: what its words match the rest of the bead accounts for, so pairing it must be
    earned by the lengths and the vectors; the lengths then weigh against ``text_mu``, the
    text's typical ratio, not the bead's own, which counts the unit that may be missing."""
    zs, es = bead.zs, bead.es
    n, m = len(zs), len(es)
    mu = _ratio(lex, zs, es)
    if text_mu is not None and (any(gate_z) or any(gate_e)):
        # a unit that may be left out would pull the bead's own ratio its way: the text's typical one
        mu = text_mu
    if (n == 1 and not any(gate_e)) or (m == 1 and not any(gate_z)):
        return [_Step(0, n, 0, m, *_evidence(lex, bead, 0, n, 0, m, mu, grams))]  # the one path there is
    maxz = max(MAX_ZH, -(-n // max(m, 1)))
    maxe = max(MAX_PIECES, -(-m // max(n, 1)))
    zwc = _cum([sum(lex.zw[i]) for i in zs])
    ewc = _cum([sum(lex.ew[j]) for j in es])
    lzc = _cum([lex.zlen[i] for i in zs])
    lec = _cum([lex.elen[j] for j in es])
    hardc = _cum([1.0 if h else 0.0 for h in hard])
    zm = [[0 if gate_z[a] or gate_e[b] else x for b, x in enumerate(row)] for a, row in enumerate(bead.zm)]
    em = [[0 if gate_z[a] or gate_e[b] else x for b, x in enumerate(row)] for a, row in enumerate(bead.em)]
    # zr[a][j][d]: weight of clause a's tokens explained by pieces j..j+d-1; er[b][i][d] the converse
    zr = [[_run_weights(lex.zw[zs[a]], [zm[a][x] for x in range(j, min(m, j + maxe))]) for j in range(m)]
          for a in range(n)]
    er = [[_run_weights(lex.ew[es[b]], [em[x][b] for x in range(i, min(n, i + maxz))]) for i in range(n)]
          for b in range(m)]
    cache: dict[tuple[int, int, int, int], float] = {}

    def gain(i: int, di: int, j: int, dj: int) -> float:
        key = (i, di, j, dj)
        got = cache.get(key)
        if got is not None:
            return got
        zx = sum(zr[a][j][dj] for a in range(i, i + di))
        ex = sum(er[b][i][di] for b in range(j, j + dj))
        total = zwc[i + di] - zwc[i] + ewc[j + dj] - ewc[j]
        cov = (zx + ex) / total if total > 0 else 0.0
        d = (math.log(max(lec[j + dj] - lec[j], 1.0) / max(lzc[i + di] - lzc[i], 1.0)) - mu) / SIGMA
        units = 1 + int(hardc[j + dj] - hardc[j + 1])
        got = zx + ex + BONUS * min(1.0, cov / COVER) - SHAPE * (di - 1 + units - 1) - d * d / 2
        if grams is not None:
            got += SEM_WEIGHT * (_cosine(grams, i, di, j, dj) - SEM_BASE)
        cache[key] = got
        return got

    def moves(i: int, j: int) -> Iterator[tuple[int, int, float, str]]:
        for di in range(1, min(maxz, n - i) + 1):
            for dj in range(1, min(maxe, m - j) + 1):
                yield di, dj, gain(i, di, j, dj), "pair"
        if i < n and gate_z[i]:
            yield 1, 0, LEFT_OUT, "omit"
        dj = 0
        while j + dj < m and dj < maxe and gate_e[j + dj]:
            dj += 1
            yield 0, dj, LEFT_OUT, "add"

    try:
        path = best_path(n, m, moves)
    except ValueError:  # cannot happen with the caps above; one bead then
        return [_Step(0, n, 0, m, *_evidence(lex, bead, 0, n, 0, m, mu, grams))]
    return [_Step(mv.i, mv.di, mv.j, mv.dj, *_evidence(lex, bead, mv.i, mv.di, mv.j, mv.dj, mu, grams))
            if mv.label == "pair" else _Step(mv.i, mv.di, mv.j, mv.dj) for mv in path]


def _ratio(lex: _Lex, zs: Sequence[int], es: Sequence[int]) -> float:
    """log(English / Chinese length) of some units."""
    return math.log(max(sum(lex.elen[j] for j in es), 1.0) / max(sum(lex.zlen[i] for i in zs), 1.0))


def _run_weights(weights: list[float], masks: list[int]) -> list[float]:
    """``out[d]``: the weight of the tokens the first ``d`` masks select together."""
    out, acc = [0.0], 0
    for mask in masks:
        acc |= mask
        out.append(_weigh(acc, weights))
    return out


def _cosine(grams: Grams, i: int, di: int, j: int, dj: int) -> float:
    """Cosine of the summed vectors of Chinese clauses ``[i, i + di)`` and pieces ``[j, j + dj)``."""
    ze, zz, ee = grams
    norm = math.sqrt(max(_block(zz, i, i + di, i, i + di), 0.0) * max(_block(ee, j, j + dj, j, j + dj), 0.0))
    return _block(ze, i, i + di, j, j + dj) / norm if norm > 0 else 0.0


def _evidence(lex: _Lex, bead: _Bead, i: int, di: int, j: int, dj: int, mu: float,
              grams: Grams | None) -> tuple[float, float, float | None]:
    """Lexical coverage, length fit and cosine (with vectors) of a clause bead of a sentence bead."""
    zx = ex = total = 0.0
    for a in range(i, i + di):
        mask = 0
        for b in range(j, j + dj):
            mask |= bead.zm[a][b]
        zx += _weigh(mask, lex.zw[bead.zs[a]])
        total += sum(lex.zw[bead.zs[a]])
    for b in range(j, j + dj):
        mask = 0
        for a in range(i, i + di):
            mask |= bead.em[a][b]
        ex += _weigh(mask, lex.ew[bead.es[b]])
        total += sum(lex.ew[bead.es[b]])
    lz = sum(lex.zlen[bead.zs[a]] for a in range(i, i + di))
    le = sum(lex.elen[bead.es[b]] for b in range(j, j + dj))
    d = (math.log(max(le, 1.0) / max(lz, 1.0)) - mu) / SIGMA
    return (zx + ex) / total if total > 0 else 0.0, math.exp(-d * d / 2), \
        _cosine(grams, i, di, j, dj) if grams is not None else None


def _cum(values: Sequence[float]) -> list[float]:
    out = [0.0]
    for v in values:
        out.append(out[-1] + v)
    return out


# --------------------------------------------------------------------------- support


def _typical(supports: list[float]) -> float:
    """The median support (0.5 when nothing was measured)."""
    if not supports:
        return 0.5
    values = sorted(supports)
    return values[len(values) // 2]


@dataclass(slots=True)
class _Support:
    """Each unit's support within its sentence bead, by side and bead, and the typical ones."""

    zh: dict[int, list[float | None]]
    en: dict[int, list[float | None]]
    typical_zh: float
    typical_en: float


def _supports(lex: _Lex, beads: list[_Bead]) -> _Support:
    zsup = {b.k: [b.support(lex, Lang.ZH, a) for a in range(len(b.zs))] for b in beads if b.paired}
    esup = {b.k: [b.support(lex, Lang.EN, x) for x in range(len(b.es))] for b in beads if b.paired}
    return _Support(zsup, esup, _typical([s for v in zsup.values() for s in v if s is not None]),
                    _typical([s for v in esup.values() for s in v if s is not None]))


def _gates(lex: _Lex, beads: list[_Bead], sup: _Support, vectors: bool) -> tuple[dict[int, list[bool]],
                                                                                 dict[int, list[bool]]]:
    """Which units of each paired sentence bead the programme may leave out: a Chinese clause
    whose words the English of its bead explains (leaving aside what its sibling clauses
    explain) at most at LOOSE of the typical support; an English piece explained at most at
    SHARE of it. The programme then decides, against pairing the unit with a neighbour."""
    gate_z: dict[int, list[bool]] = {}
    gate_e: dict[int, list[bool]] = {}
    for b in beads:
        if not b.paired:
            continue
        if sup.typical_zh < CLOSE:
            # a free translation: paraphrase leaves words unexplained, so they are no evidence
            gate_z[b.k], gate_e[b.k] = [False] * len(b.zs), [False] * len(b.es)
            continue
        low_z = [s is not None and s <= SHARE * sup.typical_zh for s in sup.zh[b.k]]
        low_e = [s is not None and s <= SHARE * sup.typical_en for s in sup.en[b.k]]
        # only in a sentence pair that is otherwise a translation: a unit with support on each side
        if all(low_z) or all(low_e):
            gate_z[b.k], gate_e[b.k] = [False] * len(b.zs), [False] * len(b.es)
            continue
        gate_z[b.k] = [s is not None and b.own_support(lex, a) <= LOOSE * sup.typical_zh
                       and b.accounted(lex, a, (LOOSE if vectors else ACCOUNTED) * sup.typical_en)
                       for a, s in enumerate(sup.zh[b.k])]
        gate_e[b.k] = low_e
    return gate_z, gate_e


# --------------------------------------------------------------------------- sentence vectors


class _Vectors:
    """Sentence vectors of the Chinese clauses and the English pieces of the sentence beads with
    a choice, each side centred on its own mean over those units (what they all share says
    nothing about which correspond; the mean is of this text's units alone, whatever else the
    cache holds)."""

    def __init__(self, semantic: Semantic, beads: Sequence[_Bead]) -> None:
        import numpy as np

        self.semantic = semantic
        self.mean = {}
        for side, store in ((Lang.ZH, semantic.zh), (Lang.EN, semantic.en)):
            units = sorted({u for b in beads for u in (b.zs if side == Lang.ZH else b.es)})
            vectors = store.get(units).astype(np.float64) if units else np.zeros((0, 1))
            self.mean[side] = vectors.mean(axis=0) if len(units) else 0.0

    def grams(self, bead: _Bead) -> Grams:
        """2-D prefix sums of the dot products Chinese × English, Chinese × Chinese and English ×
        English of a bead's units."""
        import numpy as np

        z = self.semantic.zh.get(bead.zs).astype(np.float64) - self.mean[Lang.ZH]
        e = self.semantic.en.get(bead.es).astype(np.float64) - self.mean[Lang.EN]

        def prefix(g: np.ndarray) -> list[list[float]]:
            out = np.zeros((g.shape[0] + 1, g.shape[1] + 1))
            out[1:, 1:] = g.cumsum(0).cumsum(1)
            return out.tolist()

        return prefix(z @ e.T), prefix(z @ z.T), prefix(e @ e.T)


# --------------------------------------------------------------------------- aligning


def align_clauses(pair: AlignedPair, semantic: str = "auto") -> ClauseAlignment:
    """The clauses of every sentence bead of a sentence alignment, aligned inside it.

    ``semantic``: ``off`` (words, numbers, names and lengths only), ``on`` (sentence
    vectors of every clause and piece in the programme) or ``auto`` (the vectors in the
    programme for a close translation of at most :data:`AUTO_UNITS` units; otherwise
    only to confirm or refute a unit with no lexical support)."""
    if pair.level != Level.SENTENCE:
        raise InputError(f"clauses are aligned inside a sentence alignment, not a {pair.level} one")
    zdoc, edoc = pair.zh, pair.en
    if [u.id for u in pair.zh_units] != [u.id for u in zdoc.level(Level.SENTENCE)] or \
            [u.id for u in pair.en_units] != [u.id for u in edoc.level(Level.SENTENCE)]:
        raise InputError("the sentence alignment's units are not its documents' sentences")
    zclauses, zper = _zh_clauses(zdoc)
    pieces, eclauses, eper = _pieces(edoc)
    zc, ec = zdoc.text.content, edoc.text.content
    zh_texts, en_texts = [zc[u.start:u.end] for u in zclauses], [ec[p.start:p.end] for p in pieces]
    lex, solved = _prepared(zh_texts, en_texts)
    beads = [_Bead(k, [i for s in b.zh for i in zper[s]], [j for s in b.en for j in eper[s]])
             for k, b in enumerate(pair.beads)]
    for b in beads:
        if b.paired:
            _masks(lex, b)
    sup = _supports(lex, beads)
    chosen = [b for b in beads if b.paired and len(b.zs) + len(b.es) > 2]
    if semantic == "auto":
        wanted = sup.typical_zh >= CLOSE and sum(len(b.zs) + len(b.es) for b in chosen) <= AUTO_UNITS
        semantic_vectors = semantic_for(zh_texts, en_texts, "auto" if wanted else "off")
    else:
        semantic_vectors = semantic_for(zh_texts, en_texts, semantic)
    vectors = _Vectors(semantic_vectors, chosen) if semantic_vectors is not None else None
    gate_z, gate_e = _gates(lex, beads, sup, vectors is not None)
    view = _View(pieces, eclauses)
    ratios = sorted(_ratio(lex, b.zs, b.es) for b in beads if b.paired)
    text_mu = ratios[len(ratios) // 2] if ratios else None
    raw: list[Bead] = []
    parents: list[int] = []
    for b, sb in zip(beads, pair.beads):
        if not b.paired:
            for i in b.zs:
                raw.append(Bead((i,), (), 0.0, "omission: its sentence has no English counterpart"))
                parents.append(b.k)
            for group in view.groups(b.es):
                raw.append(Bead((), (view.add(group),), 0.0, "addition: its sentence has no Chinese counterpart"))
                parents.append(b.k)
            continue
        grams = vectors.grams(b) if vectors is not None and len(b.zs) + len(b.es) > 2 else None
        hard = [pieces[j].hard for j in b.es]
        gated = any(gate_z[b.k]) or any(gate_e[b.k])  # only then does the text's typical ratio count
        key = None if grams is not None else (tuple(b.zs), tuple(b.es), tuple(hard), tuple(gate_z[b.k]),
                                               tuple(gate_e[b.k]), text_mu if gated else None)
        steps = solved.get(key) if key is not None else None
        if steps is None:
            steps = _solve(lex, b, hard, gate_z[b.k], gate_e[b.k], grams, text_mu)
            if key is not None:
                solved[key] = steps
        for st in steps:
            zs = tuple(b.zs[st.i:st.i + st.di])
            es = tuple(view.add(g) for g in view.groups(b.es[st.j:st.j + st.dj]))
            if not zs:
                raw.extend(Bead((), (e,), 0.0, "addition: no support in the Chinese of its sentence pair")
                           for e in es)
                parents.extend(b.k for _ in es)
                continue
            if not es:
                raw.append(Bead(zs, (), 0.0, "omission: no support in the English of its sentence pair"))
                parents.append(b.k)
                continue
            words = _shared(lex, b, st)
            conf = min(sb.score, confidence(st.coverage, st.fit, len(zs), len(es), st.cosine))
            reason = f"lex {st.coverage:.2f}, len {st.fit:.2f}" + (f", sem {st.cosine:.2f}" if st.cosine is not None
                                                                    else "") + (f"; shared: {words}" if words else "")
            raw.append(Bead(zs, es, round(conf, 4), reason, st.coverage, st.fit,
                            None if st.cosine is None else round(st.cosine, 4)))
            parents.append(b.k)
    clauses = AlignedPair(zdoc, edoc, Level.CLAUSE, tuple(raw), signature(pair, semantic, vectors is not None),
                          pair.warnings, tuple(zclauses), tuple(view.units), pair.related, pair.support)
    return ClauseAlignment(pair, clauses, tuple(parents))


def _shared(lex: _Lex, bead: _Bead, st: _Step) -> str:
    words: list[str] = []
    for b in range(st.j, st.j + st.dj):
        mask = 0
        for a in range(st.i, st.i + st.di):
            mask |= bead.em[a][b]
        surface = lex.esurface[bead.es[b]]
        words += [surface[t] for t in range(len(surface)) if mask >> t & 1]
    words = list(dict.fromkeys(words))
    return ", ".join(words[:6]) + ("…" if len(words) > 6 else "")


class _View:
    """The English clause units of the bilingual view, made as clause beads are found."""

    def __init__(self, pieces: list[_Piece], clauses: list[Unit]) -> None:
        self.pieces, self.clauses = pieces, clauses
        self.units: list[Unit] = []
        self._parts: dict[int, int] = {}  # document clause -> pieces of it made so far

    def groups(self, js: Sequence[int]) -> list[list[int]]:
        """Consecutive pieces cut where a unit must start (a sentence or a document clause)."""
        out: list[list[int]] = []
        for j in js:
            if not out or self.pieces[j].hard:
                out.append([j])
            else:
                out[-1].append(j)
        return out

    def add(self, group: list[int]) -> int:
        """The unit of a group of pieces (the document's clause itself when it is whole)."""
        first, last = self.pieces[group[0]], self.pieces[group[-1]]
        clause = self.clauses[first.clause]
        if first.start == clause.start and last.end == clause.end:
            unit = Unit(clause.id, CLAUSE, first.start, last.end, clause.parent)
        else:
            n = self._parts.get(first.clause, 0)
            self._parts[first.clause] = n + 1
            unit = Unit(f"{clause.id}.{n}", CLAUSE, first.start, last.end, clause.parent)
        self.units.append(unit)
        return len(self.units) - 1


def signature(pair: AlignedPair, semantic: str = "auto", used: bool = False) -> str:
    """The clause alignment's reproducibility signature: the sentence alignment's, then every
    constant of the clause programme."""
    consts = (f"clauses:in-sentence-dp|max={MAX_ZH}/{MAX_PIECES},bonus={BONUS:g}/{COVER:g},shape={SHAPE:g},"
              f"sigma={SIGMA:g}/text-ratio-when-gated,left={LEFT_OUT:g},support={MIN_CHARS}/{MIN_WORDS}/{SHARE:g}/{LOOSE:g}/{ACCOUNTED:g}/{CLOSE:g},"
              f"sem={semantic}:{'used' if used else 'none'}/{SEM_WEIGHT:g}/{SEM_BASE:g}/{AUTO_UNITS}")
    base = pair.signature or f"ipdoc:{__version__}"
    return base.replace("level:sentence", "level:clause") + "|" + consts


# --------------------------------------------------------------------------- shared use of one refinement


_MEMO: dict[int, tuple[AlignedPair, str, ClauseAlignment]] = {}


def clauses_of(pair: AlignedPair, semantic: str = "auto") -> ClauseAlignment:
    """The clause alignment of a sentence alignment, made once per pair object (the checks, the
    exports and ``run`` share it); a stored one given to :func:`remember` is returned as is."""
    got = _MEMO.get(id(pair))
    if got is not None and got[0] is pair and got[1] in (semantic, "stored"):
        return got[2]
    made = align_clauses(pair, semantic)
    remember(made, semantic)
    return made


def refining(pair: AlignedPair | None) -> ClauseAlignment | None:
    """The clauses aligned inside a sentence alignment's beads; None without a pair, at level
    clause, without beads, or for a pair the clause aligner cannot refine."""
    if pair is None or pair.level != Level.SENTENCE or not pair.beads:
        return None
    try:
        return clauses_of(pair)
    except InputError:
        return None


def remember(alignment: ClauseAlignment, how: str = "stored") -> None:
    """Keep a clause alignment for its sentence pair (a project file's, read back)."""
    if len(_MEMO) >= 8:
        _MEMO.clear()
    _MEMO[id(alignment.sentences)] = (alignment.sentences, how, alignment)


# --------------------------------------------------------------------------- gold clause alignments


@dataclass(frozen=True, slots=True)
class SpanBeads:
    """Beads over character spans of the two texts: a gold clause alignment or one made by
    ipdoc, comparable whatever the clause units each chose."""

    zh: tuple[tuple[int, int], ...]
    en: tuple[tuple[int, int], ...]
    beads: tuple[RawBead, ...]


_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def parse_gold(text: str, zh_content: str, en_content: str, origin: str = "<clause gold>") -> SpanBeads:
    """A clause gold file: one bead per line, ``Chinese ||| English``, the units of a side
    separated by `` | `` and written exactly as in the text (``\\uXXXX`` for a character that
    cannot be typed); an empty side is an omission or an addition; ``#`` starts a comment line.
    The units of each side must follow one another through the whole text with only
    whitespace or punctuation between them (the gold covers every word of the text)."""
    units: dict[str, list[tuple[int, int]]] = {Lang.ZH: [], Lang.EN: []}
    pos = {Lang.ZH: 0, Lang.EN: 0}
    contents = {Lang.ZH: zh_content, Lang.EN: en_content}
    beads: list[RawBead] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.count("|||") != 1:
            raise InputError(f"line {n}: a bead is `Chinese ||| English`", origin)
        sides = dict(zip((Lang.ZH, Lang.EN), line.split("|||")))
        idx: dict[str, tuple[int, ...]] = {}
        for side, part in sides.items():
            got = []
            for piece in (p.strip() for p in part.split(" | ")):
                if not piece:
                    continue
                piece = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), piece)
                content = contents[side]
                at = content.find(piece, pos[side])
                if at < 0 or _wordy(content[pos[side]:at]):
                    raise InputError(f"line {n}: {side} unit {piece[:40]!r} does not follow the unit before it "
                                     "in the text", origin)
                units[side].append((at, at + len(piece)))
                pos[side] = at + len(piece)
                got.append(len(units[side]) - 1)
            idx[side] = tuple(got)
        if not idx[Lang.ZH] and not idx[Lang.EN]:
            raise InputError(f"line {n}: a bead with no unit", origin)
        beads.append((idx[Lang.ZH], idx[Lang.EN]))
    for side in (Lang.ZH, Lang.EN):
        if _wordy(contents[side][pos[side]:]):
            raise InputError(f"the {side} text goes on after the last unit of the gold", origin)
    return SpanBeads(tuple(units[Lang.ZH]), tuple(units[Lang.EN]), tuple(beads))


def _wordy(gap: str) -> bool:
    """Whether text between two units of a gold holds words (letters, digits, Han): only
    whitespace and stray punctuation may lie outside every unit."""
    return any(c.isalnum() for c in gap)


def spans_of(alignment: ClauseAlignment) -> SpanBeads:
    """The clause beads of an alignment over character spans."""
    view = alignment.clauses
    return SpanBeads(tuple((u.start, u.end) for u in view.zh_units), tuple((u.start, u.end) for u in view.en_units),
                     tuple((b.zh, b.en) for b in view.beads))


def write_gold(alignment: ClauseAlignment) -> str:
    """A clause alignment in the gold format (a draft for an annotator to correct)."""
    view = alignment.clauses
    lines = []
    for b in view.beads:
        sides = []
        for side in (Lang.ZH, Lang.EN):
            texts = [" ".join(t.split()) for t in view.texts(b, side)]
            sides.append(" | ".join(_escape(t) for t in texts))
        lines.append(f"{sides[0]} ||| {sides[1]}".strip())
    return "\n".join(lines) + "\n"


def _escape(text: str) -> str:
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)


def _refine(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]], content: str) -> tuple[
        list[list[int]], list[list[int]]]:
    """Both unit lists over their common refinement: the stretches between any two boundaries
    of either that hold text; each unit as the indices of the stretches it covers."""
    points = sorted({x for s in (*a, *b) for x in s})
    stretches = [(p, q) for p, q in itertools.pairwise(points) if content[p:q].strip()]
    starts = [p for p, _ in stretches]

    def cover(units: Sequence[tuple[int, int]]) -> list[list[int]]:
        out = []
        for s, e in units:
            k = bisect.bisect_left(starts, s)
            got = []
            while k < len(stretches) and stretches[k][1] <= e:
                got.append(k)
                k += 1
            out.append(got)
        return out

    return cover(a), cover(b)


def score_clauses(golds: Sequence[SpanBeads], tests: Sequence[SpanBeads], zh_contents: Sequence[str],
                  en_contents: Sequence[str]) -> Scores:
    """Strict and lax P/R/F1 (the bead metric of :mod:`ipdoc.align.evaluate`) of clause
    alignments against golds whose units may differ: both are put over the common refinement
    of their units, so a strict hit is a bead with exactly the gold's text on both sides."""
    gold_raw, test_raw = [], []
    for g, t, zc, ec in zip(golds, tests, zh_contents, en_contents):
        gz, tz = _refine(g.zh, t.zh, zc)
        ge, te = _refine(g.en, t.en, ec)

        def over(beads: Sequence[RawBead], zu: list[list[int]], eu: list[list[int]]) -> list[RawBead]:
            return [(tuple(x for i in z for x in zu[i]), tuple(x for j in e for x in eu[j])) for z, e in beads]

        gold_raw.append(over(g.beads, gz, ge))
        test_raw.append(over(t.beads, tz, te))
    return score(gold_raw, test_raw)
