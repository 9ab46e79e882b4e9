from __future__ import annotations

import pytest

from conftest import USER_EN
from helpers import sample_findings, user_findings
from ipdoc.errors import InputError
from ipdoc.fix import Decision, apply_fixes, load_decisions
from ipdoc.model import Finding, Fix, Text


def _f(code, start, end, replacement, applicability="safe", fp=None):
    return Finding(code, "x", "error", "en", start, end, "m", (), Fix(start, end, replacement, applicability),
                   None, fp or f"{code}-{start:012x}")


def test_safe_fixes_only_by_default_and_source_untouched():
    checked = user_findings()
    before = USER_EN.read_bytes()
    edition = apply_fixes(checked.en.text, checked.findings)
    assert USER_EN.read_bytes() == before
    text = edition.text.content
    assert text.rstrip().endswith("July 1, 2015")
    assert "In recent 20 15 years" in text  # no figure the model did not derive
    assert "(VI)" not in text and "\n\n(6) Strengthen guidance and support." in text
    assert "\n\n3. Lay a solid industrial foundation." in text
    assert "etc.). )" not in text
    assert "\n\n(1) Lay a solid foundation for development.\n\n1. Consolidate the network foundation." in text
    # suggested fixes wait for an editor
    assert "Network Information Office" in text
    assert all(s.reason.startswith("suggested") for s in edition.skipped)
    layout = [c for c in edition.changes if c.layout]
    assert len(layout) == 32 and all(c.after == "\n\n" for c in layout)


def test_every_change_maps_back_to_the_source():
    checked = user_findings()
    edition = apply_fixes(checked.en.text, checked.findings)
    src, out = checked.en.text.content, edition.text.content
    for c in edition.changes:
        assert src[c.src_start:c.src_end] == c.before
        assert out[c.out_start:c.out_end] == c.after
        assert edition.to_source(c.out_end) == c.src_end


def test_unsafe_and_idempotent():
    checked = sample_findings()
    e1 = apply_fixes(checked.en.text, checked.findings, unsafe=True)
    e2 = apply_fixes(checked.en.text, checked.findings, unsafe=True)
    assert e1.text.content == e2.text.content
    text = e1.text.content
    assert "By 2027, 300 urban" in text and "“smart cities”" in text and "85%" in text
    assert "Cyberspace Administration of China, etc.)" in text
    # the Chinese half-width comma is reported but never edited
    assert any("Chinese original" in s.reason for s in e1.skipped)


def test_overlapping_fixes_are_never_silent():
    src = Text("abcdef", "en")
    fs = [_f("G002", 1, 4, "X"), _f("P004", 2, 5, "Y"), _f("P006", 5, 5, "!")]
    edition = apply_fixes(src, fs)
    assert edition.text.content == "aXe!f"
    assert [(s.finding.code, s.reason.split(" at")[0]) for s in edition.skipped] == [("P004", "overlaps the fix of G002")]


def test_decisions_accept_reject_replace(tmp_path):
    src = Text("one two three", "en")
    fs = [_f("T002", 0, 3, "ONE", "suggested", "T002-000000000001"),
          _f("T002", 4, 7, "TWO", "suggested", "T002-000000000002"),
          _f("P006", 8, 13, "3", "safe", "P006-000000000003")]
    path = tmp_path / "decisions.txt"
    path.write_text("# editor\nT002-000000000001 accept\nT002-000000000002 replace deux\nP006-000000000003 reject\n")
    decisions = load_decisions(path)
    assert decisions["T002-000000000002"] == Decision("replace", "deux")
    edition = apply_fixes(src, fs, decisions=decisions)
    assert edition.text.content == "ONE deux three"
    assert [s.reason for s in edition.skipped] == ["rejected by the editor"]


def test_bad_decisions_file(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text("T002-000000000001 maybe\n")
    with pytest.raises(InputError, match="line 1"):
        load_decisions(path)
