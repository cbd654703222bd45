"""Normalization, shingles, signatures and config keys: pure functions, no store."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

from dedupe import DedupeConfig, normalize_text, shingle_hashes, signature_of
from dedupe.signatures import from_bytes, similarity, to_bytes, to_lean

from dedupe_corpus import story


@pytest.mark.parametrize("text", [
    "LONDON (Wire) — Rates rose.", "WASHINGTON (AP) — Rates rose.",
    "PARIS, May 3 (Reuters) - Rates rose.", "NEW YORK — Rates rose.",
    "Kyiv, Ukraine (Reuters) - Rates rose.", "By Jane Doe\nRates rose.",
    "Rates rose.\nReporting by Jane Doe; Editing by Tom Roe",
    "Editor's note: this story was updated.\nRates rose.", "Rates rose.\n(c) 2024 Wire Ltd",
    "Rates rose.\nAssociated Press contributed to this report.", "  RATES   rose!! ",
])
def test_frames_case_and_punctuation_are_removed(text):
    assert normalize_text(text) == "rates rose"


@pytest.mark.parametrize("text, expected", [
    ("By the end of the day, rates rose.", "by the end of the day rates rose"),
    ("Copyright law is changing.", "copyright law is changing"),
    ("The U.S. — and Canada — agreed.", "the u s and canada agreed"),
    ("ﬁnance Bank’s", "finance banks"),  # NFKC ligature, curly apostrophe
])
def test_story_text_is_kept(text, expected):
    assert normalize_text(text) == expected


def test_shingles_are_word_runs_and_short_texts_get_one():
    hashes = shingle_hashes("a b c d e f a b c d e", 5)
    assert len(hashes) == 7 and hashes[0] == hashes[-1] and len(set(hashes.tolist())) == 6
    assert len(shingle_hashes("two words", 5)) == 1
    assert len(shingle_hashes("", 5)) == 0


def test_signature_equals_datasketch_affine64():
    config = DedupeConfig()
    text = story(11)
    reference = MinHash(num_perm=128, seed=1, scheme="affine64", hashfunc=lambda h: h)
    reference.update_batch(shingle_hashes(normalize_text(text), 5).tolist())
    signature = signature_of(text, config)
    assert signature.dtype == np.uint64 and signature.shape == (128,)
    assert np.array_equal(signature, reference.hashvalues)


def test_bytes_round_trip_and_lean_minhash_feed_lsh():
    config = DedupeConfig()
    sig_a, sig_b = signature_of(story(1), config), signature_of(story(2), config)
    raw = to_bytes(sig_a)
    assert len(raw) == 8 * 128 and np.array_equal(from_bytes(raw, 128), sig_a)
    with pytest.raises(ValueError):
        from_bytes(raw[:-8], 128)
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    lsh.insert("a", to_lean(sig_a, config))
    lsh.insert("b", to_lean(sig_b, config))
    assert lsh.query(to_lean(sig_a, config)) == ["a"]
    assert similarity(sig_a, sig_a) == 1.0 and similarity(sig_a, sig_b) < 0.1


def test_framing_does_not_change_the_signature():
    config = DedupeConfig()
    text = story(5)
    framed = f"By Jane Doe\nWASHINGTON (AP) — {text}\n(c) 2024 The Wire"
    assert np.array_equal(signature_of(text, config), signature_of(framed, config))


def test_config_keys():
    base = DedupeConfig()
    assert DedupeConfig(threshold=0.7, window_days=3).signature_key == base.signature_key
    assert DedupeConfig(window_days=3).key == base.key
    assert DedupeConfig(threshold=0.7).key != base.key
    for changed in (DedupeConfig(num_perm=64), DedupeConfig(shingle_size=4), DedupeConfig(seed=2)):
        assert changed.signature_key != base.signature_key and changed.key != base.key
    assert len(base.key) == 16 and base.key == DedupeConfig().key
    with pytest.raises(ValueError, match="threshold"):
        DedupeConfig(threshold=1.5)
