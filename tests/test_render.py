"""The renderings the model's values use for themselves: segmentations, alignments,
change lists."""

from __future__ import annotations

import json

from ipdoc.model import AlignedPair, Bead, Change, Edition, Finding, Severity, Skipped, Text
from ipdoc.render import display_width, dumps, wrap_display
from ipdoc.segment import segment

ZH = "一、总体要求\n到2027年，建成300个数据共享平台。全面推进改革。\n"
EN = "I. General requirements\nBy 2027, 300 data-sharing platforms will be built. Reform will advance.\n"


def _pair() -> AlignedPair:
    zh, en = segment(Text(ZH, "zh", "z.txt")), segment(Text(EN, "en", "e.txt"))
    n = len(zh.level("sentence"))
    beads = [Bead((k,), (k,), 0.9, f"lex 0.{k}") for k in range(n)]
    return AlignedPair(zh, en, "sentence", tuple(beads), "sig", ("a warning",))


def test_segment_json_and_text_list_every_unit_with_its_text():
    doc = segment(Text(EN, "en", "e.txt"))
    data = doc.to_json("clause")
    assert data["lang"] == "en" and data["counts"]["part"] == 1
    assert all(EN[u["start"]:u["end"]] == u["text"] for u in data["units"])
    assert {u["kind"] for u in data["units"]} >= {"part", "heading", "sentence", "clause"}
    text = doc.to_text("sentence")
    assert "part I." in text and "Reform will advance." in text and text.endswith("\n")


def test_alignment_renders_as_text_tsv_json_and_beads():
    pair = _pair()
    data = json.loads(dumps(pair.to_json()))
    assert data["signature"] == "sig" and data["warnings"] == ["a warning"]
    assert data["summary"]["types"] == {"1-1": len(pair.beads)}
    first = data["beads"][0]
    assert first["zh_ids"] == [pair.zh_units[0].id] and first["type"] == "1-1" and first["score"] == 0.9
    assert data["zh"]["units"][1]["text"] == ZH[data["zh"]["units"][1]["start"]:data["zh"]["units"][1]["end"]]
    tsv = pair.to_tsv().splitlines()
    assert tsv[0] == "zh_ids\ten_ids\tscore\tzh\ten" and len(tsv) == len(pair.beads) + 1
    assert tsv[2].split("\t")[2] == "0.9000"
    text = pair.to_text(width=80)
    assert "│" in text and "warning: a warning" in text and "mean confidence 0.90" in text


def test_change_list_renders_changes_and_skipped_fixes():
    src, out = Text("in 20 15 years", "en", "x.txt"), Text("in 2015 years", "en", "x.txt")
    f = Finding("P005", "missing-sentence-end", Severity.WARNING, "en", 13, 14, "no stop")
    ed = Edition(src, out, (Change("G002", 3, 8, 3, 7, "20 15", "2015", "joined"),), (Skipped(f, "suggested fix"),))
    data = ed.to_json()
    assert data["changes"][0]["rule"] == "split-number" and data["changes"][0]["source"] == [3, 8]
    assert data["summary"] == {"applied": 1, "layout": 0, "edits": 1, "skipped": 1, "rejected": 0}
    lines = ed.to_text().splitlines()
    assert lines[0] == "x.txt:1:4: G002 edit: '20 15' → '2015'"
    assert "P005 not applied: suggested fix" in lines[1]
    assert lines[-1] == "1 changes applied (1 edits, 0 layout); 1 left for an editor"


def test_wrapping_counts_wide_characters_twice():
    assert display_width("中文ab") == 6
    assert wrap_display("中文中文中文", 4) == ["中文", "中文", "中文"]
    assert wrap_display("a bb ccc dddd", 6) == ["a bb", "ccc", "dddd"]
