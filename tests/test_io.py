"""Outputs: checked together before anything is written, written atomically, never over
what is not a regular file; inputs: read only from files and pipes, up to a limit."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT, SAMPLE_EN, USER_EN
from ipdoc import io as ipio
from ipdoc.cli import app
from ipdoc.errors import InputError
from ipdoc.io import (
    Outputs,
    check_target,
    csv_rows,
    emit,
    read_input,
    write_atomic,
)

runner = CliRunner()


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _device(tmp_path: Path) -> Path:
    """A character device like /dev/null made in tmp_path (root only); the test skips otherwise."""
    dev = tmp_path / "null"
    try:
        os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, AttributeError, OSError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    return dev


# --------------------------------------------------------------------------- what may not be replaced


def test_force_never_writes_through_a_symlink(tmp_path):
    real = tmp_path / "real.txt"
    real.write_text("keep")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    with pytest.raises(InputError, match="symbolic link"):
        check_target(link, force=True)
    with pytest.raises(InputError, match="symbolic link"):
        write_atomic(link, "new")
    assert link.is_symlink() and real.read_text() == "keep" and _leftovers(tmp_path) == []


def test_force_never_replaces_a_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="FIFO"):
        check_target(fifo, force=True)
    with pytest.raises(InputError, match="FIFO"):
        write_atomic(fifo, "new")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and _leftovers(tmp_path) == []


def test_force_never_replaces_a_device(tmp_path):
    dev = _device(tmp_path)
    with pytest.raises(InputError, match="character device"):
        check_target(dev, force=True)
    with pytest.raises(InputError, match="character device"):
        write_atomic(dev, "new")
    assert stat.S_ISCHR(os.lstat(dev).st_mode)


def test_cli_force_onto_a_device_exits_2(tmp_path):
    """The issue's `ipdoc segment x.txt -o /dev/null --force`, on a device node made for the test."""
    dev = _device(tmp_path)
    r = runner.invoke(app, ["segment", str(SAMPLE_EN), "-o", str(dev), "--force"])
    assert r.exit_code == 2 and "character device" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert stat.S_ISCHR(os.lstat(dev).st_mode)


def test_cli_force_onto_a_fifo_exits_2(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    r = runner.invoke(app, ["segment", str(SAMPLE_EN), "-o", str(fifo), "--force"])
    assert r.exit_code == 2 and "FIFO" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_directory_is_not_an_output(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        check_target(tmp_path, force=True)
    with pytest.raises(InputError, match="is a directory"):
        write_atomic(tmp_path, "x")


def test_existing_file_needs_force(tmp_path):
    out = tmp_path / "out.txt"
    out.write_text("old")
    with pytest.raises(InputError, match="--force"):
        check_target(out, force=False)
    assert check_target(out, force=True) == out


@pytest.mark.parametrize("below", [("out.json",), ("sub", "out.json")])
def test_parent_that_is_a_file(tmp_path, below):
    blocker = tmp_path / "file.txt"
    blocker.write_text("a file")
    target = blocker.joinpath(*below)
    with pytest.raises(InputError, match=f"{blocker} is not a directory"):
        check_target(target, force=True)
    with pytest.raises(InputError, match="not a directory"):
        _check_plan(target)
    assert blocker.read_text() == "a file"


def _check_plan(*targets: Path, force: bool = True, inputs=()) -> None:
    plan = Outputs(force, tuple(inputs))
    for t in targets:
        plan.add(t)
    plan.check()


def test_missing_directory(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        check_target(tmp_path / "no" / "out.txt", force=False)


def test_cli_output_under_a_file_exits_2(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("a file")
    r = runner.invoke(app, ["segment", str(SAMPLE_EN), "-o", str(blocker / "out.json")])
    assert r.exit_code == 2 and "is not a directory" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.output and "internal error" not in r.stderr


# --------------------------------------------------------------------------- read-only directories

_READ_ONLY_PROBE = textwrap.dedent("""
    import sys
    sys.path.insert(0, sys.argv[1])
    from ipdoc.errors import InputError
    from ipdoc.io import check_target, write_atomic
    target = sys.argv[2]
    for step in (lambda: check_target(target, False), lambda: write_atomic(target, "x")):
        try:
            step()
            print("WROTE")
        except InputError as exc:
            print("REFUSED", exc)
""")


def test_read_only_directory_is_refused():
    """A directory the user cannot write in: checked for real, as an unprivileged user.

    Root may write anywhere, so under root the check runs in a child process as
    ``nobody`` (uid 65534) on a read-only directory in /tmp; it skips only when no
    Python interpreter can be started as that user.
    """
    base = Path(tempfile.mkdtemp(prefix="ipdoc-ro-"))
    try:
        base.chmod(0o755)
        ro = base / "ro"
        ro.mkdir()
        ro.chmod(0o555)
        target = ro / "out.txt"
        if os.geteuid() != 0:
            with pytest.raises(InputError, match="cannot write in"):
                check_target(target, force=False)
            with pytest.raises(InputError, match="cannot write"):
                write_atomic(target, "x")
        else:
            out = _run_as_nobody(_READ_ONLY_PROBE, str(ROOT / "src"), str(target))
            lines = out.splitlines()
            assert len(lines) == 2, out
            assert lines[0].startswith("REFUSED") and "cannot write in" in lines[0]
            assert lines[1].startswith("REFUSED") and "cannot write" in lines[1]
        assert list(ro.iterdir()) == []
    finally:
        (base / "ro").chmod(0o755)
        shutil.rmtree(base)


def _run_as_nobody(script: str, *args: str) -> str:
    for python in (sys.executable, shutil.which("python3") or "", "/usr/bin/python3"):
        if not python:
            continue
        try:
            r = subprocess.run([python, "-c", script, *args], user=65534, group=65534, capture_output=True,
                               text=True, timeout=120, cwd="/")
        except (PermissionError, OSError):
            continue
        if r.returncode == 0 and r.stdout:
            return r.stdout
    pytest.skip("no Python interpreter can run as an unprivileged user here")


# --------------------------------------------------------------------------- inputs and duplicates


def test_input_is_never_an_output(tmp_path):
    src = tmp_path / "in.txt"
    src.write_text("input")
    with pytest.raises(InputError, match="input"):
        check_target(src, force=True, inputs=(src,))
    with pytest.raises(InputError, match="input"):
        check_target(tmp_path / "." / "in.txt", force=True, inputs=(src,))
    hard = tmp_path / "hard.txt"
    os.link(src, hard)
    with pytest.raises(InputError, match="input"):
        check_target(hard, force=True, inputs=(src,))
    link = tmp_path / "link.txt"
    link.symlink_to(src)
    with pytest.raises(InputError, match="input"):
        check_target(link, force=True, inputs=(src,))
    assert src.read_text() == "input"


def test_same_output_twice_is_refused_before_writing(tmp_path):
    a = tmp_path / "same.txt"
    with pytest.raises(InputError, match="two outputs"):
        _check_plan(a, tmp_path / "." / "same.txt")
    assert not a.exists()
    a.write_text("old")
    os.link(a, tmp_path / "hard.txt")
    with pytest.raises(InputError, match="two outputs"):
        _check_plan(a, tmp_path / "hard.txt", force=True)
    assert a.read_text() == "old"


def test_two_outputs_to_stdout_are_refused():
    plan = Outputs()
    plan.add(None, stdout_default=True)
    plan.add("-")
    with pytest.raises(InputError, match="stdout"):
        plan.check()


def test_plan_writes_each_output(tmp_path, capsys):
    plan = Outputs(False, (USER_EN,))
    plan.add(None, stdout_default=True)
    changes = plan.add(tmp_path / "changes.json")
    plan.check()
    plan.emit("edition", None)
    plan.emit(b"{}", changes)
    assert capsys.readouterr().out == "edition\n" and (tmp_path / "changes.json").read_bytes() == b"{}"
    with pytest.raises(ValueError, match="not planned"):
        plan.write(tmp_path / "other.txt", "x")



def test_cli_fix_same_path_for_edition_and_changes(tmp_path):
    same = tmp_path / "same.txt"
    r = runner.invoke(app, ["fix", str(USER_EN), "-o", str(same), "--changes", str(same)])
    assert r.exit_code == 2 and "two outputs" in r.stderr
    assert not same.exists()


# --------------------------------------------------------------------------- writing atomically


def test_write_replaces_and_leaves_no_temp_file(tmp_path):
    out = tmp_path / "out.txt"
    out.write_text("old")
    out.chmod(0o640)
    write_atomic(out, "new")
    assert out.read_text() == "new" and stat.S_IMODE(out.stat().st_mode) == 0o640
    assert _leftovers(tmp_path) == []
    emit("fresh", tmp_path / "new.txt", force=False)
    assert (tmp_path / "new.txt").read_text() == "fresh"


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_failed_write_keeps_the_old_file_and_no_temp(tmp_path, monkeypatch, error):
    out = tmp_path / "out.txt"
    out.write_text("old")

    def boom(*args, **kwargs):
        raise error

    monkeypatch.setattr(ipio.os, "replace", boom)
    expected = InputError if isinstance(error, OSError) else KeyboardInterrupt
    with pytest.raises(expected):
        write_atomic(out, "new")
    assert out.read_text() == "old" and _leftovers(tmp_path) == []


def test_without_overwrite_a_file_made_meanwhile_is_kept(tmp_path):
    out = tmp_path / "out.txt"
    check_target(out, force=False)  # absent at check time ...
    out.write_text("someone else's")  # ... created before the write
    with pytest.raises(InputError, match="--force"):
        write_atomic(out, "ours", overwrite=False)
    assert out.read_text() == "someone else's" and _leftovers(tmp_path) == []


def test_file_system_without_hard_links_still_never_clobbers(tmp_path, monkeypatch):
    """Where link() is not allowed (FAT, some network shares) the no-overwrite write falls back to
    a check and a rename: the file is written, and an existing one is still refused."""
    import errno

    def no_links(src, dst):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(ipio.os, "link", no_links)
    out = tmp_path / "out.txt"
    write_atomic(out, "first", overwrite=False)
    assert out.read_text() == "first"
    with pytest.raises(InputError, match="--force"):
        write_atomic(out, "second", overwrite=False)
    assert out.read_text() == "first" and _leftovers(tmp_path) == []


def test_write_into_a_missing_directory_is_one_line(tmp_path):
    with pytest.raises(InputError, match="cannot write: No such file or directory"):
        write_atomic(tmp_path / "missing" / "out.txt", "x")


# --------------------------------------------------------------------------- reading inputs


def test_read_input_refusals(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_input(tmp_path / "none.txt")
    with pytest.raises(InputError, match="is a directory"):
        read_input(tmp_path)
    with pytest.raises(InputError, match="character device"):
        read_input("/dev/null")
    f = tmp_path / "f.txt"
    f.write_bytes(b"x" * 100)
    with pytest.raises(InputError, match="not a directory"):
        read_input(f / "g.txt")
    with pytest.raises(InputError, match="MB"):
        read_input(f, limit=10)
    assert read_input(f) == b"x" * 100


def test_read_input_from_a_pipe(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "wb") as fh:
            fh.write(b"piped text")

    t = threading.Thread(target=feed)
    t.start()
    try:
        assert read_input(fifo) == b"piped text"
    finally:
        t.join(10)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_csv_rows_with_any_line_ends_and_long_fields(newline):
    import csv

    before = csv.field_size_limit()
    long = "x" * (before + 10)
    text = newline.join(["zh\ten", "数据共享\tdata sharing", f'风险评估\t"{long}"', ""])
    assert csv_rows(text, "g.tsv") == [["zh", "en"], ["数据共享", "data sharing"], ["风险评估", long]]
    assert csv.field_size_limit() == before


def test_reviewed_file_that_is_a_directory(tmp_path):
    """`check --reviewed DIR`: one line, exit 2 (it was IsADirectoryError)."""
    r = runner.invoke(app, ["check", str(SAMPLE_EN), "--reviewed", str(tmp_path)])
    assert r.exit_code == 2 and "is a directory" in r.stderr and len(r.stderr.strip().splitlines()) == 1


# --------------------------------------------------------------------------- result folders (ipdoc run)


def test_cli_run_result_folder_that_is_a_file(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SAMPLE_EN, src / "x.en.txt")
    out = tmp_path / "out"
    out.mkdir()
    (out / "x").write_text("a file in the way")
    r = runner.invoke(app, ["run", "--source", str(src), "--out", str(out)])
    assert r.exit_code == 2 and "is a file; ipdoc writes a folder there" in r.stderr
    assert "internal error" not in r.stderr
    assert (out / "x").read_text() == "a file in the way"
