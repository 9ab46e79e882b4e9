"""Characters XML 1.0 can hold, and the one way ipdoc shows those it cannot.

XML 1.0 allows tab, line feed, carriage return and the code points from U+0020 on,
except the surrogates and U+FFFE/U+FFFF. Exports that carry text for people (DOCX,
TMX, XLIFF) show a C0 control character as its Unicode control picture (BEL as ␇),
and a lone surrogate or a non-character as the replacement character.
"""

from __future__ import annotations

import re

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CONTROL_PICTURES = 0x2400


def has_non_xml(text: str) -> bool:
    """Whether ``text`` holds a character XML 1.0 cannot hold."""
    return _NOT_XML.search(text) is not None


def is_xml_char(ch: str) -> bool:
    """Whether one character may appear in an XML 1.0 document."""
    o = ord(ch)
    return o in (0x9, 0xA, 0xD) or 0x20 <= o <= 0xD7FF or 0xE000 <= o <= 0xFFFD or 0x10000 <= o <= 0x10FFFF


def _shown(ch: str) -> str:
    o = ord(ch)
    return chr(_CONTROL_PICTURES + o) if o < 0x20 else "\ufffd"


def xml_safe(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold replaced by a visible stand-in."""
    if not _NOT_XML.search(text):
        return text
    return _NOT_XML.sub(lambda m: _shown(m.group()), text)
