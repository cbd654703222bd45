"""``python -m newsmon.demo.server``: serve the demo web until interrupted (for manual use).

``DemoWeb`` lives in ``web.py`` so that importing the package does not import this module
(``python -m`` would warn); it is re-exported here.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from .sites import DemoSite
from .sourcesfile import write_sources_yaml
from .stories import DEMO_DATE
from .web import DemoWeb

__all__ = ["DemoSite", "DemoWeb", "main", "write_sources_yaml"]


def main(argv: Sequence[str] | None = None) -> int:
    """Serve the demo web until interrupted, printing each site's base URL."""
    parser = argparse.ArgumentParser(prog="python -m newsmon.demo.server",
                                     description="Serve the newsmon demo news sites.")
    parser.add_argument("--date", type=date.fromisoformat, default=DEMO_DATE,
                        help=f"the demo's 'today' (default {DEMO_DATE})")
    parser.add_argument("--sources", type=Path, help="also write a sources.yaml here")
    parser.add_argument("--delay", type=float, default=0.0, help="download_delay to write")
    args = parser.parse_args(argv)
    with DemoWeb(args.date) as web:
        for site in web.sites:
            print(f"{site.name:<15} {site.base_url}", flush=True)
        if args.sources:
            write_sources_yaml(args.sources, web.sites, args.delay)
            print(f"sources file: {args.sources}", flush=True)
        print("Serving; press Ctrl-C to stop.", file=sys.stderr, flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
