from __future__ import annotations

import json

import pytest
from lxml import etree

from helpers import sample_review, user_review
from ipdoc.errors import InputError
from ipdoc.export import project


@pytest.mark.parametrize("make", [sample_review, user_review])
def test_xml_validates_against_the_shipped_schema(make):
    root = etree.fromstring(project.export_xml(make()))
    schema = project.schema()
    assert schema.validate(root), schema.error_log


@pytest.mark.parametrize("make", [sample_review, user_review])
@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_round_trip_is_lossless(make, fmt):
    b = make()
    write = project.export_xml if fmt == "xml" else project.export_json
    data = write(b)
    back = project.read(data, "x")
    assert back.en.text == b.en.text and back.en.units == b.en.units and back.en.notes == b.en.notes
    if b.zh is not None:
        assert back.zh.text == b.zh.text and back.zh.units == b.zh.units
        assert back.pair == b.pair
    assert back.findings == b.findings
    assert back.edition.changes == b.edition.changes
    assert back.edition.text.content == b.edition.text.content
    assert write(back) == data  # and again the same bytes


def test_control_characters_survive():
    b = sample_review()
    assert "\x07" in b.en.text.content
    data = project.export_xml(b)
    assert b'<ctrl code="7"/>' in data
    assert project.read(data, "x").en.text.content == b.en.text.content


@pytest.mark.parametrize("data, needle", [
    (b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "x"><!ENTITY b "&a;&a;">]>'
     b'<project xmlns="urn:ipdoc:project:1">&b;</project>', "entities"),
    (b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><project>&xxe;</project>',
     "entities"),
    (b'<project xmlns="urn:ipdoc:project:1" version="1"><signature/></project>', "schema"),
    (b'<other/>', "not an ipdoc project"),
    (b'{"format": "ipdoc-project", "version": "9"}', "not supported"),
    (b'{"format": "ipdoc-project", "version": "1"}', "texts: missing"),
])
def test_bad_project_files(data, needle):
    with pytest.raises(InputError, match=needle):
        project.read(data, "bad")


def test_json_is_documented_shape():
    d = json.loads(project.export_json(sample_review()))
    assert d["format"] == "ipdoc-project" and {t["side"] for t in d["texts"]} == {"zh", "en"}
    assert d["alignment"]["beads"][0] == {"zh": [0], "en": [0], "score": d["alignment"]["beads"][0]["score"],
                                         "reason": d["alignment"]["beads"][0]["reason"]}


# ---------------------------------------------------------------------- version 2: the editor's work


def worked_review():
    from ipdoc.review import confirm, decide, edit_english, merge, supply

    r = sample_review()
    f = next(f for f in r.findings if f.fix and f.side == "en" and f.fix.applicability == "suggested")
    k = next(k for k, b in enumerate(r.pair.beads) if not b.en)
    r = supply(r, k, "Given.\x07", "ed", "t1")
    r = merge(r, 0, "ed", "t2")
    r = confirm(r, 5, True, "ed", "t3")
    r = decide(r, f.fingerprint, "replace", "other words", "ed", "t4")
    return edit_english(r, 3, "Edited \x01 unit.", "ed", "t5")


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_the_editors_work_round_trips(fmt):
    r = worked_review()
    write = project.export_xml if fmt == "xml" else project.export_json
    data = write(r)
    if fmt == "xml":
        assert project.schema().validate(etree.fromstring(data))
    back = project.read(data, "x")
    assert back.pair.beads == r.pair.beads and back.confirmed == r.confirmed
    assert (back.decisions, back.supplied, back.edited, back.history) == (r.decisions, r.supplied, r.edited,
                                                                          r.history)
    assert back.edition.text.content == r.edition.text.content
    assert write(back) == data


def test_version_1_files_are_still_read():
    data = project.export_xml(sample_review())
    root = etree.fromstring(data)
    root.set("version", "1")
    for attr in ("revision", "unsafe"):
        del root.attrib[attr]
    for tag in ("pins", "confirmed", "decisions", "supplied", "edited", "history"):
        root.remove(root.find(f"{{{project.NS}}}{tag}"))
    v1 = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    assert project.schema().validate(etree.fromstring(v1))
    back = project.read(v1, "v1")
    assert back.findings == sample_review().findings and back.history == () and back.revision == 0
    assert b'version="2"' in project.export_xml(back)


def _json(mutate) -> bytes:
    d = json.loads(project.export_json(sample_review()))
    mutate(d)
    return json.dumps(d).encode()


def _texts(d, side):
    return next(t for t in d["texts"] if t["side"] == side)


BAD_JSON = [
    (lambda d: d["alignment"]["beads"][-1]["en"].append(10 ** 6), r"alignment.beads\[\d+\].en\[\d\]: 1000000 is out"),
    (lambda d: d["alignment"]["beads"].pop(), r"is in no bead"),
    (lambda d: d["alignment"]["beads"].reverse(), r"out of order"),
    (lambda d: d["findings"][0].update(end=10 ** 7), r"findings\[0\].end: 10000000 is out of range"),
    (lambda d: d["findings"][0].update(start="x"), r"findings\[0\].start: expected a whole number"),
    (lambda d: d["findings"][0].update(fix={"start": 0, "end": 10 ** 7, "replacement": "", "applicability": "safe"}),
     r"findings\[0\].fix.end"),
    (lambda d: d["findings"][0].update(message="\ud800"), r"findings\[0\].message: holds a lone surrogate"),
    (lambda d: _texts(d, "en").update(content=_texts(d, "en")["content"] + "\udfff"),
     r"content: holds a lone surrogate"),
    (lambda d: _texts(d, "en")["units"][0].update(end=-1), r"units\[0\].end: -1 is out of range"),
    (lambda d: _texts(d, "en")["units"][1].update(id=_texts(d, "en")["units"][0]["id"]), r"two units share an id"),
    (lambda d: _texts(d, "en")["units"][1].update(parent="nope"), r"names a parent 'nope'"),
    (lambda d: _texts(d, "en")["notes"].append({"code": "x", "start": 5, "end": 2, "message": "m"}),
     r"notes\[\d+\]: ends \(2\) before it starts \(5\)"),
    (lambda d: d["edition"][0].update(before="not the text"), r"edition\[0\].before: is not the text at its offsets"),
    (lambda d: d["edition"][0].update(out_end=d["edition"][0]["out_end"] + 1), r"its edition offsets should be"),
    (lambda d: d.update(confirmed=[{"zh": [0, 1], "en": [0]}]), r"confirmed\[0\]: is not a bead"),
    (lambda d: d.update(supplied=[{"zh": [0], "text": "x"}]), r"supplied\[0\]: is not an omission"),
    (lambda d: d.update(edited=[{"unit": 10 ** 5, "text": "x"}]), r"edited\[0\].unit"),
    (lambda d: d.update(pins=[[5, 9], [6, 2]]), r"pins: pins zh:5=en:9 and zh:6=en:2 cross"),
    (lambda d: d.update(history=[{"n": 1, "who": "a", "when": "b", "action": "merge", "slot": "beads", "key": "0",
                                  "before": "[", "after": "null"}]), r"history\[0\].before: is not JSON"),
    (lambda d: d.update(history=[{"n": 1, "who": "a", "when": "b", "action": "x", "slot": "nope", "key": "0",
                                  "before": "null", "after": "null"}]), r"history\[0\].slot: 'nope' is not one of"),
    (lambda d: d.update(decisions=[{"fingerprint": "G001-000000000000", "action": "maybe", "text": ""}]),
     r"decisions\[0\].action"),
    (lambda d: d["alignment"]["clauses"]["beads"][-1].update(sentence=10 ** 4), r"clauses.beads\[\d+\].sentence"),
    (lambda d: d["alignment"]["clauses"]["beads"][3].update(sentence=d["alignment"]["clauses"]["beads"][3]["sentence"]
                                                            + 1), r"lies outside sentence bead|sentence: \d+ is out"),
    (lambda d: d["alignment"]["clauses"]["beads"].pop(), r"clauses.beads: .* is in no bead"),
    (lambda d: d["alignment"]["clauses"]["en_units"][1].update(start=0), r"en_units\[1\]: overlaps"),
    (lambda d: d["alignment"]["clauses"]["en_units"][1].update(parent="nope"), r"names a sentence 'nope'"),
    (lambda d: d.update(texts=5), r"texts: expected a list"),
    (lambda d: d.update(evidence=None) or d["findings"][0].update(evidence=[[["deep"]]]),
     r"findings\[0\].evidence\[\]: expected a string"),
]


@pytest.mark.parametrize("mutate, needle", BAD_JSON)
def test_every_field_is_checked_before_use(mutate, needle):
    with pytest.raises(InputError, match=needle):
        project.read(_json(mutate), "bad.json")


def test_deep_nesting_is_refused_without_a_recursion_error():
    deep = b'{"format": "ipdoc-project", "version": "2", "texts": ' + b"[" * 100000 + b"]" * 100000 + b"}"
    with pytest.raises(InputError, match="nested more than 64 levels"):
        project.read(deep, "deep.json")
    nested: list = []
    for _ in range(100):
        nested = [nested]
    shallow_but_deep = _json(lambda d: d.update(extra=nested))
    with pytest.raises(InputError, match="nested more than 64 levels"):
        project.read(shallow_but_deep, "deep.json")


def test_a_schema_valid_xml_bead_past_the_last_unit_is_refused():
    data = project.export_xml(sample_review())
    root = etree.fromstring(data)
    bead = root.find(f"{{{project.NS}}}alignment").findall(f"{{{project.NS}}}bead")[-1]
    bead.set("en", "4000")
    bad = etree.tostring(root)
    assert project.schema().validate(etree.fromstring(bad))
    with pytest.raises(InputError, match=r"bad.xml: alignment.beads\[\d+\].en\[0\]: 4000 is out of range"):
        project.read(bad, "bad.xml")


def test_a_control_code_xml_could_hold_or_a_surrogate_is_refused():
    data = project.export_xml(sample_review())
    for code in (55296, 65, 1114112):
        bad = data.replace(b'<ctrl code="7"/>', f'<ctrl code="{code}"/>'.encode(), 1)
        with pytest.raises(InputError, match=f'ctrl code="{code}"'):
            project.read(bad, "bad.xml")


# ---------------------------------------------------------------------- the clause level


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_the_clause_alignment_is_stored_and_given_back(fmt):
    from ipdoc.align.clauses import clauses_of

    b = sample_review()
    made = clauses_of(b.pair)
    write = project.export_xml if fmt == "xml" else project.export_json
    data = write(b)
    if fmt == "xml":
        assert project.schema().validate(etree.fromstring(data))
        assert b"<clauses " in data
    back = project.read(data, "x")
    got = clauses_of(back.pair)
    assert got.parents == made.parents and got.clauses.beads == made.clauses.beads
    assert got.clauses.en_units == made.clauses.en_units and got.clauses.zh_units == made.clauses.zh_units
    assert got.signature == made.signature
    # English clauses cut at candidate points inside the document's clauses are stored as spans
    assert any(u.id.count(".") for u in got.clauses.en_units)
    assert write(back) == data
    # given back as stored, not aligned again: a reason changed in the file is the reason read
    edited = data.replace(made.clauses.beads[0].reason.encode(), b"stored by hand", 1)
    assert clauses_of(project.read(edited, "x").pair).clauses.beads[0].reason == "stored by hand"


def test_a_version_2_file_without_clauses_still_reads_and_aligns_them_again():
    from ipdoc.align.clauses import clauses_of

    b = sample_review()
    root = etree.fromstring(project.export_xml(b))
    al = root.find(f"{{{project.NS}}}alignment")
    al.remove(al.find(f"{{{project.NS}}}clauses"))
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    assert project.schema().validate(etree.fromstring(data))
    back = project.read(data, "old")
    again = clauses_of(back.pair)
    assert again.parents == clauses_of(b.pair).parents and again.clauses.beads == clauses_of(b.pair).clauses.beads
    d = json.loads(project.export_json(b))
    del d["alignment"]["clauses"]
    assert clauses_of(project.read(json.dumps(d).encode(), "old.json").pair).parents == clauses_of(b.pair).parents


def test_a_review_without_chinese_stores_no_clauses():
    assert b"<clauses" not in project.export_xml(user_review())
