"""Each rule on small texts written for it: it fires where it should and not elsewhere."""

from __future__ import annotations

from helpers import findings_on


def codes(fs):
    return [f.code for f in fs]


def test_placeholders_and_their_neighbours():
    fs = findings_on("Plans for □□ and *** and ??? are ready. Is it? Yes! A * B.", select=["G001"])
    assert [f.code for f in fs] == ["G001", "G001", "G001"]


def test_split_numbers_only_years_and_percentages():
    fs = findings_on("In 20 15 and 19 98 the rate was 8 5% of 3 4 items on page 12 3.", select=["G002"])
    assert [f.fix.replacement for f in fs] == ["2015", "1998", "85"]


def test_latin1_mojibake():
    fs = findings_on("The ministerâ€™s plan and the cafÃ© were fine.", select=["G003"])
    assert [f.fix.replacement for f in fs] == ["’", "é"]


def test_control_and_zero_width():
    fs = findings_on("One\x0btwo\u200bthree.", select=["G004"])
    assert len(fs) == 2 and all(f.fix.replacement == "" for f in fs)


def test_balanced_brackets_are_quiet():
    assert not findings_on("A note (with a (nested) aside) and [a list] here.", select=["P001", "P002"])


def test_punctuation_rules():
    fs = findings_on("Standards , platforms.. Done;; and more，then over: stop", select=["P004", "P006", "P007"])
    assert sorted(codes(fs)) == ["P004", "P004", "P006", "P007"]


def test_ellipsis_and_decimals_are_not_doubled():
    assert not findings_on("Wait... the rate is 3.5 and v.2.1 ships.", select=["P004", "P006"])


def test_quotes():
    fs = findings_on("He said “go home and left.\n\nShe said “stay”.", select=["P003"])
    assert len(fs) == 1


def test_sequence_break_and_lowercase_heading():
    # the repeated 2. reads as 3, so 4. follows it: one break, one lower-case heading
    text = "1. First item.\n2. Second item.\n2. Third item.\n4. fourth item.\n"
    fs = findings_on(text, select=["N003", "N005"])
    assert sorted(codes(fs)) == ["N003", "N005"]
    assert next(f for f in fs if f.code == "N003").fix.replacement == "3."


def test_clean_literary_text_is_quiet():
    text = ("At twenty-one, I was placed in a production team in Yunnan. Chen Qingyang was twenty-six "
            "and a doctor. “I am not damaged goods,” she said. I didn't know her too well at the time.")
    assert findings_on(text) == []
