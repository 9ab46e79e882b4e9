"""The corrected edition: fixes applied to the English, every change on record.

Safe fixes apply by default, suggested ones with ``unsafe`` or when an editor's
decision accepts them; a decision can also reject a fix or give another
replacement, and an editor's own changes (an English unit rewritten, a
translation supplied for an omission) come first of all. Fixes never overlap
silently: a fix that overlaps one already taken is left out and listed as
skipped, with the reason. The same findings and decisions always give the same
bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .checks import registry
from .checks.result import GROUP_ID, Checked
from .errors import InputError
from .model import Applicability, Change, Edition, Finding, Fix, Lang, Severity, Skipped, Text

ACTIONS = ("accept", "reject", "replace")
#: The code of a change an editor made by hand (not a rule's fix).
EDITOR = "editor"


@dataclass(frozen=True, slots=True)
class Decision:
    """An editor's word on one finding: accept, reject, or replace with given text."""

    action: str  # "accept", "reject" or "replace"
    text: str = ""
    line: int = field(default=0, compare=False)  # where a decisions file gave it (0: not from a file)


@dataclass(frozen=True, slots=True)
class EditorChange:
    """A change an editor wrote: ``[start, end)`` of the English source becomes ``text``."""

    start: int
    end: int
    text: str
    message: str
    evidence: tuple[str, ...] = ()


_DECISION = re.compile(r"^\s*([A-Z]\d{3}-g?[0-9a-f]{12})\s+(\S+)(?:[ \t](.*))?$")


def parse_decisions(text: str, origin: str) -> dict[str, Decision]:
    """Decisions, one per line: ``FINGERPRINT accept|reject|replace TEXT`` (``#`` comments).

    Lines are counted at line feeds only (a form feed or a line separator inside a
    replacement does not shift the count); ``\\n`` in a replacement is a line break.
    """
    out: dict[str, Decision] = {}
    for n, raw in enumerate(text.removeprefix("\ufeff").split("\n"), 1):
        line = raw.removesuffix("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _DECISION.match(line)
        if not m:
            raise InputError(f"line {n}: expected 'FINGERPRINT accept|reject|replace TEXT'", origin)
        fp, action, rest = m.group(1), m.group(2), m.group(3)
        if action not in ACTIONS:
            raise InputError(f"line {n}: unknown decision {action[:20]!r} (accept, reject or replace TEXT)", origin)
        if action == "replace" and rest is None:
            raise InputError(f"line {n}: 'replace' needs the replacement text", origin)
        if action != "replace" and rest is not None and rest.strip():
            raise InputError(f"line {n}: '{action}' takes no text (did you mean 'replace'?)", origin)
        if fp in out:
            raise InputError(f"line {n}: a second decision for {fp} (the first is on line {out[fp].line})", origin)
        out[fp] = Decision(action, (rest or "").replace("\\n", "\n") if action == "replace" else "", n)
    return out


def load_decisions(path: str | Path) -> dict[str, Decision]:
    """A decisions file read and parsed (see :func:`parse_decisions`)."""
    from .io import read_input

    try:
        text = read_input(path).decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("decisions file is not UTF-8 text", str(path)) from None
    return parse_decisions(text, str(path))


def per_finding(checked: Checked, decisions: Mapping[str, Decision], origin: str) -> dict[str, Decision]:
    """Decisions keyed by finding: one naming a group (its id, ``T004-g…``) covers the group's
    findings that can take it; a group id no current group has is refused with its line."""
    known = {g.id for g in checked.groups}
    for key, d in sorted(decisions.items(), key=lambda kv: kv[1].line):
        if GROUP_ID.fullmatch(key) and key not in known:
            raise InputError(f"{f'line {d.line}: ' if d.line else ''}no group has id {key}", origin)
    return checked.per_finding(decisions)


def check_decisions(decisions: Mapping[str, Decision], findings: Iterable[Finding], origin: str,
                    supply: str = "B001") -> None:
    """Refuse a decision no finding can take: an unknown fingerprint, a fix accepted where there
    is none, an edit of the Chinese (only an omission, rule ``supply``, takes a translation)."""
    by_fp = {f.fingerprint: f for f in findings}
    for fp, d in sorted(decisions.items(), key=lambda kv: kv[1].line):
        where = f"line {d.line}: " if d.line else ""
        f = by_fp.get(fp)
        if f is None:
            raise InputError(f"{where}no finding has fingerprint {fp}", origin)
        if d.action == "accept" and (f.fix is None or f.side != Lang.EN):
            raise InputError(f"{where}{fp} ({f.code}) has no fix to accept: reject it, or replace it with your text",
                             origin)
        if d.action == "replace" and f.side != Lang.EN and f.code != supply:
            raise InputError(f"{where}{fp} ({f.code}) is a finding on the Chinese original, which ipdoc does not edit",
                             origin)


def _chosen(findings: Iterable[Finding], unsafe: bool,
            decisions: Mapping[str, Decision]) -> tuple[list[tuple[Finding, Fix]], list[Skipped]]:
    taken: list[tuple[Finding, Fix]] = []
    skipped: list[Skipped] = []
    for f in findings:
        d = decisions.get(f.fingerprint)
        if d is not None and d.action == "reject":
            if f.fix is not None:
                skipped.append(Skipped(f, "rejected by the editor", rejected=True))
            continue
        if d is not None and d.action == "replace" and f.side == Lang.EN:
            where = f.fix if f.fix else f
            taken.append((f, Fix(where.start, where.end, d.text, Applicability.EDITOR)))
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


def _editor_findings(changes: Sequence[EditorChange]) -> list[tuple[Finding, Fix]]:
    """The editor's own changes, as fixes of pseudo-findings (code ``editor``) that come first."""
    return [(Finding(EDITOR, EDITOR, Severity.INFO, Lang.EN, c.start, c.end, c.message, c.evidence),
             Fix(c.start, c.end, c.text, Applicability.EDITOR)) for c in changes]


def _overlaps(a: Fix, b: Fix) -> bool:
    if a.start == a.end and b.start == b.end:
        return a.start == b.start
    if a.start == a.end:
        return b.start < a.start < b.end
    if b.start == b.end:
        return a.start < b.start < a.end
    return a.start < b.end and b.start < a.end


def apply_fixes(source: Text, findings: Iterable[Finding], unsafe: bool = False,
                decisions: Mapping[str, Decision] | None = None, editor: Sequence[EditorChange] = ()) -> Edition:
    """The edition, with the fixes left out (and why)."""
    taken, skipped = _chosen(findings, unsafe, decisions or {})
    taken = _editor_findings(editor) + taken
    # the editor's changes and replacements first, then safe fixes, then by position; the
    # first of two overlapping fixes wins
    taken.sort(key=lambda fx: (Applicability(fx[1].applicability).order, fx[0].code != EDITOR, fx[1].start,
                               fx[1].end, fx[0].code))
    accepted: list[tuple[Finding, Fix]] = []
    for f, fix in taken:
        clash = next((g for g, other in accepted if _overlaps(fix, other)), None)
        if clash is not None:
            what = "the editor's change" if clash.code == EDITOR else f"the fix of {clash.code}"
            skipped.append(Skipped(f, f"overlaps {what} at {clash.start}"))
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
