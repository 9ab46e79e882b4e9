"""Many jobs at once: discovery, scheduling, resumption, safe writing and corpus outputs.

The stages are :func:`ipdoc.pipeline.process`'s; this module only decides which jobs
to run, where (this process, a pool of processes, or a Dask cluster), and writes
what they produce:

- every job's files go to ``OUT/NAME/``, written in a hidden staging folder beside it
  and swapped in by one rename, so a killed run leaves the old folder or the new one,
  never half of one; staging folders a killed run left are removed by the next run;
- ``OUT/NAME/result.json`` stores a content hash of the job's inputs, options and the
  ipdoc code that made it: a job whose hash is unchanged is skipped (unless forced);
- a job that fails is recorded with one line and the others go on; a worker process
  that dies costs only the job it held, which is retried on its own;
- ``summary.json``, ``summary.csv`` and ``corpus.tmx`` sum up the corpus.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import InputError
from .io import write_atomic
from .model import Lang, Level
from .pipeline import Job, JobResult, Options, Status, Work, discover, nested_apart, process
from .render import dumps

if TYPE_CHECKING:
    from .align.evaluate import Scores

RESULT = "result.json"
CORPUS_FILES = ("corpus.tmx", "summary.csv", "summary.json")
_TMP, _OLD = ".ipdoc-tmp", ".ipdoc-old"
#: staging folders: ``.NAME.XXXXXXXX.ipdoc-tmp`` (being written), ``….ipdoc-old`` (an old
#: folder moved aside by a two-step swap); ``.NAME.XXXXXXXX`` were made by ipdoc 0.1's ``run``.
_STAGING = re.compile(r"^\.(?P<stem>.+)\.[a-z0-9_]{8}(?P<kind>\.ipdoc-tmp|\.ipdoc-old)?$")
_UNRELATED = "the texts look unrelated"
CONNECT_TIMEOUT = "20s"  # to reach a Dask scheduler

Task = Callable[[Job, Options], "Produced"]


@dataclass(frozen=True, slots=True)
class Produced:
    """What a worker sends back: the job's result and the files to write in its folder."""

    result: JobResult
    files: dict[str, str | bytes] = field(default_factory=dict)


# --------------------------------------------------------------------------- sources


def discover_source(source: Path, out: Path) -> list[Job]:
    """The jobs of a folder (recursively; ``out`` left out) or of a manifest (CSV or JSONL)."""
    source = source.absolute()
    if source.is_dir():
        return discover(source, recursive=True, exclude=out.absolute())
    if not source.is_file():
        raise InputError("no such folder or manifest", str(source))
    suffix = source.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(source)
    elif suffix in (".jsonl", ".ndjson", ".json"):
        rows = _jsonl_rows(source)
    else:
        raise InputError("give a folder of texts or a manifest (.csv or .jsonl: name, zh, en, gold)", str(source))
    return _manifest_jobs(source, rows)


def _read_manifest(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError("the manifest is not UTF-8 text", str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", str(path)) from None


def _csv_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(_read_manifest(path)))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if "name" not in header or not {"zh", "en"} & set(header):
        raise InputError("the first row must name the columns: name,zh,en (and gold, optional)", str(path))
    reader.fieldnames = header
    return [(reader.line_num, row) for row in reader if any((v or "").strip() for v in row.values() if v)]


def _jsonl_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    rows = []
    for n, line in enumerate(_read_manifest(path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"line {n}: not JSON: {exc.msg}", str(path)) from None
        if not isinstance(row, dict):
            raise InputError(f"line {n}: not an object with name, zh, en", str(path))
        rows.append((n, row))
    return rows


def _manifest_jobs(path: Path, rows: list[tuple[int, dict[str, Any]]]) -> list[Job]:
    jobs: dict[str, Job] = {}
    for n, row in rows:
        name = str(row.get("name") or "").strip()
        where = f"line {n}"
        check_name(name, f"{path}: {where}")
        if name in jobs:
            raise InputError(f"{where}: the name {name!r} is given twice", str(path))
        files = {key: _manifest_path(path, row.get(key)) for key in ("zh", "en", "gold")}
        problem = None if files["zh"] or files["en"] else f"{where} of {path.name} gives neither zh nor en"
        jobs[name] = Job(name, files["zh"], files["en"], files["gold"], problem)
    return nested_apart([jobs[k] for k in sorted(jobs)])


def _manifest_path(manifest: Path, value: Any) -> Path | None:
    text = str(value).strip() if value is not None else ""
    return manifest.parent / text if text else None


def check_name(name: str, origin: str) -> None:
    """Refuse a job name that is no plain relative folder name (or is a corpus output's)."""
    parts = PurePosixPath(name).parts
    if (not name or name.startswith("/") or "\\" in name or "\0" in name or not parts
            or any(p in (".", "..") or p.startswith(".") for p in parts) or name.strip("/") != name
            or "//" in name or parts[0] in CORPUS_FILES):
        raise InputError(f"{name!r} is no name for a result folder (a relative name, no '..', no leading dot)",
                         origin)


# --------------------------------------------------------------------------- resumption


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of ipdoc's own files and its dependencies' versions: what made a result."""
    from importlib import metadata

    h = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    try:
        requires = metadata.requires("ipdoc") or []
    except metadata.PackageNotFoundError:
        requires = []
    for req in sorted(requires):
        dist = re.split(r"[\s<>=!~;\[(]", req, maxsplit=1)[0]
        try:
            h.update(f"{dist}=={metadata.version(dist)}\n".encode())
        except metadata.PackageNotFoundError:
            continue
    return h.hexdigest()


def fingerprint(job: Job, options: Options) -> str:
    """The content hash of what a job's results depend on: inputs, options, ipdoc."""
    h = hashlib.sha256(dumps({"code": code_digest(), "name": job.name, "problem": job.problem,
                              "stages": list(options.stages), "presegmented": options.presegmented,
                              "as_of": options.as_of}).encode())
    for side, path in (("zh", job.zh), ("en", job.en), ("gold", job.gold), ("decisions", job.decisions),
                       ("pins", job.pins)):
        h.update(f"\n{side}:{path}:".encode())
        if path is not None:
            try:
                with path.open("rb") as fh:
                    h.update(hashlib.file_digest(fh, "sha256").digest())
            except OSError:
                h.update(b"unreadable")
    return h.hexdigest()


def stored_result(out: Path, job: Job, digest: str) -> JobResult | None:
    """The result stored in ``OUT/NAME/`` when it was made from the same hash and is whole."""
    folder = out / job.name
    try:
        stored = json.loads((folder / RESULT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("hash") != digest:
        return None
    files = tuple(stored.get("files", ()))
    if not all((folder / name).is_file() for name in files):
        return None
    return JobResult(job, Status.SKIPPED, tuple(stored.get("summary", ())), stored.get("record", {}), files)


def _stored_json(result: JobResult, digest: str, options: Options) -> dict[str, Any]:
    return {"ipdoc": __version__, "hash": digest, "name": result.job.name, "stages": list(options.stages),
            "presegmented": options.presegmented, "files": list(result.files), "summary": list(result.summary),
            "record": result.record}


# --------------------------------------------------------------------------- the output folder


def check_out(out: Path, jobs: Iterable[Job]) -> None:
    """Refuse, before anything is written, an output folder that is a file, or a job's
    folder that is a file or a symbolic link."""
    if out.exists() and not out.is_dir():
        raise InputError("is a file; give a folder for the results", str(out))
    for job in jobs:
        target = out / job.name
        for folder in reversed(target.parents):
            if folder.is_relative_to(out) and folder != out and folder.exists() and not folder.is_dir():
                raise InputError("is a file; ipdoc needs a folder there (move it away)", str(folder))
        if target.is_symlink():
            raise InputError("is a symbolic link; ipdoc writes a folder there (move it away)", str(target))
        if target.exists() and not target.is_dir():
            raise InputError("is a file; ipdoc writes a folder there (move it away)", str(target))


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold ``OUT/.ipdoc.lock`` for the run: two runs never write one folder at once."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        yield
        return
    fd = os.open(out / ".ipdoc.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise InputError("another ipdoc run is writing to this folder", str(out)) from None
        yield
    finally:
        os.close(fd)


def sweep(out: Path, jobs: Iterable[Job]) -> None:
    """Remove the staging folders a killed run left beside the jobs' folders; an old folder
    moved aside by a swap that was cut short is put back when nothing replaced it."""
    stems: dict[Path, set[str]] = {out: set()}
    for job in jobs:
        target = out / job.name
        stems.setdefault(target.parent, set()).add(target.name)
    for folder, names in stems.items():
        if not folder.is_dir():
            continue
        for entry in folder.iterdir():
            m = _STAGING.match(entry.name)
            if not m or entry.is_symlink() or not entry.is_dir():
                continue
            final = folder / m.group("stem")
            if m.group("kind") == _OLD and not final.exists():
                os.rename(entry, final)
            elif m.group("kind") or m.group("stem") in names:
                shutil.rmtree(entry, ignore_errors=True)


def write_result(out: Path, result: JobResult, files: dict[str, str | bytes], stored: dict[str, Any]) -> None:
    """Write a job's folder whole: into a staging folder beside it, swapped in by one rename."""
    target = out / result.job.name
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=_TMP, dir=target.parent))
    try:
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)
        for name, data in files.items():
            (staging / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        (staging / RESULT).write_text(dumps(stored), encoding="utf-8")
        swap_in(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def swap_in(staging: Path, target: Path) -> None:
    """Put ``staging`` at ``target`` in one step; what stood there ends up at ``staging``.

    No folder yet: one rename. A folder there: Linux's ``renameat2(RENAME_EXCHANGE)``
    swaps the two atomically. Where the system or file system cannot (another OS, NFS),
    two renames, the old folder parked as ``….ipdoc-old`` in between, which the next
    run's :func:`sweep` puts back if the second rename never happened.
    """
    if not target.exists():
        os.rename(staging, target)
        return
    if exchange(staging, target):
        return
    parked = staging.with_name(staging.name[: -len(_TMP)] + _OLD)
    os.rename(target, parked)
    os.rename(staging, target)
    os.rename(parked, staging)


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux ``renameat2`` with ``RENAME_EXCHANGE``); False where unsupported."""
    fn = _renameat2()
    if fn is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    import ctypes

    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EPERM):
        return False
    raise OSError(err, os.strerror(err), str(b))


@lru_cache(maxsize=1)
def _renameat2() -> Any:
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn


# --------------------------------------------------------------------------- the work of one job


def work(job: Job, options: Options) -> Produced:
    """Run one job; never raises for the job's own failure (it becomes its error line)."""
    start, cpu = time.perf_counter(), time.process_time()
    try:
        done = process(job, options)
        result = JobResult(job, Status.DONE, tuple(done.summary), record(done), tuple(done.files))
        files = done.files
    except Exception as exc:  # one job's failure, whatever it is, is its own
        result, files = JobResult(job, Status.FAILED, error=error_line(exc)), {}
    return Produced(replace(result, seconds=round(time.perf_counter() - start, 3),
                            cpu_seconds=round(time.process_time() - cpu, 3), peak_mb=_peak_mb(),
                            worker=_worker_name()), files)


def error_line(exc: BaseException) -> str:
    """A failure as one line: bad input as it is, anything else as an internal error."""
    if isinstance(exc, InputError):
        return str(exc)
    first = (str(exc).splitlines() or [""])[0]
    return f"internal error: {type(exc).__name__}: {first}"


def record(done: Work) -> dict[str, Any]:
    """The counts of one job a corpus summary adds up (None where a stage did not run)."""
    pair, review = done.pair, done.review
    summary = pair.summary() if pair is not None else None
    return {
        "units": {str(lang): len(doc.level(Level.SENTENCE)) for lang, doc in sorted(done.docs.items())},
        "beads": summary["types"] if summary else None,
        "paired": sum(1 for _ in pair.paired()) if pair is not None else None,
        "mean_confidence": summary["mean_score"] if summary else None,
        "related": not any(w.startswith(_UNRELATED) for w in pair.warnings) if pair is not None else None,
        "findings": dict(sorted(Counter(f.code for f in review.findings).items())) if review is not None else None,
        "gold": _prf_json(done.gold) if done.gold is not None else None,
    }


def _prf_json(scores: Scores) -> dict[str, dict[str, float]]:
    return {kind: {"precision": round(prf.precision, 4), "recall": round(prf.recall, 4), "f1": round(prf.f1, 4)}
            for kind, prf in (("strict", scores.strict), ("lax", scores.lax))}


def warm() -> None:
    """Load jieba, the dictionary and the stages' modules once in a worker process."""
    from .model import Text
    from .pipeline import align_pair, make_review
    from .segment import segment

    zh = segment(Text("国务院关于推进互联网行动的指导意见。一、总体要求。", Lang.ZH))
    en = segment(Text("Guiding Opinions of the State Council on the Internet. I. General requirements.", Lang.EN))
    make_review(align_pair(zh, en))


def _peak_mb() -> float | None:
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def _worker_name() -> str:
    import socket

    return f"{socket.gethostname()}:{os.getpid()}"


# --------------------------------------------------------------------------- scheduling


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def run_local(jobs: list[Job], options: Options, workers: int, task: Task = work) -> Iterator[Produced]:
    """Jobs in this process (one worker) or in a pool of worker processes, in the order they finish.

    Each worker has a second job queued, so none waits while this process writes a result.
    A worker process that dies (killed, out of memory, a crash in a library) breaks the
    pool: the jobs in flight are run again, each alone in a new pool, so the one that
    kills its worker is found and recorded as failed, and the others are done.
    """
    if min(workers, len(jobs)) <= 1:
        for job in jobs:
            yield task(job, options)
        return
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    queue, suspects = deque(jobs), deque[Job]()
    while queue or suspects:
        alone = not queue  # only suspects are left: one at a time
        size = 1 if alone else min(workers, len(queue))
        source = suspects if alone else queue
        running: dict[Any, Job] = {}
        with ProcessPoolExecutor(size, mp_context=_mp_context(), initializer=warm) as pool:
            try:
                while source or running:
                    while source and len(running) < (1 if alone else 2 * size):
                        running[pool.submit(task, source[0], options)] = source[0]
                        source.popleft()  # only once submitted: a broken pool keeps it for the next
                    finished, _ = wait(running, return_when=FIRST_COMPLETED)
                    for fut in finished:
                        produced = fut.result()
                        del running[fut]
                        yield produced
            except BrokenProcessPool:
                if alone and running:
                    (job,) = running.values()
                    yield Produced(JobResult(job, Status.FAILED, error="internal error: the worker process "
                                             "died while processing it (killed, out of memory or crashed)"))
                else:
                    suspects.extend(running.values())


def _mp_context() -> Any:
    import multiprocessing as mp

    return mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")


def run_dask(jobs: list[Job], options: Options, address: str, task: Task = work) -> Iterator[Produced]:
    """Jobs on a Dask distributed cluster, in the order they finish; the results come back here.

    Dask reschedules a job whose worker was lost on another worker; a job that keeps
    killing its workers (Dask's ``KilledWorker``) is recorded as failed.
    """
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise InputError("--dask needs Dask's distributed package: pip install 'ipdoc[dask]'") from None
    if not jobs:
        return
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"cannot reach the Dask scheduler: {error_line(exc).removeprefix('internal error: ')}",
                         address) from None
    with client:
        try:
            client.run(warm)
        except Exception as exc:  # e.g. ipdoc missing on a worker
            raise InputError(f"the Dask workers cannot run ipdoc ({error_line(exc)}); install it on every worker",
                             address) from None
        futures = {client.submit(task, job, options, pure=False): job for job in jobs}
        for fut in as_completed(futures, loop=client.loop):
            job = futures.pop(fut)
            try:
                yield fut.result()
            except Exception as exc:  # the cluster gave up on this job (e.g. KilledWorker)
                yield Produced(JobResult(job, Status.FAILED, error=error_line(exc)))
            fut.release()


def run_jobs(jobs: list[Job], out: Path, options: Options | None = None, *, workers: int = 1,
             dask: str | None = None, force: bool = False, on_result: Callable[[JobResult], None] | None = None,
             task: Task = work) -> list[JobResult]:
    """Run jobs into ``OUT/NAME/`` folders: skip those unchanged since their stored result
    (unless ``force``), run the others here, in ``workers`` processes or on the Dask
    scheduler at ``dask``, and write each folder whole; results in the jobs' order."""
    options = options or Options()
    check_out(out, jobs)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the folder: {exc.strerror or exc}", str(out)) from None
    results: dict[str, JobResult] = {}
    with locked(out):
        sweep(out, jobs)
        digests, todo = {}, []
        for job in jobs:
            digests[job.name] = digest = fingerprint(job, options)
            stored = None if force else stored_result(out, job, digest)
            if stored is None:
                todo.append(job)
                continue
            results[job.name] = stored
            if on_result:
                on_result(stored)
        if not dask:
            # the editor's work an earlier run left in OUT/NAME is carried over (Dask workers may
            # not see OUT: there the results are made afresh)
            todo = [replace(j, previous=out / j.name) if (out / j.name).is_dir() else j for j in todo]
        todo.sort(key=_size, reverse=True)  # the longest first: no long pair is left to run alone at the end
        produced = run_dask(todo, options, dask, task) if dask else run_local(todo, options, workers, task)
        for p in produced:
            result = _settle(out, p, digests[p.result.job.name], options)
            results[result.job.name] = result
            if on_result:
                on_result(result)
    return [results[job.name] for job in jobs]


def _size(job: Job) -> int:
    """The bytes of a job's texts (0 for a file that cannot be read)."""
    total = 0
    for path in (job.zh, job.en):
        try:
            total += path.stat().st_size if path is not None else 0
        except OSError:
            continue
    return total


def _settle(out: Path, produced: Produced, digest: str, options: Options) -> JobResult:
    """Write a finished job's folder; a job whose folder cannot be written has failed."""
    result = produced.result
    if result.status != Status.DONE:
        return result
    try:
        write_result(out, result, produced.files, _stored_json(result, digest, options))
    except OSError as exc:
        return replace(result, status=Status.FAILED, error=f"cannot write its results: {exc.strerror or exc}")
    return result


# --------------------------------------------------------------------------- corpus outputs


@dataclass(frozen=True, slots=True)
class Corpus:
    """The corpus outputs written: the summary (as in summary.json), whether a corpus.tmx
    was written and how many units it kept."""

    summary: dict[str, Any]
    tmx: bool
    tmx_units: int


def corpus_summary(results: list[JobResult], out: Path, options: Options, min_confidence: float,
                   seconds: float) -> dict[str, Any]:
    """summary.json: per pair and for the corpus; timings kept apart under ``timings``."""
    from .align.evaluate import parse_beads, score

    ordered = sorted(results, key=lambda r: r.job.name)
    pairs = [_pair_row(r) for r in ordered]
    ok = [r for r in ordered if r.status != Status.FAILED]
    units: Counter[str] = Counter()
    beads: Counter[str] = Counter()
    findings: Counter[str] = Counter()
    weighted, paired = 0.0, 0
    for r in ok:
        units.update(r.record.get("units") or {})
        beads.update(r.record.get("beads") or {})
        findings.update(r.record.get("findings") or {})
        if r.record.get("paired"):
            paired += r.record["paired"]
            weighted += r.record["paired"] * r.record["mean_confidence"]
    golds, tests = [], []
    for r in ok:
        beads_file = out / r.job.name / "alignment.beads"
        if r.job.gold is not None and r.record.get("gold") is not None and beads_file.is_file():
            golds.append(parse_beads(r.job.gold.read_text(encoding="utf-8"), str(r.job.gold)))
            tests.append(parse_beads(beads_file.read_text(encoding="utf-8"), str(beads_file)))
    corpus = {
        "pairs": len(ordered),
        **{str(s): sum(1 for r in ordered if r.status == s) for s in Status},
        "units": dict(sorted(units.items())),
        "beads": dict(sorted(beads.items())),
        "mean_confidence": round(weighted / paired, 4) if paired else None,
        "unrelated": [r.job.name for r in ok if r.record.get("related") is False],
        "findings": dict(sorted(findings.items())),
        "gold": {"pairs": len(golds), **_prf_json(score(golds, tests))} if golds else None,
    }
    return {
        "ipdoc": __version__,
        "stages": list(options.stages),
        "presegmented": options.presegmented,
        "min_confidence": min_confidence,
        "pairs": pairs,
        "corpus": corpus,
        "timings": {"seconds": round(seconds, 3),
                    "pairs": {r.job.name: {"seconds": r.seconds, "cpu_seconds": r.cpu_seconds, "peak_mb": r.peak_mb,
                                           "worker": r.worker} for r in ordered}},
    }


def _pair_row(r: JobResult) -> dict[str, Any]:
    keys = ("units", "beads", "paired", "mean_confidence", "related", "findings", "gold")
    return {"name": r.job.name, "status": str(r.status), "error": r.error,
            "files": {side: str(p) if p is not None else None
                      for side, p in (("zh", r.job.zh), ("en", r.job.en), ("gold", r.job.gold))},
            **{k: r.record.get(k) for k in keys}}


CSV_COLUMNS = ("name", "status", "zh_units", "en_units", "beads", "bead_types", "mean_confidence", "related",
               "findings", "findings_by_rule", "strict_precision", "strict_recall", "strict_f1", "lax_precision",
               "lax_recall", "lax_f1", "seconds", "cpu_seconds", "peak_mb", "error")


def summary_csv(summary: dict[str, Any]) -> str:
    """summary.csv: one row per pair, the columns of ``CSV_COLUMNS``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    timings = summary["timings"]["pairs"]
    for row in summary["pairs"]:
        units, beads, findings, gold = row["units"] or {}, row["beads"], row["findings"], row["gold"] or {}
        cost = timings.get(row["name"], {})
        writer.writerow([
            row["name"], row["status"], units.get("zh", ""), units.get("en", ""),
            sum(beads.values()) if beads is not None else "",
            " ".join(f"{k}:{n}" for k, n in beads.items()) if beads else "",
            _num(row["mean_confidence"]), "" if row["related"] is None else str(row["related"]).lower(),
            sum(findings.values()) if findings is not None else "",
            " ".join(f"{k}:{n}" for k, n in findings.items()) if findings else "",
            *(_num(gold.get(kind, {}).get(m)) for kind in ("strict", "lax") for m in ("precision", "recall", "f1")),
            _num(cost.get("seconds")), _num(cost.get("cpu_seconds")), _num(cost.get("peak_mb")), row["error"] or "",
        ])
    return buf.getvalue()


def _num(x: float | None) -> str:
    return "" if x is None else f"{x:.4f}".rstrip("0").rstrip(".")


def corpus_tmx(results: list[JobResult], out: Path, min_confidence: float) -> tuple[bytes | None, int]:
    """The translation units of every pair's TMX (the export stage's) whose score is at least
    ``min_confidence``, in pair order, each with an ``x-ipdoc-pair`` property; None without any TMX."""
    import copy

    from lxml import etree

    from .xmlsafe import parse_xml

    root = body = None
    kept = 0
    for r in sorted(results, key=lambda r: r.job.name):
        path = out / r.job.name / f"{r.job.stem}.tmx"
        if r.status == Status.FAILED or f"{r.job.stem}.tmx" not in r.files or not path.is_file():
            continue
        tmx = parse_xml(path.read_bytes(), str(path), "TMX")
        if root is None:
            root = etree.Element("tmx", version=tmx.get("version", "1.4"))
            header = tmx.find("header")
            if header is not None:
                root.append(copy.deepcopy(header))
            body = etree.SubElement(root, "body")
        for tu in tmx.iter("tu"):
            score = tu.findtext("prop[@type='x-ipdoc-score']")
            if score is None or float(score) < min_confidence:
                continue
            kept += 1
            tu.set("tuid", str(kept))
            prop = etree.Element("prop", type="x-ipdoc-pair")
            prop.text = r.job.name
            tu.insert(0, prop)
            body.append(tu)  # type: ignore[union-attr]
    if root is None:
        return None, 0
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True), kept


def write_corpus(out: Path, results: list[JobResult], options: Options, min_confidence: float,
                 seconds: float) -> Corpus:
    """Write summary.json, summary.csv and corpus.tmx into ``out`` (each atomically)."""
    summary = corpus_summary(results, out, options, min_confidence, seconds)
    tmx, kept = corpus_tmx(results, out, min_confidence)
    summary["corpus"]["tmx_units"] = kept
    write_atomic(out / "summary.json", dumps(summary))
    write_atomic(out / "summary.csv", summary_csv(summary))
    if tmx is not None:
        write_atomic(out / "corpus.tmx", tmx)
    elif (out / "corpus.tmx").is_file():
        (out / "corpus.tmx").unlink()  # an old corpus would be taken for this run's
    return Corpus(summary, tmx is not None, kept)
