from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, SAMPLE_EN, SAMPLE_ZH, SOURCE
from ipdoc.align.clauses import (
    ClauseAlignment,
    align_clauses,
    clauses_of,
    parse_gold,
    remember,
    score_clauses,
    spans_of,
    write_gold,
)
from ipdoc.align.documents import align_documents
from ipdoc.align.evaluate import parse_beads
from ipdoc.errors import InputError
from ipdoc.model import Text, tile
from ipdoc.read import read_text
from ipdoc.segment import segment

RURAL_ZH = SOURCE / "rural-water-supply-notice.zh.txt"
RURAL_EN = SOURCE / "rural-water-supply-notice.en.txt"
GOLDS = ROOT / "alignments"


@cache
def _aligned(zh_path, en_path, semantic: str = "auto", en_text: str | None = None) -> ClauseAlignment:
    zh = segment(read_text(zh_path))
    en = segment(Text(en_text, "en")) if en_text is not None else segment(read_text(en_path))
    return align_clauses(align_documents(zh, en, semantic=semantic), semantic)


def _gold_score(name: str, alignment: ClauseAlignment):
    zc, ec = alignment.sentences.zh.text.content, alignment.sentences.en.text.content
    gold = parse_gold((GOLDS / f"{name}.clauses.gold").read_text(encoding="utf-8"), zc, ec)
    return score_clauses([gold], [spans_of(alignment)], [zc], [ec])


def _bead_with(alignment: ClauseAlignment, zh_text: str):
    view = alignment.clauses
    return next(b for b in view.beads if zh_text in view.text(b, "zh"))


# --------------------------------------------------------------------------- the sentence


@pytest.mark.parametrize("semantic", ["off", "auto"])
def test_clauses_of_a_translated_sentence_are_not_omissions(semantic):
    ca = _aligned(SAMPLE_ZH, SAMPLE_EN, semantic)
    view = ca.clauses
    first = _bead_with(ca, "坚持以人民为中心的发展思想")
    second = _bead_with(ca, "统筹发展和安全")
    assert view.text(first, "en") == "Adhere to the people-centred development philosophy,"
    assert view.text(second, "en") == "coordinate development and security,"
    assert first.paired and second.paired and first is not second
    # the sentence's clauses all lie in its own sentence bead, which holds no omission
    k = ca.parents[view.beads.index(first)]
    assert all(view.beads[c].paired for c in ca.within(k))


def test_an_english_clause_cut_at_a_candidate_point_is_a_span_of_its_own():
    ca = _aligned(SAMPLE_ZH, SAMPLE_EN, "off")
    view, content = ca.clauses, ca.clauses.en.text.content
    bead = _bead_with(ca, "统筹发展和安全")
    unit = view.en_units[bead.en[0]]
    assert content[unit.start:unit.end] == "coordinate development and security,"
    doc_clause = next(c for c in view.en.level("clause") if c.start <= unit.start and unit.end <= c.end)
    assert unit.id.startswith(doc_clause.id + ".") and unit.parent == doc_clause.parent


# --------------------------------------------------------------------------- against the golds


def test_sample_pair_against_its_clause_gold():
    s = _gold_score("urban-data-sharing-sample", _aligned(SAMPLE_ZH, SAMPLE_EN))
    assert s.strict.f1 >= 0.9 and s.lax.f1 >= 0.98


def test_faithful_pair_is_mostly_one_to_one_with_no_omission():
    ca = _aligned(RURAL_ZH, RURAL_EN)
    s = _gold_score("rural-water-supply-notice", ca)
    assert s.strict.f1 >= 0.9 and s.lax.f1 >= 0.98
    kinds = [b.label for b in ca.beads]
    assert kinds.count("1-1") >= 0.8 * len(kinds)
    assert ca.inner_omissions() == [] and ca.inner_additions() == []
    assert ca.summary()["omissions_in_translated_sentences"] == 0


def test_faithful_pair_without_vectors_has_no_omission_either():
    ca = _aligned(RURAL_ZH, RURAL_EN, "off")
    assert ca.inner_omissions() == [] and "sem=off" in ca.signature


def test_the_sample_plants_no_omission_inside_a_translated_sentence_the_words_can_show():
    ca = _aligned(SAMPLE_ZH, SAMPLE_EN)
    assert ca.inner_omissions() == []
    # the sentence omitted whole is an omission of its sentence bead, clause by clause
    omitted = [ca.clauses.text(b, "zh") for b in ca.beads if not b.en]
    assert omitted == ["加强个人信息保护，", "严厉打击非法获取和买卖数据行为。"]


@pytest.mark.parametrize("semantic", ["off", "auto"])
def test_a_clause_left_out_of_a_translated_sentence_is_an_omission(semantic):
    text = RURAL_EN.read_text(encoding="utf-8")
    cut = text.replace(" and guide private capital to take part in the construction and operation of projects.", ".")
    assert cut != text
    ca = _aligned(RURAL_ZH, RURAL_EN, semantic, cut)
    left = [ca.clauses.text(ca.beads[k], "zh") for k in ca.inner_omissions()]
    assert left == ["引导社会资本参与工程建设和运营。"]
    bead = ca.beads[ca.inner_omissions()[0]]
    assert "no support in the English of its sentence pair" in bead.reason


def test_a_short_clause_left_out_is_found_with_vectors():
    text = RURAL_EN.read_text(encoding="utf-8")
    cut = text.replace(" put up clear signs,", "")
    ca = _aligned(RURAL_ZH, RURAL_EN, "auto", cut)
    assert [ca.clauses.text(ca.beads[k], "zh") for k in ca.inner_omissions()] == ["设立明显标志，"]


def test_free_translation_reports_no_clause_omission(monkeypatch):
    zh = segment(Text("他走进屋里，看见桌上放着一封信，信封上没有写名字。\n她笑了笑，转身出去了。\n", "zh"),
                 presegmented=True)
    en = segment(Text("He came in and found a letter lying there.\nShe smiled and left.\n", "en"), presegmented=True)
    pair = align_documents(zh, en, semantic="off")
    assert align_clauses(pair, "off").inner_omissions() == []
    # the words leave the last clause unexplained: only the free translation's rule keeps it paired
    monkeypatch.setattr("ipdoc.align.clauses.CLOSE", 0.0)
    left = align_clauses(pair, "off")
    assert [left.clauses.text(left.beads[k], "zh") for k in left.inner_omissions()] == ["信封上没有写名字。"]


# --------------------------------------------------------------------------- the value


def test_units_are_spans_that_refine_the_documents_clauses():
    ca = _aligned(SAMPLE_ZH, SAMPLE_EN)
    view = ca.clauses
    for side in ("zh", "en"):
        doc, units = view.doc(side), view.units(side)
        tile(units, len(doc.text.content))  # in order, no overlap: joined with the gaps, the text
        clauses = doc.level("clause")
        assert [u.id for u in clauses if u.id in {v.id for v in units}] != []
        for c in clauses:
            inside = [u for u in units if c.start <= u.start and u.end <= c.end]
            assert inside and inside[0].start == c.start and inside[-1].end == c.end
    assert [u.id for u in view.zh_units] == [u.id for u in view.zh.level("clause")]
    assert len({u.id for u in view.en_units}) == len(view.en_units)


def test_every_clause_bead_lies_in_its_sentence_bead():
    ca = _aligned(SAMPLE_ZH, SAMPLE_EN)
    view, pair = ca.clauses, ca.sentences
    covered = []
    for k, sb in enumerate(pair.beads):
        beads = list(ca.within(k))
        covered += beads
        assert beads, "every sentence bead has clause beads"
        sentence_ids = {side: {u.id for u in pair.bead_units(sb, side)} for side in ("zh", "en")}
        for c in beads:
            for side in ("zh", "en"):
                assert {u.parent for u in view.bead_units(view.beads[c], side)} <= sentence_ids[side]
    assert covered == list(range(len(view.beads)))


def test_numbers_mark_corresponding_clauses_alike():
    ca = _aligned(SAMPLE_ZH, SAMPLE_EN)
    k = ca.parents[ca.clauses.beads.index(_bead_with(ca, "坚持以人民为中心的发展思想"))]
    numbers = ca.numbers(k)
    assert sorted(set(numbers["zh"].values())) == sorted(set(numbers["en"].values()))
    assert len(set(numbers["zh"].values())) >= 5
    for c in ca.within(k):
        b = ca.beads[c]
        assert {numbers["zh"][i] for i in b.zh} == {numbers["en"][j] for j in b.en}


def test_renderings():
    ca = _aligned(SAMPLE_ZH, SAMPLE_EN)
    assert parse_beads(ca.to_beads()) == [(b.zh, b.en) for b in ca.beads]
    data = ca.to_json()
    assert data["level"] == "clause" and len(data["beads"]) == len(ca.beads)
    assert [b["sentence_bead"] for b in data["beads"]] == list(ca.parents)
    assert data["sentences"]["beads"][0]["clause_beads"] == list(ca.within(0))
    assert data["summary"]["omissions_in_translated_sentences"] == 0
    text = ca.to_text(120)
    assert "坚持以人民为中心的发展思想" in text and "Adhere to the people-centred" in text
    assert text.rstrip().splitlines()[-1].startswith("clauses: ")
    tsv = ca.to_tsv().splitlines()
    assert tsv[0].endswith("\tsentence_bead") and len(tsv) == len(ca.beads) + 1
    assert "level:clause" in ca.signature and "clauses:in-sentence-dp" in ca.signature


def test_only_a_sentence_alignment_is_refined():
    zh, en = segment(read_text(SAMPLE_ZH)), segment(read_text(SAMPLE_EN))
    flat = align_documents(zh, en, "clause", semantic="off")
    with pytest.raises(InputError):
        align_clauses(flat)
    with pytest.raises(InputError):
        align_clauses(align_documents(zh, en, semantic="off"), semantic="sometimes")


def test_one_refinement_per_pair_and_a_stored_one_is_kept():
    ca = _aligned(SAMPLE_ZH, SAMPLE_EN, "off")
    pair = ca.sentences
    first = clauses_of(pair, "off")
    assert clauses_of(pair, "off") is first
    remember(ca)
    assert clauses_of(pair) is ca and clauses_of(pair, "off") is ca


# --------------------------------------------------------------------------- the gold format


def test_gold_written_and_read_back_scores_one():
    ca = _aligned(SAMPLE_ZH, SAMPLE_EN, "off")
    zc, ec = ca.sentences.zh.text.content, ca.sentences.en.text.content
    gold = parse_gold(write_gold(ca), zc, ec)
    assert gold.beads == spans_of(ca).beads
    s = score_clauses([gold], [spans_of(ca)], [zc], [ec])
    assert s.strict.f1 == 1.0 and s.lax.f1 == 1.0


def test_a_coarser_alignment_is_a_lax_hit_but_not_a_strict_one():
    zc, ec = "甲乙，丙丁。", "One two, three four."
    fine = parse_gold("甲乙， ||| One two,\n丙丁。 ||| three four.\n", zc, ec)
    coarse = parse_gold("甲乙， | 丙丁。 ||| One two, three four.\n", zc, ec)
    s = score_clauses([fine], [coarse], [zc], [ec])
    assert s.strict.precision == 0.0 and s.lax.precision == 1.0 and s.lax.recall == 1.0


def test_gold_format_escapes_and_errors():
    zc, ec = "甲乙，丙丁。", "One\x07 two, three four."
    gold = parse_gold("# a comment\n甲乙， ||| One\\u0007 two,\n丙丁。 |||\n||| three four.\n", zc, ec)
    assert gold.beads == (((0,), (0,)), ((1,), ()), ((), (1,)))
    with pytest.raises(InputError, match="line 1"):
        parse_gold("甲乙， One two,\n", zc, ec)
    with pytest.raises(InputError, match="does not follow"):
        parse_gold("丙丁。 ||| three four.\n甲乙， ||| One\\u0007 two,\n", zc, ec)
    with pytest.raises(InputError, match="goes on after"):
        parse_gold("甲乙， ||| One\\u0007 two,\n", zc, ec)
    with pytest.raises(InputError, match="no unit"):
        parse_gold(" ||| \n", zc, ec)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(["推进数据共享，", "建设平台，", "完善网络。", "加强保护；"]), min_size=1, max_size=6),
       st.lists(st.sampled_from(["promote data sharing,", "build platforms", "and improve networks.",
                                 "strengthen protection;", "(a, b)"]), min_size=1, max_size=6))
def test_any_pair_of_lines_refines_into_spans_that_tile(zh_parts, en_parts):
    zh = segment(Text("".join(zh_parts) + "\n", "zh"), presegmented=True)
    en = segment(Text(" ".join(en_parts) + "\n", "en"), presegmented=True)
    ca = align_clauses(align_documents(zh, en, semantic="off"), "off")
    view = ca.clauses
    for side in ("zh", "en"):
        units = view.units(side)
        tile(units, len(view.doc(side).text.content))
        assert sorted(i for b in view.beads for i in b.side(side)) == list(range(len(units)))


@pytest.mark.parametrize("semantic", ["off", "auto"])
def test_clauses_after_the_sentence_beads_change_are_those_aligned_afresh(semantic):
    """Paths through sentence beads are kept for the texts last aligned (an editor's change
    re-solves only what it changed): after beads are merged, split off or confirmed, the clause
    alignment is the one a fresh process makes."""
    from dataclasses import replace

    from ipdoc.align import clauses as C
    from ipdoc.model import Bead

    pair = _aligned(RURAL_ZH, RURAL_EN, semantic).sentences
    align_clauses(pair, semantic)  # the paths kept
    beads = list(pair.beads)
    k = next(i for i in range(len(beads) - 1) if beads[i].paired and beads[i + 1].paired)
    merged = Bead(beads[k].zh + beads[k + 1].zh, beads[k].en + beads[k + 1].en, 0.5, "merged")
    unlinked = [Bead(beads[-1].zh, (), 0.0, "omission"), Bead((), beads[-1].en, 0.0, "addition")]
    confirmed = replace(beads[3], score=1.0, reason="confirmed")
    changed = pair.with_beads([*beads[:3], confirmed, *beads[4:k], merged, *beads[k + 2:-1], *unlinked])
    kept = align_clauses(changed, semantic)
    C._PREPARED.clear()
    afresh = align_clauses(changed, semantic)
    assert [(b.zh, b.en, b.score, b.reason) for b in kept.beads] == \
        [(b.zh, b.en, b.score, b.reason) for b in afresh.beads]
    assert kept.beads != _aligned(RURAL_ZH, RURAL_EN, semantic).beads  # the change did change clauses
