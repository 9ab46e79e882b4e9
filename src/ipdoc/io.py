"""Reading inputs and writing outputs safely.

Inputs are read whole, up to a size limit, and only from regular files or pipes;
CSV texts are split into rows with any line ends and no field-size limit.
Outputs are checked together before anything is written (``Outputs``), then each
is written to a temporary file in its own directory, flushed to disk and renamed
over the target: a reader sees the old file or the new one, never half of one,
and an error leaves no temporary file behind. ``--force`` replaces a regular file
only: never a directory, a device, a FIFO, a socket, a symbolic link (not even
the file it points to) or one of the command's inputs.
"""

from __future__ import annotations

import contextlib
import csv
import errno
import io
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError

#: The largest input file ipdoc reads (bytes): far above any document it is meant for.
MAX_INPUT_BYTES = 200 * 2**20

PathLike = str | Path


def _kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


# --------------------------------------------------------------------------- inputs


def read_input(path: PathLike, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of an input file (a regular file or a pipe), or one clear line saying why not."""
    origin = str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise InputError("no such file", origin) from None
    except NotADirectoryError:
        raise InputError(f"no such file ({_blocking_ancestor(Path(path))} is not a directory)", origin) from None
    except OSError as exc:
        raise InputError(f"cannot read: {_reason(exc)}", origin) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a directory, not a file", origin)
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISFIFO(st.st_mode)):
        raise InputError(f"is {_kind(st.st_mode)}, not a file", origin)
    if st.st_size > limit:
        raise InputError(f"is {st.st_size / 2**20:,.0f} MB; ipdoc reads files up to {limit // 2**20} MB", origin)
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(f"cannot read: {_reason(exc)}", origin) from None
    if len(data) > limit:
        raise InputError(f"is larger than {limit // 2**20} MB, the most ipdoc reads", origin)
    return data


def csv_rows(text: str, origin: str) -> list[list[str]]:
    """The rows of a decoded CSV text: comma, tab or semicolon as it sniffs, any line ends
    (CR alone too), and fields as long as the text (the csv module's limit is restored after)."""
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:2048], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    old_limit = csv.field_size_limit()
    csv.field_size_limit(max(old_limit, len(text) + 1))
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        return list(reader)
    except csv.Error as exc:
        raise InputError(f"line {reader.line_num}: not readable as CSV: {exc}", origin) from None
    finally:
        csv.field_size_limit(old_limit)


# --------------------------------------------------------------------------- checking outputs


def _blocking_ancestor(path: Path) -> Path:
    """The nearest ancestor of ``path`` that exists but is not a directory (or its parent)."""
    for anc in path.parents:
        try:
            if not stat.S_ISDIR(os.stat(anc).st_mode):
                return anc
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError:
            return anc
    return path.parent


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file: the same resolved path, or the same inode (hard links)."""
    try:
        if a.resolve() == b.resolve():
            return True
    except (OSError, RuntimeError):
        pass
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _check_parent(target: Path) -> None:
    """The target's directory exists, is a directory and can be written to."""
    parent = target.parent
    try:
        st = os.stat(parent)
    except FileNotFoundError:
        raise InputError(f"directory {parent} does not exist", str(target)) from None
    except NotADirectoryError:
        raise InputError(f"{_blocking_ancestor(target)} is not a directory", str(target)) from None
    except OSError as exc:
        raise InputError(f"cannot reach directory {parent}: {_reason(exc)}", str(target)) from None
    if not stat.S_ISDIR(st.st_mode):
        raise InputError(f"{parent} is not a directory", str(target))
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(f"cannot write in {parent}: permission denied or read-only", str(target))


def _check_existing(target: Path, force: bool) -> None:
    """Refuse anything at ``target`` but a regular file, and that only with ``force``."""
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return
    except NotADirectoryError:
        raise InputError(f"{_blocking_ancestor(target)} is not a directory", str(target)) from None
    except OSError as exc:
        raise InputError(f"cannot check the output: {_reason(exc)}", str(target)) from None
    if stat.S_ISLNK(st.st_mode):
        raise InputError("is a symbolic link; ipdoc never writes through a link (give the real path)", str(target))
    if stat.S_ISDIR(st.st_mode):
        raise InputError("is a directory; give a file name for the output", str(target))
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"is {_kind(st.st_mode)}; ipdoc replaces only regular files, even with --force",
                         str(target))
    if not force:
        raise InputError("exists; use --force to overwrite it", str(target))


def check_target(path: PathLike, force: bool, inputs: Iterable[PathLike | None] = ()) -> Path:
    """Refuse an output path ipdoc must not write: an input, anything but an absent or
    (with ``force``) regular file, or a place whose directory is missing or read-only."""
    target = Path(path)
    if not str(path):
        raise InputError("empty output path")
    for inp in inputs:
        if inp is not None and _same_file(Path(inp), target):
            raise InputError("refusing to write over an input file", str(path))
    _check_existing(target, force)
    _check_parent(target)
    return target


@dataclass(slots=True)
class Outputs:
    """Every output of one command, checked together before any of them is written.

    ``plan = Outputs(force, inputs); plan.add(out); plan.add(changes); plan.check()``, then
    ``plan.emit(data, out)`` or ``plan.write(path, data)`` for each. ``None`` and ``-`` mean stdout.
    """

    force: bool = False
    inputs: tuple[PathLike | None, ...] = ()
    targets: list[Path] = field(default_factory=list)
    stdout_uses: int = 0

    def add(self, path: PathLike | None, stdout_default: bool = False) -> Path | None:
        """Plan one output; ``stdout_default``: ``None`` stands for stdout (counted once)."""
        if path is None or str(path) == "-":
            if path is not None or stdout_default:
                self.stdout_uses += 1
            return None
        p = Path(path)
        self.targets.append(p)
        return p

    def check(self) -> None:
        """Refuse the plan unless every output can be written where nothing should be lost."""
        if self.stdout_uses > 1:
            raise InputError("two outputs go to stdout; give a file for one of them")
        seen: list[Path] = []
        for p in self.targets:
            check_target(p, self.force, self.inputs)
            for q in seen:
                if _same_file(p, q):
                    raise InputError(f"is given for two outputs ({q} and {p}); one would be lost", str(p))
            seen.append(p)

    def write(self, path: PathLike, data: bytes | str) -> None:
        """Write one planned output atomically."""
        p = Path(path)
        if p not in self.targets:
            raise ValueError(f"{p} was not planned (Outputs.add it before check)")
        write_atomic(p, data, overwrite=self.force)

    def emit(self, data: bytes | str, path: PathLike | None) -> None:
        """Print to stdout (``None`` or ``-``) or write a planned output."""
        if path is None or str(path) == "-":
            to_stdout(data)
        else:
            self.write(path, data)


# --------------------------------------------------------------------------- writing


def _new_file_mode(target: Path) -> int:
    """Keep the permissions of a file being replaced; a new one gets 0666 less the umask."""
    try:
        st = os.lstat(target)
        if stat.S_ISREG(st.st_mode):
            return stat.S_IMODE(st.st_mode) & 0o777
    except OSError:
        pass
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable (best effort: not every system allows it)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _put_in_place(tmp: str, target: Path, overwrite: bool) -> None:
    """Rename the finished temporary file to ``target``; without ``overwrite`` never replace a file."""
    if overwrite:
        _check_existing(target, force=True)  # again, just before the rename
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)  # fails when the target exists: no clobbering, even in a race
    except FileExistsError:
        raise InputError("exists; use --force to overwrite it", str(target)) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
        _check_existing(target, force=False)  # a file system without hard links
        os.replace(tmp, target)
        return
    os.unlink(tmp)


def write_atomic(path: PathLike, data: bytes | str, overwrite: bool = True) -> None:
    """Write to a temporary file beside ``path``, fsync it, then rename it into place.

    Only an absent path or (with ``overwrite``) a regular file is replaced; any failure
    is one InputError and leaves neither a temporary file nor a partial target.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    _check_existing(target, force=overwrite)
    mode = _new_file_mode(target)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise InputError(f"cannot write: {_reason(exc)}", str(path)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        _put_in_place(tmp, target, overwrite)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise InputError(f"cannot write: {_reason(exc)}", str(path)) from None
        raise
    _fsync_dir(target.parent)


def to_stdout(data: str | bytes) -> None:
    """Print text (with a final newline) or bytes to stdout."""
    if isinstance(data, bytes):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    sys.stdout.write(data)
    if data and not data.endswith("\n"):
        sys.stdout.write("\n")


def emit(data: str | bytes, out: PathLike | None, force: bool, inputs: Iterable[PathLike | None] = ()) -> None:
    """Print to stdout, or write to ``out`` safely (one output; use ``Outputs`` for several)."""
    if out is None or str(out) == "-":
        to_stdout(data)
        return
    write_atomic(check_target(out, force, inputs), data)
