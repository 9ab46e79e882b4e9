"""Every anomaly planted in the sample pair is found, at its place (bilingual checks)."""

from __future__ import annotations

from collections import Counter

from helpers import by_code_text, sample_findings

EXPECTED = Counter({
    ("B001", "加强个人信息保护，严厉打击非法获取和买卖数据行为。"): 1,
    ("B002", "This measure has been widely welcomed by the public."): 1,
    ("B003", "2028"): 1, ("B003", "200"): 1,
    ("B004", "政务数据"): 1,
    ("G001", "* * *"): 1, ("G001", "???"): 1, ("G001", "\ufffd"): 1,
    ("G002", "8 5"): 1, ("C005", "20 25 March 15"): 1,
    ("G003", "鈥渟"): 1, ("G003", "鈥\ufffd"): 1,
    ("G004", "\x07"): 1,
    ("N001", "(II)"): 1, ("N002", "(3)"): 1, ("N003", "2."): 1, ("N005", "consolidate"): 1,
    ("P002", ")"): 1, ("P004", ".."): 1, ("P005", "d"): 1, ("P006", " ,"): 1, ("P007", "，"): 1,
    ("P008", ","): 1,
    ("T001", "Network Information Office"): 1, ("T001", "Internet Information Office"): 1,
    ("T001", "Information Office"): 1,
    ("T002", "Network Information Office"): 1, ("T002", "Internet Information Office"): 1,
    ("T002", "Information Office"): 1, ("T002", "Development and Reform Commission"): 3,
    ("T004", "internet plus government services"): 1,
    ("N004", "2."): 1,
    ("P001", "(General Office of the State Council, Information Office, etc."): 1,
})


def test_every_planted_anomaly_is_found():
    got = by_code_text(sample_findings())
    # B005 and B006 point at whole English sentences; checked below
    got = Counter({k: v for k, v in got.items() if k[0] not in ("B005", "B006")})
    assert got == EXPECTED


def test_latin_token_and_length_outlier():
    checked = sample_findings()
    b005 = [f for f in checked.findings if f.code == "B005"]
    assert len(b005) == 1 and "'IPv6'" in b005[0].message
    b006 = [f for f in checked.findings if f.code == "B006"]
    assert [checked.en.text.content[f.start:f.end] for f in b006] == ["Central finance will help."]


def test_garbled_placeholder_quotes_the_chinese_and_proposes():
    checked = sample_findings()
    g = next(f for f in checked.findings if f.code == "G001" and checked.en.text.content[f.start:f.end] == "* * *")
    assert any("按照共性先立、急用先行的原则" in e for e in g.evidence)
    assert any("共性 (overall character)" in e for e in g.evidence)
    assert g.fix.replacement == "overall character" and g.fix.applicability == "suggested"


def test_numbers_pair_up_with_a_fix():
    checked = sample_findings()
    fixes = {checked.en.text.content[f.start:f.end]: f.fix.replacement for f in checked.findings if f.code == "B003"}
    assert fixes == {"2028": "2027", "200": "300"}


def test_mojibake_is_restored():
    checked = sample_findings()
    fixes = [f.fix.replacement for f in checked.findings if f.code == "G003"]
    assert fixes == ["“s", "”"]


def test_findings_are_ordered_and_fingerprinted():
    fs = sample_findings().findings
    keys = [(f.side != "en", f.start) for f in fs]
    assert keys == sorted(keys)
    assert len({f.fingerprint for f in fs}) == len(fs)
