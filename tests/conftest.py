"""Shared paths and fixtures: the shipped texts and, when present, ../shared/eval."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Tests never write to the user's cache: the compiled dictionary goes to a folder of
# this test session (set before ipdoc reads it for the first time).
os.environ["IPDOC_CACHE"] = tempfile.mkdtemp(prefix="ipdoc-test-cache-")

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "source_texts"
USER_EN = SOURCE / "internet-plus-guiding-opinions.en.txt"
SAMPLE_ZH = SOURCE / "urban-data-sharing-sample.zh.txt"
SAMPLE_EN = SOURCE / "urban-data-sharing-sample.en.txt"
SAMPLE_GOLD = ROOT / "alignments" / "urban-data-sharing-sample.gold"
SHARED = ROOT.parent / "shared"
MAC = SHARED / "eval" / "mac-test"


def mac_chapters() -> list[str]:
    if not MAC.is_dir():
        return []
    return sorted(p.stem for p in MAC.glob("*.gold"))


@pytest.fixture
def mac():
    """The MAC-Test folder, or a clean skip when ../shared/eval is absent."""
    if not mac_chapters():
        pytest.skip("../shared/eval/mac-test is not present")
    return MAC
