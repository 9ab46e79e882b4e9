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
    (b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "x"><!ENTITY b "&a;&a;">]><project xmlns="urn:ipdoc:project:1">&b;</project>',
     "entities"),
    (b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><project>&xxe;</project>', "entities"),
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
