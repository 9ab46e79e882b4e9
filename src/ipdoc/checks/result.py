"""The value a check run returns: the findings, the texts they point into, and the
signature of the run; it renders itself for people and for scripts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from .. import __version__
from ..model import AlignedPair, Document, Finding, Lang, Severity

_COLOR = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}


@dataclass(frozen=True, slots=True)
class Checked:
    """Findings of one check run over an English text (and, for a pair, its aligned Chinese)."""

    en: Document
    pair: AlignedPair | None
    findings: tuple[Finding, ...]
    signature: str

    @property
    def zh(self) -> Document | None:
        return self.pair.zh if self.pair is not None else None

    def doc_for(self, f: Finding) -> Document:
        """The document a finding's offsets point into."""
        return self.pair.zh if f.side == Lang.ZH and self.pair is not None else self.en

    def any_at_least(self, severity: str) -> bool:
        return any(f.severity.at_least(severity) for f in self.findings)

    def summary(self) -> dict[str, Any]:
        from . import registry

        by_rule = Counter(f.code for f in self.findings)
        by_sev = Counter(f.severity for f in self.findings)
        fixes = Counter(str(f.fix.applicability) for f in self.findings if f.fix)
        return {
            "total": len(self.findings),
            "by_severity": {s.value: by_sev.get(s, 0) for s in reversed(Severity)},
            "by_rule": {code: {"name": registry()[code].name, "count": n} for code, n in sorted(by_rule.items())},
            "fixable": {"safe": fixes.get("safe", 0), "suggested": fixes.get("suggested", 0)},
        }

    def finding_json(self, f: Finding) -> dict[str, Any]:
        doc = self.doc_for(f)
        line, col = doc.text.line_col(f.start)
        return {
            "code": f.code, "name": f.name, "severity": f.severity, "side": f.side, "file": doc.text.origin,
            "start": f.start, "end": f.end, "line": line, "col": col, "text": doc.text.content[f.start:f.end],
            "message": f.message, "evidence": list(f.evidence), "fingerprint": f.fingerprint,
            "zh_span": list(f.zh_span) if f.zh_span else None,
            "fix": ({"start": f.fix.start, "end": f.fix.end, "replacement": f.fix.replacement,
                     "applicability": f.fix.applicability} if f.fix else None),
        }

    def to_json(self) -> dict[str, Any]:
        return {"ipdoc": __version__, "signature": self.signature, "english": self.en.text.origin,
                "chinese": self.zh.text.origin if self.zh is not None else None,
                "findings": [self.finding_json(f) for f in self.findings], "summary": self.summary()}

    def to_text(self, color: bool = False) -> str:
        from . import registry

        lines = []
        for f in self.findings:
            doc = self.doc_for(f)
            line, col = doc.text.line_col(f.start)
            code = f"{_COLOR[f.severity]}{f.code}\x1b[0m" if color else f.code
            fix = f" [fix: {f.fix.applicability}]" if f.fix is not None else ""
            lines.append(f"{doc.text.origin}:{line}:{col}: {code} {f.message}{fix}")
        s = self.summary()
        lines.append("")
        if self.findings:
            for code, info in s["by_rule"].items():
                lines.append(f"{info['count']:5d}  {code} {info['name']} ({registry()[code].severity})")
            sev = ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in s["by_severity"].items() if n)
            lines.append(f"{s['total']} findings ({sev}); {s['fixable']['safe']} with a safe fix, "
                         f"{s['fixable']['suggested']} with a suggested fix")
        else:
            lines.append("no findings")
        return "\n".join(lines) + "\n"

    def summary_line(self) -> str:
        """``N findings (a error, b warning, c info)``, for ``ipdoc run``."""
        by_sev = Counter(f.severity for f in self.findings)
        sev = ", ".join(f"{by_sev[k]} {k}" for k in reversed(Severity) if k in by_sev) or "none"
        return f"{len(self.findings)} findings ({sev})"
