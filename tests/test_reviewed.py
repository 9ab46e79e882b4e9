from __future__ import annotations

from conftest import SAMPLE_EN
from ipdoc import reviewed
from ipdoc.model import Text
from ipdoc.pipeline import check_documents
from ipdoc.segment import segment


def _check(text: str, marks=frozenset()):
    return check_documents(segment(Text(text, "en")), reviewed=set(marks)).findings


def test_fingerprints_survive_edits_elsewhere(tmp_path):
    text = SAMPLE_EN.read_text(encoding="utf-8")
    first = _check(text)
    target = next(f for f in first if f.code == "G001" and "* * *" in text[f.start:f.end])
    path = tmp_path / "x.reviewed"
    assert reviewed.add(path, [target], text, "checked with the editor") == 1
    assert reviewed.add(path, [target], text) == 0
    marks = reviewed.load(path)
    edited = "A new first line added by an editor.\n\n" + text.replace("Urban data sharing services are",
                                                                    "Urban data services are")
    again = _check(edited, marks)
    assert target.fingerprint not in {f.fingerprint for f in again}
    assert not any(f.code == "G001" and edited[f.start:f.end] == "* * *" for f in again)
    # the other findings are still reported, with the same fingerprints
    assert {f.fingerprint for f in first} - {target.fingerprint} <= {f.fingerprint for f in _check(edited)}
