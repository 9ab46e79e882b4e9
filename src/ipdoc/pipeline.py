"""Service functions: the stages composed, for the CLI, ``ipdoc run`` and any other caller.

Each stage returns a value that renders itself::

    read     load(path, lang)                -> Document
    align    align_pair(zh, en)              -> AlignedPair
    check    check(subject, …)               -> Checked     (subject: a Document or an AlignedPair)
    fix      fix(checked, …)                 -> Edition
    review   make_review(subject, …)         -> Review      (check + fix; what exports and project files hold)

``ipdoc run`` calls :func:`run_all`: a pair is two files named ``NAME.zh.EXT`` and
``NAME.en.EXT`` (EXT: txt, docx, html, htm); a file with only one language is
processed alone. Results go to ``OUT/NAME/``, a folder ``run`` owns and rewrites.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

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
    ctx = Context(en, pair, entries)
    findings = run_checks(ctx, rules, reviewed)
    sig = pair.signature if pair is not None else f"ipdoc:{__version__}|monolingual"
    return Checked(en, pair, tuple(findings), sig + f"|rules:{len(rules)}", ctx.left_out)


def check_documents(en: Document, zh: Document | None = None, glossaries: Sequence[str | Path] = (),
                    select: Sequence[str] = (), ignore: Sequence[str] = (),
                    reviewed: Iterable[str] = frozenset(), pair: AlignedPair | None = None) -> Checked:
    """Align (when the Chinese is given and no pair) and check."""
    if pair is None and zh is not None:
        pair = align_pair(zh, en)
    return check(pair if pair is not None else en, glossaries, select, ignore, reviewed)


def fix(checked: Checked, unsafe: bool = False, decisions: dict[str, Decision] | None = None) -> Edition:
    """The corrected edition of a check's English (a decision naming a group covers its findings)."""
    from .fix import apply_fixes

    return apply_fixes(checked.en.text, checked.findings, unsafe, checked.per_finding(decisions or {}))


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


@dataclass(frozen=True, slots=True)
class Job:
    """One document: its name and the files of each language (one may be missing)."""

    name: str
    zh: Path | None
    en: Path | None
    gold: Path | None = None  # a hand-checked sentence alignment, when one exists


@dataclass(frozen=True, slots=True)
class JobResult:
    """What one job produced: the files written and a line of summary per stage, or an error."""

    job: Job
    files: tuple[Path, ...] = ()
    summary: tuple[str, ...] = ()
    error: str | None = None


def discover(folder: Path, gold_dir: Path | None = None) -> list[Job]:
    """Jobs for the readable files of a folder, by the NAME.LANG.EXT convention."""
    if not folder.is_dir():
        raise InputError("no such folder", str(folder))
    found: dict[str, dict[str, Path]] = {}
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.suffix.lower() not in READABLE or path.name.startswith("."):
            continue
        m = _NAME.match(path.stem)
        if m:
            name, lang = m.group("name"), m.group("lang")
        else:
            name, lang = path.stem, "?"
        slot = found.setdefault(name, {})
        if lang in slot:
            raise InputError(f"two {lang} files for {name}: {slot[lang].name} and {path.name}", str(folder))
        slot[lang] = path
    jobs = []
    for name, slot in sorted(found.items()):
        if "?" in slot:
            # no language in the name: decide by script
            path = slot.pop("?")
            slot.setdefault(read_text(path).lang, path)
        gold = gold_dir / f"{name}.gold" if gold_dir is not None else None
        jobs.append(Job(name, slot.get("zh"), slot.get("en"), gold if gold is not None and gold.exists() else None))
    return jobs


@dataclass(slots=True)
class _Outputs:
    """The files of one job, in the order they are produced, and its summary lines."""

    files: dict[str, str | bytes] = field(default_factory=dict)
    summary: list[str] = field(default_factory=list)


def _segment_files(docs: dict[Lang, Document], out: _Outputs) -> None:
    for lang, doc in sorted(docs.items()):
        seg = doc.to_json(Level.CLAUSE)
        out.files[f"segments.{lang}.json"] = dumps(seg)
        counts = seg["counts"]
        parts = [f"{counts.get(k, 0)} {k}s" for k in ("part", "section", "item", "attribution", "sentence")
                 if counts.get(k)]
        out.summary.append(f"{lang}: {', '.join(parts)}")


def _alignment_files(pair: AlignedPair, gold: Path | None, out: _Outputs) -> None:
    from .align.evaluate import parse_beads, score

    out.files["alignment.beads"] = pair.to_beads()
    out.files["alignment.tsv"] = pair.to_tsv()
    out.files["alignment.json"] = dumps(pair.to_json())
    out.summary.append("aligned " + summary_line(pair.summary()))
    if gold is not None and gold.exists():
        sc = score([parse_beads(gold.read_text(encoding="utf-8"), str(gold))], [[(b.zh, b.en) for b in pair.beads]])
        out.summary.append(f"against {gold.name}: strict F1 {sc.strict.f1:.3f}, lax F1 {sc.lax.f1:.3f}")
    out.summary.extend(f"warning: {w}" for w in pair.warnings)


def _review_files(review: Review, out: _Outputs) -> None:
    from .export import exporters

    checked, edition = review.checked, review.edition
    out.files["findings.json"] = dumps(checked.to_json())
    out.files["findings.txt"] = checked.to_text()
    out.files["edition.en.txt"] = edition.text.content
    out.files["changes.json"] = dumps(edition.to_json())
    out.summary.append(f"checked: {checked.summary_line()}")
    out.summary.append(f"corrected edition: {edition.edits} safe fixes applied, "
                       f"{len(edition.changes) - edition.edits} paragraph breaks restored, "
                       f"{len(edition.skipped)} fixes left for an editor")
    written = []
    for fmt, (export, suffix) in exporters().items():
        if fmt in ("tmx", "xliff") and review.pair is None:
            continue
        out.files[f"{review.name}{suffix}"] = export(review)
        written.append(f"{review.name}{suffix}")
    out.summary.append("exported: " + ", ".join(written))


def process(job: Job) -> _Outputs:
    """Every stage for one job, explicitly: read, segment, align, check and fix, export."""
    docs = {lang: load(path, lang) for lang, path in ((Lang.ZH, job.zh), (Lang.EN, job.en)) if path is not None}
    out = _Outputs()
    _segment_files(docs, out)
    pair = None
    if Lang.ZH in docs and Lang.EN in docs:
        pair = align_pair(docs[Lang.ZH], docs[Lang.EN])
        _alignment_files(pair, job.gold, out)
    if Lang.EN in docs:
        _review_files(make_review(pair if pair is not None else docs[Lang.EN], name=job.name), out)
    return out


def run_job(job: Job, out_root: Path) -> JobResult:
    """Process one job; write its folder whole or not at all."""
    out = process(job)
    out_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{job.name}.", dir=out_root))
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)
    final = out_root / job.name
    try:
        for name, data in out.files.items():
            path = staging / name
            if isinstance(data, bytes):
                path.write_bytes(data)
            else:
                path.write_text(data, encoding="utf-8")
        if final.exists():
            shutil.rmtree(final)
        staging.rename(final)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return JobResult(job, tuple(final / name for name in out.files), tuple(out.summary))


def run_all(source: Path, out_root: Path, progress: Callable[[str], None] | None = None,
            finished: Callable[[str], None] | None = None) -> list[JobResult]:
    """Run every job found in ``source``; a bad job is reported and the rest go on."""
    results = []
    for job in discover(source, out_root):
        if progress:
            progress(job.name)
        try:
            results.append(run_job(job, out_root))
        except InputError as exc:
            results.append(JobResult(job, error=str(exc)))
        if finished:
            finished(job.name)
    return results
