from __future__ import annotations

import pytest

from conftest import SAMPLE_EN, SAMPLE_GOLD, SAMPLE_ZH
from ipdoc.align.documents import align_documents, aligned_containers
from ipdoc.align.evaluate import parse_beads
from ipdoc.errors import InputError
from ipdoc.model import Text
from ipdoc.read import read_text
from ipdoc.segment import segment


def _docs():
    return segment(read_text(SAMPLE_ZH)), segment(read_text(SAMPLE_EN))


def test_sample_pair_matches_hand_checked_gold():
    zh, en = _docs()
    alignment = align_documents(zh, en)
    gold = parse_beads(SAMPLE_GOLD.read_text(encoding="utf-8"))
    assert [(b.zh, b.en) for b in alignment.beads] == gold
    assert alignment.signature.startswith("ipdoc:") and "level:sentence" in alignment.signature
    assert not alignment.warnings


def test_sections_and_items_are_paired_by_structure():
    zh, en = _docs()
    pairs = [(z.kind, z.value, e.kind, e.value) for z, e in aligned_containers(zh, en)]
    assert ("section", 2, "section", 2) in pairs  # (II) read as section 2
    assert ("item", 3, "item", 3) in pairs  # the misprinted (3) and the repeated 2. both read as 3
    assert pairs.count(("section", 1, "section", 1)) == 3


def test_missing_parts_come_out_as_one_run_of_omissions():
    zh_text = SAMPLE_ZH.read_text(encoding="utf-8")
    en_text = SAMPLE_EN.read_text(encoding="utf-8")
    cut_from, cut_to = en_text.index("I. General Requirements"), en_text.index("(1) Strengthen organisational")
    zh, en = segment(Text(zh_text, "zh")), segment(Text(en_text[:cut_from] + en_text[cut_to:], "en"))
    alignment = align_documents(zh, en)
    zu = zh.level("sentence")
    omitted = [i for b in alignment.beads if not b.en for i in b.zh]
    first_part3 = next(k for k, u in enumerate(zu) if zh.text_of(u).startswith("（一）加强组织领导"))
    part1 = next(k for k, u in enumerate(zu) if zh.text_of(u).startswith("一、总体要求"))
    # everything from part 一 up to part 三's first section is omitted, in one run, and nothing else
    assert omitted == list(range(part1, first_part3))
    bead = next(b for b in alignment.beads if first_part3 in b.zh)
    assert en.text_of(en.level("sentence")[bead.en[0]]).startswith("(1) Strengthen organisational leadership")
    assert any("no English counterpart" in w for w in alignment.warnings)


def test_unrelated_texts_are_reported():
    zh = segment(Text("今天天气很好，我们去公园散步。\n河边有很多柳树。\n孩子们在放风筝。\n老人在下棋。\n"
                      "晚上我们回家吃饭。\n", "zh"), presegmented=True)
    en = segment(Text("The central bank raised interest rates.\nBond markets fell sharply.\n"
                      "Analysts expect inflation to slow.\nThe currency weakened.\n"
                      "Exporters welcomed the move.\n", "en"), presegmented=True)
    alignment = align_documents(zh, en)
    assert any("unrelated" in w for w in alignment.warnings)
    assert alignment.related is False and alignment.support is not None and alignment.support < 0.3
    assert alignment.summary()["related"] is False
    # pairs of unrelated sentences are not presented with confidence
    assert all(b.score < 0.5 for b in alignment.beads)


def test_related_texts_say_so():
    zh, en = _docs()
    alignment = align_documents(zh, en, semantic="off")
    assert alignment.related and alignment.summary()["related"] is True
    assert "semantic:off:none" in alignment.signature and "priors=" in alignment.signature


def test_semantic_mode_is_checked():
    zh, en = _docs()
    with pytest.raises(InputError, match="off, on or auto"):
        align_documents(zh, en, semantic="maybe")
