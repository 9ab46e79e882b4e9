"""The unit of work: one review of a translation, as a project file holds it.

A :class:`Review` is what the stages produced for one document or pair — the
check result (the texts, the aligned pair and the findings), the corrected
edition with its change list — and everything an editor did to it: findings
marked reviewed, decisions on fixes, pins, confirmed beads, translations
supplied for omissions, English units rewritten, and the history of those
changes (who, when, the value before and after), from which the last change
can be undone. Every export and the project file are made from it.

The editing functions here are pure: each returns a new Review with one
:class:`Step` appended. A step changes one *slot* — the beads between two
positions, the decision on a finding, a reviewed mark, the edit of an English
unit, the pins — and records its value before and after as JSON text, so an
undo sets the value back.
"""

from __future__ import annotations

import bisect
import getpass
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from .checks.result import Checked
from .errors import InputError
from .fix import Decision, EditorChange, apply_fixes
from .model import AlignedPair, Applicability, Bead, Document, Edition, Finding, Lang, Level, Unit

#: What a step changes; ``undo`` steps name the step they undid.
SLOTS = ("beads", "decision", "reviewed", "edit", "pins", "undo")
#: The reason of a bead an editor made.
EDITED = "editor"
#: The message of the change that inserts a translation supplied for an omission.
SUPPLIED = "translation supplied for an omission"

BeadKey = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True, slots=True)
class Step:
    """One change to a review: who, when, what, and the slot's value before and after (JSON text)."""

    n: int
    who: str
    when: str
    action: str  # merge, split, move, unlink, confirm, unconfirm, supply, realign, pins, decide, review, edit, undo
    slot: str
    key: str
    before: str = "null"
    after: str = "null"


@dataclass(frozen=True, slots=True)
class Review:
    """The state of one review: checked texts, edition, an editor's work on them, and its history."""

    checked: Checked
    edition: Edition
    reviewed: frozenset[str] = field(default_factory=frozenset)
    name: str = ""
    decisions: Mapping[str, Decision] = field(default_factory=dict)
    pins: tuple[tuple[int, int], ...] = ()
    confirmed: frozenset[BeadKey] = field(default_factory=frozenset)
    supplied: Mapping[tuple[int, ...], str] = field(default_factory=dict)  # zh units of an omission -> English
    edited: Mapping[int, str] = field(default_factory=dict)  # English unit (at the level) -> its new text
    history: tuple[Step, ...] = ()
    unsafe: bool = False  # the edition takes suggested fixes without a decision
    revision: int = 0  # how many times the project file was saved by an editor
    _cache: dict[str, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    @property
    def en(self) -> Document:
        return self.checked.en

    @property
    def zh(self) -> Document | None:
        return self.checked.zh

    @property
    def pair(self) -> AlignedPair | None:
        return self.checked.pair

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.checked.findings

    @property
    def signature(self) -> str:
        return self.checked.signature

    @property
    def level(self) -> str:
        return self.pair.level if self.pair is not None else Level.SENTENCE

    def units(self, side: str) -> tuple[Unit, ...]:
        """The units of one side at the review's level (the English sentences without a pair)."""
        if self.pair is not None:
            return self.pair.units(side)
        return tuple(self.en.level(Level.SENTENCE)) if side == Lang.EN else ()

    # -- queries

    def is_confirmed(self, bead: Bead) -> bool:
        return (bead.zh, bead.en) in self.confirmed

    def decided(self, f: Finding) -> str | None:
        """What was decided on a finding: accept, reject, replace, ``translated`` (a Chinese
        passage whose omission the editor gave its English), reviewed, or None."""
        d = self.decisions.get(f.fingerprint)
        if d is not None:
            return d.action
        if f.side == Lang.ZH and self.supplied and self.pair is not None:
            b = self.pair.locate(Lang.ZH, f.start)
            if b is not None and not b.en and b.zh in self.supplied:
                return "translated"
        return "reviewed" if f.fingerprint in self.reviewed else None

    def english(self, bead: Bead) -> str:
        """A bead's English as corrected (fixes, the editor's edits), or the translation
        supplied for an omission; one line, whitespace collapsed."""
        if self.pair is None:
            return ""
        if not bead.en:
            return " ".join(self.supplied.get(bead.zh, "").split())
        out = self.edition.text.content
        to_edition = self._cache.get("to_edition")
        if to_edition is None:
            to_edition = self._cache["to_edition"] = edition_mapper(self.edition)
        texts = [out[to_edition(u.start):to_edition(u.end, True)] for u in self.pair.bead_units(bead, Lang.EN)]
        return " ".join(" ".join(t.split()) for t in texts)

    def last_step(self, slot: str, key: str) -> Step | None:
        """The latest step (not undone) that changed a slot's key."""
        undone = self.undone()
        return next((s for s in reversed(self.history) if s.slot == slot and s.key == key and s.n not in undone), None)

    def undone(self) -> set[int]:
        return {int(s.key) for s in self.history if s.slot == "undo"}


def edition_mapper(edition: Edition):
    """``to_edition`` for many offsets (by bisection): a source offset to the edition; one inside
    a change maps to the change's start, or to its end when ``end`` (the end of a span)."""
    changes = edition.changes
    ends = [c.src_end for c in changes]
    shift = [0]
    for c in changes:
        shift.append(shift[-1] + (c.out_end - c.out_start) - (c.src_end - c.src_start))

    def to_edition(offset: int, end: bool = False) -> int:
        k = bisect.bisect_right(ends, offset)  # changes wholly before (or ending at) the offset
        if k < len(changes) and changes[k].src_start <= offset < changes[k].src_end:
            return changes[k].out_end if end and changes[k].src_start < offset else changes[k].out_start
        return offset + shift[k]

    return to_edition


def default_user() -> str:
    """Who makes a change: ``IPDOC_USER``, else the login name."""
    name = os.environ.get("IPDOC_USER", "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "editor"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# --------------------------------------------------------------------------- the edition


def editor_changes(review: Review) -> list[EditorChange]:
    """The editor's own changes to the English: rewritten units and translations supplied for
    omissions (inserted before the next English unit, or after the last one)."""
    out: list[EditorChange] = []
    units = review.units(Lang.EN)
    content = review.en.text.content
    shown = english_regions(review) if review.edited else []
    for i, text in sorted(review.edited.items()):
        start, end = shown[i]
        out.append(EditorChange(start, end, text, "English edited by the editor", (f"before: {content[start:end]}",)))
    pair = review.pair
    if pair is None or not review.supplied:
        return out
    inserts: dict[int, list[tuple[str, str]]] = {}
    for k, bead in enumerate(pair.beads):
        given = review.supplied.get(bead.zh) if not bead.en else None
        if not given:
            continue
        after = next((b for b in pair.beads[k + 1:] if b.en), None)
        before = next((b for b in reversed(pair.beads[:k]) if b.en), None)
        if after is not None:
            at, piece = units[after.en[0]].start, given + " "
        elif before is not None:
            at, piece = units[before.en[-1]].end, " " + given
        else:
            at, piece = len(content), given
        inserts.setdefault(at, []).append((piece, pair.text(bead, Lang.ZH)))
    for at, pieces in sorted(inserts.items()):
        out.append(EditorChange(at, at, "".join(p for p, _ in pieces), SUPPLIED,
                                tuple(f"Chinese: {zh}" for _, zh in pieces)))
    return out


def english_regions(review: Review) -> list[tuple[int, int]]:
    """Each English unit as an editor sees and rewrites it: with the text up to the next unit
    (a stray bracket between sentences), trailing whitespace left out."""
    from .export import regions

    return regions(review.en, review.units(Lang.EN))


def rebuilt(review: Review) -> Review:
    """The review with its edition made again from its findings, decisions and edits."""
    edition = apply_fixes(review.en.text, review.findings, review.unsafe, review.decisions, editor_changes(review))
    return replace(review, edition=edition)


def infer_unsafe(findings: Sequence[Finding], edition: Edition) -> bool:
    """Whether an edition took suggested fixes no decision asked for (``--unsafe``)."""
    applied = {(c.src_start, c.src_end, c.after) for c in edition.changes}
    return any(f.fix is not None and f.fix.applicability == Applicability.SUGGESTED
               and (f.fix.start, f.fix.end, f.fix.replacement) in applied for f in findings)


# --------------------------------------------------------------------------- slots and steps


def bead_value(review: Review, bead: Bead) -> dict[str, Any]:
    """A bead as a step records it: units, score, reason, confirmed, supplied translation."""
    out: dict[str, Any] = {"zh": list(bead.zh), "en": list(bead.en), "score": bead.score, "reason": bead.reason}
    if review.is_confirmed(bead):
        out["confirmed"] = True
    if not bead.en and bead.zh in review.supplied:
        out["supplied"] = review.supplied[bead.zh]
    return out


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _bead_from(v: dict[str, Any]) -> Bead:
    return Bead(tuple(v["zh"]), tuple(v["en"]), float(v["score"]), str(v["reason"]))


def _pair(review: Review) -> AlignedPair:
    if review.pair is None:
        raise InputError("this review has no alignment (no Chinese text)")
    return review.pair


def _splice(review: Review, k: int, old: list[dict[str, Any]], new: list[dict[str, Any]]) -> Review:
    pair = _pair(review)
    beads = list(pair.beads)
    if [bead_value(review, b) for b in beads[k:k + len(old)]] != old:
        raise InputError(f"the beads at {k} are not as the history says")
    old_beads = beads[k:k + len(old)]
    new_beads = [_bead_from(v) for v in new]
    beads[k:k + len(old)] = new_beads
    confirmed = set(review.confirmed) - {(b.zh, b.en) for b in old_beads}
    confirmed |= {(b.zh, b.en) for b, v in zip(new_beads, new) if v.get("confirmed")}
    supplied = {z: t for z, t in review.supplied.items() if z not in {b.zh for b in old_beads if not b.en}}
    supplied |= {b.zh: v["supplied"] for b, v in zip(new_beads, new) if v.get("supplied")}
    checked = replace(review.checked, pair=pair.with_beads(beads))
    return replace(review, checked=checked, confirmed=frozenset(confirmed), supplied=supplied)


def _set(review: Review, slot: str, key: str, old: Any, new: Any) -> Review:
    """The review with one slot's key changed from ``old`` to ``new`` (values as decoded JSON)."""
    if slot == "beads":
        return _splice(review, int(key), old, new)
    if slot == "decision":
        decisions = {fp: d for fp, d in review.decisions.items() if fp != key}
        if new is not None:
            decisions[key] = Decision(new["action"], new.get("text", ""))
        return replace(review, decisions=decisions)
    if slot == "reviewed":
        return replace(review, reviewed=review.reviewed | {key} if new else review.reviewed - {key})
    if slot == "edit":
        edited = {i: t for i, t in review.edited.items() if i != int(key)}
        if new is not None:
            edited[int(key)] = new
        return replace(review, edited=edited)
    if slot == "pins":
        return replace(review, pins=tuple((int(p), int(q)) for p, q in new))
    raise InputError(f"unknown kind of change {slot!r}")


def record(review: Review, action: str, slot: str, key: str, before: Any, after: Any, who: str = "",
           when: str = "") -> Review:
    """Make one change and append it to the history; the edition is made again. A change that
    changes nothing is not made (nor recorded)."""
    if before == after:
        return review
    changed = _set(review, slot, key, before, after)
    n = review.history[-1].n + 1 if review.history else 1
    step = Step(n, who or default_user(), when or now(), action, slot, key, _dumps(before), _dumps(after))
    return rebuilt(replace(changed, history=(*review.history, step)))


def undo(review: Review, who: str = "", when: str = "") -> Review:
    """Undo the latest change not yet undone (an undo is recorded too, naming the step)."""
    undone = review.undone()
    step = next((s for s in reversed(review.history) if s.slot != "undo" and s.n not in undone), None)
    if step is None:
        raise InputError("nothing to undo")
    changed = _set(review, step.slot, step.key, json.loads(step.after), json.loads(step.before))
    n = review.history[-1].n + 1
    mark = Step(n, who or default_user(), when or now(), f"undo {step.action}", "undo", str(step.n))
    return rebuilt(replace(changed, history=(*review.history, mark)))


# --------------------------------------------------------------------------- decisions


def decide(review: Review, fingerprint: str, action: str | None, text: str = "", who: str = "",
           when: str = "") -> Review:
    """Accept, reject or replace a finding's fix (``None``: take the decision back)."""
    finding = next((f for f in review.findings if f.fingerprint == fingerprint), None)
    if finding is None:
        raise InputError(f"no finding has fingerprint {fingerprint}")
    if action is not None:
        from .fix import check_decisions

        check_decisions({fingerprint: Decision(action, text)}, [finding], review.name or "review", supply="")
    old = review.decisions.get(fingerprint)
    before = {"action": old.action, "text": old.text} if old is not None else None
    after = {"action": action, "text": text if action == "replace" else ""} if action is not None else None
    return record(review, action or "undecide", "decision", fingerprint, before, after, who, when)


def mark_reviewed(review: Review, fingerprint: str, on: bool = True, who: str = "", when: str = "") -> Review:
    """Mark a finding reviewed (or not)."""
    if not any(f.fingerprint == fingerprint for f in review.findings):
        raise InputError(f"no finding has fingerprint {fingerprint}")
    before = True if fingerprint in review.reviewed else None
    return record(review, "review" if on else "unreview", "reviewed", fingerprint, before, True if on else None,
                  who, when)


def edit_english(review: Review, index: int, text: str, who: str = "", when: str = "") -> Review:
    """Rewrite English unit ``index`` (at the review's level, with the text up to the next unit:
    :func:`english_regions`); the source text is not touched."""
    units = review.units(Lang.EN)
    if not 0 <= index < len(units):
        raise InputError(f"no English unit {index} (there are {len(units)})")
    if "\x00" in text:
        raise InputError("the new text holds a NUL character")
    start, end = english_regions(review)[index]
    after = None if text == review.en.text.content[start:end] else text
    return record(review, "edit", "edit", str(index), review.edited.get(index), after, who, when)


def set_pins(review: Review, pins: Sequence[tuple[int, int]], who: str = "", when: str = "") -> Review:
    """Replace the pins (unit pairs that must share a bead when the pair is aligned again)."""
    from .align import check_pins

    pair = _pair(review)
    chosen = check_pins(list(pins), len(pair.zh_units), len(pair.en_units))
    return record(review, "pins", "pins", "", [list(p) for p in review.pins], [list(p) for p in chosen], who, when)


# --------------------------------------------------------------------------- beads


def _bead_index(review: Review, k: int, what: str = "bead") -> Bead:
    beads = _pair(review).beads
    if not 0 <= k < len(beads):
        raise InputError(f"no {what} {k} (there are {len(beads)} beads)")
    return beads[k]


def _edited(zh: Sequence[int], en: Sequence[int], why: str) -> dict[str, Any]:
    """A bead an editor made: confirmed, with full confidence."""
    return {"zh": list(zh), "en": list(en), "score": 1.0, "reason": f"{EDITED}: {why}", "confirmed": True}


def _replace_beads(review: Review, action: str, k: int, count: int, new: list[dict[str, Any]], who: str,
                   when: str) -> Review:
    beads = _pair(review).beads
    old = [bead_value(review, b) for b in beads[k:k + count]]
    return record(review, action, "beads", str(k), old, [v for v in new if v["zh"] or v["en"]], who, when)


def merge(review: Review, k: int, who: str = "", when: str = "") -> Review:
    """Merge bead ``k`` with the next one."""
    a, b = _bead_index(review, k), _bead_index(review, k + 1, "next bead")
    return _replace_beads(review, "merge", k, 2, [_edited(a.zh + b.zh, a.en + b.en, "merged")], who, when)


def split(review: Review, k: int, zh_at: int, en_at: int, who: str = "", when: str = "") -> Review:
    """Split bead ``k`` in two: its first ``zh_at`` Chinese and ``en_at`` English units, and the rest."""
    b = _bead_index(review, k)
    if not (0 <= zh_at <= len(b.zh) and 0 <= en_at <= len(b.en)):
        raise InputError(f"bead {k} has {len(b.zh)} Chinese and {len(b.en)} English units: cannot split at "
                         f"{zh_at}/{en_at}")
    first = _edited(b.zh[:zh_at], b.en[:en_at], "split")
    second = _edited(b.zh[zh_at:], b.en[en_at:], "split")
    if not (first["zh"] or first["en"]) or not (second["zh"] or second["en"]):
        raise InputError("a split must leave units on both sides of the cut")
    return _replace_beads(review, "split", k, 1, [first, second], who, when)


def move(review: Review, k: int, side: str, down: bool, who: str = "", when: str = "") -> Review:
    """Move one unit of ``side`` across the boundary between bead ``k`` and the next: the last
    unit of bead ``k`` down into the next bead, or (``down`` false) the next bead's first up."""
    a, b = _bead_index(review, k), _bead_index(review, k + 1, "next bead")
    if side not in (Lang.ZH, Lang.EN):
        raise InputError(f"side must be zh or en, not {side!r}")
    sa, sb = list(a.side(side)), list(b.side(side))
    if down:
        if not sa:
            raise InputError(f"bead {k} has no {side} unit to move down")
        sa, sb = sa[:-1], sa[-1:] + sb
    else:
        if not sb:
            raise InputError(f"bead {k + 1} has no {side} unit to move up")
        sa, sb = sa + sb[:1], sb[1:]
    if side == Lang.ZH:
        new = [_edited(sa, a.en, "moved"), _edited(sb, b.en, "moved")]
    else:
        new = [_edited(a.zh, sa, "moved"), _edited(b.zh, sb, "moved")]
    return _replace_beads(review, "move", k, 2, new, who, when)


def unlink(review: Review, k: int, who: str = "", when: str = "") -> Review:
    """Mark bead ``k`` as an omission and an addition: its sides do not translate each other."""
    b = _bead_index(review, k)
    if not b.paired:
        raise InputError(f"bead {k} is already an {b.label}")
    new = [_edited(b.zh, (), "omission"), _edited((), b.en, "addition")]
    return _replace_beads(review, "unlink", k, 1, new, who, when)


def confirm(review: Review, k: int, on: bool = True, who: str = "", when: str = "") -> Review:
    """Confirm bead ``k`` (kept as it is when the rest is aligned again), or take that back."""
    b = _bead_index(review, k)
    value = bead_value(review, b)
    value.pop("confirmed", None)
    if on:
        value["confirmed"] = True
    return _replace_beads(review, "confirm" if on else "unconfirm", k, 1, [value], who, when)


def supply(review: Review, k: int, text: str, who: str = "", when: str = "") -> Review:
    """Give omission ``k`` its English (an empty text takes the translation back)."""
    b = _bead_index(review, k)
    if b.en:
        raise InputError(f"bead {k} is not an omission: it has English")
    value = bead_value(review, b)
    value.pop("supplied", None)
    if text.strip():
        value["supplied"] = text.strip()
    return _replace_beads(review, "supply", k, 1, [value], who, when)


def set_beads(review: Review, beads: Sequence[Bead], action: str = "realign", who: str = "",
              when: str = "") -> Review:
    """Replace the alignment (as a re-alignment does); only the beads that differ are recorded."""
    old = _pair(review).beads
    new = tuple(beads)
    lo = 0
    while lo < min(len(old), len(new)) and old[lo] == new[lo]:
        lo += 1
    hi = 0
    while hi < min(len(old), len(new)) - lo and old[len(old) - 1 - hi] == new[len(new) - 1 - hi]:
        hi += 1
    values = []
    for b in new[lo:len(new) - hi]:
        v = bead_value(review, b)  # a bead kept exactly keeps its confirmation and translation
        values.append(v)
    return _replace_beads(review, action, lo, len(old) - hi - lo, values, who, when)
