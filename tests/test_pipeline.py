"""The service functions: reading, the subject of a check, reviews, and ``run``'s stages."""

from __future__ import annotations

import pytest

from conftest import SAMPLE_EN, SAMPLE_ZH, USER_EN
from helpers import sample_review
from ipdoc.errors import InputError
from ipdoc.export.project import export_xml
from ipdoc.model import AlignedPair, Document
from ipdoc.pipeline import (
    check,
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
