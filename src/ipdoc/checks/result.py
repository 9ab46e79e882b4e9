"""The value a check run returns: the findings, the texts they point into, and the
signature of the run; it renders itself for people and for scripts."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from .. import __version__
from ..model import AlignedPair, Document, Finding, Lang, Severity

_COLOR = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
#: a group's id, as printed and as a decisions file names it: T004-g1a2b3c4d5e6f
GROUP_ID = re.compile(r"[A-Z]\d{3}-g[0-9a-f]{12}")
_SHOWN = 3  # locations a group's line shows


class _Decision(Protocol):
    """What a group's decision must say: its action (accept, reject or replace)."""

    @property
    def action(self) -> str: ...


D = TypeVar("D", bound=_Decision)


def group_id(code: str, key: str) -> str:
    """A group's identity: the rule and what its findings are about (stable like fingerprints)."""
    digest = hashlib.sha1(f"{code}\x00{key}".encode()).hexdigest()
    return f"{code}-g{digest[:12]}"


@dataclass(frozen=True, slots=True)
class Group:
    """Findings of one rule about one thing: the same term, institution or cause."""

    rule: str
    key: str
    id: str
    message: str
    findings: tuple[int, ...]  # indices into Checked.findings, in text order

    @property
    def count(self) -> int:
        return len(self.findings)

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "key": self.key, "id": self.id, "message": self.message, "count": self.count,
                "findings": list(self.findings)}


@dataclass(frozen=True, slots=True)
class Checked:
    """Findings of one check run over an English text (and, for a pair, its aligned Chinese)."""

    en: Document
    pair: AlignedPair | None
    findings: tuple[Finding, ...]
    signature: str
    left_out: int = 0  # reviewed findings the run left out

    @property
    def zh(self) -> Document | None:
        return self.pair.zh if self.pair is not None else None

    def doc_for(self, f: Finding) -> Document:
        """The document a finding's offsets point into."""
        return self.pair.zh if f.side == Lang.ZH and self.pair is not None else self.en

    def any_at_least(self, severity: str) -> bool:
        return any(f.severity.at_least(severity) for f in self.findings)

    def flagged(self, f: Finding) -> str:
        """The text a finding flags."""
        return self.doc_for(f).text.content[f.start:f.end]

    @property
    def groups(self) -> tuple[Group, ...]:
        """The findings grouped by rule and what they are about, every finding in exactly one
        group; groups in the order of their first finding."""
        from . import registry

        rules = registry()
        members: dict[tuple[str, str], list[int]] = {}
        for k, f in enumerate(self.findings):
            r = rules.get(f.code)
            key = r.group(f, self.flagged(f)) if r is not None else f.fingerprint
            members.setdefault((f.code, key), []).append(k)
        out = []
        for (code, key), found in members.items():
            messages = {self.findings[k].message for k in found}
            r = rules.get(code)
            message = self.findings[found[0]].message
            if len(messages) > 1 and r is not None and r.group_message:
                message = r.group_message
            elif len(messages) > 1:
                message += self._also_as(found)
            out.append(Group(code, key, group_id(code, key), message, tuple(found)))
        return tuple(out)

    def _also_as(self, found: list[int]) -> str:
        """The other ways a group's findings are written (“Internet Information Office” beside
        “Network Information Office”), for its message."""
        written = list(dict.fromkeys(" ".join(self.flagged(self.findings[k]).split()) for k in found))
        others = [w for w in written[1:] if 0 < len(w) <= 60]
        if not others:
            return ""
        more = f" and {len(others) - 3} more" if len(others) > 3 else ""
        return " (also as " + ", ".join(f"“{w}”" for w in others[:3]) + more + ")"

    def per_finding(self, decisions: Mapping[str, D]) -> dict[str, D]:
        """Decisions keyed by finding: a decision naming a group covers each of its findings that
        can take it (accept: those with a fix of the English; replace: those on the English; reject:
        all); a finding's own decision wins."""
        out: dict[str, D] = {}
        for g in self.groups:
            d = decisions.get(g.id)
            if d is None:
                continue
            for k in g.findings:
                f = self.findings[k]
                if d.action == "reject" or (f.side == Lang.EN and (d.action == "replace" or f.fix is not None)):
                    out[f.fingerprint] = d
        out.update({fp: d for fp, d in decisions.items() if not GROUP_ID.fullmatch(fp)})
        return out

    def summary(self) -> dict[str, Any]:
        from . import registry

        by_rule = Counter(f.code for f in self.findings)
        by_sev = Counter(f.severity for f in self.findings)
        fixes = Counter(str(f.fix.applicability) for f in self.findings if f.fix)
        return {
            "total": len(self.findings),
            "groups": len(self.groups),
            "by_severity": {s.value: by_sev.get(s, 0) for s in reversed(Severity)},
            "by_rule": {code: {"name": registry()[code].name, "count": n} for code, n in sorted(by_rule.items())},
            "fixable": {"safe": fixes.get("safe", 0), "suggested": fixes.get("suggested", 0)},
            "reviewed_left_out": self.left_out,
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
                "findings": [self.finding_json(f) for f in self.findings],
                "groups": [g.to_json() for g in self.groups], "summary": self.summary()}

    def _place(self, f: Finding) -> tuple[str, int, int]:
        doc = self.doc_for(f)
        return (doc.text.origin, *doc.text.line_col(f.start))

    def _line(self, f: Finding, message: str, color: bool, extra: str = "") -> str:
        origin, line, col = self._place(f)
        code = f"{_COLOR[f.severity]}{f.code}\x1b[0m" if color else f.code
        fix = f" [fix: {f.fix.applicability}]" if f.fix is not None else ""
        return f"{origin}:{line}:{col}: {code} {message}{extra}{fix}"

    def group_line(self, g: Group, color: bool = False) -> str:
        """One line for a group: its first finding's place, the message, the count and the
        first places of the others, and the group's id for a decisions file."""
        first = self.findings[g.findings[0]]
        if g.count == 1:
            return self._line(first, g.message, color)
        places = []
        for k in g.findings[1:_SHOWN + 1]:
            origin, line, col = self._place(self.findings[k])
            places.append(f"{line}:{col}" if origin == self._place(first)[0] else f"{origin}:{line}:{col}")
        more = f" and {g.count - 1 - len(places)} more" if g.count - 1 > len(places) else ""
        return self._line(first, g.message, color, f" (×{g.count}; also at {', '.join(places)}{more}; {g.id})")

    def to_text(self, color: bool = False, group: bool = True) -> str:
        """One line per group (``group``) or per finding, then counts by rule and a summary."""
        from . import registry

        if group:
            lines = [self.group_line(g, color) for g in self.groups]
        else:
            lines = [self._line(f, f.message, color) for f in self.findings]
        s = self.summary()
        lines.append("")
        if self.findings:
            for code, info in s["by_rule"].items():
                lines.append(f"{info['count']:5d}  {code} {info['name']} ({registry()[code].severity})")
            sev = ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in s["by_severity"].items() if n)
            lines.append(f"{s['total']} findings in {s['groups']} groups ({sev}); {s['fixable']['safe']} with a "
                         f"safe fix, {s['fixable']['suggested']} with a suggested fix")
        else:
            lines.append("no findings")
        if self.left_out:
            lines.append(f"{self.left_out} reviewed finding{'s' if self.left_out != 1 else ''} left out")
        return "\n".join(lines) + "\n"

    def summary_line(self) -> str:
        """``N findings in G groups (a error, b warning, c info)``, for ``ipdoc run``."""
        by_sev = Counter(f.severity for f in self.findings)
        sev = ", ".join(f"{by_sev[k]} {k}" for k in reversed(Severity) if k in by_sev) or "none"
        return f"{len(self.findings)} findings in {len(self.groups)} groups ({sev})"

    def groups_for_summary(self) -> list[tuple[Group, tuple[Finding, ...]]]:
        """Every group with its findings, the largest first (then by rule and first place): the
        rows of a review's summary page, one per group, whose counts and decisions it sums."""
        rows = [(g, tuple(self.findings[k] for k in g.findings)) for g in self.groups]
        return sorted(rows, key=lambda row: (-row[0].count, row[0].rule, row[0].findings[0]))
