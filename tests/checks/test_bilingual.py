"""Bilingual rules on small pairs aligned by hand: a passage with no counterpart is judged
with its neighbours, a length outlier with the units around it, Latin tokens and numbers."""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import MAC
from ipdoc.model import AlignedPair, Bead, Text
from ipdoc.pipeline import align_pair, check, load
from ipdoc.segment import segment

ZH = ["加快建设城市数据共享平台。", "各地区要完善数据标准，提高服务质量。",
      "政府部门应当公开数据目录并定期更新。", "加强网络安全保护，严格管理个人信息。",
      "建立统一的数据交换机制，支持企业创新发展。", "各部门要加强组织领导，确保任务落实。"]
EN = ["Accelerate the construction of urban data sharing platforms.",
      "All regions should improve data standards and raise the quality of services.",
      "Government departments should publish data catalogues and update them regularly.",
      "Strengthen network security protection and strictly manage personal information.",
      "Establish a unified data exchange mechanism and support the innovative development of enterprises.",
      "All departments should strengthen organisational leadership and ensure that tasks are carried out."]


def _pair(zh: list[str], en: list[str], beads: list[tuple[tuple[int, ...], tuple[int, ...]]]) -> AlignedPair:
    zh_doc = segment(Text("\n".join(zh) + "\n", "zh"), presegmented=True)
    en_doc = segment(Text("\n".join(en) + "\n", "en"), presegmented=True)
    return AlignedPair(zh_doc, en_doc, "sentence", tuple(Bead(z, e) for z, e in beads))


def _found(pair: AlignedPair, *codes: str) -> list[tuple[str, str, str]]:
    checked = check(pair, select=list(codes))
    return [(f.code, str(f.severity), " ".join(checked.flagged(f).split())) for f in checked.findings]


def test_an_english_sentence_that_completes_its_neighbours_translation_is_no_addition():
    # 加强网络安全保护，严格管理个人信息。 rendered as two English sentences; the second one is
    # left without a Chinese bead, and a sentence nobody wrote in Chinese is added
    en = [*EN[:3], "Strengthen network security protection.", "Strictly manage personal information.", EN[4],
          "This measure has been widely welcomed by the public.", EN[5]]
    pair = _pair(ZH, en, [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,)), ((), (4,)), ((4,), (5,)),
                          ((), (6,)), ((5,), (7,))])
    assert _found(pair, "B002") == [("B002", "warning", "This measure has been widely welcomed by the public.")]


def test_a_chinese_sentence_that_the_neighbouring_english_renders_is_no_omission():
    # two Chinese sentences rendered as one English sentence; and a Chinese sentence left out
    zh = [*ZH[:3], "加强网络安全保护。", "严格管理个人信息。", ZH[4], "中央财政给予资金支持，纳入年度预算。", ZH[5]]
    pair = _pair(zh, EN, [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,)), ((4,), ()), ((5,), (4,)),
                          ((6,), ()), ((7,), (5,))])
    assert _found(pair, "B001") == [("B001", "error", "中央财政给予资金支持，纳入年度预算。")]


def test_where_the_dictionary_sees_little_an_isolated_passage_is_a_note(mac):
    zh, en = load(MAC / "011.zh", "zh", True), load(MAC / "011.en", "en", True)
    checked = check(align_pair(zh, en), select=["B001", "B002"])
    assert checked.findings and {f.severity for f in checked.findings} == {"info"}
    assert all("the dictionary explains too little of this translation" in f.message for f in checked.findings)


def test_a_clause_left_out_of_a_translated_sentence_is_reported():
    en = [*EN[:3], "Strengthen network security protection.", *EN[4:]]
    pair = _pair(ZH, en, [((k,), (k,)) for k in range(6)])
    assert _found(pair, "B007") == [("B007", "warning", "严格管理个人信息。")]
    checked = check(pair, select=["B007"])
    assert checked.findings[0].message == "a clause of a translated sentence with no counterpart in its English"
    assert "omitted: 严格管理个人信息。" in checked.findings[0].evidence
    assert _found(_pair(ZH, EN, [((k,), (k,)) for k in range(6)]), "B007") == []


def test_a_clause_the_neighbouring_english_renders_is_not_reported():
    # the sentence alignment put the clause's English into the next sentence pair
    en = [*EN[:3], "Strengthen network security protection.",
          "Strictly manage personal information; " + EN[4][0].lower() + EN[4][1:], EN[5]]
    pair = _pair(ZH, en, [((k,), (k,)) for k in range(6)])
    assert _found(pair, "B007") == []


def test_a_free_translation_reports_no_clause_omission(mac):
    zh, en = load(MAC / "001.zh", "zh", True), load(MAC / "001.en", "en", True)
    assert check(align_pair(zh, en), select=["B007"]).findings == ()


def test_a_missing_section_is_always_reported():
    from helpers import sample_findings

    # the sample's omitted sentence lies in a well-supported translation: an error
    b001 = [f for f in sample_findings().findings if f.code == "B001"]
    assert [(f.severity, f.side) for f in b001] == [("error", "zh")]


_ZH_LEN = [*ZH[:3], "加强网络安全保护。", "严格管理个人信息，定期开展安全检查和风险评估工作。", *ZH[4:]]


def test_a_short_english_whose_neighbour_holds_its_content_is_no_length_outlier():
    en = [*EN[:3], "Strengthen network security protection, strictly manage personal information and carry out "
                   "regular security checks and risk assessments.", "Do so.", *EN[4:]]
    beads = [((k,), (k,)) for k in range(len(_ZH_LEN))]
    assert _found(_pair(_ZH_LEN, en, beads), "B006") == []


def test_a_short_english_with_ordinary_neighbours_is_a_length_outlier():
    en = [*EN[:3], "Strengthen network security protection.", "Do so.", *EN[4:]]
    beads = [((k,), (k,)) for k in range(len(_ZH_LEN))]
    assert _found(_pair(_ZH_LEN, en, beads), "B006") == [("B006", "warning", "Do so.")]


def test_numbers_scanned_with_a_letter_are_not_latin_tokens():
    zh = [*ZH[:5], "那是l922年11月l3日上午，他参加了IPv6会议。"]
    en = [*EN[:5], "On the morning of November 13, 1922, he attended a conference on the new protocol."]
    found = _found(_pair(zh, en, [((k,), (k,)) for k in range(6)]), "B005", "B003")
    assert Counter(code for code, _, _ in found) == Counter({"B005": 1})


@pytest.mark.parametrize("zh, en, want", [
    ("中央财政安排10万元。", "The central budget provides 100,000 yuan.", []),
    ("中央财政安排300万元。", "The central budget provides 3 million yuan.", []),
    ("中央财政安排300亿元。", "The central budget provides 3 billion yuan.",
     ["'3 billion' where the aligned Chinese has '300亿' (300亿 = 30 billion)"]),
])
def test_numbers_compare_values_and_show_the_conversion(zh, en, want):
    pair = _pair([*ZH[:5], zh], [*EN[:5], en], [((k,), (k,)) for k in range(6)])
    assert [f.message for f in check(pair, select=["B003"]).findings] == want
