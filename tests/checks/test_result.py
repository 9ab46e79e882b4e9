"""A check run's result renders itself: text for people, JSON for scripts."""

from __future__ import annotations

from helpers import findings_on
from ipdoc.model import Text
from ipdoc.pipeline import check
from ipdoc.segment import segment


def _checked():
    return check(segment(Text("In 20 15 , the plan ( was made.\n", "en", "e.txt")))


def test_json_lists_each_finding_with_its_place_and_a_summary():
    checked = _checked()
    data = checked.to_json()
    codes = [f["code"] for f in data["findings"]]
    assert "G002" in codes and "P006" in codes
    g = next(f for f in data["findings"] if f["code"] == "G002")
    assert (g["line"], g["col"], g["text"]) == (1, 4, "20 15") and g["fix"]["applicability"] == "suggested"
    s = data["summary"]
    assert s["total"] == len(codes) and s["by_rule"]["G002"]["count"] == 1
    assert sum(s["by_severity"].values()) == s["total"]
    assert data["chinese"] is None and data["signature"].endswith(f"|rules:{len(checked_rules())}")


def checked_rules():
    from ipdoc.checks import select_rules

    return select_rules()


def test_text_gives_file_line_col_and_counts():
    checked = _checked()
    text = checked.to_text()
    assert "e.txt:1:4: G002" in text and "[fix: safe]" in text
    assert text.rstrip().splitlines()[-1].startswith(f"{len(checked.findings)} findings (")
    assert "\x1b[" in checked.to_text(color=True)
    assert checked.any_at_least("error") and checked.any_at_least("info")


def test_a_clean_text_says_so():
    checked = check(segment(Text("A clean sentence.\n", "en")))
    assert checked.findings == () and checked.to_text().strip() == "no findings"
    assert not checked.any_at_least("info")
    assert findings_on("A clean sentence.") == []
