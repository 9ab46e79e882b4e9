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
    """Walk every rule over the shipped texts: no rule emits a fix above what it declares."""
    from helpers import sample_findings, user_findings

    seen = set()
    for checked in (user_findings(), sample_findings()):
        for f in checked.findings:
            seen.add(f.code)
            declared = REGISTRY[f.code].fix
            if f.fix is None:
                continue
            assert declared is not None, f"{f.code} declares no fix but emitted one"
            assert f.fix.applicability == "suggested" or declared == "safe", f.code
    assert len(seen) >= 15  # the walk reached most rules


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
