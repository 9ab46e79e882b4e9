from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import USER_EN
from helpers import sample_findings, user_findings
from ipdoc.errors import InputError
from ipdoc.fix import Decision, apply_fixes, load_decisions
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
    assert "edits only the English" in reasons["B001"] and "edits only the English" in reasons["P008"]


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
