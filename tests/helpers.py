"""Running checks on the shipped texts and on small texts written for a test."""

from __future__ import annotations

from collections import Counter
from functools import cache

from conftest import SAMPLE_EN, SAMPLE_ZH, USER_EN
from ipdoc.model import Text
from ipdoc.pipeline import check_documents, load, make_review
from ipdoc.segment import segment


@cache
def user_findings():
    return check_documents(load(USER_EN, "en"))


@cache
def sample_findings():
    return check_documents(load(SAMPLE_EN, "en"), load(SAMPLE_ZH, "zh"))


def findings_on(en: str, zh: str | None = None, select=()):
    en_doc = segment(Text(en, "en"))
    zh_doc = segment(Text(zh, "zh")) if zh is not None else None
    return list(check_documents(en_doc, zh_doc, select=list(select)).findings)


def by_code_text(checked, codes=None) -> Counter:
    out: Counter = Counter()
    for f in checked.findings:
        if codes is None or f.code in codes:
            doc = checked.zh if f.side == "zh" else checked.en
            out[(f.code, doc.text.content[f.start:f.end])] += 1
    return out


@cache
def sample_review():
    return make_review(sample_findings().pair, name="sample")


@cache
def user_review():
    return make_review(load(USER_EN, "en"), name="user")


def bead_pairs(review) -> list[tuple[str, str]]:
    """(Chinese, corrected English) of every bead with both sides, whitespace collapsed."""
    pair = review.pair
    return [(pair.text(b, "zh"), review.english(b)) for b in pair.paired()]


def soffice():
    import shutil

    return shutil.which("soffice")


def to_odt(path, tmp_path):
    """Convert with LibreOffice (headless); return content.xml of the ODT."""
    import subprocess
    import zipfile

    out = tmp_path / "odt"
    out.mkdir(exist_ok=True)
    profile = tmp_path / "lo-profile"
    subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "odt",
                    "--outdir", str(out), str(path)], check=True, capture_output=True, timeout=600)
    odt = out / (path.stem + ".odt")
    with zipfile.ZipFile(odt) as zf:
        return zf.read("content.xml").decode("utf-8")
