"""The corrected edition: fixes applied to the English, every change on record.

Safe fixes apply by default, suggested ones with ``unsafe`` or when an editor's
decisions file accepts them; a decision can also reject a fix or give another
replacement. Fixes never overlap silently: a fix that overlaps one already taken
is left out and listed as skipped, with the reason. The same findings and
decisions always give the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .checks import registry
from .errors import InputError
from .model import Applicability, Change, Edition, Finding, Fix, Lang, Skipped, Text


@dataclass(frozen=True, slots=True)
class Decision:
    """An editor's word on one finding: accept, reject, or replace with given text."""

    action: str  # "accept", "reject" or "replace"
    text: str = ""


# a finding's fingerprint (T004-1a2b3c4d5e6f) or a group's id (T004-g1a2b3c4d5e6f)
_DECISION = re.compile(r"^\s*([A-Z]\d{3}-g?[0-9a-f]{12})\s+(accept|reject|replace)(?:\s(.*))?$")


def load_decisions(path: str | Path) -> dict[str, Decision]:
    """Decisions, one per line: ``FINGERPRINT accept|reject|replace TEXT`` (``#`` comments);
    a group's id in place of a fingerprint decides for every finding of the group."""
    p = Path(path)
    if not p.is_file():
        raise InputError("no such file", str(path))
    out: dict[str, Decision] = {}
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise InputError("decisions file is not UTF-8 text", str(path)) from None
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _DECISION.match(line)
        if not m:
            raise InputError(f"line {n}: expected 'FINGERPRINT|GROUP accept|reject|replace TEXT'", str(path))
        text = (m.group(3) or "").replace("\\n", "\n")
        if m.group(2) == "replace" and m.group(3) is None:
            raise InputError(f"line {n}: 'replace' needs the replacement text", str(path))
        out[m.group(1)] = Decision(m.group(2), text)
    return out


def _chosen(findings: Iterable[Finding], unsafe: bool,
            decisions: dict[str, Decision]) -> tuple[list[tuple[Finding, Fix]], list[Skipped]]:
    taken: list[tuple[Finding, Fix]] = []
    skipped: list[Skipped] = []
    for f in findings:
        d = decisions.get(f.fingerprint)
        if d is not None and f.side != Lang.EN and d.action != "reject":
            # a decision applies to the side its finding is on: ipdoc never edits the Chinese
            skipped.append(Skipped(f, "a decision on a finding in the Chinese original: ipdoc edits only the English"))
            continue
        if d is not None and d.action == "reject":
            skipped.append(Skipped(f, "rejected by the editor"))
            continue
        if d is not None and d.action == "replace":
            where = f.fix if f.fix else f
            fix = Fix(where.start, where.end, d.text, Applicability.EDITOR)
            taken.append((f, fix))
            continue
        if f.fix is None:
            continue
        if f.side != Lang.EN:
            skipped.append(Skipped(f, "a fix to the Chinese original: ipdoc edits only the English"))
            continue
        if f.fix.applicability == Applicability.SAFE or unsafe or (d is not None and d.action == "accept"):
            taken.append((f, f.fix))
        else:
            skipped.append(Skipped(f, "suggested fix: not applied without --unsafe or an editor's decision"))
    return taken, skipped


def _overlaps(a: Fix, b: Fix) -> bool:
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def apply_fixes(source: Text, findings: Iterable[Finding], unsafe: bool = False,
                decisions: dict[str, Decision] | None = None) -> Edition:
    """The edition, with the fixes left out (and why)."""
    decisions = decisions or {}
    taken, skipped = _chosen(findings, unsafe, decisions)
    # the editor's replacements first, then safe fixes, then by position; the first of
    # two overlapping fixes wins
    taken.sort(key=lambda fx: (Applicability(fx[1].applicability).order, fx[1].start, fx[1].end, fx[0].code))
    accepted: list[tuple[Finding, Fix]] = []
    for f, fix in taken:
        clash = next((g for g, other in accepted if _overlaps(fix, other)), None)
        if clash is not None:
            skipped.append(Skipped(f, f"overlaps the fix of {clash.code} at {clash.start}"))
            continue
        if fix.start < 0 or fix.end > len(source.content) or fix.start > fix.end:
            skipped.append(Skipped(f, "fix outside the text"))
            continue
        accepted.append((f, fix))
    accepted.sort(key=lambda fx: (fx[1].start, fx[1].end, fx[0].code))
    content = source.content
    pieces: list[str] = []
    changes: list[Change] = []
    pos = 0
    out_len = 0
    for f, fix in accepted:
        pieces.append(content[pos:fix.start])
        out_len += fix.start - pos
        out_start = out_len
        pieces.append(fix.replacement)
        out_len += len(fix.replacement)
        rule = registry().get(f.code)
        changes.append(Change(f.code, fix.start, fix.end, out_start, out_len, content[fix.start:fix.end],
                              fix.replacement, f.message, f.evidence, bool(rule and rule.layout)))
        pos = fix.end
    pieces.append(content[pos:])
    edited = Text("".join(pieces), source.lang, source.origin, source.encoding, source.format)
    return Edition(source, edited, tuple(changes), tuple(skipped))
