from __future__ import annotations

import re

import pytest

from ipdoc.checks import REGISTRY, select_rules
from ipdoc.errors import InputError


def test_every_rule_is_documented_and_coded():
    rules = select_rules()
    assert len(rules) >= 25
    for r in rules:
        assert re.fullmatch(r"[GPNTCB]\d{3}", r.code)
        assert r.name and r.summary and r.why and r.example
        assert r.severity in ("info", "warning", "error") and r.fix in (None, "safe", "suggested")
    families = {r.family for r in rules}
    assert families == {"garbling", "brackets and punctuation", "numbering and structure",
                        "terminology and consistency", "conventions of official documents", "bilingual"}


def test_select_and_ignore_by_prefix():
    assert {r.code for r in select_rules(["G"])} == {c for c in REGISTRY if c.startswith("G")}
    assert "P002" not in {r.code for r in select_rules(ignore=["P002"])}
    with pytest.raises(InputError, match="no rule matches"):
        select_rules(["Z9"])


def test_every_rule_keeps_to_its_declared_fix_safety():
    """Walk every rule over texts that make each of them fire: no rule emits a fix above what
    it declares (the registry raises if one tries), and each rule declaring no fix emits none."""
    from helpers import findings_on, sample_findings, user_findings

    found = [*user_findings().findings, *sample_findings().findings,
             *findings_on("He said “go home and left.\n\nShe said “stay”."),  # P003
             *findings_on("It takes effect on 2015 July 1 in all regions."),  # G005
             *findings_on("The commission leads the work.", zh="国家发展改革委牵头推进此项工作。"),  # T003
             *findings_on("Strengthen data security protection and carry out security inspections regularly.\n\n"
                          "Promote the sharing of government data and reduce the repeated submission of materials.\n",
                          zh="加强数据安全保护，建立风险评估机制，定期开展安全检查。\n\n"
                             "推进政务数据共享，减少群众重复提交材料。\n")]  # B007
    seen = {f.code for f in found}
    mine = {code for code in REGISTRY if code[0] in "GPNB" or code in ("T001", "T002", "T003", "T004")}
    assert mine <= seen, sorted(mine - seen)
    for f in found:
        declared = REGISTRY[f.code].fix
        assert declared is not None or f.fix is None, f"{f.code} declares no fix but emitted one"
        if f.fix is not None:
            assert f.fix.applicability == "suggested" or declared == "safe", f.code


def test_the_registry_refuses_a_fix_beyond_the_declaration():
    from ipdoc.checks import Context
    from ipdoc.model import Applicability, Fix, Text
    from ipdoc.segment import segment

    ctx = Context(segment(Text("Some text.", "en")))
    with pytest.raises(ValueError, match="declares fix none"):
        ctx.finding("B001", "en", 0, 4, "m", fix=Fix(0, 4, "x", Applicability.SUGGESTED))
    with pytest.raises(ValueError, match="declares fix suggested"):
        ctx.finding("G001", "en", 0, 4, "m", fix=Fix(0, 4, "x", Applicability.SAFE))
    assert ctx.finding("G002", "en", 0, 4, "m", fix=Fix(0, 4, "x", Applicability.SUGGESTED)).fix is not None


def test_the_readme_rule_table_is_the_registry():
    """README.md lists every rule as `ipdoc rules` documents it, and no other."""
    from conftest import ROOT

    rows = re.findall(r"^\| ([A-Z]\d{3}) \| (.*) \|$", (ROOT / "README.md").read_text(encoding="utf-8"), re.M)
    table = {code: rest for code, rest in rows}
    want = {r.code: f"{r.name} | {r.severity} | {r.needs} | {r.fix or '—'} | {r.summary}" for r in select_rules()}
    assert table == want
