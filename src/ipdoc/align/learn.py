"""Learning from the pair itself: word associations read off a first alignment.

After a first pass, every Chinese word and English stem that keep appearing in
the same beads (Dice coefficient over beads, seen together at least twice) are
taken as translations of each other for a second pass, as hunalign's second
pass and Champollion do. This finds what the dictionary lacks: names in other
romanisations, nicknames, the document's own terms.
"""

from __future__ import annotations

from collections import Counter

from ..model import Bead
from .features import Features, Side

MIN_COUNT = 2
MIN_DICE = 0.5


def associations(feats: Features, beads: list[Bead], min_count: int = MIN_COUNT,
                 min_dice: float = MIN_DICE) -> dict[str, set[str]]:
    """Chinese token -> English token identities that co-occur in beads beyond chance."""
    cz: Counter[str] = Counter()
    ce: Counter[str] = Counter()
    paired = []
    for b in beads:
        if not b.zh or not b.en:
            continue
        zs = {t for i in b.zh for t in feats.zh.tokens[i]}
        es = {t for j in b.en for t in feats.en.tokens[j]}
        cz.update(zs)
        ce.update(es)
        paired.append((zs, es))
    # only words seen often enough can pass; Dice >= min_dice also needs similar counts
    both: Counter[tuple[str, str]] = Counter()
    ratio = 2 / min_dice - 1
    for zset, eset in paired:
        zfreq = [z for z in zset if cz[z] >= min_count]
        efreq = [e for e in eset if ce[e] >= min_count]
        for z in zfreq:
            nz = cz[z]
            for e in efreq:
                ne = ce[e]
                if ne <= ratio * nz and nz <= ratio * ne:
                    both[(z, e)] += 1
    out: dict[str, set[str]] = {}
    for (z, e), c in both.items():
        if c >= min_count and 2 * c / (cz[z] + ce[e]) >= min_dice:
            out.setdefault(z, set()).add(e)
    return out


def with_associations(feats: Features, learned: dict[str, set[str]]) -> Features:
    """The same features with learned English keys added to Chinese tokens."""
    if not learned:
        return feats
    vocab = dict(feats.vocab)
    # the key an English token matches on is its identity: a stem, "#n" or a pronoun class
    en_key: dict[str, int] = {}
    for toks, keys in zip(feats.en.tokens, feats.en.keys):
        for t, ks in zip(toks, keys):
            if ks:
                en_key.setdefault(t, ks[0])
    units = []
    for toks, keys in zip(feats.zh.tokens, feats.zh.keys):
        unit = []
        for t, ks in zip(toks, keys):
            extra = learned.get(t)
            if extra:
                ks = tuple(dict.fromkeys(ks + tuple(en_key[e] for e in sorted(extra) if e in en_key)))
            unit.append(ks)
        units.append(tuple(unit))
    zh = Side(feats.zh.lang, feats.zh.tokens, feats.zh.surface, tuple(units), feats.zh.weights, feats.zh.lengths,
              feats.zh.labels, feats.zh.cues)
    return Features(zh, feats.en, vocab)
