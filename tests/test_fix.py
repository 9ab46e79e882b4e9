from __future__ import annotations

import pytest

from conftest import USER_EN
from helpers import sample_findings, user_findings
from ipdoc.errors import InputError
from ipdoc.fix import Decision, EditorChange, apply_fixes, check_decisions, load_decisions, parse_decisions
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
    assert "20 15" not in text and "2015 July 1" in text
    assert "(VI)" not in text and "\n\n(6) Strengthen guidance and support." in text
    assert "\n\n3. Lay a solid industrial foundation." in text
    assert "etc.). )" not in text
    assert "\n\n(1) Lay a solid foundation for development.\n\n1. Consolidate the network foundation." in text
    # suggested fixes wait for an editor
    assert "Network Information Office" in text
    # C005's date rewrite overlaps G002's join of "20 15"; the join wins
    assert all(s.reason.startswith("suggested")
               or (s.finding.code, s.reason[:24]) == ("C005", "overlaps the fix of G002") for s in edition.skipped)
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
    skipped = [(s.finding.code, s.reason.split(" at")[0]) for s in edition.skipped]
    assert skipped == [("P004", "overlaps the fix of G002")]


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


# ---------------------------------------------------------------------- decisions files


def test_line_numbers_count_line_feeds_only(tmp_path):
    """A form feed or a line separator inside a replacement is no line break: the error names
    the line an editor's editor shows (str.splitlines would count three more)."""
    path = tmp_path / "d.txt"
    path.write_text("\ufeff# decisions\r\n"
                    "T002-000000000001 replace one\x0ctwo\u2028three\x1cfour\r\n"
                    "\r\n"
                    "T002-000000000002 maybe\r\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 4: unknown decision 'maybe'"):
        load_decisions(path)


def test_decisions_keep_their_lines_and_refuse_duplicates(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text("\n# x\nT002-000000000001 accept\nP006-000000000003 replace a\\nb\n")
    d = load_decisions(path)
    assert (d["T002-000000000001"].line, d["P006-000000000003"].line) == (3, 4)
    assert d["P006-000000000003"].text == "a\nb"
    path.write_text("T002-000000000001 accept\nT002-000000000001 reject\n")
    with pytest.raises(InputError, match=r"line 2: a second decision for T002-000000000001 \(the first is on line 1\)"):
        load_decisions(path)
    path.write_text("T002-000000000001 reject because\n")
    with pytest.raises(InputError, match=r"line 1: 'reject' takes no text"):
        load_decisions(path)


def test_unknown_fingerprints_and_impossible_decisions_are_refused_with_their_line():
    fs = [_f("T002", 0, 3, "ONE", "suggested", "T002-000000000001"),
          Finding("B001", "omitted-passage", "error", "zh", 0, 4, "m", (), None, None, "B001-000000000009"),
          Finding("P008", "x", "info", "zh", 1, 2, "m", (), Fix(1, 2, "，", "safe"), None, "P008-000000000008"),
          Finding("G001", "x", "error", "en", 4, 7, "m", (), None, None, "G001-000000000007")]
    check_decisions(parse_decisions("T002-000000000001 accept\nB001-000000000009 replace Text.\n", "d"), fs, "d")
    cases = [("\n\nT002-00000000000f accept", r"d: line 3: no finding has fingerprint T002-00000000000f"),
             ("G001-000000000007 accept", r"line 1: G001-000000000007 \(G001\) has no fix to accept"),
             ("P008-000000000008 accept", r"line 1: P008-000000000008 \(P008\) has no fix to accept"),
             ("P008-000000000008 replace ;", r"line 1: P008-000000000008 \(P008\) is a finding on the Chinese")]
    for text, message in cases:
        with pytest.raises(InputError, match=message):
            check_decisions(parse_decisions(text, "d"), fs, "d")


def test_rejected_fixes_are_counted_as_rejected_not_left_for_an_editor():
    src = Text("one two three", "en")
    fs = [_f("T002", 0, 3, "ONE", "suggested", "T002-000000000001"),
          _f("T002", 4, 7, "TWO", "suggested", "T002-000000000002"),
          _f("P006", 8, 13, "3", "safe", "P006-000000000003")]
    edition = apply_fixes(src, fs, decisions={"P006-000000000003": Decision("reject")})
    assert (edition.rejected, edition.left) == (1, 2)
    assert [s.rejected for s in edition.skipped].count(True) == 1
    assert "2 left for an editor, 1 rejected by the editor" in edition.to_text()
    assert edition.to_json()["summary"]["rejected"] == 1


def test_the_editors_changes_come_first_and_fixes_overlapping_them_are_skipped():
    src = Text("one two three", "en")
    fs = [_f("P006", 4, 7, "2", "safe", "P006-000000000003")]
    edition = apply_fixes(src, fs, editor=[EditorChange(4, 7, "deux", "English edited by the editor"),
                                           EditorChange(0, 0, "Zero ", "translation supplied for an omission")])
    assert edition.text.content == "Zero one deux three"
    assert [c.code for c in edition.changes] == ["editor", "editor"]
    assert [s.reason for s in edition.skipped] == ["overlaps the editor's change at 4"]
    assert edition.changes[1].before == "two" and edition.changes[1].after == "deux"


def test_a_replacement_of_a_chinese_finding_never_edits_the_english():
    src = Text("abcdef", "en")
    f = Finding("B001", "omitted-passage", "error", "zh", 1, 3, "m", (), None, None, "B001-000000000009")
    edition = apply_fixes(src, [f], decisions={f.fingerprint: Decision("replace", "XYZ")})
    assert edition.text.content == "abcdef" and not edition.changes
