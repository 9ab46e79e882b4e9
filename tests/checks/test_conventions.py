"""The conventions of official documents in English (rules C001-C007): each fires on the
form it is about and stays quiet on the conventional form and on ordinary uses of the words."""

from __future__ import annotations

import pytest

from conftest import MAC, mac_chapters
from helpers import findings_on
from ipdoc import termbase as tb
from ipdoc.checks import Context
from ipdoc.checks.conventions import attribution_form, document_year, english_date, year_of_date
from ipdoc.model import Text
from ipdoc.pipeline import load
from ipdoc.segment import segment

CLEAN = """Guiding Opinions of the State Council on Promoting Data Sharing

Guo Fa [2015] No. 40

To the people's governments of all provinces, autonomous regions and municipalities directly under the \
Central Government, all ministries and commissions of the State Council, and all institutions directly under \
the State Council:

Data sharing serves the public. The following opinions are hereby put forward.

I. General Requirements

1. Build platforms. Build shared data platforms in every province. (Ministry of Finance, Ministry of Commerce, etc.)

2. Open data. Open public data to society in an orderly way. (Ministry of Education, Ministry of Commerce, etc.)

3. Train staff. Train the staff of data offices. (Ministry of Civil Affairs, Ministry of Commerce, etc.)

State Council
July 1, 2015
"""


ZH_DOC = ("国务院关于推进数据共享的指导意见\n\n国发〔2015〕40号\n\n一、总体要求\n\n1.建设平台。建设共享数据平台。\n\n"
          "国务院\n2015年7月1日\n")


def on(text: str, codes: str = "C", zh: str | None = None):
    return findings_on(text, zh, select=[codes])


def spans(text: str, codes: str = "C", zh: str | None = None) -> list[tuple[str, str]]:
    return [(f.code, text[f.start:f.end]) for f in on(text, codes, zh)]


def test_the_conventional_document_is_quiet():
    assert on(CLEAN) == []
    assert on(CLEAN, "T") == []


# --- C001 title ------------------------------------------------------------------------------


def test_a_web_headline_before_the_title_is_flagged_with_its_removal():
    text = "Full text of the State Council's guiding opinions on data sharing\n\n" + CLEAN
    fs = on(text, "C001")
    assert [text[f.start:f.end] for f in fs] == ["Full text of the State Council's guiding opinions on data sharing"]
    assert (fs[0].fix.start, fs[0].fix.end, fs[0].fix.replacement) == (0, text.index("Guiding"), "")


def test_a_possessive_title_is_rewritten():
    text = CLEAN.replace("Guiding Opinions of the State Council on", "The State Council's guiding opinions on")
    (f,) = on(text, "C001")
    assert text[f.start:f.end] == "The State Council's guiding opinions on"
    assert f.fix.replacement == "Guiding Opinions of the State Council on" and f.fix.applicability == "suggested"


def test_possessives_outside_the_title_stay_quiet():
    text = CLEAN.replace("Data sharing serves the public.",
                         "The State Council's opinions on data were welcomed. Full text of the speech follows.")
    assert on(text, "C001") == []


def test_with_the_chinese_a_title_that_drops_the_issuer_is_flagged():
    zh = ZH_DOC
    en = ("Guiding Opinions on Promoting Data Sharing\n\nGuo Fa [2015] No. 40\n\nI. General Requirements\n\n"
          "1. Build platforms. Build shared data platforms.\n\nState Council\nJuly 1, 2015\n")
    fs = on(en, "C001", zh)
    assert len(fs) == 1 and "does not name the State Council" in fs[0].message and fs[0].fix is None
    assert on(en.replace("Guiding Opinions on", "Guiding Opinions of the State Council on"), "C001", zh) == []


# --- C002 document number --------------------------------------------------------------------


@pytest.mark.parametrize("written, fixed", [
    ("Guo Fa [2015] No.40 Document", "Guo Fa [2015] No. 40"),
    ("Guo Fa [2015] No. 40 Document", "Guo Fa [2015] No. 40"),
    ("Guofa [2015] No. 40", "Guo Fa [2015] No. 40"),
    ("Guo Ban Fa 〔2015〕 No.48", "Guo Ban Fa [2015] No. 48"),
])
def test_document_numbers_are_written_as_official_translations_write_them(written, fixed):
    text = CLEAN.replace("Guo Fa [2015] No. 40", written)
    (f,) = on(text, "C002")
    assert text[f.start:f.end] == written
    assert (f.fix.replacement, f.fix.applicability) == (fixed, "safe")


def test_a_document_number_cited_in_the_text_keeps_the_words_before_it():
    text = CLEAN.replace("Data sharing serves the public.", "In Guo Fa [2015] No.40, data sharing is required.")
    fs = [f for f in on(text, "C002") if text[f.start:f.end] != "Guo Fa [2015] No. 40"]
    assert [text[f.start:f.end] for f in fs] == ["Guo Fa [2015] No.40"]


def test_the_issuer_spelled_out_takes_its_code_from_the_chinese():
    text = CLEAN.replace("Guo Fa [2015] No. 40", "State Council [2015] No. 40")
    (f,) = on(text, "C002")
    assert f.fix is None and "State Council [2015] No. 40" in f.message
    zh = ZH_DOC
    (f,) = on(text, "C002", zh)
    assert (f.fix.replacement, f.fix.applicability) == ("Guo Fa [2015] No. 40", "suggested")


@pytest.mark.parametrize("quiet", [
    "Guo Fa [2015] No. 40", "Shi Fa [2025] No. 1",
    "Guo Fa [2015] No. 40, a document of the State Council",
    "page 40 of the 2015 annual report, No. 40 of its series",
])
def test_conventional_document_numbers_and_other_numbers_stay_quiet(quiet):
    assert on(CLEAN.replace("Data sharing serves the public.", f"See {quiet}."), "C002") == []


# --- C003 addressee --------------------------------------------------------------------------

_ADDRESSEE = ("To the people's governments of all provinces, autonomous regions and municipalities directly under "
              "the Central Government, all ministries and commissions of the State Council, and all institutions "
              "directly under the State Council:")


def test_a_literal_addressee_line_gets_the_formula():
    line = ("The target is the people's governments of all provinces, autonomous regions and municipalities "
            "directly under the Central Government, all ministries and commissions of the State Council.")
    text = CLEAN.replace(_ADDRESSEE, line)
    (f,) = on(text, "C003")
    assert text[f.start:f.end] == line and "“The target is …”" in f.message and "colon" in f.message
    fixed = text[:f.fix.start] + f.fix.replacement + text[f.fix.end:]
    assert "\nTo the people's governments of all provinces" in fixed and "of the State Council:\n" in fixed


def test_respective_agencies_is_a_misreading():
    line = ("The people's governments of all provinces, ministries and commissions under the State Council and "
            "their respective agencies:")
    text = CLEAN.replace(_ADDRESSEE, line)
    (f,) = on(text, "C003")
    fixed = text[:f.fix.start] + f.fix.replacement + text[f.fix.end:]
    assert ("To the people's governments of all provinces, all ministries and commissions of the State Council, and "
            "all institutions directly under the State Council:") in fixed


def test_an_addressee_without_to_or_colon():
    text = CLEAN.replace(_ADDRESSEE, "T" + _ADDRESSEE[4:].rstrip(":") + ".")
    (f,) = on(text, "C003")
    assert "opens with “To”" in f.message and "ends with a colon" in f.message
    assert text[:f.fix.start] + f.fix.replacement + text[f.fix.end:] == CLEAN


def test_a_short_line_ending_in_a_colon_is_not_an_addressee():
    text = CLEAN.replace(_ADDRESSEE, "The plan reads as follows:")
    assert on(text, "C003") == []


# --- C004, C005 signature and date -----------------------------------------------------------


def test_signature_without_the_article():
    text = CLEAN.replace("State Council\nJuly", "the State Council\nJuly")
    (f,) = on(text, "C004")
    assert text[f.start:f.end] == "the State Council" and (f.fix.replacement, f.fix.applicability) == ("", "safe")
    assert on(CLEAN.replace("State Council\nJuly", "The State Council\nJuly"), "C004") == []


@pytest.mark.parametrize("written, fixed", [
    ("20 15 July 1", "July 1, 2015"), ("2015 July 1", "July 1, 2015"), ("2015, Jul. 1", "July 1, 2015"),
    ("2015-07-01", "July 1, 2015"), ("2015.7.1", "July 1, 2015"), ("2015年7月1日", "July 1, 2015"),
    ("July 1 2015", "July 1, 2015"), ("July 1, 2015", None),
    ("1 July 2015", None), ("2015 February 30", None), ("Spring 2015", None),
])
def test_english_dates(written, fixed):
    assert english_date(written) == fixed


def test_a_year_first_date_line_is_rewritten_safely():
    text = CLEAN.replace("July 1, 2015", "2015 July 1")
    (f,) = on(text, "C005")
    assert text[f.start:f.end] == "2015 July 1" and (f.fix.replacement, f.fix.applicability) == ("July 1, 2015", "safe")


def test_a_year_first_date_in_running_text_is_not_a_date_line():
    text = CLEAN.replace("Data sharing serves the public.", "The plan of 2015 July 1 is kept.")
    assert on(text, "C005") == []


# --- the document's year ---------------------------------------------------------------------


@pytest.mark.parametrize("line, year", [
    ("20 15 July 1", 2015), ("July 1, 2015", 2015), ("2015年7月1日", 2015), ("二〇一五年七月一日", 2015),
    ("1 July 1998", 1998), ("July 1", None), ("March 15, 1820", None),
])
def test_year_of_a_date_line(line, year):
    assert year_of_date(line) == year


def test_document_year_from_the_date_then_the_document_number():
    assert document_year(segment(Text(CLEAN, "en"))) == 2015
    no_date = CLEAN.replace("State Council\nJuly 1, 2015\n", "").replace("[2015]", "[2016]")
    assert document_year(segment(Text(no_date, "en"))) == 2016
    zh = segment(Text("关于数据共享的意见\n\n国发〔2017〕3号\n\n一、总体要求\n\n1.建设平台。建设平台。\n", "zh"))
    bare = segment(Text("Opinions on Data Sharing\n\nI. General Requirements\n\n1. Build. Build platforms.\n", "en"))
    assert document_year(bare) is None and document_year(bare, zh) == 2017
    assert Context(bare).year is None and Context(bare, as_of=2020).year == 2020


# --- C006 attribution lines ------------------------------------------------------------------


@pytest.mark.parametrize("line, form", [
    ("(Ministry of Finance, Ministry of Commerce, etc.).", "list"),
    ("(The Ministry of Finance and the Ministry of Commerce are responsible).", "responsible"),
    ("(Ministry of Finance is responsible.)", "responsible"),
    ("(Responsible by Ministry of Finance, etc.)", "responsible-by"),
    ("(Led by the Ministry of Finance)", "led"),
    ("(The Ministry of Finance takes the lead)", "led"),
])
def test_attribution_forms(line, form):
    assert attribution_form(line) == form


def test_the_minority_attribution_form_is_flagged_with_the_dominant_one():
    text = CLEAN.replace("(Ministry of Education, Ministry of Commerce, etc.)",
                         "(The Ministry of Education and the Ministry of Commerce are responsible)")
    (f,) = on(text, "C006")
    assert "2 of the 3 lines" in f.message and "bare list" in f.message
    fixed = text[:f.fix.start] + f.fix.replacement + text[f.fix.end:]
    assert "(The Ministry of Education and the Ministry of Commerce)" in fixed


def test_a_bare_list_among_responsible_lines_gets_the_verb():
    text = CLEAN.replace("Commerce, etc.)", "Commerce, etc. are responsible)", 2)
    (f,) = on(text, "C006")
    assert text[f.start:f.end] == "(Ministry of Civil Affairs, Ministry of Commerce, etc.)"
    assert (f.fix.start, f.fix.end, f.fix.replacement) == (f.end - 1, f.end - 1, " are responsible")


def test_responsible_by_is_not_english():
    text = CLEAN.replace("(Ministry of Finance,", "(Responsible by Ministry of Finance,")
    (f,) = on(text, "C006")
    assert text[f.start:f.end] == "Responsible by " and f.fix.replacement == ""


def test_a_lower_case_attribution_among_capitalised_ones():
    text = CLEAN.replace("(Ministry of Civil Affairs, Ministry of Commerce, etc.)", "(led by the Ministry of Commerce)")
    (f,) = on(text, "C006")
    assert text[f.start:f.end] == "l" and (f.fix.replacement, f.fix.applicability) == ("L", "safe")


def test_led_by_lines_and_an_even_split_stay_quiet():
    text = CLEAN.replace("(Ministry of Civil Affairs, Ministry of Commerce, etc.)", "(Led by the Ministry of Commerce)")
    assert on(text, "C006") == []
    even = text.replace("(Ministry of Education, Ministry of Commerce, etc.)",
                        "(The Ministry of Education and the Ministry of Commerce are responsible)")
    assert on(even, "C006") == []


# --- C007 machine-translation phrasing -------------------------------------------------------

_MT = [c for c in tb.conventions() if c.kind == "mt-phrase" and not c.id.startswith("attribution-")]


@pytest.mark.parametrize("row", _MT, ids=lambda c: c.id)
def test_each_phrase_is_flagged_in_a_document_and_its_ordinary_use_is_not(row):
    preamble = "Data sharing serves the public. The following opinions are hereby put forward."
    fs = on(CLEAN.replace(preamble, row.flags), "C007")
    assert len(fs) == 1 and row.renders in fs[0].message
    assert (fs[0].fix is not None) == bool(row.fix)
    assert on(CLEAN.replace(preamble, row.passes), "C007") == []


# --- precision on clean literary text ---------------------------------------------------------


def test_conventions_and_term_base_rules_are_quiet_on_mac_test(mac):
    """Every rule of issue 13 on the 24 clean MAC-Test English chapters: 10 findings at most in all."""
    from ipdoc.checks import run_checks, select_rules

    rules = select_rules(["C", "T001", "T002", "T005"])
    concepts = tb.builtin()
    found = [(p.name, f.code) for p in sorted(mac.glob("*.en"))
             for f in run_checks(Context(load(p, "en", True), glossary=concepts), rules)]
    assert len(mac_chapters()) == 24 and MAC.is_dir()
    assert len(found) <= 10, found
