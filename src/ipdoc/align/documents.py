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

from ..model import AlignedPair, Bead, Document, Unit
from . import Params, align_features, align_units, signature
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
        elif strict and c[0] > kept[-1][0] and c[1] > kept[-1][1]:
            kept.append(c)
        elif not strict and c[0] >= kept[-1][0] and c[1] >= kept[-1][1]:
            kept.append(c)
    return kept


def warnings_for(beads: list[Bead], nz: int, ne: int) -> list[str]:
    """What a user should know about an alignment: unrelated texts, large omissions."""
    out = []
    coverage = [b.coverage for b in beads if b.paired and b.coverage is not None]
    if len(coverage) >= 5 and sum(coverage) / len(coverage) < 0.08:
        out.append(f"the texts look unrelated: on average {sum(coverage) / len(coverage):.0%} of their words "
                   "find a translation on the other side")
    omitted = sum(len(b.zh) for b in beads if not b.en)
    added = sum(len(b.en) for b in beads if not b.zh)
    if nz and omitted / nz > 0.2:
        out.append(f"{omitted} of {nz} Chinese units have no English counterpart")
    if ne and added / ne > 0.2:
        out.append(f"{added} of {ne} English units have no Chinese counterpart")
    return out


def align_documents(zh_doc: Document, en_doc: Document, level: str = "sentence", params: Params | None = None,
                    pins: Sequence[tuple[int, int]] = (), use_structure: bool = True) -> AlignedPair:
    """Align two Documents at ``level`` (sentence or clause); bead indices are unit positions."""
    params = params or Params()
    zh_units, en_units = zh_doc.level(level), en_doc.level(level)
    user_pins = list(pins)
    auto, gates = structure_constraints(zh_doc, en_doc, zh_units, en_units) if use_structure else ([], [])
    feats = featurize([zh_doc.text_of(u) for u in zh_units], [en_doc.text_of(u) for u in en_units],
                      labels(zh_doc, zh_units), labels(en_doc, en_units))
    beads = align_features(feats, params, user_pins, auto, gates)
    return AlignedPair(zh_doc, en_doc, level, tuple(beads), signature(params, level),
                       tuple(warnings_for(beads, len(zh_units), len(en_units))), tuple(zh_units), tuple(en_units))
