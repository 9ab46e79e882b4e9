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


def main() -> None:
    app()
