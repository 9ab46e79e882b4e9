"""Proof by looking: every DOCX of both shipped documents is printed to PDF by LibreOffice
once per session, and the PDFs are read back with poppler's tools (pdftotext, pdftohtml):
the Chinese is there and set in a CJK font, titles are centred, comments and tracked
changes survive, pages are A4 and numbered."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from helpers import sample_review, soffice, user_review
from ipdoc.export import docx_clean, docx_review

pytestmark = pytest.mark.skipif(
    soffice() is None or shutil.which("pdftotext") is None or shutil.which("pdftohtml") is None,
    reason="LibreOffice and poppler-utils are not installed; .ci/run installs them")

# PDF export with the comments as PDF annotations (LibreOffice 7.4 and later read JSON filter options)
PDF_FILTER = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'
CJK_FONT = re.compile(r"CJK|Song|Sim|Han|Ming|Hei|Kai|Fang|宋|黑", re.IGNORECASE)
HAN = re.compile(r"[\u4e00-\u9fff]")
CM_PER_PT = 2.54 / 72


def _reviews():
    return {"sample": sample_review(), "user": user_review()}


def _exports():
    return {"review": docx_review.export, "clean": docx_clean.export, "final": docx_clean.export_final}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    """``NAME.KIND`` -> the PDF LibreOffice printed from that DOCX (one conversion for all six)."""
    folder = tmp_path_factory.mktemp("pdf")
    docs = []
    for name, b in _reviews().items():
        for kind, export in _exports().items():
            path = folder / f"{name}.{kind}.docx"
            path.write_bytes(export(b))
            docs.append(str(path))
    profile = folder / "lo-profile"
    subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", PDF_FILTER,
                    "--outdir", str(folder), *docs], check=True, capture_output=True, timeout=900)
    return {p.stem: p for p in folder.glob("*.pdf")}


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def _fragments(pdf: Path, first: int | None = None, last: int | None = None):
    """(page element, text, font family, size, left, width) of every text fragment poppler sees."""
    cmd = ["pdftohtml", "-xml", "-i", "-stdout", "-zoom", "1"]
    cmd += [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else []), str(pdf)]
    xml = subprocess.run(cmd, check=True, capture_output=True).stdout
    root = etree.fromstring(xml, etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False))
    fonts: dict[str, tuple[str, float]] = {}
    for page in root.iter("page"):
        for spec in page.iter("fontspec"):
            fonts[spec.get("id")] = (spec.get("family"), float(spec.get("size")))
        for t in page.iter("text"):
            family, size = fonts[t.get("font")]
            yield page, "".join(t.itertext()), family, size, float(t.get("left")), float(t.get("width"))


def _annotations(pdf: Path) -> list[str]:
    """The texts of the PDF's comment annotations (LibreOffice writes them as uncompressed objects)."""
    data = pdf.read_bytes()
    out = []
    for m in re.finditer(rb"/Subtype\s*/Text\b(.{0,400}?)/Contents\s*<([0-9A-Fa-f]+)>", data, re.DOTALL):
        out.append(bytes.fromhex(m.group(2).decode()).decode("utf-16"))
    return out


def test_chinese_is_printed_in_a_cjk_font_with_no_missing_glyph(pdfs):
    for key in ("sample.review", "sample.clean", "sample.final"):
        han = [(text, family) for _p, text, family, *_ in _fragments(pdfs[key]) if HAN.search(text)]
        assert han, key
        assert [h for h in han if not CJK_FONT.search(h[1])] == [], key  # a Latin face would show boxes
    text = _text(pdfs["sample.review"])
    for passage in ("加强个人信息保护", "一、总体要求", "（一）指导思想。"):
        assert passage in text
    assert "政务数据" in _text(pdfs["sample.final"])  # left untranslated in the English: still legible


def test_titles_are_centred(pdfs):
    for key, pdf in pdfs.items():
        page1 = list(_fragments(pdf, 1, 1))
        page = page1[0][0]
        width = float(page.get("width"))
        landscape = width > float(page.get("height"))
        size = max(f[3] for f in page1)
        title = [f for f in page1 if f[3] == size]
        cm = width / (29.7 if landscape else 21.0)
        left, right = (1.5, 1.5) if key.endswith("review") and landscape else (2.8, 2.6)
        centre = (left * cm + width - right * cm) / 2
        for _p, text, _family, _size, x, w in title:
            assert abs(x + w / 2 - centre) < 0.3 * cm, (key, text)
        assert any(x > left * cm + cm for *_, x, _w in title), key  # a line shorter than the page is not flush left


def test_comments_survive_as_annotations(pdfs):
    for name, b in _reviews().items():
        review = _annotations(pdfs[f"{name}.review"])
        assert len(review) == len(b.findings), name
        assert sum("To do: " in a for a in review) == sum(f.fix is not None for f in b.findings)
        clean = _annotations(pdfs[f"{name}.clean"])
        assert len(clean) == sum(1 for c in b.edition.changes if not c.layout)
        assert _annotations(pdfs[f"{name}.final"]) == []


def test_tracked_changes_are_printed_and_the_final_copy_has_them_made(pdfs):
    clean, final = _text(pdfs["user.clean"]), _text(pdfs["user.final"])
    # the date line rewritten in English order: the deleted and the inserted text, both shown
    assert "20 15 July 1" in clean and "July 1, 2015" in clean
    assert "20 15 July 1" not in final and "July 1, 2015" in final
    assert "(3) lay" not in final and "3. Lay a solid industrial foundation." in final


def test_pages_are_a4_and_numbered(pdfs):
    for key, pdf in pdfs.items():
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
        w, h = (float(v) for v in re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
        assert sorted((round(w * CM_PER_PT, 1), round(h * CM_PER_PT, 1))) == [21.0, 29.7], key
        pages = _text(pdf).split("\f")[:-1]
        assert len(pages) > 1, key
        for n, page in enumerate(pages, 1):
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            assert lines[-1] == str(n), (key, n)
