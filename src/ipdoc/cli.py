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
    return sys.stderr.isatty() and not os.environ.get("IPDOC_NO_PROGRESS")


@app.command()
@guarded
def run(
    source: Path = typer.Option(Path("source_texts"), "--source", help="Folder of texts: NAME.zh.EXT and NAME.en.EXT."),
    out: Path = typer.Option(Path("alignments"), "--out", help="Where results go, one folder per NAME (rewritten)."),
) -> None:
    """Process every text or pair in SOURCE through all stages; results under OUT/NAME/."""
    from .pipeline import run_all

    def note(name: str) -> None:
        if _progress_enabled():
            typer.echo(f"… {name}", err=True)

    results = run_all(source, out, progress=note)
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
