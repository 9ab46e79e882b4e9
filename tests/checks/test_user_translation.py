"""Every anomaly of the user's translation, pinned at its place (monolingual checks)."""

from __future__ import annotations

from collections import Counter

from helpers import by_code_text, user_findings


def test_garbling():
    got = by_code_text(user_findings(), {"G001", "G002", "G003", "G004", "G005"})
    assert got == Counter({("G001", "* * *"): 2, ("G002", "20 15"): 1})


def test_split_year_is_left_to_the_editor_and_the_date_line_to_its_rule():
    checked = user_findings()
    content = checked.en.text.content
    (split,) = [f for f in checked.findings if f.code == "G002"]
    assert content[split.start - 10:split.end + 6] == "In recent 20 15 years"
    # 近年来 "in recent years": joining would write a plausible falsehood, so no fix is offered
    assert split.fix is None and "cannot be the year 2015" in split.message
    # the date line 20 15 July 1 is rewritten whole by the rule for date lines, not joined to 2015 July 1
    date_line = content.rindex("20 15 July 1")
    assert not any(f.code in ("G002", "G005") and f.start >= date_line for f in checked.findings)


def test_brackets():
    checked = user_findings()
    got = by_code_text(checked, {"P001", "P002", "P003"})
    assert got == Counter({("P002", ")"): 6, ("P001", "(Development and Reform Commission, Ministry of Industry "
                                                       "and Information Technology, etc."): 1})
    content = checked.en.text.content
    # each stray bracket follows a closed parenthesis and its full stop: "etc.). )"
    contexts = [content[f.start - 3:f.start + 1] for f in checked.findings if f.code == "P002"]
    assert contexts == ["). )"] * 6


def test_numbering():
    checked = user_findings()
    got = by_code_text(checked, {"N001", "N002", "N003", "N005"})
    assert got == Counter({("N001", "(VI)"): 1, ("N002", "(3)"): 1, ("N005", "lay"): 2, ("N005", "create"): 1,
                           ("N005", "organize"): 1})
    fixes = {f.code: f.fix.replacement for f in checked.findings if f.code in ("N001", "N002")}
    assert fixes == {"N001": "(6)", "N002": "3."}
    assert sum(1 for f in checked.findings if f.code == "N004") == 32


def test_one_office_named_three_ways():
    checked = user_findings()
    t001 = [f for f in checked.findings if f.code == "T001"]
    assert len(t001) == 2
    assert "“Network Information Office” ×11" in t001[0].message
    assert "“Internet Information Office” ×3" in t001[0].message and "“Information Office” ×2" in t001[0].message
    assert t001[0].fix.replacement == "Cyberspace Administration of China"


def test_unofficial_names():
    got = Counter(t for (code, t), n in by_code_text(user_findings(), {"T002"}).items() for _ in range(n))
    assert got == Counter({"Development and Reform Commission": 17, "Network Information Office": 11,
                           "Internet Information Office": 3, "Information Office": 2, "Ministry of Security": 2,
                           "Intellectual Property Office": 2, "Energy Bureau": 1,
                           "Health and Family Planning Commission": 1, "Legal Affairs Office": 1,
                           "Development Bank": 1})


def test_internet_plus_capitalisation_and_quoting():
    checked = user_findings()
    t004 = [f for f in checked.findings if f.code == "T004"]
    assert {checked.en.text.content[f.start:f.end] for f in t004} == {"internet plus"}
    assert len(t004) == 43
    assert sum("not quoted here" in f.message for f in t004) == 13


def test_names_follow_the_documents_year():
    # the date line (20 15 July 1) makes it a 2015 document: the office was then the State Intellectual Property Office
    checked = user_findings()
    fixes = {checked.en.text.content[f.start:f.end]: f.fix.replacement for f in checked.findings if f.code == "T002"}
    assert fixes["Intellectual Property Office"] == "State Intellectual Property Office"
    assert fixes["Network Information Office"] == "Cyberspace Administration of China"
    assert fixes["Development Bank"] == "China Development Bank"


def test_renderings_the_term_base_deprecates():
    checked = user_findings()
    assert by_code_text(checked, {"T005"}) == Counter({("T005", "new formats"): 4, ("T005", "new kinetic energy"): 1,
                                                       ("T005", "information island"): 1})
    first = next(f for f in checked.findings if f.code == "T005")
    assert "新业态" in first.message and first.fix.replacement == "new business forms"


def test_front_matter_and_closing():
    checked = user_findings()
    content = checked.en.text.content
    got = {f.code: f for f in checked.findings if f.code in ("C002", "C003", "C004", "C005")}
    titles = [f for f in checked.findings if f.code == "C001"]
    assert [content[f.start:f.end] for f in titles] == [
        "Full text of the State Council's guiding opinions on actively promoting the \"internet plus\" action",
        "The State Council's Guiding Opinions on"]
    assert titles[1].fix.replacement == "Guiding Opinions of the State Council on"
    assert content[got["C002"].start:got["C002"].end] == "Guo Fa [2015] No.40 Document"
    assert (got["C002"].fix.replacement, got["C002"].fix.applicability) == ("Guo Fa [2015] No. 40", "safe")
    assert content[got["C003"].start:got["C003"].end].startswith("The target is the people's governments")
    assert (content[got["C004"].start:got["C004"].end], got["C004"].fix.applicability) == ("the State Council", "safe")
    assert (got["C005"].fix.replacement, got["C005"].fix.applicability) == ("July 1, 2015", "safe")


def test_front_matter_edition():
    from ipdoc.fix import apply_fixes

    checked = user_findings()
    edition = apply_fixes(checked.en.text, checked.findings, unsafe=True).text.content
    assert edition.startswith("Guiding Opinions of the State Council on Actively Promoting \"Internet Plus\" Action\n\n"
                              "Guo Fa [2015] No. 40\n\nTo the people's governments of all provinces,")
    assert "directly under the State Council:\n" in edition
    # C005's rewrite and G002's join of "20 15" overlap; fix.py takes one of them
    assert edition.rstrip().split("\n\n")[-2:] in (["State Council", "July 1, 2015"], ["State Council", "2015 July 1"])


def test_attribution_lines():
    checked = user_findings()
    content = checked.en.text.content
    c006 = [f for f in checked.findings if f.code == "C006"]
    assert sum("“(… are responsible)”" in f.message and "14 of the 19" in f.message for f in c006) == 5
    responsible_by = [f for f in c006 if content[f.start:f.end] == "Responsible by "]
    assert len(responsible_by) == 1 and responsible_by[0].fix.replacement == ""
    lower = [f for f in c006 if f.fix is not None and f.fix.applicability == "safe"]
    assert [content[f.start:f.start + 6] for f in lower] == ["led by", "led by"]


def test_machine_translation_phrases():
    got = by_code_text(user_findings(), {"C007"})
    assert got == Counter({("C007", "this paper puts forward"): 1, ("C007", "go to sea"): 1,
                           ("C007", "Central Committee of the State Council"): 1})


def test_nothing_else():
    codes = Counter(f.code for f in user_findings().findings)
    assert set(codes) == {"G001", "G002", "N001", "N002", "N004", "N005", "P001", "P002", "T001", "T002", "T004",
                          "T005", "C001", "C002", "C003", "C004", "C005", "C006", "C007"}
