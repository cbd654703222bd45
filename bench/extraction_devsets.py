"""Both extraction dev sets in one run: newsmon vs plain trafilatura (default, favor_precision).

    python bench/extraction_devsets.py                     # table: both sets, both halves
    python bench/extraction_devsets.py --repeat 3          # median of 3 timed passes
    python bench/extraction_devsets.py --save old.json     # keep newsmon's output...
    python bench/extraction_devsets.py --against old.json  # ...and compare a later parser with it
    python bench/extraction_devsets.py --worst 15 --half A # worst pages of the development half

Sets: ../shared/data/article-extraction-benchmark (body only) and ../shared/data/fundus-dev
(title, authors, date, body; its truth body includes the standfirst and the sub-headlines).
Halves A/B split publishers (benchmark: URL domain) by a fixed hash: develop on A, check B.
Body F1 is the benchmark's metric (shared/tools/extraction_score.py); "F1chr" scores Chinese and
Japanese pages with one token per character. title: exact after NFKC/whitespace; authors: every
person author found (desks, agencies and the publication excluded); day: the publication day.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import trafilatura  # noqa: E402

from crawlers.parsers import decode_html, parse_article  # noqa: E402
from devsets import DevPage, load_devsets  # noqa: E402
from devsets_score import FAILURE_CLASSES, PageScore, score_page  # noqa: E402
from extraction import load_scorer  # noqa: E402

_AGG = load_scorer(SHARED).aggregate


def newsmon(page: DevPage) -> dict:
    a = parse_article(page.html, page.url or None)
    return {"text": a.text, "title": a.title, "author": a.author, "published": a.published}


def trafilatura_default(page: DevPage) -> dict:
    return {"text": trafilatura.extract(page.html) or ""}


def trafilatura_precision(page: DevPage) -> dict:
    return {"text": trafilatura.extract(page.html, favor_precision=True) or ""}


def trafilatura_metadata(page: DevPage) -> dict:
    # Untimed: plain extract() returns no metadata; this is what trafilatura finds on its own.
    m = trafilatura.extract_metadata(page.html, default_url=page.url)
    return {"title": m.title, "author": m.author, "published": m.date} if m else {}


EXTRACTORS = {"newsmon": newsmon, "trafilatura": trafilatura_default, "traf-precision": trafilatura_precision}


def run_all(pages: list[DevPage], repeat: int, only: list[str] | None = None) -> tuple[dict[str, dict[str, dict]], dict[str, float]]:
    """Outputs per extractor and page id; seconds per full pass (median), passes alternated."""
    outputs: dict[str, dict[str, dict]] = {}
    names = only or list(EXTRACTORS)
    times: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(repeat):
        for name, fn in ((n, EXTRACTORS[n]) for n in names):
            started = time.perf_counter()
            outputs[name] = {p.id: fn(p) for p in pages}
            times[name].append(time.perf_counter() - started)
    for p in pages:
        if p.set == "fundus" and "trafilatura" in outputs:
            outputs["trafilatura"][p.id].update(trafilatura_metadata(p))
    return outputs, {n: statistics.median(t) for n, t in times.items()}


def score_all(pages: list[DevPage], out: dict[str, dict]) -> list[PageScore]:
    return [score_page(p, out[p.id].get("text", ""), out[p.id].get("title"), out[p.id].get("author"),
                       out[p.id].get("published"), with_meta="title" in out[p.id]) for p in pages]


def body(scores: list[PageScore], chars: bool = False) -> dict[str, float]:
    counts = [s.char_counts if chars else s.counts for s in scores]
    return _AGG(counts, [False] * len(counts))


def rate(values: list[bool | None]) -> str:
    known = [v for v in values if v is not None]
    return f"{sum(known) / len(known):.3f}" if known else "  -  "


def groups(pages: list[DevPage]) -> list[tuple[str, str, set[str]]]:
    out = []
    for name in ("benchmark", "fundus"):
        for half in ("A", "B", "all"):
            ids = {p.id for p in pages if p.set == name and (half == "all" or p.half == half)}
            out.append((name, half, ids))
    return out


def print_quality(pages, scored: dict[str, list[PageScore]]) -> None:
    print(f"{'set':<10}{'half':<5}{'pages':>5}  {'extractor':<16}{'F1':>7}{'prec':>7}{'recall':>7}{'F1chr':>7}"
          f"{'title':>7}{'author':>7}{'day':>7}")
    for name, half, ids in groups(pages):
        for ext, scores in scored.items():
            sub = [s for s in scores if s.page.id in ids]
            m, c = body(sub), body(sub, chars=True)
            print(f"{name:<10}{half:<5}{len(sub):>5}  {ext:<16}{m['f1']:>7.3f}{m['precision']:>7.3f}{m['recall']:>7.3f}"
                  f"{c['f1']:>7.3f}{rate([s.title_ok for s in sub]):>7}{rate([s.authors_ok for s in sub]):>7}"
                  f"{rate([s.day_ok for s in sub]):>7}")
        print()


def paired(a: list[PageScore], b: list[PageScore], n: int = 400) -> tuple[float, float, float]:
    """F1(b) - F1(a), its paired-bootstrap std, and the share of resamples where b wins."""
    ca, cb = [s.counts for s in a], [s.counts for s in b]
    f1 = lambda cs: _AGG(cs, [False] * len(cs))["f1"]  # noqa: E731
    rng, deltas = random.Random(42), []
    for _ in range(n):
        idx = [rng.randrange(len(ca)) for _ in range(len(ca))]
        deltas.append(f1([cb[i] for i in idx]) - f1([ca[i] for i in idx]))
    return f1(cb) - f1(ca), statistics.stdev(deltas), sum(d > 0 for d in deltas) / n


def print_paired(pages, scored: dict[str, list[PageScore]]) -> None:
    print("paired differences, newsmon minus each other extractor (F1 ± paired-bootstrap std, P[newsmon ahead];"
          " metadata: pages won/lost)")
    for name, half, ids in groups(pages):
        mine = [s for s in scored["newsmon"] if s.page.id in ids]
        for other in (e for e in scored if e != "newsmon"):
            theirs = [s for s in scored[other] if s.page.id in ids]
            d, sd, p = paired(theirs, mine)
            meta = ""
            if name == "fundus" and theirs[0].title_ok is not None:
                meta = "  " + "  ".join(f"{f} +{w}/-{l}" for f, w, l in _wins(mine, theirs))
            print(f"  {name:<10}{half:<4} vs {other:<15} dF1 {d:+.3f} ± {sd:.3f} (P {p:.2f}){meta}")


def _wins(mine: list[PageScore], theirs: list[PageScore]):
    for f in ("title_ok", "authors_ok", "day_ok"):
        pairs = [(getattr(x, f), getattr(y, f)) for x, y in zip(mine, theirs)]
        yield f.removesuffix("_ok"), sum(bool(x and not y) for x, y in pairs), sum(bool(y and not x) for x, y in pairs)


def print_classes(pages, scored: dict[str, list[PageScore]]) -> None:
    print("\nfailure classes (pages): benchmark A/B  fundus A/B")
    header = "".join(f"{ext[:14]:>16}" for ext in scored)
    print(f"{'class':<20}{header}")
    for cls in FAILURE_CLASSES:
        cells = []
        for scores in scored.values():
            c = Counter((s.page.set[:5], s.page.half) for s in scores if cls in s.classes)
            cells.append(f"{c['bench', 'A']}/{c['bench', 'B']} {c['fundu', 'A']}/{c['fundu', 'B']}")
        print(f"{cls:<20}" + "".join(f"{x:>16}" for x in cells))


def print_worst(scored: dict[str, list[PageScore]], n: int, half: str) -> None:
    base = {s.page.id: s for s in scored["trafilatura"]}
    mine = [s for s in scored["newsmon"] if half in ("all", s.page.half)]
    f1 = lambda s: body([s], chars=True)["f1"]  # noqa: E731
    print(f"\nworst {n} newsmon pages of half {half} (F1chr, trafilatura's, classes)")
    for s in sorted(mine, key=f1)[:n]:
        print(f"  {f1(s):.3f} (traf {f1(base[s.page.id]):.3f}) {s.page.set:<9} {s.page.id[:40]:<40} "
              f"{' '.join(sorted(s.classes))}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=1, help="timed passes per extractor (median)")
    ap.add_argument("--save", type=Path, help="write newsmon's outputs here (JSON)")
    ap.add_argument("--against", type=Path, nargs="*", default=[], help="saved outputs to score beside (JSON)")
    ap.add_argument("--worst", type=int, default=0, help="list the N worst newsmon pages")
    ap.add_argument("--baselines", type=Path, help="development only: reuse trafilatura's outputs cached in this "
                    "file (written when missing); no speed ratio then")
    ap.add_argument("--half", default="A", choices=("A", "B", "all"), help="half for --worst")
    args = ap.parse_args(argv)

    pages = load_devsets(SHARED, decode_html)
    if args.baselines and args.baselines.exists():
        outputs, seconds = run_all(pages, max(1, args.repeat), only=["newsmon"])
        outputs.update(json.loads(args.baselines.read_text(encoding="utf-8")))
    else:
        outputs, seconds = run_all(pages, max(1, args.repeat))
        if args.baselines:
            args.baselines.write_text(json.dumps({k: v for k, v in outputs.items() if k != "newsmon"}), encoding="utf-8")
    for path in args.against:
        outputs[f"saved:{path.stem}"[:16]] = json.loads(path.read_text(encoding="utf-8"))
    if args.save:
        args.save.write_text(json.dumps(outputs["newsmon"], ensure_ascii=False), encoding="utf-8")
    scored = {name: score_all(pages, out) for name, out in outputs.items()}
    print(f"{len(pages)} pages; trafilatura {trafilatura.__version__}; {max(1, args.repeat)} timed pass(es)\n")
    print_quality(pages, scored)
    print_paired(pages, scored)
    print_classes(pages, scored)
    if len(seconds) == len(EXTRACTORS):
        print_speed(pages, seconds)
    if args.worst:
        print_worst(scored, args.worst, args.half)
    return 0


def print_speed(pages, seconds) -> None:
    print(f"\nspeed: newsmon {len(pages) / seconds['newsmon']:.1f} pages/s, trafilatura "
          f"{len(pages) / seconds['trafilatura']:.1f}, precision {len(pages) / seconds['traf-precision']:.1f}; "
          f"newsmon/trafilatura = {seconds['trafilatura'] / seconds['newsmon']:.2f}x")


if __name__ == "__main__":
    raise SystemExit(main())
