"""What the review page shows, rendered to HTML: the alignment map, the rows side by
side, the findings grouped by rule and key. The live application (``ipdoc serve``)
and the self-contained report (``ipdoc report``) render the same views; the report
holds every page and no editing controls.

Rows are paged: a long document is cut at its top-level parts (or sections) and
every :data:`PAGE` beads, so a page renders fast whatever the document's size.
"""

from __future__ import annotations

import bisect
import contextlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from importlib import resources

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, select_autoescape
from markupsafe import Markup

from .. import __version__
from ..export import bead_findings, findings_by_unit, regions
from ..export.docx_review import CLAUSE_COLOURS, CONFIDENCE, NO_COUNTERPART, clause_marks
from ..model import Bead, Change, Finding, Lang, Severity
from ..review import SUPPLIED, Review

PAGE = 120  # beads on a page at most
EXPORTS = (("docx", "Review DOCX"), ("docx-clean", "Clean DOCX"), ("tmx", "TMX"), ("xliff", "XLIFF"))
_HIGH, _LOW = CONFIDENCE[0][0], CONFIDENCE[1][0]  # the review DOCX's confidence bands: sure, check, doubtful


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a unit's text: plain, under findings (``fps``), deleted or inserted by a change."""

    text: str
    fps: str = ""  # fingerprints of the findings on it, space-separated
    sev: str = ""  # the gravest of their severities
    kind: str = ""  # "", "del", "ins", "caret" (a finding of no width) or "clause" (a clause's marker)
    cl: str = ""  # the number of the clause it lies in, within its row (the marker's own, for a marker)


@dataclass(frozen=True, slots=True)
class UnitView:
    index: int
    pieces: tuple[Piece, ...]
    heading: bool
    edited: bool


@dataclass(frozen=True, slots=True)
class FindingView:
    finding: Finding
    bead: int  # the row it is shown in (-1: none)
    state: str | None  # accept, reject, replace, reviewed or None (undecided)
    key: str  # what it is grouped under inside its rule (the key of its group, ``Checked.groups``)
    band: str  # the confidence band of its bead
    where: str  # line:col in its text
    family: str

    @property
    def fp(self) -> str:
        return self.finding.fingerprint

    @property
    def quoted(self) -> bool:
        """Whether the key is the flagged words (not the message)."""
        return self.key.lower() in " ".join(self.finding.message.split()).lower() and len(self.key) <= 60

    @property
    def search(self) -> str:
        f = self.finding
        return " ".join((f.code, f.name, f.message, self.key, *f.evidence)).lower()


@dataclass(frozen=True, slots=True)
class RowView:
    k: int
    label: str
    score: float | None
    band: str
    confirmed: bool
    zh: tuple[UnitView, ...]
    en: tuple[UnitView, ...]
    supplied: str | None
    findings: tuple[FindingView, ...]

    @property
    def heading(self) -> bool:
        return any(u.heading for u in (*self.zh, *self.en))


@dataclass(frozen=True, slots=True)
class Page:
    n: int
    first: int  # first row
    last: int  # last row (inclusive)
    title: str


@dataclass(frozen=True, slots=True)
class Mark:
    """One bead on the map: from its start cell to its end cell (fractions of each side)."""

    k: int
    x0: float
    y0: float
    x1: float
    y1: float
    band: str


def band(bead: Bead | None) -> str:
    """``ok``, ``check``, ``doubt`` by confidence; ``omission`` or ``addition``; ``text`` without a pair."""
    if bead is None:
        return "text"
    if not bead.en:
        return "omission"
    if not bead.zh:
        return "addition"
    return "ok" if bead.score >= _HIGH else "check" if bead.score >= _LOW else "doubt"


class View:
    """The review laid out for the page: rows (beads, or English sentences alone), pages, the
    findings with their rows, the map's marks. Built once per render."""

    def __init__(self, review: Review) -> None:
        self.review = review
        self.pair = review.pair
        if self.pair is not None:
            self.beads: tuple[Bead, ...] = self.pair.beads
        else:
            self.beads = tuple(Bead((), (i,), 1.0, "") for i in range(len(review.units(Lang.EN))))
        self.regions: dict[str, list[tuple[int, int]]] = {}
        for side in (Lang.ZH, Lang.EN):
            doc = review.en if side == Lang.EN else review.zh
            self.regions[side] = regions(doc, review.units(side)) if doc is not None else []
        # findings by the display region of each unit: the unit and the gap after it, so text
        # between units (a stray bracket) is shown and its findings have a row
        self.index: dict[str, dict[int, list[Finding]]] = {
            side: findings_by_unit(review, side, self.regions[side]) for side in (Lang.ZH, Lang.EN)}

    # -- findings

    @cached_property
    def row_of_unit(self) -> dict[str, list[int]]:
        out: dict[str, list[int]] = {Lang.ZH: [-1] * len(self.review.units(Lang.ZH)),
                                     Lang.EN: [-1] * len(self.review.units(Lang.EN))}
        for k, b in enumerate(self.beads):
            for side in (Lang.ZH, Lang.EN):
                for i in b.side(side):
                    out[side][i] = k
        return out

    @cached_property
    def findings(self) -> list[FindingView]:
        """Every finding with its row, state, key and band, in the order of the text."""
        from ..checks import FAMILIES

        rows: dict[str, int] = {}
        for side in (Lang.ZH, Lang.EN):
            for i, fs in sorted(self.index[side].items()):
                for f in fs:
                    rows.setdefault(f.fingerprint, self.row_of_unit[side][i])
        checked = self.review.checked
        key = {checked.findings[i].fingerprint: g.key for g in checked.groups for i in g.findings}
        out = []
        for f in self.review.findings:
            doc = checked.doc_for(f)
            k = rows.get(f.fingerprint, -1)
            line, col = doc.text.line_col(f.start)
            out.append(FindingView(f, k, self.review.decided(f), key.get(f.fingerprint, f.message[:80]),
                                   band(self.beads[k] if k >= 0 and self.pair is not None else None),
                                   f"{line}:{col}", FAMILIES.get(f.code[0], "")))
        return out

    @cached_property
    def finding_view(self) -> dict[str, FindingView]:
        return {v.fp: v for v in self.findings}

    def groups(self) -> list[tuple[str, str, int, list[tuple[str, list[FindingView]]]]]:
        """Findings by rule (code, name, count) and, inside a rule, by key in order of first use."""
        by_rule: dict[str, dict[str, list[FindingView]]] = {}
        names: dict[str, str] = {}
        for v in sorted(self.findings, key=lambda v: (v.finding.code, v.bead, v.finding.start)):
            by_rule.setdefault(v.finding.code, {}).setdefault(v.key, []).append(v)
            names[v.finding.code] = v.finding.name
        return [(code, names[code], sum(map(len, keys.values())), list(keys.items()))
                for code, keys in by_rule.items()]

    # -- rows and pages

    @cached_property
    def _headings(self) -> dict[str, set[int]]:
        """Units (per side) lying inside a heading or title block."""
        out: dict[str, set[int]] = {}
        for side in (Lang.ZH, Lang.EN):
            doc = self.review.en if side == Lang.EN else self.review.zh
            units = self.review.units(side)
            if doc is None:
                out[side] = set()
                continue
            blocks = [u for u in doc.units if u.kind in ("heading", "title")]
            starts = [u.start for u in units]
            marked: set[int] = set()
            for blk in blocks:
                lo, hi = bisect.bisect_left(starts, blk.start), bisect.bisect_left(starts, blk.end)
                marked.update(range(lo, hi))
            out[side] = marked
        return out

    @cached_property
    def _changes(self) -> dict[int, list[Change]]:
        """The edition's changes (not layout, not supplied translations) by English region."""
        spans = self.regions[Lang.EN]
        starts = [s for s, _ in spans]
        out: dict[int, list[Change]] = {}
        for c in self.review.edition.changes:
            if c.layout or (c.message == SUPPLIED and c.src_start == c.src_end):
                continue
            i = bisect.bisect_right(starts, c.src_start) - 1
            if i > 0 and c.src_start == c.src_end == spans[i][0] == spans[i - 1][1]:
                i -= 1  # an insertion between abutting regions ends the one before
            if i >= 0 and c.src_start <= spans[i][1]:
                out.setdefault(i, []).append(c)
        return out

    @cached_property
    def clauses(self):
        """The clauses aligned inside the sentence beads (None without a sentence pair)."""
        from ..align.clauses import refining

        return refining(self.pair)

    def _unit(self, side: str, i: int, marks: dict[int, tuple[str, str]] | None = None) -> UnitView:
        doc = self.review.en if side == Lang.EN else self.review.zh
        assert doc is not None
        changes = self._changes.get(i, []) if side == Lang.EN else []
        start, end = self.regions[side][i]
        pcs = pieces(doc.text.content, start, end, self.index[side].get(i, []), changes, marks)
        return UnitView(i, tuple(pcs), i in self._headings[side], side == Lang.EN and i in self.review.edited)

    def row(self, k: int) -> RowView:
        b = self.beads[k]
        seen: list[FindingView] = []
        for f in bead_findings(b, self.index):
            v = self.finding_view.get(f.fingerprint)
            if v is not None:
                seen.append(v)
        supplied = self.review.supplied.get(b.zh) if self.pair is not None and not b.en else None
        marks = clause_marks(self.clauses, k)
        return RowView(k, b.label if self.pair is not None else "", b.score if b.paired else None,
                       band(b if self.pair is not None else None), self.review.is_confirmed(b),
                       tuple(self._unit(Lang.ZH, i, marks["zh"]) for i in b.zh),
                       tuple(self._unit(Lang.EN, i, marks["en"]) for i in b.en), supplied, tuple(seen))

    def rows(self, page: Page) -> list[RowView]:
        return [self.row(k) for k in range(page.first, page.last + 1)]

    @cached_property
    def pages(self) -> list[Page]:
        """Pages of rows: the whole document when short, else cut at top-level parts (or
        sections) and every PAGE rows."""
        n = len(self.beads)
        if n == 0:
            return [Page(0, 0, -1, "")]
        starts = [0]
        if n > PAGE:
            tops = self._top_starts()
            for k in range(1, n):
                if k in tops or k - starts[-1] >= PAGE:
                    starts.append(k)
        out = []
        for p, first in enumerate(starts):
            last = starts[p + 1] - 1 if p + 1 < len(starts) else n - 1
            out.append(Page(p, first, last, self._title(first, last)))
        return out

    def _top_starts(self) -> set[int]:
        """Rows where a top-level part (or section) of either text begins."""
        out: set[int] = set()
        for side in (Lang.EN, Lang.ZH):
            doc = self.review.en if side == Lang.EN else self.review.zh
            if doc is None:
                continue
            kind = next((k for k in ("part", "section") if doc.of_kind(k)), None)
            if kind is None:
                continue
            units = self.review.units(side)
            starts = [u.start for u in units]
            for c in doc.of_kind(kind):
                i = bisect.bisect_left(starts, c.start)
                if i < len(units):
                    out.add(self.row_of_unit[side][i])
        out.discard(-1)
        return out

    def _title(self, first: int, last: int) -> str:
        b = self.beads[first]
        side, i = (Lang.EN, b.en[0]) if b.en else (Lang.ZH, b.zh[0])
        doc = self.review.en if side == Lang.EN else self.review.zh
        assert doc is not None
        head = ""
        if i in self._headings[side]:
            head = " ".join(doc.text_of(self.review.units(side)[i]).split())[:50]
        return f"{first + 1}–{last + 1}" + (f" · {head}" if head else "")

    def page_of(self, k: int) -> int:
        firsts = [p.first for p in self.pages]
        return max(0, bisect.bisect_right(firsts, k) - 1)

    # -- the map

    @cached_property
    def marks(self) -> list[Mark]:
        """Each bead from its start cell to its end cell, as fractions of each side's units."""
        nz = max(1, len(self.review.units(Lang.ZH)))
        ne = max(1, len(self.review.units(Lang.EN)))
        out = []
        z = e = 0
        for k, b in enumerate(self.beads):
            z1, e1 = z + len(b.zh), e + len(b.en)
            if self.pair is None:  # the English alone: one column of sentences
                out.append(Mark(k, 0.5, e / ne, 0.5, e1 / ne, "text"))
            else:
                out.append(Mark(k, z / nz, e / ne, z1 / nz, e1 / ne, band(b)))
            z, e = z1, e1
        return out

    def map_lines(self) -> Markup:
        """The map's marks and ticks as SVG lines (numbers, band and severity names and
        fingerprints only: nothing to escape), made without the template engine for speed."""
        marks = "".join(f'<line class="mk b-{m.band}" data-b="{m.k}" x1="{m.x0 * 1000:.2f}" y1="{m.y0 * 1000:.2f}" '
                        f'x2="{m.x1 * 1000:.2f}" y2="{m.y1 * 1000:.2f}"/>\n' for m in self.marks)
        ticks = "".join(f'<line class="tk s-{sev}" data-fp="{fp}" x1="965" x2="1000" y1="{y * 1000:.2f}" '
                        f'y2="{y * 1000:.2f}"/>\n' for y, sev, fp in self.ticks())
        return Markup(f'<g class="marks">\n{marks}</g>\n<g class="ticks">\n{ticks}</g>')

    def ticks(self) -> list[tuple[float, str, str]]:
        """Findings on the map: the English position of their row, severity, fingerprint."""
        marks = self.marks
        out = []
        for v in self.findings:
            m = marks[v.bead] if v.bead >= 0 else None
            y = 0.0 if m is None else (m.y0 + m.y1) / 2
            out.append((y, v.finding.severity.value, v.fp))
        return out

    # -- the header

    def counts(self) -> dict[str, int]:
        undecided = sum(1 for v in self.findings if v.state is None)
        kinds = Counter(m.band for m in self.marks)
        return {"beads": len(self.beads), "findings": len(self.findings), "undecided": undecided,
                "confirmed": len(self.review.confirmed), "omissions": kinds["omission"],
                "additions": kinds["addition"], "doubtful": kinds["doubt"]}


def pieces(content: str, lo: int, hi: int, findings: Sequence[Finding], changes: Sequence[Change],
           clauses: dict[int, tuple[str, str]] | None = None) -> list[Piece]:
    """The text of ``[lo, hi)`` cut where findings and changes begin and end: marked, deleted,
    inserted; and where the clauses of its row begin (``clauses``: offset -> the clause's label
    and colour), each clause's marker before it and its number on its text."""
    clauses = clauses or {}
    starts = sorted(clauses)
    colour = {c: f"c{n}" for n, c in enumerate(CLAUSE_COLOURS)}

    def clause_at(a: int) -> str:
        k = bisect.bisect_right(starts, a) - 1
        label = clauses[starts[k]][0] if k >= 0 else ""
        return "" if label == NO_COUNTERPART else label

    cuts = {lo, hi, *(x for x in starts if lo <= x < hi)}
    for f in findings:
        cuts.update(min(max(x, lo), hi) for x in (f.start, f.end))
    for c in changes:
        cuts.update(min(max(x, lo), hi) for x in (c.src_start, c.src_end))
    points = sorted(cuts)
    out: list[Piece] = []

    def marks(a: int, b: int) -> tuple[str, str]:
        on = [f for f in findings if (f.start < b and f.end > a) or (a == b and f.start == f.end == a)]
        if not on:
            return "", ""
        worst = max(on, key=lambda f: Severity(f.severity).rank)
        return " ".join(f.fingerprint for f in on), str(worst.severity)

    for n, a in enumerate(points):
        if a in clauses and a < hi:
            label, rgb = clauses[a]
            out.append(Piece(label, sev=colour.get(rgb, "cx"), kind="clause", cl=clause_at(a)))
        for c in changes:
            if c.src_start == c.src_end == a and c.after:
                out.append(Piece(c.after, kind="ins", cl=clause_at(a)))
        fps, sev = marks(a, a)
        zero = [f for f in findings if f.start == f.end == a]
        if zero:
            out.append(Piece("", " ".join(f.fingerprint for f in zero), sev, "caret"))
        if n + 1 == len(points):
            break
        b = points[n + 1]
        fps, sev = marks(a, b)
        deleted = any(c.src_start <= a and b <= c.src_end and c.src_start < c.src_end for c in changes)
        out.append(Piece(content[a:b], fps, sev, "del" if deleted else "", clause_at(a)))
        for c in changes:
            if c.src_start < c.src_end == b and c.after:
                out.append(Piece(c.after, kind="ins"))
    return out


# --------------------------------------------------------------------------- rendering

_ENV: Environment | None = None


class _KeptTemplates(FileSystemBytecodeCache):
    """Compiled templates in a folder; one that cannot be written there is simply not kept."""

    def dump_bytecode(self, bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _compiled_templates() -> FileSystemBytecodeCache | None:
    """The templates compiled once and kept in ipdoc's cache (Jinja checks each against its
    source); none when the cache folder cannot be made."""
    from ..lexicon import _cache_dir

    folder = _cache_dir() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _KeptTemplates(str(folder))


def env() -> Environment:
    global _ENV
    if _ENV is None:
        _ENV = Environment(loader=PackageLoader("ipdoc.serve", "templates"), autoescape=select_autoescape(default=True),
                           trim_blocks=True, lstrip_blocks=True, bytecode_cache=_compiled_templates())
        _ENV.filters["pct"] = lambda x: f"{x * 1000:.2f}"
    return _ENV


def asset(name: str) -> str:
    """A file of the page's static assets (shipped in the package)."""
    return resources.files("ipdoc.serve").joinpath("static", name).read_text(encoding="utf-8")


PARTS = ("rows", "map", "findings", "summary", "pages")


def parts(view: View, page: int, which: Sequence[str] = PARTS) -> dict[str, str]:
    """The parts of the page a change can alter, rendered (those in ``which``): the rows of one
    page, the map, the findings, the header's counts, the pager."""
    e = env()
    pg = view.pages[min(max(page, 0), len(view.pages) - 1)]
    make = {
        "rows": lambda: e.get_template("rows.html").render(rows=view.rows(pg), live=True,
                                                           paired=view.pair is not None),
        "map": lambda: e.get_template("map.html").render(view=view, page=pg),
        "findings": lambda: e.get_template("findings.html").render(view=view, live=True),
        "summary": lambda: e.get_template("summary.html").render(view=view),
        "pages": lambda: e.get_template("pages.html").render(view=view, page=pg),
    }
    return {k: make[k]() for k in which if k in make}


def live_page(view: View, page: int = 0) -> str:
    """The application's page: every part, the rows of one page."""
    review = view.review
    pg = view.pages[min(max(page, 0), len(view.pages) - 1)]
    return env().get_template("page.html").render(
        view=view, review=review, live=True, page=pg, parts=parts(view, pg.n), exports=EXPORTS,
        version=__version__, title=_title(review))


def report(review: Review) -> bytes:
    """The self-contained read-only report: every page's rows, the map, the findings; the
    stylesheet and script inlined; no external reference."""
    view = View(review)
    e = env()
    pages = [(pg, e.get_template("rows.html").render(rows=view.rows(pg), live=False, paired=view.pair is not None))
             for pg in view.pages]
    html = e.get_template("page.html").render(
        view=view, review=review, live=False, page=view.pages[0], exports=(), version=__version__,
        title=_title(review), report_pages=pages, css=asset("app.css"), js=asset("app.js"),
        parts={"map": e.get_template("map.html").render(view=view, page=view.pages[0]),
               "findings": e.get_template("findings.html").render(view=view, live=False),
               "summary": e.get_template("summary.html").render(view=view),
               "pages": e.get_template("pages.html").render(view=view, page=view.pages[0])})
    return html.encode("utf-8")


def _title(review: Review) -> str:
    return review.name or re.sub(r"\.(en|zh)$", "", review.en.text.origin.rsplit("/", 1)[-1].rsplit(".", 1)[0])
