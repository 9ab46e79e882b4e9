from __future__ import annotations

import sys

from conftest import MAC, ROOT, SAMPLE_ZH, mac_chapters
from helpers import user_findings
from ipdoc.diff import diff_documents
from ipdoc.fix import apply_fixes
from ipdoc.model import Text
from ipdoc.segment import segment


def _doc(text: str, lang: str = "en", pre: bool = False):
    return segment(Text(text, lang), presegmented=pre)


def test_user_translation_against_its_edition_lists_exactly_the_corrections():
    checked = user_findings()
    edition = apply_fixes(checked.en.text, checked.findings)
    d = diff_documents(checked.en, segment(edition.text))
    edits = [e for op in d.ops for e in op.edits]
    changes = [c for c in edition.changes if not c.layout]
    assert len(changes) == 17

    def on(e, c) -> bool:  # an edit lies on a correction: "lay" -> "Lay" on 'l' -> 'L', ")" on " )"
        if e.a_start == e.a_end:  # an insertion: at or inside the correction
            return c.src_start <= e.a_start <= c.src_end
        return e.a_start < max(c.src_end, c.src_start + 1) and c.src_start < e.a_end

    # every correction shows as an edit, and every edit is a correction (a date rewritten in
    # English order, "20 15 July 1" -> "July 1, 2015", shows as two word edits)
    assert all(any(on(e, c) for e in edits) for c in changes)
    assert all(any(on(e, c) for c in changes) for e in edits)
    assert len(edits) == len(changes) + 1
    assert len(d.layout) == 32 and all(lay.kind == "paragraph break added" for lay in d.layout)
    assert {op.kind for op in d.ops} == {"unchanged", "changed"}


def test_every_kind_of_change():
    a = ["The first sentence stays as it is here.", "The council met on Monday to discuss the budget.",
         "This sentence will be deleted from the text.", "Plans were made, and the work was shared by all.",
         "A short one.", "Another short one follows it.", "This sentence moves to the end of the text.",
         "Nothing happens to this one at all today.", "The last sentence of version A is here."]
    b = ["The first sentence stays as it is here.", "The council met on Tuesday to discuss the budget.",
         "Plans were made,", "and the work was shared by all.", "A short one. Another short one follows it.",
         "Nothing happens to this one at all today.", "A brand new sentence is inserted right here.",
         "The last sentence of version A is here.", "This sentence moves to the end of the text."]
    d = diff_documents(_doc("\n".join(a), pre=True), _doc("\n".join(b), pre=True))
    got = [(op.kind, op.a, op.b) for op in d.ops if op.kind != "unchanged"]
    assert sorted(got) == sorted([("changed", (1,), (1,)), ("deleted", (2,), ()), ("split", (3,), (2, 3)),
                                  ("merged", (4, 5), (4,)), ("moved", (6,), (8,)), ("inserted", (), (6,))])
    changed = next(op for op in d.ops if op.kind == "changed")
    assert [(e.op, e.a, e.b) for e in changed.edits] == [("replace", "Monday", "Tuesday")]


def test_chinese_inline_diff_uses_words():
    a = SAMPLE_ZH.read_text(encoding="utf-8")
    b = a.replace("到2027年", "到2028年").replace("三、保障措施", "三、保障与支持措施")
    d = diff_documents(_doc(a, "zh"), _doc(b, "zh"))
    edits = [(e.op, e.a, e.b) for op in d.ops for e in op.edits]
    assert edits == [("replace", "2027", "2028"), ("insert", "", "与支持")]


def test_identical_and_section_level():
    text = SAMPLE_ZH.read_text(encoding="utf-8")
    d = diff_documents(_doc(text, "zh"), _doc(text, "zh"), "section")
    assert d.identical and {op.kind for op in d.ops} == {"unchanged"}
    assert len(d.a_units) >= 5


def test_planted_edits_on_mac_english(mac):
    sys.path.insert(0, str(ROOT / "scripts"))
    from bench_diff import PLANTS, plant

    lines = [x for s in mac_chapters()[:6] for x in (MAC / f"{s}.en").read_text(encoding="utf-8").splitlines()
             if x.strip()]
    b_lines, expected = plant(lines, seed=3)
    d = diff_documents(_doc("\n".join(lines), pre=True), _doc("\n".join(b_lines), pre=True))
    found = {(op.kind, op.a, op.b) for op in d.ops}
    for kind in PLANTS:
        want = [e for e in expected if e[0] == kind]
        assert want and all(e in found for e in want), kind


def test_a_large_gap_without_equal_units_ends():
    a = "\n".join(f"Alpha sentence number {i} says one thing here." for i in range(500))
    b = "\n".join(f"Beta line {i} tells quite another story now." for i in range(300))
    d = diff_documents(_doc(a, pre=True), _doc(b, pre=True))
    assert d.counts()["deleted"] + d.counts()["changed"] + d.counts()["moved"] >= 200
    assert sum(len(op.b) for op in d.ops) == 300 and sum(len(op.a) for op in d.ops) == 500
