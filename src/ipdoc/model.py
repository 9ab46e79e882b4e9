"""The model every stage reads and writes: a Text and spans over it.

Nothing here copies or rewrites text. Every unit is a ``[start, end)`` span into
``Text.content``; joining the units of one level and the gaps between them gives
the source back character for character.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator

#: Kinds of units, grouped by level. ``part``/``section``/``item``/``subitem`` and
#: ``preamble`` are containers; the other block kinds are leaves that hold text.
CONTAINER_KINDS = ("preamble", "part", "section", "item", "subitem")
LEAF_KINDS = (
    "title",
    "docno",
    "addressee",
    "heading",
    "paragraph",
    "attribution",
    "signature",
    "date",
)
BLOCK_KINDS = CONTAINER_KINDS + LEAF_KINDS
SENTENCE = "sentence"
CLAUSE = "clause"
KINDS = BLOCK_KINDS + (SENTENCE, CLAUSE)

#: The levels a caller can ask for, and the unit kinds that make them up.
LEVELS = ("block", "sentence", "clause")

SEVERITIES = ("info", "warning", "error")


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
        """1-based line and column of a character offset."""
        line = self.content.count("\n", 0, offset) + 1
        last_nl = self.content.rfind("\n", 0, offset)
        return line, offset - last_nl


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
    def level(self) -> str:
        if self.kind == SENTENCE:
            return "sentence"
        if self.kind == CLAUSE:
            return "clause"
        return "block"

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

    def get(self, unit_id: str | None) -> Unit | None:
        return self._index.get(unit_id) if unit_id is not None else None

    def of_kind(self, *kinds: str) -> list[Unit]:
        return [u for u in self.units if u.kind in kinds]

    def level(self, level: str) -> list[Unit]:
        """Units that tile the text at one level: leaf blocks, sentences or clauses."""
        if level == "block":
            return [u for u in self.units if u.kind in LEAF_KINDS]
        if level == "sentence":
            return [u for u in self.units if u.kind == SENTENCE]
        if level == "clause":
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
            if anc.kind in ("part", "section", "item", "subitem"):
                return anc
        return None

    def path(self, unit: Unit) -> str:
        """Human label of where a unit sits, e.g. ``section (5) › item 2``."""
        parts = []
        for anc in reversed([unit, *self.ancestors(unit)]):
            if anc.kind in ("part", "section", "item", "subitem") and anc.number:
                label = anc.number.strip()
                if anc.value is not None and not _prints_value(anc.number, anc.value):
                    label += f" (= {anc.value})"
                parts.append(f"{anc.kind} {label}")
        return " › ".join(parts)

    def text_of(self, unit: Unit) -> str:
        return self.text.content[unit.start : unit.end]


def _prints_value(number: str, value: int) -> bool:
    return str(value) in number


@dataclass(frozen=True, slots=True)
class Bead:
    """A link between Chinese units and English units; either side may be empty."""

    zh: tuple[int, ...]
    en: tuple[int, ...]
    score: float = 0.0
    reason: str = ""

    @property
    def kind(self) -> str:
        return f"{len(self.zh)}-{len(self.en)}"

    def to_index(self) -> str:
        """The ``[0,1]:[2]`` form Vecalign and Bertalign read and write."""
        return "[{}]:[{}]".format(",".join(map(str, self.zh)), ",".join(map(str, self.en)))


@dataclass(frozen=True, slots=True)
class Alignment:
    """Beads over two unit lists at one level, with a reproducibility signature."""

    beads: tuple[Bead, ...]
    level: str
    signature: str = ""
    warnings: tuple[str, ...] = ()

    def mean_score(self) -> float:
        paired = [b.score for b in self.beads if b.zh and b.en]
        return sum(paired) / len(paired) if paired else 0.0


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """A term: its Chinese, its expected English, and renderings known to be right or wrong."""

    zh: str
    en: str
    notes: str = ""
    variants: tuple[str, ...] = ()  # English renderings known to be wrong
    accepted: tuple[str, ...] = ()  # other renderings that are right (former official names)
    source: str = "user"


@dataclass(frozen=True, slots=True)
class Fix:
    """A replacement of ``[start, end)`` in one side's text."""

    start: int
    end: int
    replacement: str
    applicability: str = "suggested"  # "safe" or "suggested"


@dataclass(frozen=True, slots=True)
class Finding:
    """One anomaly: a rule code, where it is, why, and maybe a fix."""

    code: str
    name: str
    severity: str
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
class Edition:
    """A corrected text and the changes that made it from the source."""

    source: Text
    text: Text
    changes: tuple[Change, ...]

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
