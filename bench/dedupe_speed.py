"""Dedupe speed at scale: signatures, LSH and clustering of synthetic ~600-word documents.

Documents are made from a 30,000-word vocabulary (Zipf-like): 70% new stories, 30% copies
of a recent story with a few words swapped, a sentence dropped or a wire frame added, and
1% teasers. Generation runs in the worker processes and is NOT counted in signature time.
Prints signature docs/s per core of the compiled (numba) and numpy signers, measured in
the same run on the same sample, with the ratio to datasketch with one `update()` per
shingle and with `update_batch`; LSH band-key ("insert") and candidate ("query") rates,
assignment rate, total wall time and peak memory: of this process, of the largest worker,
and of the whole process tree (this process and its workers, sampled from /proc).

    .venv/bin/python bench/dedupe_speed.py --docs 100000 [--workers 2] [--numpy]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

import numpy as np
from datasketch import MinHash

from dedupe.clustering import Batch, ClusterIndex
from dedupe.config import DedupeConfig
from dedupe.lsh import band_keys, band_params, candidate_pairs
from dedupe.normalize import normalize_text
from dedupe.signatures import LEAD_PERM, sign_texts

_VOCAB = 30_000
_CHUNK = 5_000


@lru_cache(maxsize=1)
def _vocabulary() -> list[str]:
    """The same 30,000 words in every process; built once per process (it takes ~0.2 s,
    which once per 5,000-document chunk was ~40 s of CPU time in a 1M run)."""
    rng = np.random.default_rng(0)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    lengths = rng.integers(2, 10, _VOCAB)
    return np.array(["".join(rng.choice(letters, n)) for n in lengths]).tolist()


def make_texts(start: int, count: int) -> tuple[list[str], np.ndarray]:
    """Documents start..start+count (deterministic per document), and content-hash codes."""
    vocab = _vocabulary()
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


def warm_up() -> float:
    """Worker initializer: import numba and load the cached kernels once (~0.3 s CPU), so
    that the per-core rate is the steady state; the cost is printed on its own (same_run_rates
    measures it in a fresh process)."""
    t0 = time.process_time()
    sign_texts(["warm up"], DedupeConfig())
    return time.process_time() - t0


def sign_chunk(args: tuple[int, int, bool]) -> tuple[int, object, np.ndarray, float, int, int]:
    """Worker: generate a chunk and sign it; returns its rows and the signing CPU seconds.

    Rows go back as arrays (not a Batch with ids) so the parent fills preallocated arrays
    instead of holding every chunk and a concatenated copy at once.
    """
    start, count, jit = args
    texts, codes = make_texts(start, count)
    t0 = time.process_time()
    signed = sign_texts(texts, DedupeConfig(), jit=jit)
    seconds = time.process_time() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return start, signed, codes, seconds, os.getpid(), peak


def same_run_rates(count: int, config: DedupeConfig, rounds: int = 3) -> dict[str, float]:
    """docs/s on one core for the same sample: compiled and numpy (median of `rounds`
    alternating runs: the machine is shared), datasketch update() per shingle (on the
    first 300 docs: it is slow) and update_batch (same 300)."""
    texts, _ = make_texts(10**9, count)
    t0 = time.perf_counter()
    sign_texts(texts[:10], config)  # numba: import it and load the cached machine code
    rates, runs = {"load": time.perf_counter() - t0}, {True: [], False: []}
    for _ in range(rounds):
        for jit in runs:
            t0 = time.process_time()
            sign_texts(texts, config, jit=jit)
            runs[jit].append(count / (time.process_time() - t0))
    rates["compiled"], rates["numpy"] = (float(np.median(runs[jit])) for jit in runs)
    rates["update"], rates["update_batch"] = naive_rates(texts[:300], config)
    return rates


def naive_rates(texts: list[str], config: DedupeConfig) -> tuple[float, float]:
    """datasketch docs/s with one update() per shingle, and with update_batch."""
    def shingles(text):
        words = normalize_text(text).split()
        k = config.shingle_size
        return [" ".join(words[i:i + k]).encode() for i in range(len(words) - k + 1)]

    t0 = time.process_time()
    for text in texts:
        m = MinHash(num_perm=config.num_perm, seed=config.seed, scheme="affine32")
        for s in shingles(text):
            m.update(s)
    one = len(texts) / (time.process_time() - t0)
    t0 = time.process_time()
    for text in texts:
        m = MinHash(num_perm=config.num_perm, seed=config.seed, scheme="affine32")
        m.update_batch(shingles(text))
    return one, len(texts) / (time.process_time() - t0)


class TreeMemory:
    """Peak resident memory of this process and all its descendants, sampled from /proc.

    Two sums: RSS every 50 ms (counts pages shared between processes once per process, so
    an upper bound) and PSS every 0.5 s (shares them out: what the tree really holds; read
    less often because /proc/PID/smaps_rollup walks the page tables: at 20 Hz it took ~9%
    of a core from the workers). A sample misses spikes shorter than its interval; the
    per-process peaks from getrusage are exact.
    """

    def __init__(self, interval: float = 0.05, pss_every: int = 10) -> None:
        self.rss = self.pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(interval, pss_every),
                                        daemon=True)
        self._thread.start()

    def stop(self) -> tuple[float, float]:
        """(peak RSS sum, peak PSS sum) in MB."""
        self._stop.set()
        self._thread.join()
        return self.rss / 1024, self.pss / 1024

    def _run(self, interval: float, pss_every: int) -> None:
        tick = 0
        while not self._stop.wait(interval):
            tree = _tree(os.getpid())
            self.rss = max(self.rss, sum(_kb(f"/proc/{pid}/status", "VmRSS:") for pid in tree))
            if tick % pss_every == 0:
                pss = sum(_kb(f"/proc/{pid}/smaps_rollup", "Pss:") for pid in tree)
                self.pss = max(self.pss, pss)
            tick += 1


def _tree(pid: int) -> list[int]:
    found = [pid]
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            kids = [int(c) for c in children.read_text().split()]
        except OSError:  # the task ended meanwhile
            continue
        for kid in kids:
            found += _tree(kid)
    return found


def _kb(path: str, field: str) -> int:
    try:
        text = Path(path).read_text()
    except OSError:  # the process ended meanwhile
        return 0
    at = text.find(field)
    return int(text[at + len(field):].split()[0]) if at >= 0 else 0


def sign_all(docs: int, workers: int, jit: bool) -> tuple[Batch, float, int]:
    """Generate and sign in worker processes; (rows, signing CPU seconds, worker peaks KB)."""
    n, config = docs, DedupeConfig()
    rows = Batch([f"{i:016x}" for i in range(n)], np.empty(n, np.uint64),
                 np.empty((n, config.num_perm), np.uint32), np.empty((n, LEAD_PERM), np.uint32),
                 np.empty(n, bool), np.empty(n, np.int32))
    chunks = [(s, min(_CHUNK, n - s), jit) for s in range(0, n, _CHUNK)]
    cpu, peaks = 0.0, {}
    with ProcessPoolExecutor(workers, initializer=None if not jit else warm_up) as pool:
        for start, signed, codes, seconds, pid, peak in pool.map(sign_chunk, chunks):
            part = slice(start, start + codes.size)
            rows.hashes[part], rows.values[part] = codes, signed.values
            rows.lead[part], rows.teaser[part], rows.words[part] = (
                signed.lead, signed.teaser, signed.words)
            cpu += seconds
            peaks[pid] = max(peaks.get(pid, 0), peak)
    return rows, cpu, max(peaks.values(), default=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--numpy", action="store_true", help="sign with the numpy path")
    args = parser.parse_args()
    config = DedupeConfig()
    memory, wall = TreeMemory(), time.perf_counter()
    rows, sign_cpu, worker_peak = sign_all(args.docs, args.workers, not args.numpy)
    gen_and_sign = time.perf_counter() - wall
    print(f"{args.docs:,} documents, {float(rows.words.mean()):.0f} words on average, "
          f"{args.workers} workers, {'numpy' if args.numpy else 'compiled'} signer")
    print(f"signatures: {args.docs / sign_cpu:,.0f} docs/s per core (CPU time, generation "
          f"excluded); generate+sign wall {gen_and_sign:.1f} s")
    _lsh_rates(rows, config)
    t0 = time.perf_counter()
    out = ClusterIndex(config).assign_batch(rows)
    assign = time.perf_counter() - t0
    clusters = len({a.cluster_id for a in out})
    kinds = {k: sum(a.kind == k for a in out) for k in ("same-text", "copy", "excerpt")}
    print(f"clustering (LSH + verify + assign, one core): {assign:.1f} s, "
          f"{args.docs / assign:,.0f} docs/s; {clusters:,} clusters; joined {kinds}")
    total = time.perf_counter() - wall
    tree_rss, tree_pss = memory.stop()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # CPU of this process and its finished workers: on a shared machine, wall time alone
    # does not say whether the run was slow or just got less than its cores.
    cpu = sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF,
              resource.RUSAGE_CHILDREN) for f in ("ru_utime", "ru_stime"))
    print(f"TOTAL wall {total:.1f} s (generation included), CPU {cpu:.0f} s = "
          f"{cpu / total:.2f} cores busy on average; peak memory: main {own:,.0f} MB, "
          f"largest worker {worker_peak / 1024:,.0f} MB, whole tree {tree_rss:,.0f} MB RSS "
          f"/ {tree_pss:,.0f} MB PSS (sampled)")
    _print_same_run(config)


def _print_same_run(config: DedupeConfig) -> None:
    """The per-core comparison, in a fresh process (spawned: a fork of this one would share,
    and count, its gigabyte of signatures) so that this one never loads numba."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        rates = pool.submit(same_run_rates, 3000, config).result()
    ours, plain = rates["compiled"], rates["numpy"]
    print("per core, same sample (3,000 docs, median of 3 runs; datasketch on its first 300):")
    print(f"  compiled {ours:,.0f} docs/s; numpy {plain:,.0f} docs/s "
          f"(compiled x{ours / plain:.2f})")
    for name, label in (("update", "update() per shingle"), ("update_batch", "update_batch")):
        print(f"  datasketch {label} {rates[name]:,.0f} docs/s: compiled "
              f"x{ours / rates[name]:,.1f}, numpy x{plain / rates[name]:,.1f}")
    print(f"  numba import + cached-code load {rates['load']:.2f} s, once per process "
          f"(not in the rates)")


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
