"""The main job: every text or pair in a folder through every stage, results on disk.

``ipdoc run`` calls :func:`run_all`. A pair is two files named ``NAME.zh.EXT`` and
``NAME.en.EXT`` (EXT: txt, docx, html, htm); a file with only one language is
processed alone. Results go to ``OUT/NAME/``, a folder ``run`` owns and rewrites.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import __version__
from .errors import InputError
from .model import Alignment, Document
from .read import read_text
from .render import dumps, segment_json
from .segment import segment

READABLE = (".txt", ".docx", ".html", ".htm")
_NAME = re.compile(r"^(?P<name>.+?)\.(?P<lang>zh|en)$")


@dataclass(frozen=True, slots=True)
class Job:
    """One document: its name and the files of each language (one may be missing)."""

    name: str
    zh: Path | None
    en: Path | None
    gold: Path | None = None  # a hand-checked sentence alignment, when one exists


@dataclass(slots=True)
class Result:
    """What one job produced: files written and a line of summary per stage."""

    job: Job
    files: list[Path] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    error: str | None = None
    alignment: Alignment | None = None
    checked: "Checked | None" = None
    edition: tuple | None = None  # (Edition, skipped fixes) of the check and fix stage


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
            lang = read_text(path).lang
            slot.setdefault(lang, path)
        gold = gold_dir / f"{name}.gold" if gold_dir is not None else None
        jobs.append(Job(name, slot.get("zh"), slot.get("en"), gold if gold is not None and gold.exists() else None))
    return jobs


def load(path: str | Path, lang: str, presegmented: bool = False) -> Document:
    """Read and segment one file."""
    return segment(read_text(path, lang=lang), presegmented=presegmented)


_PIN = re.compile(r"^\s*(?:zh:)?(\d+)\s*(?:=|\s|\t|,)\s*(?:en:)?(\d+)\s*$")


def parse_pins(items: list[str], origin: str = "--pin") -> list[tuple[int, int]]:
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


def align_pair(zh: Document, en: Document, level: str = "sentence", pins: list[tuple[int, int]] = (),
               params=None) -> "Alignment":
    """Align two Documents at a level, structure first."""
    from .align import Params
    from .align.documents import align_documents

    if not zh.level(level):
        raise InputError(f"no {level}s found on the Chinese side", zh.text.origin)
    if not en.level(level):
        raise InputError(f"no {level}s found on the English side", en.text.origin)
    return align_documents(zh, en, level, params or Params(), pins)


@dataclass(frozen=True, slots=True)
class Checked:
    """The result of checking a translation: its documents, alignment and findings."""

    en: Document
    zh: Document | None
    alignment: "Alignment | None"
    findings: list
    signature: str


def check_documents(en: Document, zh: Document | None = None, glossaries: list[str | Path] = (),
                    select: list[str] = (), ignore: list[str] = (), reviewed: set[str] = frozenset(),
                    alignment: "Alignment | None" = None, level: str = "sentence") -> Checked:
    """Align (when the Chinese is given) and run the chosen rules."""
    from . import glossary as gl
    from .checks import Context, run_checks, select_rules

    rules = select_rules(select, ignore)
    entries = gl.builtin() + tuple(e for path in glossaries for e in gl.load(path))
    if zh is not None and alignment is None:
        alignment = align_pair(zh, en, level)
    ctx = Context(en, zh, alignment, level, entries)
    findings = run_checks(ctx, rules, reviewed)
    sig = alignment.signature if alignment is not None else f"ipdoc:{__version__}|monolingual"
    return Checked(en, zh, alignment, findings, sig + f"|rules:{len(rules)}")


@dataclass(frozen=True, slots=True)
class Inputs:
    """What the user gave: two texts, or a project file holding everything."""

    en: Document
    zh: Document | None
    alignment: "Alignment | None" = None
    reviewed: frozenset = frozenset()
    project: object = None  # the Project read, when the input was one


def load_inputs(en: str | Path | None, zh: str | Path | None = None, project: str | Path | None = None) -> Inputs:
    """Read the English and Chinese, or a project file (given as ``project`` or as ``en``)."""
    from .export.project import is_project, read

    source = project
    if source is None and en is not None:
        p = Path(en)
        if p.is_file() and p.suffix.lower() in (".xml", ".json") and is_project(p.read_bytes()):
            source = en
    if source is not None:
        if zh is not None:
            raise InputError("give either a project file or the texts, not both")
        p = Path(source)
        if not p.is_file():
            raise InputError("no such file" if not p.exists() else "not a file", str(source))
        proj = read(p.read_bytes(), str(source))
        return Inputs(proj.en, proj.zh, proj.alignment, proj.reviewed, proj)
    if en is None:
        raise InputError("give the English text (or --project FILE)")
    return Inputs(load(en, "en"), load(zh, "zh") if zh is not None else None)


def make_bundle(inputs: Inputs, glossaries: list[str | Path] = (), reviewed: set[str] = frozenset(),
                name: str = "", unsafe: bool = False) -> "Bundle":
    """Everything an export shows; a project file's findings and changes are used as stored."""
    from .export import Bundle
    from .fix import apply_fixes

    if inputs.project is not None and not glossaries:
        b = inputs.project.bundle()
        return Bundle(b.en, b.zh, b.alignment, b.level, b.findings, b.edition, (), b.reviewed | frozenset(reviewed),
                      b.signature, name or b.name)
    checked = check_documents(inputs.en, inputs.zh, glossaries, alignment=inputs.alignment)
    edition, skipped = apply_fixes(inputs.en.text, checked.findings, unsafe)
    return bundle_of(checked, edition, skipped, frozenset(reviewed) | inputs.reviewed, name)


def bundle_of(checked: Checked, edition, skipped, reviewed: frozenset = frozenset(), name: str = "") -> "Bundle":
    """The Bundle of a check and fix already made."""
    from .export import Bundle

    level = checked.alignment.level if checked.alignment is not None else "sentence"
    return Bundle(checked.en, checked.zh, checked.alignment, level, tuple(checked.findings), edition, tuple(skipped),
                  frozenset(reviewed), checked.signature, name)


def load_version(path: str | Path, lang: str = "auto", presegmented: bool = False) -> Document:
    """One version of a text for diff and score: any readable file, or the side of a
    project file in ``lang`` (English when ``auto``)."""
    from .export.project import is_project, read

    p = Path(path)
    if p.is_file() and p.suffix.lower() in (".xml", ".json") and is_project(p.read_bytes()):
        proj = read(p.read_bytes(), str(path))
        doc = proj.zh if lang == "zh" else proj.en
        if doc is None:
            raise InputError("the project holds no Chinese text", str(path))
        return doc
    return load(path, lang, presegmented)


def same_language(docs: list[Document]) -> str:
    """The one language of several versions, or an InputError naming the odd one."""
    langs = {d.text.lang for d in docs}
    if len(langs) > 1:
        odd = next(d for d in docs if d.text.lang != docs[0].text.lang)
        raise InputError(f"is {'Chinese' if odd.text.lang == 'zh' else 'English'} but {docs[0].text.origin} is not: "
                         "compare versions in one language", odd.text.origin)
    return docs[0].text.lang


def split_codes(values: list[str]) -> list[str]:
    """Rule codes from options that may repeat and hold commas: ``-s G,P001 -s T``."""
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


Stage = Callable[[Job, dict[str, Document], Path, Result], None]


def _segments(job: Job, docs: dict[str, Document], out: Path, result: Result) -> None:
    for lang, doc in sorted(docs.items()):
        path = out / f"segments.{lang}.json"
        path.write_text(dumps(segment_json(doc, "clause")), encoding="utf-8")
        result.files.append(path)
        counts = segment_json(doc, "clause")["counts"]
        parts = [f"{counts.get(k, 0)} {k}s" for k in ("part", "section", "item", "attribution", "sentence")
                 if counts.get(k)]
        result.summary.append(f"{lang}: {', '.join(parts)}")


def _alignment(job: Job, docs: dict[str, Document], out: Path, result: Result) -> None:
    if "zh" not in docs or "en" not in docs:
        return
    from .align.evaluate import format_beads, parse_beads, score
    from .render import alignment_json, alignment_summary, alignment_tsv, summary_line

    zh, en = docs["zh"], docs["en"]
    alignment = align_pair(zh, en, "sentence")
    result.alignment = alignment
    zu, eu = zh.level("sentence"), en.level("sentence")
    zt, et = [zh.text_of(u) for u in zu], [en.text_of(u) for u in eu]
    zi, ei = [u.id for u in zu], [u.id for u in eu]
    files = {
        "alignment.beads": format_beads(alignment.beads),
        "alignment.tsv": alignment_tsv(alignment, zt, et, zi, ei),
        "alignment.json": dumps(alignment_json(alignment, zh, en, zt, et, zi, ei, [(u.start, u.end) for u in zu],
                                               [(u.start, u.end) for u in eu])),
    }
    for name, data in files.items():
        (out / name).write_text(data, encoding="utf-8")
        result.files.append(out / name)
    result.summary.append("aligned " + summary_line(alignment_summary(alignment, len(zu), len(eu))))
    gold = job.gold
    if gold is not None and gold.exists():
        sc = score([parse_beads(gold.read_text(encoding="utf-8"), str(gold))], [[(b.zh, b.en) for b in alignment.beads]])
        result.summary.append(f"against {gold.name}: strict F1 {sc.strict.f1:.3f}, lax F1 {sc.lax.f1:.3f}")
    for w in alignment.warnings:
        result.summary.append(f"warning: {w}")


def _check_and_fix(job: Job, docs: dict[str, Document], out: Path, result: Result) -> None:
    if "en" not in docs:
        return
    from .fix import apply_fixes
    from .render import dumps
    from .report import changes_json, findings_json, findings_text

    checked = check_documents(docs["en"], docs.get("zh"), alignment=result.alignment)
    files = {
        "findings.json": dumps(findings_json(checked.findings, checked.en, checked.zh, checked.signature)),
        "findings.txt": findings_text(checked.findings, checked.en, checked.zh),
    }
    edition, skipped = apply_fixes(checked.en.text, checked.findings)
    files["edition.en.txt"] = edition.text.content
    files["changes.json"] = dumps(changes_json(edition, skipped))
    for name, data in files.items():
        (out / name).write_text(data, encoding="utf-8")
        result.files.append(out / name)
    by_sev = {}
    for f in checked.findings:
        by_sev[f.severity] = by_sev.get(f.severity, 0) + 1
    sev = ", ".join(f"{by_sev[k]} {k}" for k in ("error", "warning", "info") if k in by_sev) or "none"
    result.summary.append(f"checked: {len(checked.findings)} findings ({sev})")
    edits = sum(1 for c in edition.changes if not c.layout)
    result.summary.append(f"corrected edition: {edits} safe fixes applied, {len(edition.changes) - edits} paragraph "
                          f"breaks restored, {len(skipped)} fixes left for an editor")
    result.checked = checked
    result.edition = (edition, skipped)


def _exports(job: Job, docs: dict[str, Document], out: Path, result: Result) -> None:
    if result.checked is None:
        return
    from .export import exporters
    from .export.docx_clean import export_final

    c = result.checked
    bundle = bundle_of(c, *result.edition, name=job.name)
    written = []
    for name, (func, suffix) in exporters().items():
        if name in ("tmx", "xliff") and c.zh is None:
            continue
        path = out / f"{job.name}{suffix}"
        path.write_bytes(func(bundle))
        written.append(path.name)
    path = out / f"{job.name}.final.docx"
    path.write_bytes(export_final(bundle))
    written.append(path.name)
    result.files += [out / w for w in written]
    result.summary.append("exported: " + ", ".join(written))


#: The stages ``run`` applies, in order; later stages are appended here.
STAGES: list[Stage] = [_segments, _alignment, _check_and_fix, _exports]


def run_job(job: Job, out_root: Path) -> Result:
    """Read, segment and process one job; write its folder whole or not at all."""
    result = Result(job)
    docs: dict[str, Document] = {}
    for lang, path in (("zh", job.zh), ("en", job.en)):
        if path is not None:
            docs[lang] = segment(read_text(path, lang=lang))
    out_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{job.name}.", dir=out_root))
    umask = os.umask(0)
    os.umask(umask)
    staging.chmod(0o777 & ~umask)
    try:
        for stage in STAGES:
            stage(job, docs, staging, result)
        final = out_root / job.name
        if final.exists():
            shutil.rmtree(final)
        staging.rename(final)
        result.files = [final / p.relative_to(staging) for p in result.files]
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return result


def run_all(source: Path, out_root: Path, progress: Callable[[str], None] | None = None,
            finished: Callable[[str], None] | None = None) -> list[Result]:
    """Run every job found in ``source``; a bad job is reported and the rest go on."""
    results = []
    for job in discover(source, out_root):
        if progress:
            progress(job.name)
        try:
            results.append(run_job(job, out_root))
        except InputError as exc:
            results.append(Result(job, error=str(exc)))
        if finished:
            finished(job.name)
    return results
