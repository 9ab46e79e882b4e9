"""Text and JSON renderings of segmentations for people and for scripts."""

from __future__ import annotations

import json
import re
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


def bead_kind(b) -> str:
    if not b.en:
        return "omission"
    if not b.zh:
        return "addition"
    return f"{len(b.zh)}-{len(b.en)}"


def alignment_summary(alignment, nz: int, ne: int) -> dict[str, Any]:
    counts = Counter(bead_kind(b) for b in alignment.beads)
    paired = [b.score for b in alignment.beads if b.zh and b.en]
    return {
        "zh_units": nz,
        "en_units": ne,
        "beads": len(alignment.beads),
        "types": {k: counts[k] for k in sorted(counts)},
        "omitted_zh_units": sum(len(b.zh) for b in alignment.beads if not b.en),
        "added_en_units": sum(len(b.en) for b in alignment.beads if not b.zh),
        "mean_score": round(sum(paired) / len(paired), 4) if paired else 0.0,
        "low_confidence": sum(1 for s in paired if s < 0.5),
    }


def summary_line(summary: dict[str, Any]) -> str:
    t = summary["types"]
    parts = [f"{n} {k}" for k, n in sorted(t.items(), key=lambda kv: -kv[1])]
    return (f"{summary['zh_units']} zh × {summary['en_units']} en units: {', '.join(parts)}; "
            f"mean confidence {summary['mean_score']:.2f}")


def alignment_text(alignment, zh: list[str], en: list[str], zh_ids: list[str], en_ids: list[str],
                   width: int = 120) -> str:
    """Pairs side by side with their scores, for a person."""
    col = max(20, (width - 14) // 2)
    out = []
    for b in alignment.beads:
        ztext = " ".join(zh[i] for i in b.zh)
        etext = " ".join(en[j] for j in b.en)
        zl = wrap_display(ztext, col) if b.zh else ["—"]
        el = wrap_display(etext, col) if b.en else ["—"]
        head = f"{b.score:4.2f} " if b.zh and b.en else "  —  "
        ids = f"{','.join(zh_ids[i] for i in b.zh) or '-'} ↔ {','.join(en_ids[j] for j in b.en) or '-'}"
        out.append(f"{head}{ids}  [{bead_kind(b)}] {b.reason}")
        for k in range(max(len(zl), len(el))):
            left = zl[k] if k < len(zl) else ""
            right = el[k] if k < len(el) else ""
            out.append(f"     {_pad(left, col)} │ {right}")
        out.append("")
    nz, ne = len(zh), len(en)
    out.append(summary_line(alignment_summary(alignment, nz, ne)))
    for w in alignment.warnings:
        out.append(f"warning: {w}")
    return "\n".join(out) + "\n"


def _clean(s: str) -> str:
    return " ".join(s.split())


def alignment_tsv(alignment, zh: list[str], en: list[str], zh_ids: list[str], en_ids: list[str]) -> str:
    lines = ["zh_ids\ten_ids\tscore\tzh\ten"]
    for b in alignment.beads:
        lines.append("\t".join([
            ",".join(zh_ids[i] for i in b.zh), ",".join(en_ids[j] for j in b.en), f"{b.score:.4f}",
            _clean(" ".join(zh[i] for i in b.zh)), _clean(" ".join(en[j] for j in b.en)),
        ]))
    return "\n".join(lines) + "\n"


def alignment_json(alignment, zh_doc: Document | None, en_doc: Document | None, zh: list[str], en: list[str],
                   zh_ids: list[str], en_ids: list[str], zh_spans=None, en_spans=None) -> dict[str, Any]:
    def side(doc, texts, ids, spans):
        info: dict[str, Any] = {"units": []}
        if doc is not None:
            info.update(file=doc.text.origin, lang=doc.text.lang, encoding=doc.text.encoding)
        for k, (t, uid) in enumerate(zip(texts, ids)):
            unit = {"index": k, "id": uid, "text": t}
            if spans is not None:
                unit["start"], unit["end"] = spans[k]
            info["units"].append(unit)
        return info

    return {
        "ipdoc": __version__,
        "signature": alignment.signature,
        "level": alignment.level,
        "zh": side(zh_doc, zh, zh_ids, zh_spans),
        "en": side(en_doc, en, en_ids, en_spans),
        "beads": [
            {"zh": list(b.zh), "en": list(b.en), "zh_ids": [zh_ids[i] for i in b.zh],
             "en_ids": [en_ids[j] for j in b.en], "type": bead_kind(b), "score": b.score, "reason": b.reason}
            for b in alignment.beads
        ],
        "summary": alignment_summary(alignment, len(zh), len(en)),
        "warnings": list(alignment.warnings),
    }
