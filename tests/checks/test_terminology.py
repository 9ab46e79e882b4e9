"""The terminology rules read the term base (built-in merged with the user's --glossary): names by
the document's year, deprecated renderings, term-base terms across the alignment, capitals."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from helpers import findings_on
from ipdoc.checks.terminology import zh_terms
from ipdoc.cli import app
from ipdoc.model import Text
from ipdoc.pipeline import check, check_documents
from ipdoc.segment import segment
from ipdoc.termbase import builtin


def doc(body: str, date: str | None = None) -> str:
    """A small English document: a title, a numbered item holding ``body``, and a date line when given."""
    closing = f"\nState Council\n{date}\n" if date else ""
    return f"Opinions on Data Sharing\n\nI. General Requirements\n\n1. Share data. {body}\n{closing}"


def texts(fs, text: str, code: str) -> list[str]:
    return [text[f.start:f.end] for f in fs if f.code == code]


# --- T002 names, by the document's year ------------------------------------------------------


def test_a_wrong_name_gets_the_name_of_the_documents_year():
    body = "The Intellectual Property Office and the Ministry of Security will act."
    for date, name in (("July 1, 2015", "State Intellectual Property Office"),
                       ("July 1, 2020", "China National Intellectual Property Administration")):
        text = doc(body, date)
        fs = findings_on(text, select=["T002"])
        fixes = {text[f.start:f.end]: f.fix.replacement for f in fs}
        assert fixes == {"Intellectual Property Office": name, "Ministry of Security": "Ministry of State Security"}
        assert "国家知识产权局" in fs[0].message


def test_a_name_of_another_period_is_flagged_only_when_the_year_is_known():
    body = "The State Intellectual Property Office and the State Administration of Taxation will act."
    assert findings_on(doc(body, "July 1, 2015"), select=["T002"]) == []
    assert findings_on(doc(body), select=["T002"]) == []
    text = doc(body, "March 3, 2020")
    fs = findings_on(text, select=["T002"])
    assert {text[f.start:f.end]: f.fix.replacement for f in fs} == {
        "State Intellectual Property Office": "China National Intellectual Property Administration",
        "State Administration of Taxation": "State Taxation Administration"}
    assert "the name until 2018, not of a 2020 document" in fs[0].message


def test_an_abolished_body_keeps_its_name():
    text = doc("The State Administration for Industry and Commerce was merged.", "March 3, 2020")
    assert findings_on(text, select=["T002"]) == []


def test_as_of_overrides_the_year_of_the_text():
    en = segment(Text(doc("The State Intellectual Property Office will act.", "July 1, 2015"), "en"))
    assert check(en, select=["T002"]).findings == ()
    (f,) = check(en, select=["T002"], as_of=2021).findings
    assert f.fix.replacement == "China National Intellectual Property Administration"


def test_as_of_on_the_command_line(tmp_path):
    path = tmp_path / "en.txt"
    path.write_text(doc("The State Intellectual Property Office will act.", "July 1, 2015"), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["check", str(path), "--select", "T002", "--fail-on", "never"]).stdout.strip() == \
        "no findings"
    r = runner.invoke(app, ["check", str(path), "--select", "T002", "--as-of", "2021", "--fail-on", "never"])
    assert "China National Intellectual Property Administration" in r.stdout
    r = runner.invoke(app, ["check", str(path), "--as-of", "15"])
    assert r.exit_code == 2 and "--as-of 15" in r.stderr


# --- T005 renderings -------------------------------------------------------------------------


def test_deprecated_renderings_name_the_chinese_and_the_established_one():
    text = doc("Cultivate new formats and new kinetic energy, and break the information island.")
    fs = findings_on(text, select=["T005"])
    assert texts(fs, text, "T005") == ["new formats", "new kinetic energy", "information island"]
    assert [f.fix.replacement for f in fs] == ["new business forms", "new growth drivers", "information silos"]
    assert "新业态" in fs[0].message and "a wrong rendering" in fs[0].message


def test_ordinary_words_and_case_variants_are_not_deprecated_renderings():
    text = doc("The formats of the files are new, and the new business forms grow. Promote internet plus.")
    assert findings_on(text, select=["T005"]) == []
    assert texts(findings_on(text, select=["T004"]), text, "T004") == ["internet plus"]


# --- T001 one term, several names ------------------------------------------------------------


def test_one_office_named_several_ways():
    body = ("The Network Information Office leads. The Network Information Office reports. "
            "The Internet Information Office helps.")
    text = doc(body)
    (f,) = findings_on(text, select=["T001"])
    assert text[f.start:f.end] == "Internet Information Office"
    assert "“Network Information Office” ×2, “Internet Information Office” ×1" in f.message
    assert f.fix.replacement == "Cyberspace Administration of China"


def test_the_preferred_name_is_the_norm_and_abbreviations_go_with_it():
    text = doc("The Cyberspace Administration of China leads; the Network Information Office helps. "
               "The Communist Party of China (CPC) decides; the CPC leads.")
    fs = findings_on(text, select=["T001"])
    assert texts(fs, text, "T001") == ["Network Information Office"]


# --- T003 across the alignment ---------------------------------------------------------------

ZH = "一、总体要求\n\n推进数据共享。\n\n网信办负责安全。\n\n教育部负责培训。\n\n政协委员参加。\n"


def pair_findings(en: str, glossary=()):
    checked = check_documents(segment(Text(en, "en")), segment(Text(ZH, "zh")), list(glossary), select=["T003"])
    return list(checked.findings)


def test_a_term_rendered_otherwise_is_flagged_with_the_english_used():
    en = ("I. General Requirements\n\nPromote data sharing.\n\nThe Internet Office is responsible for security.\n\n"
          "The Education Ministry is responsible for training.\n\nMembers of the advisory body take part.\n")
    (f,) = pair_findings(en)
    assert en[f.start:f.end] == "The Internet Office is responsible for security."
    assert "网信办" in f.message and "“Cyberspace Administration of China”" in f.message
    assert "the aligned English reads “The Internet Office is responsible for security.”" in f.message


def test_agreed_and_reported_renderings_pass():
    for name in ("The Cyberspace Administration of China", "The Network Information Office"):
        en = (f"I. General Requirements\n\nPromote data sharing.\n\n{name} is responsible for security.\n\n"
              "The Ministry of Education is responsible for training.\n\nCPPCC members take part.\n")
        assert pair_findings(en) == []


def test_user_glossary_checked_both_ways(tmp_path):
    g = tmp_path / "g.csv"
    g.write_text("数据共享,data sharing\n风险评估,risk assessment\n", encoding="utf-8")
    zh = "一、总体要求\n\n推进数据共享。\n\n开展风险评估。\n"
    en = "I. General Requirements\n\nPromote data exchange.\n\nCarry out risk assessments and data sharing.\n"
    checked = check_documents(segment(Text(en, "en")), segment(Text(zh, "zh")), [g], select=["T003"])
    messages = [f.message for f in checked.findings]
    assert len(messages) == 2
    assert any(m.startswith("数据共享 is not rendered as the term base has it") for m in messages)
    assert any("“data sharing” is used where the aligned Chinese has no 数据共享" in m for m in messages)


def test_the_users_term_base_takes_precedence(tmp_path):
    g = tmp_path / "mine.csv"
    g.write_text("zh,en,status\n新业态,new formats,preferred\n新业态,new business forms,forbidden\n", encoding="utf-8")
    en = segment(Text(doc("Cultivate new formats and new business forms."), "en"))
    checked = check(en, [g], select=["T005"])
    assert [en.text.content[f.start:f.end] for f in checked.findings] == ["new business forms"]
    assert checked.findings[0].fix.replacement == "new formats"


def test_chinese_short_forms_only_as_whole_words():
    concepts = builtin()
    assert [h.form for h in zh_terms("召开全会。", concepts)] == ["全会"]
    assert [h.form for h in zh_terms("国家安全会议召开。", concepts)] == []
    assert [h.form for h in zh_terms("国家网信办和网信办", concepts)] == ["国家网信办", "网信办"]


# --- T004 capitals of term-base names --------------------------------------------------------


@pytest.mark.parametrize("body, flagged", [
    ("The ministry of finance and the Ministry of Finance met.", ["ministry of finance"]),
    ("The MINISTRY OF FINANCE met. The Ministry of Finance agreed.", []),
    ("Finance ministries met.", []),
])
def test_names_of_the_term_base_keep_their_capitals(body, flagged):
    text = doc(body)
    assert texts(findings_on(text, select=["T004"]), text, "T004") == flagged


def test_as_of_reaches_the_review_and_the_edition():
    from ipdoc.pipeline import make_review

    en = segment(Text(doc("The State Intellectual Property Office will act.", "July 1, 2015"), "en"))
    assert not any(f.code == "T002" for f in make_review(en).checked.findings)
    review = make_review(en, unsafe=True, as_of=2021)
    assert "China National Intellectual Property Administration will act" in review.edition.text.content
