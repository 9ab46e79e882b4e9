"""Service functions: the stages composed, for the CLI, ``ipdoc run`` and any other caller.

Each stage returns a value that renders itself::

    read     load(path, lang)                -> Document
    align    align_pair(zh, en)              -> AlignedPair
    check    check(subject, …)               -> Checked     (subject: a Document or an AlignedPair)
    fix      fix(checked, …)                 -> Edition
    review   make_review(subject, …)         -> Review      (check + fix; what exports and project files hold)

``ipdoc run`` and ``ipdoc batch`` run :func:`process` on every :class:`Job` (found by
:func:`discover`: a pair is two files named ``NAME.zh.EXT`` and ``NAME.en.EXT``, EXT
txt, docx, html or htm; a file with only one language is processed alone); the
scheduling, resumption and writing of ``OUT/NAME/`` are :mod:`ipdoc.batch`'s.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from . import __version__
from .checks.result import Checked
from .errors import InputError
from .model import AlignedPair, Document, Edition, Lang, Level
from .read import read_text
from .render import dumps, summary_line
from .review import Review
from .segment import segment

if TYPE_CHECKING:
    from .align import Params
    from .align.evaluate import Scores
    from .fix import Decision

READABLE = (".txt", ".docx", ".html", ".htm")
_NAME = re.compile(r"^(?P<name>.+?)\.(?P<lang>zh|en)$")

#: What the checks run on: the English alone, or the aligned pair.
Subject = Document | AlignedPair


# --------------------------------------------------------------------------- read


def load(path: str | Path, lang: str, presegmented: bool = False) -> Document:
    """Read and segment one file."""
    return segment(read_text(path, lang=lang), presegmented=presegmented)


def is_project_file(path: str | Path) -> bool:
    """Whether a path names an ipdoc project file (XML or JSON)."""
    from .export.project import is_project

    p = Path(path)
    return p.is_file() and p.suffix.lower() in (".xml", ".json") and is_project(p.read_bytes())


def load_project(path: str | Path) -> Review:
    """The review stored in a project file."""
    from .export.project import read

    p = Path(path)
    if not p.is_file():
        raise InputError("no such file" if not p.exists() else "not a file", str(path))
    return read(p.read_bytes(), str(path))


def open_subject(en: str | Path | None, zh: str | Path | None = None,
                 project: str | Path | None = None) -> tuple[Subject, Review | None]:
    """What to check: the English (aligned with the Chinese when given), or a project
    file's stored pair (given as ``project`` or as ``en``), with the stored review."""
    source = project
    if source is None and en is not None and is_project_file(en):
        source = en
    if source is not None:
        if zh is not None:
            raise InputError("give either a project file or the texts, not both")
        stored = load_project(source)
        return (stored.pair if stored.pair is not None else stored.en), stored
    if en is None:
        raise InputError("give the English text (or --project FILE)")
    en_doc = load(en, Lang.EN)
    if zh is None:
        return en_doc, None
    return align_pair(load(zh, Lang.ZH), en_doc), None


def load_version(path: str | Path, lang: str = "auto", presegmented: bool = False) -> Document:
    """One version of a text for diff and score: any readable file, or the side of a
    project file in ``lang`` (English when ``auto``)."""
    if is_project_file(path):
        stored = load_project(path)
        doc = stored.zh if lang == Lang.ZH else stored.en
        if doc is None:
            raise InputError("the project holds no Chinese text", str(path))
        return doc
    return load(path, lang, presegmented)


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


def parse_pins(items: Iterable[str], origin: str = "--pin") -> list[tuple[int, int]]:
    """Pins written ``zh:12=en:15`` (or ``12 15``), one per item; 0-based unit indices."""
    out = []
    for item in items:
        if not item.strip() or item.lstrip().startswith("#"):
            continue
        m = _PIN.match(item)
        if not m:
            raise InputError(f"not a pin like zh:12=en:15: {item.strip()[:40]!r}", origin)
        out.append((int(m.group(1)), int(m.group(2))))
    return out


def align_pair(zh: Document, en: Document, level: str = Level.SENTENCE, pins: Sequence[tuple[int, int]] = (),
               params: Params | None = None) -> AlignedPair:
    """Align two Documents at a level, structure first."""
    from .align.documents import align_documents

    if not zh.level(level):
        raise InputError(f"no {level}s found on the Chinese side", zh.text.origin)
    if not en.level(level):
        raise InputError(f"no {level}s found on the English side", en.text.origin)
    return align_documents(zh, en, level, params, pins)


# --------------------------------------------------------------------------- check, fix, review


def split_codes(values: Iterable[str]) -> list[str]:
    """Rule codes from options that may repeat and hold commas: ``-s G,P001 -s T``."""
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


def check(subject: Subject, glossaries: Sequence[str | Path] = (), select: Sequence[str] = (),
          ignore: Sequence[str] = (), reviewed: Iterable[str] = frozenset()) -> Checked:
    """Run the chosen rules on the English alone or on an aligned pair."""
    from . import glossary as gl
    from .checks import Context, run_checks, select_rules

    rules = select_rules(select, ignore)
    entries = gl.builtin() + tuple(e for path in glossaries for e in gl.load(path))
    pair = subject if isinstance(subject, AlignedPair) else None
    en = subject.en if isinstance(subject, AlignedPair) else subject
    findings = run_checks(Context(en, pair, entries), rules, reviewed)
    sig = pair.signature if pair is not None else f"ipdoc:{__version__}|monolingual"
    return Checked(en, pair, tuple(findings), sig + f"|rules:{len(rules)}")


def check_documents(en: Document, zh: Document | None = None, glossaries: Sequence[str | Path] = (),
                    select: Sequence[str] = (), ignore: Sequence[str] = (),
                    reviewed: Iterable[str] = frozenset(), pair: AlignedPair | None = None) -> Checked:
    """Align (when the Chinese is given and no pair) and check."""
    if pair is None and zh is not None:
        pair = align_pair(zh, en)
    return check(pair if pair is not None else en, glossaries, select, ignore, reviewed)


def fix(checked: Checked, unsafe: bool = False, decisions: dict[str, Decision] | None = None) -> Edition:
    """The corrected edition of a check's English."""
    from .fix import apply_fixes

    return apply_fixes(checked.en.text, checked.findings, unsafe, decisions)


def make_review(subject: Subject, glossaries: Sequence[str | Path] = (), reviewed: Iterable[str] = frozenset(),
                name: str = "", unsafe: bool = False) -> Review:
    """Check and fix: everything an export shows."""
    marks = frozenset(reviewed)
    checked = check(subject, glossaries, reviewed=marks)
    return Review(checked, fix(checked, unsafe), marks, name)


def review_for_export(en: str | Path | None, zh: str | Path | None = None, project: str | Path | None = None,
                      glossaries: Sequence[str | Path] = (), reviewed: Iterable[str] = frozenset(),
                      name: str = "", unsafe: bool = False) -> Review:
    """A project file's stored review as it stands (unless glossaries ask for a new check),
    or a new review of the texts."""
    subject, stored = open_subject(en, zh, project)
    if stored is not None and not glossaries:
        return Review(stored.checked, stored.edition, stored.reviewed | frozenset(reviewed), name or stored.name)
    marks = frozenset(reviewed) | (stored.reviewed if stored is not None else frozenset())
    return make_review(subject, glossaries, marks, name or (stored.name if stored is not None else ""), unsafe)


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

    @property
    def stem(self) -> str:
        """The last part of the name: what the job's own files are called."""
        return self.name.rsplit("/", 1)[-1]


@dataclass(frozen=True, slots=True)
class Options:
    """What changes a job's results besides its inputs: the stages run and how texts are read."""

    stages: tuple[str, ...] = STAGES
    presegmented: bool = False

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


def _check_files(work: Work) -> None:
    if work.review is None:
        return
    checked, edition = work.review.checked, work.review.edition
    work.files["findings.json"] = dumps(checked.to_json())
    work.files["findings.txt"] = checked.to_text()
    work.files["edition.en.txt"] = edition.text.content
    work.files["changes.json"] = dumps(edition.to_json())
    work.summary.append(f"checked: {checked.summary_line()}")
    work.summary.append(f"corrected edition: {edition.edits} safe fixes applied, "
                        f"{len(edition.changes) - edition.edits} paragraph breaks restored, "
                        f"{len(edition.skipped)} fixes left for an editor")


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
    if written:
        work.summary.append("exported: " + ", ".join(written))


#: What each stage writes, in order: (stage, producer). A producer reads what the stages
#: made (``Work``) and adds files and summary lines; more producers may be appended.
PRODUCERS: list[tuple[str, Callable[[Work], None]]] = [
    ("segment", _segment_files),
    ("align", _alignment_files),
    ("check", _check_files),
    ("export", _export_files),  # also for the ``tmx`` stage alone
]


def process(job: Job, options: Options = Options()) -> Work:
    """Every chosen stage for one job, explicitly: read, segment, align, check and fix, export."""
    from .align.evaluate import parse_beads, score

    if job.problem:
        raise InputError(job.problem)
    stages = set(options.stages)
    sides = ((Lang.ZH, job.zh), (Lang.EN, job.en))
    work = Work(job, options, {lang: load(path, lang, options.presegmented) for lang, path in sides
                               if path is not None})
    zh, en = work.docs.get(Lang.ZH), work.docs.get(Lang.EN)
    if zh is not None and en is not None and stages - {"segment"}:
        work.pair = align_pair(zh, en)
        if job.gold is not None:
            if not job.gold.is_file():
                raise InputError("no such file", str(job.gold))
            gold = parse_beads(job.gold.read_text(encoding="utf-8", errors="replace"), str(job.gold))
            work.gold = score([gold], [[(b.zh, b.en) for b in work.pair.beads]])
    if en is not None and stages & {"check", "tmx", "export"}:
        work.review = make_review(work.pair if work.pair is not None else en, name=job.stem)
    chosen = stages | ({"export"} if "tmx" in stages else set())
    for stage, produce in PRODUCERS:
        if stage in chosen:
            produce(work)
    return work
