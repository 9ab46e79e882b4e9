"""Every number that changes an alignment score, where it comes from, and its signature.

The priors, the length spread and the semantic weights are derived from data by
``scripts/derive_align_constants.py`` (on the odd MAC-Test chapters; the even
ones are the held-out check), as Vecalign derives its deletion penalty from the
text's own scores; the script prints the values written here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

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
    # the length term: -length_weight * (z**2 / 2), z the bead's log(English/Chinese characters)
    # less the local ratio, in spreads; the spread narrows with length (Gale and Church's variance
    # grows with the text; in log ratios a short sentence strays further): spread**2 =
    # length_sigma**2 + length_var / Chinese characters, fitted to the paired gold beads of the odd
    # MAC-Test chapters by maximum likelihood. Beyond length_tail spreads, where those beads' tail
    # grows heavier than the normal's (1.9% of them against 1.2%), the penalty grows linearly, so a
    # truncated translation stays a bead of its own (scripts/derive_align_constants.py prints all
    # three); the weight is tuned on the odd chapters
    length_weight: float = 2.3
    length_sigma: float = 0.168
    length_var: float = 1.04
    length_tail: float = 2.5
    band: int = 30  # half-width of the corridor around the anchor path, in units
    learn: bool = True  # a second pass with word associations learned from the first
    split_unsupported: bool = True  # split unsupported edge units off as omissions/additions
    support: float = 0.0  # lexical coverage at which a pair earns the whole bonus (0: always)
    semantic: float = 45.0  # weight of the sentence-vector cosine (when vectors are given)
    semantic_base: float = 0.1  # cosine at which the semantic term is zero
    # Vecalign's concatenated windows: the longest runs of consecutive units (Chinese, English)
    # embedded whole, and the share of a several-unit bead's cosine taken from its sides embedded
    # whole (the rest from the normalised sum of its units' vectors); tuned on the odd MAC-Test
    # chapters (English runs of 5 and Chinese of 3 added nothing there for their embedding time)
    semantic_windows: tuple[int, int] = (2, 4)
    semantic_whole: float = 0.75
    # per punctuation cue (features.CUES: question, exclamation, ellipsis, opening and closing
    # quote, dash, a quotation ending with the bead) that both sides of a bead hold; tuned on the
    # odd MAC-Test chapters (strict F1 .884 without cues; .905/.907/.906/.905 at 3.5/5/7/10; a
    # penalty per cue only one side holds added nothing)
    cues: float = 5.0
    priors: dict[tuple[int, int], float] = field(default_factory=lambda: dict(DEFAULT_PRIORS))
    types: tuple[tuple[int, int], ...] = BEAD_TYPES

    def length_spread2(self, lz: np.ndarray | float) -> np.ndarray:
        """Squared spread of a bead's log length ratio, for ``lz`` Chinese characters (a number or an array)."""
        return self.length_sigma ** 2 + self.length_var / np.maximum(lz, 1.0)

    def length_penalty(self, d: np.ndarray | float, lz: np.ndarray | float) -> np.ndarray:
        """The length term (before its weight) of a log ratio ``d`` off the expected one, for ``lz``
        Chinese characters: quadratic in spreads, linear beyond ``length_tail`` (numbers or arrays)."""
        z = np.abs(d) / np.sqrt(self.length_spread2(lz))
        c = self.length_tail
        return np.where(z <= c, z * z / 2, c * z - c * c / 2)

    def signature(self) -> str:
        """Every setting, the priors and the types included."""
        priors = ";".join(f"{a}{b}:{self.priors[(a, b)]:g}" for a, b in self.types)
        return (f"bonus={self.bonus:g}/{self.support:g},lex={self.lexical:g},"
                f"len={self.length_weight:g}/{self.length_sigma:g}/{self.length_var:g}/{self.length_tail:g},band={self.band},"
                f"learn={'yes' if self.learn else 'no'},split={'yes' if self.split_unsupported else 'no'},"
                f"sem={self.semantic:g}/{self.semantic_base:g}/{self.semantic_windows[0]}x{self.semantic_windows[1]}/"
                f"{self.semantic_whole:g},cues={self.cues:g},priors={priors}")
