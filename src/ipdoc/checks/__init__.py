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

Each rule also says what its findings are about, for grouping: a ``group``
function gives a finding's key (by default :func:`by_subject`, so the uses of one
term or one misnamed institution are one group; :func:`by_message` groups
findings that say the same thing, :func:`each` keeps every finding apart,
:func:`cause` puts all of a rule's findings under one cause).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from ..errors import InputError
from ..model import AlignedPair, Applicability, Document, Finding, Fix, Lang, Level, Severity, Unit
from ..termbase import Concept

FAMILIES = {"G": "garbling", "P": "brackets and punctuation", "N": "numbering and structure",
            "T": "terminology and consistency", "C": "conventions of official documents", "B": "bilingual"}

Needs = Literal["en", "zh", "pair"]
SAFE = Applicability.SAFE
SUGGESTED = Applicability.SUGGESTED
#: what a finding is about: (finding, the text it flags) -> the key of its group
GroupKey = Callable[[Finding, str], str]


def _plain(text: str) -> str:
    return " ".join(text.split()).casefold()


def by_subject(f: Finding, text: str) -> str:
    """What a finding is about: when its message quotes the flagged text (a term, a name, a
    mark), what that text should read (its fix) or else the text itself, so that the variants
    of one name are one group; when it does not (a whole line or unit flagged), its message."""
    flagged = _plain(text)
    if not flagged or flagged not in _plain(f.message):
        return f.message
    remedy = _plain(f.fix.replacement) if f.fix is not None else ""
    return remedy or flagged


def by_message(f: Finding, text: str) -> str:
    """The message: findings saying the same thing (the same token missing, the same character)."""
    return f.message


def each(f: Finding, text: str) -> str:
    """Every finding a group of its own (its fingerprint)."""
    return f.fingerprint


def cause(label: str) -> GroupKey:
    """Every finding of the rule under one cause."""
    return lambda f, text: label


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
    group: GroupKey = field(default=by_subject, repr=False, compare=False)  # what a finding is about
    group_message: str | None = None  # a group's message when its findings say different things

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
         example: str, layout: bool = False, group: GroupKey = by_subject, group_message: str | None = None,
         ) -> Callable[[Callable[[Context], Iterable[Finding]]], Callable[[Context], Iterable[Finding]]]:
    """Register a check function under a code."""
    if not re.fullmatch(r"[GPNTCB]\d{3}", code) or code in REGISTRY:
        raise ValueError(f"bad or duplicate rule code {code}")
    if severity not in tuple(Severity) or needs not in ("en", "zh", "pair") or fix not in (None, SAFE, SUGGESTED):
        raise ValueError(f"bad declaration for {code}")

    def register(fn: Callable[[Context], Iterable[Finding]]) -> Callable[[Context], Iterable[Finding]]:
        REGISTRY[code] = Rule(code, name, Severity(severity), needs, Applicability(fix) if fix else None, summary,
                              why, example, fn, layout, group, group_message)
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
    left_out: int = 0  # findings the last run left out as reviewed

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


def fingerprint(content: str, code: str, start: int, end: int, nth: int = 0) -> str:
    """A finding's identity that survives edits elsewhere: the rule, the text of the
    span and of its line (within long lines, a window around the span), and which of
    the identical findings of that text it is (``nth``, counted by :func:`run_checks`)."""
    # the line around the span, looked for no further than the window (linear in findings)
    lo = max(content.rfind("\n", max(0, start - 80), start) + 1, start - 80, 0)
    line_end = content.find("\n", end, end + 80)
    hi = min(len(content), end + 80) if line_end < 0 else line_end
    window = " ".join(content[lo:hi].split())
    span = " ".join(content[start:end].split())
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
    """Findings of the chosen rules, sorted by side and position, reviewed ones left out
    (how many: ``ctx.left_out``)."""
    _load()
    marks = set(reviewed)
    found: list[Finding] = []
    for r in rules if rules is not None else select_rules():
        if r.needs == "pair" and not ctx.bilingual:
            continue
        if r.needs == "zh" and ctx.zh is None:
            continue
        found.extend(r.check(ctx))
    found = _distinct(sorted(found, key=lambda f: (f.side != Lang.EN, f.start, f.end, f.code)), ctx)
    out = [f for f in found if f.fingerprint not in marks]
    ctx.left_out = len(found) - len(out)
    return out


def _distinct(findings: list[Finding], ctx: Context) -> list[Finding]:
    """The same finding given twice is kept once; identical findings at different places
    (the same text in the same surroundings) get fingerprints of their own."""
    seen: set[tuple[str, str, int, int, str]] = set()
    times: dict[str, int] = {}
    out = []
    for f in findings:
        same = (f.code, f.side, f.start, f.end, f.message)
        if same in seen:
            continue
        seen.add(same)
        n = times.get(f.fingerprint, 0)  # the same rule, text and surroundings found before
        times[f.fingerprint] = n + 1
        if n:
            f = replace(f, fingerprint=fingerprint(ctx.doc(f.side).text.content, f.code, f.start, f.end, n))
        out.append(f)
    return out


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
