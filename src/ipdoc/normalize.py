"""Normalised views of a text, reversible by offsets.

The model keeps every Text exactly as decoded. Stages that want a normalised form
— full-width letters and digits folded to ASCII, no-break spaces as spaces, CRLF
as LF — take a :class:`View`: the normalised string with, for every character, the
offset in the source it came from, so whatever is found in the view maps back to a
span of the source.
"""

from __future__ import annotations

from dataclasses import dataclass

_SPACES = {"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u3000": " ", "\u2009": " ", "\u200a": " "}


@dataclass(frozen=True, slots=True)
class View:
    """A normalised string and where each of its characters came from."""

    text: str
    source: str
    offsets: tuple[int, ...]  # len(text) + 1 entries: source offset of each view character, then the end

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """The source span a view span came from."""
        return self.offsets[start], self.offsets[end] if end < len(self.offsets) else len(self.source)

    def source_text(self, start: int, end: int) -> str:
        """The source characters a view span came from."""
        s, e = self.to_source(start, end)
        return self.source[s:e]


def _fold(ch: str, fold: str) -> str:
    """One character folded: full-width ASCII to ASCII (letters and digits only for ``alnum``), spaces to a space."""
    if fold == "none":
        return ch
    o = ord(ch)
    if 0xFF01 <= o <= 0xFF5E:
        ascii_ = chr(o - 0xFEE0)
        if fold == "all" or ascii_.isalnum():
            return ascii_
    return _SPACES.get(ch, ch)


def view(source: str, fold: str = "all") -> View:
    """Normalise ``source``: ``fold`` is ``all`` (full-width ASCII and spaces), ``alnum``
    (full-width letters and digits only, Chinese punctuation kept) or ``none``; CRLF
    and CR become LF in every case."""
    out: list[str] = []
    offs: list[int] = []
    i = 0
    n = len(source)
    while i < n:
        ch = source[i]
        if ch == "\r":
            out.append("\n")
            offs.append(i)
            i += 2 if i + 1 < n and source[i + 1] == "\n" else 1
            continue
        out.append(_fold(ch, fold))
        offs.append(i)
        i += 1
    offs.append(n)
    return View("".join(out), source, tuple(offs))
