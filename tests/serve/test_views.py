"""The review page's views, checked on the static report with lxml: rows, map marks,
findings, paging, and nothing that reaches outside the file."""

from __future__ import annotations

import itertools
import re

from lxml import html

from helpers import sample_review, user_review
from ipdoc.review import edit_english, supply
from ipdoc.serve import views


def _page(review):
    return html.fromstring(views.report(review))


def test_the_report_holds_every_row_mark_and_finding():
    r = sample_review()
    page = _page(r)
    rows = page.xpath('//div[contains(concat(" ", @class, " "), " row ")]')
    assert [int(x.get("data-b")) for x in rows] == list(range(len(r.pair.beads)))
    marks = page.xpath('//*[local-name()="line" and contains(@class, "mk")]')
    assert len(marks) == len(r.pair.beads)
    assert {m.get("class").split()[1] for m in marks} >= {"b-ok", "b-omission", "b-addition"}
    items = page.xpath('//li[contains(concat(" ", @class, " "), " fi ")]')
    assert sorted(li.get("data-fp") for li in items) == sorted(f.fingerprint for f in r.findings)
    ticks = page.xpath('//*[local-name()="line" and contains(@class, "tk")]')
    assert len(ticks) == len(r.findings)
    # every finding is highlighted on its span in a row, and listed under it
    for f in r.findings:
        assert page.xpath(f'//mark[contains(@data-fps, "{f.fingerprint}")]'), f.code
        assert page.xpath(f'//li[contains(@class, "rfi") and @data-fp="{f.fingerprint}"]'), f.code
    # the side-by-side cells hold the texts
    first = rows[0]
    assert first.xpath('string(.//div[@class="zh"])').strip().startswith("关于推进城市数据共享服务")
    assert "Guiding Opinions" in first.xpath('string(.//div[@class="en"])')
    assert "heading" in rows[0].get("class")  # the title


def test_the_report_is_self_contained_and_read_only():
    data = views.report(sample_review()).decode("utf-8")
    page = html.fromstring(data)
    for el in page.iter():
        for attr in ("src", "href", "action", "formaction", "data"):
            value = el.get(attr)
            assert value is None or value.startswith(("data:", "#")), (el.tag, attr, value)
    assert not re.search(r"url\(\s*['\"]?(?!data:)", data)
    assert not re.search(r"https?://", data.replace("http://www.w3.org/2000/svg", ""))
    assert "default-src 'none'" in data  # the browser may load nothing
    assert not page.xpath("//button[@data-act or @data-dec]")  # no editing controls
    assert ".grp > summary" in page.xpath("string(//style)")  # inlined as it is, not escaped
    assert "(el || document).querySelector(sel)" in page.xpath("string(//script)")


def test_a_text_alone_shows_its_sentences_and_findings():
    r = user_review()
    page = _page(r)
    rows = page.xpath('//div[contains(concat(" ", @class, " "), " row ")]')
    assert len(rows) == len(r.units("en"))
    assert len(page.xpath('//li[contains(concat(" ", @class, " "), " fi ")]')) == len(r.findings)


def test_long_documents_are_paged_at_their_parts(monkeypatch):
    monkeypatch.setattr(views, "PAGE", 10)
    r = sample_review()
    view = views.View(r)
    pages = view.pages
    assert len(pages) > 2 and pages[0].first == 0 and pages[-1].last == len(r.pair.beads) - 1
    assert all(p.last - p.first < 10 for p in pages)
    assert all(a.last + 1 == b.first for a, b in itertools.pairwise(pages))
    # a page starts where part II begins
    part_two = next(k for k, b in enumerate(r.pair.beads) if b.en and "II. Key Tasks" in r.pair.text(b, "en"))
    assert part_two in {p.first for p in pages}
    assert any("II. Key Tasks" in p.title for p in pages)
    page = _page(r)
    sections = page.xpath('//section[@class="page"]')
    assert len(sections) == len(pages) and all(s.get("hidden") is not None for s in sections[1:])


def test_edits_and_supplied_translations_are_shown_as_changes():
    r = sample_review()
    k = next(k for k, b in enumerate(r.pair.beads) if not b.en)
    done = edit_english(supply(r, k, "Given English.", "ed", "t"), 0, "New title", "ed", "t")
    page = _page(done)
    row0 = page.xpath('//div[@id="b0"]')[0]
    assert row0.xpath("string(.//ins)") == "New title" and "Guiding" in row0.xpath("string(.//del)")
    assert page.xpath(f'string(//div[@id="b{k}"]//span[@class="supplied"])') == "Given English."
    nxt = page.xpath(f'//div[@id="b{k + 1}"]')[0]
    assert "Given English." not in nxt.xpath("string(.)")


def test_pieces_tile_the_text_with_marks_deletions_and_insertions():
    from ipdoc.model import Change, Finding

    content = "one two, ok"
    f = Finding("P006", "x", "warning", "en", 7, 7, "m", fingerprint="P006-000000000001")
    g = Finding("G001", "x", "error", "en", 4, 8, "m", fingerprint="G001-000000000002")
    c = Change("P006", 3, 4, 3, 3, " ", "", "m")
    pcs = views.pieces(content, 0, len(content), [f, g], [c])
    assert "".join(p.text for p in pcs if p.kind != "ins") == content
    assert [p.kind for p in pcs if p.kind] == ["del", "caret"]
    assert next(p for p in pcs if p.text == "two").fps == "G001-000000000002"


def test_the_clauses_of_a_row_carry_the_same_numbers_and_colours_as_in_the_review_docx():
    from ipdoc.align.clauses import clauses_of
    from ipdoc.export.docx_review import NO_COUNTERPART, clause_marks

    r = sample_review()
    ca = clauses_of(r.pair)
    page = _page(r)
    rows = page.xpath('//div[contains(concat(" ", @class, " "), " row ")]')
    numbered = 0
    for k, row in enumerate(rows):
        want = clause_marks(ca, k)
        for side in ("zh", "en"):
            sups = row.xpath(f'.//div[@class="{side}"]//sup[contains(@class, "cl")]')
            assert [s.text for s in sups] == [label for _, (label, _) in sorted(want[side].items())]
            # a marker's number is on its clause's text, and the text of a row is the clauses' texts in order
            for s in sups:
                assert (s.get("data-cl") is None) == (s.text == NO_COUNTERPART)
        zh = {s.get("data-cl") for s in row.xpath('.//div[@class="zh"]//*[@data-cl]')}
        en = {s.get("data-cl") for s in row.xpath('.//div[@class="en"]//*[@data-cl]')}
        assert zh == en  # every number has its counterpart on the other side
        numbered += bool(zh)
        # one number, one colour
        colours = {}
        for s in row.xpath('.//sup[contains(@class, "cl")][@data-cl]'):
            assert colours.setdefault(s.get("data-cl"), s.get("class")) == s.get("class")
    assert numbered > 10
    row = next(x for x in rows if "坚持以人民为中心" in x.xpath('string(.//div[@class="zh"])'))
    first = "".join(row.xpath('.//div[@class="en"]//span[@data-cl="1"]//text()'))
    assert first.strip() == "Adhere to the people-centred development philosophy,"
    assert "坚持以人民为中心的发展思想" in "".join(row.xpath('.//div[@class="zh"]//span[@data-cl="1"]//text()'))


def test_compiled_templates_are_kept_in_the_cache_and_a_cache_that_cannot_be_made_is_skipped(monkeypatch, tmp_path):
    import os
    from pathlib import Path

    views.env().get_template("rows.html")
    kept = Path(os.environ["IPDOC_CACHE"]) / "ipdoc" / "templates"
    assert any(kept.iterdir())
    monkeypatch.setenv("IPDOC_CACHE", str(tmp_path))
    (tmp_path / "ipdoc").write_text("a file where the cache folder goes")
    monkeypatch.setattr(views, "_ENV", None)
    assert b"<!DOCTYPE html>" in views.report(sample_review())
