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
