from __future__ import annotations

import numpy as np

from ipdoc.align.confidence import confidence, describe, support
from ipdoc.align.features import featurize
from ipdoc.align.params import Params
from ipdoc.model import Bead


def test_confidence_grows_with_evidence():
    assert confidence(0.8, 0.9, 1, 1) > confidence(0.2, 0.9, 1, 1) > confidence(0.2, 0.1, 1, 1)
    assert confidence(0.5, 0.5, 1, 1) > confidence(0.5, 0.5, 2, 3)
    assert 0.0 < confidence(0.0, 0.0, 4, 2) < confidence(1.0, 1.0, 1, 1) < 1.0


def test_describe_names_the_evidence():
    feats = featurize(["他二十一岁。", "天很冷。"], ["He was twenty-one.", "It was cold."])
    mu = np.full(3, np.log(3.3))
    beads = describe(feats, [((0,), (0,)), ((1,), ()), ((), (1,))], Params(), mu, pins={(0, 0)},
                     cosine=lambda z, e: 0.5)
    assert beads[0].reason.startswith("pinned; lex ") and "sem 0.50" in beads[0].reason
    assert beads[0].semantic == 0.5 and beads[0].score >= 0.99
    assert beads[1].reason.startswith("omission") and beads[2].reason.startswith("addition")
    assert support(beads) == beads[0].coverage
    assert support([Bead((0,), ())]) is None
