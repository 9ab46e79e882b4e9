"""The service functions: reading, the subject of a check, reviews, and ``run``'s stages."""

from __future__ import annotations

from dataclasses import replace

import pytest

from conftest import SAMPLE_EN, SAMPLE_ZH, USER_EN
from helpers import sample_review
from ipdoc.batch import run_jobs
from ipdoc.errors import InputError
from ipdoc.export.project import export_xml
from ipdoc.model import AlignedPair, Document
from ipdoc.pipeline import (
    check,
    discover,
    make_review,
    open_subject,
    parse_pins,
    review_for_export,
    split_codes,
)


def test_open_subject_is_the_english_or_the_aligned_pair_or_a_stored_review(tmp_path):
    subject, stored = open_subject(USER_EN)
    assert isinstance(subject, Document) and stored is None
    subject, stored = open_subject(SAMPLE_EN, SAMPLE_ZH)
    assert isinstance(subject, AlignedPair) and stored is None
    proj = tmp_path / "p.ipdoc.xml"
    proj.write_bytes(export_xml(sample_review()))
    subject, stored = open_subject(proj)
    assert isinstance(subject, AlignedPair) and stored is not None
    assert subject.beads == sample_review().pair.beads  # stored, not re-aligned
    with pytest.raises(InputError, match="either a project file or the texts"):
        open_subject(proj, SAMPLE_ZH)


def test_review_for_export_uses_the_stored_review_unless_asked_to_recheck(tmp_path):
    proj = tmp_path / "p.ipdoc.xml"
    proj.write_bytes(export_xml(sample_review()))
    stored = review_for_export(None, project=proj)
    assert stored.findings == sample_review().findings and stored.name == "sample"
    assert review_for_export(None, project=proj, reviewed={"X001-000000000000"}).reviewed >= {"X001-000000000000"}


def test_make_review_checks_and_fixes():
    subject, _ = open_subject(USER_EN)
    review = make_review(subject, name="user")
    assert review.pair is None and review.level == "sentence" and review.name == "user"
    assert review.edition.edits > 0 and len(review.units("en")) > 100 and review.units("zh") == ()
    assert review.findings == check(subject).findings


def test_small_helpers():
    assert split_codes(["G,P001", " T ", ""]) == ["G", "P001", "T"]
    assert parse_pins(["zh:1=en:2", "3 4", "# note", ""]) == [(1, 2), (3, 4)]
    with pytest.raises(InputError, match="not a pin"):
        parse_pins(["one=two"])


def test_realign_keeps_confirmed_beads_and_pins_exactly():
    from ipdoc.pipeline import realign, realigned_beads
    from ipdoc.review import confirm, merge, set_pins

    r = sample_review()
    # an editor's bead the aligner would never make: rows 4 to 6 as one 3-3 bead, confirmed
    made = merge(merge(r, 4, "ed", "t"), 4, "ed", "t")
    made = confirm(made, 10, True, "ed", "t")
    kept = {(b.zh, b.en) for b in made.pair.beads if made.is_confirmed(b)}
    again = realign(made, who="ed")
    assert kept <= {(b.zh, b.en) for b in again.pair.beads}
    assert again.history[-1].action == "realign"
    # everything else is as a fresh alignment has it
    fresh = {(b.zh, b.en) for b in r.pair.beads}
    assert all((b.zh, b.en) in fresh for b in again.pair.beads if (b.zh, b.en) not in kept)
    # a pin the aligner follows, and a pin crossing a confirmed bead is refused
    pinned = realign(set_pins(r, [(0, 1)], "ed", "t"))
    assert any(0 in b.zh and 1 in b.en for b in pinned.pair.beads)
    with pytest.raises(InputError, match="crosses a confirmed bead"):
        realigned_beads(made.pair, made.confirmed, [(5, 30)])


def test_apply_decisions_records_them_and_gives_an_omission_its_translation():
    from ipdoc.fix import parse_decisions
    from ipdoc.pipeline import apply_decisions

    r = sample_review()
    omitted = next(f for f in r.findings if f.code == "B001")
    safe = next(f for f in r.findings if f.fix and f.fix.applicability == "safe" and f.side == "en")
    text = f"{safe.fingerprint} reject\n{omitted.fingerprint} replace Personal data will be protected.\n"
    done = apply_decisions(r, parse_decisions(text, "d.txt"), "d.txt", "ed")
    assert done.decisions[safe.fingerprint].action == "reject" and done.edition.rejected == 1
    assert list(done.supplied.values()) == ["Personal data will be protected."]
    assert [s.action for s in done.history] == ["reject", "supply"]
    with pytest.raises(InputError, match=r"d\.txt: line 1: no finding has fingerprint"):
        apply_decisions(r, parse_decisions("G001-0123456789ab reject", "d.txt"), "d.txt")


def test_change_checks_its_arguments_and_rechecks_after_bead_edits():
    from ipdoc.pipeline import change

    r = sample_review()
    for action, args, message in (("merge", {}, "missing 'bead'"), ("merge", {"bead": "1"}, "'bead' must be int"),
                                  ("merge", {"bead": True}, "'bead' must be int"), ("fly", {}, "unknown action"),
                                  ("move", {"bead": 1, "side": "xx", "down": True}, "side must be zh or en")):
        with pytest.raises(InputError, match=message):
            change(r, action, args, "ed")
    k = next(k for k, b in enumerate(r.pair.beads) if not b.en)
    merged = change(r, "merge", {"bead": k - 1}, "ed")  # the omission joins the bead before it
    assert not any(f.code == "B001" for f in merged.findings)  # the bilingual rules ran again
    assert any(f.code == "B001" for f in change(merged, "undo", {}, "ed").findings)


def test_run_keeps_the_editors_work_of_the_last_run(tmp_path):
    from ipdoc.pipeline import load_project, previous_project, process
    from ipdoc.review import confirm, edit_english

    src = tmp_path / "src"
    src.mkdir()
    (src / "a.zh.txt").write_bytes(SAMPLE_ZH.read_bytes())
    (src / "a.en.txt").write_bytes(SAMPLE_EN.read_bytes())
    job = discover(src)[0]
    out = tmp_path / "out"
    (result,) = run_jobs([job], out, force=True)
    assert (out / "a" / "report.html").exists() and "report.html" in result.files
    proj = out / "a" / "a.ipdoc.xml"
    work = edit_english(confirm(load_project(proj), 3, True, "ed", "t"), 0, "A new title", "ed", "t")
    from ipdoc.export.project import export_json

    (out / "a" / "a.ipdoc.json").write_bytes(export_json(work))  # an editor served the JSON
    assert previous_project(out / "a", "a")[0].name == "a.ipdoc.json"
    run_jobs([job], out, force=True)
    again = load_project(proj)
    assert again.edited == {0: "A new title"} and again.confirmed == work.confirmed
    assert again.history[:2] == work.history
    assert "A new title" in (out / "a" / "edition.en.txt").read_text(encoding="utf-8")
    # the English changed: the unit edits cannot follow, and the last project is kept beside
    (src / "a.en.txt").write_text(SAMPLE_EN.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    outputs = process(replace(job, previous=out / "a"))
    assert any(name.startswith("a.previous.ipdoc.") for name in outputs.files)
    assert any("texts changed since the last run" in line for line in outputs.summary)


def test_run_takes_decisions_and_pins_for_one_document_only(tmp_path):
    from typer.testing import CliRunner

    from ipdoc.cli import app

    src = tmp_path / "src"
    src.mkdir()
    (src / "a.en.txt").write_bytes(SAMPLE_EN.read_bytes())
    (src / "b.en.txt").write_bytes(SAMPLE_EN.read_bytes())
    pins = tmp_path / "pins.txt"
    pins.write_text("zh:0=en:0\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["run", "--source", str(src), "--out", str(tmp_path / "out"), "--pins", str(pins)])
    assert r.exit_code == 2 and "one document" in r.output


def test_a_glossary_rechecks_a_stored_review_and_keeps_its_work(tmp_path):
    from ipdoc.review import edit_english, merge

    work = edit_english(merge(sample_review(), 0, "ed", "t"), 3, "Rewritten.", "ed", "t")
    proj = tmp_path / "p.ipdoc.xml"
    proj.write_bytes(export_xml(work))
    glossary = tmp_path / "g.csv"
    glossary.write_text("数据共享,data sharing\n", encoding="utf-8")
    again = review_for_export(None, project=proj, glossaries=[glossary])
    assert again.pair.beads == work.pair.beads and again.edited == work.edited and again.history == work.history
    assert "Rewritten." in again.edition.text.content
