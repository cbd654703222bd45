"""Assignment logic without a store: verification, anti-chaining, order, representatives."""

from __future__ import annotations

import random
from datetime import timedelta

from dedupe import ClusterIndex, DedupeConfig, Doc, assign_all, representative, signature_of
from dedupe.signatures import similarity

from dedupe_corpus import T0, drop_sentence, replace_word, story


def _doc(aid: str, text: str, config: DedupeConfig, hours: float = 0, published=None) -> Doc:
    return Doc(aid, f"hash-{aid}", signature_of(text, config), published,
               T0 + timedelta(hours=hours))


def test_chain_through_a_bridge_does_not_merge_unrelated_stories():
    # B carries both A and C, so B~A and C~B, but A and C share nothing: joining C to A's
    # cluster through B would be drift. C must found its own cluster.
    config = DedupeConfig(threshold=0.35)
    a, c = story(21), story(22)
    docs = [_doc("aaaa", a, config, 0), _doc("bbbb", a + "\n" + c, config, 1),
            _doc("cccc", c, config, 2)]
    assert similarity(docs[1].signature, docs[2].signature) >= config.threshold
    assert similarity(docs[0].signature, docs[2].signature) < 0.1
    out = {x.article_id: x for x in assign_all(ClusterIndex(config), docs)}
    assert out["bbbb"].cluster_id == out["aaaa"].cluster_id == "caaaa"
    assert out["cccc"].cluster_id == "ccccc" and out["cccc"].matched_id is None


def test_copy_of_a_copy_still_joins_when_close_to_the_founder():
    config = DedupeConfig()
    a = story(31)
    b = replace_word(a, every=25)
    c = drop_sentence(replace_word(b, every=19))
    docs = [_doc("a1", a, config, 0), _doc("b1", b, config, 1), _doc("c1", c, config, 2)]
    out = assign_all(ClusterIndex(config), docs)
    assert {x.cluster_id for x in out} == {"ca1"}
    assert all(x.similarity >= config.threshold for x in out)


def test_batch_order_is_fetch_time_then_id_whatever_the_input_order():
    config = DedupeConfig()
    texts = [story(41), replace_word(story(41)), story(42), drop_sentence(story(42))]
    docs = [_doc(f"id{i}", t, config, hours=i % 2) for i, t in enumerate(texts)]
    expected = assign_all(ClusterIndex(config), docs)
    shuffled = docs[:]
    random.Random(3).shuffle(shuffled)
    assert assign_all(ClusterIndex(config), shuffled) == expected
    assert [x.article_id for x in expected] == ["id0", "id2", "id1", "id3"]


def test_same_content_hash_short_circuits():
    config = DedupeConfig()
    first = _doc("x1", story(51), config)
    same = Doc("x2", first.content_hash, signature_of("unrelated words", config), None, T0)
    out = assign_all(ClusterIndex(config), [first, same])
    assert (out[1].cluster_id, out[1].similarity, out[1].matched_id) == ("cx1", 1.0, "x1")


def test_representative_is_earliest_published_with_reason():
    config = DedupeConfig()
    sig = signature_of("x", config)
    early, late = T0, T0 + timedelta(hours=5)
    docs = [Doc("d1", "h", sig, late, T0), Doc("d2", "h", sig, early, T0 + timedelta(hours=3)),
            Doc("d3", "h", sig, None, T0 - timedelta(days=1))]
    rep = representative("c1", docs)
    assert rep.article_id == "d2"
    assert rep.reason == f"earliest published ({early.isoformat()}) of 3 copies"
    tie = representative("c1", [Doc("d9", "h", sig, early, T0), docs[1]])
    assert tie.article_id == "d9" and "tie broken by earliest fetched" in tie.reason
    undated = representative("c1", [Doc("u2", "h", sig, None, late),
                                     Doc("u1", "h", sig, None, late)])
    assert undated.article_id == "u1" and "none states a publication time" in undated.reason
    assert representative("c1", docs[:1]).reason == "only copy"
