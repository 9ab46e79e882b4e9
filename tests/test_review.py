"""A review's editing functions: each makes one change, records it, and can be undone."""

from __future__ import annotations

import json

import pytest

from helpers import sample_review, user_review
from ipdoc.errors import InputError
from ipdoc.export import tmx
from ipdoc.model import Applicability
from ipdoc.review import (
    SUPPLIED,
    confirm,
    decide,
    edit_english,
    mark_reviewed,
    merge,
    move,
    split,
    supply,
    undo,
    unlink,
)

WHO, WHEN = "ed", "2025-01-01T00:00:00+00:00"


def omission_index(review) -> int:
    return next(k for k, b in enumerate(review.pair.beads) if not b.en)


def test_merge_records_its_step_and_undo_restores_the_beads():
    r = sample_review()
    before = r.pair.beads
    m = merge(r, 2, WHO, WHEN)
    assert len(m.pair.beads) == len(before) - 1
    b = m.pair.beads[2]
    assert (b.zh, b.en) == (before[2].zh + before[3].zh, before[2].en + before[3].en)
    assert m.is_confirmed(b) and b.score == 1.0 and b.reason == "editor: merged"
    step = m.history[-1]
    assert (step.n, step.who, step.when, step.action, step.slot, step.key) == (1, WHO, WHEN, "merge", "beads", "2")
    assert [v["zh"] for v in json.loads(step.before)] == [list(before[2].zh), list(before[3].zh)]
    back = undo(m, WHO, WHEN)
    assert back.pair.beads == before and not back.confirmed
    assert back.history[-1].slot == "undo" and back.history[-1].key == "1"
    with pytest.raises(InputError, match="nothing to undo"):
        undo(back)


def test_split_move_unlink_and_confirm():
    r = sample_review()
    two = next(k for k, b in enumerate(r.pair.beads) if len(b.en) == 2)
    b = r.pair.beads[two]
    s = split(r, two, 1, 1, WHO, WHEN)
    assert [(x.zh, x.en) for x in s.pair.beads[two:two + 2]] == [(b.zh, b.en[:1]), ((), b.en[1:])]
    with pytest.raises(InputError, match="cannot split at 2/0"):
        split(r, two, 2, 0)
    with pytest.raises(InputError, match="both sides of the cut"):
        split(r, two, 0, 0)
    mv = move(r, 0, "en", True, WHO, WHEN)  # the title's English goes down into row 2
    assert mv.pair.beads[0].en == () and mv.pair.beads[1].en == (0, 1)
    up = move(mv, 0, "en", False, WHO, WHEN)
    assert up.pair.beads[0].en == (0,) and up.pair.beads[1].en == (1,)
    with pytest.raises(InputError, match="no en unit to move down"):
        move(mv, 0, "en", True)
    u = unlink(r, 3, WHO, WHEN)
    assert [x.label for x in u.pair.beads[3:5]] == ["omission", "addition"]
    with pytest.raises(InputError, match="already an omission"):
        unlink(u, 3)
    c = confirm(r, 5, True, WHO, WHEN)
    assert c.is_confirmed(c.pair.beads[5]) and c.pair.beads == r.pair.beads
    assert not confirm(c, 5, False, WHO, WHEN).confirmed
    with pytest.raises(InputError, match="no next bead"):
        merge(r, len(r.pair.beads) - 1)


def test_a_translation_supplied_for_an_omission_reaches_the_edition_and_the_tmx():
    r = sample_review()
    k = omission_index(r)
    s = supply(r, k, "Strengthen personal information protection.", WHO, WHEN)
    bead = s.pair.beads[k]
    assert s.english(bead) == "Strengthen personal information protection."
    change = next(c for c in s.edition.changes if c.message == SUPPLIED)
    nxt = next(b for b in s.pair.beads[k + 1:] if b.en)
    assert change.src_start == change.src_end == s.pair.units("en")[nxt.en[0]].start
    assert change.after == "Strengthen personal information protection. "
    assert "加强个人信息保护" in change.evidence[0]
    assert ("Strengthen personal information protection." in
            [u["en"] for u in tmx.parse(tmx.export(s))])
    # the next bead's English does not take the insertion
    assert not s.english(nxt).startswith("Strengthen")
    assert s.decided(next(f for f in s.findings if f.code == "B001")) == "translated"
    with pytest.raises(InputError, match="not an omission"):
        supply(r, 0, "x")
    assert supply(s, k, "", WHO, WHEN).supplied == {}


def test_an_english_edit_is_an_editors_change_with_its_before_and_after():
    r = sample_review()
    e = edit_english(r, 0, "Guiding Opinions on Urban Data Sharing", WHO, WHEN)
    change = next(c for c in e.edition.changes if c.code == "editor")
    assert change.before == r.en.text_of(r.pair.units("en")[0])
    assert change.after == "Guiding Opinions on Urban Data Sharing"
    assert e.english(e.pair.beads[0]) == "Guiding Opinions on Urban Data Sharing"
    assert r.en.text.content == e.en.text.content  # the source is never touched
    same = edit_english(e, 0, change.before, WHO, WHEN)  # written back as it was: no edit left
    assert same.edited == {} and not any(c.code == "editor" for c in same.edition.changes)
    with pytest.raises(InputError, match="no English unit 999"):
        edit_english(r, 999, "x")


def test_decisions_change_the_edition_and_can_be_taken_back():
    r = sample_review()
    f = next(f for f in r.findings if f.fix and f.fix.applicability == Applicability.SUGGESTED and f.side == "en")
    a = decide(r, f.fingerprint, "accept", who=WHO, when=WHEN)
    assert any(c.src_start == f.fix.start and c.after == f.fix.replacement for c in a.edition.changes)
    assert a.decided(f) == "accept"
    rep = decide(a, f.fingerprint, "replace", "my words", WHO, WHEN)
    assert any(c.after == "my words" for c in rep.edition.changes)
    none = decide(rep, f.fingerprint, None, who=WHO, when=WHEN)
    assert none.decided(f) is None and none.edition.text.content == r.edition.text.content
    assert [s.action for s in none.history] == ["accept", "replace", "undecide"]
    assert undo(none).decided(f) == "replace"
    with pytest.raises(InputError, match="no finding has fingerprint"):
        decide(r, "G001-000000000000", "reject")
    rev = mark_reviewed(r, f.fingerprint, True, WHO, WHEN)
    assert rev.decided(f) == "reviewed" and undo(rev).decided(f) is None


def test_undo_walks_back_through_every_kind_of_change():
    r = sample_review()
    f = next(f for f in r.findings if f.fix and f.side == "en")
    steps = merge(r, 0, WHO, WHEN)
    steps = decide(steps, f.fingerprint, "reject", who=WHO, when=WHEN)
    steps = edit_english(steps, 5, "Rewritten.", WHO, WHEN)
    steps = supply(steps, omission_index(steps), "Supplied.", WHO, WHEN)
    for _ in range(4):
        steps = undo(steps, WHO, WHEN)
    assert steps.pair.beads == r.pair.beads
    assert (steps.decisions, steps.edited, steps.supplied, steps.confirmed) == ({}, {}, {}, frozenset())
    assert steps.edition.text.content == r.edition.text.content
    assert [s.action for s in steps.history[-4:]] == ["undo supply", "undo edit", "undo reject", "undo merge"]


def test_bead_editing_needs_a_pair():
    with pytest.raises(InputError, match="no alignment"):
        merge(user_review(), 0)


def test_an_edit_covers_the_text_up_to_the_next_unit():
    """A stray bracket after a sentence belongs to the sentence as shown and as rewritten."""
    from ipdoc.model import Text
    from ipdoc.pipeline import align_pair, make_review
    from ipdoc.segment import segment

    zh = segment(Text("第一句。第二句。", "zh"))
    en = segment(Text("One sentence. ) Two sentences.", "en"))
    r = make_review(align_pair(zh, en))
    e = edit_english(r, 0, "The first sentence.", WHO, WHEN)
    assert e.edition.text.content == "The first sentence. Two sentences."
    assert e.english(e.pair.beads[0]) == "The first sentence."


def test_a_change_that_changes_nothing_is_not_recorded():
    r = sample_review()
    assert confirm(confirm(r, 5, True, WHO, WHEN), 5, True, WHO, WHEN).history == confirm(r, 5, True, WHO,
                                                                                          WHEN).history
    assert decide(r, r.findings[0].fingerprint, None) is r
