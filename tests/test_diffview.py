"""A diff and a score report render themselves as text, HTML and JSON."""

from __future__ import annotations

import json

from lxml import html as lxml_html

from ipdoc.diff import diff_documents
from ipdoc.model import Text
from ipdoc.render import dumps
from ipdoc.score import score_documents
from ipdoc.segment import segment

A = "The plan was made in 20 15. It covers three areas. Nothing else changed here.\n"
B = "The plan was made in 2015. It covers three areas. Nothing else changed here.\nA new closing line.\n"


def _docs():
    return segment(Text(A, "en", "a.txt")), segment(Text(B, "en", "b.txt"))


def test_text_marks_edits_and_ends_with_a_summary_and_signatures():
    d = diff_documents(*_docs())
    text = d.to_text()
    assert "[-20 15-]{+2015+}" in text and "+ inserted" in text
    assert "differ: 1 changed, 1 inserted, 2 unchanged" in text
    assert "BLEU signature:" in text
    assert "= unchanged" not in text and "= unchanged" in d.to_text(show_unchanged=True)
    assert "\x1b[31m" in d.to_text(color=True)


def test_json_and_html_carry_the_same_operations():
    d = diff_documents(*_docs())
    data = json.loads(dumps(d.to_json()))
    kinds = [op["type"] for op in data["ops"]]
    assert kinds.count("changed") == 1 and kinds.count("inserted") == 1
    changed = next(op for op in data["ops"] if op["type"] == "changed")
    assert changed["edits"][0]["a"] == "20 15" and changed["edits"][0]["b"] == "2015"
    assert set(data["summary"]["scores"]) == {"BLEU", "chrF2", "TER"}
    page = lxml_html.fromstring(d.to_html())
    assert len(page.xpath("//tr[@class='changed']")) == 1 and page.xpath("//ins[text()='2015']")
    assert not page.xpath("//*[@src or @href]")  # self-contained


def test_score_report_lists_the_worst_units():
    hyp = segment(Text("One two three. Four five six.", "en", "h.txt"))
    ref = segment(Text("One two three. Four five seven.", "en", "r.txt"))
    report = score_documents(hyp, [ref])
    data = report.to_json()
    assert data["hypothesis"] == "h.txt" and data["references"] == ["r.txt"]
    assert len(data["units"]) == 2
    text = report.to_text(units=True, worst=1)
    assert "worst 1 of 2 units by chrF" in text
    assert "Four five {+six.+}" in text and "Four five [-seven.-]" in text  # the differing words marked


def test_long_units_are_shown_whole_in_the_score_listing():
    long_tail = " ".join(f"word{k}" for k in range(40))
    hyp = segment(Text(f"Alpha {long_tail} omega.", "en", "h.txt"))
    ref = segment(Text(f"Alpha {long_tail} finis.", "en", "r.txt"))
    text = score_documents(hyp, [ref]).to_text(units=True)
    assert "{+omega.+}" in text and "[-finis.-]" in text  # the difference at the end is not cut off


def test_whitespace_inside_units_and_at_the_ends_is_layout_not_silence():
    a = segment(Text("One  sentence here. Two sentences.\n", "en", "a.txt"))
    b = segment(Text("One sentence here. Two sentences.", "en", "b.txt"))
    d = diff_documents(a, b)
    assert not d.identical and d.layout_only and len(d.layout) == 2
    assert "spacing: '  ' → ' '" in d.to_text()


def test_word_level_lists_each_edit_with_its_place():
    d = diff_documents(*_docs(), level="word")
    lines = [x for x in d.to_text().splitlines() if x.startswith("~")]
    assert len(lines) == 1 and "[-20 15-]{+2015+}" in lines[0] and "a:1:22" in lines[0]
