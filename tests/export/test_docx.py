from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest

from conftest import MAC, mac_chapters
from helpers import sample_review, soffice, to_odt, user_review
from ipdoc.export import docx_clean, docx_review

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _xml(data: bytes, member: str = "word/document.xml") -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(member).decode("utf-8")


def test_review_has_one_comment_per_finding_and_east_asian_fonts():
    b = sample_review()
    data = docx_review.export(b)
    d = docx.Document(io.BytesIO(data))
    assert len(d.comments) == len(b.findings)
    texts = [c.text for c in d.comments]
    assert any(t.startswith("G001 garbled-placeholder") and "overall character" in t for t in texts)
    xml = _xml(data)
    assert 'w:eastAsia="SimSun"' in xml and "加强个人信息保护" in xml
    assert 'w:fill="E2F0D9"' in xml and 'w:fill="D9D9D9"' in xml  # confidence shading, omission grey
    assert "w:date" not in _xml(data, "word/comments.xml")


def test_review_is_deterministic_and_monolingual_mode_works():
    assert docx_review.export(sample_review()) == docx_review.export(sample_review())
    b = user_review()
    d = docx.Document(io.BytesIO(docx_review.export(b)))
    assert len(d.comments) == len(b.findings)
    assert any(p.style.name == "Heading 2" for p in d.paragraphs)


def _expected_revisions(b) -> int:
    return sum(bool(c.before) + bool(c.after) for c in b.edition.changes if not c.layout)


def test_clean_edition_tracks_every_correction():
    b = user_review()
    data = docx_clean.export(b)
    xml = _xml(data)
    assert len(re.findall(r"<w:ins ", xml)) + len(re.findall(r"<w:del ", xml)) == _expected_revisions(b)
    assert 'w:author="ipdoc"' in xml
    d = docx.Document(io.BytesIO(data))
    assert len(d.comments) == sum(1 for c in b.edition.changes if not c.layout)
    safe_rules = {"G002", "N001", "N002", "N005", "P002", "C002", "C004", "C006"}
    assert all(c.text.split(":")[0] in safe_rules for c in d.comments)
    styles = {p.style.name for p in d.paragraphs}
    assert {"Title", "Heading 2", "Heading 3", "ipdoc Attribution", "ipdoc Signature", "ipdoc Date"} <= styles


def test_accept_all_is_the_edition_without_revisions():
    b = user_review()
    data = docx_clean.export(b, accept_all=True)
    xml = _xml(data)
    assert "<w:ins " not in xml and "<w:del " not in xml
    d = docx.Document(io.BytesIO(data))
    joined = " ".join(" ".join(p.text.split()) for p in d.paragraphs)
    assert joined == " ".join(b.edition.text.content.split())


needs_lo = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it")


@needs_lo
def test_libreoffice_reads_comments_changes_and_chinese(tmp_path):
    b = sample_review()
    review = tmp_path / "review.docx"
    review.write_bytes(docx_review.export(b))
    content = to_odt(review, tmp_path)
    assert content.count("<office:annotation ") == len(b.findings)
    assert "加强个人信息保护，严厉打击非法获取和买卖数据行为。" in content
    clean = tmp_path / "clean.docx"
    clean.write_bytes(docx_clean.export(b))
    content = to_odt(clean, tmp_path)
    assert content.count("<text:changed-region ") == _expected_revisions(b)
    assert content.count("<office:annotation ") == sum(1 for c in b.edition.changes if not c.layout)


@needs_lo
def test_large_joined_corpus_opens_in_libreoffice(tmp_path):
    if not mac_chapters():
        pytest.skip("../shared/eval/mac-test is not present")
    from ipdoc.model import Text
    from ipdoc.pipeline import align_pair, make_review
    from ipdoc.segment import segment

    stems = mac_chapters()
    zh = "".join((MAC / f"{s}.zh").read_text(encoding="utf-8") for s in stems)
    en = "".join((MAC / f"{s}.en").read_text(encoding="utf-8") for s in stems)
    b = make_review(align_pair(segment(Text(zh, "zh"), presegmented=True), segment(Text(en, "en"), presegmented=True)))
    path = tmp_path / "joined.docx"
    path.write_bytes(docx_review.export(b))
    content = to_odt(path, tmp_path)
    assert content.count("<office:annotation ") == len(b.findings)
    assert content.count("<table:table-row") > len(b.pair.beads)
