"""Every number that changes an alignment score, where it comes from, and its signature.

The priors, the length spread and the semantic weights are derived from data by
``scripts/derive_align_constants.py`` (on the odd MAC-Test chapters; the even
ones are the held-out check), as Vecalign derives its deletion penalty from the
text's own scores; the script prints the values written here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Bead types: (Chinese units, English units). Omissions are (1, 0), additions (0, 1).
BEAD_TYPES: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 2), (1, 4), (4, 1), (2, 3), (3, 2),
    (1, 5), (2, 4), (4, 2), (3, 3), (1, 0), (0, 1),
)

#: log prior of each type: log of its share of the gold beads of the odd MAC-Test
#: chapters (add-one smoothed), less the log share of 1-1, plus -0.5 for 1-1
#: (scripts/derive_align_constants.py prints them)
DEFAULT_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): -0.5, (1, 2): -1.55, (2, 1): -3.32, (1, 3): -2.68, (3, 1): -5.84, (2, 2): -4.15,
    (1, 4): -3.88, (4, 1): -7.79, (2, 3): -4.53, (3, 2): -6.18, (1, 5): -5.39, (2, 4): -6.0,
    (4, 2): -7.1, (3, 3): -6.4, (1, 0): -5.3, (0, 1): -6.69,
}


@dataclass(frozen=True, slots=True)
class Params:
    """Everything that changes a score; all of it goes into the reproducibility signature."""

    bonus: float = 30.0  # per aligned bead: more, smaller beads unless the words say otherwise
    lexical: float = 1.0  # per unit of explained token weight
    length_weight: float = 1.0
    length_sigma: float = 0.22  # spread of log(length_en / length_zh) in characters (tuned on MAC-Test halves)
    band: int = 30  # half-width of the corridor around the anchor path, in units
    learn: bool = True  # a second pass with word associations learned from the first
    split_unsupported: bool = True  # split unsupported edge units off as omissions/additions
    support: float = 0.0  # lexical coverage at which a pair earns the whole bonus (0: always)
    semantic: float = 45.0  # weight of the sentence-vector cosine (when vectors are given)
    semantic_base: float = 0.1  # cosine at which the semantic term is zero
    priors: dict[tuple[int, int], float] = field(default_factory=lambda: dict(DEFAULT_PRIORS))
    types: tuple[tuple[int, int], ...] = BEAD_TYPES

    def signature(self) -> str:
        """Every setting, the priors and the types included."""
        priors = ";".join(f"{a}{b}:{self.priors[(a, b)]:g}" for a, b in self.types)
        return (f"bonus={self.bonus:g}/{self.support:g},lex={self.lexical:g},"
                f"len={self.length_weight:g}/{self.length_sigma:g},band={self.band},"
                f"learn={'yes' if self.learn else 'no'},split={'yes' if self.split_unsupported else 'no'},"
                f"sem={self.semantic:g}/{self.semantic_base:g},priors={priors}")
