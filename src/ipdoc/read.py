"""Reading: bytes to a Text, whatever the container and the encoding.

Plain text is decoded strictly, candidate by candidate (see ``decode``): a
byte-order mark, UTF-8, UTF-16 without a BOM, GB18030 or Big5, Windows-1252;
a candidate is taken only when its text reads as Chinese or English. Bytes that
no candidate reads are refused with the offset of the first bad byte, unless the
user names the encoding. DOCX packages are checked against size and compression
limits before python-docx opens them; HTML is parsed by lxml into a tree with no
libxml2 depth limit. The decoded string is kept exactly; nothing is normalised
here (see ``normalize.py`` for the reversible views later stages use).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree, html

from .errors import InputError
from .io import read_input
from .model import Text

# (BOM, codec that consumes it, name reported); UTF-32 first: its LE BOM starts like UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le (BOM)"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be (BOM)"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8 (BOM)"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le (BOM)"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be (BOM)"),
)

_MAGIC = (
    (b"%PDF", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0", "an old binary Office file (.doc); save it as .docx"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")


@dataclass(frozen=True, slots=True)
class Script:
    """How much of a text is Han and how much Latin (letters, by weight)."""

    han: int
    latin: int

    @property
    def han_share(self) -> float:
        # An English word of about five letters carries what one Han character does.
        weight = self.han + self.latin / 5
        return self.han / weight if weight else 0.0

    @property
    def lang(self) -> str | None:
        if self.han + self.latin < 3:
            return None
        return "zh" if self.han_share >= 0.5 else "en"


def script_of(text: str) -> Script:
    return Script(len(_HAN.findall(text)), len(_LATIN.findall(text)))


def detect_lang(text: str) -> str | None:
    """``zh`` or ``en`` by the share of Han characters, ``None`` when neither script is there."""
    return script_of(text).lang


def read_text(path: str | Path, lang: str = "auto", encoding: str | None = None, errors: str = "strict") -> Text:
    """Read a .txt, .docx or saved .html file into a Text, checking its language.

    ``lang`` is ``auto``, ``zh`` or ``en``; a file whose script says otherwise is
    refused, so swapped arguments are caught. ``encoding`` forces a codec for plain
    text and HTML; ``errors="replace"`` reads bytes that do not decode as U+FFFD.
    """
    return text_from_bytes(read_input(path), str(path), lang=lang, suffix=Path(path).suffix.lower(),
                           encoding=encoding, errors=errors)


def text_from_bytes(data: bytes, origin: str, lang: str = "auto", suffix: str = "",
                    encoding: str | None = None, errors: str = "strict") -> Text:
    """Decode bytes of any supported container into a Text (see ``read_text``)."""
    if not data.strip():
        raise InputError("empty file", origin)
    fmt = sniff_format(data, suffix)
    if fmt == "docx":
        content, used = _docx_text(data, origin), "docx"
    elif fmt == "html":
        content, used = _html_text(data, origin, encoding, errors)
    elif fmt == "tei":
        from .export.tei import text_of

        content, used = text_of(data, origin, lang)
    else:
        content, used = decode(data, origin, encoding, errors)
    if not content.strip():
        raise InputError(f"no text found in this {fmt.upper()} file", origin)
    return Text(content, _check_lang(content, lang, origin), origin, used, fmt)


def sniff_format(data: bytes, suffix: str = "") -> str:
    """``docx``, ``html``, ``tei`` or ``txt``, by magic bytes first and the file name second."""
    if data[:4] == b"PK\x03\x04" or suffix == ".docx":
        return "docx"
    if b"http://www.tei-c.org/ns/1.0" in data[:4096] and re.search(rb"<(?:\w+:)?(?:TEI|teiCorpus)[\s>]", data[:4096]):
        return "tei"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if suffix in (".html", ".htm", ".xhtml") or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "txt"


def _check_lang(content: str, lang: str, origin: str) -> str:
    if lang not in ("auto", "zh", "en"):
        raise InputError(f"unknown language {lang!r}: use auto, zh or en")
    script = script_of(content)
    found = script.lang
    if found is None:
        raise InputError("no Chinese or English text found (wrong language or not a text)", origin)
    if lang in ("zh", "en") and found != lang:
        names = {"zh": "Chinese", "en": "English"}
        raise InputError(
            f"expected {names[lang]} but the text is {names[found]} "
            f"(Han share {script.han_share:.0%}); are the arguments swapped?",
            origin,
        )
    return found


# --------------------------------------------------------------------------- decoding
#
# Every candidate decodes strictly; a candidate whose bytes all decode is taken only
# when its text reads as Chinese or English (its confidence clears the threshold).
# Order: a byte-order mark; UTF-16 with a NUL in every other byte; UTF-8; UTF-16 LE
# and BE without a BOM; GB18030 and Big5 (the more plausible); Windows-1252.

#: Confidence a Chinese reading (GB18030, Big5, UTF-16 without BOM) must reach: the
#: share of its non-ASCII characters that are common characters or punctuation.
CJK_MIN_CONFIDENCE = 0.9
#: Confidence a Windows-1252 reading must reach: the share of its non-ASCII characters
#: that are Western letters inside words or the punctuation of Western prose.
WESTERN_MIN_CONFIDENCE = 0.98
#: A legacy reading needs at least this many non-ASCII characters: one stray byte in
#: an ASCII file is damage, not evidence of an encoding.
MIN_EVIDENCE = 2

_DISPLAY = {"utf-8": "UTF-8", "utf-16-le": "UTF-16 LE", "utf-16-be": "UTF-16 BE", "utf-32-le": "UTF-32 LE",
            "utf-32-be": "UTF-32 BE", "gb18030": "GB18030", "big5": "Big5", "cp1252": "Windows-1252"}
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
# Bytes shaped like a UTF-8 multi-byte character (surrogates included): a file holding
# them is UTF-8, damaged or mixed, not a single-byte code page.
_UTF8_SHAPED = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# Punctuation and symbols of Western prose that Windows-1252 holds.
_WESTERN_PUNCT = frozenset("\u00a0‘’‚“”„–—…•€™°§©®«»·±×÷¼½¾¢£¥¶²³¹µ¿¡ªº†‡‰‹›")
# Latin-1 letters that English and Western European prose do not use (eth, thorn, y-umlaut
# and the Icelandic capitals), whose bytes often come from damaged UTF-8 instead.
_UNWESTERN = frozenset("ðÐþÞÿ")
_CJK_PUNCT = re.compile(r"[\u3000-\u303f\uff00-\uffef\u2010-\u2027\u2030-\u205e\u00b7]")


@dataclass(frozen=True, slots=True)
class Attempt:
    """One candidate encoding tried on the bytes."""

    name: str  # the codec
    text: str | None  # the decoded text, when every byte decoded
    offset: int | None  # the first byte that did not decode
    confidence: float  # how well the text (or the part before ``offset``) reads, 0 to 1
    threshold: float  # the confidence a reading in this encoding must reach

    @property
    def plausible(self) -> bool:
        return self.confidence >= self.threshold


def decode(data: bytes, origin: str = "<bytes>", encoding: str | None = None,
           errors: str = "strict") -> tuple[str, str]:
    """Decode plain-text bytes; return the text and the name of the encoding used.

    ``encoding`` forces a codec; ``errors="replace"`` turns bytes that do not decode
    into U+FFFD (with the encoding given, or the most plausible one) instead of refusing.
    """
    if errors not in ("strict", "replace"):
        raise InputError(f"unknown --errors {errors!r}: use strict or replace")
    if encoding:
        return _forced(data, origin, encoding, errors)
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _with_bom(data, origin, bom, codec, name, errors)
    _refuse_magic(data, origin)
    if _nul_pattern_utf16(data):
        codec = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        text = _best([_try(data, codec, _possible, 1.0)])
        if text is not None:
            return _no_controls(text, origin), codec
    has_nul = b"\x00" in data
    attempts = [_try(data, "utf-8", _possible, 0.0)]
    if attempts[0].text is not None and not has_nul:
        return _no_controls(attempts[0].text, origin), "utf-8"
    if len(data) % 2 == 0:
        utf16 = [_try(data, c, _cjk_confidence, CJK_MIN_CONFIDENCE) for c in ("utf-16-le", "utf-16-be")]
        attempts += utf16
        text = _best(utf16)
        if text is not None:
            return _no_controls(text, origin), _chosen(utf16).name
    if has_nul:
        raise InputError("binary file (contains NUL bytes), not text", origin)
    legacy = [_try(data, "gb18030", _gb_confidence, CJK_MIN_CONFIDENCE),
              _try(data, "big5", _big5_confidence, CJK_MIN_CONFIDENCE)]
    attempts += legacy
    text = _best(legacy)
    if text is not None:
        name = _chosen(legacy).name
        return _no_controls(text, origin), _gb_name(text) if name == "gb18030" else name
    attempts.append(_try(data, "cp1252", lambda t: _western_confidence(t, data), WESTERN_MIN_CONFIDENCE))
    text = _best(attempts[-1:])
    if text is not None:
        return _no_controls(text, origin), "cp1252"
    return _refuse(data, origin, attempts, errors)


def _try(data: bytes, codec: str, confidence: Callable[[str], float], threshold: float) -> Attempt:
    """Decode strictly; score the text, or the part before the first bad byte."""
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        head = data[:exc.start].decode(codec, errors="ignore")
        return Attempt(codec, None, exc.start, confidence(head) if head else 0.0, threshold)
    return Attempt(codec, text, None, confidence(text), threshold)


def _chosen(attempts: list[Attempt]) -> Attempt:
    """The most plausible attempt that decoded every byte (ties: the first); see ``_best``."""
    return max((a for a in attempts if a.text is not None and a.plausible), key=lambda a: a.confidence)


def _best(attempts: list[Attempt]) -> str | None:
    """The text of the most plausible attempt that decoded every byte, or None when none is plausible."""
    if not any(a.text is not None and a.plausible for a in attempts):
        return None
    return _chosen(attempts).text


def _possible(text: str) -> float:
    """1 when the text holds no character a decoded text should not hold (see ``_impossible``), else 0."""
    return 0.0 if any(_impossible(ch) for ch in set(text)) else 1.0


def text_codec(name: str) -> str | None:
    """The codec ``name`` stands for when it decodes bytes to text; None for an unknown name and
    for codecs that do not (rot13, base64, zlib and the other bytes codecs, Python's ``undefined``)."""
    try:
        info = codecs.lookup(name)
        if not getattr(info, "_is_text_encoding", True):
            return None
        info.decode(b"")
    except (LookupError, UnicodeError):
        return None
    return info.name


def _forced(data: bytes, origin: str, encoding: str, errors: str) -> tuple[str, str]:
    """Decode with the codec the user named."""
    name = text_codec(encoding)
    if name is None:
        raise InputError(f"unknown encoding {encoding!r} (give a text encoding such as utf-8, gb18030, big5 or cp1252)")
    try:
        text = data.decode(name)
    except UnicodeDecodeError as exc:
        if errors != "replace":
            raise InputError(f"not valid {name}: {_where(data, exc.start, name)} "
                             "(--errors replace reads it anyway)", origin) from None
        try:
            text, name = data.decode(name, errors="replace"), f"{name} (bad bytes replaced)"
        except UnicodeError as again:  # idna and punycode allow no replacing
            raise InputError(f"not valid {name}: {_first_line(again)}", origin) from None
    except UnicodeError as exc:  # idna fails on a label, not on a byte
        raise InputError(f"not valid {name}: {_first_line(exc)}", origin) from None
    return _no_controls(text.removeprefix("\ufeff"), origin), name


def _with_bom(data: bytes, origin: str, bom: bytes, codec: str, name: str, errors: str) -> tuple[str, str]:
    plain = {"utf-8-sig": "utf-8"}.get(codec, name.split(" ")[0])  # utf-8 / utf-16-le / utf-32-be ...
    body = data[len(bom):]
    try:
        return _no_controls(body.decode(plain), origin), name
    except UnicodeDecodeError as exc:
        if errors != "replace":
            raise InputError(f"undecodable: {_where(data, exc.start + len(bom), plain)} in a file that starts "
                             f"with a {_DISPLAY.get(plain, plain)} byte-order mark", origin) from None
        return _no_controls(body.decode(plain, errors="replace"), origin), f"{name} (bad bytes replaced)"


def _refuse(data: bytes, origin: str, attempts: list[Attempt], errors: str) -> tuple[str, str]:
    """No candidate decodes cleanly and plausibly: say where and what was tried, or replace."""
    # the encoding that reads plausibly furthest before its first bad byte (UTF-8 always counts)
    failed = [a for a in attempts if a.offset is not None and a.plausible]
    best = max(failed, key=lambda a: a.offset or 0) if failed else attempts[0]
    if errors == "replace":
        text = data.decode(best.name, errors="replace")
        return _no_controls(text, origin), f"{best.name} (bad bytes replaced)"
    tried = ", ".join(a.name for a in attempts)
    raise InputError(f"undecodable: {_where(data, best.offset or 0, best.name)}{_mixed_note(data)} "
                     f"(tried: {tried}); give --encoding with its real encoding, or --encoding {best.name} --errors "
                     "replace to read it anyway", origin)


def _where(data: bytes, offset: int, codec: str) -> str:
    """``invalid UTF-8 at byte offset N (line L)``, naming an encoded surrogate."""
    lines = data.count(b"\n", 0, offset) + 1
    line = "" if codec.startswith(("utf-16", "utf-32")) else f" (line {lines})"
    what = f"invalid {_DISPLAY.get(codec, codec)} at byte offset {offset}{line}"
    if codec.startswith("utf-8") and re.match(rb"\xed[\xa0-\xbf]", data[offset:offset + 2]):
        what += ": an encoded UTF-16 surrogate, which UTF-8 does not allow"
    return what


def _mixed_note(data: bytes) -> str:
    """``; the file mixes UTF-8 (line 1) and GBK (from line 3)`` when its lines say so."""
    first: dict[str, int] = {}
    for n, line in enumerate(data.split(b"\n"), 1):
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            first.setdefault("UTF-8", n)
            continue
        except UnicodeDecodeError:
            pass
        for codec, label, score in (("gb18030", "GBK", _gb_confidence), ("big5", "Big5", _big5_confidence)):
            if _best([_try(line, codec, score, CJK_MIN_CONFIDENCE)]) is not None:
                first.setdefault(label, n)
                break
    if "UTF-8" not in first or len(first) < 2:
        return ""
    parts = sorted(first.items(), key=lambda kv: kv[1])
    return "; the file mixes " + " and ".join(f"{label} (first on line {n})" for label, n in parts)


def _refuse_magic(data: bytes, origin: str) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"binary file ({what}), not text", origin)


def _nul_pattern_utf16(data: bytes) -> bool:
    """ASCII-heavy UTF-16 without a BOM: a NUL in every other byte, on one side only."""
    sample = data[:4096]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    zero_even, zero_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    return (zero_odd > 0.3 and zero_even < 0.05) or (zero_even > 0.3 and zero_odd < 0.05)


def _no_controls(text: str, origin: str) -> str:
    bad = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS)
    if bad > max(8, len(text) // 50):
        raise InputError(f"binary file ({bad} control characters), not text", origin)
    return text


def _impossible(ch: str) -> bool:
    """Characters no decoded text should hold: C1 controls, private use, unassigned, surrogates."""
    cat = unicodedata.category(ch)
    return cat in ("Co", "Cn", "Cs") or (cat == "Cc" and "\x80" <= ch <= "\x9f")


def _cjk_confidence(text: str, common: Callable[[str], bool] | None = None) -> float:
    """How well a text reads as Chinese (or as plain text with Chinese punctuation).

    The share of non-ASCII characters that are common Han characters or CJK and
    general punctuation; 0 when one is impossible, or when Han characters are there
    but never two in a row (stray pairs of bytes read as Chinese), or when there are
    fewer than ``MIN_EVIDENCE`` non-ASCII characters to judge by.
    """
    common = common or _common_han
    counts = Counter(ch for ch in text if ch >= "\x80")
    if not counts:
        return 1.0
    if sum(counts.values()) < MIN_EVIDENCE or any(_impossible(ch) for ch in counts):
        return 0.0
    han = [ch for ch in counts if _HAN.match(ch)]
    if han and not _HAN_RUN.search(text):
        return 0.0
    good = sum(n for ch, n in counts.items() if (common(ch) if _HAN.match(ch) else bool(_CJK_PUNCT.match(ch))))
    return good / sum(counts.values())


_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2}")


@lru_cache(maxsize=65536)
def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


@lru_cache(maxsize=65536)
def _in_big5_level1(ch: str) -> bool:
    """Big5's symbols and level 1 (the 5,401 frequent characters), lead bytes A1 to C6."""
    try:
        return ch.encode("big5")[0] <= 0xC6
    except UnicodeEncodeError:
        return False


def _common_han(ch: str) -> bool:
    """A Han character in common use: in GB2312 or in Big5's level 1."""
    return _in_gb2312(ch) or _in_big5_level1(ch)


def _gb_confidence(text: str) -> float:
    return _cjk_confidence(text, _common_han)  # GBK holds traditional characters too


def _big5_confidence(text: str) -> float:
    return _cjk_confidence(text, _in_big5_level1)


def _western_confidence(text: str, data: bytes) -> float:
    """How well a Windows-1252 reading reads as Western prose; 0 for bytes shaped like UTF-8."""
    if _UTF8_SHAPED.search(data):
        return 0.0
    total = good = 0
    prev = ""
    for ch in text:
        if ch >= "\x80":
            total += 1
            letter = ch.isalpha() and ch not in _UNWESTERN and not (ch.isupper() and prev.islower())
            good += ch in _WESTERN_PUNCT or letter
        prev = ch
    if total == 0:
        return 1.0
    return good / total if total >= MIN_EVIDENCE else 0.0


def _gb_name(text: str) -> str:
    for name in ("gb2312", "gbk"):
        try:
            text.encode(name)
            return name
        except UnicodeEncodeError:
            pass
    return "gb18030"


# --------------------------------------------------------------------------- DOCX

#: Limits on a DOCX package, checked on its ZIP directory before anything is
#: decompressed (zipfile never yields more than a member's declared size).
DOCX_MAX_MEMBERS = 10_000
DOCX_MAX_UNCOMPRESSED = 200 * 2**20
DOCX_MAX_RATIO = 400
DOCX_RATIO_FROM = 2**20  # the ratio limit applies to members larger than this, uncompressed


def _check_package(zf: zipfile.ZipFile, origin: str) -> None:
    """Refuse a ZIP that would expand beyond the DOCX limits (a zip bomb)."""
    infos = zf.infolist()
    if len(infos) > DOCX_MAX_MEMBERS:
        raise InputError(f"refusing a DOCX of {len(infos):,} members (limit {DOCX_MAX_MEMBERS:,})", origin)
    for info in infos:
        if info.file_size > DOCX_RATIO_FROM and info.file_size > DOCX_MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            raise InputError(f"refusing a DOCX whose member {info.filename} expands {ratio:,.0f}:1 (limit "
                             f"{DOCX_MAX_RATIO}:1 for members over {DOCX_RATIO_FROM // 2**20} MB): a zip bomb", origin)
    total = sum(info.file_size for info in infos)
    if total > DOCX_MAX_UNCOMPRESSED:
        raise InputError(f"refusing a DOCX that expands to {total / 2**20:,.0f} MB "
                         f"(limit {DOCX_MAX_UNCOMPRESSED // 2**20} MB uncompressed)", origin)


def _docx_text(data: bytes, origin: str) -> str:
    """Paragraph texts of a DOCX body in document order (tables included), one per line."""
    import io

    import docx
    from docx.oxml.ns import qn

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            _check_package(zf, origin)
            bad = zf.testzip()
            if bad is not None:
                raise InputError(f"corrupt DOCX: member {bad} fails its checksum", origin)
            if "word/document.xml" not in zf.namelist():
                raise InputError("not a DOCX file: a ZIP archive without word/document.xml", origin)
        document = docx.Document(io.BytesIO(data))
    except InputError:
        raise
    except zipfile.BadZipFile:
        raise InputError("truncated or corrupt DOCX (not a complete ZIP archive)", origin) from None
    except Exception as exc:  # python-docx raises several types for broken parts
        raise InputError(f"unreadable DOCX: {type(exc).__name__}: {_first_line(exc)}", origin) from None
    lines: list[str] = []
    body = document.element.body
    for el in body.iterchildren():
        if el.tag == qn("w:p"):
            lines.append(el.text)  # CT_P.text: runs, tabs, breaks and hyperlinks
        elif el.tag == qn("w:tbl"):
            for p in el.iter(qn("w:p")):
                lines.append(p.text)
    return "\n".join(lines)


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [""])[0][:200]


# --------------------------------------------------------------------------- HTML

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "blockquote", "pre", "dd", "dt", "dl", "center", "td", "th",
}
_DROP_TAGS = ("script", "style", "noscript", "template", "head", "iframe", "object", "svg", "nav", "form")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)
_XML_DECL = re.compile(r"^\ufeff?\s*<\?xml[^>]*\?>")

#: The deepest element nesting read from a web page (libxml2's own tree stops at 256,
#: or 2,048 with huge_tree; ipdoc builds the tree itself, so deeper pages keep their text).
HTML_MAX_DEPTH = 20_000


class _TreeTarget:
    """Parser events into an lxml.html tree with no nesting limit but ``HTML_MAX_DEPTH``.

    Elements deeper than that are left out and ``too_deep`` is set. Comments and
    processing instructions are not forwarded, so they never reach the tree.
    """

    def __init__(self) -> None:
        self._builder = etree.TreeBuilder(parser=html.HTMLParser())
        self._depth = 0
        self.too_deep = False

    def start(self, tag, attrib):
        self._depth += 1
        if self._depth > HTML_MAX_DEPTH:
            self.too_deep = True
            return None
        return self._builder.start(tag, attrib)

    def end(self, tag):
        self._depth -= 1
        if self._depth < HTML_MAX_DEPTH:
            return self._builder.end(tag)
        return None

    def data(self, text):
        if self._depth <= HTML_MAX_DEPTH:
            self._builder.data(text)

    def close(self):
        return self._builder.close()


def _html_text(data: bytes, origin: str, encoding: str | None = None, errors: str = "strict") -> tuple[str, str]:
    """Main text of a saved web page: scripts, styles and navigation dropped."""
    source, used = _html_source(data, origin, encoding, errors)
    target = _TreeTarget()
    parser = etree.HTMLParser(target=target, no_network=True)
    try:
        root = etree.fromstring(_XML_DECL.sub("", source, count=1), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(f"unreadable HTML: {_first_line(exc)}", origin) from None
    if target.too_deep:
        raise InputError(f"refusing HTML nested deeper than {HTML_MAX_DEPTH:,} elements", origin)
    if root is None:
        return "", used
    for tag in _DROP_TAGS:
        for el in list(root.iter(tag)):
            el.drop_tree()
    main = _main_element(root)
    text = _block_text(main)
    title = _title_outside(root, main)
    return (f"{title}\n{text}" if title else text), used


def _html_source(data: bytes, origin: str, encoding: str | None, errors: str) -> tuple[str, str]:
    """The page decoded: as the user says, else as its meta charset says (when that decodes), else by ``decode``."""
    if encoding:
        return decode(data, origin, encoding, errors)
    declared = _META_CHARSET.search(data[:4096])
    if declared and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        name = declared.group(1).decode("ascii").lower()
        codec = text_codec("gb18030" if name in ("gb2312", "gbk") else name)
        if codec is not None:
            try:
                return data.decode(codec), name
            except UnicodeError:
                pass
    return decode(data, origin, None, errors)


def _main_element(root):
    """The element whose own paragraphs hold the most text (the article body)."""
    best, best_score = root, 0
    for el in root.iter("div", "article", "section", "td", "main", "body"):
        score = 0
        for child in el:
            if isinstance(child.tag, str) and child.tag in ("p", "span", "font", "h2", "h3", "h4", "li"):
                score += len((child.text_content() or "").strip())
        score += len((el.text or "").strip()) + sum(len((c.tail or "").strip()) for c in el)
        if score > best_score:
            best, best_score = el, score
    return best


def _title_outside(root, main) -> str:
    """The first h1 outside the main element: saved pages often keep the title there."""
    inside = set(main.iter())
    for h in root.iter("h1"):
        if h not in inside:
            title = " ".join((h.text_content() or "").split())
            if title:
                return title
    return ""


def _block_text(el) -> str:
    """The text under ``el``, a line break around every block element (walked without recursion)."""
    parts: list[str] = []
    for event, node in etree.iterwalk(el, events=("start", "end")):
        block = isinstance(node.tag, str) and node.tag in _BLOCK_TAGS
        if event == "start":
            if block:
                parts.append("\n")
            if node.text:
                parts.append(node.text)
        else:
            if block:
                parts.append("\n")
            if node is not el and node.tail:
                parts.append(node.tail)
    raw = "".join(parts).replace("\r\n", "\n").replace("\xa0", " ")
    lines = [" ".join(line.split()) if not _HAN.search(line) else line.strip() for line in raw.split("\n")]
    return "\n".join(line for line in lines if line)
