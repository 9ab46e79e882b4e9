"""The one exception the CLI turns into a single line and exit status 2."""

from __future__ import annotations


class InputError(Exception):
    """Bad input: a missing, empty, binary, undecodable or malformed file, or a bad option."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path

    def __str__(self) -> str:
        msg = super().__str__()
        return f"{self.path}: {msg}" if self.path else msg
