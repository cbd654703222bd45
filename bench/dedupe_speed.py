"""Dedupe speed at scale: signatures, LSH and clustering of synthetic ~600-word documents.

Documents are made from a 30,000-word vocabulary (Zipf-like): 70% new stories, 30% copies
of a recent story with a few words swapped, a sentence dropped or a wire frame added, and
1% teasers. Generation runs in the worker processes and is NOT counted in signature time.
Prints signature docs/s per core (and the same-run ratio to datasketch with one `update()`
per shingle and with `update_batch`), LSH band-key ("insert") and candidate ("query")
rates, assignment rate, total wall time and peak memory (RSS of this process and of the
largest worker).

    .venv/bin/python bench/dedupe_speed.py --docs 100000 [--workers 2]
"""

from __future__ import annotations

import argparse
import resource
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np
from datasketch import MinHash

from dedupe.clustering import Batch, ClusterIndex
from dedupe.config import DedupeConfig
from dedupe.lsh import band_keys, band_params, candidate_pairs
from dedupe.normalize import normalize_text
from dedupe.signatures import sign_texts

_VOCAB = 30_000
_CHUNK = 5_000


def _vocabulary() -> np.ndarray:
    rng = np.random.default_rng(0)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    lengths = rng.integers(2, 10, _VOCAB)
    return np.array(["".join(rng.choice(letters, n)) for n in lengths])


def make_texts(start: int, count: int) -> tuple[list[str], np.ndarray]:
    """Documents start..start+count (deterministic per document), and content-hash codes."""
    vocab = _vocabulary().tolist()
    cdf = np.cumsum(1.0 / np.arange(1, _VOCAB + 1) ** 0.9)
    cdf /= cdf[-1]
    texts, codes = [], np.empty(count, np.uint64)
    for i in range(start, start + count):
        rng = np.random.default_rng(i)
        kind = rng.random()
        story = i if kind < 0.7 or i < 100 else i - int(rng.integers(1, 100))
        ids = np.searchsorted(cdf, np.random.default_rng(story * 7919).random(600))
        words = [vocab[w] for w in ids.tolist()]
        if story != i:  # a copy: swap a few words, sometimes drop a stretch, add a frame
            for spot in rng.integers(0, 600, 4).tolist():
                words[spot] = "amended"
            if kind > 0.85:
                del words[300:320]
        paras = [" ".join(words[p:p + 60]) + "." for p in range(0, len(words), 60)]
        if story != i and kind > 0.99:
            paras = paras[:2] + ["Read the full story at The Wire."]
        elif story != i and kind > 0.9:
            paras = ["By Jane Doe, Wire", "LONDON (Wire) — " + paras[0]] + paras[1:]
        texts.append("\n".join(paras))
        codes[i - start] = np.uint64(hash(texts[-1]) & ((1 << 63) - 1))
    return texts, codes


def sign_chunk(args: tuple[int, int]) -> tuple[int, Batch, float, int]:
    """Worker: generate a chunk, sign it; returns its rows and the signing seconds."""
    start, count = args
    texts, codes = make_texts(start, count)
    t0 = time.process_time()
    signed = sign_texts(texts, DedupeConfig())
    seconds = time.process_time() - t0
    batch = Batch([f"{i:016x}" for i in range(start, start + count)], codes, signed.values,
                  signed.lead, signed.teaser, signed.words)
    return start, batch, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def naive_rates(texts: list[str], config: DedupeConfig) -> tuple[float, float]:
    """datasketch docs/s with one update() per shingle, and with update_batch."""
    def shingles(text):
        words = normalize_text(text).split()
        k = config.shingle_size
        return [" ".join(words[i:i + k]).encode() for i in range(len(words) - k + 1)]

    t0 = time.perf_counter()
    for text in texts:
        m = MinHash(num_perm=config.num_perm, seed=config.seed, scheme="affine32")
        for s in shingles(text):
            m.update(s)
    one = len(texts) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for text in texts:
        m = MinHash(num_perm=config.num_perm, seed=config.seed, scheme="affine32")
        m.update_batch(shingles(text))
    return one, len(texts) / (time.perf_counter() - t0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    config = DedupeConfig()
    wall = time.perf_counter()
    chunks = [(s, min(_CHUNK, args.docs - s)) for s in range(0, args.docs, _CHUNK)]
    parts, sign_cpu, worker_rss = {}, 0.0, 0
    t0 = time.perf_counter()
    with ProcessPoolExecutor(args.workers) as pool:
        for start, batch, seconds, rss in pool.map(sign_chunk, chunks):
            parts[start] = batch
            sign_cpu += seconds
            worker_rss = max(worker_rss, rss)
    gen_and_sign = time.perf_counter() - t0
    ordered = [parts.pop(start) for start in sorted(parts)]
    rows = Batch([i for b in ordered for i in b.ids],
                 *(np.concatenate([getattr(b, f) for b in ordered])
                   for f in ("hashes", "values", "lead", "teaser", "words")))
    del ordered, parts
    words = float(rows.words.mean())
    print(f"{args.docs:,} documents, {words:.0f} words on average, {args.workers} workers")
    print(f"signatures: {args.docs / sign_cpu:,.0f} docs/s per core (CPU time, generation "
          f"excluded); generate+sign wall {gen_and_sign:.1f} s")
    sample, _ = make_texts(10**9, 300)
    one, batch_rate = naive_rates(sample, config)
    t0 = time.process_time()
    sign_texts(sample, config)
    ours = len(sample) / (time.process_time() - t0)
    print(f"same run, 300 docs one core: ours {ours:,.0f} docs/s; datasketch update() "
          f"{one:,.0f} docs/s (x{ours / one:,.0f}); update_batch {batch_rate:,.0f} docs/s "
          f"(x{ours / batch_rate:,.1f})")
    _lsh_rates(rows, config)
    t0 = time.perf_counter()
    out = ClusterIndex(config).assign_batch(rows)
    assign = time.perf_counter() - t0
    clusters = len({a.cluster_id for a in out})
    kinds = {k: sum(a.kind == k for a in out) for k in ("same-text", "copy", "excerpt")}
    print(f"clustering (LSH + verify + assign, one core): {assign:.1f} s, "
          f"{args.docs / assign:,.0f} docs/s; {clusters:,} clusters; joined {kinds}")
    total = time.perf_counter() - wall
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"TOTAL wall {total:.1f} s (generation included); peak RSS main {own:,.0f} MB, "
          f"largest worker {worker_rss / 1024:,.0f} MB")


def _lsh_rates(rows: Batch, config: DedupeConfig) -> None:
    bands, width = band_params(max(config.threshold - 0.1, 0.05), config.num_perm)
    t0 = time.perf_counter()
    keys = band_keys(rows.values, bands, width)
    insert = time.perf_counter() - t0
    t0 = time.perf_counter()
    ptr, cand = candidate_pairs(keys, 0)
    query = time.perf_counter() - t0
    n = len(rows)
    print(f"LSH ({bands} bands x {width} rows): insert (band keys) {n / insert:,.0f} docs/s; "
          f"query (bulk candidates) {n / query:,.0f} docs/s; {cand.size:,} candidate pairs")


if __name__ == "__main__":
    main()
