"""A source's frontier: the URLs it will fetch, in the contract's order of trust, then by how
barren the chain above them is, then first come first served (breadth first).

The spider hands Scrapy only a few requests of a source at a time, so decisions about the
rest (traps, the time budget) are made with what is known when a request is sent, and what a
source did not get to is still here to be saved for its next run.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

from .sessions import Probe
from .yieldguard import Node

# Lower goes first. A probe confirms a session id before more of its URLs are queued.
TIERS = {"robots": 0, "probe": 0, "resume": 1, "given": 2, "robots_sitemap": 3,
         "homepage": 4, "recheck": 5, "entry": 6, "link": 7}


@dataclass(eq=False)
class Entry:
    url: str
    kind: str  # page | feed | sitemap | robots
    why: str  # a key of TIERS
    parent: Node | None = None
    lastmod: str | None = None
    trusted: bool = False
    homepage: bool = False
    probe: Probe | None = None
    guess: bool = False  # a URL tried on the off chance (/sitemap.xml): its absence is no error
    settled: bool = False  # deferred once already: decide with what is known now
    hint: int = 0  # barren chain when queued (ordering only)


@dataclass
class Frontier:
    _heap: list = field(default_factory=list)
    deferred: list[Entry] = field(default_factory=list)
    _seq: Iterator[int] = field(default_factory=itertools.count)

    def push(self, entry: Entry) -> None:
        heapq.heappush(self._heap, (TIERS[entry.why], entry.hint, next(self._seq), entry))

    def pop(self) -> Entry | None:
        return heapq.heappop(self._heap)[-1] if self._heap else None

    def defer(self, entry: Entry) -> None:
        self.deferred.append(entry)

    def wake(self, settled: bool) -> int:
        """Deferred entries back in the queue; `settled`: decide them with no more waiting."""
        woken, self.deferred = self.deferred, []
        for entry in woken:
            entry.settled = entry.settled or settled
            self.push(entry)
        return len(woken)

    def __len__(self) -> int:
        return len(self._heap) + len(self.deferred)

    def entries(self) -> list[Entry]:
        """Everything still to fetch, in the order it would have been fetched."""
        return [item[-1] for item in sorted(self._heap, key=lambda i: i[:3])] + self.deferred

    def clear(self) -> list[Entry]:
        left = self.entries()
        self._heap, self.deferred = [], []
        return left
