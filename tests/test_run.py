"""``ipdoc run``: one folder per document, failures isolated, output problems refused, results swapped in whole."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from conftest import SAMPLE_EN, SAMPLE_ZH
from ipdoc import batch as batch_mod
from ipdoc.batch import run_jobs
from ipdoc.cli import app
from ipdoc.pipeline import Job, Status, discover

runner = CliRunner()
ONE = "An English text of one sentence.\n"


def source(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(ONE, encoding="utf-8")
    (src / "b.en.txt").write_text("Another English text. It has two sentences.\n", encoding="utf-8")
    return src


def test_discover_and_run_jobs_write_one_folder_per_document(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.zh.txt").write_bytes(SAMPLE_ZH.read_bytes())
    (src / "a.en.txt").write_bytes(SAMPLE_EN.read_bytes())
    (src / "b.txt").write_text(ONE, encoding="utf-8")
    (src / ".hidden.en.txt").write_text("Not read.\n", encoding="utf-8")
    (src / "c.zh.txt").write_text("一。\n", encoding="utf-8")
    (src / "c.zh.docx").write_bytes(b"PK")
    jobs = discover(src)
    assert [(j.name, bool(j.zh), bool(j.en)) for j in jobs] == [("a", True, True), ("b", False, True),
                                                                ("c", True, False)]
    assert jobs[2].problem == "two zh files for c: c.zh.docx and c.zh.txt"
    out = tmp_path / "out"
    a, b, c = run_jobs(jobs, out)
    assert {"alignment.beads", "findings.json", "edition.en.txt", "a.tmx", "a.final.docx"} <= set(a.files)
    assert all((out / "a" / name).exists() for name in a.files)
    assert any(line.startswith("aligned ") for line in a.summary)
    assert not any(name.endswith((".tmx", ".xlf")) for name in b.files)
    assert c.status == Status.FAILED and c.error == "two zh files for c: c.zh.docx and c.zh.txt"
    assert not [p for p in out.iterdir() if p.name.startswith(".") and p.name != ".ipdoc.lock"]  # no staging left


def test_a_failing_document_does_not_stop_the_others(tmp_path, monkeypatch):
    src = source(tmp_path)
    (src / "c.en.txt").write_bytes(b"\x00\x01 binary \x00" * 10)
    real = batch_mod.process

    def process(job, options):
        if job.name == "a":
            raise RuntimeError("a bug\nwith a second line")
        return real(job, options)

    monkeypatch.setattr(batch_mod, "process", process)
    out = tmp_path / "out"
    r = runner.invoke(app, ["run", "--source", str(src), "--out", str(out)])
    assert r.exit_code == 2
    assert "a: FAILED: internal error: RuntimeError: a bug\n" in r.stderr and "with a second line" not in r.stderr
    assert "c: FAILED:" in r.stderr and "binary" in r.stderr
    assert f"b (b.en.txt) -> {out / 'b'}/" in r.stdout and "checked:" in r.stdout  # the summary is printed
    assert (out / "b" / "findings.json").exists() and not (out / "a").exists() and not (out / "c").exists()


@pytest.mark.parametrize("problem", ["folder-is-file", "folder-is-symlink", "folder-is-dangling-symlink",
                                     "out-is-file"])
def test_output_problems_are_one_line_and_nothing_is_written(tmp_path, problem):
    src = source(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if problem == "folder-is-file":
        (out / "b").write_text("a file where a folder goes")
    elif problem == "folder-is-symlink":
        (out / "b").symlink_to(elsewhere)
    elif problem == "folder-is-dangling-symlink":
        (out / "b").symlink_to(tmp_path / "nowhere")
    else:
        out.rmdir()
        out.write_text("a file where the output folder goes")
    before = sorted(p.name for p in out.iterdir()) if out.is_dir() else None
    r = runner.invoke(app, ["run", "--source", str(src), "--out", str(out)])
    assert r.exit_code == 2, r.output
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.output
    assert ("is a file" in lines[0]) if "file" in problem else ("symbolic link" in lines[0])
    assert (sorted(p.name for p in out.iterdir()) if out.is_dir() else None) == before  # nothing written
    assert not list(elsewhere.iterdir())


def test_run_removes_staging_folders_a_killed_run_left(tmp_path):
    src = source(tmp_path)
    out = tmp_path / "out"
    for name in (".a.k3j5h2g1", ".b.abcd1234.ipdoc-tmp", ".unrelated"):  # 0.1's naming, this one's, a user's
        (out / name).mkdir(parents=True)
        (out / name / "segments.en.json").write_text("{}")
    r = runner.invoke(app, ["run", "--source", str(src), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in out.iterdir()) == [".ipdoc.lock", ".unrelated", "a", "b"]


def test_results_are_swapped_in_by_one_rename(tmp_path, monkeypatch):
    src = source(tmp_path)
    out = tmp_path / "out"
    (out / "a").mkdir(parents=True)
    (out / "a" / "stale.txt").write_text("from an earlier version")  # an earlier run's plain folder
    removed, swaps = [], []
    real_rmtree, real_exchange = shutil.rmtree, batch_mod.exchange

    def rmtree(path, *args, **kwargs):
        removed.append(str(path))
        return real_rmtree(path, *args, **kwargs)

    def exchange(a, b):
        assert b.is_dir()  # the old results stand until the very swap
        swaps.append(b.name)
        return real_exchange(a, b)

    monkeypatch.setattr(shutil, "rmtree", rmtree)
    monkeypatch.setattr(batch_mod, "exchange", exchange)
    r = runner.invoke(app, ["run", "--source", str(src), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert swaps == ["a"]  # b had no folder yet: a plain rename
    assert str(out / "a") not in removed and str(out / "b") not in removed  # never removed, always replaced
    assert not (out / "a" / "stale.txt").exists() and (out / "a" / "findings.json").exists()
    assert not [p for p in out.iterdir() if p.name.startswith((".a.", ".b."))]


def test_run_in_two_worker_processes_gives_the_same_files(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for p in (SAMPLE_ZH, SAMPLE_EN):
        shutil.copy(p, src / p.name)
    (src / "b.en.txt").write_text(ONE, encoding="utf-8")
    one, two = tmp_path / "one", tmp_path / "two"
    assert runner.invoke(app, ["run", "--source", str(src), "--out", str(one)]).exit_code == 0
    r = runner.invoke(app, ["run", "--source", str(src), "--out", str(two), "--jobs", "2"])
    assert r.exit_code == 0, r.output
    for folder in ("urban-data-sharing-sample", "b"):
        names = sorted(p.name for p in (one / folder).iterdir())
        assert names == sorted(p.name for p in (two / folder).iterdir())
        assert [n for n in names if (one / folder / n).read_bytes() != (two / folder / n).read_bytes()] == []
    assert runner.invoke(app, ["run", "--source", str(src), "--out", str(two), "--jobs", "0"]).exit_code == 2


def test_run_redoes_every_document_each_time(tmp_path):
    src = source(tmp_path)
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", "--source", str(src), "--out", str(out)]).exit_code == 0
    results = run_jobs([Job("a", None, src / "a.txt")], out, force=True)
    assert results[0].status == Status.DONE
    assert run_jobs([Job("a", None, src / "a.txt")], out)[0].status == Status.SKIPPED
