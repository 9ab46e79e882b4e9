"""ipdoc: check, align, correct and export Chinese-to-English translated documents."""

from __future__ import annotations

__version__ = "0.1.0"
