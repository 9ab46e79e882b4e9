from __future__ import annotations

import pytest

from conftest import SAMPLE_EN
from ipdoc.model import Text
from ipdoc.score import score_documents
from ipdoc.segment import segment


def _doc(text: str, lang: str = "en"):
    return segment(Text(text, lang))


def test_identical_scores_perfectly():
    text = SAMPLE_EN.read_text(encoding="utf-8")
    report = score_documents(_doc(text), [_doc(text)])
    scores, segs = report.scores, report.segments
    by = {s.name: s.score for s in scores}
    assert by["BLEU"] == pytest.approx(100.0) and by["TER"] == pytest.approx(0.0)
    assert all(s.chrf == pytest.approx(100.0) for s in segs)
    assert all("version:" in s.signature for s in scores)


def test_unsegmented_hypothesis_and_two_references():
    ref1 = "The council met on Monday. It discussed the budget. The meeting ended at noon."
    ref2 = "On Monday the council met. The budget was discussed. At noon the meeting ended."
    hyp = "The council met on Monday and discussed the budget. The meeting ended at noon."
    report = score_documents(_doc(hyp), [_doc(ref1), _doc(ref2)])
    scores, segs = report.scores, report.segments
    assert len(segs) == 2  # the merged first sentence is one unit against both references
    assert segs[0].refs[0] == "The council met on Monday. It discussed the budget."
    assert segs[1].chrf > segs[0].chrf
    by = {s.name: s for s in scores}
    assert 0 < by["BLEU"].score < 100 and "nrefs:2" in by["BLEU"].signature


def test_chinese_uses_the_zh_tokenizer():
    scores = score_documents(_doc("我们今天开会。讨论预算。", "zh"), [_doc("我们今天开会。讨论了预算。", "zh")]).scores
    assert "tok:zh" in next(s for s in scores if s.name == "BLEU").signature
