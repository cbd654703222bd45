"""Crawl traps bounded by what they yield, not by what their URLs look like.

Every fetched page is a node of the link tree; a listing is *productive* once one of its
links led to an article this run had not reached yet. A request's *barren chain* is the number
of unproductive pages directly above it (its parent, the parent's parent, ...). A chain crosses
any number of URL patterns: a forum whose index and topics alternate, a calendar, pagination
past its end and endless facet combinations all grow a chain of pages that find nothing.

An article page is never productive: stories are found through listings, and a chain of
"articles" each found only through the last (comment pages, a guestbook, forum topics the
classifier takes for stories) is a trap like any other. Such pages, and copies of a page
already fetched, are *charged* to the source's budget when they are reached through a
barren chain; stories linked from a productive listing never are.

A source may follow links at most `max_chain` barren pages deep, and may spend at most
`budget` pages in all on unproductive listings and charged pages; a listing that later turns
productive gives its place back. While a listing may still turn productive (some of its links
are in flight) requests that would break a limit wait instead of being dropped; they are
decided once the source has nothing else to do. Deep pagination that keeps finding articles
never grows a chain.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

from .traps import url_pattern

log = logging.getLogger(__name__)

GO, DEFER, DROP = "go", "defer", "drop"


@dataclass(eq=False)
class Node:
    """A fetched page (or, with `base`, the chain a resumed request had in an earlier run)."""

    url: str
    parent: "Node | None" = None
    listing: bool = True  # a non-article page: counts in the barren budget
    article: bool = False  # an article page: never productive itself
    root: bool = False  # homepage, feeds, sitemaps: what they link is never a trap
    base: int = 0  # barren pages above it, carried over from an earlier run
    productive: bool = False
    pending: int = 0  # links of it queued or in flight
    sealed: bool = False  # its links have all been queued
    dropped: int = 0  # links of it not followed as a trap
    charged: int = 0  # pages charged to the budget: itself (an article) and copies it linked


@dataclass
class YieldGuard:
    """The barren-chain and barren-budget rules for one source in one run."""

    max_chain: int = 6
    budget: int = 100
    barren: int = 0  # unproductive listing nodes
    decided: int = 0  # ... of which no link is pending any more
    spent: int = 0  # charged pages: articles and copies reached through a barren chain
    nodes: list[Node] = field(default_factory=list)  # those the trap report is made of

    def node(self, url: str, parent: Node | None, *, listing: bool = True,
             root: bool = False) -> Node:
        made = Node(url, parent, listing=listing and not root, root=root,
                    article=not listing and not root)
        if made.listing:
            self.barren += 1
            self.nodes.append(made)
        return made

    def charge(self, node: Node | None, parent: Node | None) -> bool:
        """An article page (`node`) or a copy of a page already fetched (None) came through
        `parent`: charged to the budget if the chain above it is barren. True if charged."""
        if self.chain(parent)[0] == 0:
            return False
        self.spent += 1
        owner = node if node is not None else parent
        owner.charged += 1
        if owner not in self.nodes and not owner.listing:
            self.nodes.append(owner)
        return True

    def resumed(self, barren: int) -> Node:
        """The stand-in parent of a request saved by an earlier run `barren` pages deep."""
        return Node("", None, listing=False, base=barren, sealed=True)

    def add_child(self, node: Node | None) -> None:
        if node is not None:
            node.pending += 1

    def seal(self, node: Node) -> None:
        node.sealed = True
        self._maybe_decided(node)

    def resolve(self, node: Node | None) -> None:
        """One link of `node` was fetched, failed or dropped."""
        if node is None:
            return
        node.pending -= 1
        self._maybe_decided(node)

    def credit(self, node: Node | None) -> None:
        """A link of `node` led to an article new to this run (only a listing takes credit)."""
        if node is None or node.productive or node.article:
            return
        if node.listing:
            self.barren -= 1
            if node.sealed and node.pending <= 0:
                self.decided -= 1
        node.productive = True

    def _maybe_decided(self, node: Node) -> None:
        if node.listing and not node.productive and node.sealed and node.pending == 0:
            self.decided += 1

    def chain(self, parent: Node | None) -> tuple[int, bool]:
        """(barren pages above a request of `parent`, whether one of them may still turn
        productive because other links of it are pending)."""
        levels, undecided, node, own = 0, False, parent, 1
        while node is not None and not node.productive and not node.root:
            levels += node.base or 1
            if node.listing:  # articles and stand-ins from an earlier run never turn productive
                undecided |= node.pending > own or not node.sealed
            own = 0
            if levels > self.max_chain:
                break
            node = node.parent
        return levels, undecided

    def decide(self, parent: Node | None, settled: bool = False) -> str:
        """GO, DEFER (ask again when the source has nothing else to do) or DROP."""
        levels, undecided = self.chain(parent)
        if levels == 0:
            return GO
        final = settled or not undecided
        if levels >= self.max_chain:
            return DROP if final else DEFER
        if (self.barren if settled else self.decided) + self.spent >= self.budget:
            return DROP
        return DEFER if self.barren + self.spent >= self.budget else GO

    def drop(self, parent: Node | None) -> None:
        if parent is not None:
            parent.dropped += 1

    def traps(self) -> list[dict]:
        """The traps met: where each was entered, how many pages it cost, what it left."""
        found: dict[int, dict] = {}
        for node in self.nodes:
            if node.productive:
                continue
            entry = self._entry(node)
            trap = found.setdefault(id(entry), {"entry": entry.url, "pages": 0, "dropped": 0,
                                                "patterns": Counter()})
            trap["pages"] += node.listing + node.charged
            trap["dropped"] += node.dropped
            trap["patterns"][url_pattern(node.url)] += 1
        out = []
        for trap in found.values():
            if trap["dropped"]:
                trap["patterns"] = [p for p, _ in trap["patterns"].most_common(3)]
                out.append(trap)
        return sorted(out, key=lambda t: -t["pages"])

    @staticmethod
    def _entry(node: Node) -> Node:
        """The first unproductive page of the chain a node hangs from."""
        while node.parent is not None and not node.parent.productive and not node.parent.root \
                and not node.parent.base:
            node = node.parent
        return node


def log_traps(source: str, traps: list[dict]) -> None:
    """One line a trap: a warning, the crawl went on without that part of the site."""
    for trap in traps:
        log.warning("%s: crawl trap entered at %s: %d pages found no new article, %d links "
                    "not followed (%s)", source, trap["entry"], trap["pages"], trap["dropped"],
                    ", ".join(trap["patterns"]))
