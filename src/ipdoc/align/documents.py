"""Aligning two segmented Documents: structure first, then units inside it.

Where both sides have numbered containers, sections (or parts, or items) are
aligned first as whole texts, allowing only one-to-one pairs and omissions; the
headings of each aligned pair are then pinned together, and the items inside
aligned sections are aligned the same way. The unit alignment runs with those
pins, so a section missing from the translation becomes one run of omissions
between two pins instead of a drift. Headings carry their recovered number as a
feature (section 3 matches （三） and a misprinted (3) read as item 3).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..model import AlignedPair, Bead, Document, Unit
from . import Params, align, align_units, semantic_for, signature
from .confidence import RELATED_SUPPORT
from .features import featurize

_CONTAINER_LEVELS = ("section", "part", "item")
# containers differ widely in size: pair them by the share of their words that match
_STRUCTURE_PARAMS = Params(types=((1, 1), (1, 0), (0, 1)), learn=False, band=200, support=0.6, lexical=0.05,
                           split_unsupported=False)


def labels(doc: Document, units: list[Unit]) -> list[str | None]:
    """For the first unit of each numbered heading, its container's kind and value."""
    out: list[str | None] = []
    for u in units:
        label = None
        for anc in doc.ancestors(u):
            if anc.kind == "heading":
                container = doc.get(anc.parent)
                if container is not None and container.number and container.start == u.start:
                    label = f"{container.kind}:{container.value}"
                break
        out.append(label)
    return out


def _unit_range(container: Unit, units: list[Unit], starts: list[int]) -> tuple[int, int] | None:
    """Indices ``[first, last + 1)`` of the units inside a container, or None."""
    import bisect

    lo = bisect.bisect_left(starts, container.start)
    hi = bisect.bisect_left(starts, container.end)
    return (lo, hi) if hi > lo else None


def _pair_containers(zh_doc: Document, en_doc: Document, zs: list[Unit], es: list[Unit]) -> list[tuple[Unit, Unit]]:
    if not zs or not es:
        return []
    beads = align_units([zh_doc.text_of(u) for u in zs], [en_doc.text_of(u) for u in es], _STRUCTURE_PARAMS,
                        zh_labels=[f"{u.kind}:{u.value}" for u in zs],
                        en_labels=[f"{u.kind}:{u.value}" for u in es])
    return [(zs[b.zh[0]], es[b.en[0]]) for b in beads if len(b.zh) == 1 and len(b.en) == 1 and b.score >= 0.5]


def aligned_containers(zh_doc: Document, en_doc: Document) -> list[tuple[Unit, Unit]]:
    """Container pairs: the preambles, then sections (or parts, or items), then items inside sections."""
    pairs: list[tuple[Unit, Unit]] = []
    zp, ep = zh_doc.of_kind("preamble"), en_doc.of_kind("preamble")
    if len(zp) == 1 and len(ep) == 1:
        pairs.append((zp[0], ep[0]))
    level = next((k for k in _CONTAINER_LEVELS if zh_doc.of_kind(k) and en_doc.of_kind(k)), None)
    if level is None:
        return pairs
    top = _pair_containers(zh_doc, en_doc, zh_doc.of_kind(level), en_doc.of_kind(level))
    pairs += top
    if level != "item":
        for zc, ec in top:
            pairs += _pair_containers(
                zh_doc, en_doc,
                [u for u in zh_doc.children(zc.id) if u.kind == "item"],
                [u for u in en_doc.children(ec.id) if u.kind == "item"],
            )
    return pairs


def structure_constraints(zh_doc: Document, en_doc: Document, zh_units: list[Unit],
                          en_units: list[Unit]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Pins (first units of aligned containers) and gates (their start and end cells)."""
    zstarts = [u.start for u in zh_units]
    estarts = [u.start for u in en_units]
    pins, gates = [], []
    for zc, ec in aligned_containers(zh_doc, en_doc):
        zr, er = _unit_range(zc, zh_units, zstarts), _unit_range(ec, en_units, estarts)
        if zr is None or er is None:
            continue
        gates += [(zr[0], er[0]), (zr[1], er[1])]
        if zc.kind != "preamble":
            pins.append((zr[0], er[0]))
    return _monotone(pins, strict=True), _monotone(gates, strict=False)


def _monotone(cells: list[tuple[int, int]], strict: bool) -> list[tuple[int, int]]:
    """Drop cells that would cross an earlier one."""
    kept: list[tuple[int, int]] = []
    for c in sorted(set(cells)):
        if not kept:
            kept.append(c)
            continue
        di, dj = c[0] - kept[-1][0], c[1] - kept[-1][1]
        if (di > 0 and dj > 0) if strict else (di >= 0 and dj >= 0):
            kept.append(c)
    return kept


def warnings_for(beads: Sequence[Bead], nz: int, ne: int, support: float | None = None) -> list[str]:
    """What a user should know about an alignment: unrelated texts, large omissions."""
    out = []
    if support is not None and support < RELATED_SUPPORT:
        out.append(f"the texts look unrelated: the aligned units share {support:.0%} of their words' weight "
                   f"(a text and its translation share {RELATED_SUPPORT:.0%} or more)")
    omitted = sum(len(b.zh) for b in beads if not b.en)
    added = sum(len(b.en) for b in beads if not b.zh)
    if nz and omitted / nz > 0.2:
        out.append(f"{omitted} of {nz} Chinese units have no English counterpart")
    if ne and added / ne > 0.2:
        out.append(f"{added} of {ne} English units have no Chinese counterpart")
    return out


def unrelated(beads: Sequence[Bead]) -> list[Bead]:
    """The beads of texts found unrelated: a bead's confidence scaled by its own lexical support."""
    out = []
    for b in beads:
        if not b.paired or b.coverage is None:
            out.append(b)
            continue
        score = round(b.score * min(1.0, b.coverage / RELATED_SUPPORT), 4)
        out.append(replace(b, score=score, reason="unrelated texts; " + b.reason))
    return out


def align_documents(zh_doc: Document, en_doc: Document, level: str = "sentence", params: Params | None = None,
                    pins: Sequence[tuple[int, int]] = (), use_structure: bool = True,
                    semantic: str = "off") -> AlignedPair:
    """Align two Documents at ``level`` (sentence or clause); bead indices are unit positions.

    ``semantic``: ``off``, ``on`` (sentence vectors everywhere) or ``auto`` (for the
    stretches the lexical alignment is unsure of, when the encoder is installed).
    """
    params = params or Params()
    zh_units, en_units = zh_doc.level(level), en_doc.level(level)
    auto, gates = structure_constraints(zh_doc, en_doc, zh_units, en_units) if use_structure else ([], [])
    zh_texts, en_texts = [zh_doc.text_of(u) for u in zh_units], [en_doc.text_of(u) for u in en_units]
    feats = featurize(zh_texts, en_texts, labels(zh_doc, zh_units), labels(en_doc, en_units))
    result = align(feats, params, list(pins), auto, gates, semantic_for(zh_texts, en_texts, semantic))
    beads = result.beads if result.related else unrelated(result.beads)
    return AlignedPair(zh_doc, en_doc, level, tuple(beads), signature(params, level, semantic, result.semantic),
                       tuple(warnings_for(beads, len(zh_units), len(en_units), result.support)),
                       tuple(zh_units), tuple(en_units), result.related, result.support)
