"""Lexical features of units: tokens, the keys they can match on, their weights.

A Chinese token's keys are the English stems of its dictionary glosses, the
numbers it writes and, for names, its pinyin; an English token's keys are its
stem, its number and, when capitalised, its lower-cased form. A Chinese token
and an English token match when they share a key. Weights are inverse document
frequencies over the units of each side, so rare words count more. Apart from
the tokens, each unit carries its punctuation cues (a question, a quotation...),
matched kind for kind by the alignment score.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..lexicon import NUMBER_WORDS, STOP_EN, glosses, in_dictionary, numbers_in, pinyin, stem
from ..normalize import view
from ..segment import zh_words

#: the idf of a word found once in ~200 units: weights are scaled to this range
IDF_SCALE = math.log(202)
#: tokens per unit that can be matched (the heaviest are kept); the rest only weigh
MAX_TOKENS = 64

# one character each
STOP_ZH = frozenset("的了着是在和就都而及与也把被让给对从向于之以其" "这那个吗呢吧啊呀么得地又还很便却并或等")
# pronouns carry no dictionary gloss (their English are stop words) but do match
_ZH_PRONOUN = {"我": "1s", "你": "2", "您": "2", "他": "3m", "她": "3f", "我们": "1p", "咱们": "1p", "你们": "2",
               "他们": "3p", "她们": "3p", "它们": "3p"}
_EN_PRONOUN = {"i": "1s", "me": "1s", "my": "1s", "mine": "1s", "myself": "1s", "you": "2", "your": "2",
               "yours": "2", "yourself": "2", "he": "3m", "him": "3m", "his": "3m", "himself": "3m",
               "she": "3f", "her": "3f", "hers": "3f", "herself": "3f", "we": "1p", "us": "1p", "our": "1p",
               "ours": "1p", "they": "3p", "them": "3p", "their": "3p", "theirs": "3p"}
_PUNCT = re.compile(r"^[\W_]+$")
_EN_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,]\d+)*")
_ASCII_WORD = re.compile(r"^[A-Za-z][A-Za-z0-9.+\-]*$")


@dataclass(frozen=True, slots=True)
class Side:
    """Tokens of every unit of one side: keys per token, weights, lengths."""

    lang: str
    tokens: tuple[tuple[str, ...], ...]  # token identities per unit (a Chinese word, an English stem)
    surface: tuple[tuple[str, ...], ...]  # the tokens as written
    keys: tuple[tuple[tuple[int, ...], ...], ...]  # key ids per token per unit
    weights: tuple[np.ndarray, ...]  # weight per token per unit (float32)
    lengths: np.ndarray  # characters per unit (non-space)
    labels: tuple[str | None, ...]  # structural marker value per unit ("section:3"), if any
    cues: np.ndarray  # uint8 per unit: the punctuation cues it holds (bit k: CUES[k])


@dataclass(frozen=True, slots=True)
class Features:
    zh: Side
    en: Side
    vocab: dict[str, int]


_HAS_NUMBER = re.compile(r"[\d〇零○一二两三四五六七八九十百千万亿]")


@lru_cache(maxsize=300_000)
def _zh_token_keys(word: str) -> tuple[str, ...]:
    keys = [f"s{g}" for g in glosses(word)]
    if _HAS_NUMBER.search(word):
        keys += [f"#{v:g}" for v in numbers_in(word, "zh")]
    if _ASCII_WORD.match(word):
        keys.append(f"s{stem(word)}")
        keys.append(f"@{word.lower()}")
    elif not in_dictionary(word) or len(word) >= 3:
        # names are usually unknown to the dictionary: match them by pinyin
        syl = pinyin(word)
        if 2 <= len(syl) <= 4:
            keys.append("@" + "".join(syl))
            keys.append("@" + syl[0])
            keys.append("@" + "".join(syl[1:]))
            if len(syl) >= 3:
                keys.append("@" + "".join(syl[:2]))
    return tuple(keys)


def _en_tokens(text: str) -> list[tuple[str, list[str], str]]:
    out: list[tuple[str, list[str], str]] = []
    words = _EN_TOKEN.findall(text)
    for k, w in enumerate(words):
        lw = w.lower().replace("’", "'")
        nums = numbers_in(w, "en") if (w[0].isdigit() or lw in NUMBER_WORDS) else []
        if lw in _EN_PRONOUN:
            out.append((lw, [f"~{_EN_PRONOUN[lw]}"], w))
            continue
        if lw in STOP_EN and not nums:
            continue
        keys = [f"s{stem(lw)}"] + [f"#{v:g}" for v in nums]
        if w[0].isupper():
            keys.append("@" + lw.replace("'", ""))
            if k + 1 < len(words) and words[k + 1][:1].isupper():
                keys.append("@" + (lw + words[k + 1].lower()).replace("'", ""))
        out.append((stem(lw) if not nums else f"#{nums[0]:g}", keys, w))
    # hyphenated numbers ("twenty-one") are read from the whole text
    for v in (numbers_in(text, "en") if "-" in text else ()):
        key = f"#{v:g}"
        if not any(key in keys for _, keys, _w in out):
            out.append((key, [key], f"{v:g}"))
    return out


def _zh_tokens(text: str) -> list[tuple[str, tuple[str, ...], str]]:
    out: list[tuple[str, tuple[str, ...], str]] = []
    for w in zh_words(text):
        w = w.strip()
        if w in _ZH_PRONOUN:
            out.append((w, (f"~{_ZH_PRONOUN[w]}",), w))
            continue
        if not w or _PUNCT.match(w) or w in STOP_ZH:
            continue
        out.append((w, _zh_token_keys(w), w))
    return out


#: punctuation cues, matched kind for kind: a Chinese question mostly translates as an English
#: question, a quoted line as a quoted line (bit k of ``Side.cues`` is ``CUES[k]``); "quote-end":
#: the unit ends a quotation, a cue of a bead's last unit only (where a speech ends, so does its bead)
CUES = ("question", "exclamation", "ellipsis", "quote-open", "quote-close", "dash", "quote-end")
#: the cues read off a bead's last unit only
LAST_CUES = 1 << 6
#: an English closing quote: after a word's last letter or punctuation, at the end or before a space
_EN_CLOSING = re.compile(r"[^\s][\"”](?=$|[\s,.;:!?)—])|[.,!?;:…—]\s?['’](?=$|[\s,.;:!?)—])")
#: per cue, the characters it needs and, where they are not enough, the pattern that decides
_CUE_RULES: dict[str, tuple[tuple[str, re.Pattern[str] | None], ...]] = {
    "zh": (("？?", None), ("！!", None), ("….", re.compile(r"…|\.\.\.")), ("“「『", None), ("”」』", None),
           ("—", None)),
    "en": (("?", None), ("!", None), ("….", re.compile(r"…|\.\.\.")),
           # an opening quote: a double one or a single one before a word, at the start or after a space
           ("\"“‘'", re.compile(r"(?:^|[\s(—])[\"“‘]|(?:^|[\s(—])'(?=[A-Za-z\"])")),
           ("\"”'’", _EN_CLOSING),
           ("—-", re.compile(r"—|--"))),
}
_CUE_CHARS = re.compile("[?？!！….“「『”」』—\"'‘’-]")
_ENDS_QUOTE = {"zh": "”」』’", "en": "\"'’"}


def cues(text: str, lang: str) -> int:
    """The punctuation cues a unit holds, as bits (see ``CUES``)."""
    bits = 0
    present = set(_CUE_CHARS.findall(text))
    if not present:
        return bits
    for k, (chars, pattern) in enumerate(_CUE_RULES[lang]):
        if not present.isdisjoint(chars) and (pattern is None or pattern.search(text)):
            bits |= 1 << k
    end = text.rstrip()[-3:]
    if end[-1:] and end[-1] in _ENDS_QUOTE[lang] and (lang == "zh" or _EN_CLOSING.search(end)):
        bits |= LAST_CUES
    return bits


_QUOTED = {"zh": re.compile(r"《[^》]{1,40}》|“[^”]{1,40}”|「[^」]{1,40}」"),
           "en": re.compile(r"“[^”]{1,80}”|\"[^\"]{1,80}\"|«[^»]{1,80}»")}


def _quoted(text: str, lang: str) -> list[tuple[str, list[str], str]]:
    """A quoted title (《…》, “…”) is a token of its own: both sides of a pair usually have it."""
    return [("⟨quoted⟩", ["⟨quoted⟩"], m.group()) for m in _QUOTED[lang].finditer(text)]


def _idf(units: list[list[tuple]]) -> dict[str, float]:
    """Inverse document frequency, scaled so that its range does not grow with the text:
    a word in one unit of a short chapter weighs what it weighs in a long book."""
    df: Counter[str] = Counter()
    for toks in units:
        df.update({tok[0] for tok in toks})
    n = len(units)
    scale = IDF_SCALE / math.log(n + 2)
    return {t: scale * math.log((n + 1) / (c + 0.5)) for t, c in df.items()}


def _side(lang: str, texts: list[str], raw: list[list[tuple]], vocab: dict[str, int],
          labels: list[str | None]) -> Side:
    idf = _idf(raw)
    tokens, surface, keys, weights = [], [], [], []

    def key_id(k: str) -> int:
        found = vocab.get(k)
        if found is None:
            found = vocab[k] = len(vocab)
        return found

    for toks in raw:
        ranked = sorted(toks, key=lambda t: -idf[t[0]])[:MAX_TOKENS]
        tokens.append(tuple([t[0] for t in ranked]))
        surface.append(tuple([t[2] for t in ranked]))
        keys.append(tuple([tuple([key_id(k) for k in t[1]]) for t in ranked]))
        weights.append(np.array([idf[t[0]] for t in ranked], dtype=np.float32))
    lengths = np.array([max(1, len("".join(t.split()))) for t in texts], dtype=np.float64)
    return Side(lang, tuple(tokens), tuple(surface), tuple(keys), tuple(weights), lengths, tuple(labels),
                np.array([cues(t, lang) for t in texts], dtype=np.uint8))


#: characters a normalised view may change (full-width ASCII, special spaces, CR)
_FOLDABLE = re.compile("[\r\uff01-\uff5e\u00a0\u2007\u202f\u3000\u2009\u200a]")


def _normal(text: str, fold: str) -> str:
    """The normalised view's text; the text itself when it holds nothing to fold."""
    return view(text, fold).text if _FOLDABLE.search(text) else text


def featurize(zh_texts: list[str], en_texts: list[str], zh_labels: list[str | None] | None = None,
              en_labels: list[str | None] | None = None) -> Features:
    """Features of two unit lists, with one key vocabulary shared by both sides."""
    vocab: dict[str, int] = {}
    # tokens are read from normalised views: ＩＳＯ is ISO, ２０１５ is 2015, a no-break space a space
    zh_views = [_normal(t, "alnum") for t in zh_texts]
    en_views = [_normal(t, "all") for t in en_texts]
    zh_raw = [_zh_tokens(t) + _quoted(t, "zh") for t in zh_views]
    en_raw = [_en_tokens(t) + _quoted(t, "en") for t in en_views]
    for raw, labels in ((zh_raw, zh_labels), (en_raw, en_labels)):
        for k, label in enumerate(labels or ()):
            if label:
                raw[k].append((f"§{label}", [f"§{label}"], label))
    zh = _side("zh", zh_texts, zh_raw, vocab, list(zh_labels or [None] * len(zh_texts)))
    en = _side("en", en_texts, en_raw, vocab, list(en_labels or [None] * len(en_texts)))
    return Features(zh, en, vocab)


def _side_slice(side: Side, lo: int, hi: int) -> Side:
    return Side(side.lang, side.tokens[lo:hi], side.surface[lo:hi], side.keys[lo:hi], side.weights[lo:hi],
                side.lengths[lo:hi], side.labels[lo:hi], side.cues[lo:hi])


def subset(feats: Features, zlo: int, zhi: int, elo: int, ehi: int) -> Features:
    """The features of a rectangle of units (weights stay those of the whole text)."""
    return Features(_side_slice(feats.zh, zlo, zhi), _side_slice(feats.en, elo, ehi), feats.vocab)
