"""How the model's values render themselves: segmentations, alignments and change
lists as text for people and JSON for scripts (called by ``Document.to_json``,
``AlignedPair.to_text``, ``Edition.to_json`` and their siblings)."""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any

from . import __version__
from .model import CONTAINER_KINDS, AlignedPair, Document, Edition, Unit


def dumps(obj: Any) -> str:
    """Deterministic JSON: sorted keys, UTF-8 text, a final newline."""
    return json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def unit_json(doc: Document, unit: Unit) -> dict[str, Any]:
    return {
        "id": unit.id,
        "kind": unit.kind,
        "number": unit.number,
        "value": unit.value,
        "parent": unit.parent,
        "start": unit.start,
        "end": unit.end,
        "text": doc.text_of(unit),
    }


def segment_units(doc: Document, level: str) -> list[Unit]:
    """Blocks always, then sentences and clauses down to the level asked for."""
    wanted = {"block": 0, "sentence": 1, "clause": 2}[level]
    out = [u for u in doc.units if u.level == "block"]
    if wanted >= 1:
        out += doc.level("sentence")
    if wanted >= 2:
        out += doc.level("clause")
    return out


def structure_counts(doc: Document) -> dict[str, int]:
    counts = Counter(u.kind for u in doc.units)
    return {k: counts[k] for k in sorted(counts)}


def segment_json(doc: Document, level: str) -> dict[str, Any]:
    text = doc.text
    return {
        "ipdoc": __version__,
        "file": text.origin,
        "lang": text.lang,
        "encoding": text.encoding,
        "format": text.format,
        "level": level,
        "length": len(text.content),
        "counts": structure_counts(doc),
        "units": [unit_json(doc, u) for u in segment_units(doc, level)],
        "notes": [
            {"code": n.code, "unit": n.unit, "start": n.start, "end": n.end, "message": n.message,
             "expected": n.expected}
            for n in doc.notes
        ],
    }


def segment_text(doc: Document, level: str, width: int = 100) -> str:
    """An indented outline: containers with their numbers, leaves and sentences with text."""
    remarks: dict[str | None, list] = {}
    for n in doc.notes:
        if n.code in ("marker-misprinted", "sequence-break"):
            remarks.setdefault(n.unit, []).append(n)
    lines = []
    units = segment_units(doc, level)
    by_parent: dict[str | None, list[Unit]] = {}
    for u in units:
        by_parent.setdefault(u.parent, []).append(u)

    def walk(parent: str | None, d: int) -> None:
        for u in by_parent.get(parent, []):
            text = " ".join(doc.text_of(u).split())
            if u.kind in CONTAINER_KINDS:
                label = f"{u.kind} {u.number}" if u.number else u.kind
                for n in remarks.get(u.id, ()):
                    label += f" (read as {u.value})" if n.code == "marker-misprinted" else f" (expected {n.expected})"
                lines.append(f"{'  ' * d}{u.id:<5} {label}")
            else:
                room = max(20, width - 2 * d - 18)
                shown = text if len(text) <= room or u.kind in ("sentence", "clause") else text[: room - 1] + "…"
                lines.append(f"{'  ' * d}{u.id:<5} {u.kind:<11} {shown}")
            walk(u.id, d + 1)

    walk(None, 0)
    counts = structure_counts(doc)
    summary = ", ".join(f"{n} {k}" for k, n in counts.items())
    lines.append("")
    lines.append(f"{doc.text.origin}: {doc.text.lang}, {doc.text.encoding}; {summary}")
    for n in doc.notes:
        if n.code != "heading-run-in":
            line, col = doc.text.line_col(n.start)
            lines.append(f"note {line}:{col} {n.code}: {n.message}")
    run_in = sum(1 for n in doc.notes if n.code == "heading-run-in")
    if run_in:
        lines.append(f"note: {run_in} headings run on from the text before them (layout flattened)")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- alignments


def display_width(s: str) -> int:
    """Columns a string takes on a terminal (East Asian wide characters take two)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def wrap_display(s: str, width: int) -> list[str]:
    """Wrap to ``width`` terminal columns: at spaces for English, anywhere for Chinese."""
    import unicodedata

    words = re.findall(r"\S+\s*", " ".join(s.split())) if s else []
    lines: list[str] = []
    cur, cur_w = "", 0
    for word in words:
        w = display_width(word.rstrip())
        if cur and cur_w + w > width:
            lines.append(cur.rstrip())
            cur, cur_w = "", 0
        if w > width:  # a long Chinese run or a very long word: cut by columns
            for ch in word:
                cw = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
                if cur_w + cw > width:
                    lines.append(cur.rstrip())
                    cur, cur_w = "", 0
                cur += ch
                cur_w += cw
            continue
        cur += word
        cur_w += display_width(word)
    if cur.strip():
        lines.append(cur.rstrip())
    return lines or [""]


def _pad(s: str, width: int) -> str:
    return s + " " * max(0, width - display_width(s))


def side_by_side(left: str | None, right: str | None, col: int, lead: str = "     ") -> list[str]:
    """Two texts wrapped into columns of ``col`` display cells, ``—`` for a missing one; ``lead``
    opens the first line and its width of spaces the others."""
    zl = wrap_display(left, col) if left is not None else ["—"]
    el = wrap_display(right, col) if right is not None else ["—"]
    return [f"{lead if k == 0 else ' ' * len(lead)}{_pad(zl[k] if k < len(zl) else '', col)} │ "
            f"{el[k] if k < len(el) else ''}" for k in range(max(len(zl), len(el)))]


def alignment_summary(pair: AlignedPair) -> dict[str, Any]:
    beads = pair.beads
    counts = Counter(b.label for b in beads)
    paired = [b.score for b in pair.paired()]
    return {
        "zh_units": len(pair.zh_units),
        "en_units": len(pair.en_units),
        "beads": len(beads),
        "types": {k: counts[k] for k in sorted(counts)},
        "omitted_zh_units": sum(len(b.zh) for b in beads if not b.en),
        "added_en_units": sum(len(b.en) for b in beads if not b.zh),
        "mean_score": round(sum(paired) / len(paired), 4) if paired else 0.0,
        "low_confidence": sum(1 for s in paired if s < 0.5),
        "related": pair.related,
        "support": None if pair.support is None else round(pair.support, 4),
    }


def summary_line(summary: dict[str, Any]) -> str:
    t = summary["types"]
    parts = [f"{n} {k}" for k, n in sorted(t.items(), key=lambda kv: -kv[1])]
    return (f"{summary['zh_units']} zh × {summary['en_units']} en units: {', '.join(parts)}; "
            f"mean confidence {summary['mean_score']:.2f}")


def alignment_text(pair: AlignedPair, width: int = 120) -> str:
    """Pairs side by side with their scores, for a person."""
    col = max(20, (width - 14) // 2)
    out = []
    for b in pair.beads:
        head = f"{b.score:4.2f} " if b.paired else "  —  "
        ids = f"{','.join(pair.ids(b, 'zh')) or '-'} ↔ {','.join(pair.ids(b, 'en')) or '-'}"
        out.append(f"{head}{ids}  [{b.label}] {b.reason}")
        out.extend(side_by_side(" ".join(pair.texts(b, "zh")) if b.zh else None,
                                " ".join(pair.texts(b, "en")) if b.en else None, col))
        out.append("")
    out.append(summary_line(alignment_summary(pair)))
    for w in pair.warnings:
        out.append(f"warning: {w}")
    return "\n".join(out) + "\n"


def alignment_tsv(pair: AlignedPair) -> str:
    lines = ["zh_ids\ten_ids\tscore\tzh\ten"]
    for b in pair.beads:
        lines.append("\t".join([",".join(pair.ids(b, "zh")), ",".join(pair.ids(b, "en")), f"{b.score:.4f}",
                                pair.text(b, "zh"), pair.text(b, "en")]))
    return "\n".join(lines) + "\n"


def alignment_json(pair: AlignedPair) -> dict[str, Any]:
    def side(name: str) -> dict[str, Any]:
        doc = pair.doc(name)
        return {"file": doc.text.origin, "lang": doc.text.lang, "encoding": doc.text.encoding,
                "units": [{"index": k, "id": u.id, "text": doc.text_of(u), "start": u.start, "end": u.end}
                          for k, u in enumerate(pair.units(name))]}

    return {
        "ipdoc": __version__,
        "signature": pair.signature,
        "level": pair.level,
        "zh": side("zh"),
        "en": side("en"),
        "beads": [
            {"zh": list(b.zh), "en": list(b.en), "zh_ids": pair.ids(b, "zh"), "en_ids": pair.ids(b, "en"),
             "type": b.label, "score": b.score, "reason": b.reason}
            for b in pair.beads
        ],
        "summary": alignment_summary(pair),
        "warnings": list(pair.warnings),
    }


# --------------------------------------------------------------------------- change lists


def changes_json(edition: Edition) -> dict[str, Any]:
    from .checks import registry

    src = edition.source
    rules = registry()
    out = []
    for ch in edition.changes:
        line, col = src.line_col(ch.src_start)
        out.append({"code": ch.code, "rule": rules[ch.code].name if ch.code in rules else ch.code,
                    "line": line, "col": col, "source": [ch.src_start, ch.src_end],
                    "edition": [ch.out_start, ch.out_end], "before": ch.before, "after": ch.after,
                    "layout": ch.layout, "message": ch.message, "evidence": list(ch.evidence)})
    return {
        "ipdoc": __version__, "source": src.origin, "changes": out,
        "skipped": [{"code": s.finding.code, "fingerprint": s.finding.fingerprint, "start": s.finding.start,
                     "end": s.finding.end, "reason": s.reason, "rejected": s.rejected} for s in edition.skipped],
        "summary": {"applied": len(out), "layout": sum(1 for c in out if c["layout"]),
                    "edits": sum(1 for c in out if not c["layout"]), "skipped": len(edition.skipped),
                    "rejected": edition.rejected},
    }


def changes_text(edition: Edition) -> str:
    src = edition.source
    lines = []
    for ch in edition.changes:
        line, col = src.line_col(ch.src_start)
        kind = "layout" if ch.layout else "edit"
        lines.append(f"{src.origin}:{line}:{col}: {ch.code} {kind}: {ch.before!r} → {ch.after!r}")
    for s in edition.skipped:
        line, col = src.line_col(s.finding.start)
        lines.append(f"{src.origin}:{line}:{col}: {s.finding.code} not applied: {s.reason}")
    edits = edition.edits
    lines.append(f"{len(edition.changes)} changes applied ({edits} edits, {len(edition.changes) - edits} layout); "
                 f"{edition.left} left for an editor"
                 + (f", {edition.rejected} rejected by the editor" if edition.rejected else ""))
    return "\n".join(lines) + "\n"
