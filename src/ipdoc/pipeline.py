"""Service functions: the stages composed, for the CLI, ``ipdoc run`` and any other caller.

Each stage returns a value that renders itself::

    read     load(path, lang)                -> Document
    align    align_pair(zh, en)              -> AlignedPair
    check    check(subject, …)               -> Checked     (subject: a Document or an AlignedPair)
    fix      fix(checked, …)                 -> Edition
    review   make_review(subject, …)         -> Review      (check + fix; what exports and project files hold)
    work     apply_decisions, apply_pins, realign, change (one editor's action), carry_over -> Review
    report   report_html(review)             -> bytes       (the review as one self-contained HTML file)

``ipdoc run`` and ``ipdoc batch`` run :func:`process` on every :class:`Job` (found by
:func:`discover`: a pair is two files named ``NAME.zh.EXT`` and ``NAME.en.EXT``, EXT
txt, docx, html or htm; a file with only one language is processed alone); the
scheduling, resumption and writing of ``OUT/NAME/`` are :mod:`ipdoc.batch`'s.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from . import __version__
from .checks.result import Checked
from .errors import InputError
from .io import read_input
from .model import AlignedPair, Bead, Document, Edition, Lang, Level
from .read import read_text
from .render import dumps, summary_line
from .review import Review, rebuilt, set_beads
from .segment import segment

if TYPE_CHECKING:
    from .align import Params
    from .align.clauses import ClauseAlignment
    from .align.evaluate import Scores
    from .fix import Decision

READABLE = (".txt", ".docx", ".html", ".htm")
_NAME = re.compile(r"^(?P<name>.+?)\.(?P<lang>zh|en)$")

#: What the checks run on: the English alone, or the aligned pair.
Subject = Document | AlignedPair


# --------------------------------------------------------------------------- read


@dataclass(frozen=True, slots=True)
class Decoding:
    """How to decode text files: ``encoding`` None detects it; ``errors`` is ``strict`` or
    ``replace`` (bytes that do not decode become U+FFFD)."""

    encoding: str | None = None
    errors: str = "strict"


def load(path: str | Path, lang: str, presegmented: bool = False, decoding: Decoding = Decoding()) -> Document:
    """Read and segment one file."""
    return segment(read_text(path, lang, decoding.encoding, decoding.errors), presegmented=presegmented)


def is_project_file(path: str | Path) -> bool:
    """Whether a path names an ipdoc project file (XML, JSON or ipdoc's TEI)."""
    from .export.project import is_project
    from .export.tei import is_review

    p = Path(path)
    if not p.is_file() or p.suffix.lower() not in (".xml", ".json"):
        return False
    data = read_input(p)
    return is_project(data) or is_review(data)


def load_project(path: str | Path) -> Review:
    """The review stored in a project file (or in a TEI document ipdoc wrote)."""
    from .export import project, tei

    data = read_input(path)
    return (tei.read if tei.is_review(data) else project.read)(data, str(path))


def open_subject(en: str | Path | None, zh: str | Path | None = None, project: str | Path | None = None,
                 pins: Sequence[tuple[int, int]] = (),
                 decoding: Decoding = Decoding()) -> tuple[Subject, Review | None]:
    """What to check: the English (aligned with the Chinese when given, keeping ``pins``), or a
    project file's stored pair (given as ``project`` or as ``en``), with the stored review
    (``pins`` then re-align it, keeping its confirmed beads)."""
    source = project
    if source is None and en is not None and is_project_file(en):
        source = en
    if source is not None:
        if zh is not None:
            raise InputError("give either a project file or the texts, not both")
        stored = load_project(source)
        if pins:
            stored = apply_pins(stored, pins)
        return (stored.pair if stored.pair is not None else stored.en), stored
    if en is None:
        raise InputError("give the English text (or --project FILE)")
    en_doc = load(en, Lang.EN, decoding=decoding)
    if zh is None:
        if pins:
            raise InputError("pins need the Chinese original (--zh ZH) or a project file with an alignment")
        return en_doc, None
    return align_pair(load(zh, Lang.ZH, decoding=decoding), en_doc, pins=pins), None


def load_version(path: str | Path, lang: str = "auto", presegmented: bool = False,
                 decoding: Decoding = Decoding()) -> Document:
    """One version of a text for diff and score: any readable file, or the side of a
    project file in ``lang`` (English when ``auto``)."""
    if is_project_file(path):
        stored = load_project(path)
        doc = stored.zh if lang == Lang.ZH else stored.en
        if doc is None:
            raise InputError("the project holds no Chinese text", str(path))
        return doc
    return load(path, lang, presegmented, decoding)


def same_language(docs: Sequence[Document]) -> str:
    """The one language of several versions, or an InputError naming the odd one."""
    langs = {d.text.lang for d in docs}
    if len(langs) > 1:
        odd = next(d for d in docs if d.text.lang != docs[0].text.lang)
        raise InputError(f"is {'Chinese' if odd.text.lang == Lang.ZH else 'English'} but {docs[0].text.origin} is "
                         "not: compare versions in one language", odd.text.origin)
    return docs[0].text.lang


# --------------------------------------------------------------------------- align

_PIN = re.compile(r"^\s*(?:zh:)?(\d+)\s*(?:=|\s|\t|,)\s*(?:en:)?(\d+)\s*$")


def parse_pins(items: Iterable[str], origin: str = "--pin", numbered: bool = False) -> list[tuple[int, int]]:
    """Pins written ``zh:12=en:15`` (or ``12 15``), one per item; 0-based unit indices
    (``numbered``: items are the lines of a file, and an error names its line)."""
    out = []
    for n, item in enumerate(items, 1):
        if not item.strip() or item.lstrip().startswith("#"):
            continue
        m = _PIN.match(item)
        if not m:
            where = f"line {n}: " if numbered else ""
            raise InputError(f"{where}not a pin like zh:12=en:15: {item.strip()[:40]!r}", origin)
        out.append((int(m.group(1)), int(m.group(2))))
    return out


def load_pins(path: str | Path) -> list[tuple[int, int]]:
    """A file of pins, one ``zh:N=en:M`` per line (``#`` comments)."""
    try:
        lines = read_input(path).decode("utf-8-sig").split("\n")
    except UnicodeDecodeError:
        raise InputError("not a UTF-8 text file of pins", str(path)) from None
    return parse_pins(lines, str(path), numbered=True)


def align_pair(zh: Document, en: Document, level: str = Level.SENTENCE, pins: Sequence[tuple[int, int]] = (),
               params: Params | None = None, semantic: str = "auto") -> AlignedPair:
    """Align two Documents, structure first; ``semantic``: off, on or auto (sentence vectors
    for the stretches the words leave unsure). At level ``clause`` the sentences are aligned
    first (``pins`` are sentence pins) and the clauses inside every sentence bead: the pair
    of :func:`align_clauses`, whose units are the clauses of the bilingual view."""
    from .align.documents import align_documents

    if level == Level.CLAUSE:
        return align_clauses(zh, en, pins, params, semantic).clauses
    if not zh.level(level):
        raise InputError(f"no {level}s found on the Chinese side", zh.text.origin)
    if not en.level(level):
        raise InputError(f"no {level}s found on the English side", en.text.origin)
    return align_documents(zh, en, level, params, pins, semantic=semantic)


def align_clauses(zh: Document, en: Document, pins: Sequence[tuple[int, int]] = (), params: Params | None = None,
                  semantic: str = "auto") -> ClauseAlignment:
    """The hierarchy: sentences aligned (structure first, ``pins`` kept together), then the
    clauses inside every sentence bead (:mod:`ipdoc.align.clauses`)."""
    from .align.clauses import clauses_of

    return clauses_of(align_pair(zh, en, Level.SENTENCE, pins, params, semantic), semantic)


# --------------------------------------------------------------------------- check, fix, review


def split_codes(values: Iterable[str]) -> list[str]:
    """Rule codes from options that may repeat and hold commas: ``-s G,P001 -s T``."""
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


def check(subject: Subject, glossaries: Sequence[str | Path] = (), select: Sequence[str] = (),
          ignore: Sequence[str] = (), reviewed: Iterable[str] = frozenset(), as_of: int | None = None) -> Checked:
    """Run the chosen rules on the English alone or on an aligned pair; ``as_of`` sets the
    document's year for names by date (else read from its date line or document number)."""
    from . import termbase
    from .checks import Context, run_checks, select_rules

    rules = select_rules(select, ignore)
    concepts = termbase.merged(tuple(c for path in glossaries for c in termbase.load(path)))
    pair = subject if isinstance(subject, AlignedPair) else None
    en = subject.en if isinstance(subject, AlignedPair) else subject
    ctx = Context(en, pair, concepts, as_of)
    findings = run_checks(ctx, rules, reviewed)
    sig = pair.signature if pair is not None else f"ipdoc:{__version__}|monolingual"
    return Checked(en, pair, tuple(findings), sig + f"|rules:{len(rules)}", ctx.left_out)


def check_documents(en: Document, zh: Document | None = None, glossaries: Sequence[str | Path] = (),
                    select: Sequence[str] = (), ignore: Sequence[str] = (),
                    reviewed: Iterable[str] = frozenset(), pair: AlignedPair | None = None,
                    as_of: int | None = None) -> Checked:
    """Align (when the Chinese is given and no pair) and check."""
    if pair is None and zh is not None:
        pair = align_pair(zh, en)
    return check(pair if pair is not None else en, glossaries, select, ignore, reviewed, as_of)


def check_decided(subject: Subject, glossaries: Sequence[str | Path] = (), select: Sequence[str] = (),
                  ignore: Sequence[str] = (), reviewed: Iterable[str] = frozenset(), stored: Review | None = None,
                  decisions: str | Path | None = None, as_of: int | None = None) -> Checked:
    """Check, leaving out the findings reviewed and those an editor decided: in a stored
    project, or in a decisions file (each of whose fingerprints must name a finding)."""
    from .fix import check_decisions, load_decisions, per_finding

    decided = set()
    if stored is not None:
        decided = {f.fingerprint for f in stored.findings if stored.decided(f) not in (None, "reviewed")}
    if decisions is not None:
        full = check(subject, glossaries, as_of=as_of)
        chosen = per_finding(full, load_decisions(decisions), str(decisions))
        check_decisions(chosen, full.findings, str(decisions))
        decided |= set(chosen)
    checked = check(subject, glossaries, select, ignore, reviewed, as_of)
    if not decided:
        return checked
    return replace(checked, findings=tuple(f for f in checked.findings if f.fingerprint not in decided))


def edition_of(review: Review, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> Edition:
    """A review's corrected edition with only the fixes of the chosen rules (the editor's own
    changes and replacements always)."""
    if not select and not ignore:
        return review.edition
    from .checks import select_rules
    from .fix import apply_fixes
    from .review import editor_changes

    codes = {r.code for r in select_rules(select, ignore)}
    findings = [f for f in review.findings if f.code in codes or (f.fingerprint in review.decisions
                                                                  and review.decisions[f.fingerprint].action
                                                                  == "replace")]
    return apply_fixes(review.en.text, findings, review.unsafe, review.decisions, editor_changes(review))


def fix(checked: Checked, unsafe: bool = False, decisions: dict[str, Decision] | None = None) -> Edition:
    """The corrected edition of a check's English (a decision naming a group covers its findings)."""
    from .fix import apply_fixes

    return apply_fixes(checked.en.text, checked.findings, unsafe, checked.per_finding(decisions or {}))


def make_review(subject: Subject, glossaries: Sequence[str | Path] = (), reviewed: Iterable[str] = frozenset(),
                name: str = "", unsafe: bool = False, as_of: int | None = None) -> Review:
    """Check and fix: everything an export shows."""
    marks = frozenset(reviewed)
    checked = check(subject, glossaries, reviewed=marks, as_of=as_of)
    return Review(checked, fix(checked, unsafe), marks, name)


def review_for_export(en: str | Path | None, zh: str | Path | None = None, project: str | Path | None = None,
                      glossaries: Sequence[str | Path] = (), reviewed: Iterable[str] = frozenset(),
                      name: str = "", unsafe: bool = False, decisions: str | Path | None = None,
                      pins: Sequence[tuple[int, int]] = (), as_of: int | None = None,
                      decoding: Decoding = Decoding()) -> Review:
    """A project file's stored review with the editor's work (checked again only when glossaries
    or a year ask for it), or a new review of the texts; then the pins and a decisions file applied."""
    subject, stored = open_subject(en, zh, project, pins, decoding)
    if stored is not None and not glossaries and as_of is None:
        review = replace(stored, reviewed=stored.reviewed | frozenset(reviewed), name=name or stored.name)
    else:
        marks = frozenset(reviewed) | (stored.reviewed if stored is not None else frozenset())
        review = make_review(subject, glossaries, marks, name or (stored.name if stored is not None else ""), unsafe,
                             as_of)
        if stored is not None:
            review = carry_over(stored, review, align_again=False)
        elif pins:
            review = replace(review, pins=tuple(sorted(set(pins))))  # what the pair was aligned with
    if unsafe and not review.unsafe:
        review = rebuilt(replace(review, unsafe=True))
    if decisions is not None:
        from .fix import load_decisions

        review = apply_decisions(review, load_decisions(decisions), str(decisions))
    return review


# --------------------------------------------------------------------------- an editor's work


def apply_decisions(review: Review, decisions: Mapping[str, Decision], origin: str = "decisions",
                    who: str = "") -> Review:
    """An editor's decisions taken into the review (and its history); one naming no finding, or
    one a finding cannot take, is refused with its line. ``replace TEXT`` on an omission
    (B001) gives the omitted passage its translation."""
    from .fix import check_decisions, per_finding
    from .review import decide

    decisions = per_finding(review.checked, decisions, origin)
    check_decisions(decisions, review.findings, origin)
    by_fp = {f.fingerprint: f for f in review.findings}
    for fp, d in sorted(decisions.items(), key=lambda kv: kv[1].line):
        f = by_fp[fp]
        if f.side == Lang.ZH and d.action == "replace":
            review = _supply_passage(review, f.start, f.end, d.text, who)
        elif review.decisions.get(fp) != d:
            review = decide(review, fp, d.action, d.text, who)
    return review


def _supply_passage(review: Review, start: int, end: int, text: str, who: str) -> Review:
    """The translation of an omitted passage, given to the first omission bead inside it."""
    from .review import supply

    pair = review.pair
    if pair is None:
        raise InputError("a translation for an omission needs the alignment")
    for k, b in enumerate(pair.beads):
        span = pair.span(b, Lang.ZH)
        if not b.en and span is not None and start <= span[0] < end:
            return supply(review, k, text, who)
    raise InputError("the omitted passage is no longer an omission of the alignment")


def apply_pins(review: Review, pins: Sequence[tuple[int, int]], who: str = "") -> Review:
    """The review with more pins, aligned again around them (confirmed beads are kept)."""
    from .review import set_pins

    if review.pair is None:
        raise InputError("pins need an alignment: this project holds no Chinese text")
    wanted = sorted(set(review.pins) | set(pins))
    if wanted == sorted(review.pins):
        return review
    return realign(set_pins(review, wanted, who), who=who)


def realigned_beads(pair: AlignedPair, confirmed: Iterable[tuple[tuple[int, ...], tuple[int, ...]]],
                    pins: Sequence[tuple[int, int]] = (), params: Params | None = None) -> list[Bead]:
    """The pair aligned again with its confirmed beads kept exactly and the user's pins kept
    together; the structure of the documents guides the rest, as in :func:`align_pair`.

    The corners of every confirmed bead are gates of the aligner (cells every path passes),
    so no new bead straddles one; the new beads inside a confirmed bead are replaced by it.
    """
    from .align import Params, align_features
    from .align.documents import labels, structure_constraints
    from .align.features import featurize

    keep = set(confirmed)
    fixed: dict[tuple[int, int], Bead] = {}  # start cell -> confirmed bead
    corners: list[tuple[int, int]] = []
    z = e = 0
    for b in pair.beads:
        if (b.zh, b.en) in keep:
            fixed[(z, e)] = b
            corners += [(z, e), (z + len(b.zh), e + len(b.en))]
        z, e = z + len(b.zh), e + len(b.en)

    def same_side(p: int, q: int) -> bool:
        """Units zh ``p`` and en ``q`` lie on the same side of every confirmed corner."""
        return all((p >= c0) == (q >= c1) for c0, c1 in corners)

    for p, q in pins:
        if not same_side(p, q):
            raise InputError(f"pin zh:{p}=en:{q} crosses a confirmed bead")
    zh_units, en_units = list(pair.zh_units), list(pair.en_units)
    auto, gates = structure_constraints(pair.zh, pair.en, zh_units, en_units)
    auto = [(p, q) for p, q in auto if same_side(p, q)]
    gates = sorted({g for g in gates if all((g[0] - c0) * (g[1] - c1) >= 0 for c0, c1 in corners)} | set(corners))
    feats = featurize([pair.zh.text_of(u) for u in zh_units], [pair.en.text_of(u) for u in en_units],
                      labels(pair.zh, zh_units), labels(pair.en, en_units))
    beads = align_features(feats, params or Params(), list(pins), auto, gates)
    out: list[Bead] = []
    z = e = 0
    until: tuple[int, int] | None = None  # inside a confirmed bead, up to its end cell
    for b in beads:
        if until is None and (z, e) in fixed:
            kept = fixed[(z, e)]
            out.append(kept)
            until = (z + len(kept.zh), e + len(kept.en))
        if until is None:
            out.append(b)
        z, e = z + len(b.zh), e + len(b.en)
        if until == (z, e):
            until = None
    if until is not None or sum(len(b.zh) for b in out) != len(zh_units) or \
            sum(len(b.en) for b in out) != len(en_units):
        raise InputError("the pair could not be aligned again around its confirmed beads")
    return out


def realign(review: Review, params: Params | None = None, who: str = "") -> Review:
    """Align the pair again, keeping confirmed beads and pins; the findings of the bilingual
    rules follow the new beads."""
    if review.pair is None:
        raise InputError("this review has no alignment (no Chinese text)")
    beads = realigned_beads(review.pair, review.confirmed, review.pins, params)
    if tuple(beads) == review.pair.beads:
        return review
    return recheck(set_beads(review, beads, "realign", who))


def recheck(review: Review) -> Review:
    """The bilingual rules (B) run again on the review's beads; other findings are kept."""
    if review.pair is None:
        return review
    fresh = check(review.pair, select=["B"]).findings
    kept = [f for f in review.findings if not f.code.startswith("B")]
    findings = sorted([*kept, *fresh], key=lambda f: (f.side != Lang.EN, f.start, f.end, f.code))
    return rebuilt(replace(review, checked=replace(review.checked, findings=tuple(findings))))


def carry_over(previous: Review, fresh: Review, align_again: bool = True) -> Review:
    """A fresh review of the texts with the work of a previous one: its decisions and reviewed
    marks (by fingerprint) always; when both texts are unchanged, also its beads (with
    ``align_again``, confirmed ones kept and the rest aligned again), pins, translations,
    edits and history."""
    docs = {Lang.EN: fresh.en, **({Lang.ZH: fresh.zh} if fresh.zh is not None else {})}
    same = previous.level == fresh.level and same_texts(previous, docs)
    known = {f.fingerprint for f in fresh.findings}
    decisions = {fp: d for fp, d in previous.decisions.items() if fp in known}
    base = replace(fresh, decisions=decisions, reviewed=fresh.reviewed | previous.reviewed, unsafe=previous.unsafe,
                   revision=previous.revision, history=previous.history)
    if not same:
        return rebuilt(base)
    stored = replace(base, checked=replace(fresh.checked, pair=previous.pair), pins=previous.pins,
                     confirmed=previous.confirmed, supplied=previous.supplied, edited=previous.edited)
    if previous.pair is None or not align_again:
        return rebuilt(stored)
    beads = realigned_beads(previous.pair, previous.confirmed, previous.pins)
    if tuple(beads) != previous.pair.beads:
        stored = set_beads(stored, beads, "realign")
    return recheck(stored)


class _Args:
    """The arguments of an action as the web application sends them (JSON), each type-checked."""

    def __init__(self, args: Mapping[str, object]) -> None:
        self.args = args

    def _get(self, name: str, kind: type, required: bool) -> object:
        if name not in self.args and required:
            raise InputError(f"missing {name!r}")
        value = self.args.get(name)
        if value is not None and (not isinstance(value, kind) or (kind is int and isinstance(value, bool))):
            raise InputError(f"{name!r} must be {kind.__name__}")
        return value

    def index(self, name: str) -> int:
        value = self._get(name, int, True)
        if not isinstance(value, int):
            raise InputError(f"{name!r} must be int")
        return value

    def text(self, name: str, required: bool = True) -> str:
        value = self._get(name, str, required)
        return value if isinstance(value, str) else ""

    def maybe(self, name: str) -> str | None:
        value = self._get(name, str, False)
        return value if isinstance(value, str) else None

    def flag(self, name: str, default: bool | None = None) -> bool:
        value = self._get(name, bool, default is None)
        return value if isinstance(value, bool) else bool(default)


def change(review: Review, action: str, args: Mapping[str, object], who: str = "") -> Review:
    """One editor's action by name (what the web application sends): decide, review, edit,
    merge, split, move, unlink, confirm, supply, pin, realign or undo."""
    from . import review as rv

    a = _Args(args)
    if action == "decide":
        out = rv.decide(review, a.text("fingerprint"), a.maybe("decision"), a.text("text", False), who)
    elif action == "review":
        out = rv.mark_reviewed(review, a.text("fingerprint"), a.flag("on", True), who)
    elif action == "edit":
        out = rv.edit_english(review, a.index("unit"), a.text("text"), who)
    elif action == "merge":
        out = rv.merge(review, a.index("bead"), who)
    elif action == "split":
        out = rv.split(review, a.index("bead"), a.index("zh_at"), a.index("en_at"), who)
    elif action == "move":
        out = rv.move(review, a.index("bead"), a.text("side"), a.flag("down"), who)
    elif action == "unlink":
        out = rv.unlink(review, a.index("bead"), who)
    elif action == "confirm":
        out = rv.confirm(review, a.index("bead"), a.flag("on", True), who)
    elif action == "supply":
        out = rv.supply(review, a.index("bead"), a.text("text"), who)
    elif action == "pin":
        out = apply_pins(review, [(a.index("zh"), a.index("en"))], who)
    elif action == "realign":
        return realign(review, who=who)
    elif action == "undo":
        out = rv.undo(review, who)
    else:
        raise InputError(f"unknown action {action[:30]!r}")
    if review.pair is not None and out.pair is not None and out.pair.beads != review.pair.beads:
        return recheck(out)
    return out


# --------------------------------------------------------------------------- report


def report_html(review: Review) -> bytes:
    """The review as one self-contained, read-only HTML file (map, side by side, findings)."""
    from .serve.views import report

    return report(review)


# --------------------------------------------------------------------------- run

#: The stages of a run, in order. ``ipdoc batch --stages`` picks some; a stage that a
#: chosen one needs is computed all the same, but only chosen stages write files.
#: ``tmx`` is the TMX export alone (``export`` writes every format, TMX included).
STAGES = ("segment", "align", "check", "tmx", "export")


@dataclass(frozen=True, slots=True)
class Job:
    """One document: its name and the files of each language (one may be missing).

    ``name`` is its result folder under the output folder (``sub/name`` for texts in a
    subfolder); ``problem`` is why it cannot run, found while discovering it.
    """

    name: str
    zh: Path | None
    en: Path | None
    gold: Path | None = None  # a hand-checked sentence alignment, when one exists
    problem: str | None = None
    decisions: Path | None = None  # an editor's decisions file for this document
    pins: Path | None = None  # a file of pins for this pair
    previous: Path | None = None  # its result folder of an earlier run, whose editor's work is carried over

    @property
    def stem(self) -> str:
        """The last part of the name: what the job's own files are called."""
        return self.name.rsplit("/", 1)[-1]


@dataclass(frozen=True, slots=True)
class Options:
    """What changes a job's results besides its inputs: the stages run, how texts are read, and
    the year the names are judged by (None: the document's own)."""

    stages: tuple[str, ...] = STAGES
    presegmented: bool = False
    as_of: int | None = None

    def __post_init__(self) -> None:
        unknown = [s for s in self.stages if s not in STAGES]
        if unknown or not self.stages:
            raise InputError(f"unknown stage {unknown[0]!r}" if unknown else "no stage chosen",
                             "--stages (" + ", ".join(STAGES) + ")")
        object.__setattr__(self, "stages", tuple(s for s in STAGES if s in self.stages))


class Status(StrEnum):
    """What became of a job."""

    DONE = "done"
    SKIPPED = "skipped"  # unchanged since its stored result
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class JobResult:
    """What became of one job: its status, summary lines and counts, or an error.

    ``files`` are the names written in its folder; ``record`` holds the counts a corpus
    summary adds up; ``seconds`` (wall), ``cpu_seconds`` and ``peak_mb`` (the worker's
    peak memory so far) are what the work cost (None when skipped) and ``worker`` the
    process that did it.
    """

    job: Job
    status: Status = Status.DONE
    summary: tuple[str, ...] = ()
    record: dict[str, Any] = field(default_factory=dict)
    files: tuple[str, ...] = ()
    error: str | None = None
    seconds: float | None = None
    cpu_seconds: float | None = None
    peak_mb: float | None = None
    worker: str | None = None


def discover(folder: Path, gold_dir: Path | None = None, recursive: bool = False,
             exclude: Path | None = None) -> list[Job]:
    """Jobs for the readable files of a folder (and its subfolders when ``recursive``) by the
    NAME.LANG.EXT convention; a gold alignment is ``NAME.gold`` beside the texts or in ``gold_dir``."""
    if not folder.is_dir():
        raise InputError("no such folder", str(folder))
    found: dict[str, dict[str, Path]] = {}
    problems: dict[str, str] = {}
    for path in sorted(folder.rglob("*") if recursive else folder.iterdir()):
        rel = path.relative_to(folder)
        if (path.suffix.lower() not in READABLE or any(p.startswith(".") for p in rel.parts) or not path.is_file()
                or (exclude is not None and path.is_relative_to(exclude))):
            continue
        m = _NAME.match(path.stem)
        stem, lang = (m.group("name"), m.group("lang")) if m else (path.stem, "?")
        name = (rel.parent / stem).as_posix()
        slot = found.setdefault(name, {})
        if lang in slot:
            problems[name] = f"two {lang} files for {name}: {slot[lang].name} and {path.name}"
        slot[lang] = path
    jobs = []
    for name, slot in sorted(found.items()):
        if "?" in slot:
            path = slot.pop("?")
            slot.setdefault(_script_lang(path), path)  # no language in the name: decide by script
        golds = [folder / f"{name}.gold"] + ([gold_dir / f"{name}.gold"] if gold_dir is not None else [])
        gold = next((g for g in golds if g.is_file()), None)
        jobs.append(Job(name, slot.get("zh"), slot.get("en"), gold, problems.get(name)))
    return nested_apart(jobs)


def _script_lang(path: Path) -> str:
    """A file's language by its script; English when it cannot be read (it then fails as English)."""
    try:
        return read_text(path).lang
    except InputError:
        return Lang.EN


def nested_apart(jobs: list[Job]) -> list[Job]:
    """A job whose result folder would lie inside another job's gets a problem instead."""
    names = {j.name for j in jobs}
    out = []
    for j in jobs:
        outer = [p.as_posix() for p in PurePosixPath(j.name).parents if p.as_posix() in names]
        if outer and j.problem is None:
            j = replace(j, problem=f"its result folder would lie inside the one of {outer[0]}")
        out.append(j)
    return out


@dataclass(slots=True)
class Work:
    """One job under way: what the stages made of it, and the files and summary lines produced."""

    job: Job
    options: Options
    docs: dict[Lang, Document]
    pair: AlignedPair | None = None
    gold: Scores | None = None
    review: Review | None = None
    previous: tuple[Path, Review] | None = None  # the project an earlier run left, and its review
    files: dict[str, str | bytes] = field(default_factory=dict)
    summary: list[str] = field(default_factory=list)


def _segment_files(work: Work) -> None:
    for lang, doc in sorted(work.docs.items()):
        seg = doc.to_json(Level.CLAUSE)
        work.files[f"segments.{lang}.json"] = dumps(seg)
        counts = seg["counts"]
        parts = [f"{counts.get(k, 0)} {k}s" for k in ("part", "section", "item", "attribution", "sentence")
                 if counts.get(k)]
        work.summary.append(f"{lang}: {', '.join(parts)}")


def _alignment_files(work: Work) -> None:
    pair = work.pair
    if pair is None:
        return
    work.files["alignment.beads"] = pair.to_beads()
    work.files["alignment.tsv"] = pair.to_tsv()
    work.files["alignment.json"] = dumps(pair.to_json())
    work.summary.append("aligned " + summary_line(pair.summary()))
    if work.gold is not None and work.job.gold is not None:
        work.summary.append(f"against {work.job.gold.name}: strict F1 {work.gold.strict.f1:.3f}, "
                            f"lax F1 {work.gold.lax.f1:.3f}")
    work.summary.extend(f"warning: {w}" for w in pair.warnings)


def _clause_files(work: Work) -> None:
    """The clauses aligned inside every sentence bead (and against a clause gold beside the
    sentence gold, ``NAME.clauses.gold``)."""
    from .align.clauses import clauses_of, parse_gold, score_clauses, spans_of

    pair = work.pair
    if pair is None or pair.level != Level.SENTENCE:
        return
    clauses = clauses_of(pair)
    work.files["alignment.clauses.json"] = dumps(clauses.to_json())
    work.summary.append("aligned clauses: " + clauses.summary_line())
    gold = work.job.gold.with_name(work.job.gold.name.removesuffix(".gold") + ".clauses.gold") \
        if work.job.gold is not None else None
    if gold is not None and gold.is_file():
        zc, ec = pair.zh.text.content, pair.en.text.content
        found = score_clauses([parse_gold(gold.read_text(encoding="utf-8", errors="replace"), zc, ec, str(gold))],
                              [spans_of(clauses)], [zc], [ec])
        work.summary.append(f"against {gold.name}: strict F1 {found.strict.f1:.3f}, lax F1 {found.lax.f1:.3f}")


def _check_files(work: Work) -> None:
    if work.review is None:
        return
    checked, edition = work.review.checked, work.review.edition
    work.files["findings.json"] = dumps(checked.to_json())
    work.files["findings.txt"] = checked.to_text()
    work.files["edition.en.txt"] = edition.text.content
    work.files["changes.json"] = dumps(edition.to_json())
    work.summary.append(f"checked: {checked.summary_line()}")
    review = work.review
    rejected = f", {edition.rejected} rejected by the editor" if edition.rejected else ""
    kind = "fixes" if review.decisions or review.edited or review.supplied or review.unsafe else "safe fixes"
    work.summary.append(f"corrected edition: {edition.edits} {kind} applied, "
                        f"{len(edition.changes) - edition.edits} paragraph breaks restored, "
                        f"{edition.left} fixes left for an editor{rejected}")
    if review.history or review.decisions:
        work.summary.append(f"editor's work: {len(review.decisions)} decisions, {len(review.confirmed)} confirmed "
                            f"beads, {len(review.pins)} pins, {len(review.supplied)} translations supplied, "
                            f"{len(review.edited)} English units edited")


def _export_files(work: Work) -> None:
    from .export import exporters

    review = work.review
    if review is None:
        return
    formats = None if "export" in work.options.stages else ("tmx",)
    written = []
    for fmt, (export, suffix) in exporters().items():
        if (fmt in ("tmx", "xliff") and review.pair is None) or (formats is not None and fmt not in formats):
            continue
        work.files[f"{review.name}{suffix}"] = export(review)
        written.append(f"{review.name}{suffix}")
    if formats is None:
        work.files["report.html"] = report_html(review)
        written.append("report.html")
    if written:
        work.summary.append("exported: " + ", ".join(written))


def _previous_files(work: Work) -> None:
    """The project of the last run, kept when its editor's work no longer fits the texts."""
    if work.previous is None or not _work_dropped(work.previous[1], work.docs):
        return
    path = work.previous[0]
    name = f"{work.job.stem}.previous{''.join(path.suffixes[-2:])}"
    work.files[name] = path.read_bytes()
    work.summary.append(f"warning: the texts changed since the last run: its bead edits, pins, translations and "
                        f"English edits no longer fit and were left out; that project is kept as {name}")


#: What each stage writes, in order: (stage, producer). A producer reads what the stages
#: made (``Work``) and adds files and summary lines; more producers may be appended.
PRODUCERS: list[tuple[str, Callable[[Work], None]]] = [
    ("segment", _segment_files),
    ("align", _alignment_files),
    ("align", _clause_files),
    ("check", _check_files),
    ("export", _export_files),  # also for the ``tmx`` stage alone
    ("check", _previous_files),
]


def same_texts(review: Review, docs: Mapping[Lang, Document]) -> bool:
    """Whether a stored review was made of these very texts, segmented the same way."""
    mine = {Lang.EN: review.en, **({Lang.ZH: review.zh} if review.zh is not None else {})}
    return set(mine) == set(docs) and all(
        mine[k].text.content == docs[k].text.content and mine[k].units == docs[k].units for k in docs)


def job_review(job: Job, docs: Mapping[Lang, Document], previous: Review | None = None,
               as_of: int | None = None) -> Review | None:
    """The review of one job (None without English): the texts checked, the previous run's
    work carried over (its beads too when the texts are unchanged), then the job's pins and
    decisions applied."""
    if Lang.EN not in docs:
        return None
    pins = load_pins(job.pins) if job.pins is not None else []
    subject: Subject = docs[Lang.EN]
    if previous is not None and previous.pair is not None and same_texts(previous, docs):
        subject = previous.pair  # carry_over aligns again around its confirmed beads and pins
    elif Lang.ZH in docs:
        subject = align_pair(docs[Lang.ZH], docs[Lang.EN], pins=pins)
    review = make_review(subject, name=job.stem, as_of=as_of)
    if previous is not None:
        review = carry_over(previous, review)
    if pins:
        review = apply_pins(review, pins)
    if job.decisions is not None:
        from .fix import load_decisions

        review = apply_decisions(review, load_decisions(job.decisions), str(job.decisions))
    return review


def previous_project(folder: Path, stem: str) -> tuple[Path, Review] | None:
    """The project file an earlier run left in a result folder, read (a bad one is an
    InputError): of the XML and the JSON, the one an editor saved last (``ipdoc serve`` saves
    either)."""
    found = []
    for suffix in (".ipdoc.xml", ".ipdoc.json"):
        path = folder / f"{stem}{suffix}"
        if path.is_file():
            review = load_project(path)
            found.append(((review.revision, len(review.history), path.stat().st_mtime_ns), path, review))
    if not found:
        return None
    _, path, review = max(found, key=lambda x: x[0])
    return path, review


def _work_dropped(previous: Review, docs: Mapping[Lang, Document]) -> bool:
    return not same_texts(previous, docs) and bool(previous.confirmed or previous.pins or previous.supplied
                                                   or previous.edited)


def process(job: Job, options: Options = Options()) -> Work:
    """Every chosen stage for one job, explicitly: read, segment, align, check and fix, export
    (the editor's work of an earlier run carried over, the job's pins and decisions applied)."""
    from .align.evaluate import parse_beads, score

    if job.problem:
        raise InputError(job.problem)
    stages = set(options.stages)
    sides = ((Lang.ZH, job.zh), (Lang.EN, job.en))
    work = Work(job, options, {lang: load(path, lang, options.presegmented) for lang, path in sides
                               if path is not None})
    work.previous = previous_project(job.previous, job.stem) if job.previous is not None else None
    zh, en = work.docs.get(Lang.ZH), work.docs.get(Lang.EN)
    if en is not None and stages & {"check", "tmx", "export"}:
        work.review = job_review(job, work.docs, work.previous[1] if work.previous else None, options.as_of)
        work.pair = work.review.pair if work.review is not None else None
    elif zh is not None and en is not None and stages - {"segment"}:
        work.pair = align_pair(zh, en, pins=load_pins(job.pins) if job.pins is not None else ())
    if work.pair is not None and job.gold is not None:
        if not job.gold.is_file():
            raise InputError("no such file", str(job.gold))
        gold = parse_beads(job.gold.read_text(encoding="utf-8", errors="replace"), str(job.gold))
        work.gold = score([gold], [[(b.zh, b.en) for b in work.pair.beads]])
    chosen = stages | ({"export"} if "tmx" in stages else set())
    for stage, produce in PRODUCERS:
        if stage in chosen:
            produce(work)
    return work
