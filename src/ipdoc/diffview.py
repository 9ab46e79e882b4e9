"""Renderings of a version diff and of scores: terminal text, a self-contained HTML
page, JSON with stable keys."""

from __future__ import annotations

import html
from typing import Any

from . import __version__
from .diff import Diff, Op
from .score import Score, Segment, unit_chrf

_RED, _GREEN, _DIM, _BOLD, _OFF = "\x1b[31m", "\x1b[32m", "\x1b[2m", "\x1b[1m", "\x1b[0m"
_MARK = {"unchanged": "=", "changed": "~", "inserted": "+", "deleted": "-", "split": "<", "merged": ">", "moved": "↷"}


def _ids(prefix: str, units) -> str:
    return ",".join(f"{prefix}{k}" for k in units) or "-"


def _inline(d: Diff, op: Op, color: bool) -> str:
    """The B text of an op with its edits marked: [-old-]{+new+} (or colours)."""
    content_a, content_b = d.a.text.content, d.b.text.content
    spans = [d.b_units[j] for j in op.b]
    if not spans:
        return ""
    out = []
    pos = spans[0][0]
    end = spans[-1][1]
    for e in sorted(op.edits, key=lambda e: (e.b_start, e.a_start)):
        out.append(content_b[pos:e.b_start])
        old = " ".join(content_a[e.a_start:e.a_end].split())
        new = content_b[e.b_start:e.b_end]
        if old:
            out.append(f"{_RED}{old}{_OFF}" if color else f"[-{old}-]")
        if new:
            out.append(f"{_GREEN}{new}{_OFF}" if color else f"{{+{new}+}}")
        pos = max(pos, e.b_end)
    out.append(content_b[pos:end])
    return " ".join("".join(out).split())


def summary(d: Diff, scores: list[Score]) -> dict[str, Any]:
    counts = d.counts()
    edits = sum(len(op.edits) for op in d.ops)
    return {"identical": d.identical, "units_a": len(d.a_units), "units_b": len(d.b_units), "counts": counts,
            "edits": edits, "layout": len(d.layout),
            "scores": {s.name: {"score": s.score, "signature": s.signature} for s in scores}}


def summary_line(d: Diff, scores: list[Score], color: bool = False) -> str:
    counts = d.counts()
    parts = [f"{n} {k}" for k, n in counts.items() if n and k != "unchanged"]
    parts.append(f"{counts['unchanged']} unchanged")
    if d.layout:
        parts.append(f"{len(d.layout)} layout")
    sc = ", ".join(f"{s.name} {s.score:.2f}" for s in scores)
    line = f"{'identical' if d.identical else 'differ'}: " + ", ".join(parts) + f"; {sc}"
    return f"{_BOLD}{line}{_OFF}" if color else line


def _context(content: str, start: int, end: int, width: int = 30) -> tuple[str, str]:
    """Up to ``width`` characters of text before and after a span, on one line."""
    before = " ".join(content[max(0, start - width):start].split()[-6:])
    after = " ".join(content[end:end + width].split()[:6])
    return before, after


def _word_lines(d: Diff, op: Op, color: bool) -> list[str]:
    """One line per word edit of an op, with its place in A and a little context."""
    out = []
    ac, bc = d.a.text.content, d.b.text.content
    for e in op.edits:
        line, col = d.a.text.line_col(e.a_start)
        before, after = _context(bc, e.b_start, e.b_end)
        old, new = " ".join(ac[e.a_start:e.a_end].split()), " ".join(bc[e.b_start:e.b_end].split())
        mark = ((f"{_RED}{old}{_OFF}" if color else f"[-{old}-]") if old else "") + \
               ((f"{_GREEN}{new}{_OFF}" if color else f"{{+{new}+}}") if new else "")
        out.append(f"~ {e.op:<9} a:{line}:{col:<6} …{before} {mark} {after}…")
    return out


def diff_text(d: Diff, scores: list[Score], color: bool = False, show_unchanged: bool = False) -> str:
    lines = []
    for op in d.ops:
        if op.kind == "unchanged" and not show_unchanged:
            continue
        if d.level == "word" and op.edits:
            lines += _word_lines(d, op, color)
            continue
        head = f"{_MARK[op.kind]} {op.kind:<9} a:{_ids('', op.a):<10} b:{_ids('', op.b):<10}"
        if op.kind in ("inserted",):
            body = d.text_b(op)
            body = f"{_GREEN}{body}{_OFF}" if color else body
        elif op.kind == "deleted":
            body = d.text_a(op)
            body = f"{_RED}{body}{_OFF}" if color else body
        elif op.kind == "unchanged":
            body = f"{_DIM}{d.text_b(op)}{_OFF}" if color else d.text_b(op)
        elif op.kind == "moved" and not op.edits:
            body = d.text_b(op)
        else:
            body = _inline(d, op, color)
        if op.kind in ("changed", "split", "merged", "moved") and op.a and op.b:
            head += f" chrF {unit_chrf(d.text_b(op), [d.text_a(op)]):5.1f}"
        lines.append(f"{head}  {body}")
    for lay in d.layout:
        line, col = d.a.text.line_col(lay.a_start)
        lines.append(f"¶ layout    a:{line}:{col} {lay.kind}: {lay.a!r} → {lay.b!r}")
    if lines:
        lines.append("")
    lines.append(summary_line(d, scores, color))
    for s in scores:
        lines.append(f"  {s.name} signature: {s.signature}")
    return "\n".join(lines) + "\n"


def diff_json(d: Diff, scores: list[Score]) -> dict[str, Any]:
    ops = []
    ac, bc = d.a.text.content, d.b.text.content
    for op in d.ops:
        item: dict[str, Any] = {
            "type": op.kind, "a": list(op.a), "b": list(op.b),
            "a_spans": [list(d.a_units[i]) for i in op.a], "b_spans": [list(d.b_units[j]) for j in op.b],
            "a_text": d.text_a(op), "b_text": d.text_b(op), "similarity": round(op.similarity, 2),
            "chrf": unit_chrf(d.text_b(op), [d.text_a(op)]) if op.a and op.b else None,
            "edits": [{"op": e.op, "a": ac[e.a_start:e.a_end], "b": bc[e.b_start:e.b_end],
                       "a_span": [e.a_start, e.a_end], "b_span": [e.b_start, e.b_end]} for e in op.edits],
        }
        ops.append(item)
    return {
        "ipdoc": __version__, "level": d.level,
        "a": {"file": d.a.text.origin, "lang": d.a.text.lang, "encoding": d.a.text.encoding},
        "b": {"file": d.b.text.origin, "lang": d.b.text.lang, "encoding": d.b.text.encoding},
        "ops": ops,
        "layout": [{"kind": lay.kind, "a_span": [lay.a_start, lay.a_end], "b_span": [lay.b_start, lay.b_end],
                    "a": lay.a, "b": lay.b} for lay in d.layout],
        "summary": summary(d, scores),
    }


_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.3em} table{border-collapse:collapse;width:100%;table-layout:fixed}
td,th{border:1px solid #ccc;padding:.35em .5em;vertical-align:top;word-wrap:break-word}
th{background:#f3f3f3;text-align:left} td.k{width:6.5em;font-size:.85em;color:#555}
del{background:#fbd3d3;text-decoration:line-through} ins{background:#d3f5d3;text-decoration:none}
tr.unchanged td{color:#888} tr.inserted td.b{background:#eefbee} tr.deleted td.a{background:#fdeeee}
tr.moved td.k{color:#7a4fb0} .sum{margin:1em 0;padding:.6em;background:#f6f6f6} .sig{font-size:.8em;color:#666}
"""


def _html_side(d: Diff, op: Op, side: str) -> str:
    content = d.a.text.content if side == "a" else d.b.text.content
    units = [d.a_units[i] for i in op.a] if side == "a" else [d.b_units[j] for j in op.b]
    if not units:
        return ""
    tag = "del" if side == "a" else "ins"
    marks = sorted(((e.a_start, e.a_end) if side == "a" else (e.b_start, e.b_end)) for e in op.edits)
    out = []
    for s, e in units:
        pos = s
        for ms, me in marks:
            if me <= s or ms >= e or ms < pos:
                continue
            out.append(html.escape(content[pos:ms]))
            out.append(f"<{tag}>{html.escape(content[ms:me])}</{tag}>")
            pos = me
        out.append(html.escape(content[pos:e]))
        out.append(" ")
    return "".join(out).strip()


def diff_html(d: Diff, scores: list[Score]) -> str:
    rows = []
    for op in d.ops:
        a = _html_side(d, op, "a")
        b = _html_side(d, op, "b")
        if op.kind == "deleted":
            a = f"<del>{a}</del>"
        if op.kind == "inserted":
            b = f"<ins>{b}</ins>"
        label = op.kind
        if op.a and op.b and op.kind != "unchanged":
            label += f"<br>chrF {unit_chrf(d.text_b(op), [d.text_a(op)]):.1f}"
        rows.append(f'<tr class="{op.kind}"><td class="k">{label}</td><td class="a">{a}</td>'
                    f'<td class="b">{b}</td></tr>')
    for lay in d.layout:
        rows.append(f'<tr class="layout"><td class="k">layout</td><td colspan="2">{html.escape(lay.kind)}: '
                    f'{html.escape(repr(lay.a))} → {html.escape(repr(lay.b))}</td></tr>')
    sigs = "".join(f'<div class="sig">{html.escape(s.name)}: {html.escape(s.signature)}</div>' for s in scores)
    return (f'<!DOCTYPE html>\n<html lang="{html.escape(d.a.text.lang)}"><head><meta charset="utf-8">'
            f"<title>ipdoc diff</title><style>{_CSS}</style></head><body>"
            f"<h1>{html.escape(d.a.text.origin)} → {html.escape(d.b.text.origin)}</h1>"
            f'<div class="sum">{html.escape(summary_line(d, scores))}{sigs}</div>'
            f'<table><tr><th class="k">change</th><th>A: {html.escape(d.a.text.origin)}</th>'
            f"<th>B: {html.escape(d.b.text.origin)}</th></tr>{''.join(rows)}</table></body></html>\n")


def _marked(hyp: str, ref: str) -> tuple[str, str]:
    """Hypothesis and reference with the words that differ marked ({+…+} and [-…-])."""
    import difflib

    th, tr = hyp.split(), ref.split()
    if len(th) <= 1 and len(tr) <= 1:  # unspaced (Chinese) text: compare characters
        th, tr, sep = list(hyp), list(ref), ""
    else:
        sep = " "
    oh, orf = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, th, tr, autojunk=False).get_opcodes():
        a, b = sep.join(th[i1:i2]), sep.join(tr[j1:j2])
        oh.append(a if tag == "equal" else (f"{{+{a}+}}" if a else ""))
        orf.append(b if tag == "equal" else (f"[-{b}-]" if b else ""))
    return sep.join(x for x in oh if x), sep.join(x for x in orf if x)


def score_text(scores: list[Score], segs: list[Segment], level: str, worst: int = 20) -> str:
    lines = [f"{s.name:5} {s.score:7.2f}   {s.signature}" for s in scores]
    if level == "unit":
        lines.append("")
        lines.append(f"worst {min(worst, len(segs))} of {len(segs)} units by chrF "
                     "(words only in the hypothesis {+…+}, only in the reference [-…-]):")
        for s in sorted(segs, key=lambda s: (s.chrf, s.hyp_units))[:worst]:
            first = s.refs[0] if s.refs else ""
            hyp_marked, _ = _marked(s.hyp, first)
            lines.append(f"  {s.chrf:6.2f}  hyp {_ids('', s.hyp_units)}: {hyp_marked or '—'}")
            for k, r in enumerate(s.refs):
                lines.append(f"          ref{k + 1}: {_marked(s.hyp, r)[1] or '—'}")
    return "\n".join(lines) + "\n"


def score_json(scores: list[Score], segs: list[Segment], hyp_file: str, ref_files: list[str]) -> dict[str, Any]:
    return {"ipdoc": __version__, "hypothesis": hyp_file, "references": ref_files,
            "scores": {s.name: {"score": s.score, "signature": s.signature} for s in scores},
            "units": [{"hyp_units": list(s.hyp_units), "hyp": s.hyp, "refs": list(s.refs), "chrf": s.chrf}
                      for s in segs]}
