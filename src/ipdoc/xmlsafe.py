"""Parsing XML we did not write: no DTD loading, no entity expansion, no network.

The bytes are decoded first, as XML says a parser must (a byte-order mark, then
the first four bytes, then the encoding the XML declaration names), so a file in
UTF-16 or any other encoding is judged on its characters. A document that declares
entities (the billion-laughs and XXE attacks both need ``<!ENTITY``) is refused
outright; a plain ``<!DOCTYPE … SYSTEM "x.dtd">`` line, as TMX files carry, is
allowed but never fetched. lxml then parses the decoded text with entity
resolution, DTD loading and network access off.
"""

from __future__ import annotations

import codecs
import re

from lxml import etree

from .errors import InputError
from .read import text_codec

_ENTITY = re.compile(r"<!ENTITY", re.I)
_DECLARED = re.compile(rb"""^<\?xml\s[^>]*?\bencoding\s*=\s*(["'])([A-Za-z][A-Za-z0-9._-]*)\1""")

# (first bytes, codec, bytes to skip): byte-order marks, then the patterns of "<?" (XML 1.0, appendix F).
_SIGNATURES = (
    (codecs.BOM_UTF32_LE, "utf-32-le", 4),
    (codecs.BOM_UTF32_BE, "utf-32-be", 4),
    (codecs.BOM_UTF8, "utf-8", 3),
    (codecs.BOM_UTF16_LE, "utf-16-le", 2),
    (codecs.BOM_UTF16_BE, "utf-16-be", 2),
    (b"\x00\x00\x00<", "utf-32-be", 0),
    (b"<\x00\x00\x00", "utf-32-le", 0),
    (b"\x00<", "utf-16-be", 0),
    (b"<\x00", "utf-16-le", 0),
    (b"\x4c\x6f\xa7\x94", "cp037", 0),  # "<?xm" in EBCDIC
)


# lxml reads the decoded text re-encoded as UTF-8 (overriding any declaration), resolving nothing.
_SAFE = {"encoding": "utf-8", "resolve_entities": False, "no_network": True, "load_dtd": False, "huge_tree": False}


def xml_encoding(data: bytes, origin: str = "<bytes>", what: str = "XML") -> tuple[str, int]:
    """The codec of an XML document and the length of its byte-order mark."""
    codec, skip = "utf-8", 0
    for signature, name, length in _SIGNATURES:
        if data.startswith(signature):
            codec, skip = name, length
            break
    if codec.startswith(("utf-16", "utf-32")):
        return codec, skip  # the declaration, if any, can only agree
    head = data[skip:skip + 1024]
    if codec == "cp037":
        head = head.decode("cp037", errors="replace").encode("ascii", errors="replace")
    m = _DECLARED.match(head)
    if m is None:
        return codec, skip
    declared = m.group(2).decode("ascii")
    named = text_codec(declared)
    if named is None:
        raise InputError(f"unreadable {what}: its XML declaration names an unknown encoding {declared!r}", origin)
    if named.startswith(("utf-16", "utf-32")):
        raise InputError(f"not well-formed {what}: it declares {declared} but is not written in it", origin)
    return named, skip


def decode_xml(data: bytes, origin: str = "<bytes>", what: str = "XML") -> tuple[str, str]:
    """The characters of an XML document and the codec they were read with."""
    codec, skip = xml_encoding(data, origin, what)
    try:
        return data[skip:].decode(codec), codec
    except UnicodeDecodeError as exc:
        raise InputError(f"not well-formed {what}: invalid {codec} at byte offset {exc.start + skip}",
                         origin) from None
    except UnicodeError as exc:  # a codec such as idna fails on a label, not on a byte
        raise InputError(f"not well-formed {what}: not valid {codec} ({exc})", origin) from None


def parse_xml(data: bytes, origin: str, what: str = "XML"):
    """An lxml element tree root from bytes, or an InputError with one clear line."""
    if not data.strip():
        raise InputError("empty file", origin)
    text, _ = decode_xml(data, origin, what)
    if _ENTITY.search(text):
        raise InputError(f"refusing {what} that declares entities (DTD entity expansion is not allowed)", origin)
    try:
        return etree.fromstring(text.encode("utf-8"), parser=etree.XMLParser(dtd_validation=False, **_SAFE))
    except etree.XMLSyntaxError as exc:
        raise InputError(f"not well-formed {what}: {str(exc).splitlines()[0][:160]}", origin) from None
    except ValueError as exc:
        raise InputError(f"unreadable {what}: {exc}", origin) from None


def root_name(data: bytes, chunk: int = 1 << 16) -> tuple[str | None, str] | None:
    """The namespace and local name of the root element, parsing no further than its start
    tag (comments, PIs and a DOCTYPE before it may be of any length); None if not XML."""
    try:
        codec, skip = xml_encoding(data)
    except InputError:
        return None
    decoder = codecs.getincrementaldecoder(codec)()
    parser = etree.XMLPullParser(events=("start",), **_SAFE)
    try:
        for pos in range(skip, len(data), chunk):
            parser.feed(decoder.decode(data[pos:pos + chunk]).encode("utf-8"))
            for _event, el in parser.read_events():
                q = etree.QName(el)
                return q.namespace, q.localname
    except (UnicodeError, etree.XMLSyntaxError, ValueError):
        return None
    return None


def is_root(data: bytes, namespace: str | None, localname: str) -> bool:
    """Whether the document's root element is ``{namespace}localname`` (any encoding)."""
    return root_name(data) == (namespace, localname)
