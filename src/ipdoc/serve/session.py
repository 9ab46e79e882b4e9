"""The state of one ``ipdoc serve``: the project file, the review it holds, and saves.

Every change is made by the service functions (:func:`ipdoc.pipeline.change`) on
the review as it stands, under a lock; the project file is then written whole
and atomically (temporary file, rename) with its revision counter one higher. A
change names the revision it was made from: one made from an older revision (a
second tab, another program that rewrote the file) is refused as a conflict, so
no edit is ever lost by being written over.
"""

from __future__ import annotations

import os
import threading
from dataclasses import replace
from pathlib import Path

from ..errors import InputError
from ..export.project import export_json, export_xml
from ..io import write_atomic
from ..pipeline import change, load_project
from ..review import Review
from .views import View


class Conflict(Exception):
    """A change made from a revision that is not the current one."""

    def __init__(self, revision: int) -> None:
        super().__init__(f"the project was saved meanwhile (now at revision {revision})")
        self.revision = revision


class Session:
    """One project file served: the current review, its view, and versioned saves."""

    def __init__(self, path: str | Path, who: str) -> None:
        self.path = Path(path)
        if not os.access(self.path.parent, os.W_OK) or (self.path.exists() and not os.access(self.path, os.W_OK)):
            raise InputError("cannot write the project file here: serve saves every change to it", str(path))
        self.who = who
        self.lock = threading.Lock()
        self.review = load_project(self.path)
        self.json = self.path.read_bytes().lstrip()[:1] == b"{"
        self.stamp = self._stamp()
        self._view: tuple[Review, View] | None = None
        # the first save serialises the texts, later ones reuse that: do it now, aside
        threading.Thread(target=self._serialise, args=(self.review,), daemon=True).start()

    def _serialise(self, review: Review) -> bytes:
        return export_json(review) if self.json else export_xml(review)

    def _stamp(self) -> tuple[int, int, int]:
        st = os.stat(self.path)
        return st.st_mtime_ns, st.st_size, st.st_ino

    def _refresh(self) -> None:
        """Read the file again if something else rewrote it."""
        if self._stamp() != self.stamp:
            self.review = load_project(self.path)
            self.stamp = self._stamp()

    def current(self) -> Review:
        """The review as saved (read again if the file changed and no change is under way)."""
        if self.lock.acquire(blocking=False):
            try:
                self._refresh()
            finally:
                self.lock.release()
        return self.review

    def view(self) -> View:
        """The view of the current review (made once per revision)."""
        review = self.current()
        cached = self._view
        if cached is None or cached[0] is not review:
            cached = (review, View(review))
            self._view = cached
        return cached[1]

    def change(self, revision: int, action: str, args: dict) -> Review:
        """Make one change from ``revision`` and save it; a stale revision is a Conflict."""
        with self.lock:
            self._refresh()
            if revision != self.review.revision:
                raise Conflict(self.review.revision)
            new = change(self.review, action, args, self.who)
            if new is self.review:
                return new  # nothing changed (a re-alignment that found the same beads)
            new = replace(new, revision=self.review.revision + 1)
            write_atomic(self.path, self._serialise(new))
            self.stamp = self._stamp()
            self.review = new
            return new
