"""The numba signer (dedupe/compiled.py) gives exactly what the numpy path gives."""

from __future__ import annotations

import random

import numpy as np
import pytest
from datasketch import MinHash

from dedupe import DedupeConfig, shingle_values, sign_texts
from dedupe import compiled

from dedupe_corpus import story, teaser

_needs_numba = pytest.mark.skipif(not compiled.available(), reason="numba is not installed")

# Pieces that exercise every branch of folding: apostrophes (deleted, not spaced),
# punctuation runs, tabs and odd line breaks, NFKC and casefold cases (ligatures, long s,
# dotted I, sharp s, full-width digits), combining marks, CJK, emoji and typography.
_PIECES = (
    "rates", "Rose", "bank's", "isn't", "`quoted`", "'", "''", "--", "—", "–", "...", "…",
    "U.S.", "3½", "4bn", "£4", "€", "\u00a0", "\t", "  ", "\n", "\r\n", "\u2028", "\x85",
    "Café", "ÉTÉ", "l’homme", "“x”", "«y»", "ﬁnance", "ſtaff", "İstanbul", "Straße",
    "１２３", "e\u0301", "東京", "😀", "ʼ", "´", "_", "a_b", "Ωmega", "ǅ", "x" * 40,
    "“We will rebuild the city,” she said", "„Das ist ein langes Zitat hier“", "「これまでで最も近い」",
    "‘a quote in single marks’", "新华社北京4月24日电", "ภาษาไทย", "हिन्दी", "Image 2 of 10",
    "Posted 3:10 PM, by Associated Press", "Photo: Jane Doe, AP",
)
_FRAMES = ("LONDON (Wire) — ", "By Jane Doe\n", "\nReporting by Tom Roe", "\n(c) 2024 Wire",
           "\nRead the full story at example.com", "PARIS, May 3 (Reuters) - ")


def _random_text(rng: random.Random) -> str:
    words = [rng.choice(_PIECES) for _ in range(rng.choice((0, 1, 2, 3, 5, 30, 400)))]
    text = "".join(w + rng.choice(("", " ", " ", " ", ", ", ". ", "\n")) for w in words)
    if rng.random() < 0.3:
        frame = rng.choice(_FRAMES)
        text = frame + text if not frame.startswith("\n") else text + frame
    return text


def _texts() -> list[str]:
    rng = random.Random(5)
    fixed = ["", " ", "'", "x", "a b", "it's", " ' ` ", "\n\n", "Rates rose.", story(3),
             teaser(story(4)), story(6, words=12000)]  # > the numpy path's 8192-row block
    return fixed + [_random_text(rng) for _ in range(600)]


@_needs_numba
@pytest.mark.parametrize("config", [
    DedupeConfig(), DedupeConfig(shingle_size=1), DedupeConfig(shingle_size=5, num_perm=64),
    DedupeConfig(shingle_size=20, seed=7),  # short texts: one shingle, the whole text
])
def test_compiled_equals_numpy(config):
    texts = _texts()
    fast, plain = sign_texts(texts, config, jit=True), sign_texts(texts, config, jit=False)
    for field in ("values", "lead", "teaser", "words", "shingles", "quoted"):
        assert np.array_equal(getattr(fast, field), getattr(plain, field)), field
    assert fast.credits == plain.credits and fast.places == plain.places
    assert fast.quoted.any() and (fast.shingles <= np.maximum(fast.words, 1)).all()
    assert fast.values.dtype == plain.values.dtype and fast.words.dtype == plain.words.dtype


@_needs_numba
def test_compiled_equals_datasketch_on_non_ascii():
    """The values are datasketch's MinHash of the text's shingle set (shingle_values),
    and the distinct count is that set's size."""
    config = DedupeConfig()
    rng = random.Random(11)
    for text in [_random_text(rng) for _ in range(20)] + ["Café “ÉTÉ” — l’homme’s £4bn deal"]:
        hashes = shingle_values(text, config)
        folded = (hashes ^ (hashes >> np.uint64(32))) & np.uint64(0xFFFFFFFF)
        reference = MinHash(num_perm=128, seed=1, scheme="affine32", hashfunc=lambda h: h)
        reference.update_batch([int(h) for h in folded])
        signed = sign_texts([text], config, jit=True)
        assert np.array_equal(signed.values[0], reference.hashvalues)
        assert signed.shingles[0] == len(set(folded.tolist()))


@_needs_numba
def test_one_text_at_a_time_equals_the_batch():
    config = DedupeConfig()
    texts = _texts()[:40]
    batch = sign_texts(texts, config, jit=True)
    for i, text in enumerate(texts):
        assert np.array_equal(sign_texts([text], config, jit=True).values[0], batch.values[i])


def test_without_numba_the_numpy_path_is_used(monkeypatch):
    monkeypatch.setattr(compiled, "available", lambda: False)
    texts = _texts()[:20]
    signed = sign_texts(texts, DedupeConfig())
    assert np.array_equal(signed.values, sign_texts(texts, DedupeConfig(), jit=False).values)
    with pytest.raises(RuntimeError, match="numba"):
        sign_texts(texts, DedupeConfig(), jit=True)
