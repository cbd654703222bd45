"""Representative choice: full over excerpt, named canonical, earliest, wire credit, reasons."""

from __future__ import annotations

from datetime import timedelta

from dedupe import Copy, representative

from dedupe_corpus import T0

EARLY, LATE = T0, T0 + timedelta(hours=5)


def test_earliest_published_with_reason_and_ties():
    docs = [Copy("d1", LATE, T0), Copy("d2", EARLY, T0 + timedelta(hours=3)),
            Copy("d3", None, T0 - timedelta(days=1))]
    rep = representative("c1", docs)
    assert rep.article_id == "d2"
    assert rep.reason == f"earliest published ({EARLY.isoformat()}) of 3 copies"
    tie = representative("c1", [Copy("d9", EARLY, T0), docs[1]])
    assert tie.article_id == "d9" and "tie broken by earliest fetched" in tie.reason
    undated = representative("c1", [Copy("u2", None, LATE), Copy("u1", None, LATE)])
    assert undated.article_id == "u1" and "none states a publication time" in undated.reason
    assert representative("c1", docs[:1]).reason == "only copy"


def test_full_copy_beats_an_earlier_excerpt():
    rep = representative("c1", [Copy("t", EARLY, T0, excerpt=True), Copy("f", LATE, T0)])
    assert rep.article_id == "f"
    assert rep.reason == (f"earliest published ({LATE.isoformat()}) of 2 copies; "
                          "full copy preferred over 1 excerpt")


def test_wire_credit_breaks_a_publication_tie():
    rep = representative("c1", [Copy("a", EARLY, T0), Copy("b", EARLY, LATE, credit="AP")])
    assert rep.article_id == "b" and rep.reason.endswith("tie broken by its wire credit (AP)")


def test_a_source_named_canonical_by_the_others_wins():
    url = "https://wire.example/s"
    wire = Copy("w", LATE, LATE, url=url, canonical_url=url, source="wire")
    copies = [Copy(f"s{i}", EARLY, T0, url=f"https://site{i}.example/s",
                   canonical_url=url, source=f"site{i}") for i in range(2)]
    rep = representative("c1", copies + [wire])
    assert rep.article_id == "w"
    assert rep.reason.startswith("named as canonical by 2 other copies; published")
