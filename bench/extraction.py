"""Extraction quality and speed: plain trafilatura vs newsmon's parser, timed in the same run.

    python bench/extraction.py                # the article-extraction benchmark in ../shared
    python bench/extraction.py --repeat 3     # median of 3 timed passes each
    python bench/extraction.py --data DIR --per-page worst.json
    python bench/extraction.py --workers 1 2 --worker-repeat 3   # pool speed-up (0: skip)

Both sides get the same decoded HTML; F1/precision/recall come from
shared/tools/extraction_score.py (page-averaged 4-token shingles). Then: metadata accuracy on
the golden set (bench/extraction_golden.py) and pages/s in 1 and 2 spawned worker processes with
peak RSS per worker (bench/extraction_workers.py).
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))  # run as a script from anywhere

import trafilatura  # noqa: E402

from crawlers.parsers import decode_html, parse_article  # noqa: E402

sys.path.insert(0, str(REPO / "bench"))
from extraction_golden import print_metadata_accuracy  # noqa: E402
from extraction_workers import print_worker_speed  # noqa: E402


def load_scorer(shared: Path):
    path = shared / "tools" / "extraction_score.py"
    spec = importlib.util.spec_from_file_location("extraction_score", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"scorer not found: {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_pages(data: Path) -> dict[str, str]:
    files = sorted((data / "html").glob("*.html.gz"))
    if not files:
        raise SystemExit(f"no pages in {data / 'html'}: pass --data")
    return {f.name.removesuffix(".html.gz"): decode_html(gzip.decompress(f.read_bytes())) for f in files}


def run(extract: Callable[[str, str], str], pages: dict[str, str], urls: dict[str, str]) -> tuple[dict, float]:
    started = time.perf_counter()
    out = {pid: {"articleBody": extract(html, urls.get(pid, ""))} for pid, html in pages.items()}
    return out, time.perf_counter() - started


def baseline(html: str, url: str) -> str:
    return trafilatura.extract(html) or ""


def newsmon(html: str, url: str) -> str:
    return parse_article(html, url or None).text


def quality_and_speed(scorer, truth: dict, pages: dict[str, str], repeat: int) -> dict[str, dict]:
    """Print F1/P/R and pages/s of both extractors, timed in alternation; returns predictions."""
    urls = {pid: entry.get("url", "") for pid, entry in truth.items()}
    times: dict[str, list[float]] = {"trafilatura": [], "newsmon": []}
    preds: dict[str, dict] = {}
    for _ in range(repeat):
        for name, fn in (("trafilatura", baseline), ("newsmon", newsmon)):
            preds[name], seconds = run(fn, pages, urls)
            times[name].append(seconds)
    print(f"{len(pages)} pages, trafilatura {trafilatura.__version__}, {repeat} timed pass(es)")
    print(f"{'extractor':<28}{'F1':>7}{'prec':>7}{'recall':>8}{'pages/s':>9}")
    rates = {}
    for name, label in (("trafilatura", "trafilatura.extract(html)"), ("newsmon", "newsmon parse_article")):
        m = scorer.evaluate(truth, preds[name], n_bootstrap=200)
        rates[name] = len(pages) / statistics.median(times[name])
        print(f"{label:<28}{m['f1']:>7.3f}{m['precision']:>7.3f}{m['recall']:>8.3f}{rates[name]:>9.1f}"
              f"   (F1 ± {m['f1_std']:.3f})")
    delta = scorer.paired_delta(truth, preds["trafilatura"], preds["newsmon"], n_bootstrap=500)
    print(f"newsmon - trafilatura: F1 {delta['d_f1']:+.3f} (B > A in {delta['d_f1_p_gt0']:.0%} of paired resamples); "
          f"speed ratio {rates['newsmon'] / rates['trafilatura']:.2f}x")
    return preds


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=SHARED / "data" / "article-extraction-benchmark",
                    help="benchmark folder holding html/*.html.gz and ground-truth.json")
    ap.add_argument("--repeat", type=int, default=1, help="timed passes per extractor (median is shown)")
    ap.add_argument("--per-page", type=Path, help="write newsmon's per-page scores, worst first, here")
    ap.add_argument("--workers", type=int, nargs="*", default=[1, 2], help="worker counts to time (none: skip)")
    ap.add_argument("--worker-repeat", type=int, default=3, help="timed passes per worker count (median)")
    args = ap.parse_args(argv)

    scorer = load_scorer(SHARED)
    truth = scorer.load_truth(args.data / "ground-truth.json")
    preds = quality_and_speed(scorer, truth, load_pages(args.data), max(1, args.repeat))
    if args.per_page:
        rows = sorted(scorer.page_scores(truth, preds["newsmon"]), key=lambda r: r["f1"])
        args.per_page.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    print_metadata_accuracy()
    if args.workers:
        print(f"worker processes (spawned, warmed up; load average now {os.getloadavg()[0]:.2f} on "
              f"{os.cpu_count()} CPUs: other work on the machine lowers the speed-up)")
        print_worker_speed(sorted((args.data / "html").glob("*.html.gz")), args.workers, args.worker_repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
