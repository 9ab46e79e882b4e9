from __future__ import annotations

import pytest

from ipdoc import glossary
from ipdoc.errors import InputError
from ipdoc.model import Text
from ipdoc.pipeline import check_documents
from ipdoc.segment import segment


def test_builtin_has_official_names():
    entries = {e.zh: e for e in glossary.builtin()}
    assert entries["网信办"].en == "Cyberspace Administration of China"
    assert "Network Information Office" in entries["网信办"].variants
    assert entries["发展改革委"].en == "National Development and Reform Commission"


def test_csv_and_tbx(tmp_path):
    csv_path = tmp_path / "g.csv"
    csv_path.write_text("zh,en,notes\n数据共享,data sharing,\n智慧城市,smart city,always singular\n", encoding="utf-8")
    entries = glossary.load(csv_path)
    assert [(e.zh, e.en, e.notes) for e in entries] == [
        ("数据共享", "data sharing", ""), ("智慧城市", "smart city", "always singular")]
    tbx = tmp_path / "g.tbx"
    tbx.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
<conceptEntry id="c1"><langSec xml:lang="zh"><termSec><term>数据共享</term></termSec></langSec>
<langSec xml:lang="en"><termSec><term>data sharing</term></termSec></langSec></conceptEntry>
</body></text></tbx>""", encoding="utf-8")
    assert [(e.zh, e.en) for e in glossary.load(tbx)] == [("数据共享", "data sharing")]


@pytest.mark.parametrize("content, needle", [
    ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><tbx>&lol2;</tbx>',
     "entities"),
    ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><tbx>&xxe;</tbx>', "entities"),
    ("<tbx><unclosed></tbx>", "not well-formed"),
])
def test_malicious_or_broken_tbx_is_refused(tmp_path, content, needle):
    p = tmp_path / "bad.tbx"
    p.write_text(content)
    with pytest.raises(InputError, match=needle):
        glossary.load(p)


def test_user_glossary_checked_both_ways(tmp_path):
    g = tmp_path / "g.csv"
    g.write_text("数据共享,data sharing\n风险评估,risk assessment\n", encoding="utf-8")
    zh = "一、总体要求\n\n推进数据共享。\n\n开展风险评估。\n"
    en = "I. General Requirements\n\nPromote data exchange.\n\nCarry out risk assessment and data sharing.\n"
    checked = check_documents(segment(Text(en, "en")), segment(Text(zh, "zh")), [g], select=["T003"])
    messages = [f.message for f in checked.findings]
    assert any("数据共享 has no rendering" in m for m in messages)
    assert any("“data sharing” is used where the aligned Chinese has no 数据共享" in m for m in messages)


# --------------------------------------------------------------------------- reading CSV and TBX safely


def test_csv_with_cr_only_line_ends(tmp_path):
    """Issue: a glossary CSV with CR-only line ends raised csv.Error."""
    p = tmp_path / "g.csv"
    p.write_bytes("zh,en,notes\r数据共享,data sharing,\r智慧城市,smart city,always singular\r".encode())
    assert [(e.zh, e.en, e.notes) for e in glossary.load(p)] == [
        ("数据共享", "data sharing", ""), ("智慧城市", "smart city", "always singular")]


def test_csv_with_a_field_longer_than_the_csv_default_limit(tmp_path):
    """Issue: a field over 131,072 characters raised csv.Error; the limit is restored afterwards."""
    import csv

    before = csv.field_size_limit()
    p = tmp_path / "g.csv"
    note = "a very long note " * 10_000
    p.write_text(f'zh,en,notes\n数据共享,data sharing,"{note}"\n风险评估,risk assessment,\n', encoding="utf-8")
    entries = glossary.load(p)
    assert len(entries) == 2 and entries[0].notes == note.strip() and len(note) > 131_072
    assert csv.field_size_limit() == before


def test_glossary_path_that_is_a_directory(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        glossary.load(tmp_path)


def test_utf16_tbx_without_the_suffix_is_read_as_tbx(tmp_path):
    p = tmp_path / "terms.txt"
    p.write_text('<?xml version="1.0" encoding="UTF-16"?>\n<tbx type="TBX-Basic"><text><body>'
                 '<conceptEntry id="c1"><langSec xml:lang="zh"><termSec><term>数据共享</term></termSec></langSec>'
                 '<langSec xml:lang="en"><termSec><term>data sharing</term></termSec></langSec></conceptEntry>'
                 "</body></text></tbx>", encoding="utf-16")
    assert [(e.zh, e.en) for e in glossary.load(p)] == [("数据共享", "data sharing")]
