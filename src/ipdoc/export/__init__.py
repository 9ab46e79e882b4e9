"""Exports: what the alignment and the checks produce, in the formats people open.

Each exporter is a function from a :class:`~ipdoc.review.Review` to bytes;
:func:`exporters` maps the ``--to`` names to them. Every format is
deterministic: the same review gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..model import Bead, Document, Finding, Unit
from ..review import Review


def regions(doc: Document, units: Sequence[Unit]) -> list[tuple[int, int]]:
    """Display spans that tile the text: each unit with the gap after it (trailing
    whitespace trimmed), so text between units — a stray bracket — is shown too."""
    content = doc.text.content
    out = []
    for k, u in enumerate(units):
        end = units[k + 1].start if k + 1 < len(units) else len(content)
        start = 0 if k == 0 else u.start
        while end > u.end and content[end - 1].isspace():
            end -= 1
        while start < u.start and content[start].isspace():
            start += 1
        out.append((start, end))
    return out


def findings_by_unit(b: Review, side: str, spans: Sequence[tuple[int, int]] | None = None) -> dict[int, list[Finding]]:
    """Findings of one side grouped by the units (at the review's level) they touch; ``spans``:
    other spans for the units (such as their display :func:`regions`)."""
    import bisect

    if spans is None:
        spans = [(u.start, u.end) for u in b.units(side)]
    starts = [s for s, _ in spans]
    out: dict[int, list[Finding]] = {}
    for f in b.findings:
        if f.side != side:
            continue
        k = max(0, bisect.bisect_right(starts, f.start) - 1)
        while k < len(spans) and spans[k][0] < max(f.end, f.start + 1):
            if spans[k][1] > f.start or (f.start == f.end and spans[k][1] >= f.start):
                out.setdefault(k, []).append(f)
            k += 1
    return out


def bead_findings(bead: Bead, index: dict[str, dict[int, list[Finding]]]) -> list[Finding]:
    """The findings that fall in a bead's units, each once, in text order."""
    seen: dict[str, Finding] = {}
    for side, units in (("zh", bead.zh), ("en", bead.en)):
        for k in units:
            for f in index[side].get(k, ()):
                seen.setdefault(f.fingerprint, f)
    return sorted(seen.values(), key=lambda f: (f.side != "en", f.start, f.code))


def exporters() -> dict[str, tuple[Callable[[Review], bytes], str]]:
    """``--to`` name -> (function, file suffix)."""
    from . import docx_clean, docx_review, project, tei, tmx, xliff

    return {
        "docx": (docx_review.export, ".review.docx"),
        "docx-clean": (docx_clean.export, ".clean.docx"),
        "tmx": (tmx.export, ".tmx"),
        "xliff": (xliff.export, ".xlf"),
        "xml": (project.export_xml, ".ipdoc.xml"),
        "json": (project.export_json, ".ipdoc.json"),
        "tei": (tei.export, ".tei.xml"),
        "docx-final": (docx_clean.export_final, ".final.docx"),
    }
