"""Names a user types (a source, a sort order) checked against what the store knows, so a
typo is an error that lists the right names instead of an empty result."""

from __future__ import annotations

import difflib

import storage

from .errors import NotFound


class UnknownSource(NotFound):
    """A --source / source= that no crawl ever registered."""

    def __init__(self, name: str, known: list[str]):
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        listed = ", ".join(known) if known else "none yet (run `newsmon run` first)"
        super().__init__(f"unknown source {name!r}; {hint}known sources: {listed}")
        self.name = name
        self.known = known


def require_source(conn, name: str | None) -> str | None:
    """`name` when the store knows it (or None when no source was asked for)."""
    if name is None:
        return None
    known = storage.source_names(conn)
    if name not in known:
        raise UnknownSource(name, known)
    return name
