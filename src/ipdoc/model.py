"""The model every stage reads and writes: a Text and spans over it.

Nothing here copies or rewrites text. Every unit is a ``[start, end)`` span into
``Text.content``; joining the units of one level and the gaps between them gives
the source back character for character.

Closed vocabularies (languages, levels, unit kinds, severities, fix
applicability) are string enums: they compare equal to, and serialise as, their
plain values, so files and JSON read the same as plain strings would.

The values a stage returns render themselves (``to_text``/``to_json``); the
formatting code lives in :mod:`ipdoc.render`, so this module holds data and the
small queries on it only.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any


class Lang(StrEnum):
    """A text's language, which is also the side of a pair it stands on."""

    ZH = "zh"
    EN = "en"


#: The side of a pair: the Chinese original or the English translation.
Side = Lang


class Level(StrEnum):
    """The unit lists that tile a text: leaf blocks, sentences or clauses."""

    BLOCK = "block"
    SENTENCE = "sentence"
    CLAUSE = "clause"


class Kind(StrEnum):
    """What a unit is: a container, a leaf block, a sentence or a clause."""

    PREAMBLE = "preamble"
    PART = "part"
    SECTION = "section"
    ITEM = "item"
    SUBITEM = "subitem"
    TITLE = "title"
    DOCNO = "docno"
    ADDRESSEE = "addressee"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ATTRIBUTION = "attribution"
    SIGNATURE = "signature"
    DATE = "date"
    SENTENCE = "sentence"
    CLAUSE = "clause"


#: ``part``/``section``/``item``/``subitem`` and ``preamble`` are containers; the
#: other block kinds are leaves that hold text.
CONTAINER_KINDS = (Kind.PREAMBLE, Kind.PART, Kind.SECTION, Kind.ITEM, Kind.SUBITEM)
NUMBERED_KINDS = (Kind.PART, Kind.SECTION, Kind.ITEM, Kind.SUBITEM)
LEAF_KINDS = (Kind.TITLE, Kind.DOCNO, Kind.ADDRESSEE, Kind.HEADING, Kind.PARAGRAPH, Kind.ATTRIBUTION,
              Kind.SIGNATURE, Kind.DATE)
BLOCK_KINDS = CONTAINER_KINDS + LEAF_KINDS
SENTENCE = Kind.SENTENCE
CLAUSE = Kind.CLAUSE
KINDS = (*BLOCK_KINDS, SENTENCE, CLAUSE)
LEVELS = tuple(Level)


class Severity(StrEnum):
    """How much a finding matters; ordered: info < warning < error."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    def at_least(self, other: Severity | str) -> bool:
        """Whether this severity is ``other`` or graver."""
        return self.rank >= Severity(other).rank


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}
#: Severities from the mildest to the gravest (the one ordering there is).
SEVERITIES = tuple(Severity)


class Applicability(StrEnum):
    """Who may apply a fix.

    ``safe``: cannot change meaning, applied by default; ``suggested``: applied with
    ``--unsafe`` or an editor's decision; ``editor``: a replacement an editor wrote
    in a decision (never proposed by a rule).
    """

    SAFE = "safe"
    SUGGESTED = "suggested"
    EDITOR = "editor"

    @property
    def order(self) -> int:
        """Which of two overlapping fixes wins: the editor's, then safe, then suggested."""
        return {Applicability.EDITOR: 0, Applicability.SAFE: 1, Applicability.SUGGESTED: 2}[self]


@dataclass(frozen=True, slots=True)
class Text:
    """A source text exactly as decoded, its language and where it came from."""

    content: str
    lang: str
    origin: str = "<string>"
    encoding: str = "utf-8"
    format: str = "txt"

    def __len__(self) -> int:
        return len(self.content)

    def slice(self, start: int, end: int) -> str:
        """The text of ``[start, end)``."""
        return self.content[start:end]

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset (the line starts found once per text)."""
        starts = _line_starts(self.content)
        line = bisect.bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1


@lru_cache(maxsize=8)
def _line_starts(content: str) -> list[int]:
    """Where each line of a text starts."""
    return [0, *(m.end() for m in re.finditer("\n", content))]


@dataclass(frozen=True, slots=True)
class Unit:
    """A span of a Text: a block, a sentence or a clause.

    ``number`` is the marker as printed ("(3)", "1.", "（一）", "三、"); ``value`` is
    the ordinal the structure stage decided it stands for, which may differ from
    what is printed when the marker is misprinted.
    """

    id: str
    kind: str
    start: int
    end: int
    parent: str | None = None
    number: str | None = None
    value: int | None = None

    @property
    def level(self) -> Level:
        if self.kind == SENTENCE:
            return Level.SENTENCE
        if self.kind == CLAUSE:
            return Level.CLAUSE
        return Level.BLOCK

    def text(self, text: Text) -> str:
        return text.content[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Note:
    """Something the structure stage noticed while recovering the document.

    ``code`` names the observation (e.g. ``marker-misprinted``); the checks stage
    turns notes into findings with rule codes.
    """

    code: str
    unit: str | None
    start: int
    end: int
    message: str
    expected: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A Text with its recovered structure and segmentation."""

    text: Text
    units: tuple[Unit, ...]
    notes: tuple[Note, ...] = ()
    _index: dict[str, Unit] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update((u.id, u) for u in self.units)

    def __getitem__(self, unit_id: str) -> Unit:
        return self._index[unit_id]

    @property
    def lang(self) -> str:
        return self.text.lang

    def get(self, unit_id: str | None) -> Unit | None:
        return self._index.get(unit_id) if unit_id is not None else None

    def of_kind(self, *kinds: str) -> list[Unit]:
        return [u for u in self.units if u.kind in kinds]

    def level(self, level: str) -> list[Unit]:
        """Units that tile the text at one level: leaf blocks, sentences or clauses."""
        if level == Level.BLOCK:
            return [u for u in self.units if u.kind in LEAF_KINDS]
        if level == Level.SENTENCE:
            return [u for u in self.units if u.kind == SENTENCE]
        if level == Level.CLAUSE:
            return [u for u in self.units if u.kind == CLAUSE]
        raise ValueError(f"unknown level {level!r}")

    def children(self, unit_id: str) -> list[Unit]:
        return [u for u in self.units if u.parent == unit_id]

    def ancestors(self, unit: Unit) -> Iterator[Unit]:
        parent = self.get(unit.parent)
        while parent is not None:
            yield parent
            parent = self.get(parent.parent)

    def container(self, unit: Unit) -> Unit | None:
        """The nearest numbered container (part, section, item) holding a unit."""
        for anc in self.ancestors(unit):
            if anc.kind in NUMBERED_KINDS:
                return anc
        return None

    def text_of(self, unit: Unit) -> str:
        return self.text.content[unit.start : unit.end]

    def to_json(self, level: str = Level.SENTENCE) -> dict[str, Any]:
        """The segmentation for scripts: units down to ``level``, counts and notes."""
        from .render import segment_json

        return segment_json(self, level)

    def to_text(self, level: str = Level.SENTENCE) -> str:
        """An indented outline of the structure for people."""
        from .render import segment_text

        return segment_text(self, level)


@dataclass(frozen=True, slots=True)
class Bead:
    """A link between Chinese units and English units; either side may be empty.

    ``score`` is the confidence in [0, 1] that the bead is exactly right; the
    evidence it was computed from travels with it as numbers: ``coverage`` (share
    of the bead's token weight explained across the sides), ``length_fit`` (how
    well the lengths agree with the text's ratio, in [0, 1]) and ``semantic``
    (cosine of the sides' sentence vectors, where used). ``reason`` is the short
    display form of the same evidence. Two beads are equal when their units, score
    and reason are (the evidence is not stored in every file format).
    """

    zh: tuple[int, ...]
    en: tuple[int, ...]
    score: float = 0.0
    reason: str = ""
    coverage: float | None = field(default=None, compare=False)
    length_fit: float | None = field(default=None, compare=False)
    semantic: float | None = field(default=None, compare=False)

    @property
    def kind(self) -> str:
        return f"{len(self.zh)}-{len(self.en)}"

    @property
    def paired(self) -> bool:
        """Both sides hold units (not an omission or an addition)."""
        return bool(self.zh) and bool(self.en)

    @property
    def label(self) -> str:
        """``omission``, ``addition`` or the type such as ``2-1``."""
        if not self.en:
            return "omission"
        if not self.zh:
            return "addition"
        return self.kind

    def side(self, side: str) -> tuple[int, ...]:
        return self.zh if side == Lang.ZH else self.en

    def to_index(self) -> str:
        """The ``[0,1]:[2]`` form Vecalign and Bertalign read and write."""
        return "[{}]:[{}]".format(",".join(map(str, self.zh)), ",".join(map(str, self.en)))


@dataclass(frozen=True, slots=True)
class AlignedPair:
    """Both Documents aligned at one level: the unit tuples and the beads over them.

    Bead indices are positions in ``zh_units``/``en_units`` (the units of the level,
    in document order). Every stage after alignment takes the pair; nobody rebuilds
    unit lists.
    """

    zh: Document
    en: Document
    level: str
    beads: tuple[Bead, ...]
    signature: str = ""
    warnings: tuple[str, ...] = ()
    zh_units: tuple[Unit, ...] = ()
    en_units: tuple[Unit, ...] = ()
    related: bool = field(default=True, compare=False)  # False: too little support for a text and its translation
    support: float | None = field(default=None, compare=False)  # the measure: mean lexical coverage of paired beads
    _where: dict[str, list[int]] = field(default_factory=dict, compare=False, repr=False)
    _starts: dict[str, list[int]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.zh_units and not self.en_units:
            object.__setattr__(self, "zh_units", tuple(self.zh.level(self.level)))
            object.__setattr__(self, "en_units", tuple(self.en.level(self.level)))
        for side, units in ((Lang.ZH, self.zh_units), (Lang.EN, self.en_units)):
            where = [-1] * len(units)
            for k, b in enumerate(self.beads):
                for i in b.side(side):
                    if not 0 <= i < len(units):
                        raise ValueError(f"bead {b.to_index()} points past the {len(units)} {side} units")
                    where[i] = k
            self._where[side] = where
            self._starts[side] = [u.start for u in units]

    # -- sides and units

    def doc(self, side: str) -> Document:
        return self.zh if side == Lang.ZH else self.en

    def units(self, side: str) -> tuple[Unit, ...]:
        return self.zh_units if side == Lang.ZH else self.en_units

    def bead_units(self, bead: Bead, side: str) -> list[Unit]:
        units = self.units(side)
        return [units[i] for i in bead.side(side)]

    def texts(self, bead: Bead, side: str) -> list[str]:
        """The text of each unit of one side of a bead, as in the source."""
        doc = self.doc(side)
        return [doc.text_of(u) for u in self.bead_units(bead, side)]

    def text(self, bead: Bead, side: str) -> str:
        """One side of a bead as one line: its units joined, whitespace collapsed."""
        return " ".join(" ".join(t.split()) for t in self.texts(bead, side))

    def ids(self, bead: Bead, side: str) -> list[str]:
        return [u.id for u in self.bead_units(bead, side)]

    def span(self, bead: Bead, side: str) -> tuple[int, int] | None:
        """From the first unit's start to the last unit's end on one side, or None."""
        units = self.bead_units(bead, side)
        return (units[0].start, units[-1].end) if units else None

    def spans(self, bead: Bead, side: str) -> tuple[tuple[int, int], ...]:
        return tuple((u.start, u.end) for u in self.bead_units(bead, side))

    # -- beads

    def paired(self) -> Iterator[Bead]:
        """Beads with units on both sides, in order."""
        return (b for b in self.beads if b.zh and b.en)

    def bead_of(self, side: str, index: int) -> Bead | None:
        """The bead holding unit ``index`` of one side."""
        k = self._where[side][index]
        return self.beads[k] if k >= 0 else None

    def bead_index(self, side: str, index: int) -> int:
        """Position in ``beads`` of the bead holding unit ``index`` of one side (-1: none)."""
        return self._where[side][index]

    def unit_at(self, side: str, offset: int) -> int | None:
        """Index of the unit of one side holding a character offset (end inclusive), or None."""
        units = self.units(side)
        k = bisect.bisect_right(self._starts[side], offset) - 1
        if k < 0 or offset > units[k].end:
            return None
        return k

    def locate(self, side: str, offset: int) -> Bead | None:
        """The bead whose units hold ``offset`` on ``side``; None outside any unit."""
        k = self.unit_at(side, offset)
        return self.bead_of(side, k) if k is not None else None

    def with_beads(self, beads: Iterable[Bead], signature: str | None = None,
                   warnings: tuple[str, ...] | None = None) -> AlignedPair:
        """The same pair with other beads (and signature and warnings)."""
        return AlignedPair(self.zh, self.en, self.level, tuple(beads),
                           self.signature if signature is None else signature,
                           self.warnings if warnings is None else warnings, self.zh_units, self.en_units,
                           self.related, self.support)

    def mean_score(self) -> float:
        paired = [b.score for b in self.paired()]
        return sum(paired) / len(paired) if paired else 0.0

    # -- renderings

    def summary(self) -> dict[str, Any]:
        from .render import alignment_summary

        return alignment_summary(self)

    def to_json(self) -> dict[str, Any]:
        from .render import alignment_json

        return alignment_json(self)

    def to_text(self, width: int = 120) -> str:
        from .render import alignment_text

        return alignment_text(self, width)

    def to_tsv(self) -> str:
        from .render import alignment_tsv

        return alignment_tsv(self)

    def to_beads(self) -> str:
        """The beads in the ``[0,1]:[2]`` index format, one per line."""
        return "".join(b.to_index() + "\n" for b in self.beads)


@dataclass(frozen=True, slots=True)
class Fix:
    """A replacement of ``[start, end)`` in one side's text."""

    start: int
    end: int
    replacement: str
    applicability: Applicability = Applicability.SUGGESTED


@dataclass(frozen=True, slots=True)
class Finding:
    """One anomaly: a rule code, where it is, why, and maybe a fix."""

    code: str
    name: str
    severity: Severity
    side: str
    start: int
    end: int
    message: str
    evidence: tuple[str, ...] = ()
    fix: Fix | None = None
    zh_span: tuple[int, int] | None = None
    fingerprint: str = ""


@dataclass(frozen=True, slots=True)
class Change:
    """A fix as applied: where it was in the source, where it is in the edition."""

    code: str
    src_start: int
    src_end: int
    out_start: int
    out_end: int
    before: str
    after: str
    message: str
    evidence: tuple[str, ...] = ()
    layout: bool = False


@dataclass(frozen=True, slots=True)
class Skipped:
    """A fix that was not applied, and why; ``rejected`` when an editor's decision left it out."""

    finding: Finding
    reason: str
    rejected: bool = False


@dataclass(frozen=True, slots=True)
class Edition:
    """A corrected text, the changes that made it from the source and the fixes left out."""

    source: Text
    text: Text
    changes: tuple[Change, ...]
    skipped: tuple[Skipped, ...] = ()

    def to_edition(self, offset: int) -> int:
        """Map a source offset to the edition (changed spans map to their start)."""
        shift = 0
        for ch in self.changes:
            if ch.src_end <= offset:
                shift += (ch.out_end - ch.out_start) - (ch.src_end - ch.src_start)
            elif ch.src_start <= offset:
                return ch.out_start
            else:
                break
        return offset + shift

    def to_source(self, offset: int) -> int:
        """Map an edition offset back to the source."""
        shift = 0
        for ch in self.changes:
            if ch.out_end <= offset:
                shift += (ch.src_end - ch.src_start) - (ch.out_end - ch.out_start)
            elif ch.out_start <= offset:
                return ch.src_start
            else:
                break
        return offset + shift

    @property
    def edits(self) -> int:
        """Changes to the words (not paragraph breaks)."""
        return sum(1 for c in self.changes if not c.layout)

    @property
    def rejected(self) -> int:
        """Fixes an editor rejected."""
        return sum(1 for s in self.skipped if s.rejected)

    @property
    def left(self) -> int:
        """Fixes left out for another reason than an editor's rejection (left for an editor)."""
        return len(self.skipped) - self.rejected

    def to_json(self) -> dict[str, Any]:
        """The change list for scripts: every change and every fix left out."""
        from .render import changes_json

        return changes_json(self)

    def to_text(self) -> str:
        """The change list for people, one line per change, then a summary line."""
        from .render import changes_text

        return changes_text(self)


def tile(units: Iterable[Unit], length: int) -> list[tuple[int, int, str | None]]:
    """Split ``[0, length)`` into unit spans and the gaps between them.

    Returns ``(start, end, unit_id_or_None)`` in order. Raises ``ValueError``
    when the units overlap, are out of order or fall outside the text.
    """
    out: list[tuple[int, int, str | None]] = []
    pos = 0
    for u in units:
        if u.start < pos or u.end < u.start or u.end > length:
            raise ValueError(f"unit {u.id} [{u.start},{u.end}) overlaps or is out of range")
        if u.start > pos:
            out.append((pos, u.start, None))
        out.append((u.start, u.end, u.id))
        pos = u.end
    if pos < length:
        out.append((pos, length, None))
    return out
