"""Text and JSON renderings of segmentations for people and for scripts."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from . import __version__
from .model import CONTAINER_KINDS, Document, Unit


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
    depth: dict[str, int] = {}
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
            depth[u.id] = d
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
