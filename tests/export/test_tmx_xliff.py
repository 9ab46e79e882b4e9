"""TMX and XLIFF share one contract, tested by one base class: deterministic
bytes, units that read back as the beads, the same units seen by translate-toolkit."""

from __future__ import annotations

import pytest

from helpers import bead_pairs, sample_review, user_review
from ipdoc.errors import InputError
from ipdoc.export import tmx, xliff
from ipdoc.xmlchars import xml_safe


class FormatContract:
    module = None
    suffix = ""

    def units(self, data: bytes) -> list[tuple[str, str]]:
        raise NotImplementedError

    def toolkit_units(self, path) -> list[tuple[str, str]]:
        raise NotImplementedError

    def expected(self) -> list[tuple[str, str]]:
        return [(xml_safe(z), xml_safe(e)) for z, e in bead_pairs(sample_review())]

    def test_deterministic(self):
        assert self.module.export(sample_review()) == self.module.export(sample_review())

    def test_reads_back_as_the_beads(self):
        assert self.units(self.module.export(sample_review())) == self.expected()

    def test_translate_toolkit_sees_the_same_units(self, tmp_path):
        pytest.importorskip("translate.storage")
        path = tmp_path / f"x{self.suffix}"
        path.write_bytes(self.module.export(sample_review()))
        assert self.toolkit_units(path) == self.expected()

    def test_needs_the_chinese(self):
        with pytest.raises(InputError, match="needs the Chinese"):
            self.module.export(user_review())

    def test_malicious_xml_is_refused(self):
        bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><x>&b;</x>'
        with pytest.raises(InputError, match="entities"):
            self.module.parse(bomb)


class TestTMX(FormatContract):
    module = tmx
    suffix = ".tmx"

    def units(self, data):
        return [(u["zh"], u["en"]) for u in tmx.parse(data)]

    def toolkit_units(self, path):
        from translate.storage.tmx import tmxfile

        return [(u.source, u.target) for u in tmxfile.parsefile(str(path)).units]

    def test_header_and_props(self):
        from lxml import etree

        root = etree.fromstring(tmx.export(sample_review()))
        header = root.find("header")
        for attr in ("creationtool", "creationtoolversion", "srclang", "segtype", "o-tmf", "adminlang", "datatype"):
            assert header.get(attr)
        assert header.get("srclang") == "zh-CN"
        props = tmx.parse(tmx.export(sample_review()))[0]["props"]
        assert props["x-ipdoc-bead"] == "[0]:[0]" and float(props["x-ipdoc-score"]) > 0.5
        assert any("G001" in u["props"].get("x-ipdoc-findings", "") for u in tmx.parse(tmx.export(sample_review())))


class TestXLIFF(FormatContract):
    module = xliff
    suffix = ".xlf"

    def units(self, data):
        return [(u["source"], u["target"]) for u in xliff.parse(data) if u["target"]]

    def toolkit_units(self, path):
        from translate.storage.xliff import xlifffile

        return [(u.source, u.target) for u in xlifffile.parsefile(str(path)).units if u.target]

    def test_omission_notes_and_states(self):
        units = xliff.parse(xliff.export(sample_review()))
        omitted = [u for u in units if u["target"] in (None, "")]
        assert [u["state"] for u in omitted] == ["needs-translation"]
        assert omitted[0]["source"].startswith("加强个人信息保护")
        noted = next(u for u in units if any(n.startswith("G001") for n in u["notes"]))
        assert noted["state"] == "needs-review-translation"
        assert any(u["state"] == "translated" for u in units)
        assert any("English added after this unit" in n for u in units for n in u["notes"])


# --------------------------------------------------------------------------- level clause


def _clauses():
    from ipdoc.align.clauses import clauses_of

    return clauses_of(sample_review().pair)


def _squeeze(text: str) -> str:
    return "".join(text.split())


def test_tmx_at_clause_level_reads_back_as_the_clause_beads_with_their_sentence_beads():
    ca = _clauses()
    units = tmx.parse(tmx.export(sample_review(), level="clause"))
    view = ca.clauses
    want = [(view.text(b, "zh"), k) for b, k in zip(ca.beads, ca.parents) if b.zh and b.en]
    assert [(u["zh"], int(u["props"]["x-ipdoc-sentence-bead"])) for u in units] == want
    assert len(units) > len(list(sample_review().pair.paired()))  # finer than the sentence beads
    # the sentence: its first two clauses are units of their own, with their English
    first = next(u for u in units if u["zh"].startswith("坚持以人民为中心的发展思想"))
    assert first["en"] == "Adhere to the people-centred development philosophy,"
    # the clause units of a translated sentence bead put together are the sentence bead
    pair = ca.sentences
    for k, bead in enumerate(pair.beads):
        mine = [u for u in units if u["props"]["x-ipdoc-sentence-bead"] == str(k)]
        if bead.paired and all(ca.beads[c].paired for c in ca.within(k)):
            assert _squeeze("".join(u["zh"] for u in mine)) == _squeeze(pair.text(bead, "zh"))
    root_segtype = tmx.export(sample_review(), level="clause").split(b"segtype=", 1)[1][:8]
    assert root_segtype == b'"phrase"'


def test_xliff_at_clause_level_groups_the_clause_beads_by_sentence_bead():
    ca = _clauses()
    data = xliff.export(sample_review(), level="clause")
    units = xliff.parse(data)
    view = ca.clauses
    want = [(view.text(b, "zh"), f"sb{k}") for b, k in zip(ca.beads, ca.parents) if b.zh]
    assert [(u["source"], u["group"]) for u in units] == want
    # a whole sentence left out: each of its clauses needs a translation
    missing = [u["source"] for u in units if u["state"] == "needs-translation"]
    assert missing == [view.text(ca.beads[k], "zh") for k, b in enumerate(ca.beads) if b.zh and not b.en]
    assert missing == ["加强个人信息保护，", "严厉打击非法获取和买卖数据行为。"]
    # the sentence level has no groups
    assert {u["group"] for u in xliff.parse(xliff.export(sample_review()))} == {None}


def test_translate_toolkit_reads_the_clause_level(tmp_path):
    pytest.importorskip("translate.storage")
    from translate.storage.tmx import tmxfile
    from translate.storage.xliff import xlifffile

    (tmp_path / "c.tmx").write_bytes(tmx.export(sample_review(), level="clause"))
    (tmp_path / "c.xlf").write_bytes(xliff.export(sample_review(), level="clause"))
    got = [(u.source, u.target) for u in tmxfile.parsefile(str(tmp_path / "c.tmx")).units]
    assert got == [(u["zh"], u["en"]) for u in tmx.parse((tmp_path / "c.tmx").read_bytes())]
    sources = [u.source for u in xlifffile.parsefile(str(tmp_path / "c.xlf")).units]
    assert sources == [u["source"] for u in xliff.parse((tmp_path / "c.xlf").read_bytes())]


def test_export_level_clause_from_the_command_line(tmp_path):
    from typer.testing import CliRunner

    from conftest import SAMPLE_EN, SAMPLE_ZH
    from ipdoc.cli import app

    runner = CliRunner()
    out = tmp_path / "c.tmx"
    r = runner.invoke(app, ["export", str(SAMPLE_EN), "--zh", str(SAMPLE_ZH), "--to", "tmx", "--level", "clause",
                            "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "x-ipdoc-sentence-bead" in out.read_text(encoding="utf-8")
    r = runner.invoke(app, ["export", str(SAMPLE_EN), "--zh", str(SAMPLE_ZH), "--to", "docx", "--level", "clause",
                            "-o", str(tmp_path / "x.docx")])
    assert r.exit_code == 2 and "--level clause is for --to tmx and --to xliff" in r.output
