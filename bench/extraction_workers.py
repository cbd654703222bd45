"""Extraction speed in worker processes: pages/s with N workers and peak RSS per worker.

    python bench/extraction_workers.py --workers 1 2 --repeat 3

Workers are spawned (as in crawlers.extraction), warmed up (imports, first parse) before the
clock starts, and read and decode each page themselves, as the extract stage does from WARC.
"""
from __future__ import annotations

import argparse
import gzip
import os
import resource
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "article-extraction-benchmark"
sys.path.insert(0, str(REPO))

from crawlers.parsers import decode_html, parse_article  # noqa: E402

__all__ = ["worker_speed", "cpu_ceiling", "print_worker_speed", "main"]


def _parse_file(path: str) -> tuple[int, int, int]:
    text = parse_article(decode_html(gzip.decompress(Path(path).read_bytes())), None).text
    return os.getpid(), _peak_kib(), len(text)


def _peak_kib() -> int:
    # VmHWM is this process image's own peak; ru_maxrss survives exec, so a worker spawned
    # from a big parent would report the parent's peak.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _warm(_: int) -> int:
    time.sleep(0.2)  # hold this worker so the next warm-up task goes to another one
    return os.getpid()


def _spin(loops: int) -> float:
    started = time.perf_counter()
    x = 0
    for i in range(loops):
        x += i
    return time.perf_counter() - started


def cpu_ceiling(workers: int, loops: int = 10_000_000) -> float:
    """Speed-up the machine gives right now to `workers` independent CPU-bound processes."""
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        list(pool.map(_warm, range(workers * 2)))
        alone = _spin(loops)
        started = time.perf_counter()
        list(pool.map(_spin, [loops] * workers))
        together = time.perf_counter() - started
    return workers * alone / together


def worker_speed(files: list[Path], workers: int, repeat: int = 1) -> tuple[float, float]:
    """(pages/s median over `repeat` passes, largest peak RSS of one worker in MiB)."""
    paths = [str(f) for f in files]
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        list(pool.map(_warm, range(workers * 2)))
        list(pool.map(_parse_file, paths[:workers * 4]))  # first parse: imports, lxml caches
        rates, peaks = [], {}
        for _ in range(max(1, repeat)):
            started = time.perf_counter()
            for pid, rss, _n in pool.map(_parse_file, paths, chunksize=4):
                peaks[pid] = max(peaks.get(pid, 0), rss)
            rates.append(len(paths) / (time.perf_counter() - started))
    return statistics.median(rates), max(peaks.values()) / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    files = sorted((args.data / "html").glob("*.html.gz"))
    print_worker_speed(files, args.workers, args.repeat)
    return 0


def print_worker_speed(files: list[Path], workers: list[int], repeat: int) -> None:
    """One line per worker count: pages/s, speed-up over the first count, peak RSS per worker."""
    base = None
    print(f"{'workers':<9}{'pages/s':>9}{'speed-up':>10}{'peak RSS/worker':>17}"
          f"{'machine ceiling':>17}")
    for n in workers:
        rate, rss = worker_speed(files, n, repeat)
        base = base or rate
        # The ceiling (a pure-Python loop in n processes) shows what the shared machine gives.
        print(f"{n:<9}{rate:>9.1f}{rate / base:>9.2f}x{rss:>13.0f} MiB{cpu_ceiling(n):>16.2f}x")


if __name__ == "__main__":
    raise SystemExit(main())
