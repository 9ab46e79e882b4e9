"""Translation checks: a registry of rules with codes, and the context they read.

Every rule is a function registered with :func:`rule`: it gets a
:class:`Context` (the English Document, and when given the Chinese Document, the
alignment and glossaries) and yields Findings. Codes are a family letter and
three digits, never reused:

- ``G`` garbling (placeholders, split numbers, mojibake, control characters)
- ``P`` brackets and punctuation
- ``N`` numbering and structure
- ``T`` terminology and consistency
- ``B`` bilingual (needs the Chinese and the alignment)

Each rule declares what it needs (``en``, ``zh`` or ``pair``), its default
severity and whether its fix is ``safe`` (applied by ``ipdoc fix``) or
``suggested`` (applied only when asked).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from ..errors import InputError
from ..model import SEVERITIES, Alignment, Document, Finding, Fix, GlossaryEntry, Unit

FAMILIES = {"G": "garbling", "P": "brackets and punctuation", "N": "numbering and structure",
            "T": "terminology and consistency", "B": "bilingual"}


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered check: identity, defaults, documentation and the function."""

    code: str
    name: str
    severity: str
    needs: str  # "en", "zh" or "pair"
    fix: str | None  # "safe", "suggested" or None
    summary: str  # what it does
    why: str  # why it matters
    example: str
    check: Callable[["Context"], Iterable[Finding]] = field(repr=False, compare=False)
    layout: bool = False  # its fixes change layout only (paragraph breaks)

    @property
    def family(self) -> str:
        return FAMILIES[self.code[0]]


REGISTRY: dict[str, Rule] = {}


def rule(code: str, name: str, severity: str, needs: str, fix: str | None, summary: str, why: str,
         example: str, layout: bool = False):
    """Register a check function under a code."""
    if not re.fullmatch(r"[GPNTB]\d{3}", code) or code in REGISTRY:
        raise ValueError(f"bad or duplicate rule code {code}")
    if severity not in SEVERITIES or needs not in ("en", "zh", "pair") or fix not in (None, "safe", "suggested"):
        raise ValueError(f"bad declaration for {code}")

    def register(fn: Callable[[Context], Iterable[Finding]]):
        REGISTRY[code] = Rule(code, name, severity, needs, fix, summary, why, example, fn, layout)
        return fn

    return register


@dataclass(slots=True)
class Context:
    """What the rules read. Built once per check run."""

    en: Document
    zh: Document | None = None
    alignment: Alignment | None = None
    level: str = "sentence"
    glossary: tuple[GlossaryEntry, ...] = ()
    _cache: dict = field(default_factory=dict)

    @property
    def bilingual(self) -> bool:
        return self.zh is not None and self.alignment is not None

    def units(self, side: str) -> list[Unit]:
        doc = self.en if side == "en" else self.zh
        key = ("units", side)
        if key not in self._cache:
            self._cache[key] = doc.level(self.level) if doc is not None else []
        return self._cache[key]

    def doc(self, side: str) -> Document:
        return self.en if side == "en" else self.zh  # type: ignore[return-value]

    def memo(self, key, compute):
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def finding(self, code: str, side: str, start: int, end: int, message: str, evidence: Iterable[str] = (),
                fix: Fix | None = None, severity: str | None = None,
                zh_span: tuple[int, int] | None = None) -> Finding:
        r = REGISTRY[code]
        return Finding(code, r.name, severity or r.severity, side, start, end, message, tuple(evidence), fix,
                       zh_span, fingerprint(self.doc(side).text.content, code, start, end))


def fingerprint(content: str, code: str, start: int, end: int) -> str:
    """A finding's identity that survives edits elsewhere: the rule, the text of the
    span and of its line, and which occurrence of that line it is."""
    line_start = content.rfind("\n", 0, start) + 1
    line_end = content.find("\n", end)
    line_end = len(content) if line_end < 0 else line_end
    # within long (flattened) lines use a window around the span
    lo = max(line_start, start - 80)
    hi = min(line_end, end + 80)
    window = " ".join(content[lo:hi].split())
    span = " ".join(content[start:end].split())
    nth = content.count(content[lo:hi], 0, lo)
    digest = hashlib.sha1(f"{code}\x00{span}\x00{window}\x00{nth}".encode("utf-8")).hexdigest()
    return f"{code}-{digest[:12]}"


def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """Rules chosen by code or code prefix (``G``, ``P00``, ``T002``)."""
    _load()
    sel = [s.strip().upper() for s in select if s.strip()]
    ign = [s.strip().upper() for s in ignore if s.strip()]
    for s in sel + ign:
        if not any(code.startswith(s) for code in REGISTRY):
            raise InputError(f"no rule matches {s!r} (see `ipdoc rules`)")
    out = []
    for code, r in sorted(REGISTRY.items()):
        if sel and not any(code.startswith(s) for s in sel):
            continue
        if any(code.startswith(s) for s in ign):
            continue
        out.append(r)
    return out


def run_checks(ctx: Context, rules: list[Rule] | None = None, reviewed: set[str] = frozenset()) -> list[Finding]:
    """Findings of the chosen rules, sorted by side and position, reviewed ones left out."""
    _load()
    out: list[Finding] = []
    for r in rules if rules is not None else select_rules():
        if r.needs == "pair" and not ctx.bilingual:
            continue
        if r.needs == "zh" and ctx.zh is None:
            continue
        out.extend(f for f in r.check(ctx) if f.fingerprint not in reviewed)
    return sorted(_dedupe(out), key=lambda f: (f.side != "en", f.start, f.end, f.code))


def _dedupe(findings: list[Finding]) -> Iterator[Finding]:
    seen: set[str] = set()
    for f in findings:
        if f.fingerprint in seen:
            continue
        seen.add(f.fingerprint)
        yield f


def registry() -> dict[str, Rule]:
    """Every rule by code (the rule modules are imported on first use)."""
    _load()
    return REGISTRY


def _load() -> None:
    """Import the rule modules (registration happens on import, explicitly, here)."""
    from . import bilingual, brackets, garbling, numbering, terminology  # noqa: F401
