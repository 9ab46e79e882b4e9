from __future__ import annotations

from ipdoc.align.features import _normal, featurize, subset
from ipdoc.normalize import view


def test_fast_normal_form_is_the_view():
    every = "".join(chr(c) for c in range(0x20, 0x10000) if not 0xD800 <= c < 0xE000)
    for fold in ("all", "alnum"):
        assert _normal(every, fold) == view(every, fold).text
        assert _normal("a\r\nb\rc", fold) == view("a\r\nb\rc", fold).text


def test_numbers_and_names_share_keys():
    feats = featurize(["他二十一岁。", "陈清扬来了。"], ["He was 21.", "Chen Qingyang came."])
    zkeys = {k for toks in feats.zh.keys[0] for k in toks}
    ekeys = {k for toks in feats.en.keys[0] for k in toks}
    assert zkeys & ekeys  # 二十一 and 21
    zkeys = {k for toks in feats.zh.keys[1] for k in toks}
    ekeys = {k for toks in feats.en.keys[1] for k in toks}
    assert zkeys & ekeys  # 陈清扬 and Chen Qingyang by pinyin


def test_rare_words_weigh_more_and_lengths_ignore_spaces():
    feats = featurize(["河。", "河。", "山。"], ["a river", "the river", "a mountain"])
    w = {feats.en.tokens[j][t]: float(feats.en.weights[j][t]) for j in range(3) for t in range(len(feats.en.tokens[j]))}
    assert w["mountain"] > w["river"]
    assert feats.en.lengths.tolist() == [6.0, 8.0, 9.0]


def test_subset_keeps_the_vocabulary():
    feats = featurize(["一。", "二。", "三。"], ["One.", "Two.", "Three."])
    sub = subset(feats, 1, 3, 0, 2)
    assert len(sub.zh.keys) == 2 and len(sub.en.keys) == 2 and sub.vocab is feats.vocab


def test_punctuation_cues_of_both_sides():
    from ipdoc.align.features import CUES, cues

    def kinds(text: str, lang: str) -> set[str]:
        return {CUES[k] for k in range(len(CUES)) if cues(text, lang) >> k & 1}

    assert kinds("那小孩问道：“爹爹，他们犯了什么罪？”", "zh") == {"question", "quote-open", "quote-close", "quote-end"}
    assert kinds("'Papa,' said the little boy, 'what have they done wrong?'", "en") == {
        "question", "quote-open", "quote-close", "quote-end"}
    assert kinds('He said "no" -- and left!', "en") == {"exclamation", "quote-open", "quote-close", "dash"}
    assert kinds("唉……他走了——再也没回来。", "zh") == {"ellipsis", "dash"}
    assert kinds("The boys' dog didn't bark...", "en") == {"ellipsis"}  # apostrophes are not quotes
    assert "quote-end" in kinds("不敢泄漏。”", "zh") and "quote-end" in kinds("That would be terrible, '", "en")
    assert "quote-end" in kinds("他说：“‘三文钱印一张！’", "zh")  # a nested quotation ends
    assert "quote-end" not in kinds("“好。”他说。", "zh") and "quote-end" not in kinds("the boys'", "en")
    feats = featurize(["他来了吗？", "来了。"], ["Has he come?", "Yes."])
    assert feats.zh.cues.tolist() == [1, 0] and feats.en.cues.tolist() == [1, 0]
    assert subset(feats, 1, 2, 1, 2).en.cues.tolist() == [0]
