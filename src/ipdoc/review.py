"""The unit of work: one review of a translation, as a project file holds it.

A :class:`Review` is what the stages produced for one document or pair — the
check result (the texts, the aligned pair and the findings), the corrected
edition with its change list, the findings an editor marked reviewed — and it
is what every export and the project file are made from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .checks.result import Checked
from .model import AlignedPair, Document, Edition, Finding, Lang, Level, Unit


@dataclass(frozen=True, slots=True)
class Review:
    """The state of one review: checked texts, edition, reviewed marks and a name."""

    checked: Checked
    edition: Edition
    reviewed: frozenset[str] = field(default_factory=frozenset)
    name: str = ""

    @property
    def en(self) -> Document:
        return self.checked.en

    @property
    def zh(self) -> Document | None:
        return self.checked.zh

    @property
    def pair(self) -> AlignedPair | None:
        return self.checked.pair

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.checked.findings

    @property
    def signature(self) -> str:
        return self.checked.signature

    @property
    def level(self) -> str:
        return self.pair.level if self.pair is not None else Level.SENTENCE

    def units(self, side: str) -> tuple[Unit, ...]:
        """The units of one side at the review's level (the English sentences without a pair)."""
        if self.pair is not None:
            return self.pair.units(side)
        return tuple(self.en.level(Level.SENTENCE)) if side == Lang.EN else ()
