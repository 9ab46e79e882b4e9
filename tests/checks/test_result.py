"""A check run's result renders itself: text for people, JSON for scripts; findings grouped."""

from __future__ import annotations

from collections import Counter

from helpers import findings_on, user_findings
from ipdoc.checks.result import GROUP_ID, group_id
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
    assert s["groups"] == len(data["groups"]) and s["reviewed_left_out"] == 0
    assert data["chinese"] is None and data["signature"].endswith(f"|rules:{len(checked_rules())}")


def checked_rules():
    from ipdoc.checks import select_rules

    return select_rules()


def test_text_gives_file_line_col_and_counts():
    checked = _checked()
    text = checked.to_text()
    assert "e.txt:1:4: G002" in text and "[fix: suggested]" in text and "[fix: safe]" in text
    assert text.rstrip().splitlines()[-1].startswith(f"{len(checked.findings)} findings in ")
    assert "\x1b[" in checked.to_text(color=True)
    assert checked.any_at_least("error") and checked.any_at_least("info")


def test_a_clean_text_says_so():
    checked = check(segment(Text("A clean sentence.\n", "en")))
    assert checked.findings == () and checked.to_text().strip() == "no findings"
    assert not checked.any_at_least("info") and checked.groups == ()
    assert findings_on("A clean sentence.") == []


def test_every_finding_is_in_exactly_one_group():
    checked = user_findings()
    data = checked.to_json()
    members = Counter(k for g in data["groups"] for k in g["findings"])
    assert sorted(members) == list(range(len(data["findings"]))) and set(members.values()) == {1}
    for g in data["groups"]:
        assert g["count"] == len(g["findings"]) and GROUP_ID.fullmatch(g["id"])
        assert {data["findings"][k]["code"] for k in g["findings"]} == {g["rule"]}


def test_the_users_file_is_about_two_dozen_problems():
    checked = user_findings()
    assert len(checked.groups) <= 35 < len(checked.findings)
    sizes = {(g.rule, g.key): g.count for g in checked.groups}
    assert sizes[("T004", "internet plus")] == 43  # one term written in lower case
    assert sizes[("T002", "national development and reform commission")] == 17  # one misnamed institution
    # one institution misnamed three ways is one group, whose message names the other ways
    office = next(g for g in checked.groups if g.key == "cyberspace administration of china" and g.rule == "T002")
    assert office.count == 16 and "(also as “Information Office”, “Internet Information Office”)" in office.message
    assert sizes[("N004", "heading run-in")] == 32  # one cause
    assert sizes[("P002", ")")] == 6
    # what each placeholder lost differs: they stay apart
    assert sum(1 for g in checked.groups if g.rule == "G001") == 2


def test_text_shows_one_line_per_group_and_every_finding_without_grouping():
    checked = user_findings()
    grouped = checked.to_text().split("\n\n")[0].splitlines()
    assert len(grouped) == len(checked.groups)
    t004 = next(line for line in grouped if " T004 " in line)
    assert "(×43; also at " in t004 and "and 39 more; T004-g" in t004
    flat = checked.to_text(group=False).split("\n\n")[0].splitlines()
    assert len(flat) == len(checked.findings)


def test_group_ids_are_stable_across_edits_elsewhere():
    a = check(segment(Text("We use internet plus. Internet Plus is a plan.\n", "en")))
    b = check(segment(Text("Today we use internet plus widely. Internet Plus is a plan.\n", "en")))
    ids = [{g.id for g in c.groups if g.rule == "T004"} for c in (a, b)]
    assert ids[0] == ids[1] == {group_id("T004", "internet plus")}


def test_reviewed_findings_left_out_are_counted():
    content = Text("In 20 15 , the plan ( was made.\n", "en", "e.txt")
    first = check(segment(content))
    marked = {f.fingerprint for f in first.findings if f.code == "P006"}
    again = check(segment(content), reviewed=marked)
    assert again.left_out == 1 and len(again.findings) == len(first.findings) - 1
    assert "1 reviewed finding left out" in again.to_text() and again.to_json()["summary"]["reviewed_left_out"] == 1


def test_groups_for_a_summary_page():
    checked = user_findings()
    rows = checked.groups_for_summary()
    first, findings = rows[0]
    assert (first.rule, first.count, len(findings)) == ("T004", 43, 43)
    assert [g.count for g, _ in rows] == sorted((g.count for g, _ in rows), reverse=True)
    assert sorted(f.fingerprint for _, fs in rows for f in fs) == sorted(f.fingerprint for f in checked.findings)
