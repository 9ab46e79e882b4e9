"""The ``ipdoc`` command: parse options, call one function, render. Nothing else."""

from __future__ import annotations

import functools
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path

import typer

from . import __version__
from .errors import InputError
from .model import Level

app = typer.Typer(
    name="ipdoc",
    help="Check, align, correct and export Chinese-to-English translated documents.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Lang(StrEnum):
    auto = "auto"
    zh = "zh"
    en = "en"


class TextOrJson(StrEnum):
    text = "text"
    json = "json"


_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(message: str) -> str:
    """A message on one line: line breaks and other control characters (from a file's own data,
    or an exception's text) shown as escapes."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], message)


def fail(message: str) -> None:
    typer.echo(f"ipdoc: error: {one_line(message)}", err=True)
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
        except Exception as exc:
            if os.environ.get("IPDOC_DEBUG"):
                raise
            fail(f"internal error: {type(exc).__name__}: {exc} (set IPDOC_DEBUG=1 for a traceback)")

    return wrapper


_DECISIONS_HELP = ("An editor's decisions, one per line: FINGERPRINT accept|reject|replace TEXT (replace on an "
                   "omission B001 gives its translation); an unknown fingerprint is refused.")
_PINS_HELP = "A file of pins, one zh:N=en:M per line: units that must share a bead (the pair is aligned again)."


class Errors(StrEnum):
    STRICT = "strict"
    REPLACE = "replace"


_ENCODING = typer.Option(None, "--encoding", metavar="ENC",
                         help="Decode the input texts with ENC (e.g. gb18030, big5, cp1252) instead of detecting it.")
_ERRORS = typer.Option(Errors.STRICT, "--errors",
                       help="strict: refuse bytes that do not decode; replace: read them as U+FFFD.")


def _decoding(encoding: str | None, errors: Errors):
    from .pipeline import Decoding

    return Decoding(encoding, errors.value)


def _outputs(force: bool, inputs: tuple[Path | None, ...], *outputs: Path | None, stdout: bool = True):
    """Every output of a command checked before anything is read or written (``None``: stdout)."""
    from .io import Outputs

    plan = Outputs(force, inputs)
    for k, out in enumerate(outputs):
        plan.add(out, stdout_default=stdout and k == 0)
    plan.check()
    return plan


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ipdoc {__version__}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Show the version and exit."),
) -> None:
    """Check, align, correct and export Chinese-to-English translated documents."""


def _progress_enabled() -> bool:
    """A progress bar only on a terminal (and never when IPDOC_NO_PROGRESS is set)."""
    return sys.stderr.isatty() and not os.environ.get("IPDOC_NO_PROGRESS")


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


@contextmanager
def _progress(total: int, label: str, lines: bool = False) -> Iterator[Callable]:
    """A callback for each finished job: a bar on a terminal (done, failed, elapsed, time
    left); when piped, one plain line per job if ``lines``, else nothing."""
    if not _progress_enabled():
        count = 0

        def line(r) -> None:
            nonlocal count
            count += 1
            if lines:
                _job_line(r, f"[{count}/{total}] ")

        yield line
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[failed]} failed"), TimeElapsedColumn(), TextColumn("left"),
                  TimeRemainingColumn(), transient=True, console=_stderr_console()) as bar:
        task = bar.add_task(label, total=total, failed=0)

        def advance(r) -> None:
            failed = bar.tasks[0].fields["failed"] + (r.status == "failed")
            bar.update(task, advance=1, failed=failed, description=f"{label}: {r.job.name}")
            if r.status == "failed":
                bar.console.print(f"{r.job.name}: FAILED: {r.error}", markup=False, highlight=False)

        yield advance


def _job_line(r, prefix: str = "") -> None:
    if r.status == "failed":
        typer.echo(f"{prefix}{r.job.name}: FAILED: {r.error}", err=True)
    else:
        cost = f" ({r.seconds:.1f} s)" if r.seconds is not None else " (unchanged)"
        typer.echo(f"{prefix}{r.job.name}: {r.status}{cost}")


@app.command()
@guarded
def run(
    source: Path = typer.Option(Path("source_texts"), "--source", help="Folder of texts: NAME.zh.EXT and NAME.en.EXT."),
    out: Path = typer.Option(Path("alignments"), "--out", help="Where results go, one folder per NAME (rewritten)."),
    jobs: int = typer.Option(1, "--jobs", help="How many documents to process at once, in worker processes."),
    as_of: int | None = typer.Option(None, "--as-of", metavar="YEAR",
                                     help="The document's year for names by date (default: its date line or "
                                          "document number)."),
    decisions: Path | None = typer.Option(None, "--decisions",
                                          help=_DECISIONS_HELP + " SOURCE must hold one document."),
    pins: Path | None = typer.Option(None, "--pins", help=_PINS_HELP + " SOURCE must hold one document."),
) -> None:
    """Process every text or pair in SOURCE through all stages; results under OUT/NAME/.

    The editor's work in OUT/NAME/NAME.ipdoc.xml (from ipdoc serve, or an earlier run) is kept:
    decisions always, and when the texts are unchanged also confirmed beads, pins, supplied
    translations and English edits (the unconfirmed rest is aligned again)."""
    from dataclasses import replace

    from .batch import run_jobs
    from .pipeline import Options, discover

    found = discover(source, out)
    if not found:
        fail(f"{source}: no readable texts (NAME.zh.txt / NAME.en.txt, .docx or .html)")
    if decisions is not None or pins is not None:
        if len(found) != 1:
            raise InputError(f"--decisions and --pins name the findings and units of one document, and {source} "
                             f"holds {len(found)}: run that document from a folder of its own", str(source))
        found = [replace(found[0], decisions=decisions, pins=pins)]
    with _progress(len(found), "ipdoc run") as note:
        results = run_jobs(found, out, Options(as_of=_year(as_of)), workers=_positive(jobs, "--jobs"), force=True,
                           on_result=note)
    for r in results:
        sides = " + ".join(str(p.name) for p in (r.job.zh, r.job.en) if p)
        if r.error:
            typer.echo(f"{r.job.name}: FAILED: {r.error}", err=True)
            continue
        typer.echo(f"{r.job.name} ({sides}) -> {out / r.job.name}/")
        for line in r.summary:
            typer.echo(f"  {line}")
    if any(r.error for r in results):
        raise typer.Exit(2)


@app.command()
@guarded
def batch(
    source: Path = typer.Argument(..., help="A folder of texts (NAME.zh.EXT / NAME.en.EXT, searched recursively) "
                                  "or a manifest: CSV or JSONL with name, zh, en and optional gold."),
    out: Path = typer.Option(..., "--out", help="Where results go: OUT/NAME/ per pair, and the corpus outputs."),
    jobs: int | None = typer.Option(None, "--jobs", help="Pairs processed at once in worker processes "
                                    "(default: the number of cores)."),
    stages: list[str] = typer.Option([], "--stages", help="Only these stages, comma-separated: segment, align, "
                                     "check, tmx, export (default: all)."),
    force: bool = typer.Option(False, "--force", help="Redo pairs whose stored results are up to date."),
    min_confidence: float = typer.Option(0.0, "--min-confidence", help="corpus.tmx keeps beads scored at least this."),
    presegmented: bool = typer.Option(False, "--presegmented", help="Each input line is one sentence already."),
    as_of: int | None = typer.Option(None, "--as-of", metavar="YEAR",
                                     help="The documents' year for names by date (default: each one's own)."),
    dask: str | None = typer.Option(None, "--dask", help="Run on this Dask scheduler (tcp://HOST:8786) instead of "
                                    "local processes."),
) -> None:
    """Run many pairs (a folder or a manifest) in parallel, locally or on Dask; resumable."""
    from .batch import default_jobs, discover_source, run_jobs, write_corpus
    from .pipeline import STAGES, Options, split_codes

    if not 0.0 <= min_confidence <= 1.0:
        raise InputError("must be between 0 and 1", "--min-confidence")
    options = Options(tuple(split_codes(stages)) or STAGES, presegmented, _year(as_of))
    found = discover_source(source, out)
    if not found:
        fail(f"{source}: no pairs found (NAME.zh.txt / NAME.en.txt, .docx or .html; or manifest rows)")
    start = time.perf_counter()
    with _progress(len(found), "ipdoc batch", lines=True) as note:
        results = run_jobs(found, out, options, workers=default_jobs() if jobs is None else _positive(jobs, "--jobs"),
                           dask=dask, force=force, on_result=note)
    corpus = write_corpus(out, results, options, min_confidence, time.perf_counter() - start)
    c = corpus.summary["corpus"]
    tmx = (f"corpus.tmx: {corpus.tmx_units} units scored {min_confidence:g} or more" if corpus.tmx
           else "no corpus.tmx (it gathers the pairs' TMX: choose the tmx or export stage)")
    typer.echo(f"{c['pairs']} pairs: {c['done']} done, {c['skipped']} skipped as unchanged, {c['failed']} failed; "
               + tmx)
    if c["gold"]:
        g = c["gold"]
        typer.echo(f"against the gold of {g['pairs']} pairs: strict F1 {g['strict']['f1']:.3f}, "
                   f"lax F1 {g['lax']['f1']:.3f}")
    typer.echo(f"summary: {out / 'summary.json'}, {out / 'summary.csv'}")
    if c["failed"]:
        raise typer.Exit(2)


def _positive(n: int, option: str) -> int:
    if n < 1:
        raise InputError("must be 1 or more", option)
    return n


@app.command("segment")
@guarded
def segment_cmd(
    file: Path = typer.Argument(..., help="A .txt, .docx or .html file."),
    lang: Lang = typer.Option(Lang.auto, "--lang", help="Language of the file; auto detects it by script."),
    level: Level = typer.Option(Level.SENTENCE, "--level", help="How deep to segment."),
    fmt: TextOrJson = typer.Option(TextOrJson.text, "--format", help="text for people, json for scripts."),
    presegmented: bool = typer.Option(False, "--presegmented", help="Each line is one sentence already."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
    force: bool = typer.Option(False, "--force", help="Overwrite OUTPUT if it exists."),
    encoding: str | None = _ENCODING,
    errors: Errors = _ERRORS,
) -> None:
    """Recover a text's structure and split it into sentences and clauses."""
    from .pipeline import load
    from .render import dumps

    plan = _outputs(force, (file,), output)
    doc = load(file, lang.value, presegmented, _decoding(encoding, errors))
    plan.emit(dumps(doc.to_json(level.value)) if fmt == TextOrJson.json else doc.to_text(level.value), output)


class AlignFormat(StrEnum):
    text = "text"
    tsv = "tsv"
    json = "json"
    beads = "beads"


class AlignLevel(StrEnum):
    sentence = "sentence"
    clause = "clause"


class Semantic(StrEnum):
    auto = "auto"
    on = "on"
    off = "off"


def _warn(message: str) -> None:
    typer.echo(f"ipdoc: warning: {one_line(message)}", err=True)


@app.command("align")
@guarded
def align_cmd(
    zh: Path = typer.Argument(..., help="The Chinese original (.txt, .docx, .html)."),
    en: Path = typer.Argument(..., help="The English translation."),
    level: AlignLevel = typer.Option(
        AlignLevel.sentence, "--level",
        help="sentence; or clause: the sentences first, then the clauses inside every sentence pair (the English "
             "cut further where the Chinese clauses call for it; pins are sentence pins)."),
    fmt: AlignFormat = typer.Option(AlignFormat.text, "--format",
                                    help="text (side by side), tsv, json, or beads ([0,1]:[2] index format)."),
    presegmented: bool = typer.Option(False, "--presegmented", help="Each input line is one unit already."),
    pin: list[str] = typer.Option([], "--pin", help="Keep zh unit N with en unit M: zh:N=en:M (0-based); repeatable."),
    pins_file: Path | None = typer.Option(None, "--pins", help="A file of pins, one zh:N=en:M per line."),
    semantic: Semantic = typer.Option(
        Semantic.auto, "--semantic",
        help="Sentence-vector evidence (multilingual USE, shipped in its package, cached per text): on everywhere; "
             "auto: only where the words leave the alignment unsure (stretches around beads below 0.8 confidence, "
             "when they hold a tenth of the text or more), so close translations skip the encoder; off: words, "
             "numbers, names and lengths only."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
    force: bool = typer.Option(False, "--force", help="Overwrite OUTPUT if it exists."),
    encoding: str | None = _ENCODING,
    errors: Errors = _ERRORS,
) -> None:
    """Align a Chinese text with its English translation, unit by unit."""
    from .align.clauses import ClauseAlignment
    from .model import AlignedPair
    from .pipeline import align_clauses, align_pair, load, load_pins, parse_pins
    from .render import dumps

    plan = _outputs(force, (zh, en, pins_file), output)
    pins = parse_pins(pin)
    if pins_file is not None:
        pins += load_pins(pins_file)
    decoding = _decoding(encoding, errors)
    zh_doc, en_doc = load(zh, "zh", presegmented, decoding), load(en, "en", presegmented, decoding)
    pair: AlignedPair | ClauseAlignment
    if level == AlignLevel.clause:
        pair = align_clauses(zh_doc, en_doc, pins, semantic=semantic.value)
    else:
        pair = align_pair(zh_doc, en_doc, "sentence", pins, semantic=semantic.value)
    if fmt == AlignFormat.beads:
        rendered = pair.to_beads()
    elif fmt == AlignFormat.tsv:
        rendered = pair.to_tsv()
    elif fmt == AlignFormat.json:
        rendered = dumps(pair.to_json())
    else:
        rendered = pair.to_text(width=_terminal_width())
    for w in pair.warnings:
        _warn(w)
    plan.emit(rendered, output)


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


def _year(as_of: int | None) -> int | None:
    """The --as-of year, checked."""
    if as_of is not None and not 1949 <= as_of <= 2100:
        raise InputError(f"--as-of {as_of}: give the document's year (1949 to 2100)")
    return as_of


def _marks(reviewed: Path | None, en: Path | None, stored) -> set[str]:
    """Reviewed fingerprints: the --reviewed file (default EN.reviewed) and a project's own."""
    from . import reviewed as rv

    marks = rv.load(reviewed if reviewed is not None else rv.default_path(en) if en is not None else None)
    return marks | (stored.reviewed if stored is not None else set())


@app.command("check")
@guarded
def check_cmd(
    en: Path = typer.Argument(..., help="The English translation to check (or a project file)."),
    zh: Path | None = typer.Option(None, "--zh", help="The Chinese original: enables the bilingual rules."),
    glossary: list[Path] = typer.Option([], "--glossary", help="A term base of your own (CSV: zh,en[,status,years,"
                                        "source,note]; or TBX), taking precedence over the built-in; repeatable."),
    as_of: int | None = typer.Option(None, "--as-of", metavar="YEAR",
                                     help="The document's year for names by date (default: its date line or "
                                          "document number)."),
    select: list[str] = typer.Option([], "--select", help="Only these rules: codes or prefixes, comma-separated."),
    ignore: list[str] = typer.Option([], "--ignore", help="Leave out these rules: codes or prefixes."),
    fail_on: FailOn = typer.Option(FailOn.error, "--fail-on",
                                   help="Exit 1 when findings at or above this severity exist."),
    fmt: TextOrJson = typer.Option(TextOrJson.text, "--format", help="text (FILE:LINE:COL: CODE message) or json."),
    no_group: bool = typer.Option(False, "--no-group",
                                  help="Text: one line per finding, not one per group of findings about one thing."),
    reviewed: Path | None = typer.Option(None, "--reviewed",
                                         help="File of reviewed fingerprints to leave out "
                                              "(default: EN.reviewed if it exists)."),
    decisions: Path | None = typer.Option(None, "--decisions",
                                          help=_DECISIONS_HELP + " Decided findings are left out."),
    pins: Path | None = typer.Option(None, "--pins", help=_PINS_HELP),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
    force: bool = typer.Option(False, "--force", help="Overwrite OUTPUT if it exists."),
    encoding: str | None = _ENCODING,
    errors: Errors = _ERRORS,
) -> None:
    """Check a translation for anomalies; exit 1 when findings at --fail-on or above exist."""
    from .pipeline import check_decided, load_pins, open_subject, split_codes
    from .render import dumps

    plan = _outputs(force, (en, zh, decisions, pins, reviewed), output)
    subject, stored = open_subject(en, zh, pins=load_pins(pins) if pins is not None else (),
                                   decoding=_decoding(encoding, errors))
    checked = check_decided(subject, glossary, split_codes(select), split_codes(ignore), _marks(reviewed, en, stored),
                            stored, decisions, _year(as_of))
    if checked.pair is not None and stored is None:
        for w in checked.pair.warnings:
            _warn(w)
    if fmt == TextOrJson.json:
        rendered = dumps(checked.to_json())
    else:
        rendered = checked.to_text(color=output is None and sys.stdout.isatty(), group=not no_group)
    plan.emit(rendered, output)
    if fail_on != FailOn.never and checked.any_at_least(fail_on.value):
        raise typer.Exit(1)


@app.command("fix")
@guarded
def fix_cmd(
    en: Path = typer.Argument(..., help="The English translation to correct (never modified), or a project file."),
    zh: Path | None = typer.Option(None, "--zh", help="The Chinese original: enables bilingual evidence and fixes."),
    unsafe: bool = typer.Option(False, "--unsafe", help="Apply suggested fixes too, not only safe ones."),
    decisions: Path | None = typer.Option(None, "--decisions", help=_DECISIONS_HELP),
    pins: Path | None = typer.Option(None, "--pins", help=_PINS_HELP),
    glossary: list[Path] = typer.Option([], "--glossary", help="A term base of your own (CSV or TBX); repeatable."),
    as_of: int | None = typer.Option(None, "--as-of", metavar="YEAR",
                                     help="The document's year for names by date (default: its date line or "
                                          "document number)."),
    select: list[str] = typer.Option([], "--select", help="Only fixes of these rules."),
    ignore: list[str] = typer.Option([], "--ignore", help="No fixes of these rules."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write the corrected text here (default stdout)."),
    changes: Path | None = typer.Option(None, "--changes", help="Write the change list here as JSON."),
    verbose: bool = typer.Option(False, "-v", "--verbose", help="List every change and every fix left out on stderr."),
    force: bool = typer.Option(False, "--force", help="Overwrite existing outputs."),
    encoding: str | None = _ENCODING,
    errors: Errors = _ERRORS,
) -> None:
    """Write the corrected edition: safe fixes applied, structure restored, every change listed."""
    from .pipeline import edition_of, load_pins, review_for_export, split_codes
    from .render import dumps

    plan = _outputs(force, (en, zh, decisions, pins), output, changes)
    review = review_for_export(en, zh, None, glossary, unsafe=unsafe, decisions=decisions,
                               pins=load_pins(pins) if pins is not None else (), as_of=_year(as_of),
                               decoding=_decoding(encoding, errors))
    edition = edition_of(review, split_codes(select), split_codes(ignore))
    if changes is not None:
        plan.emit(dumps(edition.to_json()), changes)
    plan.emit(edition.text.content, output)
    listing = edition.to_text().rstrip("\n").splitlines()
    if verbose:
        for line in listing[:-1]:
            typer.echo(line, err=True)
    typer.echo(f"ipdoc: {listing[-1]}" + ("" if changes or verbose else " (--changes FILE or -v lists them)"), err=True)


@app.command("review")
@guarded
def review_cmd(
    en: Path = typer.Argument(..., help="The English translation whose findings are reviewed."),
    fingerprints: list[str] = typer.Argument(None, help="Fingerprints of findings (from check --format json)."),
    zh: Path | None = typer.Option(None, "--zh", help="The Chinese original, if the findings came from it."),
    all_: bool = typer.Option(False, "--all", help="Mark every current finding (of the selected rules)."),
    select: list[str] = typer.Option([], "--select", help="With --all: only these rules."),
    reviewed: Path | None = typer.Option(None, "--reviewed", help="The reviewed file (default: EN.reviewed)."),
    note: str = typer.Option("", "--note", help="A note kept beside each fingerprint."),
) -> None:
    """Mark findings as reviewed so that check no longer reports them."""
    from . import reviewed as rv
    from .io import check_target
    from .pipeline import check, open_subject, split_codes

    if not fingerprints and not all_:
        raise InputError("give fingerprints of findings, or --all")
    path = reviewed if reviewed is not None else rv.default_path(en)
    check_target(path, True, (en, zh))  # appended to: a regular file or none, never an input, checked first
    subject, _stored = open_subject(en, zh)
    checked = check(subject, select=split_codes(select))
    wanted = set(fingerprints or ())
    chosen = [f for f in checked.findings if all_ or f.fingerprint in wanted]
    missing = wanted - {f.fingerprint for f in checked.findings}
    if missing:
        raise InputError(f"no current finding has fingerprint {sorted(missing)[0]}")
    added = rv.add(path, chosen, checked.en.text.content, note)
    typer.echo(f"{added} findings marked as reviewed in {path}")


class ExportFormat(StrEnum):
    docx = "docx"
    docx_clean = "docx-clean"
    docx_final = "docx-final"
    tmx = "tmx"
    xliff = "xliff"
    xml = "xml"
    json = "json"
    tei = "tei"


@app.command("export")
@guarded
def export_cmd(
    en: Path | None = typer.Argument(None, help="The English translation (not needed with --project)."),
    to: ExportFormat = typer.Option(..., "--to", help="docx (annotated review), docx-clean (corrected edition, "
                                    "tracked changes), docx-final (corrected, all accepted), tmx, xliff, "
                                    "xml (project file), json or tei (TEI P5 edition)."),
    zh: Path | None = typer.Option(None, "--zh", help="The Chinese original."),
    project: Path | None = typer.Option(None, "--project",
                                        help="A project file (xml, json or ipdoc's TEI) instead of the texts."),
    glossary: list[Path] = typer.Option([], "--glossary", help="A term base of your own (CSV or TBX); repeatable."),
    as_of: int | None = typer.Option(None, "--as-of", metavar="YEAR",
                                     help="The document's year for names by date (default: its date line or "
                                          "document number)."),
    accept_all: bool = typer.Option(False, "--accept-all", help="With docx-clean: the same as --to docx-final."),
    unsafe: bool = typer.Option(False, "--unsafe", help="The edition also takes suggested fixes."),
    decisions: Path | None = typer.Option(None, "--decisions", help=_DECISIONS_HELP),
    pins: Path | None = typer.Option(None, "--pins", help=_PINS_HELP),
    level: AlignLevel = typer.Option(AlignLevel.sentence, "--level",
                                     help="tmx and xliff: a unit per sentence bead, or per clause bead (the clauses "
                                          "aligned inside every sentence pair)."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Where to write (default: beside EN)."),
    force: bool = typer.Option(False, "--force", help="Overwrite OUTPUT if it exists."),
    encoding: str | None = _ENCODING,
    errors: Errors = _ERRORS,
) -> None:
    """Export the alignment, findings and corrected edition for Word, CAT tools or scripts."""
    from . import reviewed as rv
    from .export import exporters
    from .pipeline import is_project_file, load_pins, review_for_export

    fmt = ExportFormat.docx_final if to == ExportFormat.docx_clean and accept_all else to
    func, suffix = exporters()[fmt.value]
    if level == AlignLevel.clause:
        if fmt not in (ExportFormat.tmx, ExportFormat.xliff):
            raise InputError("--level clause is for --to tmx and --to xliff (the other formats show the clauses "
                             "inside the sentence pairs)")
        from .export import tmx, xliff

        module = tmx if fmt == ExportFormat.tmx else xliff
        func = functools.partial(module.export, level="clause")
    base = project or en
    if base is None:
        raise InputError("give the English text or --project FILE")
    target = output if output is not None else base.with_name(base.name.split(".")[0] + suffix)
    plan = _outputs(force, (en, zh, project, decisions, pins), target, stdout=False)
    marks = rv.load(rv.default_path(en)) if en is not None else set()
    name = "" if project is not None or is_project_file(base) else base.name.split(".")[0]
    data = func(review_for_export(en, zh, project, glossary, marks, name=name, unsafe=unsafe, decisions=decisions,
                                  pins=load_pins(pins) if pins is not None else (), as_of=_year(as_of),
                                  decoding=_decoding(encoding, errors)))
    plan.emit(data, target)
    typer.echo(f"wrote {'stdout' if str(target) == '-' else target} ({len(data):,} bytes)", err=True)


class DiffLevel(StrEnum):
    section = "section"
    sentence = "sentence"
    clause = "clause"
    word = "word"


class DiffFormat(StrEnum):
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
    ignore_layout: bool = typer.Option(False, "-w", "--ignore-layout",
                                       help="Exit 0 when the versions differ only in whitespace and paragraph breaks."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write here instead of stdout."),
    force: bool = typer.Option(False, "--force", help="Overwrite OUTPUT if it exists."),
    encoding: str | None = _ENCODING,
    errors: Errors = _ERRORS,
) -> None:
    """Compare two versions of a text unit by unit; exit 0 if identical, 1 if they differ.

    --level word pairs sentences and reports every word edit on its own line.
    """
    from .diff import diff_documents
    from .pipeline import load_version, same_language
    from .render import dumps

    plan = _outputs(force, (a, b), output)
    decoding = _decoding(encoding, errors)
    da = load_version(a, lang.value, presegmented, decoding)
    db = load_version(b, lang.value, presegmented, decoding)
    same_language([da, db])
    d = diff_documents(da, db, level.value)
    if fmt == DiffFormat.json:
        rendered = dumps(d.to_json())
    elif fmt == DiffFormat.html:
        rendered = d.to_html()
    else:
        rendered = d.to_text(color=output is None and sys.stdout.isatty(), show_unchanged=show_unchanged)
    plan.emit(rendered, output)
    raise typer.Exit(0 if d.identical or (ignore_layout and d.layout_only) else 1)


class ScoreLevel(StrEnum):
    corpus = "corpus"
    unit = "unit"


@app.command("score")
@guarded
def score_cmd(
    hyp: Path = typer.Argument(..., help="The translation to score."),
    refs: list[Path] = typer.Argument(..., help="One or more reference translations."),
    level: ScoreLevel = typer.Option(ScoreLevel.corpus, "--level",
                                     help="corpus scores, or per unit (worst first) too."),
    lang: Lang = typer.Option(Lang.auto, "--lang", help="Language of the texts."),
    presegmented: bool = typer.Option(False, "--presegmented", help="Each line is one unit already."),
    fmt: TextOrJson = typer.Option(TextOrJson.text, "--format", help="text or json."),
    worst: int = typer.Option(20, "--worst", help="With --level unit: how many of the worst units to list."),
    encoding: str | None = _ENCODING,
    errors: Errors = _ERRORS,
) -> None:
    """BLEU, chrF and TER (sacrebleu) of HYP against the references, aligned unit by unit."""
    from .pipeline import load_version, same_language
    from .render import dumps
    from .score import score_documents

    decoding = _decoding(encoding, errors)
    h = load_version(hyp, lang.value, presegmented, decoding)
    rs = [load_version(r, lang.value, presegmented, decoding) for r in refs]
    same_language([h, *rs])
    report = score_documents(h, rs)
    typer.echo(dumps(report.to_json()) if fmt == TextOrJson.json else report.to_text(level == ScoreLevel.unit, worst),
               nl=False)


@app.command("rules")
@guarded
def rules_cmd(
    fmt: TextOrJson = typer.Option(TextOrJson.text, "--format", help="text or json."),
) -> None:
    """List the rules: code, name, family, severity, fix safety, what and why."""
    from .checks import rules_json, rules_text
    from .render import dumps

    typer.echo(dumps(rules_json()) if fmt == TextOrJson.json else rules_text(), nl=False)


@app.command("serve")
@guarded
def serve_cmd(
    project: Path = typer.Argument(..., help="A project file (NAME.ipdoc.xml or .json, as ipdoc run writes)."),
    port: int = typer.Option(8750, "--port", help="Port on 127.0.0.1 (0: any free port)."),
    no_browser: bool = typer.Option(False, "--no-browser", help="Do not open a browser; just print the URL."),
    user: str = typer.Option("", "--user", help="Your name in the project's history (default: $IPDOC_USER or "
                                                  "your login)."),
) -> None:
    """Review in the browser: the alignment map, both texts side by side, the findings; edit
    beads and decide fixes. Every change is saved to PROJECT. The first line printed is the
    URL to open (it carries an access token); the server listens on 127.0.0.1 only."""
    from .pipeline import is_project_file
    from .serve import serve

    if not project.is_file():
        raise InputError("no such file", str(project))
    if not is_project_file(project):
        raise InputError("not an ipdoc project file (make one with ipdoc run, or ipdoc export --to xml)", str(project))
    if not 0 <= port <= 65535:
        raise InputError(f"--port {port} is not a port number")

    def say(line: str) -> None:
        typer.echo(line)
        sys.stdout.flush()

    serve(project, port, open_browser=not no_browser, who=user, echo=say,
          note=lambda line: typer.echo(f"ipdoc: {line}", err=True))


@app.command("report")
@guarded
def report_cmd(
    en: Path = typer.Argument(..., help="A project file, or the English translation."),
    zh: Path | None = typer.Option(None, "--zh", help="The Chinese original."),
    glossary: list[Path] = typer.Option([], "--glossary", help="A glossary (CSV or TBX); repeatable."),
    decisions: Path | None = typer.Option(None, "--decisions", help=_DECISIONS_HELP),
    pins: Path | None = typer.Option(None, "--pins", help=_PINS_HELP),
    output: Path | None = typer.Option(None, "-o", "--output", help="Write here (default stdout)."),
    force: bool = typer.Option(False, "--force", help="Overwrite OUTPUT if it exists."),
) -> None:
    """The review as one self-contained HTML file that opens from disk: the alignment map, the
    rows side by side, the findings; read-only."""
    from .pipeline import is_project_file, load_pins, report_html, review_for_export

    plan = _outputs(force, (en, zh, decisions, pins), output)
    name = "" if is_project_file(en) else en.name.split(".")[0]
    review = review_for_export(en, zh, None, glossary, name=name, decisions=decisions,
                               pins=load_pins(pins) if pins is not None else ())
    plan.emit(report_html(review), output)


def _terminal_width() -> int:
    import shutil

    return max(60, min(200, shutil.get_terminal_size((120, 24)).columns))


def main() -> None:
    app()
