"""Parsing XML we did not write: no DTD loading, no entity expansion, no network.

A document that declares entities (the billion-laughs and XXE attacks both need
``<!ENTITY``) is refused outright; a plain ``<!DOCTYPE … SYSTEM "x.dtd">`` line, as
TMX files carry, is allowed but never fetched.
"""

from __future__ import annotations

import re

from .errors import InputError

_ENTITY = re.compile(rb"<!ENTITY", re.I)


def parse_xml(data: bytes, origin: str, what: str = "XML"):
    """An lxml element tree root from bytes, or an InputError with one clear line."""
    from lxml import etree

    if not data.strip():
        raise InputError("empty file", origin)
    if _ENTITY.search(data[:65536]) or _ENTITY.search(data):
        raise InputError(f"refusing {what} that declares entities (DTD entity expansion is not allowed)", origin)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=False)
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"not well-formed {what}: {str(exc).splitlines()[0][:160]}", origin) from None
    except ValueError as exc:
        raise InputError(f"unreadable {what}: {exc}", origin) from None
