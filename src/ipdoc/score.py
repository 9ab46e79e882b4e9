"""sacrebleu scores of one version against another (or against several references),
after aligning them unit by unit so that unsegmented documents can be compared."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .diff import Diff, diff_documents
from .model import Document


@dataclass(frozen=True, slots=True)
class Score:
    name: str  # BLEU, chrF, TER
    score: float
    signature: str
    detail: str = ""


def _metrics(lang: str):
    from sacrebleu.metrics import BLEU, CHRF, TER

    bleu = BLEU(tokenize="zh" if lang == "zh" else "13a", effective_order=True)
    chrf = CHRF()
    ter = TER(asian_support=lang == "zh")
    return bleu, chrf, ter


def corpus_scores(hyps: list[str], refs: list[list[str]], lang: str) -> list[Score]:
    """Corpus BLEU, chrF and TER of ``hyps`` against one or more parallel reference lists."""
    bleu, chrf, ter = _metrics(lang)
    out = []
    for metric in (bleu, chrf, ter):
        res = metric.corpus_score(hyps, refs)
        out.append(Score(res.name, round(float(res.score), 2), str(metric.get_signature()), str(res)))
    return out


def unit_chrf(hyp: str, refs: list[str]) -> float:
    from sacrebleu.metrics import CHRF

    return round(float(CHRF().sentence_score(hyp, refs).score), 2)


def diff_pairs(d: Diff) -> tuple[list[str], list[str]]:
    """B and A texts of every operation of a diff (empty where one side has nothing)."""
    hyps, refs = [], []
    for op in d.ops:
        hyps.append(d.text_b(op))
        refs.append(d.text_a(op))
    return hyps, refs


def diff_scores(d: Diff) -> list[Score]:
    """B against A: the newer version as the hypothesis, the older as the reference."""
    hyps, refs = diff_pairs(d)
    return corpus_scores(hyps, [refs], d.a.text.lang)


@dataclass(frozen=True, slots=True)
class Segment:
    hyp_units: tuple[int, ...]
    hyp: str
    refs: tuple[str, ...]
    chrf: float = 0.0


def segments(hyp: Document, refs: list[Document], level: str = "sentence") -> tuple[list[Segment], list[Diff]]:
    """Hypothesis units grouped so that every reference gives one text per group.

    Each reference is aligned to the hypothesis with the version diff; hypothesis
    units that a reference splits or merges are grouped (over all references), and
    reference units with no counterpart join the group before them.
    """
    diffs = [diff_documents(r, hyp, level) for r in refs]
    n = len(diffs[0].b_units) if diffs else 0
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for d in diffs:
        for op in d.ops:
            for j in op.b[1:]:
                parent[find(j)] = find(op.b[0])
    # groups of consecutive units sharing a root (a merge across a gap takes the span)
    groups: list[list[int]] = []
    for j in range(n):
        if groups and find(groups[-1][0]) == find(j):
            groups[-1].append(j)
        else:
            groups.append([j])
    # a group must be contiguous: merge groups whose roots interleave
    merged: list[list[int]] = []
    for g in groups:
        if merged and any(find(x) == find(g[0]) for x in merged[-1]):
            merged[-1] += g
        else:
            merged.append(g)
    group_of = {j: k for k, g in enumerate(merged) for j in g}
    ref_texts: list[list[list[str]]] = [[[] for _ in merged] for _ in diffs]
    for r, d in enumerate(diffs):
        last = 0
        for op in d.ops:
            if op.b:
                last = group_of[op.b[0]]
            if op.a:
                ref_texts[r][last].append(d.text_a(op))
    hyp_content = hyp.text.content
    spans = diffs[0].b_units if diffs else []
    out = []
    for k, g in enumerate(merged):
        text = " ".join(" ".join(hyp_content[s:e].split()) for s, e in (spans[j] for j in g))
        rs = tuple(" ".join(ref_texts[r][k]) for r in range(len(diffs)))
        out.append(Segment(tuple(g), text, rs, unit_chrf(text, list(rs))))
    return out, diffs


@dataclass(frozen=True, slots=True)
class ScoreReport:
    """Scores of a hypothesis against its references, with every aligned unit; renders itself."""

    scores: tuple[Score, ...]
    segments: tuple[Segment, ...]
    hyp_file: str
    ref_files: tuple[str, ...]

    def to_text(self, units: bool = False, worst: int = 20) -> str:
        from .diffview import score_text

        return score_text(list(self.scores), list(self.segments), "unit" if units else "corpus", worst)

    def to_json(self) -> dict[str, Any]:
        from .diffview import score_json

        return score_json(list(self.scores), list(self.segments), self.hyp_file, list(self.ref_files))


def score_documents(hyp: Document, refs: list[Document], level: str = "sentence") -> ScoreReport:
    """BLEU, chrF and TER of ``hyp`` against ``refs``, each reference aligned to it unit by unit."""
    segs, _ = segments(hyp, refs, level)
    hyps = [s.hyp for s in segs]
    ref_lists = [[s.refs[r] for s in segs] for r in range(len(refs))]
    return ScoreReport(tuple(corpus_scores(hyps, ref_lists, hyp.text.lang)), tuple(segs), hyp.text.origin,
                       tuple(r.text.origin for r in refs))
