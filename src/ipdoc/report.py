"""Rendering findings and change lists: text for people, JSON for scripts."""

from __future__ import annotations

from collections import Counter
from typing import Any

from . import __version__
from .checks import registry
from .model import SEVERITIES, Document, Edition, Finding


def _doc_for(f: Finding, en: Document, zh: Document | None) -> Document:
    return zh if f.side == "zh" and zh is not None else en


def finding_json(f: Finding, en: Document, zh: Document | None) -> dict[str, Any]:
    doc = _doc_for(f, en, zh)
    line, col = doc.text.line_col(f.start)
    return {
        "code": f.code, "name": f.name, "severity": f.severity, "side": f.side, "file": doc.text.origin,
        "start": f.start, "end": f.end, "line": line, "col": col, "text": doc.text.content[f.start:f.end],
        "message": f.message, "evidence": list(f.evidence), "fingerprint": f.fingerprint,
        "zh_span": list(f.zh_span) if f.zh_span else None,
        "fix": ({"start": f.fix.start, "end": f.fix.end, "replacement": f.fix.replacement,
                 "applicability": f.fix.applicability} if f.fix else None),
    }


def summary(findings: list[Finding]) -> dict[str, Any]:
    by_rule = Counter(f.code for f in findings)
    by_sev = Counter(f.severity for f in findings)
    return {
        "total": len(findings),
        "by_severity": {s: by_sev.get(s, 0) for s in reversed(SEVERITIES)},
        "by_rule": {code: {"name": registry()[code].name, "count": n} for code, n in sorted(by_rule.items())},
        "fixable": {"safe": sum(1 for f in findings if f.fix and f.fix.applicability == "safe"),
                    "suggested": sum(1 for f in findings if f.fix and f.fix.applicability == "suggested")},
    }


def findings_json(findings: list[Finding], en: Document, zh: Document | None, signature: str = "") -> dict[str, Any]:
    return {"ipdoc": __version__, "signature": signature, "english": en.text.origin,
            "chinese": zh.text.origin if zh is not None else None,
            "findings": [finding_json(f, en, zh) for f in findings], "summary": summary(findings)}


def findings_text(findings: list[Finding], en: Document, zh: Document | None, color: bool = False) -> str:
    sev_color = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
    lines = []
    for f in findings:
        doc = _doc_for(f, en, zh)
        line, col = doc.text.line_col(f.start)
        code = f"{sev_color[f.severity]}{f.code}\x1b[0m" if color else f.code
        fix = ""
        if f.fix is not None:
            fix = f" [fix: {f.fix.applicability}]"
        lines.append(f"{doc.text.origin}:{line}:{col}: {code} {f.message}{fix}")
    s = summary(findings)
    lines.append("")
    if findings:
        for code, info in s["by_rule"].items():
            lines.append(f"{info['count']:5d}  {code} {info['name']} ({registry()[code].severity})")
        sev = ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in s["by_severity"].items() if n)
        lines.append(f"{s['total']} findings ({sev}); {s['fixable']['safe']} with a safe fix, "
                     f"{s['fixable']['suggested']} with a suggested fix")
    else:
        lines.append("no findings")
    return "\n".join(lines) + "\n"


def changes_json(edition: Edition, skipped) -> dict[str, Any]:
    src = edition.source
    out = []
    for ch in edition.changes:
        line, col = src.line_col(ch.src_start)
        out.append({"code": ch.code, "rule": registry()[ch.code].name if ch.code in registry() else ch.code,
                    "line": line, "col": col, "source": [ch.src_start, ch.src_end],
                    "edition": [ch.out_start, ch.out_end], "before": ch.before, "after": ch.after,
                    "layout": ch.layout, "message": ch.message, "evidence": list(ch.evidence)})
    return {
        "ipdoc": __version__, "source": src.origin, "changes": out,
        "skipped": [{"code": s.finding.code, "fingerprint": s.finding.fingerprint, "start": s.finding.start,
                     "end": s.finding.end, "reason": s.reason} for s in skipped],
        "summary": {"applied": len(out), "layout": sum(1 for c in out if c["layout"]),
                    "edits": sum(1 for c in out if not c["layout"]), "skipped": len(skipped)},
    }


def changes_text(edition: Edition, skipped) -> str:
    src = edition.source
    lines = []
    for ch in edition.changes:
        line, col = src.line_col(ch.src_start)
        kind = "layout" if ch.layout else "edit"
        lines.append(f"{src.origin}:{line}:{col}: {ch.code} {kind}: {ch.before!r} → {ch.after!r}")
    for s in skipped:
        line, col = src.line_col(s.finding.start)
        lines.append(f"{src.origin}:{line}:{col}: {s.finding.code} not applied: {s.reason}")
    edits = sum(1 for c in edition.changes if not c.layout)
    lines.append(f"{len(edition.changes)} changes applied ({edits} edits, {len(edition.changes) - edits} layout); "
                 f"{len(skipped)} left for an editor")
    return "\n".join(lines) + "\n"


def rules_text() -> str:
    from .checks import select_rules

    lines = []
    for r in select_rules():
        fix = r.fix or "none"
        lines.append(f"{r.code} {r.name}  [{r.family}; {r.severity}; needs {r.needs}; fix {fix}]")
        lines.append(f"    what: {r.summary}")
        lines.append(f"    why: {r.why}")
        lines.append(f"    example: {r.example}")
    return "\n".join(lines) + "\n"


def rules_json() -> list[dict[str, Any]]:
    from .checks import select_rules

    return [{"code": r.code, "name": r.name, "family": r.family, "severity": r.severity, "needs": r.needs,
             "fix": r.fix, "what": r.summary, "why": r.why, "example": r.example} for r in select_rules()]
