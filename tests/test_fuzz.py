"""The command line under random input: random texts in many encodings and containers, random
project files derived from valid ones, random output paths and random command lines.

Every example runs the CLI in-process and asserts the promise of the README: exit status 0, 1
or 2 only; no internal error and no traceback; on exit 2 one line on stderr, nothing on stdout
and nothing written (the example's folder is listed before and after: names, kinds, modes,
mtimes and bytes; no temporary file left); whatever the exit status, every input unchanged
(bytes and mtime) and nothing written but the command's outputs, each an absent or (with
--force) regular file before.

The budgets below keep the whole file to about a minute on a loaded 2-core machine; for a
deeper search, ``python scripts/fuzz_cli.py --examples 5000`` runs the same tests longer with
random seeds (``IPDOC_FUZZ_EXAMPLES`` and ``IPDOC_FUZZ_SEED`` are how it tells them).
"""

from __future__ import annotations

import codecs
import contextlib
import copy
import hashlib
import io
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from lxml import etree
from typer.testing import CliRunner

from conftest import ROOT, SAMPLE_EN, SAMPLE_ZH, USER_EN
from ipdoc.cli import app
from ipdoc.errors import InputError

# --------------------------------------------------------------------------- budget

#: Examples per test: 0 keeps each test's CI budget; scripts/fuzz_cli.py sets it higher.
EXAMPLES = int(os.environ.get("IPDOC_FUZZ_EXAMPLES", "0") or 0)
#: A seed for a deep run (random examples); without one every run tries the same examples.
SEED = os.environ.get("IPDOC_FUZZ_SEED")
#: The longest one command may take (seconds) before the example fails as a hang.
TIME_LIMIT = int(os.environ.get("IPDOC_FUZZ_TIME_LIMIT", "120"))


def budget(n: int) -> settings:
    """The settings of one fuzz test: ``n`` examples in CI, deterministic, no deadline."""
    return settings(max_examples=EXAMPLES or n, deadline=None, derandomize=SEED is None, database=None,
                    print_blob=SEED is not None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example, HealthCheck.filter_too_much])


class Blob(bytes):
    """Bytes with a short repr (how they were made), so a failing example reads well even when the
    file is 100 kB; ``IPDOC_FUZZ_KEEP=DIR`` keeps the files of a failing example for a reproducer."""

    note: str

    def __new__(cls, data: bytes, note: str) -> Blob:
        obj = super().__new__(cls, data)
        obj.note = note
        return obj

    def __repr__(self) -> str:
        return f"<{len(self)} bytes: {self.note}>"


runner = CliRunner()
ENV = {"IPDOC_NO_PROGRESS": "1", "IPDOC_DEBUG": None, "COLUMNS": "120"}

# --------------------------------------------------------------------------- what every example asserts


def snapshot(root: Path) -> dict[str, tuple]:
    """Everything under ``root``: kind, mode and mtime of each entry, bytes of regular files,
    targets of links (never opening anything but regular files: FIFOs would block)."""
    out: dict[str, tuple] = {}
    stack = [str(root)]
    while stack:
        folder = stack.pop()
        for entry in os.scandir(folder):
            st_ = entry.stat(follow_symlinks=False)
            rel = os.path.relpath(entry.path, root)
            mode = st_.st_mode
            if stat.S_ISREG(mode):
                out[rel] = ("file", stat.S_IMODE(mode), st_.st_mtime_ns, st_.st_ino, Path(entry.path).read_bytes())
            elif stat.S_ISLNK(mode):
                out[rel] = ("link", os.readlink(entry.path))
            elif stat.S_ISDIR(mode):
                out[rel] = ("dir", stat.S_IMODE(mode), st_.st_mtime_ns)
                stack.append(entry.path)
            else:
                out[rel] = ("other", stat.S_IFMT(mode), stat.S_IMODE(mode), st_.st_mtime_ns)
    return out


class Hung(BaseException):
    """A command ran longer than TIME_LIMIT (not an Exception: ipdoc's guard must not swallow it)."""


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Interrupt the command (even one blocked opening a FIFO) after ``seconds``."""

    def alarm(signum, frame):
        raise Hung(f"the command ran longer than {seconds} s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


_TEMP = re.compile(r"(^|/)\.[^/]*\.tmp$")
_CLICK_USAGE = "Usage:"


@dataclass
class Workspace:
    """One example's folder: the inputs put there and the places the command may write."""

    root: Path
    inputs: list[Path] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)

    def put(self, name: str, data: bytes) -> Path:
        """An input file (its bytes and mtime must survive the command)."""
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.inputs.append(path)
        return path

    def out(self, name: str | Path) -> Path:
        """A place the command may write."""
        path = name if isinstance(name, Path) else self.root / name
        self.outputs.append(path)
        return path

    def rel(self, path: Path) -> str:
        return os.path.relpath(path, self.root)


@contextlib.contextmanager
def workspace() -> Iterator[Workspace]:
    root = Path(tempfile.mkdtemp(prefix="ipdoc-fuzz-"))
    try:
        yield Workspace(root)
    finally:
        for dirpath, dirnames, _ in os.walk(root):
            for d in dirnames:
                path = os.path.join(dirpath, d)
                if not os.path.islink(path):
                    with contextlib.suppress(OSError):
                        os.chmod(path, 0o755)
        shutil.rmtree(root, ignore_errors=True)


@dataclass(frozen=True)
class Outcome:
    code: int
    stdout: str
    stderr: str


def failure_key(message: str) -> str:
    """What kind of failure a message reports: its first line, or the internal error it names."""
    m = re.search(r"internal error: [^\n]*?(?= \(set IPDOC_DEBUG|\n|$)", message)
    key = m.group() if m else message.splitlines()[0]
    return re.sub(r"/tmp/\S+|\d+", "#", key)[:200]


def keep(ws: Workspace, args: list[str], message: str) -> None:
    """Copy a failing example's files and command to $IPDOC_FUZZ_KEEP/CMD-KEY/: the smallest
    example of each kind of failure (see ``failure_key``) is kept."""
    where = os.environ.get("IPDOC_FUZZ_KEEP")
    if not where:
        return
    key = failure_key(message)
    dest = Path(where) / f"{args[0]}-{hashlib.sha1(key.encode()).hexdigest()[:10]}"
    files = [p for p in ws.inputs if p.is_file() and not p.is_symlink()]
    size = sum(p.stat().st_size for p in files)
    if (dest / "size").is_file() and int((dest / "size").read_text()) <= size:
        return
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    for path in files:
        shutil.copyfile(path, dest / ws.rel(path).replace("/", "_"))
    (dest / "size").write_text(str(size))
    (dest / "command.txt").write_text(f"{key}\n\nipdoc {' '.join(args)}\n(WS: {ws.root})\n\n{message}\n",
                                      encoding="utf-8", errors="replace")


#: Set by scripts/fuzz_cli.py: failures are kept (IPDOC_FUZZ_KEEP) and the search goes on.
COLLECT = bool(os.environ.get("IPDOC_FUZZ_COLLECT"))


def run(ws: Workspace, args: list[str], force: bool = False, refused: bool = False) -> Outcome:
    """Run ``ipdoc ARGS`` and assert everything the CLI promises about exit status, messages and
    files (``refused``: the command must exit 2)."""
    try:
        return _run(ws, args, force, refused)
    except AssertionError as exc:
        keep(ws, args, str(exc))
        if COLLECT:
            return Outcome(-1, "", str(exc))
        raise


def _run(ws: Workspace, args: list[str], force: bool, refused: bool) -> Outcome:
    before = snapshot(ws.root)
    with time_limit(TIME_LIMIT):
        result = runner.invoke(app, args, env=ENV)
    after = snapshot(ws.root)
    where = f"ipdoc {' '.join(args)}\nstdout: {result.stdout[-2000:]}\nstderr: {result.stderr[-2000:]}"
    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        import traceback

        tb = "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else repr(exc)
        raise AssertionError(f"uncaught {type(exc).__name__}: {exc}\n{where}\n{tb}")
    if refused:
        assert result.exit_code == 2, f"an output it must refuse was accepted (force={force})\n{where}"
    code = result.exit_code
    if currently_in_test_context():  # shown by --hypothesis-show-statistics (scripts/fuzz_cli.py)
        event(f"{args[0]}: exit {code}")
    assert code in (0, 1, 2), f"exit status {code}\n{where}"
    for stream in (result.stdout, result.stderr):
        assert "internal error" not in stream, f"internal error\n{where}"
        assert "Traceback" not in stream, f"a traceback in the output\n{where}"
    if code == 1:
        assert args[0] in ("check", "diff"), f"exit 1 from {args[0]}\n{where}"
    leftovers = sorted(p for p in after if _TEMP.search(p))
    assert not leftovers, f"temporary files left: {leftovers}\n{where}"
    if code == 2:
        assert result.stdout == "", f"output on stdout with exit 2\n{where}"
        lines = [ln for ln in result.stderr.splitlines() if ln.strip() and not ln.startswith("ipdoc: warning:")]
        if _CLICK_USAGE not in result.stderr:  # a usage error of Click's: its own few lines
            assert len(lines) == 1 and lines[0].startswith("ipdoc: error: "), f"not one clear line\n{where}"
        changed = sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))
        assert not changed, f"exit 2 but written: {changed}\n{where}"
        return Outcome(code, result.stdout, result.stderr)
    allowed = {ws.rel(p) for p in ws.outputs} - {ws.rel(p) for p in ws.inputs}
    for p in sorted(set(before) | set(after)):
        old, new = before.get(p), after.get(p)
        if old is not None and new is not None and old[0] == new[0] == "dir":
            continue  # a folder's mtime moves when an output is made in it
        if old == new:
            continue
        assert p in allowed, f"{p} changed but is not an output (inputs: {[ws.rel(i) for i in ws.inputs]})\n{where}"
        assert new is not None and new[0] == "file", f"output {p} is not a regular file after writing\n{where}"
        assert old is None or (old[0] == "file" and (force or args[0] == "review")), \
            f"output {p} replaced {old[0]} (force={force})\n{where}"
    return Outcome(code, result.stdout, result.stderr)


# --------------------------------------------------------------------------- texts

ZH_LINES = (
    "关于改进城市图书馆服务的意见（测试文本）",
    "示发〔2024〕7号",
    "各区人民政府，市政府各委、办、局：",
    "图书馆服务是公共文化服务的重要内容。为进一步改进服务，现提出以下意见。",
    "一、总体要求",
    "（一）指导思想。坚持以人民为中心，推进数据共享，不断提升群众获得感。",
    "（二）主要目标。到2026年，建成30个共享平台，覆盖率达到85%。",
    "二、重点任务",
    "1.完善网络设施。推进IPv6规模部署。（工业和信息化部、网信办等负责）",
    "2.建设共享平台，实现目录统一管理。（发展改革委等负责",
    "（1）加强安全保护；（2）定期开展风险评估。",
    "三、保障措施",
    "各地区要认真贯彻执行。",
    "某某市人民政府",
    "2024年5月8日",
    "二〇二四年五月八日",
)
EN_LINES = (
    "Opinions on Improving City Library Services (Test Text)",
    "Shi Fa [2024] No. 7",
    "To the district people's governments and all municipal commissions, offices and bureaus:",
    "Library services are an important part of public cultural services. The following opinions are put forward.",
    "I. General Requirements",
    "(1) Guiding ideology. Put the people first, promote data sharing and raise the people's sense of gain.",
    "(2) Main objectives. By 20 26, 30 sharing platforms will be built and coverage will reach 8 5%.",
    "II. Key Tasks",
    "1. Improve network facilities. Promote the large-scale deployment of IPv6. (MIIT, CAC, etc.)",
    "2. Build sharing platforms and manage catalogues in one place. (NDRC and others responsible",
    "(3) Strengthen security protection;; (VI) carry out risk assessments regularly .",
    "III. Safeguards",
    "all regions shall implement it earnestly",
    "The People's Government of X City",
    "May 8, 2024",
    "The Ministry of Industry and Information Technology and the Cyberspace Administration of China",
)
MARKERS = ("一、", "二、", "十一、", "（一）", "（二）", "(一)", "1.", "2.", "1、", "12.", "(1)", "(2)", "（1）", "(3)",
           "(VI)", "(I)", "I.", "II.", "IV.", "(a)", "a)", "第一章", "第二条", "①", "⑴", "Article 3", "#", "# ")
PUNCT = ("(", ")", "（", "）", "“", "”", '"', "'", "‘", "’", "..", ",,", " ,", "，", "；", "：", "《", "》", "[", "]",
         "【", "】", "〔", "〕", "、", "。", "…", "...", "--", "—", "·", " ", "\t", "  ", ";;", ",.")
SPECIALS = ("* * *", "□□", "???", "\ufffd", "鈥渟mart鈥�", "â€™", "Ã©", "\x07", "\x00", "\x1b[31m", "\u200b", "\u2028",
            "\u2029", "\r", "\f", "\v", "\x85", "\ufeff", "\U0001f600", "e\u0301", "𠀀", "\ue000", "\uffff", "20 15",
            "8 5%", "2 0 1 5 年", "１２３", "Ⅻ", "二〇一五", "百分之八十五", "Привет мир, это текст.",
            "これは日本語の文です。", "안녕하세요 세계", "مرحبا بالعالم", "<b>", "&amp;", "&#1;", "]]>",
            "(Ministry of Finance, State Taxation Administration, etc.)", "（财政部、税务总局等负责）",
            "Internet Plus", "互联网+", "State Council", "国务院", "www.gov.cn", "2015-07-04")
SEPARATORS = ("\n", "\r\n", "\n\n", "\r", "\n \n", "\u2028")

fragment = st.one_of(
    st.sampled_from(ZH_LINES + EN_LINES),
    st.sampled_from(MARKERS),
    st.sampled_from(PUNCT),
    st.sampled_from(SPECIALS),
    st.text(max_size=12),
    st.from_regex(r"[0-9 .,%]{1,8}", fullmatch=True),
)
line = st.lists(fragment, max_size=6).map("".join)
long_line = st.tuples(st.sampled_from((*ZH_LINES[:6], *EN_LINES[:6], "x", "，", "a b ", "(", "（一）")),
                      st.integers(50, 400)).map(lambda t: (t[0] * t[1])[:20_000])


@st.composite
def texts(draw, max_lines: int = 20) -> str:
    """A text of numbered headings, sentences of both languages, punctuation and damage."""
    lines = draw(st.lists(st.one_of(line, line, line, long_line), max_size=max_lines))
    return draw(st.sampled_from(SEPARATORS)).join(lines)


@st.composite
def language_texts(draw, lang: str) -> str:
    """A text mostly in one language (so that it is often accepted), with damage mixed in."""
    pool = ZH_LINES if lang == "zh" else EN_LINES
    base = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=12))
    extra = draw(st.lists(st.tuples(st.integers(0, 12), fragment), max_size=4))
    for pos, frag in extra:
        k = min(pos, len(base) - 1)
        base[k] = base[k] + frag
    return draw(st.sampled_from(SEPARATORS)).join(base)


ENCODINGS = ("utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "gb18030", "gbk", "big5",
             "cp1252", "latin-1", "shift_jis", "utf-7")


def encode(text: str, encoding: str) -> bytes:
    """The text in an encoding; lone surrogates kept as bytes where UTF can carry them, else replaced."""
    for errors in ("surrogatepass", "replace"):
        try:
            return text.encode(encoding, errors)
        except (UnicodeError, LookupError):
            continue
    return text.encode("utf-8", "replace")


@st.composite
def damaged(draw, data: bytes) -> Blob:
    """Bytes as they arrive: whole, truncated, with bytes inserted, flipped or a surrogate spliced in."""
    op = draw(st.sampled_from(("whole", "whole", "whole", "truncate", "insert", "flip", "nul", "surrogate", "bom")))
    if op == "whole" or (not data and op != "insert"):
        return Blob(data, "whole")
    at = draw(st.integers(0, max(len(data) - 1, 0)))
    if op == "truncate":
        return Blob(data[:at], f"cut at {at}")
    if op == "insert":
        junk = draw(st.binary(min_size=1, max_size=8))
        return Blob(data[:at] + junk + data[at:], f"{junk!r} inserted at {at}")
    if op == "flip":
        mask = draw(st.integers(1, 255))
        return Blob(data[:at] + bytes([data[at] ^ mask]) + data[at + 1:], f"byte {at} xor {mask}")
    if op == "nul":
        return Blob(data[:at] + b"\x00" + data[at:], f"NUL at {at}")
    if op == "bom":
        bom = draw(st.sampled_from((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE)))
        return Blob(bom + data, f"{bom!r} prefixed")
    bad = draw(st.sampled_from((b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\x00\xd8", b"\xd8\x00")))
    return Blob(data[:at] + bad + data[at:], f"surrogate {bad!r} at {at}")


def html_page(text: str, charset: str | None, depth: int, raw: bool) -> str:
    body = "".join(f"<p>{line if raw else escape(line)}</p>" for line in text.split("\n"))
    meta = f'<meta charset="{charset}">' if charset else ""
    return (f"<!DOCTYPE html><html><head>{meta}<title>t</title><script>var x = '<p>no</p>';</script>"
            f"<style>p {{}}</style></head><body><nav>menu</nav><h1>{escape(text[:40])}</h1>"
            f"{'<div>' * depth}{body}{'</div>' * depth}</body></html>")


TEI_NS = "http://www.tei-c.org/ns/1.0"


def tei_document(text: str, lang: str | None) -> str:
    paras = "".join(f"<p>{escape(line)}</p>" for line in text.split("\n") if line)
    lang_attr = f' xml:lang="{lang}"' if lang else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="{TEI_NS}"><teiHeader><fileDesc><titleStmt><title>t'
            f"</title></titleStmt><publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc>"
            f"</fileDesc></teiHeader><text{lang_attr}><body>{paras}</body></text></TEI>")


_LOLS = "".join(f'<!ENTITY lol{k} "{f"&lol{k - 1};" * 10}">' for k in range(1, 10))
ENTITY_XML = (
    # billion laughs, XXE, a parameter entity and an external DTD, under the roots ipdoc reads
    f'<?xml version="1.0"?><!DOCTYPE project [<!ENTITY lol0 "lol">{_LOLS}]>'
    f'<project xmlns="urn:ipdoc:project:1" version="2">&lol9;</project>',
    f'<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    f'<TEI xmlns="{TEI_NS}"><text><body><p>&x;</p></body></text></TEI>',
    '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY % d SYSTEM "http://127.0.0.1:9/x.dtd"> %d;]>'
    '<project xmlns="urn:ipdoc:project:1" version="1"/>',
    '<?xml version="1.0"?><!DOCTYPE project SYSTEM "http://127.0.0.1:9/project.dtd">'
    '<project xmlns="urn:ipdoc:project:1" version="2"/>',
    '<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY e "State Council">]><martif type="TBX"><text><body>'
    '<termEntry><langSet xml:lang="zh"><tig><term>国务院</term></tig></langSet><langSet xml:lang="en"><tig>'
    '<term>&e;</term></tig></langSet></termEntry></body></text></martif>',
    '<?xml version="1.0" encoding="x-unknown"?><project xmlns="urn:ipdoc:project:1"/>',
    '<?xml version="1.0" encoding="utf-16"?><project xmlns="urn:ipdoc:project:1"/>',
)

SUFFIXES = (".txt", ".txt", ".docx", ".html", ".htm", ".xml", ".json", ".tei.xml", "", ".TXT", ".csv")


@st.composite
def input_files(draw, lang: str | None = None) -> tuple[Blob, str]:
    """The bytes and name suffix of a random input: text in any encoding, HTML, TEI, XML with
    entities, DOCX whole, cut or damaged, binary garbage or a blank file."""
    kind = draw(st.sampled_from(("text", "text", "text", "lang", "lang", "lang", "html", "tei", "tei_file", "entity",
                                 "docx", "docx_cut", "docx_bad", "binary", "blank")))
    if kind in ("text", "lang"):
        text = draw(language_texts(lang or draw(st.sampled_from(("zh", "en"))))) if kind == "lang" else draw(texts())
        enc = draw(st.sampled_from(ENCODINGS))
        data = draw(damaged(encode(text, enc)))
        return Blob(data, f"{kind} {text[:60]!r}... in {enc}, {data.note}"), draw(st.sampled_from(SUFFIXES))
    if kind == "html":
        text = draw(st.one_of(language_texts(lang or "en"), texts(8)))
        charset = draw(st.sampled_from((None, "utf-8", "gb2312", "gbk", "big5", "iso-8859-1", "x-bogus", "utf-16")))
        depth, raw, enc = draw(st.sampled_from((0, 1, 3, 300))), draw(st.booleans()), draw(st.sampled_from(ENCODINGS))
        data = draw(damaged(encode(html_page(text, charset, depth, raw), enc)))
        return (Blob(data, f"HTML of {text[:40]!r}... charset {charset}, {depth} divs deep, in {enc}, {data.note}"),
                draw(st.sampled_from((".html", ".htm", ".txt"))))
    if kind == "tei":
        text = draw(st.one_of(language_texts(lang or "zh"), texts(8)))
        tei_lang = draw(st.sampled_from((None, "zh", "en", "zh-Hans", "fr")))
        data = draw(damaged(tei_document(text, tei_lang).encode("utf-8")))
        return (Blob(data, f"TEI of {text[:40]!r}... lang {tei_lang}, {data.note}"),
                draw(st.sampled_from((".xml", ".tei.xml", ".txt"))))
    if kind == "tei_file":
        data = draw(mutated_xml(corpus().tei_sample))
        return Blob(data, f"tests/data/library-opinions.tei.xml: {data.note}"), draw(st.sampled_from((".xml", ".txt")))
    if kind == "entity":
        k = draw(st.integers(0, len(ENTITY_XML) - 1))
        return Blob(ENTITY_XML[k].encode("utf-8"), f"ENTITY_XML[{k}]"), draw(st.sampled_from((".xml", ".txt", ".json")))
    if kind in ("docx", "docx_cut", "docx_bad"):
        zh = draw(st.booleans())
        whole = corpus().docx_zh if zh else corpus().docx_en
        note = f"the {'Chinese' if zh else 'English'} DOCX"
        if kind == "docx_cut":
            at = draw(st.integers(0, len(whole) - 1))
            whole, note = whole[:at], f"{note} cut at {at}"
        elif kind == "docx_bad":
            k = draw(st.integers(0, len(corpus().bad_docx) - 1))
            whole, note = corpus().bad_docx[k], f"bad_docx[{k}]"
        return Blob(whole, note), draw(st.sampled_from((".docx", ".docx", ".txt", "")))
    if kind == "binary":
        magic = draw(st.sampled_from((b"", b"%PDF-1.7", b"\x89PNG\r\n", b"PK\x03\x04", b"\x7fELF", b"\xd0\xcf\x11\xe0",
                                      b"\x1f\x8b", b"\xff\xfe", b"\xef\xbb\xbf")))
        data = magic + draw(st.binary(max_size=400))
        return Blob(data, f"binary {data[:40]!r}"), draw(st.sampled_from(SUFFIXES))
    data = draw(st.sampled_from((b"", b" ", b"\n\n", b"\xef\xbb\xbf", b"\xff\xfe", b"\t\r\n", b"\x00")))
    return Blob(data, f"blank {data!r}"), ".txt"


# --------------------------------------------------------------------------- the corpus: valid files to start from


@dataclass(frozen=True)
class Known:
    """A finding of a corpus subject: what a decisions file may say about it."""

    fingerprint: str
    code: str
    side: str
    fixable: bool


@dataclass(frozen=True)
class Corpus:
    mini_zh: bytes
    mini_en: bytes
    user_en: bytes
    projects: dict[str, bytes]  # name (with suffix) -> a valid project file
    fingerprints: tuple[str, ...]
    findings: dict[str, tuple[Known, ...]]  # subject ("mini", "mini-pair", "user", a project's name) -> findings
    docx_zh: bytes
    docx_en: bytes
    bad_docx: tuple[bytes, ...]
    tei_sample: bytes


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _bad_docx(real: bytes) -> tuple[bytes, ...]:
    """DOCX packages that must be refused: damaged members, entities, no document, a zip bomb, too many members."""
    with zipfile.ZipFile(io.BytesIO(real)) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    doc = members["word/document.xml"]
    entity = doc.replace(b"?>", b'?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        with zf.open("word/media/zeros.bin", "w") as fh:
            chunk = bytes(2**20)
            for _ in range(210):
                fh.write(chunk)
    crowd = dict(members)
    for k in range(10_001):
        crowd[f"customXml/item{k}.xml"] = b""
    flipped = bytearray(real)
    at = real.find(b"word/document.xml") + 40
    flipped[at] ^= 0x55
    return (
        _zip({**members, "word/document.xml": entity}),
        _zip({**members, "word/document.xml": doc[: len(doc) // 2]}),
        _zip({k: v for k, v in members.items() if k != "word/document.xml"}),
        _zip({**members, "[Content_Types].xml": b"<Types/>"}),
        _zip({**members, "word/document.xml": b"\xff\xfe" + doc}),
        bomb.getvalue(),
        _zip(crowd, zipfile.ZIP_STORED),
        bytes(flipped),
        _zip({"mimetype": b"application/vnd.oasis.opendocument.text"}),
    )


def _docx(paragraphs: list[str], table: list[tuple[str, str]]) -> bytes:
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    t = d.add_table(rows=len(table), cols=2)
    for k, (a, b) in enumerate(table):
        t.cell(k, 0).text, t.cell(k, 1).text = a, b
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _with_work(review):
    """The sample review with an editor's work on it, so that every field of format 2 is filled."""
    from ipdoc.pipeline import change

    fixable = [f for f in review.findings if f.fix is not None and f.side == "en"]
    review = change(review, "decide", {"fingerprint": fixable[0].fingerprint, "decision": "accept"}, "fuzz")
    review = change(review, "decide", {"fingerprint": fixable[1].fingerprint, "decision": "replace",
                                       "text": "another rendering"}, "fuzz")
    review = change(review, "review", {"fingerprint": review.findings[-1].fingerprint}, "fuzz")
    review = change(review, "confirm", {"bead": 1}, "fuzz")
    review = change(review, "edit", {"unit": 2, "text": "An English sentence edited by hand."}, "fuzz")
    omission = next((k for k, b in enumerate(review.pair.beads) if not b.en), None)
    if omission is not None:
        review = change(review, "supply", {"bead": omission, "text": "A translation supplied."}, "fuzz")
    review = change(review, "pin", {"zh": 3, "en": 3}, "fuzz")
    return review


def _subject_findings(mini_zh: bytes, mini_en: bytes) -> dict[str, tuple[Known, ...]]:
    """The findings of the small texts, alone and as a pair, and of the user's text."""
    from ipdoc.model import Text
    from ipdoc.pipeline import align_pair, check
    from ipdoc.segment import segment

    zh = segment(Text(mini_zh.decode("utf-8"), "zh"))
    en = segment(Text(mini_en.decode("utf-8"), "en"))
    user = segment(Text(USER_EN.read_text(encoding="utf-8"), "en"))
    return {name: tuple(Known(f.fingerprint, f.code, f.side, f.fix is not None) for f in check(subject).findings)
            for name, subject in (("mini", en), ("mini-pair", align_pair(zh, en)), ("user", user))}


@cache
def corpus() -> Corpus:
    """The valid files random ones are derived from, made once: ipdoc's own exports of the sample
    pair and the user's text (XML, JSON, TEI; with and without an editor's work) and DOCX."""
    from ipdoc.export import exporters
    from ipdoc.pipeline import review_for_export

    mini_zh = "\n".join(SAMPLE_ZH.read_text(encoding="utf-8").split("\n")[:13]).encode("utf-8")
    mini_en = "\n".join(SAMPLE_EN.read_text(encoding="utf-8").split("\n")[:13]).encode("utf-8")
    projects: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as d:
        xml, user = Path(d) / "sample.ipdoc.xml", Path(d) / "user.ipdoc.xml"
        for args in (["export", str(SAMPLE_EN), "--zh", str(SAMPLE_ZH), "--to", "xml", "-o", str(xml)],
                     ["export", str(USER_EN), "--to", "xml", "-o", str(user)]):
            r = runner.invoke(app, args, env=ENV)
            assert r.exit_code == 0, r.output
        for name, path in (("sample", xml), ("user", user)):
            projects[f"{name}.ipdoc.xml"] = path.read_bytes()
            for fmt, suffix in (("json", ".ipdoc.json"), ("tei", ".tei.xml")):
                out = Path(d) / f"{name}{suffix}"
                r = runner.invoke(app, ["export", "--project", str(path), "--to", fmt, "-o", str(out)], env=ENV)
                assert r.exit_code == 0, r.output
                projects[f"{name}{suffix}"] = out.read_bytes()
        worked = _with_work(review_for_export(None, project=xml))
        export = exporters()
        projects["worked.ipdoc.xml"] = export["xml"][0](worked)
        projects["worked.ipdoc.json"] = export["json"][0](worked)
        projects["worked.tei.xml"] = export["tei"][0](worked)
        docx_final = export["docx-final"][0](worked)
    fingerprints = tuple(sorted({f["fingerprint"] for name in ("sample.ipdoc.json", "user.ipdoc.json")
                                 for f in json.loads(projects[name])["findings"]}))
    findings = {name: tuple(Known(f["fingerprint"], f["code"], f["side"], f["fix"] is not None)
                            for f in json.loads(projects[name.split(".")[0] + ".ipdoc.json"])["findings"])
                for name in projects}
    findings.update(_subject_findings(mini_zh, mini_en))
    zh_lines = list(ZH_LINES)
    docx_zh = _docx(zh_lines[:8], [(a, b) for a, b in zip(zh_lines[8:], EN_LINES[8:])])
    return Corpus(Blob(mini_zh, "the small Chinese text"), Blob(mini_en, "the small English text"),
                  Blob(USER_EN.read_bytes(), "the user's English text"),
                  {k: Blob(v, f"the valid {k}") for k, v in projects.items()}, fingerprints, findings, docx_zh,
                  docx_final,
                  _bad_docx(docx_zh), (ROOT / "tests" / "data" / "library-opinions.tei.xml").read_bytes())


# --------------------------------------------------------------------------- project files, mutated


def _paths(value: Any, path: tuple = ()) -> Iterator[tuple]:
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*path, k))
    elif isinstance(value, list):
        for k, v in enumerate(value):
            yield from _paths(v, (*path, k))


def _shape(path: tuple) -> tuple:
    return tuple("*" if isinstance(p, int) else p for p in path)


def _get(value: Any, path: tuple) -> Any:
    for p in path:
        value = value[p]
    return value


def _set(value: Any, path: tuple, new: Any) -> None:
    _get(value, path[:-1])[path[-1]] = new


def _nested(depth: int, leaf: Any) -> Any:
    for k in range(depth):
        leaf = [leaf] if k % 2 else {"x": leaf}
    return leaf


NUMBERS = st.one_of(st.integers(-3, 3), st.integers(-(2**70), 2**70), st.integers(0, 5000),
                    st.sampled_from((2**63, -(2**63) - 1, 10**18, 10**19)))
ODD_STRINGS = st.one_of(
    st.text(max_size=10),
    st.sampled_from(("", " ", "0", "-1", "1e3", "3.5", "NaN", "inf", "true", "null", "x", "\x00", "\x07", "\ud800",
                     "\udfff", "a\ud83dz", "\ufffe", "\uffff", "zh", "en", "sentence", "clause", "part", "item",
                     "error", "safe", "suggested", "G002", "B001", "G002-0123456789ab", " 1 2 ", "1 1", "2 1",
                     "99999")),
)
ODD_VALUES = st.one_of(NUMBERS, ODD_STRINGS, st.sampled_from((None, True, False, [], {}, [[]], 1.5, -0.0, 1e308)),
                       st.floats(allow_nan=True, allow_infinity=True))


@st.composite
def mutated_json(draw, base: bytes) -> Blob:
    """A JSON project with one to three random edits: keys dropped, numbers changed, strings
    swapped, values of another type, deep nesting, control characters and lone surrogates."""
    d = json.loads(base)
    log = []
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(d) if p]
        shapes = sorted({_shape(p) for p in paths}, key=str)
        shape = draw(st.sampled_from(shapes))
        where = [p for p in paths if _shape(p) == shape]
        path = draw(st.sampled_from(where))
        op = draw(st.sampled_from(("drop", "value", "value", "number", "swap", "nest", "chars", "dup", "reverse",
                                   "version")))
        target = _get(d, path)
        log.append(f"{op} at {list(path)}")
        if op == "drop":
            parent = _get(d, path[:-1])
            del parent[path[-1]]
        elif op == "value":
            value = draw(ODD_VALUES)
            _set(d, path, value)
            log[-1] += f" = {value!r}"
        elif op == "number":
            if isinstance(target, int) and not isinstance(target, bool):
                _set(d, path, target + draw(st.integers(-3, 3).filter(bool)))
            else:
                _set(d, path, draw(NUMBERS))
            log[-1] += f" = {_get(d, path)!r}"
        elif op == "swap" and len(where) > 1:
            other = draw(st.sampled_from(where))
            log[-1] += f" with {list(other)}"
            a, b = _get(d, path), _get(d, other)
            _set(d, path, copy.deepcopy(b))
            _set(d, other, copy.deepcopy(a))
        elif op == "nest":
            depth = draw(st.sampled_from((2, 10, 70, 500)))
            _set(d, path, _nested(depth, target))
            log[-1] += f" {depth} deep"
        elif op == "chars" and isinstance(target, str):
            at = draw(st.integers(0, len(target)))
            ch = draw(st.sampled_from(("\x00", "\x07", "\x1f", "\ud800", "\udc00", "\ufffe", "\u2028", "\x85", "\r\n",
                                       "𠀀")))
            _set(d, path, target[:at] + ch + target[at:])
            log[-1] += f" {ch!r} at {at}"
        elif op == "dup" and isinstance(target, list) and target:
            target.insert(draw(st.integers(0, len(target))), copy.deepcopy(draw(st.sampled_from(target))))
        elif op == "reverse" and isinstance(target, list):
            target.reverse()
        elif op == "version":
            d["version"] = draw(st.sampled_from(("1", "2", "3", 1, 2, "", None, "2.0", "02")))
            log[-1] = f"version = {d['version']!r}"
    ascii_only = draw(st.booleans())
    text = json.dumps(d, ensure_ascii=ascii_only, indent=draw(st.sampled_from((None, 1))))
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 9)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at]
        log.append(f"cut at {at}")
    return Blob(data, "; ".join(log) + ("" if ascii_only else " (not ASCII)"))


def _localname(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else "#"


@st.composite
def mutated_xml(draw, base: bytes) -> Blob:
    """An XML project (or TEI) with one to three random edits: elements dropped, duplicated, nested
    or moved, attributes dropped or changed, texts swapped, control characters, entities, the
    version changed, another encoding, truncation."""
    root = etree.fromstring(base)
    log = []
    for _ in range(draw(st.integers(1, 3))):
        elements = [el for el in root.iter() if isinstance(el.tag, str)]
        tags = sorted({_localname(el) for el in elements})
        tag = draw(st.sampled_from(tags))
        el = draw(st.sampled_from([e for e in elements if _localname(e) == tag]))
        parent = el.getparent()
        op = draw(st.sampled_from(("drop", "drop_attr", "attr", "attr", "number", "text", "ctrl", "dup", "nest",
                                   "swap", "move", "version")))
        log.append(f"{op} <{tag}> #{[e for e in elements if _localname(e) == tag].index(el)}")
        if op == "drop" and parent is not None:
            parent.remove(el)
        elif op == "drop_attr" and el.attrib:
            name = draw(st.sampled_from(sorted(el.attrib)))
            del el.attrib[name]
            log[-1] += f" @{name}"
        elif op in ("attr", "number") and el.attrib:
            name = draw(st.sampled_from(sorted(el.attrib)))
            old = el.get(name)
            if op == "number" and re.fullmatch(r"-?\d+", old or ""):
                new = str(int(old) + draw(st.integers(-3, 3).filter(bool)))
            elif op == "number" and re.fullmatch(r"[\d ]+", old or ""):
                new = " ".join(str(int(x) + draw(st.integers(-2, 2))) for x in old.split())
            else:
                new = str(draw(st.one_of(NUMBERS, ODD_STRINGS)))
            log[-1] += f" @{name}={new!r}"
            with contextlib.suppress(ValueError):
                el.set(name, new)
        elif op == "text":
            value = draw(ODD_STRINGS)
            log[-1] += f" = {value!r}"
            with contextlib.suppress(ValueError):
                el.text = value
        elif op == "ctrl":
            ctrl = etree.SubElement(el, "{urn:ipdoc:project:1}ctrl")
            ctrl.set("code", str(draw(st.sampled_from((7, 0, 31, 65, 9, 10, 55296, 57343, 65534, 65535, 1114112, -1,
                                                        2**64)))))
            log[-1] += f" code={ctrl.get('code')}"
            ctrl.tail = draw(st.sampled_from(("", "x", "中")))
        elif op == "dup" and parent is not None:
            parent.insert(parent.index(el), copy.deepcopy(el))
        elif op == "nest":
            el.append(copy.deepcopy(el))
        elif op == "swap":
            other = draw(st.sampled_from(elements))
            el.text, other.text = other.text, el.text
        elif op == "move" and parent is not None:
            dest = draw(st.sampled_from(elements))
            if el not in dest.iterancestors() and dest is not el:
                dest.append(el)
        elif op == "version":
            root.set("version", draw(st.sampled_from(("1", "2", "3", "", "2.0", " 2", "-1"))))
            log[-1] = f"version = {root.get('version')!r}"
    encoding = draw(st.sampled_from(("UTF-8", "UTF-8", "UTF-16", "GB18030", "ISO-8859-1", "US-ASCII")))
    data = etree.tostring(root, xml_declaration=True, encoding=encoding)
    log.append(f"in {encoding}")
    extra = draw(st.integers(0, 9))
    if extra == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at]
        log.append(f"cut at {at}")
    elif extra == 1 and encoding == "UTF-8":
        decl_end = data.index(b"?>") + 2
        data = data[:decl_end] + b'<!DOCTYPE x [<!ENTITY e "boom">]>' + data[decl_end:]
        log.append("an entity declared")
    return Blob(data, "; ".join(log))


@st.composite
def project_files(draw) -> tuple[str, Blob]:
    """A file name and the bytes of a project derived from a valid one (sometimes left valid)."""
    name = draw(st.sampled_from(sorted(corpus().projects)))
    base = corpus().projects[name]
    if draw(st.integers(0, 7)) == 0:
        return name, Blob(base, "unchanged")
    if name.endswith(".json"):
        return name, draw(mutated_json(base))
    return name, draw(mutated_xml(base))


# --------------------------------------------------------------------------- side files: glossaries, decisions, pins


@st.composite
def glossary_files(draw) -> tuple[bytes, str]:
    kind = draw(st.sampled_from(("csv", "csv", "tbx", "junk")))
    if kind == "csv":
        rows = draw(st.lists(st.tuples(st.sampled_from(("国务院", "互联网+", "数据共享", "", "zh")),
                                       st.sampled_from(("State Council", "Internet Plus", "data sharing", "", "en",
                                                        "a\tb", '"quoted')),
                                       st.one_of(st.just(""), st.text(max_size=8))), max_size=6))
        sep = draw(st.sampled_from((",", "\t", ";")))
        header = draw(st.sampled_from(("", f"zh{sep}en{sep}notes\n", f"zh{sep}en{sep}status{sep}years\n")))
        text = header + "".join(sep.join(r) + draw(st.sampled_from(("\n", "\r\n", "\r"))) for r in rows)
        return draw(damaged(encode(text, draw(st.sampled_from(("utf-8", "utf-8-sig", "gb18030", "utf-16")))))), ".csv"
    if kind == "tbx":
        terms = draw(st.lists(st.tuples(st.sampled_from(("国务院", "互联网+", "")),
                                        st.sampled_from(("State Council", "Internet Plus", "", "<x>"))), max_size=4))
        entries = "".join(f'<termEntry id="t{k}"><langSet xml:lang="zh"><tig><term>{escape(z)}</term></tig></langSet>'
                          f'<langSet xml:lang="en"><tig><term>{escape(e)}</term></tig></langSet></termEntry>'
                          for k, (z, e) in enumerate(terms))
        doc = f'<?xml version="1.0" encoding="UTF-8"?><martif type="TBX"><text><body>{entries}</body></text></martif>'
        return draw(damaged(doc.encode("utf-8"))), draw(st.sampled_from((".tbx", ".xml")))
    data, suffix = draw(input_files())
    return data, suffix or ".csv"


REPLACEMENTS = ("the State Council", "", "x\\ny", "（一）", "20 15", "(1)", "\u200b")


@st.composite
def decision_files(draw, subject: str | None = None) -> bytes:
    """A decisions file: often one an editor could write for the subject's findings, else random lines."""
    known = corpus().findings.get(subject or "", ())
    if known and draw(st.integers(0, 9)) < 7:
        chosen = draw(st.lists(st.sampled_from(known), max_size=4, unique_by=lambda k: k.fingerprint))
        lines = []
        for k in chosen:
            actions = ["reject"] + (["accept"] if k.fixable and k.side == "en" else []) + \
                (["replace"] if k.side == "en" or k.code == "B001" else [])
            action = draw(st.sampled_from(actions))
            text = " " + draw(st.sampled_from(REPLACEMENTS)) if action == "replace" else ""
            lines.append(f"{k.fingerprint} {action}{text}")
        return "\n".join(lines).encode("utf-8")
    fps = st.one_of(st.sampled_from(corpus().fingerprints), st.from_regex(r"[A-Z]\d{3}-[0-9a-f]{12}", fullmatch=True))
    lines = draw(st.lists(st.one_of(
        st.tuples(fps, st.sampled_from(("accept", "reject", "replace", "delete", "replace "))).map(" ".join),
        st.tuples(fps, st.text(max_size=10)).map(lambda t: f"{t[0]} replace {t[1]}"),
        st.sampled_from(("# a comment", "", "garbage", "\ufeff"))), max_size=5))
    return draw(damaged(encode("\n".join(lines), draw(st.sampled_from(("utf-8", "utf-16", "gb18030"))))))


@st.composite
def pin_lines(draw) -> str:
    return draw(st.one_of(
        st.tuples(st.integers(0, 12), st.integers(0, 12)).map(lambda t: f"zh:{t[0]}=en:{t[1]}"),
        st.tuples(NUMBERS, NUMBERS).map(lambda t: f"zh:{t[0]}=en:{t[1]}"),
        st.tuples(st.integers(0, 40), st.integers(0, 40)).map(lambda t: f"{t[0]} {t[1]}"),
        st.sampled_from(("", "# c", "zh:1", "zh:a=en:b", "zh:1=en:1=en:2", "١=٢", "zh:٣=en:٣", "zh:1 = en:1 ")),
    ))


@st.composite
def pin_files(draw) -> bytes:
    return draw(damaged(encode("\n".join(draw(st.lists(pin_lines(), max_size=4))),
                               draw(st.sampled_from(("utf-8", "utf-16", "cp1252"))))))


@st.composite
def reviewed_files(draw) -> bytes:
    fps = st.one_of(st.sampled_from(corpus().fingerprints), st.from_regex(r"[A-Z]\d{3}-[0-9a-f]{12}", fullmatch=True))
    lines = draw(st.lists(st.one_of(fps, fps.map(lambda f: f + "\tG002\ttext"), st.sampled_from(("# x", "", "junk"))),
                          max_size=4))
    return draw(damaged("\n".join(lines).encode("utf-8")))


ENCODING_OPTIONS = ("utf-8", "gb18030", "big5", "cp1252", "utf-16", "utf-8-sig", "latin-1", "ascii", "rot13",
                    "base64", "hex", "zlib", "undefined", "idna", "punycode", "utf-7", "x-nonsense", "mbcs", "")

# --------------------------------------------------------------------------- 1. random texts


@st.composite
def text_cases(draw) -> tuple[str, dict[str, tuple[bytes, str]], list[str]]:
    """A command over one or two random input files (the other side, when needed, valid)."""
    cmd = draw(st.sampled_from(("segment", "segment", "check", "check", "align", "fix", "diff", "score", "export",
                                "report")))
    random_file = draw(input_files())
    c = corpus()
    valid_zh, valid_en = (c.mini_zh, ".txt"), (c.mini_en, ".txt")
    opts: list[str] = []
    if draw(st.integers(0, 3)) == 0:
        opts += ["--encoding", draw(st.sampled_from(ENCODING_OPTIONS))]
    if draw(st.integers(0, 3)) == 0:
        opts += ["--errors", "replace"]
    files: dict[str, tuple[bytes, str]] = {"a": random_file}
    if cmd == "segment":
        opts += draw(st.sampled_from(([], ["--lang", "zh"], ["--lang", "en"], ["--presegmented"],
                                      ["--level", "clause", "--format", "json"])))
        return cmd, files, opts
    if cmd in ("check", "fix", "export", "report"):
        if draw(st.booleans()):
            files["zh"] = valid_zh if draw(st.booleans()) else draw(input_files("zh"))
        if cmd == "export":
            opts += ["--to", draw(st.sampled_from(("xml", "json", "tmx", "xliff", "docx", "tei", "docx-clean")))]
        if cmd == "report":
            opts = []
        return cmd, files, opts
    if cmd == "align":
        files["b"] = valid_en if draw(st.booleans()) else draw(input_files("en"))
        if draw(st.booleans()):
            files = {"a": files["b"], "b": random_file} if draw(st.booleans()) else {"a": valid_zh, "b": random_file}
        opts += draw(st.sampled_from(([], ["--presegmented"], ["--level", "clause"], ["--format", "json"])))
        return cmd, files, opts
    files["b"] = draw(st.sampled_from((valid_en, valid_zh, random_file))) if draw(st.booleans()) \
        else draw(input_files())
    opts += draw(st.sampled_from(([], ["--presegmented"], ["--lang", "zh"], ["--level", "word"] if cmd == "diff"
                                  else ["--level", "unit"], ["--format", "json"])))
    return cmd, files, opts


def _args_for(ws: Workspace, cmd: str, files: dict[str, tuple[bytes, str]], opts: list[str]) -> list[str]:
    paths = {k: ws.put(f"{k}{suffix}", data) for k, (data, suffix) in files.items()}
    if cmd == "segment":
        return [cmd, str(paths["a"]), *opts]
    if cmd in ("align", "diff", "score"):
        return [cmd, str(paths["a"]), str(paths["b"]), *opts]
    extra = ["--zh", str(paths["zh"])] if "zh" in paths else []
    if cmd == "fix":
        return [cmd, str(paths["a"]), *extra, *opts, "-o", str(ws.out("edition.txt")),
                "--changes", str(ws.out("changes.json"))]
    if cmd in ("export", "report"):
        return [cmd, str(paths["a"]), *extra, *opts, "-o", str(ws.out("out.bin"))]
    return [cmd, str(paths["a"]), *extra, *opts]


@budget(50)
@given(text_cases())
def test_random_texts(case):
    cmd, files, opts = case
    with workspace() as ws:
        run(ws, _args_for(ws, cmd, files, opts))


# --------------------------------------------------------------------------- 2. random project files


@st.composite
def project_cases(draw) -> tuple[str, bytes, str, list[str], dict[str, bytes]]:
    name, data = draw(project_files())
    cmd = draw(st.sampled_from(("check", "check", "fix", "export", "export", "review", "diff", "report")))
    opts: list[str] = []
    extra: dict[str, bytes] = {}
    if cmd == "check":
        opts = draw(st.sampled_from(([], ["--format", "json"], ["--select", "B"], ["--fail-on", "never"])))
    elif cmd == "fix":
        opts = draw(st.sampled_from(([], ["--unsafe"], ["-v"], ["--select", "G,P"])))
    elif cmd == "export":
        opts = ["--to", draw(st.sampled_from(EXPORT_FORMATS))]
        opts += draw(st.sampled_from((["--project", "@project", "-o", "@out"], ["@project", "-o", "@out"],
                                      ["@project"])))
    elif cmd == "review":
        fp = draw(st.sampled_from(corpus().fingerprints))
        opts = draw(st.sampled_from((["--all"], [fp], ["--all", "--select", "P"])))
    elif cmd == "diff":
        extra["other"] = draw(st.sampled_from((corpus().projects["sample.ipdoc.json"], corpus().mini_en,
                                               Blob(SAMPLE_ZH.read_bytes(), "the sample's Chinese"))))
        opts = draw(st.sampled_from(([], ["--lang", "zh"], ["--level", "word", "--format", "json"])))
    if draw(st.integers(0, 5)) == 0 and cmd in ("check", "fix", "export", "report"):
        extra["decisions"] = draw(decision_files(name))
        opts = [*opts, "--decisions", "@decisions"]
    return name, data, cmd, opts, extra


EXPORT_FORMATS = ("docx", "docx-clean", "docx-final", "tmx", "xliff", "xml", "json", "tei")


def default_export(base: Path, args: list[str]) -> Path:
    """Where ``ipdoc export`` writes without -o: beside its text or project, named for the format."""
    from ipdoc.export import exporters

    to = args[args.index("--to") + 1] if "--to" in args else "xml"
    if to == "docx-clean" and "--accept-all" in args:
        to = "docx-final"
    suffix = exporters()[to][1] if to in exporters() else ".x"
    return base.with_name(base.name.split(".")[0] + suffix)


@budget(90)
@given(project_cases())
def test_random_project_files(case):
    name, data, cmd, opts, extra = case
    with workspace() as ws:
        project = ws.put(name, data)
        side = {k: ws.put(f"{k}.{'json' if v.lstrip()[:1] == b'{' else 'txt'}", v) for k, v in extra.items()}
        names = {"@project": str(project), "@decisions": str(side.get("decisions")), "@out": str(ws.root / "out.bin")}
        opts = [names.get(o, o) for o in opts]
        if cmd == "fix":
            args = [cmd, str(project), *opts, "-o", str(ws.out("edition.txt")), "--changes",
                    str(ws.out("changes.json"))]
        elif cmd == "export":
            ws.out("out.bin")
            ws.out(default_export(project, opts))
            args = [cmd, *opts]
        elif cmd == "review":
            ws.out(Path(f"{project}.reviewed"))
            args = [cmd, str(project), *opts]
        elif cmd == "diff":
            args = [cmd, str(project), str(side["other"]), *opts]
        elif cmd == "report":
            args = [cmd, str(project), *opts, "-o", str(ws.out("report.html"))]
        else:
            args = [cmd, str(project), *opts]
        run(ws, args)


def test_valid_project_files_are_accepted():
    """The corpus the mutations start from is valid: every project file reads back (exit 0 or 1)."""
    for name, data in corpus().projects.items():
        with workspace() as ws:
            out = run(ws, ["check", str(ws.put(name, data)), "--fail-on", "never"])
            assert out.code == 0, (name, out.stderr)


# --------------------------------------------------------------------------- 3. random output paths

OUTPUT_KINDS = ("new", "new", "existing", "dir", "link_file", "link_dir", "dangling", "fifo", "under_file",
                "missing_dir", "input", "same", "stdout") + (("readonly",) if os.geteuid() != 0 else ())
#: Output kinds every command must refuse (exit 2), whatever else is given.
REFUSED = {"dir", "link_file", "link_dir", "dangling", "fifo", "under_file", "missing_dir", "input", "readonly"}


def place(ws: Workspace, kind: str, k: int, inputs: list[Path], earlier: list[str]) -> str:
    """An output path of one kind, made in the workspace."""
    root = ws.root
    if kind == "new":
        return str(ws.out(f"out{k}.txt"))
    if kind == "existing":
        p = ws.out(f"old{k}.txt")
        p.write_bytes(b"# an earlier output\n")
        return str(p)
    if kind == "dir":
        (root / f"dir{k}").mkdir()
        return str(ws.out(f"dir{k}"))
    if kind == "link_file":
        (root / f"target{k}.txt").write_bytes(b"the file a link points to\n")
        (root / f"link{k}").symlink_to(root / f"target{k}.txt")
        return str(ws.out(f"link{k}"))
    if kind == "link_dir":
        (root / f"dir{k}").mkdir()
        (root / f"link{k}").symlink_to(root / f"dir{k}")
        return str(ws.out(f"link{k}"))
    if kind == "dangling":
        (root / f"link{k}").symlink_to(root / f"nowhere{k}")
        return str(ws.out(f"link{k}"))
    if kind == "fifo":
        os.mkfifo(root / f"fifo{k}")
        return str(ws.out(f"fifo{k}"))
    if kind == "under_file":
        (root / f"file{k}").write_bytes(b"a file, not a folder\n")
        return str(ws.out(Path(root / f"file{k}" / "out.txt")))
    if kind == "missing_dir":
        return str(ws.out(Path(root / f"missing{k}" / "out.txt")))
    if kind == "readonly":
        ro = root / f"ro{k}"
        ro.mkdir()
        ro.chmod(0o555)
        return str(ws.out(ro / "out.txt"))
    if kind == "input":
        return str(ws.out(inputs[k % len(inputs)]))
    if kind == "same" and earlier:
        return earlier[-1]
    if kind == "stdout":
        return "-"
    return str(ws.out(f"out{k}.txt"))


@st.composite
def output_cases(draw) -> tuple[str, list[str], bool, str]:
    cmd = draw(st.sampled_from(("segment", "align", "check", "fix", "fix", "export", "diff", "report", "review")))
    slots = 2 if cmd == "fix" else 1
    kinds = draw(st.lists(st.sampled_from(OUTPUT_KINDS), min_size=slots, max_size=slots))
    if cmd == "review":
        kinds = ["new" if k in ("stdout", "same") else k for k in kinds]
    source = draw(st.sampled_from(("texts", "project")))
    return cmd, kinds, draw(st.booleans()), source


@budget(70)
@given(output_cases())
def test_random_output_paths(case):
    cmd, kinds, force, source = case
    c = corpus()
    with workspace() as ws:
        if source == "project" and cmd not in ("segment", "align", "diff"):
            project = ws.put("sample.ipdoc.json", c.projects["sample.ipdoc.json"])
            inputs, subject = [project], [str(project)]
        else:
            zh, en = ws.put("mini.zh.txt", c.mini_zh), ws.put("mini.en.txt", c.mini_en)
            inputs, subject = [en, zh], [str(en), "--zh", str(zh)]
        if cmd in ("segment", "review"):
            inputs, subject = inputs[:1], subject[:1]
        outs: list[str] = []
        for k, kind in enumerate(kinds):
            outs.append(place(ws, kind, k, inputs, outs))
        flag = ["--force"] if force else []
        if cmd == "segment":
            args = [cmd, *subject, "-o", outs[0], *flag]
        elif cmd in ("align", "diff"):
            args = [cmd, str(inputs[1]), str(inputs[0]), "-o", outs[0], *flag]
        elif cmd in ("check", "report"):
            args = [cmd, *subject, "-o", outs[0], *flag]
        elif cmd == "fix":
            args = [cmd, *subject, "-o", outs[0], "--changes", outs[1], *flag]
        elif cmd == "export":
            args = [cmd, *subject, "--to", "json", "-o", outs[0], *flag]
        else:
            args = [cmd, *subject, "--all", "--reviewed", outs[0]]
        refused = bool(set(kinds) & REFUSED) or ("existing" in kinds and not force and cmd != "review")
        if cmd == "fix" and (kinds[1] == "same" or kinds == ["stdout", "stdout"]):
            refused = True  # one path, or stdout, for both outputs
        run(ws, args, force=force, refused=refused)


def _unprivileged_python() -> tuple[str, dict[str, str]] | None:
    """A Python that can run ipdoc's CLI as ``nobody`` (uid 65534), and its environment; or None.
    (This interpreter may live where nobody can reach, so the system's is tried too, with this
    environment's packages on its path.)"""
    import site

    path = os.pathsep.join([str(ROOT / "src"), *site.getsitepackages()])
    env = {**os.environ, "PYTHONPATH": path}
    for python in (sys.executable, shutil.which("python3") or "", "/usr/bin/python3"):
        if not python:
            continue
        try:
            r = subprocess.run([python, "-c", "import sys, ipdoc.cli; print(sys.version_info[:2])"], user=65534,
                               group=65534, capture_output=True, text=True, timeout=120, cwd="/", env=env)
        except (PermissionError, OSError, subprocess.SubprocessError):
            continue
        if r.returncode == 0 and r.stdout.strip() == str(sys.version_info[:2]):
            return python, env
    return None


_READ_ONLY_RUN = textwrap.dedent("""
    import json, sys
    from typer.testing import CliRunner
    from ipdoc.cli import app
    out = []
    for args in json.loads(sys.argv[1]):
        r = CliRunner().invoke(app, args, env={"IPDOC_NO_PROGRESS": "1"})
        out.append([r.exit_code, r.stdout, r.stderr, repr(r.exception)])
    print(json.dumps(out))
""")


def test_read_only_directory():
    """Every writing command refuses an output in a folder the user cannot write in, and writes
    none of its other outputs. Root may write anywhere, so under root the commands run in a child
    process as ``nobody``; the test skips only when no Python can run as that user."""
    c = corpus()
    base = Path(tempfile.mkdtemp(prefix="ipdoc-fuzz-ro-"))
    try:
        base.chmod(0o777)
        ro = base / "ro"
        ro.mkdir()
        files = {"zh.txt": c.mini_zh, "en.txt": c.mini_en, "p.ipdoc.json": c.projects["sample.ipdoc.json"]}
        for name, data in files.items():
            (base / name).write_bytes(data)
            (base / name).chmod(0o644)
        (ro / "en.txt").write_bytes(c.mini_en)
        (ro / "en.txt").chmod(0o644)
        ro.chmod(0o555)
        zh, en, p, t = (str(base / n) for n in (*files, "ro/out.txt"))
        ok = str(base / "writable.json")
        commands = [["segment", en, "-o", t], ["align", zh, en, "-o", t], ["check", p, "-o", t],
                    ["fix", p, "-o", ok, "--changes", t], ["fix", en, "-o", t, "--changes", ok],
                    ["export", "--project", p, "--to", "tmx", "-o", t], ["export", str(ro / "en.txt"), "--to", "xml"],
                    ["diff", en, p, "-o", t], ["report", p, "-o", t], ["review", p, "--all", "--reviewed", t]]
        before = snapshot(base)
        if os.geteuid() != 0:
            results = [[r.exit_code, r.stdout, r.stderr, repr(r.exception)]
                       for r in (runner.invoke(app, args, env=ENV) for args in commands)]
        else:
            found = _unprivileged_python()
            if found is None:
                pytest.skip("no Python interpreter can run ipdoc as an unprivileged user here")
            python, env = found
            cache_dir = base / "cache"
            cache_dir.mkdir(mode=0o777)
            cache_dir.chmod(0o777)
            r = subprocess.run([python, "-c", _READ_ONLY_RUN, json.dumps(commands)], user=65534, group=65534,
                               capture_output=True, text=True, timeout=600, cwd="/",
                               env={**env, "IPDOC_CACHE": str(cache_dir)})
            assert r.returncode == 0, r.stderr
            results = json.loads(r.stdout)
            shutil.rmtree(cache_dir)
        for args, (code, stdout, stderr, exc) in zip(commands, results):
            assert code == 2 and stdout == "", (args, code, stderr, exc)
            assert "internal error" not in stderr and "Traceback" not in stderr, (args, stderr)
            assert "cannot write in" in stderr and "read-only" in stderr, (args, stderr)
        assert snapshot(base) == before
    finally:
        (base / "ro").chmod(0o755)
        shutil.rmtree(base, ignore_errors=True)


# --------------------------------------------------------------------------- 4. random command lines

CODES = st.one_of(st.sampled_from(("G", "P", "N", "T", "B", "G002", "P00", "B001,T", "N,P004", "T002", "B", "P")),
                  st.sampled_from(("X999", "", ",", "g002", " G ", "ALL", "*")), st.text(max_size=5))


@st.composite
def subject_files(draw, lang: str) -> tuple[bytes, str]:
    """Mostly valid texts of a language (the small pair, the user's text), sometimes random ones."""
    c = corpus()
    choice = draw(st.integers(0, 9))
    if choice < 6:
        return (c.mini_zh if lang == "zh" else c.mini_en), ".txt"
    if choice < 7 and lang == "en":
        return c.user_en, ".txt"
    if choice < 8:
        text, enc = draw(language_texts(lang)), draw(st.sampled_from(ENCODINGS))
        return Blob(encode(text, enc), f"{text[:60]!r}... in {enc}"), ".txt"
    return draw(input_files(lang))


@st.composite
def command_lines(draw) -> tuple[str, dict[str, tuple[bytes, str]], list[str]]:
    """A command with random options; ``@name`` in the options names a file of the example."""
    cmd = draw(st.sampled_from(("segment", "align", "check", "check", "fix", "fix", "review", "export", "export",
                                "diff", "score", "report", "rules")))
    files: dict[str, tuple[bytes, str]] = {}
    opts: list[str] = []

    def maybe(p: float = 0.3) -> bool:
        return draw(st.floats(0, 1)) < p

    def add(option: str, values: st.SearchStrategy[str]) -> None:
        opts.extend([option, draw(values)])

    def side(name: str, content: tuple[bytes, str]) -> str:
        files[name] = content
        return f"@{name}"

    known: list[str] = []  # the corpus subject given, whose findings a decisions file may name

    def subject(lang_needed: bool = True) -> list[str]:
        if maybe(0.3):
            name, data = draw(project_files()) if maybe(0.3) else (
                draw(st.sampled_from(sorted(corpus().projects))), None)
            if data is None:
                data = corpus().projects[name]
                known.append(name)
            return [side("project", (data, name[name.index("."):]))]
        en = draw(subject_files("en"))
        out = [side("en", en)]
        if lang_needed and maybe(0.5):
            zh = draw(subject_files("zh"))
            out += ["--zh", side("zh", zh)]
            if en[0] is corpus().mini_en and zh[0] is corpus().mini_zh:
                known.append("mini-pair")
        elif en[0] is corpus().mini_en:
            known.append("mini")
        elif en[0] is corpus().user_en:
            known.append("user")
        return out

    def decoding() -> None:
        if maybe(0.15):
            add("--encoding", st.sampled_from(ENCODING_OPTIONS))
        if maybe(0.15):
            add("--errors", st.sampled_from(("strict", "replace", "ignore")))

    def work_files() -> None:
        if maybe(0.2):
            opts.extend(["--glossary", side("glossary", draw(glossary_files()))])
        if maybe(0.3):
            decisions = draw(decision_files(known[0] if known else None))
            opts.extend(["--decisions", side("decisions", (decisions, ".txt"))])
        if maybe(0.1):
            opts.extend(["--pins", side("pins", (draw(pin_files()), ".txt"))])
        if maybe(0.2):
            add("--as-of", st.one_of(st.integers(1940, 2110), st.integers(1940, 2110), NUMBERS).map(str))

    if cmd == "segment":
        opts.append(side("en", draw(st.one_of(subject_files("en"), subject_files("zh")))))
        for option, values in (("--lang", ("auto", "zh", "en", "fr")), ("--level", ("block", "sentence", "clause")),
                               ("--format", ("text", "json"))):
            if maybe(0.4):
                add(option, st.sampled_from(values))
        if maybe(0.2):
            opts.append("--presegmented")
        decoding()
    elif cmd == "align":
        opts += [side("zh", draw(subject_files("zh"))), side("en", draw(subject_files("en")))]
        if maybe(0.3):
            add("--level", st.sampled_from(("sentence", "clause")))
        if maybe(0.5):
            add("--format", st.sampled_from(("text", "tsv", "json", "beads")))
        if maybe(0.2):
            opts.append("--presegmented")
        for _ in range(draw(st.integers(0, 2))):
            opts.extend(["--pin", draw(pin_lines())])
        if maybe(0.15):
            opts.extend(["--pins", side("pins", (draw(pin_files()), ".txt"))])
        decoding()
    elif cmd in ("check", "fix", "export", "report"):
        opts += subject()
        if cmd == "export" and opts[0] == "@project" and maybe(0.7):
            opts.insert(0, "--project")
        work_files()
        if cmd != "report":
            decoding()
        if cmd in ("check", "fix"):
            for option in ("--select", "--ignore"):
                if maybe(0.3):
                    add(option, CODES)
        if cmd == "check":
            if maybe(0.3):
                add("--fail-on", st.sampled_from(("error", "warning", "info", "never")))
            if maybe(0.3):
                add("--format", st.sampled_from(("text", "json")))
            if maybe(0.15):
                opts.extend(["--reviewed", side("reviewed", (draw(reviewed_files()), ".txt"))])
        if cmd == "fix":
            if maybe(0.3):
                opts.append("--unsafe")
            if maybe(0.3):
                opts.append("-v")
            opts += ["-o", "@out:edition.txt"]
            if maybe(0.5):
                opts += ["--changes", "@out:changes.json"]
        if cmd == "export":
            add("--to", st.sampled_from(("docx", "docx-clean", "docx-final", "tmx", "xliff", "xml", "json", "tei")))
            if maybe(0.2):
                opts.append("--accept-all")
            if maybe(0.2):
                opts.append("--unsafe")
            if maybe(0.8):
                opts += ["-o", "@out:export.bin"]
        if cmd == "report":
            opts += ["-o", "@out:report.html"]
    elif cmd == "review":
        opts += subject()
        fps = draw(st.lists(st.one_of(st.sampled_from(corpus().fingerprints), st.text(max_size=6)), max_size=2))
        opts += fps
        if maybe(0.5) or not fps:
            opts.append("--all")
        if maybe(0.3):
            add("--select", CODES)
        if maybe(0.3):
            add("--note", st.text(max_size=10))
        if maybe(0.2):
            files["reviewed"] = (draw(reviewed_files()), ".reviewed")
            opts += ["--reviewed", "@out:reviewed.reviewed"]
    elif cmd in ("diff", "score"):
        pool = st.one_of(subject_files("en"), subject_files("en"), subject_files("zh"),
                         st.sampled_from([(v, k[k.index("."):]) for k, v in corpus().projects.items()]))
        opts += [side("a", draw(pool)), side("b", draw(pool))]
        if cmd == "score" and maybe(0.3):
            opts.append(side("c", draw(pool)))
        if maybe(0.3):
            add("--lang", st.sampled_from(("auto", "zh", "en")))
        if maybe(0.3):
            opts.append("--presegmented")
        if cmd == "diff":
            if maybe(0.4):
                add("--level", st.sampled_from(("section", "sentence", "clause", "word")))
            if maybe(0.4):
                add("--format", st.sampled_from(("text", "html", "json")))
            for flag in ("--all", "-w"):
                if maybe(0.2):
                    opts.append(flag)
            if maybe(0.3):
                opts += ["-o", "@out:diff.out"]
        else:
            if maybe(0.4):
                add("--level", st.sampled_from(("corpus", "unit")))
            if maybe(0.4):
                add("--format", st.sampled_from(("text", "json")))
            if maybe(0.3):
                add("--worst", NUMBERS.map(str))
        decoding()
    else:
        if maybe(0.5):
            add("--format", st.sampled_from(("text", "json", "xml")))
    if maybe(0.05) and opts:
        opts.insert(draw(st.integers(0, len(opts))), draw(st.sampled_from(("--bogus", "-x", "--", "--help"))))
    return cmd, files, opts


@budget(60)
@given(command_lines())
def test_random_command_lines(case):
    cmd, files, opts = case
    with workspace() as ws:
        paths = {k: ws.put(f"{k}{suffix}", data) for k, (data, suffix) in files.items()}
        if cmd == "review" and "reviewed" in paths:
            ws.inputs.remove(paths["reviewed"])  # the file review appends to: an output
        args = [cmd]
        for o in opts:
            if o.startswith("@out:"):
                name = o.removeprefix("@out:")
                target = paths.get(name.split(".")[0]) or ws.root / name
                args.append(str(ws.out(target)))
            elif o.startswith("@") and o[1:] in paths:
                args.append(str(paths[o[1:]]))
            else:
                args.append(o)
        if cmd == "review" and "--reviewed" not in opts:
            subject = next(p for k, p in paths.items() if k in ("en", "project"))
            ws.out(Path(f"{subject}.reviewed"))
        if cmd == "export" and "-o" not in args:
            base = paths.get("project") or paths.get("en")
            if base is not None:
                ws.out(default_export(base, args))
        run(ws, args, force=False)


# --------------------------------------------------------------------------- 5. the editor's actions (ipdoc serve)

#: The arguments of each action the web application sends (see ``pipeline.change``).
ACTION_ARGS = {"decide": ("fingerprint", "decision", "text"), "review": ("fingerprint", "on"), "edit": ("unit", "text"),
               "merge": ("bead",), "split": ("bead", "zh_at", "en_at"), "move": ("bead", "side", "down"),
               "unlink": ("bead",), "confirm": ("bead", "on"), "supply": ("bead", "text"), "pin": ("zh", "en"),
               "realign": (), "undo": (), "bogus": ("x",)}
ODD_JSON = st.sampled_from((None, True, False, "1", 1.5, [], {}, -1, 2**63, "\ud800", "\x00"))


@st.composite
def editor_steps(draw) -> tuple[str, list[tuple]]:
    """A project and what a browser (or anything else that has the token) may send its server."""
    name = draw(st.sampled_from(("sample.ipdoc.xml", "sample.ipdoc.json", "worked.ipdoc.json", "worked.ipdoc.xml",
                                 "user.ipdoc.json")))
    known = [k.fingerprint for k in corpus().findings[name]]
    index = st.one_of(st.integers(0, 12), st.integers(0, 12), st.integers(-2, 80), NUMBERS, ODD_JSON)
    values = {"fingerprint": st.one_of(st.sampled_from(known), st.sampled_from(known), ODD_STRINGS, ODD_JSON),
              "decision": st.one_of(st.sampled_from(("accept", "reject", "replace", None)), ODD_STRINGS, ODD_JSON),
              "text": st.one_of(st.sampled_from(REPLACEMENTS), ODD_STRINGS, ODD_JSON),
              "on": st.one_of(st.booleans(), ODD_JSON), "down": st.one_of(st.booleans(), ODD_JSON),
              "side": st.one_of(st.sampled_from(("zh", "en")), ODD_STRINGS), "x": ODD_JSON}
    steps: list[tuple] = []
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(("change", "change", "change", "change", "view", "export", "raw")))
        if kind == "change":
            # a re-alignment of the sample pair takes seconds: rarely
            action = draw(st.sampled_from((*[a for a in ACTION_ARGS if a not in ("pin", "realign")] * 3, "pin",
                                           "realign")))
            args = {key: draw(values.get(key, index)) for key in ACTION_ARGS[action] if draw(st.integers(0, 9))}
            stale = draw(st.sampled_from((None, None, None, -1, 1, 10**6)))  # None: the current revision
            steps.append(("change", action, args, stale))
        elif kind == "view":
            steps.append(("view", draw(st.one_of(st.integers(-2, 5), NUMBERS)),
                          ",".join(draw(st.lists(st.sampled_from(("rows", "map", "findings", "summary", "pages", "x")),
                                                 max_size=3)))))
        elif kind == "export":
            steps.append(("export", draw(st.sampled_from(("docx", "docx-clean", "tmx", "xliff", "xml", "bogus")))))
        else:
            steps.append(("raw", draw(st.sampled_from((b"not json", b"[]", b'{"action": "merge"}', b'{"revision": 0}',
                                                        b'{"revision": 0, "action": "merge", "args": []}',
                                                        b'{"revision": 0, "action": 7}', b"\xff\xfe")))))
    return name, steps


@budget(12)
@given(editor_steps())
def test_random_editor_actions(case):
    """What the web application is sent: never a server error (500), a refused change leaves the
    project file as it was, and the file on disk always reads back at the session's revision."""
    from ipdoc.export import project
    from ipdoc.serve.app import cookie_name, create_app
    from ipdoc.serve.session import Session

    name, steps = case
    port, token = 48555, "fuzz-token"
    with workspace() as ws:
        path = ws.root / name
        path.write_bytes(corpus().projects[name])
        session = Session(path, "fuzz")
        app = create_app(session, token)
        app.config["IPDOC_PORT"] = port
        client = app.test_client()
        client.set_cookie(cookie_name(port), token, domain="127.0.0.1")
        base = f"http://127.0.0.1:{port}"
        for step in steps:
            before = path.read_bytes()
            revision = session.current().revision
            with time_limit(TIME_LIMIT):
                if step[0] == "change":
                    _, action, args, stale = step
                    r = client.post("/api/change", base_url=base, json={
                        "revision": revision if stale is None else stale, "action": action, "args": args})
                elif step[0] == "view":
                    r = client.get(f"/api/view?page={step[1]}&parts={step[2]}", base_url=base)
                elif step[0] == "export":
                    r = client.get(f"/export/{step[1]}", base_url=base)
                else:
                    r = client.post("/api/change", base_url=base, data=step[1],
                                    headers={"Content-Type": "application/json"})
            problem = _served_problem(r, path, before, session, project)
            if problem is not None:
                ws.inputs.append(path)
                keep(ws, ["serve", name, repr(step)], f"{problem}\nsteps: {steps!r}")
                if not COLLECT:
                    raise AssertionError(f"{problem}\n{step!r}\nsteps: {steps!r}")
                return
        if currently_in_test_context():
            event(f"serve: revision {session.current().revision} after {len(steps)} steps")


def _served_problem(r, path: Path, before: bytes, session, project) -> str | None:
    """What is wrong with one answer of the web application and the file it saved, if anything."""
    body = r.get_data()
    if r.status_code not in (200, 400, 404, 409):
        return f"status {r.status_code}: {body[:500]!r}"
    if r.status_code != 200 and path.read_bytes() != before:
        return f"status {r.status_code} but the project file changed"
    if r.status_code == 200 and not body:
        return "an empty answer"
    try:
        saved = project.read(path.read_bytes(), str(path))
    except InputError as exc:
        return f"the saved project does not read back: {exc}"
    if saved.revision != session.current().revision:
        return f"saved revision {saved.revision}, session at {session.current().revision}"
    return None


# --------------------------------------------------------------------------- the harness itself


def test_the_harness_notices_a_write_on_exit_2(monkeypatch):
    """The checks above can fail: a command that writes a file and then fails is caught."""
    import ipdoc.pipeline as pipeline

    real = pipeline.load

    def leaky(path, *args, **kwargs):
        Path(f"{path}.leak").write_text("partial")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "load", leaky)
    with workspace() as ws:
        empty = ws.put("empty.txt", b"")
        with pytest.raises(AssertionError, match="exit 2 but written"):
            run(ws, ["segment", str(empty)])


def test_the_harness_notices_an_internal_error(monkeypatch):
    import ipdoc.pipeline as pipeline

    def broken(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(pipeline, "load", broken)
    with workspace() as ws, pytest.raises(AssertionError, match="internal error"):
        run(ws, ["segment", str(ws.put("en.txt", corpus().mini_en))])


def test_the_harness_notices_a_changed_input(monkeypatch):
    import ipdoc.pipeline as pipeline

    real = pipeline.load

    def touching(path, *args, **kwargs):
        doc = real(path, *args, **kwargs)
        os.utime(path, ns=(0, 0))
        return doc

    monkeypatch.setattr(pipeline, "load", touching)
    with workspace() as ws, pytest.raises(AssertionError, match="is not an output"):
        run(ws, ["segment", str(ws.put("en.txt", corpus().mini_en))])



# --------------------------------------------------------------------------- formerly internal errors


def test_a_heading_against_a_long_english_line_aligns():
    """One Chinese heading against forty English ones joined on a line (it was 'no path through the band')."""
    with workspace() as ws:
        zh = ws.put("zh.txt", "一、总体要求\n".encode())
        en = ws.put("en.txt", b"I. General Requirements" * 40)
        out = run(ws, ["align", str(zh), str(en)])
        assert out.code == 0 and "internal error" not in out.stderr
        assert "General Requirements" in out.stdout
