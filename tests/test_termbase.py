from __future__ import annotations

from collections import Counter
from importlib import resources

import pytest
from lxml import etree

from conftest import MAC, USER_EN, mac_chapters
from ipdoc import termbase as tb
from ipdoc.errors import InputError

TBX_NS = "urn:iso:std:iso:30042:ed-2"
N = {"t": TBX_NS}
ADMIN_STATUS = {"preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts", "supersededTerm-admn-sts"}


def _shipped():
    return etree.fromstring(resources.files("ipdoc").joinpath("data/termbase.tbx").read_bytes())


def _concept(zh: str) -> tb.Concept:
    return next(c for c in tb.builtin() if zh in c.zh)


# --- the shipped term base -------------------------------------------------------------------


def test_shipped_tbx_keeps_the_tbx_basic_constraints():
    root = _shipped()
    assert root.tag == f"{{{TBX_NS}}}tbx" and root.get("type") == "TBX-Basic" and root.get("style") == "dca"
    assert all(el.tag.startswith(f"{{{TBX_NS}}}") for el in root.iter() if isinstance(el.tag, str))
    ids = [e.get("id") for e in root.iterfind(".//t:conceptEntry", N)]
    assert len(ids) == len(set(ids))
    for note in root.iterfind(".//t:termNote", N):
        assert note.getparent().tag == f"{{{TBX_NS}}}termSec"
        assert note.get("type") == "administrativeStatus" and note.text in ADMIN_STATUS
    assert {a.get("type") for a in root.iterfind(".//t:admin", N)} == {"source"}
    for d in root.iterfind(".//t:descrip", N):
        assert d.get("type") == "subjectField" and d.getparent().tag == f"{{{TBX_NS}}}conceptEntry"
    for entry in root.iterfind(".//t:conceptEntry", N):
        langs = [ls.get("{http://www.w3.org/XML/1998/namespace}lang") for ls in entry.iterfind("t:langSec", N)]
        assert langs == ["zh", "en"]
        assert all(ls.find("t:termSec/t:term", N) is not None for ls in entry.iterfind("t:langSec", N))


def test_shipped_notes_follow_the_documented_keys():
    for sec in _shipped().iterfind(".//t:termSec", N):
        keys = {}
        for note in sec.iterfind("t:note", N):
            key, _, value = note.text.partition(": ")
            keys[key] = value
        status = sec.findtext("t:termNote", namespaces=N)
        if status is None:  # a Chinese term
            assert not keys
            continue
        assert keys["ipdoc-verified"] in ("yes", "no")
        assert keys["ipdoc-verified"] == "no" or sec.find("t:admin", N) is not None
        assert keys.get("ipdoc-status", "forbidden") == "forbidden"
        assert "ipdoc-status" not in keys or status == "deprecatedTerm-admn-sts"
        tb.parse_years(keys.get("ipdoc-years", ""))
        if status == "supersededTerm-admn-sts":
            assert tb.parse_years(keys["ipdoc-years"])[1] is not None


def test_builtin_concepts_are_complete():
    concepts = tb.builtin()
    assert len(concepts) >= 200
    for c in concepts:
        assert c.zh and all(z.strip() == z and z for z in c.zh), c.id
        assert c.preferred, c.id
        assert c.domain, c.id
        for t in c.terms:
            assert t.status in tb.STATUSES
            assert t.start is None or t.end is None or t.start <= t.end
            assert not t.verified or t.source, (c.id, t.text)
    statuses = Counter(t.status for c in concepts for t in c.terms)
    assert all(statuses[s] for s in tb.STATUSES)
    zh = [z for c in concepts for z in c.zh]
    assert len(zh) == len(set(zh))


def test_builtin_verification_is_recorded():
    concepts = tb.builtin()
    verified = [c for c in concepts if c.verified]
    assert len(verified) >= 190
    assert all(t.source for c in verified for t in c.preferred)
    unverified = {c.zh[0] for c in concepts if not c.verified}
    assert "网络安全法" in unverified  # its English name was seen only in a secondary translation


# --- names by date ---------------------------------------------------------------------------


def test_a_2015_date_picks_state_intellectual_property_office():
    ipo = _concept("国家知识产权局")
    assert tb.preferred_for(ipo, 2015).text == "State Intellectual Property Office"
    assert tb.preferred_for(ipo, 2020).text == "China National Intellectual Property Administration"
    assert tb.preferred_for(ipo).text == "China National Intellectual Property Administration"
    sipo = next(t for t in ipo.terms if t.text == "State Intellectual Property Office")
    assert sipo.in_use(2015) and not sipo.in_use(2019) and sipo.years == "-2018"


def test_names_by_date_for_renamed_and_abolished_bodies():
    tax = _concept("税务总局")
    assert tb.preferred_for(tax, 2016).text == "State Administration of Taxation"
    assert tb.preferred_for(tax, 2019).text == "State Taxation Administration"
    health = _concept("国家卫生健康委员会")
    assert tb.preferred_for(health, 2019).text == "National Health Commission"
    nhfpc = _concept("卫生计生委")
    assert tb.preferred_for(nhfpc, 2021).text == "National Health and Family Planning Commission"  # nearest in time
    cac = _concept("网信办")
    assert tb.preferred_for(cac, 2012).text == "State Internet Information Office"
    assert tb.preferred_for(cac, 2015).text == "Cyberspace Administration of China"


@pytest.mark.parametrize("value, expected", [
    ("2008-2018", (2008, 2018)), ("2018-", (2018, None)), ("-2018", (None, 2018)), ("2015", (2015, 2015)),
    ("", (None, None)), (" 2013 – 2018 ", (2013, 2018)),
])
def test_years_parse(value, expected):
    assert tb.parse_years(value) == expected


@pytest.mark.parametrize("value", ["2018-2008", "18-20", "since 2018", "2015-2016-2017"])
def test_bad_years_are_refused(value):
    with pytest.raises(ValueError):
        tb.parse_years(value)


# --- a user's term base ----------------------------------------------------------------------


def test_user_csv_with_each_status(tmp_path):
    p = tmp_path / "terms.csv"
    p.write_text(
        "zh,en,status,years,source,note\n"
        "新业态,new business forms,preferred,,english.www.gov.cn 2016,\n"
        "新业态,new forms of business,admitted,,,\n"
        "新业态,new business formats,deprecated,,,\n"
        "新业态,new formats,forbidden,,,a literal rendering\n"
        "国家知识产权局|知识产权局,State Intellectual Property Office,preferred,-2018,,\n"
        "国家知识产权局|知识产权局,China National Intellectual Property Administration,preferred,2018-,,\n",
        encoding="utf-8")
    concepts = tb.load(p)
    assert len(concepts) == 2
    forms, ipo = concepts
    assert [(t.text, t.status) for t in forms.terms] == [
        ("new business forms", "preferred"), ("new forms of business", "admitted"),
        ("new business formats", "deprecated"), ("new formats", "forbidden")]
    assert forms.preferred[0].verified and not forms.admitted[0].verified
    assert forms.note == "a literal rendering" and forms.origin == "user"
    assert ipo.zh == ("国家知识产权局", "知识产权局")
    assert tb.preferred_for(ipo, 2015).text == "State Intellectual Property Office"


def test_user_csv_old_form_stays_readable(tmp_path):
    with_header = tmp_path / "a.csv"
    with_header.write_text("zh,en,notes\n数据共享,data sharing,\n智慧城市,smart city,always singular\n",
                           encoding="utf-8")
    without = tmp_path / "b.tsv"
    without.write_text("数据共享\tdata sharing\n风险评估\trisk assessment\n", encoding="utf-8")
    a, b = tb.load(with_header), tb.load(without)
    assert [(c.zh, c.preferred[0].text, c.note) for c in a] == [
        (("数据共享",), "data sharing", ""), (("智慧城市",), "smart city", "always singular")]
    assert [c.terms[0].status for c in b] == ["preferred", "preferred"]


@pytest.mark.parametrize("content, needle", [
    ("zh,en,status\n新业态,new formats,wrong\n", "unknown status 'wrong'"),
    ("zh,en,status,years\n新业态,new formats,forbidden,2019-2015\n", "line 2: bad years"),
    ("zh,en,status\n新业态,,forbidden\n", "line 2: a term-base row needs"),
])
def test_bad_user_csv_gets_one_line(tmp_path, content, needle):
    p = tmp_path / "bad.csv"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=needle):
        tb.load(p)


USER_TBX = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"><tbxHeader><fileDesc>
<sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader><text><body>
<conceptEntry id="ipo"><descrip type="subjectField">body</descrip>
 <langSec xml:lang="zh-CN"><termSec><term>国家知识产权局</term></termSec></langSec>
 <langSec xml:lang="en">
  <termSec><term>China National Intellectual Property Administration</term>
   <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
   <admin type="source">CNIPA site 2020</admin><note>ipdoc-years: 2018-</note></termSec>
  <termSec><term>CNIPA</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></termSec>
  <termSec><term>State Intellectual Property Office</term>
   <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote><note>ipdoc-years: -2018</note></termSec>
  <termSec><term>Intellectual Property Bureau</term>
   <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec>
  <termSec><term>Knowledge Property Office</term>
   <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
   <note>ipdoc-status: forbidden</note></termSec>
  <termSec><term>IPR Office</term><termNote type="administrativeStatus">forbidden</termNote></termSec>
  <termSec><term>Patent Bureau</term><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></termSec>
 </langSec></conceptEntry>
</body></text></tbx>"""


def test_user_tbx_with_each_status(tmp_path):
    p = tmp_path / "t.tbx"
    p.write_text(USER_TBX, encoding="utf-8")
    (ipo,) = tb.load(p)
    assert ipo.id == "ipo" and ipo.domain == "body" and ipo.zh == ("国家知识产权局",)
    assert [(t.text, t.status, t.years) for t in ipo.terms] == [
        ("China National Intellectual Property Administration", "preferred", "2018-"),
        ("CNIPA", "admitted", ""),
        ("State Intellectual Property Office", "preferred", "-2018"),  # superseded: preferred for its years
        ("Intellectual Property Bureau", "deprecated", ""),
        ("Knowledge Property Office", "forbidden", ""),
        ("IPR Office", "forbidden", ""),
        ("Patent Bureau", "deprecated", ""),  # superseded without years: no longer to be used
    ]
    assert ipo.preferred[0].verified and not ipo.admitted[0].verified
    assert tb.preferred_for(ipo, 2015).text == "State Intellectual Property Office"


def test_tbx_v2_and_unmarked_terms(tmp_path):
    p = tmp_path / "old.tbx"
    p.write_text("""<?xml version="1.0"?><martif type="TBX"><text><body>
<termEntry><langSet xml:lang="zh"><tig><term>数据共享</term></tig></langSet>
<langSet xml:lang="en"><tig><term>data sharing</term></tig><tig><term>sharing of data</term></tig>
<tig><term>data exchange</term><termNote type="normativeAuthorization">deprecatedTerm</termNote></tig></langSet>
</termEntry></body></text></martif>""", encoding="utf-8")
    (c,) = tb.load(p)
    assert [(t.text, t.status) for t in c.terms] == [
        ("data sharing", "preferred"), ("sharing of data", "admitted"), ("data exchange", "deprecated")]


@pytest.mark.parametrize("content, needle", [
    (USER_TBX.replace("admittedTerm-admn-sts", "maybeTerm-admn-sts"), "unknown administrativeStatus"),
    (USER_TBX.replace("ipdoc-years: 2018-", "ipdoc-years: lately"), "bad years"),
    ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "e">]><tbx>&e;</tbx>', "entities"),
    ('<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body/></text></tbx>', "no concepts"),
])
def test_bad_user_tbx_gets_one_line(tmp_path, content, needle):
    p = tmp_path / "bad.tbx"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=needle):
        tb.load(p)


def test_user_concepts_take_precedence(tmp_path):
    p = tmp_path / "mine.csv"
    p.write_text("zh,en,status\n新业态|业态,new business models,preferred\n", encoding="utf-8")
    combined = tb.merged(tb.load(p))
    owners = [c for c in combined if "新业态" in c.zh]
    assert len(owners) == 1 and owners[0].origin == "user"
    assert len(combined) == len(tb.builtin())  # the built-in 新业态 concept gave way
    assert not any(m.concept.origin == "built-in" for m in tb.find("new formats", combined))


# --- the matcher -----------------------------------------------------------------------------


def _hits(text, concepts=None):
    return [(m.text, m.status, m.exact_case) for m in tb.find(text, concepts)]


@pytest.mark.parametrize("text, expected", [
    ("Deepen supply-side structural reforms.", [("supply-side structural reforms", "preferred", True)]),
    ("supply side structural reform", [("supply side structural reform", "preferred", True)]),
    ("streamlining government administration and delegating power",
     [("streamlining government administration and delegating power", "preferred", True)]),
    ("the National Development and Reform Commission's plan",
     [("National Development and Reform Commission's", "preferred", True)]),
    ("The Ministries of Finance met.", [("Ministries of Finance", "preferred", True)]),
    ("cultivating new formats and new business forms",
     [("new formats", "forbidden", True), ("new business forms", "preferred", True)]),
    ("seizing the opportunities of \"internet plus\"", [("internet plus", "deprecated", True)]),
    ("Internet plus is the name.", [("Internet plus", "deprecated", True)]),
    ("the Internet Plus action", [("Internet Plus", "preferred", True)]),
    ("THE INTERNET PLUS ACTION", [("INTERNET PLUS", "preferred", True)]),
    ("the ministry of finance", [("ministry of finance", "preferred", False)]),
    ("A Report On The New Normal", [("New Normal", "preferred", True)]),
])
def test_matcher_handles_inflection_and_case(text, expected):
    assert _hits(text) == expected


def test_longest_form_wins_and_names_inside_names_stay_quiet():
    assert _hits("(Development and Reform Commission, Ministry of Finance)") == [
        ("Development and Reform Commission", "deprecated", True), ("Ministry of Finance", "preferred", True)]
    assert _hits("the National Development and Reform Commission") == [
        ("National Development and Reform Commission", "preferred", True)]
    assert _hits("Guangdong Provincial Development and Reform Commission") == []
    assert _hits("the Asian Development Bank") == []
    assert _hits("State Council Information Office") == [("State Council Information Office", "preferred", True)]


def test_ordinary_words_stay_quiet():
    assert _hits("The plan has new features, and the formats of the files are new.") == []
    assert _hits("She kept the information in her office.") == []
    assert _hits("Ask at the information office of the hotel.") == []


def test_the_users_file_shows_its_renderings():
    found = Counter((m.term.text, m.status) for m in tb.find(USER_EN.read_text(encoding="utf-8")))
    assert found[("new formats", "forbidden")] == 4
    assert found[("Network Information Office", "forbidden")] == 11
    assert found[("Ministry of Security", "forbidden")] == 2
    assert found[("Development and Reform Commission", "deprecated")] == 17
    assert found[("internet plus", "deprecated")] >= 40
    # the file never writes the full name; it writes "Intellectual Property Office"
    assert found[("State Intellectual Property Office", "preferred")] == 0
    assert found[("Intellectual Property Office", "deprecated")] == 2


def test_matcher_on_the_mac_test_english_is_quiet(mac):
    flagged = [(p.name, m.text) for p in sorted(mac.glob("*.en")) for m in tb.find(p.read_text(encoding="utf-8"))
               if m.status in ("deprecated", "forbidden")]
    assert flagged == []


# --- conventions -----------------------------------------------------------------------------


def test_conventions_are_complete():
    rows = tb.conventions()
    assert len(rows) >= 12
    assert len({c.id for c in rows}) == len(rows)
    assert {c.kind for c in rows} == {"front-matter", "mt-phrase"}
    for c in rows:
        assert c.renders and c.conventional and c.attested, c.id
    assert next(c for c in rows if c.id == "central-committee-of-state-council").fix


def test_a_phrase_group_narrows_the_span():
    (row,) = [c for c in tb.conventions() if c.id == "going-to-sea"]
    text = "Encourage enterprises to go to sea in groups."
    assert [text[s:e] for s, e in row.find(text)] == ["go to sea"]


@pytest.mark.parametrize("convention", tb.conventions(), ids=lambda c: c.id)
def test_each_convention_flags_its_example_and_not_the_ordinary_use(convention):
    assert convention.find(convention.flags), convention.id
    assert not convention.find(convention.passes), convention.id


def test_conventions_cover_the_users_file():
    text = USER_EN.read_text(encoding="utf-8")
    hit = {c.id for c in tb.conventions() if c.find(text)}
    assert {"addressee-target", "docno-no-space", "docno-document", "title-possessive", "title-full-text",
            "preamble-this-paper", "central-committee-of-state-council", "signature-article", "date-year-first",
            "going-to-sea", "attribution-responsible-by"} <= hit


def test_conventions_raise_at_most_ten_matches_on_mac_test(mac):
    assert mac_chapters()
    total = sum(len(c.find(p.read_text(encoding="utf-8"))) for p in sorted(MAC.glob("*.en")) for c in tb.conventions())
    assert total <= 10


def test_the_readme_counts_match_the_term_base():
    readme = resources.files("ipdoc").joinpath("data/TERMBASE.md").read_text(encoding="utf-8")
    concepts = tb.builtin()
    verified = sum(c.verified for c in concepts)
    assert f"| concepts | {len(concepts)} ({verified} verified, {len(concepts) - verified} not) |" in readme
    rows = {line.split("`")[1]: line for line in readme.splitlines() if line.startswith("| `")}
    unverified = Counter(c.domain for c in concepts if not c.verified)
    for domain, n in Counter(c.domain for c in concepts).items():
        assert rows[domain].endswith(f"| {n} | {unverified[domain]} |"), domain


def test_one_word_forms_take_no_verb_endings():
    assert _hits("The notices were issued.") == [("notices", "admitted", True)]
    assert _hits("She noticed nothing.") == []


def test_user_csv_with_cr_only_line_ends(tmp_path):
    """Issue 10: a glossary CSV with CR-only line ends raised csv.Error."""
    p = tmp_path / "g.csv"
    p.write_bytes("zh,en,notes\r数据共享,data sharing,\r智慧城市,smart city,always singular\r".encode())
    assert [(c.zh, c.preferred[0].text, c.note) for c in tb.load(p)] == [
        (("数据共享",), "data sharing", ""), (("智慧城市",), "smart city", "always singular")]


def test_user_csv_with_a_field_longer_than_the_csv_default_limit(tmp_path):
    """Issue 10: a field over 131,072 characters raised csv.Error; the limit is restored afterwards."""
    import csv

    before = csv.field_size_limit()
    p = tmp_path / "g.csv"
    note = "a very long note " * 10_000
    p.write_text(f'zh,en,notes\n数据共享,data sharing,"{note}"\n风险评估,risk assessment,\n', encoding="utf-8")
    concepts = tb.load(p)
    assert len(concepts) == 2 and concepts[0].note == note.strip() and len(note) > 131_072
    assert csv.field_size_limit() == before


def test_a_term_base_path_that_is_a_directory(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        tb.load(tmp_path)


def test_utf16_tbx_without_the_suffix_is_read_as_tbx(tmp_path):
    p = tmp_path / "terms.txt"
    p.write_text('<?xml version="1.0" encoding="UTF-16"?>\n<tbx type="TBX-Basic"><text><body>'
                 '<conceptEntry id="c1"><langSec xml:lang="zh"><termSec><term>数据共享</term></termSec></langSec>'
                 '<langSec xml:lang="en"><termSec><term>data sharing</term></termSec></langSec></conceptEntry>'
                 "</body></text></tbx>", encoding="utf-16")
    assert [(c.zh, c.preferred[0].text) for c in tb.load(p)] == [(("数据共享",), "data sharing")]
