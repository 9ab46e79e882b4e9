"""Reading: bytes to a Text, whatever the container and the encoding.

Decoding order for plain text: a byte-order mark, then strict UTF-8, then
GB18030 (accepted only when what it gives looks like Chinese), then
charset-normalizer for the rest. The decoded string is kept exactly; nothing is
normalised here (see ``normalize.py`` for the reversible views later stages use).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
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


def read_text(path: str | Path, lang: str = "auto") -> Text:
    """Read a .txt, .docx or saved .html file into a Text, checking its language.

    ``lang`` is ``auto``, ``zh`` or ``en``; a file whose script says otherwise is
    refused, so swapped arguments are caught.
    """
    p = Path(path)
    origin = str(path)
    if not p.exists():
        raise InputError("no such file", origin)
    if p.is_dir():
        raise InputError("is a directory, not a file", origin)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", origin) from None
    return text_from_bytes(data, origin, lang=lang, suffix=p.suffix.lower())


def text_from_bytes(data: bytes, origin: str, lang: str = "auto", suffix: str = "") -> Text:
    """Decode bytes of any supported container into a Text (see ``read_text``)."""
    if not data.strip():
        raise InputError("empty file", origin)
    fmt = sniff_format(data, suffix)
    if fmt == "docx":
        content, encoding = _docx_text(data, origin), "docx"
    elif fmt == "html":
        content, encoding = _html_text(data, origin)
    elif fmt == "tei":
        from .export.tei import text_of

        content, encoding = text_of(data, origin, lang)
    else:
        content, encoding = decode(data, origin)
    if not content.strip():
        raise InputError(f"no text found in this {fmt.upper()} file", origin)
    return Text(content, _check_lang(content, lang, origin), origin, encoding, fmt)


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


def decode(data: bytes, origin: str = "<bytes>") -> tuple[str, str]:
    """Decode plain-text bytes; return the text and the name of the encoding used."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return _no_controls(data.decode(codec), origin), name
            except UnicodeDecodeError as exc:
                raise InputError(f"undecodable bytes at offset {exc.start} ({name} with BOM)", origin) from None
    _refuse_binary(data, origin)
    if _looks_utf16(data):
        codec = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        try:
            return _no_controls(data.decode(codec), origin), codec
        except UnicodeDecodeError:
            pass
    try:
        return _no_controls(data.decode("utf-8"), origin), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _plausible_chinese(text):
        return _no_controls(text, origin), _gb_name(text)
    return _fallback(data, origin)


def _refuse_binary(data: bytes, origin: str) -> None:
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"binary file ({what}), not text", origin)
    sample = data[:8192]
    if b"\x00" in sample and not _looks_utf16(data):
        raise InputError("binary file (contains NUL bytes), not text", origin)


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    zero_even, zero_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    # ASCII-heavy UTF-16 has a NUL in every other byte; Chinese UTF-16 has few NULs
    # but then the strict UTF-8 and GB18030 attempts decide instead.
    return (zero_odd > 0.3 and zero_even < 0.05) or (zero_even > 0.3 and zero_odd < 0.05)


def _no_controls(text: str, origin: str) -> str:
    bad = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    if bad > max(8, len(text) // 50):
        raise InputError(f"binary file ({bad} control characters), not text", origin)
    return text


def _plausible_chinese(text: str) -> bool:
    """GB18030 decodes nearly any bytes; accept only text that reads as Chinese."""
    han = _HAN.findall(text)
    if not han:
        return False
    common = 0
    for ch in han:
        try:
            ch.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common / len(han) >= 0.9


def _gb_name(text: str) -> str:
    try:
        text.encode("gb2312")
        return "gb2312"
    except UnicodeEncodeError:
        pass
    try:
        text.encode("gbk")
        return "gbk"
    except UnicodeEncodeError:
        return "gb18030"


def _fallback(data: bytes, origin: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError("undecodable bytes: not UTF-8, UTF-16, GB18030 or any encoding recognised", origin)
    text = str(best)
    return _no_controls(text, origin), best.encoding


# --------------------------------------------------------------------------- DOCX


def _docx_text(data: bytes, origin: str) -> str:
    """Paragraph texts of a DOCX body in document order (tables included), one per line."""
    import io

    import docx
    from docx.oxml.ns import qn

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
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
            lines.append(_para_text(el))
        elif el.tag == qn("w:tbl"):
            for p in el.iter(qn("w:p")):
                lines.append(_para_text(p))
    return "\n".join(lines)


def _para_text(p_el) -> str:
    from docx.text.paragraph import Paragraph

    return Paragraph(p_el, None).text


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [""])[0][:200]


# --------------------------------------------------------------------------- HTML

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "blockquote", "pre", "dd", "dt", "dl", "center", "td", "th",
}
_DROP_TAGS = ("script", "style", "noscript", "template", "head", "iframe", "object", "svg", "nav", "form")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


def _html_text(data: bytes, origin: str) -> tuple[str, str]:
    """Main text of a saved web page: scripts, styles and navigation dropped."""
    from lxml import etree, html

    declared = _META_CHARSET.search(data[:4096])
    encoding = None
    if declared and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        name = declared.group(1).decode("ascii").lower()
        try:
            codecs.lookup(name)
            source = data.decode("gb18030" if name in ("gb2312", "gbk") else name)
            encoding = name
        except (LookupError, UnicodeDecodeError):
            encoding = None
    if encoding is None:
        source, encoding = decode(data, origin)
    parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = html.document_fromstring(source, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"unreadable HTML: {_first_line(exc)}", origin) from None
    for tag in _DROP_TAGS:
        for el in root.iter(tag):
            el.drop_tree()
    main = _main_element(root)
    text = _block_text(main)
    title = _title_outside(root, main)
    return (f"{title}\n{text}" if title else text), encoding


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
    parts: list[str] = []

    def walk(node) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in _BLOCK_TAGS:
            parts.append("\n")

    walk(el)
    raw = "".join(parts).replace("\r\n", "\n").replace("\xa0", " ")
    lines = [" ".join(line.split()) if not _HAN.search(line) else line.strip() for line in raw.split("\n")]
    return "\n".join(line for line in lines if line)
