"""The ``ipdoc`` command: parse options, call one function, render. Nothing else."""

from __future__ import annotations

import functools
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Callable, Optional

import typer

from . import __version__
from .errors import InputError

app = typer.Typer(
    name="ipdoc",
    help="Check, align, correct and export Chinese-to-English translated documents.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Lang(str, Enum):
    auto = "auto"
    zh = "zh"
    en = "en"


class Level(str, Enum):
    block = "block"
    sentence = "sentence"
    clause = "clause"


class TextOrJson(str, Enum):
    text = "text"
    json = "json"


def fail(message: str) -> None:
    typer.echo(f"ipdoc: error: {message}", err=True)
    raise typer.Exit(2)


def guarded(fn: Callable) -> Callable:
    """Turn bad input into one line on stderr and exit status 2."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except InputError as exc:
            fail(str(exc))
        except KeyboardInterrupt:
            typer.echo("ipdoc: interrupted", err=True)
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort):
            raise
        except BrokenPipeError:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback for users
            if os.environ.get("IPDOC_DEBUG"):
                raise
            fail(f"internal error: {type(exc).__name__}: {exc} (set IPDOC_DEBUG=1 for a traceback)")

    return wrapper


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ipdoc {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Check, align, correct and export Chinese-to-English translated documents."""


def _progress_enabled() -> bool:
    """A progress bar only on a terminal (and never when IPDOC_NO_PROGRESS is set)."""
    return sys.stderr.isatty() and not os.environ.get("IPDOC_NO_PROGRESS")


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


@app.command()
@guarded
def run(
    source: Path = typer.Option(Path("source_texts"), "--source", help="Folder of texts: NAME.zh.EXT and NAME.en.EXT."),
    out: Path = typer.Option(Path("alignments"), "--out", help="Where results go, one folder per NAME (rewritten)."),
) -> None:
    """Process every text or pair in SOURCE through all stages; results under OUT/NAME/."""
    from .pipeline import discover, run_all

    if _progress_enabled():
        from rich.progress import BarColumn, Progress, TextColumn

        jobs = discover(source, out)
        with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                      transient=True, console=_stderr_console()) as bar:
            task = bar.add_task("ipdoc run", total=len(jobs))

            def note(name: str) -> None:
                bar.update(task, description=f"ipdoc run: {name}")

            def done(name: str) -> None:
                bar.advance(task)

            results = run_all(source, out, progress=note, finished=done)
    else:
        results = run_all(source, out)
    if not results:
        fail(f"{source}: no readable texts (NAME.zh.txt / NAME.en.txt, .docx or .html)")
    failed = 0
    for r in results:
        sides = " + ".join(str(p.name) for p in (r.job.zh, r.job.en) if p)
        if r.error:
            failed += 1
            typer.echo(f"{r.job.name}: FAILED: {r.error}", err=True)
            continue
        typer.echo(f"{r.job.name} ({sides}) -> {out / r.job.name}/")
        for line in r.summary:
            typer.echo(f"  {line}")
    if failed:
        raise typer.Exit(2)


@app.command("segment")
@guarded
def segment_cmd(
    file: Path = typer.Argument(..., help="A .txt, .docx or .html file."),
    lang: Lang = typer.Option(Lang.auto, "--lang", help="Language of the file; auto detects it by script."),
    level: Level = typer.Option(Level.sentence, "--level", help="How deep to segment."),
    fmt: TextOrJson = typer.Option(TextOrJson.text, "--format", help="text for people, json for scripts."),
    presegmented: bool = typer.Option(False, "--presegmented", help="Each line is one sentence already."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
    force: bool = typer.Option(False, "--force", help="Overwrite OUTPUT if it exists."),
) -> None:
    """Recover a text's structure and split it into sentences and clauses."""
    from .io import emit
    from .read import read_text
    from .render import dumps, segment_json, segment_text
    from .segment import segment

    if output is not None:
        from .io import check_target

        check_target(output, force, (file,))
    doc = segment(read_text(file, lang=lang.value), presegmented=presegmented)
    rendered = dumps(segment_json(doc, level.value)) if fmt == TextOrJson.json else segment_text(doc, level.value)
    emit(rendered, output, force=True)


class AlignFormat(str, Enum):
    text = "text"
    tsv = "tsv"
    json = "json"
    beads = "beads"


class AlignLevel(str, Enum):
    sentence = "sentence"
    clause = "clause"


def _warn(message: str) -> None:
    typer.echo(f"ipdoc: warning: {message}", err=True)


@app.command("align")
@guarded
def align_cmd(
    zh: Path = typer.Argument(..., help="The Chinese original (.txt, .docx, .html)."),
    en: Path = typer.Argument(..., help="The English translation."),
    level: AlignLevel = typer.Option(AlignLevel.sentence, "--level", help="Align sentences or clauses."),
    fmt: AlignFormat = typer.Option(AlignFormat.text, "--format",
                                    help="text (side by side), tsv, json, or beads ([0,1]:[2] index format)."),
    presegmented: bool = typer.Option(False, "--presegmented", help="Each input line is one unit already."),
    pin: list[str] = typer.Option([], "--pin", help="Keep zh unit N with en unit M: zh:N=en:M (0-based); repeatable."),
    pins_file: Optional[Path] = typer.Option(None, "--pins", help="A file of pins, one zh:N=en:M per line."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
    force: bool = typer.Option(False, "--force", help="Overwrite OUTPUT if it exists."),
) -> None:
    """Align a Chinese text with its English translation, unit by unit."""
    from .io import check_target, emit
    from .pipeline import align_pair, load, parse_pins
    from .render import alignment_json, alignment_text, alignment_tsv, dumps
    from .align.evaluate import format_beads

    if output is not None:
        check_target(output, force, (zh, en))
    pins = parse_pins(pin)
    if pins_file is not None:
        pins += parse_pins(_read_lines(pins_file), str(pins_file))
    zh_doc = load(zh, "zh", presegmented)
    en_doc = load(en, "en", presegmented)
    lvl = "sentence" if presegmented else level.value
    alignment = align_pair(zh_doc, en_doc, lvl, pins)
    zu, eu = zh_doc.level(lvl), en_doc.level(lvl)
    ztexts, etexts = [zh_doc.text_of(u) for u in zu], [en_doc.text_of(u) for u in eu]
    zids, eids = [u.id for u in zu], [u.id for u in eu]
    if fmt == AlignFormat.beads:
        rendered = format_beads(alignment.beads)
    elif fmt == AlignFormat.tsv:
        rendered = alignment_tsv(alignment, ztexts, etexts, zids, eids)
    elif fmt == AlignFormat.json:
        rendered = dumps(alignment_json(alignment, zh_doc, en_doc, ztexts, etexts, zids, eids,
                                        [(u.start, u.end) for u in zu], [(u.start, u.end) for u in eu]))
    else:
        rendered = alignment_text(alignment, ztexts, etexts, zids, eids, width=_terminal_width())
    for w in alignment.warnings:
        _warn(w)
    emit(rendered, output, force=True)


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


def _load_pair(en: Path, zh: Optional[Path]):
    from .pipeline import load_inputs

    inputs = load_inputs(en, zh)
    return inputs.en, inputs.zh, inputs


@app.command("check")
@guarded
def check_cmd(
    en: Path = typer.Argument(..., help="The English translation to check."),
    zh: Optional[Path] = typer.Option(None, "--zh", help="The Chinese original: enables the bilingual rules."),
    glossary: list[Path] = typer.Option([], "--glossary", help="A glossary (CSV: zh,en,notes; or TBX); repeatable."),
    select: list[str] = typer.Option([], "--select", help="Only these rules: codes or prefixes, comma-separated."),
    ignore: list[str] = typer.Option([], "--ignore", help="Leave out these rules: codes or prefixes."),
    fail_on: FailOn = typer.Option(FailOn.error, "--fail-on", help="Exit 1 when findings at or above this severity exist."),
    fmt: TextOrJson = typer.Option(TextOrJson.text, "--format", help="text (FILE:LINE:COL: CODE message) or json."),
    reviewed: Optional[Path] = typer.Option(None, "--reviewed",
                                            help="File of reviewed fingerprints to leave out (default: EN.reviewed if it exists)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
    force: bool = typer.Option(False, "--force", help="Overwrite OUTPUT if it exists."),
) -> None:
    """Check a translation for anomalies; exit 1 when findings at --fail-on or above exist."""
    from . import reviewed as rv
    from .io import check_target, emit
    from .pipeline import check_documents, split_codes
    from .render import dumps
    from .report import findings_json, findings_text

    if output is not None:
        check_target(output, force, tuple(p for p in (en, zh) if p))
    en_doc, zh_doc, inputs = _load_pair(en, zh)
    marks = rv.load(reviewed if reviewed is not None else rv.default_path(en)) | inputs.reviewed
    checked = check_documents(en_doc, zh_doc, glossary, split_codes(select), split_codes(ignore), marks,
                              alignment=inputs.alignment)
    if checked.alignment is not None:
        for w in checked.alignment.warnings:
            _warn(w)
    if fmt == TextOrJson.json:
        rendered = dumps(findings_json(checked.findings, en_doc, zh_doc, checked.signature))
    else:
        rendered = findings_text(checked.findings, en_doc, zh_doc, color=output is None and sys.stdout.isatty())
    emit(rendered, output, force=True)
    if fail_on != FailOn.never:
        rank = {"info": 0, "warning": 1, "error": 2}
        if any(rank[f.severity] >= rank[fail_on.value] for f in checked.findings):
            raise typer.Exit(1)


@app.command("fix")
@guarded
def fix_cmd(
    en: Path = typer.Argument(..., help="The English translation to correct (never modified)."),
    zh: Optional[Path] = typer.Option(None, "--zh", help="The Chinese original: enables bilingual evidence and fixes."),
    unsafe: bool = typer.Option(False, "--unsafe", help="Apply suggested fixes too, not only safe ones."),
    decisions: Optional[Path] = typer.Option(None, "--decisions",
                                             help="An editor's decisions: FINGERPRINT accept|reject|replace TEXT per line."),
    glossary: list[Path] = typer.Option([], "--glossary", help="A glossary (CSV or TBX); repeatable."),
    select: list[str] = typer.Option([], "--select", help="Only fixes of these rules."),
    ignore: list[str] = typer.Option([], "--ignore", help="No fixes of these rules."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write the corrected text here (default stdout)."),
    changes: Optional[Path] = typer.Option(None, "--changes", help="Write the change list here as JSON."),
    verbose: bool = typer.Option(False, "-v", "--verbose", help="List every change and every fix left out on stderr."),
    force: bool = typer.Option(False, "--force", help="Overwrite existing outputs."),
) -> None:
    """Write the corrected edition: safe fixes applied, structure restored, every change listed."""
    from .fix import apply_fixes, load_decisions
    from .io import check_target, emit, write_atomic
    from .pipeline import check_documents, split_codes
    from .render import dumps
    from .report import changes_json, changes_text

    paths = tuple(p for p in (en, zh, decisions) if p)
    for target in (output, changes):
        if target is not None:
            check_target(target, force, paths)
    chosen = load_decisions(decisions) if decisions is not None else {}
    en_doc, zh_doc, inputs = _load_pair(en, zh)
    checked = check_documents(en_doc, zh_doc, glossary, split_codes(select), split_codes(ignore),
                              alignment=inputs.alignment)
    edition, skipped = apply_fixes(en_doc.text, checked.findings, unsafe, chosen)
    if changes is not None:
        write_atomic(check_target(changes, True, paths), dumps(changes_json(edition, skipped)))
    emit(edition.text.content, output, force=True, inputs=paths)
    listing = changes_text(edition, skipped).rstrip("\n").splitlines()
    if verbose:
        for line in listing[:-1]:
            typer.echo(line, err=True)
    typer.echo(f"ipdoc: {listing[-1]}" + ("" if changes or verbose else " (--changes FILE or -v lists them)"), err=True)


@app.command("review")
@guarded
def review_cmd(
    en: Path = typer.Argument(..., help="The English translation whose findings are reviewed."),
    fingerprints: list[str] = typer.Argument(None, help="Fingerprints of findings (from check --format json)."),
    zh: Optional[Path] = typer.Option(None, "--zh", help="The Chinese original, if the findings came from it."),
    all_: bool = typer.Option(False, "--all", help="Mark every current finding (of the selected rules)."),
    select: list[str] = typer.Option([], "--select", help="With --all: only these rules."),
    reviewed: Optional[Path] = typer.Option(None, "--reviewed", help="The reviewed file (default: EN.reviewed)."),
    note: str = typer.Option("", "--note", help="A note kept beside each fingerprint."),
) -> None:
    """Mark findings as reviewed so that check no longer reports them."""
    from . import reviewed as rv
    from .pipeline import check_documents, split_codes

    if not fingerprints and not all_:
        raise InputError("give fingerprints of findings, or --all")
    en_doc, zh_doc, inputs = _load_pair(en, zh)
    checked = check_documents(en_doc, zh_doc, (), split_codes(select), alignment=inputs.alignment)
    wanted = set(fingerprints or ())
    chosen = [f for f in checked.findings if all_ or f.fingerprint in wanted]
    missing = wanted - {f.fingerprint for f in checked.findings}
    if missing:
        raise InputError(f"no current finding has fingerprint {sorted(missing)[0]}")
    path = reviewed if reviewed is not None else rv.default_path(en)
    added = rv.add(path, chosen, en_doc.text.content, note)
    typer.echo(f"{added} findings marked as reviewed in {path}")


class ExportFormat(str, Enum):
    docx = "docx"
    docx_clean = "docx-clean"
    tmx = "tmx"
    xliff = "xliff"
    xml = "xml"
    json = "json"


@app.command("export")
@guarded
def export_cmd(
    en: Optional[Path] = typer.Argument(None, help="The English translation (not needed with --project)."),
    to: ExportFormat = typer.Option(..., "--to", help="docx (annotated review), docx-clean (corrected edition), "
                                    "tmx, xliff, xml (project file) or json."),
    zh: Optional[Path] = typer.Option(None, "--zh", help="The Chinese original."),
    project: Optional[Path] = typer.Option(None, "--project", help="A project file (xml or json) instead of the texts."),
    glossary: list[Path] = typer.Option([], "--glossary", help="A glossary (CSV or TBX); repeatable."),
    accept_all: bool = typer.Option(False, "--accept-all", help="docx-clean: a final copy with every correction made."),
    unsafe: bool = typer.Option(False, "--unsafe", help="The edition also takes suggested fixes."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Where to write (default: beside EN)."),
    force: bool = typer.Option(False, "--force", help="Overwrite OUTPUT if it exists."),
) -> None:
    """Export the alignment, findings and corrected edition for Word, CAT tools or scripts."""
    from . import reviewed as rv
    from .export import exporters
    from .export.docx_clean import export as clean
    from .io import check_target, write_atomic
    from .pipeline import load_inputs, make_bundle

    func, suffix = exporters()[to.value]
    base = project or en
    if base is None:
        raise InputError("give the English text or --project FILE")
    target = output if output is not None else base.with_name(base.name.split(".")[0] + suffix)
    inputs_list = tuple(p for p in (en, zh, project) if p)
    check_target(target, force, inputs_list)
    inputs = load_inputs(en, zh, project)
    marks = rv.load(rv.default_path(en)) if en is not None else set()
    name = "" if inputs.project is not None else base.name.split(".")[0]
    bundle = make_bundle(inputs, glossary, marks, name=name, unsafe=unsafe)
    data = clean(bundle, accept_all=True) if to == ExportFormat.docx_clean and accept_all else func(bundle)
    write_atomic(target, data)
    typer.echo(f"wrote {target} ({len(data):,} bytes)", err=True)


class DiffLevel(str, Enum):
    section = "section"
    sentence = "sentence"
    clause = "clause"
    word = "word"


class DiffFormat(str, Enum):
    text = "text"
    html = "html"
    json = "json"


@app.command("diff")
@guarded
def diff_cmd(
    a: Path = typer.Argument(..., help="The older version (any format ipdoc reads, or a project file)."),
    b: Path = typer.Argument(..., help="The newer version."),
    lang: Lang = typer.Option(Lang.auto, "--lang", help="Language of both versions (auto: by script)."),
    level: DiffLevel = typer.Option(DiffLevel.sentence, "--level", help="Unit of comparison."),
    fmt: DiffFormat = typer.Option(DiffFormat.text, "--format", help="text (coloured on a terminal), html or json."),
    presegmented: bool = typer.Option(False, "--presegmented", help="Each line is one unit already."),
    show_unchanged: bool = typer.Option(False, "--all", help="Text output: show unchanged units too."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
    force: bool = typer.Option(False, "--force", help="Overwrite OUTPUT if it exists."),
) -> None:
    """Compare two versions of a text unit by unit; exit 0 if identical, 1 if they differ."""
    from .diff import diff_documents
    from .diffview import diff_html, diff_json, diff_text
    from .io import check_target, emit
    from .pipeline import load_version, same_language
    from .render import dumps
    from .score import diff_scores

    if output is not None:
        check_target(output, force, (a, b))
    da = load_version(a, lang.value, presegmented)
    db = load_version(b, lang.value, presegmented)
    same_language([da, db])
    d = diff_documents(da, db, level.value)
    scores = diff_scores(d)
    if fmt == DiffFormat.json:
        rendered = dumps(diff_json(d, scores))
    elif fmt == DiffFormat.html:
        rendered = diff_html(d, scores)
    else:
        rendered = diff_text(d, scores, color=output is None and sys.stdout.isatty(), show_unchanged=show_unchanged)
    emit(rendered, output, force=True)
    raise typer.Exit(0 if d.identical else 1)


class ScoreLevel(str, Enum):
    corpus = "corpus"
    unit = "unit"


@app.command("score")
@guarded
def score_cmd(
    hyp: Path = typer.Argument(..., help="The translation to score."),
    refs: list[Path] = typer.Argument(..., help="One or more reference translations."),
    level: ScoreLevel = typer.Option(ScoreLevel.corpus, "--level", help="corpus scores, or per unit (worst first) too."),
    lang: Lang = typer.Option(Lang.auto, "--lang", help="Language of the texts."),
    presegmented: bool = typer.Option(False, "--presegmented", help="Each line is one unit already."),
    fmt: TextOrJson = typer.Option(TextOrJson.text, "--format", help="text or json."),
    worst: int = typer.Option(20, "--worst", help="With --level unit: how many of the worst units to list."),
) -> None:
    """BLEU, chrF and TER (sacrebleu) of HYP against the references, aligned unit by unit."""
    from .diffview import score_json, score_text
    from .pipeline import load_version, same_language
    from .render import dumps
    from .score import score_documents

    h = load_version(hyp, lang.value, presegmented)
    rs = [load_version(r, lang.value, presegmented) for r in refs]
    same_language([h, *rs])
    scores, segs = score_documents(h, rs)
    if fmt == TextOrJson.json:
        typer.echo(dumps(score_json(scores, segs, str(hyp), [str(r) for r in refs])), nl=False)
    else:
        typer.echo(score_text(scores, segs, level.value, worst), nl=False)


@app.command("rules")
@guarded
def rules_cmd(
    fmt: TextOrJson = typer.Option(TextOrJson.text, "--format", help="text or json."),
) -> None:
    """List the rules: code, name, family, severity, fix safety, what and why."""
    from .render import dumps
    from .report import rules_json, rules_text

    typer.echo(dumps(rules_json()) if fmt == TextOrJson.json else rules_text(), nl=False)


def _read_lines(path: Path) -> list[str]:
    if not path.is_file():
        raise InputError("no such file", str(path))
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise InputError("not a UTF-8 text file of pins", str(path)) from None


def _terminal_width() -> int:
    import shutil

    return max(60, min(200, shutil.get_terminal_size((120, 24)).columns))


def main() -> None:
    app()
