"""Normalization, shingles, signatures and config keys: pure functions, no store."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

import re
import unicodedata

from dedupe import (
    DedupeConfig,
    Normalized,
    normalize,
    normalize_text,
    shingle_hashes,
    sign_texts,
    signature_of,
)
from dedupe.signatures import containment, from_bytes, is_empty, similarity, to_bytes, to_lean

from dedupe_corpus import story, teaser


@pytest.mark.parametrize("text", [
    "LONDON (Wire) — Rates rose.", "WASHINGTON (AP) — Rates rose.",
    "PARIS, May 3 (Reuters) - Rates rose.", "NEW YORK — Rates rose.",
    "Kyiv, Ukraine (Reuters) - Rates rose.", "By Jane Doe\nRates rose.",
    "Rates rose.\nReporting by Jane Doe; Editing by Tom Roe",
    "Editor's note: this story was updated.\nRates rose.", "Rates rose.\n(c) 2024 Wire Ltd",
    "Rates rose.\nAssociated Press contributed to this report.", "  RATES   rose!! ",
    "Rates rose.\nWire staff", "Amelia Hart, Wire\nRates rose.",
    "Rates rose.\nFollow us on Twitter for more updates.",
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


def test_signature_equals_datasketch_affine32():
    config = DedupeConfig()
    for text in (story(11), story(12, words=3000), "one two", teaser(story(13))):
        reference = MinHash(num_perm=128, seed=1, scheme="affine32", hashfunc=lambda h: h)
        hashes = shingle_hashes(normalize_text(text), config.shingle_size)
        reference.update_batch([int(h) for h in (hashes ^ (hashes >> np.uint64(32)))
                                & np.uint64(0xFFFFFFFF)])
        signature = signature_of(text, config)
        assert signature.dtype == np.uint32 and signature.shape == (128,)
        assert np.array_equal(signature, reference.hashvalues)


def test_batch_signing_equals_one_by_one():
    config = DedupeConfig()
    texts = [story(s, words=50 + 90 * s) for s in range(12)] + ["", "x"]
    signed = sign_texts(texts, config)
    for i, text in enumerate(texts):
        assert np.array_equal(signed.values[i], signature_of(text, config))
    assert is_empty(signed.values[12]) and not is_empty(signed.values[13])


@pytest.mark.parametrize("text", [
    "Café “ÉTÉ” — l’homme’s £4bn… deal", "Ünïcödé text, with 3½ «quotes» and ﬁnance",
    "plain ascii: it's 4 o'clock, isn't it?", "Tab\tand  spaces_here",
])
def test_fast_folding_equals_the_plain_regex_definition(text):
    plain = unicodedata.normalize("NFKC", text).casefold()
    plain = re.sub(r"['’ʼ‘`´]", "", plain)
    plain = re.sub(r"[\W_]+", " ", plain).strip()
    assert normalize_text(text) == plain


def test_frame_signals_teaser_and_wire_credit():
    assert normalize("Rates rose.\nRead the full story at The Wire.") == Normalized(
        "rates rose", teaser=True)
    assert normalize("Rates rose.\nContinue reading on example.com").teaser
    assert not normalize("Rates rose.\nRead what the minister said next week.").teaser
    assert normalize("LONDON (AP) — Rates rose.").credit == "AP"
    assert normalize("By Amelia Hart, Wire\nRates rose.") == Normalized("rates rose",
                                                                        credit="Wire")
    assert normalize("Rates rose.\nSign up for the morning briefing newsletter.").text == (
        "rates rose")


def test_bytes_round_trip_and_lean_minhash_feed_lsh():
    config = DedupeConfig()
    sig_a, sig_b = signature_of(story(1), config), signature_of(story(2), config)
    raw = to_bytes(sig_a)
    assert len(raw) == 4 * 128 and np.array_equal(from_bytes(raw, 128), sig_a)
    with pytest.raises(ValueError):
        from_bytes(raw[:-4], 128)
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    lsh.insert("a", to_lean(sig_a, config))
    lsh.insert("b", to_lean(sig_b, config))
    assert lsh.query(to_lean(sig_a, config)) == ["a"]
    assert similarity(sig_a, sig_a) == 1.0 and similarity(sig_a, sig_b) < 0.1


def test_containment_estimate():
    config = DedupeConfig()
    full = story(8, words=800)
    sigs = sign_texts([teaser(full), full, story(9, words=800), full.split("\n")[0]], config)
    inside, elsewhere = containment(sigs.values[0], sigs.values[1:3])
    assert inside >= 0.9 and elsewhere < 0.2 and similarity(*sigs.values[:2]) < 0.3
    assert containment(sigs.values[3], sigs.values[1])[0] >= 0.9


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
