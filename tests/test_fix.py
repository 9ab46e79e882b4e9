from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import USER_EN
from helpers import sample_findings, user_findings
from ipdoc.errors import InputError
from ipdoc.fix import Decision, EditorChange, apply_fixes, check_decisions, load_decisions, parse_decisions
from ipdoc.model import Finding, Fix, Text
from ipdoc.pipeline import check, fix
from ipdoc.segment import segment


def _f(code, start, end, replacement, applicability="safe", fp=None):
    return Finding(code, "x", "error", "en", start, end, "m", (), Fix(start, end, replacement, applicability),
                   None, fp or f"{code}-{start:012x}")


def test_safe_fixes_only_by_default_and_source_untouched():
    checked = user_findings()
    before = USER_EN.read_bytes()
    edition = apply_fixes(checked.en.text, checked.findings)
    assert USER_EN.read_bytes() == before
    text = edition.text.content
    assert "In recent 20 15 years" in text  # no figure the model did not derive
    assert "2015 July 1" not in text  # a date line is never left half corrected
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


# ----------------------------------------------------------------------------- fixing an edition again

_PARAS = [
    "(1) Improve the network foundation. The plan rose to 85% in 2015, and the platform will be built by 2025.",
    "(2) Strengthen data sharing. Local governments should share data, improve services and support enterprises "
    "(including small ones).",
    "(Development and Reform Commission, Ministry of Finance, etc. are responsible.)",
    "(3) Expand coverage. By July 1, 2016, the network will cover 300 cities; we will promote “Internet Plus” in "
    "manufacturing.",
    "Every region should act now, and report on progress every year.",
]
# (what, planted instead): the anomalies the rules look for
_PLANTS = [
    ("2015", "20 15"), ("2025", "20 25"), ("85%", "8 5%"), ("year.", "year.."), ("data, ", "data , "),
    ("now, ", "now，"), ("share ", "share\x07 "), ("responsible.)", "responsible.) )"),
    ("etc. are responsible.)", "etc. are responsible."), ("\n\n(2) Strengthen", " (2) strengthen"),
    ("\n\n(3) Expand", " (3) expand"), ("July 1, 2016", "2016 July 1"), ("July 1, 2016", "20 16 July 1"),
    ("“Internet Plus”", "鈥淚nternet Plus鈥�"), ("“Internet Plus”", "internet plus"), ("support", "* * *"),
    ("Ministry of Finance", "Ministry of Security"), ("(3) Expand", "(III) Expand"),
    ("(2) Strengthen", "2. Strengthen"),
    ("cities;", "cities;;;"), ("enterprises", "enterprises\u200b"), ("Every region", "every region"),
]


@st.composite
def planted_texts(draw):
    """Paragraphs of official prose, some anomalies planted, the whole sometimes said twice."""
    text = "\n\n".join(draw(st.lists(st.sampled_from(_PARAS), min_size=1, max_size=6)))
    for what, planted in draw(st.lists(st.sampled_from(_PLANTS), min_size=1, max_size=8)):
        spots = [i for i in range(len(text)) if text.startswith(what, i)]
        if spots:
            i = draw(st.sampled_from(spots))
            text = text[:i] + planted + text[i + len(what):]
    return text + " " + text if draw(st.booleans()) else text


def _edition(content: str):
    return fix(check(segment(Text(content, "en"))))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planted_texts())
def test_fixing_an_edition_again_changes_nothing(content):
    first = _edition(content)
    again = _edition(first.text.content)
    assert again.changes == () and again.text.content == first.text.content


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planted_texts())
def test_no_garble_is_left_unflagged(content):
    checked = check(segment(Text(content, "en")))
    edition = fix(checked)
    fixed = {(c.src_start, c.src_end) for c in edition.changes}
    rechecked = {(f.code, edition.text.content[f.start:f.end])
                 for f in check(segment(Text(edition.text.content, "en"))).findings}
    for f in checked.findings:
        if f.code.startswith("G") and (f.fix is None or (f.fix.start, f.fix.end) not in fixed):
            assert (f.code, content[f.start:f.end]) in rechecked, f


def test_identical_findings_in_identical_surroundings_stay_apart():
    content = "It rose to 8 5% in the first year. " * 8
    found = [f for f in check(segment(Text(content, "en"))).findings if f.code == "G002"]
    assert len(found) == 8 and len({f.fingerprint for f in found}) == 8
    edition = apply_fixes(Text(content, "en"), found, unsafe=True)
    assert edition.text.content == "It rose to 85% in the first year. " * 8


# ----------------------------------------------------------------------------- decisions: groups and sides


def test_one_decision_covers_a_group(tmp_path):
    checked = user_findings()
    group = next(g for g in checked.groups if g.rule == "T004")
    one = checked.findings[group.findings[0]]
    path = tmp_path / "decisions.txt"
    path.write_text(f"{group.id} accept\n{one.fingerprint} reject\n")
    edition = fix(checked, decisions=load_decisions(path))
    written = [c for c in edition.changes if c.code == "T004"]
    assert len(written) == 42 and all(c.after == "Internet Plus" for c in written)
    assert [s.reason for s in edition.skipped if s.finding is one] == ["rejected by the editor"]


def test_a_group_replacement_writes_the_editors_text_everywhere(tmp_path):
    checked = user_findings()
    group = next(g for g in checked.groups
                 if g.rule == "T002" and g.key == "national development and reform commission")
    path = tmp_path / "decisions.txt"
    path.write_text(f"{group.id} replace NDRC\n")
    text = fix(checked, decisions=load_decisions(path)).text.content
    assert "Development and Reform Commission" not in text.replace("National Development and Reform Commission", "")
    assert text.count("NDRC") == 17


def test_decisions_on_chinese_findings_never_edit_the_english():
    checked = sample_findings()
    omitted = next(f for f in checked.findings if f.code == "B001" and f.side == "zh")
    halfwidth = next(f for f in checked.findings if f.code == "P008")
    decisions = {omitted.fingerprint: Decision("replace", "XXXX"), halfwidth.fingerprint: Decision("accept")}
    edition = apply_fixes(checked.en.text, checked.findings, decisions=decisions)
    assert "XXXX" not in edition.text.content
    assert all(c.code not in ("B001", "P008") for c in edition.changes)
    reasons = {s.finding.code: s.reason for s in edition.skipped}
    assert "edits only the English" in reasons["P008"]  # an omission's replacement is its translation (pipeline)


def test_unsafe_writes_only_figures_the_model_derived():
    checked = sample_findings()
    edition = apply_fixes(checked.en.text, checked.findings, unsafe=True)
    b003 = {c.before: c.after for c in edition.changes if c.code == "B003"}
    assert b003 == {"2028": "2027", "200": "300"}


def test_a_group_decision_covers_only_the_findings_that_can_take_it():
    checked = sample_findings()
    ids = {g.rule: g.id for g in checked.groups}
    decisions = {ids["P008"]: Decision("accept"), ids["B001"]: Decision("reject"), ids["P002"]: Decision("replace", "")}
    chosen = checked.per_finding(decisions)
    by_code = {f.code for f in checked.findings if f.fingerprint in chosen}
    # no fix of the Chinese is accepted; a rejection covers any finding; a replacement the English ones
    assert by_code == {"B001", "P002"}
