"""The term base of official English renderings: concepts with statuses and years of use.

The built-in term base is ``data/termbase.tbx`` (TBX-Basic, see ``data/TERMBASE.md``); a
user's term base is a TBX file or a CSV (``zh,en,status,years,source,note``). Each concept
holds its Chinese forms and English terms; each term has a status (preferred, admitted,
deprecated, forbidden), the years it was in use, and where it is attested. ``find`` locates
the English forms in a text, allowing inflection and hyphen/space variation, and reports the
status of the form found. ``conventions`` reads ``data/conventions.tsv``: the patterns of
machine-translated official phrasing and of front-matter conventions.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import InputError
from .xmlsafe import parse_xml

STATUSES = ("preferred", "admitted", "deprecated", "forbidden")

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_YEARS = re.compile(r"^\s*(\d{4})?\s*(?:([-–—])\s*(\d{4})?)?\s*$")
# administrativeStatus (TBX-Basic) and normativeAuthorization (older TBX) values, read leniently
_TBX_STATUS = {
    "preferred": "preferred", "standardized": "preferred",
    "admitted": "admitted",
    "deprecated": "deprecated", "obsolete": "deprecated",
    "superseded": "superseded",
    "forbidden": "forbidden",
}
_NOTE_KEY = re.compile(r"^\s*ipdoc-(years|status|verified)\s*:\s*(.*?)\s*$", re.I)


@dataclass(frozen=True, slots=True)
class Term:
    """One English rendering of a concept: status, years of use (inclusive, open if None), attestation."""

    text: str
    status: str
    start: int | None = None
    end: int | None = None
    source: str = ""
    verified: bool = False

    def in_use(self, year: int | None) -> bool:
        """Whether the rendering was in use in ``year`` (any year when None)."""
        if year is None:
            return True
        return (self.start is None or self.start <= year) and (self.end is None or year <= self.end)

    @property
    def years(self) -> str:
        """The years as written in the term base: ``2008-2018``, ``2018-``, ``-2018`` or empty."""
        if self.start is None and self.end is None:
            return ""
        return f"{self.start or ''}-{self.end or ''}"


@dataclass(frozen=True, slots=True)
class Concept:
    """A concept: its Chinese forms and its English terms, with the domain and a short factual note."""

    id: str
    zh: tuple[str, ...]
    terms: tuple[Term, ...]
    domain: str = ""
    note: str = ""
    origin: str = "built-in"

    def with_status(self, status: str) -> tuple[Term, ...]:
        """The terms of one status, in term-base order."""
        return tuple(t for t in self.terms if t.status == status)

    @property
    def preferred(self) -> tuple[Term, ...]:
        """Preferred renderings (a former official name is preferred for its own years)."""
        return self.with_status("preferred")

    @property
    def admitted(self) -> tuple[Term, ...]:
        """Acceptable renderings."""
        return self.with_status("admitted")

    @property
    def deprecated(self) -> tuple[Term, ...]:
        """Renderings to avoid: right in meaning but not the established form."""
        return self.with_status("deprecated")

    @property
    def forbidden(self) -> tuple[Term, ...]:
        """Wrong renderings."""
        return self.with_status("forbidden")

    @property
    def verified(self) -> bool:
        """Whether every preferred rendering is attested in a source that was checked."""
        return bool(self.preferred) and all(t.verified for t in self.preferred)


@dataclass(frozen=True, slots=True)
class Match:
    """An English form of a concept found in a text."""

    start: int
    end: int
    text: str
    concept: Concept
    term: Term
    exact_case: bool

    @property
    def status(self) -> str:
        """The status of the form found."""
        return self.term.status


@dataclass(frozen=True, slots=True)
class _Raw:
    """An English term as written in a user's file, before its status and years are read."""

    text: str
    status: str = ""
    years: str = ""
    source: str = ""
    verified: str = ""
    note_status: str = ""


@dataclass(frozen=True, slots=True)
class Convention:
    """A pattern of machine-translated official phrasing or of a front-matter convention."""

    id: str
    kind: str
    regex: re.Pattern[str]
    renders: str
    conventional: str
    attested: str
    flags: str
    passes: str
    fix: str = ""  # the replacement of a whole match, where it is mechanical

    def find(self, text: str) -> tuple[tuple[int, int], ...]:
        """Spans of ``text`` the pattern matches (of its group ``phrase`` where it has one: the words at fault)."""
        group = "phrase" if "phrase" in self.regex.groupindex else 0
        return tuple(m.span(group) for m in self.regex.finditer(text))


def parse_years(value: str) -> tuple[int | None, int | None]:
    """``2008-2018``, ``2018-``, ``-2018``, ``2015`` or empty to (start, end); ValueError if malformed."""
    m = _YEARS.match(value or "")
    if not m:
        raise ValueError(f"bad years {value!r} (use 2008-2018, 2018-, -2018 or 2015)")
    first, dash, last = m.groups()
    start = int(first) if first else None
    end = (int(last) if last else None) if dash else start
    if start is not None and end is not None and start > end:
        raise ValueError(f"bad years {value!r}: the first year is after the last")
    return start, end


def preferred_for(concept: Concept, year: int | None = None) -> Term | None:
    """The preferred rendering in use in ``year`` (the current one when None; the nearest in time if none)."""
    preferred = concept.preferred
    if not preferred:
        return None
    if year is None:
        current = [t for t in preferred if t.end is None]
        return max(current or preferred, key=lambda t: (t.end or 9999, t.start or 0))
    in_use = [t for t in preferred if t.in_use(year)]
    if in_use:
        return max(in_use, key=lambda t: t.start or 0)

    def distance(t: Term) -> int:
        return t.start - year if t.start is not None and year < t.start else year - (t.end or year)

    return min(preferred, key=lambda t: (distance(t), -(t.start or 0)))


@lru_cache(maxsize=1)
def builtin() -> tuple[Concept, ...]:
    """The concepts of the shipped ``data/termbase.tbx``."""
    data = resources.files("ipdoc").joinpath("data/termbase.tbx").read_bytes()
    return _tbx(data, "built-in term base", "built-in")


def load(path: str | Path) -> tuple[Concept, ...]:
    """A user's term base: TBX, or CSV (``zh,en,status,years,source,note`` with a header, or ``zh,en[,notes]``)."""
    from .io import read_input
    from .xmlsafe import root_name

    p = Path(path)
    data = read_input(p)
    if not data.strip():
        raise InputError("empty term base", str(path))
    if p.suffix.lower() in (".tbx", ".xml") or root_name(data) is not None:
        return _tbx(data, str(path), "user")
    return _csv(data, str(path))


def merged(user: Sequence[Concept], base: Sequence[Concept] | None = None) -> tuple[Concept, ...]:
    """User concepts first; a built-in concept sharing a Chinese form with a user concept is dropped."""
    base = builtin() if base is None else base
    taken = {z for c in user for z in c.zh}
    return tuple(user) + tuple(c for c in base if not taken.intersection(c.zh))


def find(text: str, concepts: Sequence[Concept] | None = None) -> tuple[Match, ...]:
    """English forms of the concepts found in ``text`` (the longest where they overlap), in text order."""
    # Case is ignored; plural and possessive endings, -ing/-ed on the words of multi-word forms
    # and a hyphen for a space are allowed;
    # exact_case says whether the letters have the term base's case (the first letter may differ).
    # Where forms of different status cover the same span, the one written exactly as found wins.
    # A deprecated or forbidden form is not reported when written in lower case where the term base
    # capitalises it (then it is a common phrase, "the information office of a hotel"), nor when a
    # capitalised form follows another capitalised word: it is part of a longer proper name
    # (a provincial "Development and Reform Commission").
    table = _patterns(tuple(builtin() if concepts is None else concepts))
    offsets: list[int] = []  # where each word of the text starts
    written: list[str] = []  # the word as written
    starts: dict[str, list[int]] = {}  # lower-cased word -> its indices
    for w in _TOKEN.finditer(text):
        word = w.group()
        if word[0].isalnum():
            starts.setdefault(word.lower(), []).append(len(written))
            offsets.append(w.start())
            written.append(word)
    present = {f for w in starts for f in _folds(w)}
    spans: dict[tuple[int, int], list[tuple[Concept, Term]]] = {}
    for pattern, firsts, later, concept, term in table:
        where = [k for first in firsts for k in starts.get(first, ())]
        if not where or (later and _absent(later, present, written, where)):
            continue
        pattern_of = _regex(pattern)
        for k in where:
            if m := pattern_of.match(text, offsets[k]):
                spans.setdefault(m.span(), []).append((concept, term))
    chosen: list[Match] = []
    taken: list[tuple[int, int]] = []  # disjoint, in text order: only the one before ``end`` can overlap
    for (start, end), candidates in sorted(spans.items(), key=lambda kv: (kv[0][0] - kv[0][1], kv[0][0])):
        at = bisect.bisect_left(taken, (end, end))
        if at and taken[at - 1][1] > start:
            continue
        found = text[start:end]
        concept, term = min(candidates, key=lambda ct: _rank(found, ct[1]))
        same_case = _same_case(found, term.text)
        if term.status in ("deprecated", "forbidden") and (not same_case or _inside_name(text, start, term.text)):
            continue
        taken.insert(at, (start, end))
        chosen.append(Match(start, end, found, concept, term, same_case))
    return tuple(sorted(chosen, key=lambda m: m.start))


@lru_cache(maxsize=1)
def conventions() -> tuple[Convention, ...]:
    """The patterns of ``data/conventions.tsv``."""
    text = resources.files("ipdoc").joinpath("data/conventions.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    header, out = rows[0], []
    for row in rows[1:]:
        cells = dict(zip(header, row, strict=True))
        out.append(Convention(cells["id"], cells["kind"], re.compile(cells["pattern"], re.M), cells["renders"],
                              cells["conventional"], cells["attested"], cells["flags"], cells["passes"],
                              cells.get("fix", "")))
    return tuple(out)


# --- reading ---------------------------------------------------------------------------------


def _local(tag: object) -> str:
    return tag.split("}")[-1] if isinstance(tag, str) else ""


def _tbx(data: bytes, origin: str, owner: str) -> tuple[Concept, ...]:
    root = parse_xml(data, origin, "TBX")
    out = []
    for n, entry in enumerate((e for e in root.iter() if _local(e.tag) in ("conceptEntry", "termEntry")), 1):
        zh: list[str] = []
        terms: list[_Raw] = []
        domain, notes = "", []
        for child in entry:
            local = _local(child.tag)
            if local == "descrip" and child.get("type") == "subjectField":
                domain = (child.text or "").strip()
            elif local == "note" and (child.text or "").strip() and not _NOTE_KEY.match(child.text or ""):
                notes.append((child.text or "").strip())
            elif local in ("langSec", "langSet"):
                lang = (child.get(_XML_LANG) or child.get("lang") or "").lower()
                for holder in child:
                    if _local(holder.tag) not in ("termSec", "tig", "ntig"):
                        continue
                    text = " ".join(" ".join("".join(t.itertext()).split())
                                    for t in holder.iter() if _local(t.tag) == "term")
                    if not text:
                        continue
                    if lang.startswith("zh"):
                        zh.append(text)
                    elif lang.startswith("en"):
                        terms.append(_tbx_term(holder, text))
        if zh and terms:
            out.append(_concept(entry.get("id") or f"{owner}-{n}", zh, terms, domain, "; ".join(notes), owner, origin))
    if not out:
        raise InputError("no concepts with Chinese and English terms in this TBX file", origin)
    return tuple(out)


def _tbx_term(holder, text: str) -> _Raw:
    status = years = source = verified = note_status = ""
    for el in holder.iter():
        local, kind, value = _local(el.tag), (el.get("type") or "").lower(), " ".join((el.text or "").split())
        if local == "termNote" and kind in ("administrativestatus", "normativeauthorization"):
            status = value
        elif local in ("termNote", "descrip", "admin") and kind in ("yearsinuse", "years"):
            years = value
        elif local == "admin" and kind == "source":
            source = value
        elif local == "note" and (m := _NOTE_KEY.match(value)):
            key, val = m.group(1).lower(), m.group(2)
            if key == "years":
                years = val
            elif key == "status":
                note_status = val
            else:
                verified = val
    return _Raw(text, status, years, source, verified, note_status)


def _concept(cid: str, zh: Iterable[str], raw: Sequence[_Raw], domain: str, note: str, owner: str,
             origin: str) -> Concept:
    """A concept from raw terms: statuses read, years parsed, an unmarked first term preferred."""
    terms = []
    explicit_preferred = any(_status(r, origin) == "preferred" for r in raw if r.status)
    for i, r in enumerate(raw):
        try:
            start, end = parse_years(r.years)
        except ValueError as exc:
            raise InputError(f"{r.text}: {exc}", origin) from None
        if r.status:
            status = _status(r, origin)
            if status == "superseded":
                status = "preferred" if end is not None else "deprecated"
        else:
            status = "preferred" if i == 0 and not explicit_preferred else "admitted"
        verified = r.verified.lower() in ("yes", "true", "1") if r.verified else bool(r.source)
        terms.append(Term(r.text, status, start, end, r.source, verified))
    return Concept(cid, tuple(dict.fromkeys(zh)), tuple(terms), domain, note, owner)


def _status(raw: _Raw, origin: str) -> str:
    """The ipdoc status (or "superseded") of a TBX or CSV status value."""
    value, note_status = raw.status, raw.note_status
    if note_status.lower() == "forbidden":
        return "forbidden"
    key = value.strip().lower().removesuffix("-admn-sts").removesuffix("term")
    if key not in _TBX_STATUS:
        raise InputError(f"unknown administrativeStatus {value!r} (use preferredTerm-admn-sts, admittedTerm-admn-sts, "
                         "deprecatedTerm-admn-sts, supersededTerm-admn-sts or forbidden)", origin)
    return _TBX_STATUS[key]


def _csv(data: bytes, origin: str) -> tuple[Concept, ...]:
    from .io import csv_rows
    from .read import decode

    text, _ = decode(data, origin)
    rows = [(n, [c.strip() for c in row]) for n, row in enumerate(csv_rows(text, origin), 1)]
    rows = [(n, cells) for n, cells in rows if any(cells)]
    if not rows:
        raise InputError("no terms in term base", origin)
    first = [c.lower() for c in rows[0][1]]
    columns = ["zh", "en", "notes"]
    if first and first[0] in ("zh", "chinese", "source", "中文", "zh-cn"):
        rows = rows[1:]
        if "status" in first:
            columns = first
    groups: dict[tuple[str, ...], list[_Raw]] = {}
    notes: dict[tuple[str, ...], list[str]] = {}
    for n, cells in rows:
        row = dict(zip(columns, cells))
        zh = tuple(z.strip() for z in row.get("zh", "").split("|") if z.strip())
        en = row.get("en", "")
        if not zh or not en:
            raise InputError(f"line {n}: a term-base row needs a Chinese and an English term", origin)
        status = row.get("status", "").lower() or "preferred"
        if status not in STATUSES:
            raise InputError(f"line {n}: unknown status {status!r} (use preferred, admitted, deprecated or forbidden)",
                             origin)
        try:
            parse_years(row.get("years", ""))
        except ValueError as exc:
            raise InputError(f"line {n}: {exc}", origin) from None
        source = row.get("source", "")
        groups.setdefault(zh, []).append(_Raw(en, status, row.get("years", ""), source))
        note = row.get("note", "") or row.get("notes", "")
        if note:
            notes.setdefault(zh, []).append(note)
    return tuple(_concept(f"user-{i}", zh, raw, "", "; ".join(notes.get(zh, [])), "user", origin)
                 for i, (zh, raw) in enumerate(groups.items(), 1))


# --- matching --------------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[^\w\s-]")
_SEP = r"(?:\s+|\s*[-‐‑–]\s*)"
_APOSTROPHE = re.compile("['’]")
_VOWELS = set("aeiou")
_EXACT = {"of", "and", "the", "for", "to", "in", "on", "at", "by", "with", "from", "as", "or", "a", "an", "plus"}
_ARTICLES = {"The", "A", "An", "And", "Of", "For", "To", "In", "On", "By", "With", "From"}
_STATUS_ORDER = {s: i for i, s in enumerate(STATUSES)}


def _variants(word: str, verbs: bool = True) -> set[str]:
    """The forms a word of a term may take in running text (plural; -ing, -ed unless ``verbs`` is off)."""
    w = word.lower()
    if not w.isalpha() or w in _EXACT or len(w) < 3:
        return {w}
    if word.isupper():
        return {w, w + "s"}
    stems = {w}
    if w.endswith("ies") and len(w) > 4:
        stems.add(w[:-3] + "y")
    elif w.endswith("es") and len(w) > 4:
        stems |= {w[:-2], w[:-1]}
    elif w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        stems.add(w[:-1])
    if verbs and w.endswith("ing") and len(w) > 5:
        stems |= {w[:-3], w[:-3] + "e"} | ({w[:-4]} if w[-4] == w[-5] else set())
    if verbs and w.endswith("ed") and len(w) > 4:
        stems |= {w[:-2], w[:-1]}
    out = set()
    for s in stems:
        out |= {s, s + "s", s + "es"}
        if s.endswith("y") and len(s) > 2 and s[-2] not in _VOWELS:
            out.add(s[:-1] + "ies")
        if not verbs:
            continue
        out |= {s + "ed", s + "d", s + "ing"}
        if s.endswith("e"):
            out |= {s[:-1] + "ing", s[:-1] + "ed"}
        if s.endswith("y") and len(s) > 2 and s[-2] not in _VOWELS:
            out.add(s[:-1] + "ied")
        if len(s) >= 3 and s[-1] not in _VOWELS | set("wxy") and s[-2] in _VOWELS and s[-3] not in _VOWELS:
            out |= {s + s[-1] + "ing", s + s[-1] + "ed"}
    return out


def _word_pattern(word: str, last: bool, verbs: bool) -> str:
    if "'" in word or "’" in word:
        body = "['’]".join(re.escape(p) for p in re.split(r"['’]", word))
    else:
        body = "(?:" + "|".join(re.escape(v) for v in sorted(_variants(word, verbs), key=len, reverse=True)) + ")"
    return body + ("(?:['’]s|(?<=s)['’])?" if last else "")


def _tokens(form: str) -> list[str]:
    """The tokens of a form; a leading "the" is left out (it is optional in running text)."""
    tokens = _TOKEN.findall(form)
    return tokens[1:] if len(tokens) > 1 and tokens[0].lower() == "the" else tokens


def _form_pattern(form: str) -> str:
    tokens = _tokens(form)
    last_word = max((i for i, t in enumerate(tokens) if t[0].isalnum()), default=-1)
    verbs = _multiword(tokens)
    parts = []
    for i, tok in enumerate(tokens):
        if i:
            both_words = tok[0].isalnum() and tokens[i - 1][0].isalnum()
            parts.append(_SEP if both_words else r"\s*")
        parts.append(_word_pattern(tok, i == last_word, verbs) if tok[0].isalnum() else re.escape(tok))
    return "".join(parts) + r"(?![\w])"


def _multiword(tokens: list[str]) -> bool:
    """Whether a form has two content words (then its words may also take -ing and -ed)."""
    return sum(1 for t in tokens if t[0].isalpha() and t.lower() not in _EXACT) > 1


def _firsts(form: str) -> tuple[str, ...]:
    """The lower-case words a match of ``form`` can start with."""
    tokens = _tokens(form)
    first = tokens[0]
    if "'" in first or "’" in first:
        return (first.lower(), first.lower().replace("'", "’"), first.lower().replace("’", "'"))
    return tuple(sorted(_variants(first, _multiword(tokens))))


def _later(form: str) -> tuple[frozenset[str], ...] | None:
    """For each word of ``form`` after the first, the lower-case text words that can match it;
    None for a form with punctuation in it (its words need not be whole text words)."""
    tokens = _tokens(form)
    if not all(tok[0].isalnum() for tok in tokens):
        return None
    verbs = _multiword(tokens)
    out = []
    for tok in tokens[1:]:
        if "'" in tok or "’" in tok:
            w = tok.lower()
            out.append(frozenset({w.replace("’", "'"), w.replace("'", "’")}))
        else:
            out.append(frozenset(_variants(tok, verbs)))
    return tuple(out)


@lru_cache(maxsize=65_536)
def _folds(word: str) -> tuple[str, ...]:
    """A text word lower-cased and case-folded, and (for a last word, which may take 's or 'd)
    the same before its first apostrophe."""
    whole = (word.lower(), word.casefold())
    if "'" in word or "’" in word:
        return whole + tuple(_APOSTROPHE.split(w, 1)[0] for w in whole)
    return whole


#: first words of a form looked at for its later words before its pattern is simply compiled
_LOOK = 64


def _absent(later: tuple[frozenset[str], ...], present: set[str], written: list[str], where: list[int]) -> bool:
    """Whether a form surely does not occur: a later word of it is nowhere in the text, or (where
    its first word occurs at most _LOOK times) never follows the first. Then its pattern need
    not be compiled, which most forms never are; in a long text, where compiling is cheap beside
    reading, the pattern (matched in C) decides."""
    if any(forms.isdisjoint(present) for forms in later):
        return True
    return len(where) <= _LOOK and not any(_follows(later, written, k) for k in where)


def _follows(later: tuple[frozenset[str], ...], written: list[str], k: int) -> bool:
    """Whether the text words after word ``k`` can be the later words of a form: a form of words
    only matches whole text words, one after another (only spaces and dashes between them), the
    last perhaps with 's or 'd after it."""
    if k + len(later) >= len(written):
        return False
    for n, forms in enumerate(later, 1):
        folds = _folds(written[k + n])
        if not any(f in forms for f in (folds if n == len(later) else folds[:2])):
            return False
    return True


@lru_cache(maxsize=512)
def _patterns(concepts: tuple[Concept, ...]) -> tuple[tuple[str, tuple[str, ...], tuple[frozenset[str], ...] | None,
                                                            Concept, Term], ...]:
    """Per form: its pattern (compiled by ``_regex`` when a text holds a word it can start with and
    every later word), those first words, the later words, its concept and the term."""
    return tuple((_form_pattern(t.text), _firsts(t.text), _later(t.text), c, t) for c in concepts for t in c.terms
                 if _tokens(t.text) and _tokens(t.text)[0][0].isalnum())


@lru_cache(maxsize=4096)
def _regex(pattern: str) -> re.Pattern[str]:
    """A form's pattern compiled (most forms never meet a word they can start with)."""
    return re.compile(pattern, re.I)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _same_case(found: str, form: str) -> bool:
    """Whether no letter written upper-case in ``form`` is lower-case in ``found`` (title case is fine)."""
    words_found = re.findall(r"[^\W\d_]+", found)
    words_form = re.findall(r"[^\W\d_]+", form)
    if form.lower().startswith("the ") and not found.lower().startswith("the "):
        words_form = words_form[1:]
    return not any(y.isupper() and x.islower() for a, b in zip(words_found, words_form) for x, y in zip(a, b))


def _rank(found: str, term: Term) -> tuple[int, int, int]:
    """Written exactly as the form (first letter aside), then with its case, then the better status."""
    text, form = _norm(found), _norm(term.text)
    written = text[1:] == form[1:] and text[:1].lower() == form[:1].lower()
    return (0 if written else 1, 0 if _same_case(found, term.text) else 1, _STATUS_ORDER.get(term.status, 9))


def _inside_name(text: str, start: int, form: str) -> bool:
    """Whether a capitalised form at ``start`` continues a capitalised word on the same line."""
    if not form[:1].isupper():
        return False
    before = text[max(0, start - 60):start].split("\n")[-1]
    m = re.search(r"([^\W\d_][\w'’-]*)[ \t]+$", before)
    return m is not None and m.group(1)[0].isupper() and m.group(1) not in _ARTICLES
