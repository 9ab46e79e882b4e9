"""Reviewed findings: a small file of fingerprints an editor has looked at.

One line per finding: ``FINGERPRINT<TAB>CODE<TAB>quoted text`` (only the first
field counts; the rest is for people). Fingerprints depend on the rule, the
flagged text and its surroundings, not on offsets, so they survive edits made
elsewhere in the document.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import InputError
from .io import read_input, write_atomic
from .model import Finding

_FP = re.compile(r"^[A-Z]\d{3}-[0-9a-f]{12}$")


def default_path(en_path: str | Path) -> Path:
    return Path(f"{en_path}.reviewed")


def load(path: str | Path | None) -> set[str]:
    if path is None:
        return set()
    p = Path(path)
    if not p.exists():
        return set()
    try:
        lines = read_input(p).decode("utf-8").splitlines()
    except UnicodeDecodeError:
        raise InputError("reviewed file is not UTF-8 text", str(path)) from None
    out = set()
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        fp = line.split("\t", 1)[0].strip()
        if not _FP.match(fp):
            raise InputError(f"line {n}: not a finding fingerprint: {fp[:30]!r}", str(path))
        out.add(fp)
    return out


def add(path: str | Path, findings: list[Finding], content: str, note: str = "") -> int:
    """Append findings not yet in the file; return how many were added."""
    p = Path(path)
    have = load(p)
    lines = read_input(p).decode("utf-8").splitlines() if p.exists() else [
        "# findings reviewed with ipdoc: FINGERPRINT<TAB>CODE<TAB>text (<TAB>note)"]
    added = 0
    for f in findings:
        if f.fingerprint in have:
            continue
        have.add(f.fingerprint)
        quoted = " ".join(content[f.start:f.end].split())[:60]
        lines.append("\t".join(x for x in (f.fingerprint, f.code, quoted, note) if x))
        added += 1
    write_atomic(p, "\n".join(lines) + "\n")
    return added
