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
    # without the Chinese, joining is a guess: a suggestion
    assert {f.fix.applicability for f in fs} == {"suggested"}


def test_split_years_before_punctuation_are_found():
    fs = findings_on("In 20 25, the plan ends. It began in 20 15. It was 20 19; then 20 20: done.", select=["G002"])
    assert [f.fix.replacement for f in fs] == ["2025", "2015", "2019", "2020"]


def test_split_numbers_are_joined_safely_only_in_a_date_or_from_the_chinese():
    (in_date,) = findings_on("The law took effect on July 1, 20 15 in all regions.", select=["G002"])
    assert in_date.fix.replacement == "2015" and in_date.fix.applicability == "safe"
    (counted,) = findings_on("In recent 20 15 years, the economy grew.", select=["G002"])
    assert counted.fix is None and "'years'" in counted.message
    (known,) = findings_on("The rate rose to 8 5% this year.", "今年比率升至85%。", select=["G002"])
    assert known.fix.applicability == "safe"
    (unknown,) = findings_on("In recent 20 15 years, the economy grew.", "近年来，经济增长。", select=["G002"])
    assert unknown.fix is None and "has no 2015" in unknown.message
    # two numbers the Chinese has side by side are no split number
    assert findings_on("Classes 20 15 and 16 met.", "第20、15和16班开会。", select=["G002"]) == []


def test_dates_in_chinese_order_are_put_in_english_order():
    (d,) = findings_on("Signed by the State Council on 2015 July 1.", select=["G002", "G005"])
    assert (d.code, d.fix.replacement, d.fix.applicability, d.severity) == ("G005", "July 1, 2015", "safe", "warning")
    (split,) = findings_on("It takes effect on 20 15 July 1 in all regions.", select=["G002", "G005"])
    assert (split.code, split.fix.replacement, split.severity) == ("G005", "July 1, 2015", "error")
    # a date line closing a document is the date-line convention's to rewrite, not joined to 2015 July 1
    assert findings_on("Notice.\n\nState Council\n20 15 July 1\n", select=["G002", "G005"]) == []
    # a document that writes dates day first keeps its own order
    (own,) = findings_on("Issued on 1 June 2015. It takes effect 2015 July 1.", select=["G005"])
    assert own.fix.replacement == "1 July 2015"
    assert findings_on("In 2015, July 1 was a holiday. By July 1, 2015 it was done.", select=["G005"]) == []


def test_chinese_words_are_not_mojibake():
    fs = findings_on("Clear up 拖欠 payments and deepen the 放管服 reform; he was 忙.", select=["G003", "B004"])
    assert [(f.code, f.fix.replacement if f.fix else None) for f in fs][:1] == [("B004", "in arrears")]
    assert {f.code for f in fs} == {"B004"} and len(fs) == 3
    fs = findings_on("The caf茅 and the 鈥渟mart city鈥� plan.", select=["G003", "B004"])
    assert [(f.code, f.fix.replacement) for f in fs] == [("G003", "é"), ("G003", "“s"), ("G003", "”")]


def test_latin1_mojibake():
    fs = findings_on("The ministerâ€™s plan and the cafÃ© were fine.", select=["G003"])
    assert [f.fix.replacement for f in fs] == ["’", "é"]


def test_control_and_zero_width():
    fs = findings_on("One\x0btwo\u200bthree.", select=["G004"])
    assert len(fs) == 2 and all(f.fix.replacement == "" for f in fs)


def test_balanced_brackets_are_quiet():
    assert not findings_on("A note (with a (nested) aside) and [a list] here.", select=["P001", "P002"])


def test_runs_of_doubled_punctuation_are_one_finding():
    fs = findings_on("Done;;; then more,,. And,, so.. end", select=["P004"])
    assert [f.fix.replacement for f in fs] == [";", ".", ",", "."]


def test_space_before_punctuation_before_another_mark():
    (f,) = findings_on("It is done  ,. Next one.", select=["P006"])
    assert f.fix.replacement == "" and f.fix.end - f.fix.start == 2


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


def test_missing_sentence_end_and_what_is_not_one():
    text = ("The plan is ready now.\n\nThe maid thought to herself as she left,\n\n'What a fine-looking man!'\n\n"
            "Four days later, Gaillard Cut, Panama Canal\n\nThe engineers then measured the width of the canal,\n\n"
            "Nobody said a word after that ---\n\nThe work went on through the night and into the day\n\n"
            "Then it was over.")
    fs = findings_on(text, select=["P005"])
    flagged = [text[text.rfind("\n", 0, f.start) + 1:f.end] for f in fs]
    assert flagged == ["The engineers then measured the width of the canal,",
                       "The work went on through the night and into the day"]
    # the trailing comma becomes the full stop; a missing one is added
    assert [(text[f.fix.start:f.fix.end], f.fix.replacement) for f in fs] == [(",", "."), ("", ".")]


def test_the_unmatched_straight_quote_is_located():
    text = 'He said "go home" and left.\n\nShe said "stay here, then "wait".'
    (f,) = findings_on(text, select=["P003"])
    assert f.start == text.index('"stay')
