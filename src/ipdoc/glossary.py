"""Glossaries: the built-in one (official English names of State Council bodies and
named initiatives, public facts) and the user's, as CSV or TBX."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import InputError
from .io import csv_rows, read_input
from .model import GlossaryEntry
from .xmlsafe import parse_xml, root_name


@lru_cache(maxsize=1)
def builtin() -> tuple[GlossaryEntry, ...]:
    """Entries of ``data/glossary.tsv``, one per Chinese form."""
    text = resources.files("ipdoc").joinpath("data/glossary.tsv").read_text(encoding="utf-8")
    out = []
    rows = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    for line in rows[1:]:
        cols = (line.split("\t") + [""] * 5)[:5]
        zh_forms, en, accepted, variants, notes = cols
        for zh in dict.fromkeys(f for f in zh_forms.split("|") if f):
            out.append(GlossaryEntry(zh, en, notes, tuple(v for v in variants.split("|") if v),
                                     tuple(a for a in accepted.split("|") if a), "built-in"))
    return tuple(out)


def load(path: str | Path) -> tuple[GlossaryEntry, ...]:
    """A user glossary: CSV (zh, en, notes; a header row is optional) or TBX."""
    p = Path(path)
    data = read_input(p)
    if not data.strip():
        raise InputError("empty glossary", str(path))
    root = root_name(data)
    if p.suffix.lower() in (".tbx", ".xml") or (root is not None and root[1] in ("tbx", "martif")):
        return _tbx(data, str(path))
    return _csv(data, str(path))


def _csv(data: bytes, origin: str) -> tuple[GlossaryEntry, ...]:
    from .read import decode

    text, _ = decode(data, origin)
    rows = csv_rows(text, origin)
    out = []
    for n, row in enumerate(rows, 1):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        if n == 1 and cells[0].lower() in ("zh", "chinese", "source", "中文", "zh-cn"):
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            raise InputError(f"line {n}: a glossary row needs a Chinese and an English term", origin)
        out.append(GlossaryEntry(cells[0], cells[1], cells[2] if len(cells) > 2 else "", (), (), "user"))
    if not out:
        raise InputError("no terms in glossary", origin)
    return tuple(out)


def _tbx(data: bytes, origin: str) -> tuple[GlossaryEntry, ...]:
    root = parse_xml(data, origin, "TBX")
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    out = []
    for entry in root.iter():
        if not isinstance(entry.tag, str) or entry.tag.split("}")[-1] not in ("termEntry", "conceptEntry"):
            continue
        terms: dict[str, list[str]] = {}
        notes = []
        for el in entry.iter():
            if not isinstance(el.tag, str):
                continue
            local = el.tag.split("}")[-1]
            if local == "langSet" or local == "langSec":
                lang = (el.get(xml_lang) or el.get("lang") or "").lower()
                for t in el.iter():
                    if isinstance(t.tag, str) and t.tag.split("}")[-1] == "term" and (t.text or "").strip():
                        terms.setdefault(lang[:2], []).append(t.text.strip())
            elif local in ("note", "descrip") and (el.text or "").strip():
                notes.append(el.text.strip())
        for zh in terms.get("zh", []):
            en = terms.get("en", [])
            if en:
                out.append(GlossaryEntry(zh, en[0], "; ".join(notes), (), tuple(en[1:]), "user"))
    if not out:
        raise InputError("no zh/en term pairs in this TBX file", origin)
    return tuple(out)
