"""Assignment logic without a store: verification, anti-chaining, containment, order, LSH."""

from __future__ import annotations

import random

import numpy as np
from datasketch import MinHashLSH

from dedupe import Batch, ClusterIndex, DedupeConfig, sign_texts
from dedupe.lsh import band_keys, band_params, candidate_pairs
from dedupe.signatures import similarity, to_lean

from dedupe_corpus import drop_sentence, replace_word, story, summary_of, teaser


def _batch(texts: list[str], config: DedupeConfig, ids: list[str] | None = None) -> Batch:
    signed = sign_texts(texts, config)
    ids = ids or [f"id{i}" for i in range(len(texts))]
    return Batch.of(ids, np.array([hash(t) % (1 << 63) for t in texts], dtype=np.uint64), signed)


def _place(texts, config=None, ids=None):
    config = config or DedupeConfig()
    out = ClusterIndex(config).assign_batch(_batch(texts, config, ids))
    return {a.article_id: a for a in out}


def test_chain_through_a_bridge_does_not_merge_unrelated_stories():
    # B carries both A and C, so B~A and C~B, but A and C share nothing: joining C to A's
    # cluster through B would be drift. C must found its own cluster.
    config = DedupeConfig(threshold=0.35)
    a, c = story(21), story(22)
    signed = sign_texts([a, a + "\n" + c, c], config).values
    assert similarity(signed[1], signed[2]) >= config.threshold
    assert similarity(signed[0], signed[2]) < 0.1
    out = _place([a, a + "\n" + c, c], config, ["aaaa", "bbbb", "cccc"])
    assert out["aaaa"].cluster_id == "caaaa"
    assert out["cccc"].cluster_id == "ccccc" and out["cccc"].matched_id is None


def test_a_round_up_that_comes_first_does_not_gather_both_stories():
    # The bridge as founder: copies of A open as it does and lie inside it, so they join it
    # as excerpts; copies of C lie inside it too, but start elsewhere and reach a Jaccard of
    # only ~0.5 at half its size, so they found their own cluster and no merge follows.
    a, c = story(23), story(24)
    out = _place([a + "\n" + c, replace_word(a), replace_word(c), a, c],
                 ids=["round", "a1", "c1", "a2", "c2"])
    assert out["round"].founded
    assert out["a1"].cluster_id == out["a2"].cluster_id == "cround"
    assert out["a1"].kind == "excerpt"
    assert out["c1"].cluster_id == out["c2"].cluster_id == "cc1"


def test_copy_of_a_copy_still_joins_when_close_to_the_founder():
    a = story(31)
    b = replace_word(a, every=25)
    c = drop_sentence(replace_word(b, every=19))
    out = _place([a, b, c], ids=["a1", "b1", "c1"])
    assert {x.cluster_id for x in out.values()} == {"ca1"}
    assert out["c1"].kind == "copy" and out["c1"].similarity >= DedupeConfig().threshold


def test_same_content_hash_short_circuits():
    config = DedupeConfig()
    batch = _batch([story(51), "unrelated words"], config, ["x1", "x2"])
    batch.hashes[1] = batch.hashes[0]
    out = ClusterIndex(config).assign_batch(batch)
    assert (out[1].cluster_id, out[1].similarity, out[1].matched_id, out[1].kind) == (
        "cx1", 1.0, "x1", "same-text")


def test_teaser_and_verbatim_brief_join_by_containment_and_a_summary_stays_apart():
    full = story(61, words=600)
    out = _place([full, teaser(full), full.split("\n")[0][:300], summary_of(full), story(62)],
                 ids=["full", "teaser", "brief", "summary", "other"])
    assert out["teaser"].cluster_id == "cfull" and out["teaser"].kind == "excerpt"
    assert out["teaser"].similarity >= DedupeConfig().containment
    assert out["brief"].cluster_id == "cfull" and out["brief"].kind == "excerpt"
    assert out["summary"].founded and out["other"].founded


def test_full_story_after_its_teaser_joins_the_teasers_cluster():
    full = story(71, words=600)
    later = replace_word(full, every=40)
    out = _place([teaser(full), full, later], ids=["t", "f", "g"])
    assert out["f"].cluster_id == out["g"].cluster_id == "ct"
    assert out["f"].kind == "full-story"


def test_batches_equal_one_by_one():
    config = DedupeConfig()
    texts = [story(41), replace_word(story(41)), story(42), drop_sentence(story(42)),
             teaser(story(42, words=600))]
    whole = ClusterIndex(config).assign_batch(_batch(texts, config))
    index = ClusterIndex(config)
    batch = _batch(texts, config)
    single = [index.assign_batch(batch.take(np.array([i])))[0] for i in range(len(texts))]
    assert single == whole


def test_lsh_candidates_equal_datasketch_minhashlsh():
    config = DedupeConfig()
    rng = random.Random(5)
    texts = [story(s) for s in range(30)]
    texts += [replace_word(texts[rng.randrange(30)], every=rng.choice([9, 15, 30]))
              for _ in range(30)]
    values = sign_texts(texts, config).values
    bands, rows = band_params(0.4, config.num_perm)
    ptr, cand = candidate_pairs(band_keys(values, bands, rows), 0, cap=10**6)
    lsh = MinHashLSH(num_perm=config.num_perm, params=(bands, rows))
    for i, v in enumerate(values):
        expected = sorted(int(x) for x in lsh.query(to_lean(v, config)))
        assert cand[ptr[i]:ptr[i + 1]].tolist() == expected, i
        lsh.insert(i, to_lean(v, config))
