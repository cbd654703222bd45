"""Boilerplate share of extracted articles on a test web of template families no rule was tuned on.

    python bench/extraction_profile.py

For each site of tests/parsers/oldweb.py (an old <table>/<font> family and an AMP-like family):
the share of its articles that keep any chrome string, and body F1 against the true paragraphs,
for plain trafilatura, newsmon on lone pages (`newsmon parse`) and newsmon with the source's
learned profile (what `extract_pending` does).
"""
from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests" / "parsers"))

import trafilatura  # noqa: E402
from extraction import load_scorer  # noqa: E402
from oldweb import CHROME, site_pages  # noqa: E402

from crawlers.parsers import parse_article  # noqa: E402
from crawlers.parsers.site_profile import learn_profile  # noqa: E402

SITES = [("table", "Valley Courier"), ("table", "Hill Gazette"), ("table", "Prairie Ledger"),
         ("amp", "Coast Wire"), ("amp", "Metro Pulse")]


def main() -> int:
    scorer = load_scorer(REPO.parent / "shared")
    print(f"{'family':<7}{'site':<16}{'pages':>6}  {'leak traf':>10}{'leak alone':>11}{'leak profile':>13}"
          f"{'F1 traf':>9}{'F1 alone':>9}{'F1 prof':>9}")
    totals = [0, 0, 0, 0]
    for family, site in SITES:
        pages = site_pages(family, site, count=10, seed=7)
        truth = {str(i): {"articleBody": "\n".join(p.paragraphs)} for i, p in enumerate(pages)}
        traf = [trafilatura.extract(p.html) or "" for p in pages]
        alone = [parse_article(p.html, p.url).text for p in pages]
        profile = learn_profile(t.splitlines() for t in alone)
        learned = [parse_article(p.html, p.url, profile=profile).text for p in pages]
        leaks = [sum(any(c in t for c in CHROME[family]) for t in texts) for texts in (traf, alone, learned)]
        f1 = [scorer.evaluate(truth, {str(i): {"articleBody": t} for i, t in enumerate(texts)}, n_bootstrap=0)["f1"]
              for texts in (traf, alone, learned)]
        totals = [totals[0] + len(pages), *(a + b for a, b in zip(totals[1:], leaks))]
        print(f"{family:<7}{site:<16}{len(pages):>6}  {leaks[0] / len(pages):>10.0%}{leaks[1] / len(pages):>11.0%}"
              f"{leaks[2] / len(pages):>13.0%}{f1[0]:>9.3f}{f1[1]:>9.3f}{f1[2]:>9.3f}")
    n = totals[0]
    print(f"all articles {n}: with boilerplate trafilatura {totals[1] / n:.1%}, newsmon alone {totals[2] / n:.1%}, "
          f"newsmon with site profile {totals[3] / n:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
