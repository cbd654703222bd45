"""Adopting a learned session rule: everything the source queued, asked for and stored under
the old URL keys moves to the new ones, and the rule is kept for later runs."""

from __future__ import annotations

import dataclasses
import logging

import storage

from .sessions import Probe
from .state import CrawlState, SourceState, article_canonicals

log = logging.getLogger(__name__)


def adopt_rule(state: CrawlState, src: SourceState, probe: Probe) -> None:
    """`probe` confirmed its slot (already in `src.rules`): re-key the run and the store."""
    rekey = lambda key: storage.url_key(src.rules.apply(key))  # noqa: E731
    src.seen = {rekey(k) for k in src.seen}
    src.sent = {rekey(k) for k in src.sent}
    moves = {key: rekey(key) for key in src.known if rekey(key) != key}
    with state.store.begin() as conn:
        storage.save_rule(conn, src.source.name, probe.slot.rule, probe.evidence,
                          storage.utcnow())
        outcomes = {old: storage.rekey_page(conn, src.source.name, old, new)
                    for old, new in moves.items()}
    for old, new in moves.items():
        _move_known(src, old, new, outcomes[old])
    src.canonicals = article_canonicals(src.known)
    src.texts = {fp: rekey(canonical) for fp, canonical in src.texts.items()}
    src.blocks = {block: rekey(canonical) for block, canonical in src.blocks.items()}
    log.info("%s: %s changes without changing the page (%s): stripped from its URLs from now "
             "on; %d stored pages re-keyed", src.source.name, probe.slot.rule, probe.evidence,
             len(moves))


def _move_known(src: SourceState, old: str, new: str, outcome: str) -> None:
    page = src.known.pop(old)
    if outcome == "moved":
        canonical = new if page.canonical_url in (None, old) else page.canonical_url
        src.known[new] = dataclasses.replace(page, url_key=new, canonical_url=canonical)
        for key, other in src.known.items():  # aliases follow a URL-derived canonical
            if other.canonical_url == old and key != new:
                src.known[key] = dataclasses.replace(other, canonical_url=canonical)
    elif outcome == "aliased":
        target = src.known.get(new)
        src.known[old] = dataclasses.replace(
            page, kind="alias", canonical_url=(target.canonical_url if target else None) or new)
