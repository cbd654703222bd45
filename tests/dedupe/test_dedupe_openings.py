"""Classes found by bench/dedupe_web.py: a one-sentence teaser (below the containment floor)
joins the story it opens; the quotation guard gives one verdict whatever the arrival order;
an excerpt or a write-thru that founded its cluster no longer keeps the other out."""

from __future__ import annotations

from datetime import timedelta

import numpy as np

from dedupe import Batch, ClusterIndex, DedupeConfig, sign_texts
from dedupe.matching import MIN_CONTAINED, MIN_OPENING, Rules

from dedupe_corpus import story


def _first_words(text: str, n: int) -> str:
    return " ".join(text.split()[:n]).rstrip(".") + "."


def _inside(short: str, full: str) -> bool:
    rows, config = _rows([full, short])
    rules = Rules(rows, config.threshold, config.containment)
    return bool(rules.verdicts(np.array([1]), np.array([0])).inside[0])


def test_a_one_sentence_teaser_is_contained_in_the_story_it_opens():
    # The verdict alone; the lead bands (8 of 2 values) offer the pair with p ~0.83 for 8
    # shingles against the story's 18-shingle lead and ~1 from 14 on.
    full = story(71, words=500)
    for words in (10, 14, 19):  # 8 to 17 shingles: under MIN_CONTAINED, at least MIN_OPENING
        assert MIN_OPENING <= words - 2 < MIN_CONTAINED
        short = _first_words(full, words) + "\nRead the full story at The Wire."
        assert _inside(short, full), words
        assert not _inside(short, story(72, words=500)), words


def test_a_short_text_from_inside_a_story_is_not_its_opening():
    full = story(73, words=500)
    inner = " ".join(full.split()[200:216]).capitalize() + "."  # 16 words from the middle
    assert not _inside(inner, full)


def test_one_sentence_teasers_find_their_story_in_the_clustering():
    # Ten stories, a 12-word teaser of each (10 shingles, over half the 18-shingle lead;
    # the bands offer each pair with p ~0.95): 8 of 10 join; with 36-shingle leads, 4.
    texts = {f"s{k}": story(100 + k, words=450) for k in range(10)}
    texts |= {f"t{k}": _first_words(texts[f"s{k}"], 12) for k in range(10)}
    found = _placed(texts)
    assert sum(found[f"t{k}"] == found[f"s{k}"] for k in range(10)) >= 7
    assert len({found[f"s{k}"] for k in range(10)}) == 10


def test_too_short_to_tell_is_not_contained():
    full = story(74, words=500)
    assert not _inside(_first_words(full, MIN_OPENING + 1), full)


def _rows(texts: list[str]):
    config = DedupeConfig()
    signed = sign_texts(texts, config)
    hashes = np.arange(1, len(texts) + 1, dtype=np.uint64)
    batch = Batch.of([f"t{i}" for i in range(len(texts))], hashes, signed)
    return batch, config


def test_the_quotation_guard_is_the_same_in_both_orders():
    # A write-thru that cut the sentence opening a quotation keeps the quotation's rest as
    # narrative; the original has it inside quotation marks. Both orders: one verdict.
    body = story(75, words=420).split("\n")
    quote = " ".join(body[1].split()[:30])
    more = " ".join(body[2].split()[:25])
    original = "\n".join([body[0], f"\u201c{quote}. {more},\u201d the mayor said.", *body[3:]])
    cut = "\n".join([body[0], f"{more},\u201d the mayor said.", *body[3:]])
    rows, config = _rows([original, cut])
    rules = Rules(rows, config.threshold, config.containment)
    one = rules.narrative_agreement(np.array([0]), np.array([1]))
    two = rules.narrative_agreement(np.array([1]), np.array([0]))
    assert one[0] == two[0]
    v1, v2 = rules.verdicts(np.array([0]), np.array([1])), rules.verdicts(np.array([1]), np.array([0]))
    assert bool(v1.copy[0]) == bool(v2.copy[0])


def _write_thru(full: str, seed: int) -> str:
    """A later version: a new lead of two paragraphs, the old story from its third on."""
    return "\n".join(story(seed, words=120).split("\n") + full.split("\n")[2:])


def _placed(texts: dict[str, str]) -> dict[str, str]:
    config = DedupeConfig()
    ids = list(texts)
    signed = sign_texts(list(texts.values()), config)
    batch = Batch.of(ids, np.arange(1, len(ids) + 1, dtype=np.uint64), signed)
    return {a.article_id: a.cluster_id for a in ClusterIndex(config).assign_batch(batch)}


def test_whatever_came_first_a_write_thru_and_an_excerpt_join_their_story():
    # An excerpt founder anchors the cluster on the story's opening, which a write-thru
    # lacks; a write-thru founder lacks the opening an excerpt holds. Relays (the founder's
    # copies, the texts containing it) anchor both, in every order.
    full = story(81, words=600)
    parts = {"excerpt": "\n".join(full.split("\n")[:2]), "full": full,
             "thru": _write_thru(full, 82)}
    for order in (("excerpt", "full", "thru"), ("thru", "full", "excerpt")):
        found = _placed({k: parts[k] for k in order})
        assert len(set(found.values())) == 1, (order, found)


def test_a_round_up_relays_nothing_of_its_second_story():
    one, two = story(83, words=500), story(84, words=500)
    found = _placed({"one": one, "roundup": one + "\n" + two, "two": two,
                     "two-excerpt": "\n".join(two.split("\n")[:2])})
    assert found["roundup"] == found["one"]
    assert found["two"] != found["one"] and found["two-excerpt"] != found["one"]


def test_relays_survive_a_rebuild_of_the_index_from_the_store(sqlite_url):
    import storage
    from dedupe import cluster_new
    from dedupe.index_file import index_path

    from dedupe_corpus import T0, Item, insert

    store = storage.open_store(sqlite_url)
    full = story(85, words=600)
    day1, day2 = T0, T0 + timedelta(days=1)
    first = insert(store, Item("wire", "excerpt", "\n".join(full.split("\n")[:2]), None, day1))
    insert(store, Item("paper", "full", full, None, day1 + timedelta(minutes=1)))
    cluster_new(store, DedupeConfig(), now=day1 + timedelta(hours=1))
    index_path(store.data_dir, DedupeConfig()).unlink()  # day 2 rebuilds from the store
    later = insert(store, Item("portal", "thru", _write_thru(full, 86), None, day2))
    cluster_new(store, DedupeConfig(), now=day2 + timedelta(hours=1))
    with store.connect() as conn:
        members = storage.members_of(conn, ["c" + first])
    store.close()
    assert later in {m.article_id for m in members}


def test_a_copy_of_a_relay_relays():
    # Founder: the first two paragraphs. A paper's copy cut after seven contains them (a
    # relay); the full story is a copy of that (a relay too); a write-thru that keeps only
    # the story's second half is a copy of the full story alone, and joins through it.
    paras = story(87, words=1000).split("\n")
    assert len(paras) >= 10
    new = story(88, words=100).split("\n")
    found = _placed({"excerpt": "\n".join(paras[:2]), "cut": "\n".join(paras[:7]),
                     "full": "\n".join(paras[:10]), "thru": "\n".join(new + paras[5:10])})
    assert len(set(found.values())) == 1, found
