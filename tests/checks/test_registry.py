from __future__ import annotations

import re

import pytest

from ipdoc.checks import REGISTRY, select_rules
from ipdoc.errors import InputError


def test_every_rule_is_documented_and_coded():
    rules = select_rules()
    assert len(rules) >= 25
    for r in rules:
        assert re.fullmatch(r"[GPNTB]\d{3}", r.code)
        assert r.name and r.summary and r.why and r.example
        assert r.severity in ("info", "warning", "error") and r.fix in (None, "safe", "suggested")
    families = {r.family for r in rules}
    assert families == {"garbling", "brackets and punctuation", "numbering and structure",
                        "terminology and consistency", "bilingual"}


def test_select_and_ignore_by_prefix():
    assert {r.code for r in select_rules(["G"])} == {c for c in REGISTRY if c.startswith("G")}
    assert "P002" not in {r.code for r in select_rules(ignore=["P002"])}
    with pytest.raises(InputError, match="no rule matches"):
        select_rules(["Z9"])
