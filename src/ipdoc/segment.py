"""Segmentation: sentences and clauses inside the blocks structure recovery found.

Chinese sentences end at 。！？ (closing quotes and brackets stay with them);
clauses split at ；：，and at 、 where it separates clauses rather than nouns.
English sentences end at . ! ? unless an abbreviation, an initial or a decimal
says otherwise; clauses split at ; and : and at a comma before a new finite clause.
Nothing splits inside brackets or quotes. Words for Chinese come from jieba.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from .model import CLAUSE, LEAF_KINDS, SENTENCE, Document, Note, Text, Unit
from .scan import HAN, line_spans, sentence_ends, trim
from .structure import recover

_ZH_CLAUSE = set("，；：,;:")
_EN_CLAUSE_AFTER = re.compile(r"[;:](?=\s)")
_EN_NEW_CLAUSE = re.compile(
    r",\s+(?=(?:which|whereas|while|but|yet)\b|(?:and|so|or)\s+(?:we|it|they|he|she|i|you|this|these|"
    r"those|there|all|each|the\s+\w+\s+(?:will|shall|should|must|is|are|has|have))\b)",
    re.I,
)
# blocks whose sentences are one clause each
_UNSPLIT = ("attribution", "heading", "title", "docno", "date", "signature")


def segment(text: Text, presegmented: bool = False) -> Document:
    """Blocks, sentences and clauses of a Text.

    With ``presegmented`` each non-blank line is one paragraph holding one
    sentence (the form of sentence-aligned corpora), and no structure is recovered.
    """
    if presegmented:
        blocks = [Unit(f"b{i}", "paragraph", s, e) for i, (s, e) in enumerate(line_spans(text.content))]
        notes: list[Note] = []
    else:
        blocks, notes = recover(text)
    units = list(blocks)
    kind_of = {b.id: b.kind for b in blocks}
    by_id = {b.id: b for b in blocks}
    sentences: list[Unit] = []
    for block in blocks:
        if block.kind not in LEAF_KINDS:
            continue
        if presegmented:
            spans = [(block.start, block.end)]
        else:
            # a heading starts with its container's marker ("1.", "II."): no sentence ends there
            owner = by_id.get(block.parent) if block.parent else None
            skip = len(owner.number) if owner and owner.number and owner.start == block.start else 0
            spans = sentence_spans(text.content, block.start, block.end, text.lang, skip)
        for s, e in spans:
            sentences.append(Unit(f"s{len(sentences)}", SENTENCE, s, e, parent=block.id))
    clauses: list[Unit] = []
    for sent in sentences:
        block_kind = kind_of[sent.parent] if sent.parent else "paragraph"
        spans = ([(sent.start, sent.end)] if block_kind in _UNSPLIT
                 else clause_spans(text.content, sent.start, sent.end, text.lang))
        for s, e in spans:
            clauses.append(Unit(f"c{len(clauses)}", CLAUSE, s, e, parent=sent.id))
    return Document(text, tuple(units + sentences + clauses), tuple(notes))


def sentence_spans(content: str, start: int, end: int, lang: str, skip: int = 0) -> list[tuple[int, int]]:
    """Sentences of ``content[start:end]`` as trimmed spans; no cut in the first ``skip`` characters."""
    out = []
    pos = start
    for cut in [*sentence_ends(content, start + skip, end, lang), end]:
        s, e = trim(content, pos, cut)
        if e > s:
            out.append((s, e))
        pos = cut
    return out


def clause_spans(content: str, start: int, end: int, lang: str) -> list[tuple[int, int]]:
    """Clauses of one sentence as trimmed spans."""
    cuts = _zh_clause_cuts(content, start, end) if lang == "zh" else _en_clause_cuts(content, start, end)
    out = []
    pos = start
    for cut in [*cuts, end]:
        s, e = trim(content, pos, cut)
        if e > s:
            out.append((s, e))
        pos = cut
    return out


def _nesting(content: str, start: int, end: int) -> list[int]:
    """Depth inside brackets and quotes at each position of the region."""
    depth = 0
    out = []
    straight_open = False
    for i in range(start, end):
        ch = content[i]
        if ch == '"':
            if straight_open:
                depth = max(0, depth - 1)
            else:
                depth += 1
            straight_open = not straight_open
        elif ch in "(（[［【〔" or ch in "“‘「『《":
            depth += 1
        elif ch in ")）]］】〕" or ch in "”’」』》":
            # an apostrophe is not a closing quote
            if ch == "’" and i + 1 < end and content[i + 1].isalpha():
                pass
            else:
                depth = max(0, depth - 1)
        out.append(depth)
    return out


def _zh_clause_cuts(content: str, start: int, end: int) -> list[int]:
    depth = _nesting(content, start, end)
    cuts: list[int] = []
    last = start
    for i in range(start, end - 1):
        ch = content[i]
        if depth[i - start] > 0:
            continue
        if ch in _ZH_CLAUSE:
            if ch in ",:" and i > start and content[i - 1].isdigit() and content[i + 1].isdigit():
                continue  # 1,000 or 10:30
            cuts.append(i + 1)
            last = i + 1
        elif ch == "、":
            # 、 separates clauses only when what it separates is clause-long on both sides
            nxt = content.find("、", i + 1, end)
            stop = min(x for x in (nxt if nxt >= 0 else end, _next_clause_mark(content, i + 1, end)) )
            if len(HAN.findall(content[last:i])) >= 10 and len(HAN.findall(content[i + 1:stop])) >= 10:
                cuts.append(i + 1)
                last = i + 1
    return cuts


def _next_clause_mark(content: str, start: int, end: int) -> int:
    for i in range(start, end):
        if content[i] in _ZH_CLAUSE or content[i] in "。！？":
            return i
    return end


def _en_clause_cuts(content: str, start: int, end: int) -> list[int]:
    depth = _nesting(content, start, end)
    cuts: list[int] = []
    for m in _EN_CLAUSE_AFTER.finditer(content, start, end):
        i = m.start()
        if depth[i - start] == 0 and not (content[i] == ":" and i > start and content[i - 1].isdigit()):
            cuts.append(i + 1)
    for m in _EN_NEW_CLAUSE.finditer(content, start, end):
        if depth[m.start() - start] == 0:
            cuts.append(m.start() + 1)
    return sorted(c for c in set(cuts) if start < c < end)


# --------------------------------------------------------------------------- candidate points

# a comma (or a full-width one) ending a stretch of text, not between the digits of a number
_EN_COMMA = re.compile(r"[,，](?=\s|$)|，")
# a conjunction joining what may be a new clause: and, or, but, while, whereas, yet, then, thereby
_EN_CONJ = re.compile(r"(?<=\s)(?:and|or|but|while|whereas|yet|then|thereby)\s+(?:([a-z]+ly)\s+)?([a-z]+)\b", re.I)
_SUBJECTS = frozenset(("we", "it", "they", "he", "she", "i", "you", "this", "these", "those", "there", "all", "each"))
# auxiliaries opening a verb phrase: "and be subject to", "and shall ensure"
_AUXILIARIES = frozenset(("be", "is", "are", "was", "were", "shall", "will", "should", "must", "can", "may", "have",
                          "has", "had"))


def candidate_cuts(doc: Document, sentence: Unit) -> list[int]:
    """Where an English sentence may be cut into more clauses than its own (conservative) ones
    when the clauses of a translation call for it: after a comma, a semicolon or a colon, and
    before a conjunction that starts a verb phrase (``and continuously enhance``) or a new
    clause (``but they``). Not inside brackets or quotes, nor in headings, titles, lists of
    departments and closing lines; the document's own clause units are not changed."""
    block = doc.get(sentence.parent)
    if block is not None and block.kind in _UNSPLIT:
        return []
    content, start, end = doc.text.content, sentence.start, sentence.end
    depth = _nesting(content, start, end)
    cuts = {i + 1 for i in _en_clause_marks(content, start, end) if depth[i - start] == 0}
    for m in _EN_CONJ.finditer(content, start, end):
        before = content[start:m.start()].rstrip()
        if depth[m.start() - start] or before.endswith((",", "，", ";", ":")):
            continue
        word = m.group(2).lower()
        if word in _SUBJECTS or word in _AUXILIARIES or _verbish(word):
            cuts.add(m.start())
    return sorted(c for c in cuts if start < c < end)


def _en_clause_marks(content: str, start: int, end: int) -> list[int]:
    """Commas, semicolons and colons that may end a clause (not 1,000 or 10:30)."""
    out = [m.start() for m in _EN_COMMA.finditer(content, start, end)]
    out += [m.start() for m in _EN_CLAUSE_AFTER.finditer(content, start, end)
            if not (content[m.start()] == ":" and m.start() > start and content[m.start() - 1].isdigit())]
    return sorted(set(out))


def _verbish(word: str) -> bool:
    """Whether an English word is, or inflects, a verb CC-CEDICT glosses as "to …"."""
    verbs = en_verbs()
    forms = {word}
    if word.endswith("ing"):
        forms |= {word[:-3], word[:-3] + "e"}
    elif word.endswith(("ed", "es")):
        forms |= {word[:-2], word[:-1]}
    elif word.endswith("s"):
        forms.add(word[:-1])
    forms |= {f[:-3] + "ize" for f in forms if f.endswith("ise")}
    return bool(forms & verbs)


@lru_cache(maxsize=1)
def en_verbs() -> frozenset[str]:
    """English verbs in their base form: every ``to X`` opening a CC-CEDICT definition (compiled
    once and cached with the dictionary), less the stop words."""
    from .lexicon import _cached

    return frozenset(_cached("verbs", _compile_verbs, list))


_TO_VERB = re.compile(r"(?:^|; )to ([a-z]+)\b")


def _compile_verbs(_path) -> list[str]:
    from .lexicon import STOP_EN, dictionary_definitions

    found: set[str] = set()
    for defs in dictionary_definitions():
        for d in defs:
            found.update(_TO_VERB.findall(d))
    return sorted(found - STOP_EN)


# --------------------------------------------------------------------------- words


@lru_cache(maxsize=1)
def _jieba():
    """jieba, its dictionary cached in ipdoc's cache folder (not a /tmp file another user may own), quietly."""
    import contextlib
    import logging

    import jieba

    from .lexicon import _cache_dir

    jieba.setLogLevel(logging.CRITICAL)
    with contextlib.suppress(OSError):
        folder = _cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        jieba.dt.tmp_dir = str(folder)
    if not jieba.dt.initialized:
        jieba.dt.FREQ, jieba.dt.total = _prefix_dictionary(jieba)
        jieba.dt.initialized = True
    return jieba


def _dictionary_path(jieba) -> Path:
    return Path(jieba.__file__).with_name("dict.txt")


def _kept(jieba, kind: str, build: Callable[[Path], Any], valid: Callable[[Any], bool]):
    """A table built from jieba's word list once and kept in ipdoc's cache (keyed by jieba's
    version and the word list's size and time), read back whole."""
    from .lexicon import _cache_dir, load_marshal, save_marshal

    words = _dictionary_path(jieba)
    st = words.stat()
    key = hashlib.sha1(f"{jieba.__version__}|{words}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()[:16]
    cache = _cache_dir() / f"jieba-{kind}-{key}.marshal"
    kept = load_marshal(cache)
    if valid(kept):
        return kept
    built = build(words)
    save_marshal(cache, built)
    return built


def _prefix_dictionary(jieba) -> tuple[dict[str, int], int]:
    """jieba's prefix dictionary (word and prefix -> frequency, and the total): what
    ``jieba.initialize`` builds and caches, read back three times faster (jieba reads its cache
    object by object from the file)."""

    def build(words: Path) -> tuple[dict[str, int], int]:
        with open(words, "rb") as fh:
            return jieba.dt.gen_pfdict(fh)

    return _kept(jieba, "prefixes", build, lambda kept: isinstance(kept, tuple) and len(kept) == 2
                 and isinstance(kept[0], dict) and isinstance(kept[1], int))


@lru_cache(maxsize=4)
def _word_tags(holding: str) -> dict[str, str]:
    """The part-of-speech tags (the word list's third column) of the words of jieba's word list
    that hold one of the characters ``holding``, kept in the cache: what ``jieba.posseg`` reads
    from the word list at every import, but only the few thousand words a caller asks about."""
    wanted = re.compile(f"[{re.escape(holding)}]")

    def build(words: Path) -> dict[str, str]:
        tags: dict[str, str] = {}
        with open(words, encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) == 3 and wanted.search(parts[0]):
                    tags[parts[0]] = parts[2]
        return tags

    kind = "tags-" + hashlib.sha1(holding.encode()).hexdigest()[:8]
    return _kept(_jieba(), kind, build, lambda kept: isinstance(kept, dict))


_POS_BLOCK = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&._]+)")
_ASCII_CHAR = re.compile(r"[a-zA-Z0-9]")


def zh_words_tagged(text: str, holding: str) -> list[tuple[int, int, str, str]]:
    """jieba words of a Chinese string, cut from its dictionary alone (no HMM), with their offsets
    and, for the words that hold one of the characters ``holding``, their part-of-speech tags:
    the words and tags of ``jieba.posseg.lcut(text, HMM=False)``, without the second its tables
    take to load. Other words, runs of letters and digits, and words outside the word list are
    tagged ``x``; spaces and punctuation are left out.
    """
    dt = _jieba().dt
    tags = _word_tags(holding)
    out: list[tuple[int, int, str, str]] = []
    pos = 0
    for block in _POS_BLOCK.split(text):
        if not block:
            continue
        if not _POS_BLOCK.fullmatch(block):
            pos += len(block)  # spaces and punctuation: one character each, none a word to tag
            continue
        route: dict[int, tuple[float, int]] = {}
        dt.calc(block, dt.get_DAG(block), route)
        x, run = 0, ""
        while x < len(block):
            y = route[x][1] + 1
            word = block[x:y]
            if len(word) == 1 and _ASCII_CHAR.match(word):
                run += word
            else:
                if run:
                    out.append((pos + x - len(run), pos + x, run, "x"))
                    run = ""
                out.append((pos + x, pos + y, word, tags.get(word, "x")))
            x = y
        if run:
            out.append((pos + x - len(run), pos + x, run, "x"))
        pos += len(block)
    return out


def zh_tokens(s: str, offset: int = 0) -> list[tuple[str, int, int]]:
    """jieba words of a Chinese string with their spans (``offset`` added to each)."""
    return [(w, offset + a, offset + b) for w, a, b in _jieba().tokenize(s)]


def zh_words(s: str) -> list[str]:
    """jieba words of a Chinese string (dictionary loaded once per process)."""
    return _jieba().lcut(s, HMM=True)


_EN_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,]\d+)*")


def en_words(s: str) -> list[str]:
    """Word tokens of an English string (letters with inner apostrophes, numbers)."""
    return _EN_WORD.findall(s)
