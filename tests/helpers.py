"""Running checks on the shipped texts and on small texts written for a test."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from conftest import SAMPLE_EN, SAMPLE_ZH, USER_EN
from ipdoc.model import Text
from ipdoc.pipeline import check_documents, load
from ipdoc.segment import segment


@lru_cache(maxsize=None)
def user_findings():
    return check_documents(load(USER_EN, "en"))


@lru_cache(maxsize=None)
def sample_findings():
    return check_documents(load(SAMPLE_EN, "en"), load(SAMPLE_ZH, "zh"))


def findings_on(en: str, zh: str | None = None, select=()):
    en_doc = segment(Text(en, "en"))
    zh_doc = segment(Text(zh, "zh")) if zh is not None else None
    return check_documents(en_doc, zh_doc, select=list(select)).findings


def by_code_text(checked, codes=None) -> Counter:
    out: Counter = Counter()
    for f in checked.findings:
        if codes is None or f.code in codes:
            doc = checked.zh if f.side == "zh" else checked.en
            out[(f.code, doc.text.content[f.start:f.end])] += 1
    return out
