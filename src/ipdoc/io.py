"""Writing outputs: atomically, never over an input, never over a file unless forced."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from .errors import InputError


def check_target(path: str | Path, force: bool, inputs: tuple[str | Path, ...] = ()) -> Path:
    """Refuse an output path that exists (unless ``force``) or that is one of the inputs."""
    target = Path(path)
    for inp in inputs:
        try:
            if Path(inp).resolve() == target.resolve():
                raise InputError("refusing to write over an input file", str(path))
        except OSError:
            continue
    if target.is_dir():
        raise InputError("is a directory; give a file name for the output", str(path))
    if target.exists() and not force:
        raise InputError("exists; use --force to overwrite it", str(path))
    if not target.parent.exists():
        raise InputError(f"directory {target.parent} does not exist", str(path))
    return target


def write_atomic(path: str | Path, data: bytes | str) -> None:
    """Write to a temporary file beside ``path``, then rename it into place."""
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def emit(data: str | bytes, out: str | Path | None, force: bool, inputs: tuple[str | Path, ...] = ()) -> None:
    """Print to stdout, or write to ``out`` safely."""
    if out is None or str(out) == "-":
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            sys.stdout.write(data)
            if data and not data.endswith("\n"):
                sys.stdout.write("\n")
        return
    write_atomic(check_target(out, force, inputs), data)
