"""The yield-based trap rules on their own: chains across any URL patterns, the barren
budget with its refunds, waiting while a page may still turn productive."""

from __future__ import annotations

from crawlers.frontier import Entry, Frontier
from crawlers.yieldguard import DEFER, DROP, GO, YieldGuard


def _fetched(guard: YieldGuard, url: str, parent, links: int = 1):
    """A page fetched from `parent` that queues `links` links of its own."""
    node = guard.node(url, parent)
    for _ in range(links):
        guard.add_child(node)
    guard.seal(node)
    guard.resolve(parent)
    return node


def test_a_chain_over_two_alternating_patterns_is_cut_at_max_chain():
    guard = YieldGuard(max_chain=4, budget=1000)
    home = guard.node("http://f/", None, root=True)
    guard.add_child(home)
    parent, depth = home, 0
    urls = ["http://f/forum/index.php?sid=1", "http://f/forum/viewtopic.php?t=2&sid=3"]
    while guard.decide(parent) == GO:
        parent = _fetched(guard, urls[depth % 2], parent)
        depth += 1
    assert depth == 4 and guard.decide(parent) == DROP
    traps = guard.traps()
    assert traps == [] or traps[0]["pages"] == 4  # reported once something was dropped
    guard.drop(parent)
    assert guard.traps()[0]["entry"] == urls[0] and guard.traps()[0]["dropped"] == 1


def test_pagination_that_keeps_finding_articles_is_never_cut():
    guard = YieldGuard(max_chain=3, budget=5)
    page = guard.node("http://s/news", None, root=True)
    guard.add_child(page)
    for n in range(2, 200):
        assert guard.decide(page) == GO, n
        page = _fetched(guard, f"http://s/news?page={n}", page, links=2)
        guard.credit(page)  # one of its links was a story new to this run
        guard.resolve(page)  # ... fetched
    assert guard.barren == 0


def test_the_budget_counts_barren_pages_only_and_gives_places_back():
    guard = YieldGuard(max_chain=10, budget=4)
    home = guard.node("http://s/", None, root=True)
    hub = _fetched(guard, "http://s/hub", home, links=6)
    pages = [_fetched(guard, f"http://s/x{i}", hub, links=0) for i in range(3)]
    assert (guard.barren, guard.decided) == (4, 3)
    assert guard.decide(hub) == DEFER  # the hub has links pending: it may still yield
    guard.credit(hub)  # ... and it did
    assert guard.barren == 3 and guard.decide(pages[0]) == GO
    pages.append(_fetched(guard, "http://s/x3", hub, links=0))
    assert guard.decide(pages[0]) == DROP  # four pages that found nothing: budget spent
    guard.credit(pages[0])  # a late story gives its place back
    assert guard.decide(pages[1]) == GO


def test_a_deferred_request_is_decided_once_nothing_else_can_change_it():
    guard = YieldGuard(max_chain=2, budget=100)
    home = guard.node("http://s/", None, root=True)
    a = _fetched(guard, "http://s/a", home, links=3)
    b = _fetched(guard, "http://s/b", a, links=1)
    assert guard.decide(b) == DEFER  # a has other links pending: it may still turn productive
    assert guard.decide(b, settled=True) == DROP


def test_frontier_order_is_trust_then_barren_chain_then_arrival():
    frontier = Frontier()
    for url, why, hint in (("l2", "link", 2), ("l0", "link", 0), ("h", "homepage", 0),
                           ("l0b", "link", 0), ("r", "resume", 3)):
        frontier.push(Entry(url, "page", why, hint=hint))
    assert [e.url for e in frontier.entries()] == ["r", "h", "l0", "l0b", "l2"]
    first = frontier.pop()
    frontier.defer(first)
    assert len(frontier) == 5 and frontier.wake(settled=True) == 1
    assert frontier.pop().settled


def test_a_chain_of_article_looking_pages_is_bounded_and_charged():
    """Comment pages, a guestbook, forum topics taken for stories: each "article" is found only
    through the one before, so none of them makes the chain productive."""
    guard = YieldGuard(max_chain=3, budget=1000)
    home = guard.node("http://g/", None, root=True)
    guard.add_child(home)
    parent, fetched = home, 0
    while guard.decide(parent) == GO:
        page = guard.node(f"http://g/guestbook?p={fetched + 1}", parent, listing=False)
        guard.credit(parent)
        guard.charge(page, parent)
        guard.add_child(page)
        guard.seal(page)
        guard.resolve(parent)
        parent, fetched = page, fetched + 1
    assert fetched == 3 and guard.spent == 2  # the first was linked from the homepage: free
    assert guard.decide(parent) == DROP


def test_stories_linked_from_a_listing_are_never_charged():
    guard = YieldGuard(max_chain=3, budget=2)
    section = guard.node("http://s/news", None)
    for i in range(10):
        guard.add_child(section)
    guard.seal(section)
    for i in range(10):
        story = guard.node(f"http://s/news/{i}", section, listing=False)
        guard.credit(section)
        assert not guard.charge(story, section)
        guard.resolve(section)
    assert guard.spent == 0 and guard.barren == 0
