"""Conventions of Chinese official documents in English: the front matter and closing
(title, document number, addressee, signature, date), the lines naming the departments
responsible, and the phrasing that marks a machine translation of official Chinese.

The patterns, the conventional English and where each convention is attested are the rows
of ``data/conventions.tsv`` (read by :func:`ipdoc.termbase.conventions`); the rules here
apply them to the units structure recovery found and build the fixes that are mechanical.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterator
from functools import cache

from .. import termbase as tb
from ..lexicon import pinyin
from ..model import Document, Fix, Unit
from . import SAFE, SUGGESTED, Context, rule

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_MONTH = r"(?P<month>" + "|".join(m[:3] + r"(?:" + m[3:] + r"|\.)?" if len(m) > 3 else m for m in _MONTHS) + ")"
_YEAR = r"(?P<year>\d(?:[ \t]?\d){3})"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_DATE_FORMS = (
    re.compile(rf"^{_YEAR}[ \t]*[,.]?[ \t]+{_MONTH}[ \t]+{_DAY}[ \t]*[.,]?$"),  # 2015 July 1
    re.compile(rf"^{_MONTH}[ \t]+{_DAY}[ \t]+{_YEAR}[ \t]*\.?$"),  # July 1 2015 (no comma)
    re.compile(r"^(?P<year>\d{4})[ \t]*(?P<sep>[-./])[ \t]*(?P<month>\d{1,2})[ \t]*(?P=sep)[ \t]*(?P<day>\d{1,2})"
               r"[ \t]*\.?$"),  # 2015-07-01
    re.compile(r"^(?P<year>\d(?:[ \t]?\d){3})[ \t]*年[ \t]*(?P<month>\d{1,2})[ \t]*月[ \t]*(?P<day>\d{1,2})[ \t]*日$"),
)
_YEAR_IN_DATE = re.compile(r"(?<!\d)((?:19|20)\d?)[ \t]?(\d{1,2})(?!\d)")
_ZH_DIGITS = {"〇": "0", "○": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6",
              "七": "7", "八": "8", "九": "9"}
_ZH_YEAR = re.compile(r"([〇○零一二三四五六七八九]{4})\s*年")
_DOCNO_YEAR = re.compile(r"[\[〔【(（［]\s*((?:19|20)\d{2})\s*[\]〕】)）］]")
_DOCNO_TAIL = re.compile(r"[ \t]*[\[〔【(（][ \t]*(?P<year>\d{4})[ \t]*[\]〕】)）][ \t]*No\.?[ \t]*(?P<num>\d+)"
                         r"(?:[ \t]+Document\b)?")
_DOCNO_ZH = re.compile(r"^(?P<prefix>[\u4e00-\u9fff]{1,8})[〔\[](?P<year>\d{4})[〕\]](?P<num>\d+)号")
_DOCNO_PROBLEM = {
    "docno-no-space": "a space after “No.”",
    "docno-document": "no “Document” after the number",
    "docno-guofa-one-word": "“Guo Fa” in two words",
    "docno-literal-issuer": "the issuer's code in pinyin (Guo Fa, Guo Ban Fa), not its name",
    "docno-bracket": "the year in square brackets",
}
# a pinyin syllable (initial and final), for the issuer's code of a document number: Guo Fa, Guo Ban Fa
_SYLLABLE = (r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|"
             r"ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|er|a|o|e|i|u|v)")
_NOT_PINYIN = frozenset({"a", "an", "in", "to", "see", "per", "be", "he", "she", "we", "me", "die", "o", "e", "no"})
_ZH_ISSUER = {"国务院办公厅": "General Office of the State Council", "国务院": "State Council"}
_ADDRESSEE_WORDS = re.compile(r"(?i)\b(?:governments?|ministries|ministry|commissions?|departments?|bureaus?|"
                              r"institutions|agencies|offices?)\b")
_LED = re.compile(r"(?i)^(?:led by\b|under the lead of\b)|\btakes? the lead\.?$")
_RESPONSIBLE_BY = re.compile(r"(?i)^responsible by\s+")
_RESPONSIBLE = re.compile(r"(?i)\s+(?:is|are|shall be|will be|to be|being) responsible(?: for (?:it|this|them))?\.?$")


@cache
def _row(cid: str) -> tb.Convention:
    return next(c for c in tb.conventions() if c.id == cid)


def _units(doc: Document, kind: str) -> list[Unit]:
    return [u for u in doc.units if u.kind == kind]


def _said(row: tb.Convention) -> list[str]:
    """The evidence of a convention: what official translations write and where it is attested."""
    return [f"convention: {row.conventional}", f"attested: {row.attested}"]


def _narrowed(old: str, new: str, start: int) -> Fix:
    """A fix replacing ``old`` (at ``start``) by ``new``, narrowed to the part that differs."""
    head = 0
    while head < min(len(old), len(new)) and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    return Fix(start + head, start + len(old) - tail, new[head:len(new) - tail], SUGGESTED)


# --- the document's year -----------------------------------------------------------------------


def _plausible(year: int) -> int | None:
    return year if 1949 <= year <= 2100 else None


def year_of_date(text: str) -> int | None:
    """The year of a date line: ``July 1, 2015``, ``20 15 July 1``, ``2015年7月1日``, ``二〇一五年七月一日``."""
    if m := _ZH_YEAR.search(text):
        return _plausible(int("".join(_ZH_DIGITS[ch] for ch in m.group(1))))
    for m in _YEAR_IN_DATE.finditer(text):
        digits = m.group(1) + m.group(2)
        if len(digits) == 4 and (year := _plausible(int(digits))):
            return year
    return None


def document_year(en: Document, zh: Document | None = None) -> int | None:
    """The year of a document: from its date line (English, then Chinese), else its document number."""
    docs = [d for d in (en, zh) if d is not None]
    for d in docs:
        for u in _units(d, "date"):
            if (year := year_of_date(d.text.content[u.start:u.end])) is not None:
                return year
    for d in docs:
        for u in _units(d, "docno"):
            if (m := _DOCNO_YEAR.search(d.text.content[u.start:u.end])) and (year := _plausible(int(m.group(1)))):
                return year
    return None


# --- title -----------------------------------------------------------------------------------


@rule("C001", "title-form", "warning", "en", "suggested",
      "Finds a title that is not the document's own: a web page's headline (“Full text of …”), the possessive "
      "form “The State Council's Guiding Opinions on …”, and (with the Chinese) a title that drops the issuing "
      "body the Chinese names.",
      "Official translations open with the document's title, naming the document type, the issuing body and the "
      "subject: “Guiding Opinions of the State Council on …”.",
      "The State Council's Guiding Opinions on Actively Promoting … → Guiding Opinions of the State Council on "
      "Actively Promoting …")
def title_form(ctx: Context):
    content = ctx.en.text.content
    titles = _units(ctx.en, "title")
    headline, possessive = _row("title-full-text"), _row("title-possessive")
    for i, u in enumerate(titles):
        text = content[u.start:u.end]
        if headline.regex.match(text):
            nxt = titles[i + 1] if i + 1 < len(titles) else None
            fix = Fix(u.start, nxt.start, "", SUGGESTED) if nxt is not None else None
            yield ctx.finding("C001", "en", u.start, u.end,
                              "a web page's headline, not the document's title: official translations open with "
                              "the title itself" + (" (the next line)" if nxt is not None else ""),
                              evidence=_said(headline), fix=fix)
        elif m := possessive.regex.match(text):
            kind = " ".join(w[:1].upper() + w[1:] for w in m.group("kind").split())
            new = f"{kind} of the {m.group('issuer')} on"
            yield ctx.finding("C001", "en", u.start + m.start(), u.start + m.end(),
                              f"the title names the issuer in the possessive: official translations write “{new} …”",
                              evidence=_said(possessive),
                              fix=Fix(u.start + m.start(), u.start + m.end(), new, SUGGESTED))
    if ctx.zh is not None and titles:
        yield from _issuer_dropped(ctx, titles)


def _issuer_dropped(ctx: Context, titles: list[Unit]) -> Iterator:
    zh = ctx.need_zh()
    zh_titles = "".join(zh.text.content[u.start:u.end] for u in _units(zh, "title"))
    issuer = next((name for form, name in _ZH_ISSUER.items() if zh_titles.startswith(form + "关于")), None)
    en_titles = " ".join(ctx.en.text.content[u.start:u.end] for u in titles)
    if issuer is not None and issuer.lower() not in en_titles.lower():
        u = titles[-1]
        yield ctx.finding("C001", "en", u.start, u.end,
                          f"the Chinese title names its issuer ({zh_titles[:zh_titles.index('关于')]}); the English "
                          f"title does not name the {issuer}",
                          evidence=[f"Chinese title: {zh_titles}", *_said(_row("title-possessive"))])


# --- document number ---------------------------------------------------------------------------


def _zh_docno(ctx: Context) -> tuple[str, str, str] | None:
    """The Chinese document number as (pinyin code, year, number), when the Chinese is given."""
    if ctx.zh is None:
        return None
    for u in _units(ctx.zh, "docno"):
        if m := _DOCNO_ZH.match(ctx.zh.text.content[u.start:u.end].strip()):
            code = " ".join(s.capitalize() for s in pinyin(m.group("prefix")))
            return code, m.group("year"), m.group("num")
    return None


def _pinyin_syllables(word: str) -> list[str] | None:
    """The pinyin syllables a capitalised word is made of (``Guofa`` -> Guo, Fa), or None."""
    low = word.lower()
    if not word[:1].isupper() or low in _NOT_PINYIN or not re.fullmatch(f"(?:{_SYLLABLE})+", low):
        return None
    return [s.capitalize() for s in re.findall(_SYLLABLE, low)]


def _docno_prefix(content: str, end: int) -> tuple[int, str]:
    """Where the pinyin code before a document number's year starts, and the code written in syllables."""
    words = list(re.finditer(r"[A-Za-z]+", content[max(0, end - 60):end]))
    start, at = end, end
    code: list[str] = []
    for w in reversed(words):
        w_start, w_end = w.start() + max(0, end - 60), w.end() + max(0, end - 60)
        syllables = _pinyin_syllables(w.group()) if len(code) < 4 else None
        if syllables is None or content[w_end:at].strip(" \t"):
            break
        start, at, code = w_start, w_start, syllables + code
    return start, " ".join(code)


@rule("C002", "document-number-form", "warning", "en", "safe",
      "Finds a document number not written as official translations write it, `Guo Fa [2015] No. 40`: no space "
      "after “No.”, a trailing “Document”, “Guofa” in one word, the year in other brackets, the issuer's name "
      "in place of its code.",
      "The document number is a citation; written otherwise it is not found by readers and databases, and a "
      "trailing “Document” is a literal rendering of 文件.",
      "Guo Fa [2015] No.40 Document → Guo Fa [2015] No. 40")
def document_number(ctx: Context):
    content = ctx.en.text.content
    rows = {cid: _row(cid).find(content) for cid in _DOCNO_PROBLEM}
    zh = _zh_docno(ctx)
    for tail in _DOCNO_TAIL.finditer(content):
        start, code = _docno_prefix(content, tail.start())
        hit = [(cid, s) for cid, spans in rows.items() for s, e in spans if s < tail.end() and e > start]
        if not hit:
            continue
        ids = [cid for cid, _ in hit]
        start = min([start] + [s for cid, s in hit if cid == "docno-literal-issuer"])
        applicability = SAFE
        if "docno-literal-issuer" in ids:
            code, applicability = (zh[0], SUGGESTED) if zh is not None and zh[1] == tail.group("year") else ("", SAFE)
        new = f"{code} [{tail.group('year')}] No. {tail.group('num')}"
        old = content[start:tail.end()]
        fix = Fix(start, tail.end(), new, applicability) if code and new != old else None
        problems = "; ".join(dict.fromkeys(_DOCNO_PROBLEM[cid] for cid in ids))
        shown = f"“{new}”" if fix is not None else "the issuer's code, as in “Guo Fa [2015] No. 40”"
        yield ctx.finding("C002", "en", start, tail.end(),
                          f"document number “{old}”: official translations write {shown} ({problems})",
                          evidence=_said(_row(ids[0])), fix=fix)


# --- addressee ---------------------------------------------------------------------------------


@rule("C003", "addressee-formula", "warning", "en", "suggested",
      "Finds an addressee line not in the formula of official translations, “To the people's governments of "
      "…:”: a literal opening such as “The target is …”, no “To”, no closing colon, 各直属机构 misread as "
      "“their respective agencies”.",
      "The addressee line (主送机关) is a formula; a literal rendering reads as a sentence of the text and "
      "misstates who the document is addressed to.",
      "The target is the people's governments of all provinces, … → To the people's governments of all "
      "provinces, …:")
def addressee_formula(ctx: Context):
    content = ctx.en.text.content
    target, agencies = _row("addressee-target"), _row("addressee-respective-agencies")
    for u in _units(ctx.en, "addressee"):
        text = content[u.start:u.end]
        if not _ADDRESSEE_WORDS.search(text):
            continue  # a short line ending in a colon, not an addressee list
        new, problems, rows = text, [], []
        if target.regex.match(new):
            m = re.match(r"(?i)[ \t]*the target is[ \t]+", new)
            assert m is not None
            new = "To " + new[m.end():]
            problems.append("“The target is …” renders the addressee line as a sentence; it opens with “To”")
            rows.append(target)
        elif not new.startswith("To "):
            problems.append("the addressee line opens with “To”")
            if re.match(r"(?:The|All) ", new):
                new = "To " + new[0].lower() + new[1:]
        if m := agencies.regex.search(new):
            new = new[:m.start()] + agencies.fix + new[m.end():]
            problems.append(f"“{m.group()}” misreads 各直属机构: “{agencies.fix}”")
            rows.append(agencies)
        if not new.rstrip().endswith((":", "：")):
            new = new.rstrip().rstrip(".;,。；，") + ":"
            problems.append("it ends with a colon")
        if not problems:
            continue
        rows = rows or [target]
        fix = _narrowed(text, new, u.start) if new != text and new.startswith("To ") else None
        yield ctx.finding("C003", "en", u.start, u.end, "addressee line: " + "; ".join(problems),
                          evidence=[e for r in dict.fromkeys(rows) for e in _said(r)], fix=fix)


# --- signature and date ------------------------------------------------------------------------


@rule("C004", "signature-form", "warning", "en", "safe",
      "Finds a signature line that starts with a lower-case article, such as “the State Council”; official "
      "translations sign “State Council”.",
      "The signature is the issuer's name standing alone; “the State Council” on a line of its own is a literal "
      "rendering of the signature 国务院.",
      "the State Council → State Council")
def signature_form(ctx: Context):
    content = ctx.en.text.content
    row = _row("signature-article")
    for u in _units(ctx.en, "signature"):
        m = re.match(r"the[ \t]+(?=[A-Z])", content[u.start:u.end])
        if m is None:
            continue
        yield ctx.finding("C004", "en", u.start, u.end,
                          f"signature “{content[u.start:u.end]}”: official translations sign the issuer's name "
                          "without an article", evidence=_said(row),
                          fix=Fix(u.start, u.start + m.end(), "", SAFE))


def english_date(text: str) -> str | None:
    """A date line written year first (or without the comma) as official translations write it, ``July 1, 2015``;
    None for any other line (one already written that way included)."""
    text = text.strip()
    for form in _DATE_FORMS:
        if (m := form.match(text)) is None:
            continue
        year = int(re.sub(r"\D", "", m.group("year")))
        raw = m.group("month")
        month = int(raw) if raw.isdigit() else next(i for i, name in enumerate(_MONTHS, 1) if name[:3] == raw[:3])
        day = int(m.group("day"))
        try:
            datetime.date(year, month, day)
        except ValueError:
            return None
        return f"{_MONTHS[month - 1]} {day}, {year}"
    return None


@rule("C005", "date-form", "warning", "en", "safe",
      "Finds a date line written year first (`20 15 July 1`, `2015 July 1`, `2015-07-01`, `2015年7月1日`) or "
      "without the comma, and writes it as official translations do: `July 1, 2015` (every figure taken from the "
      "text).",
      "The Chinese order 年月日 carried into English reads as a garbled date; official translations date the "
      "document “July 1, 2015”.",
      "20 15 July 1 → July 1, 2015")
def date_form(ctx: Context):
    content = ctx.en.text.content
    row = _row("date-year-first")
    for u in _units(ctx.en, "date"):
        text = content[u.start:u.end]
        new = english_date(text)
        if new is None or new == text.strip():
            continue
        yield ctx.finding("C005", "en", u.start, u.end,
                          f"date “{text.strip()}”: official translations write the month first, “{new}”",
                          evidence=_said(row), fix=Fix(u.start, u.end, new, SAFE))


# --- attribution lines -------------------------------------------------------------------------


def attribution_form(text: str) -> str:
    """How a line naming the departments responsible is phrased: ``list``, ``responsible``, ``responsible-by``
    (not English) or ``led`` (牵头, another formula)."""
    inner = _inner(text)
    if _RESPONSIBLE_BY.match(inner):
        return "responsible-by"
    if _LED.search(inner):
        return "led"
    if _RESPONSIBLE.search(inner):
        return "responsible"
    return "list"


def _inner(text: str) -> str:
    return text.strip().lstrip("(（").lstrip().rstrip(".。 ").rstrip(")）").rstrip()


_FORM_SHOWN = {"list": "a bare list “(…, etc.)”", "responsible": "“(… are responsible)”"}


@rule("C006", "attribution-form", "warning", "en", "safe",
      "Finds lines naming the departments responsible (（……负责）) phrased otherwise than the document's own "
      "dominant form — a bare list “(…, etc.)” or “(… are responsible)” — or as “(Responsible by …)”, and such "
      "lines starting in lower case where the others do not.",
      "The attribution lines repeat one formula; phrased several ways they read as different kinds of "
      "statement, and “Responsible by” is not English.",
      "(Responsible by Ministry of Science and Technology, …, etc.) → (Ministry of Science and Technology, …, etc.)")
def attribution_phrasing(ctx: Context):
    content = ctx.en.text.content
    lines = [u for u in _units(ctx.en, "attribution") if _inner(content[u.start:u.end])]
    forms = [attribution_form(content[u.start:u.end]) for u in lines]
    counts = Counter(f for f in forms if f in _FORM_SHOWN)
    dominant = counts.most_common(1)[0][0] if counts else "list"
    minority = next((f for f in _FORM_SHOWN if f != dominant), "")
    consistent = counts[dominant] > counts[minority]
    row = _row("attribution-responsible-by")
    total = sum(counts.values())
    told = f"{counts[dominant]} of the {total} lines naming the departments responsible are {_FORM_SHOWN[dominant]}"
    for u, form in zip(lines, forms):
        text = content[u.start:u.end]
        lead = u.start + len(text) - len(text.lstrip().lstrip("(（").lstrip())
        inner = _inner(text)
        inner_end = lead + len(inner)
        if form == "responsible-by":
            m = _RESPONSIBLE_BY.match(inner)
            assert m is not None
            new = inner[m.end():]
            new = new[:1].upper() + new[1:]
            if dominant == "responsible":
                new += " are responsible"
            yield ctx.finding("C006", "en", lead, lead + m.end(),
                              f"“{m.group().strip()}” is not English: {told}",
                              evidence=_said(row), fix=_narrowed(inner, new, lead))
        elif form in _FORM_SHOWN and form != dominant and consistent:
            if form == "responsible":
                m = _RESPONSIBLE.search(inner)
                assert m is not None
                fix = Fix(lead + m.start(), inner_end, "", SUGGESTED)
            else:
                verb = " are responsible" if re.search(r",|\band\b|\betc\b", inner) else " is responsible"
                fix = Fix(inner_end, inner_end, verb, SUGGESTED)
            yield ctx.finding("C006", "en", u.start, u.end,
                              f"attribution phrased {_FORM_SHOWN[form]}; {told}: phrase them one way",
                              evidence=_said(row), fix=fix)
    upper = sum(1 for u in lines if _inner(content[u.start:u.end])[:1].isupper())
    if upper * 2 <= len(lines):
        return
    for u in lines:
        text = content[u.start:u.end]
        lead = u.start + len(text) - len(text.lstrip().lstrip("(（").lstrip())
        if content[lead].islower():
            yield ctx.finding("C006", "en", lead, lead + 1,
                              f"attribution starts in lower case; {upper} of the {len(lines)} lines naming the "
                              "departments responsible start with a capital",
                              fix=Fix(lead, lead + 1, content[lead].upper(), SAFE))


# --- machine-translation phrasing --------------------------------------------------------------


@rule("C007", "machine-translation-phrase", "warning", "en", "suggested",
      "Finds phrasing that marks a machine translation of official Chinese: literal renderings of set phrases "
      "(“this paper puts forward”, “combine the actual situation”, “Central Committee of the State Council”, "
      "enterprises “go to sea”), found by patterns of several words so ordinary uses of the words stay quiet.",
      "Set phrases of official Chinese have conventional English; a literal rendering reads as a raw machine "
      "translation and can misstate who decided what.",
      "this paper puts forward some suggestions → the following opinions are hereby put forward")
def machine_translation_phrase(ctx: Context):
    content = ctx.en.text.content
    for row in tb.conventions():
        if row.kind != "mt-phrase" or row.id.startswith("attribution-"):
            continue  # the attribution formula is rule C006's
        for start, end in row.find(content):
            found = " ".join(content[start:end].split())
            fix = Fix(start, end, row.fix, SUGGESTED) if row.fix else None
            yield ctx.finding("C007", "en", start, end,
                              f"“{found}” renders {row.renders} literally; official translations write: "
                              f"{row.conventional}", evidence=_said(row), fix=fix)
