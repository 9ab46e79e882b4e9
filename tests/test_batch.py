"""Batch runs: discovery, failure isolation, resumption, safe writing, worker crashes, corpus outputs, Dask."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from batch_tasks import crash_on_boom, crash_once_on_flaky
from ipdoc import batch as batch_mod
from ipdoc.batch import (
    check_name,
    discover_source,
    run_jobs,
    run_local,
    stored_result,
    summary_csv,
    swap_in,
    sweep,
)
from ipdoc.cli import app
from ipdoc.errors import InputError
from ipdoc.export.tmx import parse as parse_tmx
from ipdoc.pipeline import Job, Options, Status, process

runner = CliRunner()
FAST = ("--stages", "align,check")

ZH = ["国务院决定加快推进互联网发展。", "各地区要加强数据共享。", "到2025年，建成统一的数据平台。",
      "财政部负责资金保障。", "各部门要密切配合。", "请认真贯彻执行。"]
EN = ["The State Council has decided to speed up the development of the Internet.",
      "All regions shall strengthen data sharing.", "By 2025, a unified data platform will be built.",
      "The Ministry of Finance is responsible for funding.", "All departments shall cooperate closely.",
      "Please implement this conscientiously."]


def write_pair(folder: Path, name: str, k: int = 0, n: int = 4) -> tuple[Path, Path]:
    """A small Chinese text and its English: ``n`` sentences starting at sentence ``k``."""
    folder.mkdir(parents=True, exist_ok=True)
    idx = [(k + i) % len(ZH) for i in range(n)]
    zh, en = folder / f"{name}.zh.txt", folder / f"{name}.en.txt"
    zh.write_text("".join(ZH[i] for i in idx) + "\n", encoding="utf-8")
    en.write_text(" ".join(EN[i] for i in idx) + "\n", encoding="utf-8")
    return zh, en


def write_gold(path: Path, n: int = 4) -> Path:
    path.write_text("".join(f"[{i}]:[{i}]\n" for i in range(n)), encoding="utf-8")
    return path


def corpus_folder(root: Path) -> Path:
    """Three good pairs (one in a subfolder), a pair whose Chinese is English, and a binary file."""
    src = root / "src"
    write_pair(src, "alpha", 0)
    write_pair(src, "beta", 2)
    write_pair(src / "sub", "gamma", 1, 5)
    write_pair(src, "bad", 0)
    (src / "bad.zh.txt").write_text(EN[0] + "\n", encoding="utf-8")
    (src / "junk.en.txt").write_bytes(b"\x00\x01\x02binary\x00" * 20)
    return src


def summary(out: Path) -> dict:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def folder_is_whole(folder: Path) -> bool:
    """A result folder holds its result.json and every file it lists, and nothing else."""
    stored = json.loads((folder / "result.json").read_text(encoding="utf-8"))
    return {p.name for p in folder.iterdir()} == {*stored["files"], "result.json"}


# --------------------------------------------------------------------------- sources and failures


def test_folder_with_bad_pairs_among_good_ones(tmp_path):
    src = corpus_folder(tmp_path)
    out = tmp_path / "out"
    r = runner.invoke(app, ["batch", str(src), "--out", str(out), "--jobs", "1", *FAST])
    assert r.exit_code == 2, r.output
    data = summary(out)
    status = {p["name"]: p["status"] for p in data["pairs"]}
    assert status == {"alpha": "done", "bad": "failed", "beta": "done", "junk": "failed", "sub/gamma": "done"}
    errors = {p["name"]: p["error"] for p in data["pairs"] if p["error"]}
    assert "expected Chinese" in errors["bad"] and "\n" not in errors["bad"]
    assert "binary" in errors["junk"]
    assert "bad: FAILED:" in r.stderr and "junk: FAILED:" in r.stderr
    for name in ("alpha", "beta", "sub/gamma"):
        assert folder_is_whole(out / name)
        assert (out / name / "alignment.beads").read_text() == "[0]:[0]\n[1]:[1]\n[2]:[2]\n" + \
            "".join(f"[{i}]:[{i}]\n" for i in range(3, 5 if name == "sub/gamma" else 4))
    assert not (out / "bad").exists() and not (out / "junk").exists()
    assert data["corpus"] == {**data["corpus"], "pairs": 5, "done": 3, "failed": 2, "skipped": 0,
                              "units": {"en": 13, "zh": 13}, "beads": {"1-1": 13}}
    assert "3 done, 0 skipped as unchanged, 2 failed" in r.stdout


def test_manifests_csv_and_jsonl_with_gold(tmp_path):
    data_dir = tmp_path / "texts"
    zh1, en1 = write_pair(data_dir, "one", 0)
    zh2, en2 = write_pair(data_dir, "two", 3, 3)
    gold1 = write_gold(data_dir / "one.gold")
    gold2 = data_dir / "two.gold"
    gold2.write_text("[0,1]:[0,1]\n[2]:[2]\n", encoding="utf-8")  # a gold that disagrees on two beads
    manifest = tmp_path / "m.csv"
    manifest.write_text("name,zh,en,gold\n"
                        f"first,texts/{zh1.name},texts/{en1.name},texts/{gold1.name}\n"
                        f"second,texts/{zh2.name},texts/{en2.name},texts/{gold2.name}\n"
                        f"missing,texts/nowhere.zh.txt,texts/{en1.name},\n", encoding="utf-8")
    out = tmp_path / "out"
    r = runner.invoke(app, ["batch", str(manifest), "--out", str(out), "--jobs", "1", *FAST])
    assert r.exit_code == 2, r.output
    data = summary(out)
    by = {p["name"]: p for p in data["pairs"]}
    assert by["missing"]["status"] == "failed" and "nowhere.zh.txt: no such file" in by["missing"]["error"]
    assert by["first"]["gold"]["strict"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert by["second"]["gold"]["strict"]["f1"] < 1.0 and by["second"]["gold"]["lax"]["precision"] == 1.0
    # the corpus figure sums the counts of both pairs (4 + 1 strict hits of 4 + 3 test beads)
    assert data["corpus"]["gold"]["pairs"] == 2
    assert data["corpus"]["gold"]["strict"]["precision"] == round(5 / 7, 4)
    assert "against the gold of 2 pairs" in r.stdout

    jsonl = tmp_path / "m.jsonl"
    jsonl.write_text(json.dumps({"name": "first", "zh": f"texts/{zh1.name}", "en": f"texts/{en1.name}"}) + "\n\n"
                     + json.dumps({"name": "english-only", "en": f"texts/{en2.name}"}) + "\n", encoding="utf-8")
    jobs = discover_source(jsonl, out)
    assert [(j.name, j.zh is not None, j.en is not None, j.gold) for j in jobs] == [
        ("english-only", False, True, None), ("first", True, True, None)]
    assert jobs[1].zh == (tmp_path / "texts" / zh1.name).absolute()


@pytest.mark.parametrize("text, message", [
    ("zh,en\na.zh.txt,a.en.txt\n", "must name the columns"),
    ("name,zh,en\nx,a,b\nx,c,d\n", "given twice"),
    ("name,zh,en\n../up,a,b\n", "no name for a result folder"),
    ("name,zh,en\nsummary.json,a,b\n", "no name for a result folder"),
])
def test_bad_manifests_are_one_line(tmp_path, text, message):
    manifest = tmp_path / "m.csv"
    manifest.write_text(text, encoding="utf-8")
    r = runner.invoke(app, ["batch", str(manifest), "--out", str(tmp_path / "out")])
    assert r.exit_code == 2 and message in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_bad_jsonl_and_sources(tmp_path):
    bad = tmp_path / "m.jsonl"
    bad.write_text('{"name": "a", "zh": "a.zh.txt"}\n{not json\n', encoding="utf-8")
    with pytest.raises(InputError, match="line 2: not JSON"):
        discover_source(bad, tmp_path / "out")
    other = tmp_path / "m.xlsx"
    other.write_bytes(b"PK")
    with pytest.raises(InputError, match="give a folder of texts or a manifest"):
        discover_source(other, tmp_path / "out")
    r = runner.invoke(app, ["batch", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out")])
    assert r.exit_code == 2 and "no such folder or manifest" in r.stderr


def test_names_and_nested_folders():
    for good in ("a", "sub/a", "a b.c"):
        check_name(good, "m")
    for bad in ("", "/a", "a/../b", ".hidden", "a//b", "a/", "corpus.tmx"):
        with pytest.raises(InputError):
            check_name(bad, "m")


def test_folder_discovery_skips_the_output_folder_and_hidden_files(tmp_path):
    src = tmp_path / "src"
    write_pair(src, "a")
    write_pair(src / "out", "stale")  # results (or anything) inside the output folder are not inputs
    write_pair(src / ".git", "x")
    write_pair(src / "a", "inner")  # would land inside a's result folder
    jobs = discover_source(src, src / "out")
    assert [j.name for j in jobs] == ["a", "a/inner"]
    assert jobs[0].problem is None and "inside the one of a" in (jobs[1].problem or "")


# --------------------------------------------------------------------------- resumption


def test_second_run_skips_all_and_a_changed_input_redoes_only_its_pair(tmp_path):
    src = tmp_path / "src"
    for k, name in enumerate(("a", "b", "c")):
        write_pair(src, name, k)
    out = tmp_path / "out"
    args = ["batch", str(src), "--out", str(out), "--jobs", "1", *FAST]
    assert runner.invoke(app, args).exit_code == 0
    first = {p.name: p.stat().st_mtime_ns for p in out.glob("*/result.json")}

    r = runner.invoke(app, args)
    assert r.exit_code == 0 and "0 done, 3 skipped as unchanged" in r.stdout
    assert {p["status"] for p in summary(out)["pairs"]} == {"skipped"}
    assert summary(out)["corpus"]["beads"] == {"1-1": 12}  # the stored counts still add up
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*/result.json")} == first

    with (src / "b.en.txt").open("a", encoding="utf-8") as fh:
        fh.write("An added sentence with no Chinese.\n")
    r = runner.invoke(app, args)
    assert {p["name"]: p["status"] for p in summary(out)["pairs"]} == {"a": "skipped", "b": "done", "c": "skipped"}
    assert json.loads((out / "b" / "result.json").read_text())["record"]["units"] == {"en": 5, "zh": 4}

    r = runner.invoke(app, [*args, "--force"])
    assert {p["status"] for p in summary(out)["pairs"]} == {"done"}
    r = runner.invoke(app, ["batch", str(src), "--out", str(out), "--jobs", "1", "--stages", "align"])
    assert {p["status"] for p in summary(out)["pairs"]} == {"done"}  # other options: redone
    assert not (out / "a" / "findings.json").exists()  # and the folder holds what this run made


def test_a_result_missing_a_file_is_redone(tmp_path):
    src = tmp_path / "src"
    write_pair(src, "a")
    out = tmp_path / "out"
    options = Options(("align",))
    (result,) = run_jobs(discover_source(src, out), out, options)
    assert result.status == Status.DONE
    job = result.job
    digest = batch_mod.fingerprint(job, options)
    assert stored_result(out, job, digest) is not None
    (out / "a" / "alignment.tsv").unlink()
    assert stored_result(out, job, digest) is None
    (again,) = run_jobs([job], out, options)
    assert again.status == Status.DONE and folder_is_whole(out / "a")


# --------------------------------------------------------------------------- safe writing


def test_swap_in_exchanges_or_falls_back_to_two_renames(tmp_path, monkeypatch):
    if sys.platform.startswith("linux"):  # renameat2(RENAME_EXCHANGE): both folders swapped in one call
        a, b = tmp_path / "x", tmp_path / "y"
        a.mkdir()
        b.mkdir()
        (a / "in-a").touch()
        assert batch_mod.exchange(a, b) and (b / "in-a").exists() and not list(a.iterdir())
    for use_exchange in (True, False):
        if not use_exchange:
            monkeypatch.setattr(batch_mod, "exchange", lambda a, b: False)
        target, staging = tmp_path / f"t{use_exchange}", tmp_path / f".t{use_exchange}.abcd1234.ipdoc-tmp"
        staging.mkdir()
        (staging / "new").write_text("new")
        swap_in(staging, target)  # nothing there yet: a plain rename
        assert (target / "new").exists() and not staging.exists()
        staging.mkdir()
        (staging / "newer").write_text("newer")
        swap_in(staging, target)
        assert [p.name for p in target.iterdir()] == ["newer"]
        assert [p.name for p in staging.iterdir()] == ["new"]  # the old folder, for the caller to remove
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".ipdoc-old")) == []


def test_sweep_removes_staging_and_restores_a_folder_parked_by_a_cut_swap(tmp_path):
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    for name in (".a.abcd1234.ipdoc-tmp", ".zz.k2j4h5g6.ipdoc-tmp", ".a.q1w2e3r4", "sub/.b.abcdefgh.ipdoc-tmp",
                 ".c.abcd1234.ipdoc-old", ".d.abcd1234.ipdoc-old", "d", ".keep.abcd1234", ".git"):
        (out / name).mkdir()
    (out / ".c.abcd1234.ipdoc-old" / "old-results").touch()
    jobs = [Job("a", None, None), Job("sub/b", None, None), Job("c", None, None), Job("d", None, None)]
    sweep(out, jobs)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        ".git", ".keep.abcd1234", "c", "c/old-results", "d", "sub"]


def _python(code: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).parent)})


def test_a_run_killed_while_writing_leaves_no_partial_folder(tmp_path):
    src = tmp_path / "src"
    for k, name in enumerate(("a", "b", "c")):
        write_pair(src, name, k)
    out = tmp_path / "out"
    assert runner.invoke(app, ["batch", str(src), "--out", str(out), "--jobs", "1", *FAST]).exit_code == 0
    before = {p: p.read_bytes() for p in (out / "b").iterdir()}
    (src / "b.en.txt").write_text(EN[3] + " " + EN[4] + "\n", encoding="utf-8")
    (src / "c.en.txt").write_text(EN[5] + "\n", encoding="utf-8")
    # kill the process (no clean-up runs) after it wrote the second of b's new files
    killer = """
import os, sys
from pathlib import Path
from ipdoc.cli import main
written = []
original = Path.write_bytes
def write_bytes(self, data):
    original(self, data)
    written.append(self)
    if self.parent.name.startswith(".b.") and len(written) == 2:
        os.kill(os.getpid(), 9)
Path.write_bytes = write_bytes
sys.argv = ["ipdoc", "batch", sys.argv[1], "--out", sys.argv[2], "--jobs", "1", "--stages", "align,check"]
main()
"""
    proc = _python(killer, str(src), str(out))
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    staging = [p for p in out.iterdir() if p.name.startswith(".b.")]
    assert len(staging) == 1 and len(list(staging[0].iterdir())) == 2  # half-written, but hidden
    assert {p: p.read_bytes() for p in (out / "b").iterdir()} == before  # the old results stand whole
    assert folder_is_whole(out / "a")

    r = runner.invoke(app, ["batch", str(src), "--out", str(out), "--jobs", "1", *FAST])
    assert r.exit_code == 0
    assert {p["name"]: p["status"] for p in summary(out)["pairs"]} == {"a": "skipped", "b": "done", "c": "done"}
    assert not [p for p in out.iterdir() if p.name.startswith((".a.", ".b.", ".c."))]
    assert all(folder_is_whole(out / n) for n in "abc")


def test_a_run_killed_at_any_moment_leaves_whole_folders(tmp_path):
    src = tmp_path / "src"
    for k in range(8):
        write_pair(src, f"p{k}", k)
    out = tmp_path / "out"
    cmd = [sys.executable, "-c", "from ipdoc.cli import main; main()", "batch", str(src), "--out", str(out),
           "--jobs", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and not (out.is_dir() and len(list(out.glob("*/result.json"))) >= 2):
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    done = [p.parent for p in out.glob("*/result.json")]
    assert done and all(folder_is_whole(p) for p in done)
    assert all((p / "result.json").exists() for p in out.iterdir() if not p.name.startswith("."))
    r = runner.invoke(app, ["batch", str(src), "--out", str(out), "--jobs", "1"])
    assert r.exit_code == 0 and [p.name for p in out.iterdir() if p.name.startswith(".p")] == []
    assert all(folder_is_whole(out / f"p{k}") for k in range(8))


# --------------------------------------------------------------------------- worker processes


def test_a_worker_process_that_dies_costs_only_its_pair(tmp_path):
    src = tmp_path / "src"
    for k, name in enumerate(("a", "b", "boom", "c", "flaky", "d")):
        write_pair(src, name, k)
    out = tmp_path / "out"
    results = run_jobs(discover_source(src, out), out, Options(("align",)), workers=2, task=crash_on_boom)
    by = {r.job.name: r for r in results}
    assert by["boom"].status == Status.FAILED and "worker process died" in (by["boom"].error or "")
    assert all(by[n].status == Status.DONE for n in ("a", "b", "c", "d", "flaky"))
    here = f"{socket.gethostname()}:{os.getpid()}"
    assert all(by[n].worker not in (None, here) for n in by if n != "boom")  # they ran in worker processes

    produced = list(run_local([r.job for r in results if r.job.name in ("flaky", "a", "b")], Options(("align",)),
                              2, crash_once_on_flaky))
    assert sorted((p.result.job.name, p.result.status) for p in produced) == [
        ("a", "done"), ("b", "done"), ("flaky", "done")]
    assert (src / ".flaky-crashed").exists()  # it did crash once, and was run again


def test_process_runs_the_chosen_stages_only(tmp_path):
    zh, en = write_pair(tmp_path, "p")
    job = Job("p", zh, en)
    names = {stages: set(process(job, Options(stages)).files) for stages in
             [("segment",), ("align",), ("check",), ("tmx",), ("align", "tmx")]}
    assert names[("segment",)] == {"segments.zh.json", "segments.en.json"}
    assert names[("align",)] == {"alignment.beads", "alignment.tsv", "alignment.json", "alignment.clauses.json"}
    assert names[("check",)] == {"findings.json", "findings.txt", "edition.en.txt", "changes.json"}
    assert names[("tmx",)] == {"p.tmx"}
    assert names[("align", "tmx")] == names[("align",)] | {"p.tmx"}
    with pytest.raises(InputError, match="unknown stage 'fix'"):
        Options(("align", "fix"))
    r = runner.invoke(app, ["batch", str(tmp_path), "--out", str(tmp_path / "o"), "--stages", "align,fix"])
    assert r.exit_code == 2 and "unknown stage" in r.stderr


# --------------------------------------------------------------------------- corpus outputs


def test_corpus_tmx_keeps_beads_above_the_confidence_asked(tmp_path):
    src = tmp_path / "src"
    write_pair(src, "a", 0)
    write_pair(src, "b", 2)
    (src / "b.en.txt").write_text(EN[2] + " A sentence about something else entirely. " + EN[4] + " " + EN[5] + "\n",
                                  encoding="utf-8")
    out = tmp_path / "out"
    r = runner.invoke(app, ["batch", str(src), "--out", str(out), "--jobs", "1", "--stages", "align,tmx"])
    assert r.exit_code == 0, r.output
    units = parse_tmx((out / "corpus.tmx").read_bytes())
    scores = [float(u["props"]["x-ipdoc-score"]) for u in units]
    assert [u["props"]["x-ipdoc-pair"] for u in units] == ["a"] * 4 + ["b"] * len(parse_tmx(
        (out / "b" / "b.tmx").read_bytes()))
    assert units[0]["zh"] == ZH[0] and units[0]["en"] == EN[0]
    cut = sorted(scores)[len(scores) // 2]
    r = runner.invoke(app, ["batch", str(src), "--out", str(out), "--jobs", "1", "--stages", "align,tmx",
                            "--min-confidence", str(cut)])
    kept = parse_tmx((out / "corpus.tmx").read_bytes())
    assert len(kept) == sum(1 for s in scores if s >= cut) < len(units)
    assert summary(out)["corpus"]["tmx_units"] == len(kept)
    assert f"corpus.tmx: {len(kept)} units" in r.stdout

    r = runner.invoke(app, ["batch", str(src), "--out", str(out), "--jobs", "1", "--stages", "align"])
    assert not (out / "corpus.tmx").exists() and "no corpus.tmx" in r.stdout


def test_summary_csv_has_one_row_per_pair_in_name_order(tmp_path):
    src = corpus_folder(tmp_path)
    out = tmp_path / "out"
    runner.invoke(app, ["batch", str(src), "--out", str(out), "--jobs", "1", *FAST])
    rows = list(csv.DictReader(io.StringIO((out / "summary.csv").read_text(encoding="utf-8"))))
    assert [r["name"] for r in rows] == ["alpha", "bad", "beta", "junk", "sub/gamma"]
    alpha = rows[0]
    assert (alpha["status"], alpha["zh_units"], alpha["beads"], alpha["bead_types"], alpha["related"]) == (
        "done", "4", "4", "1-1:4", "true")
    assert float(alpha["seconds"]) > 0 and rows[1]["error"] and rows[1]["beads"] == ""
    assert summary_csv(summary(out)) == (out / "summary.csv").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- Dask


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    """A Dask scheduler and two worker processes on 127.0.0.1 (``dask scheduler``, ``dask worker``), stopped
    at the end; the workers can import this folder's tasks."""
    pytest.importorskip("distributed")
    from distributed import Client

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path_factory.mktemp("dask")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent)}
    commands = [["scheduler", "--host", "127.0.0.1", "--port", str(port)],
                ["worker", address, "--nworkers", "2", "--nthreads", "1", "--host", "127.0.0.1", "--memory-limit", "0"]]
    procs = []
    try:
        for cmd in commands:
            with (logs / f"{cmd[0]}.log").open("wb") as log:
                procs.append(subprocess.Popen([sys.executable, "-m", "dask", *cmd, "--no-dashboard"], env=env,
                                              cwd=logs, stdout=subprocess.DEVNULL, stderr=log))
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in reversed(procs):
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def test_jobs_2_and_dask_give_the_same_summary(tmp_path, dask_cluster):
    src = corpus_folder(tmp_path)
    write_pair(src, "delta", 3, 6)
    outs = {}
    for how, extra in (("pool", ["--jobs", "2"]), ("dask", ["--dask", dask_cluster])):
        outs[how] = tmp_path / f"out-{how}"
        r = runner.invoke(app, ["batch", str(src), "--out", str(outs[how]), "--stages", "align,check,tmx", *extra])
        assert r.exit_code == 2, r.output  # the two bad pairs
    pool, dask = summary(outs["pool"]), summary(outs["dask"])
    assert pool["timings"]["pairs"].keys() == dask["timings"]["pairs"].keys()
    pool.pop("timings")
    dask.pop("timings")
    assert pool == dask and pool["corpus"]["done"] == 4 and pool["corpus"]["failed"] == 2
    for name in ("alpha", "sub/gamma", "delta"):
        for f in ("alignment.beads", "findings.json", f"{Path(name).name}.tmx", "result.json"):
            assert (outs["pool"] / name / f).read_bytes() == (outs["dask"] / name / f).read_bytes()
    assert (outs["pool"] / "corpus.tmx").read_bytes() == (outs["dask"] / "corpus.tmx").read_bytes()
    r = runner.invoke(app, ["batch", str(src), "--out", str(outs["dask"]), "--stages", "align,check,tmx",
                            "--dask", dask_cluster])
    assert "0 done, 4 skipped as unchanged, 2 failed" in r.stdout  # resumption works the same way


def test_dask_retries_a_pair_whose_worker_was_lost(tmp_path, dask_cluster):
    src = tmp_path / "src"
    for k, name in enumerate(("a", "flaky", "b")):
        write_pair(src, name, k)
    out = tmp_path / "out"
    results = run_jobs(discover_source(src, out), out, Options(("align",)), dask=dask_cluster,
                       task=crash_once_on_flaky)
    assert [(r.job.name, r.status) for r in results] == [("a", "done"), ("b", "done"), ("flaky", "done")]
    assert (src / ".flaky-crashed").exists()
    assert folder_is_whole(out / "flaky")


def test_dask_records_a_pair_that_keeps_killing_its_workers_as_failed(tmp_path, dask_cluster):
    src = tmp_path / "src"
    for k, name in enumerate(("a", "boom")):
        write_pair(src, name, k)
    out = tmp_path / "out"
    results = run_jobs(discover_source(src, out), out, Options(("align",)), dask=dask_cluster, task=crash_on_boom)
    assert [(r.job.name, r.status) for r in results] == [("a", "done"), ("boom", "failed")]
    assert "KilledWorker" in (results[1].error or "") and not (out / "boom").exists()


def test_dask_unreachable_is_one_line(tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr(batch_mod, "CONNECT_TIMEOUT", "2s")
    write_pair(tmp_path / "src", "a")
    r = runner.invoke(app, ["batch", str(tmp_path / "src"), "--out", str(tmp_path / "out"),
                            "--dask", f"tcp://127.0.0.1:{_free_port()}"])
    assert r.exit_code == 2 and "cannot reach the Dask scheduler" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_progress_is_a_bar_on_a_terminal_and_lines_when_piped(tmp_path, monkeypatch):
    from rich.console import Console

    from ipdoc import cli
    from ipdoc.pipeline import JobResult

    results = [JobResult(Job("a", None, None), seconds=1.5), JobResult(Job("b", None, None), Status.FAILED,
                                                                      error="b.en.txt: empty file")]
    screen = io.StringIO()
    monkeypatch.setattr(cli, "_progress_enabled", lambda: True)
    monkeypatch.setattr(cli, "_stderr_console", lambda: Console(file=screen, force_terminal=True, width=100))
    with cli._progress(2, "ipdoc batch", lines=True) as note:
        for r in results:
            note(r)
    assert "b: FAILED: b.en.txt: empty file" in screen.getvalue() and "1 failed" in screen.getvalue()

    monkeypatch.setattr(cli, "_progress_enabled", lambda: False)
    src = tmp_path / "src"
    write_pair(src, "a")
    r = runner.invoke(app, ["batch", str(src), "--out", str(tmp_path / "out"), "--stages", "align"])
    assert r.stdout.splitlines()[0].startswith("[1/1] a: done (")
