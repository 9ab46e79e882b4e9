"""Translation checks: a registry of rules with codes, and the context they read.

Every rule is a function registered with :func:`rule`: it gets a
:class:`Context` (the English Document and, for a pair, the :class:`AlignedPair`
with the Chinese; the term base; the document's year) and yields Findings. Codes are a family
letter and three digits, never reused:

- ``G`` garbling (placeholders, split numbers, mojibake, control characters)
- ``P`` brackets and punctuation
- ``N`` numbering and structure
- ``T`` terminology and consistency
- ``C`` conventions of official documents (front matter, closing, machine-translation phrasing)
- ``B`` bilingual (needs the Chinese and the alignment)

Each rule declares what it needs (``en``, ``zh`` or ``pair``), its default
severity and the most a fix of it may be trusted: ``safe`` (applied by ``ipdoc
fix``), ``suggested`` (applied only when asked) or none. The registry enforces
the declaration: a rule declaring no fix cannot emit one, and a rule declaring
``suggested`` cannot emit a ``safe`` one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from ..errors import InputError
from ..model import AlignedPair, Applicability, Document, Finding, Fix, Lang, Level, Severity, Unit
from ..termbase import Concept

FAMILIES = {"G": "garbling", "P": "brackets and punctuation", "N": "numbering and structure",
            "T": "terminology and consistency", "C": "conventions of official documents", "B": "bilingual"}

Needs = Literal["en", "zh", "pair"]
SAFE = Applicability.SAFE
SUGGESTED = Applicability.SUGGESTED


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered check: identity, defaults, documentation and the function."""

    code: str
    name: str
    severity: Severity
    needs: Needs
    fix: Applicability | None  # the most a fix of this rule may be trusted; None: no fix
    summary: str  # what it does
    why: str  # why it matters
    example: str
    check: Callable[[Context], Iterable[Finding]] = field(repr=False, compare=False)
    layout: bool = False  # its fixes change layout only (paragraph breaks)

    @property
    def family(self) -> str:
        return FAMILIES[self.code[0]]

    def allows(self, fix: Fix | None) -> bool:
        """Whether a fix of this applicability is within what the rule declares."""
        if fix is None:
            return True
        if self.fix is None or fix.applicability == Applicability.EDITOR:
            return False
        return fix.applicability == SUGGESTED or self.fix == SAFE

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "family": self.family, "severity": self.severity,
                "needs": self.needs, "fix": self.fix, "what": self.summary, "why": self.why,
                "example": self.example}

    def to_text(self) -> str:
        return (f"{self.code} {self.name}  [{self.family}; {self.severity}; needs {self.needs}; "
                f"fix {self.fix or 'none'}]\n    what: {self.summary}\n    why: {self.why}\n"
                f"    example: {self.example}")


REGISTRY: dict[str, Rule] = {}


def rule(code: str, name: str, severity: str, needs: Needs, fix: str | None, summary: str, why: str,
         example: str, layout: bool = False) -> Callable[[Callable[[Context], Iterable[Finding]]],
                                                         Callable[[Context], Iterable[Finding]]]:
    """Register a check function under a code."""
    if not re.fullmatch(r"[GPNTCB]\d{3}", code) or code in REGISTRY:
        raise ValueError(f"bad or duplicate rule code {code}")
    if severity not in tuple(Severity) or needs not in ("en", "zh", "pair") or fix not in (None, SAFE, SUGGESTED):
        raise ValueError(f"bad declaration for {code}")

    def register(fn: Callable[[Context], Iterable[Finding]]) -> Callable[[Context], Iterable[Finding]]:
        REGISTRY[code] = Rule(code, name, Severity(severity), needs, Applicability(fix) if fix else None, summary,
                              why, example, fn, layout)
        return fn

    return register


@dataclass(slots=True)
class Context:
    """What the rules read: the English and, for a pair, the aligned pair; the term base
    (the user's concepts first); the year given with ``--as-of``. Built once per run."""

    en: Document
    pair: AlignedPair | None = None
    glossary: tuple[Concept, ...] = ()
    as_of: int | None = None
    _cache: dict[Any, Any] = field(default_factory=dict)

    @property
    def year(self) -> int | None:
        """The document's year: ``as_of``, else read from its date line or document number."""
        if self.as_of is not None:
            return self.as_of
        from .conventions import document_year

        return self.memo("year", lambda: document_year(self.en, self.zh))

    @property
    def zh(self) -> Document | None:
        return self.pair.zh if self.pair is not None else None

    @property
    def bilingual(self) -> bool:
        return self.pair is not None

    @property
    def level(self) -> str:
        return self.pair.level if self.pair is not None else Level.SENTENCE

    def need_pair(self) -> AlignedPair:
        """The aligned pair, for rules that need one (the registry runs them only when there is one)."""
        if self.pair is None:
            raise RuntimeError("a bilingual rule ran without an aligned pair")
        return self.pair

    def need_zh(self) -> Document:
        return self.need_pair().zh

    def units(self, side: str) -> tuple[Unit, ...]:
        if self.pair is not None:
            return self.pair.units(side)
        return tuple(self.en.level(Level.SENTENCE)) if side == Lang.EN else ()

    def doc(self, side: str) -> Document:
        return self.need_zh() if side == Lang.ZH else self.en

    def memo(self, key: Any, compute: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def finding(self, code: str, side: str, start: int, end: int, message: str, evidence: Iterable[str] = (),
                fix: Fix | None = None, severity: str | None = None,
                zh_span: tuple[int, int] | None = None) -> Finding:
        r = REGISTRY[code]
        if not r.allows(fix):
            got = fix.applicability if fix is not None else ""
            raise ValueError(f"{code} declares fix {r.fix or 'none'} but emitted a {got} fix")
        return Finding(code, r.name, Severity(severity) if severity else r.severity, side, start, end, message,
                       tuple(evidence), fix, zh_span, fingerprint(self.doc(side).text.content, code, start, end))


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
    digest = hashlib.sha1(f"{code}\x00{span}\x00{window}\x00{nth}".encode()).hexdigest()
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


def run_checks(ctx: Context, rules: list[Rule] | None = None, reviewed: Iterable[str] = frozenset()) -> list[Finding]:
    """Findings of the chosen rules, sorted by side and position, reviewed ones left out."""
    _load()
    marks = set(reviewed)
    out: list[Finding] = []
    for r in rules if rules is not None else select_rules():
        if r.needs == "pair" and not ctx.bilingual:
            continue
        if r.needs == "zh" and ctx.zh is None:
            continue
        out.extend(f for f in r.check(ctx) if f.fingerprint not in marks)
    return sorted(_dedupe(out), key=lambda f: (f.side != Lang.EN, f.start, f.end, f.code))


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


def rules_json() -> list[dict[str, Any]]:
    """Every rule, documented, for scripts."""
    return [r.to_json() for r in select_rules()]


def rules_text() -> str:
    """Every rule, documented, for people."""
    return "\n".join(r.to_text() for r in select_rules()) + "\n"


def _load() -> None:
    """Import the rule modules (registration happens on import, explicitly, here)."""
    from . import bilingual, brackets, conventions, garbling, numbering, terminology  # noqa: F401
