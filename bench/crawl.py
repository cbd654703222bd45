"""Crawl speed: a scaled-up news web (20 sites x 300 articles) with delays off.

    .venv/bin/python bench/crawl.py [--sites 20] [--articles 300] [--per-site 4]

Each site: a homepage, 5 sections paginated 20 articles a page, no feed and no sitemap (so
everything comes from link following), ~6 KB articles with JSON-LD. Served by the standard
library on 127.0.0.1, one port per site. Prints pages/s for newsmon's crawl (subprocess,
robots, classification, WARC + SQLite) and for a bare Scrapy fetch of the same URLs in the
same run, and their ratio. Both include Scrapy's start-up.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
import subprocess

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import storage  # noqa: E402
from crawlers import CrawlSettings, CrawlSource, run_crawl  # noqa: E402
from storage.schema import pages as pages_table  # noqa: E402

SECTIONS = ("world", "politics", "business", "sport", "culture")
PARAGRAPH = ("The council met on Tuesday to debate the river park plan, which would add twelve "
             "hectares of green space to the east bank and cost about four million euros. ")


def _article(site: int, n: int) -> bytes:
    body = "".join(f"<p>{PARAGRAPH * 3} ({site}-{n}-{i})</p>" for i in range(8))
    return f"""<!doctype html><html lang="en"><head><title>Story {n} | Site {site}</title>
<meta property="og:type" content="article"><script type="application/ld+json">
{{"@context":"https://schema.org","@type":"NewsArticle","headline":"Story {n}"}}</script></head>
<body><nav><a href="/">Home</a>{''.join(f'<a href="/section/{s}">{s}</a>' for s in SECTIONS)}</nav>
<article><h1>Story {n}</h1>{body}</article></body></html>""".encode()


def _listing(title: str, links: list[str]) -> bytes:
    items = "".join(f'<li><a href="{h}">Headline of {h}</a></li>' for h in links)
    nav = "".join(f'<a href="/section/{s}">{s}</a>' for s in SECTIONS)
    return (f"<!doctype html><html><head><title>{title}</title></head><body><nav>{nav}</nav>"
            f"<ul>{items}</ul></body></html>").encode()


def build_site(site: int, articles: int) -> dict[str, bytes]:
    pages = {"/robots.txt": b"User-agent: *\nDisallow: /admin/\n"}
    slugs = [f"/{SECTIONS[n % 5]}/2024/05/01/story-number-{n}-of-site-{site}" for n in range(articles)]
    pages.update({slug: _article(site, n) for n, slug in enumerate(slugs)})
    pages["/"] = _listing("Home", slugs[:30])
    for i, section in enumerate(SECTIONS):
        items = slugs[i::5]
        chunks = [items[k:k + 20] for k in range(0, len(items), 20)]
        for p, chunk in enumerate(chunks, start=1):
            path = f"/section/{section}" + (f"?page={p}" if p > 1 else "")
            nxt = [f"/section/{section}?page={p + 1}"] if p < len(chunks) else []
            pages[path] = _listing(f"{section} {p}", chunk + nxt)
    return pages


def serve(pages: dict[str, bytes]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = pages.get(self.path)
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/plain" if self.path.endswith(".txt")
                             else "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--per-site", type=int, default=4, help="concurrency per site")
    args = parser.parse_args()
    servers, sources, expected = [], [], 0
    for site in range(args.sites):
        pages = build_site(site, args.articles)
        server = serve(pages)
        servers.append(server)
        expected += len(pages) - 1
        sources.append(CrawlSource(f"site-{site}", f"http://127.0.0.1:{server.server_address[1]}/"))
    with tempfile.TemporaryDirectory(prefix="newsmon-bench-") as tmp:
        store = storage.open_store(f"sqlite:///{tmp}/bench.db", tmp)
        with store.begin() as conn:
            run = storage.start_run(conn, "crawl", "2024-05-01")
        settings = CrawlSettings("newsmon-bench/0.1", download_delay=0.0,
                                 concurrency_per_host=args.per_site,
                                 max_pages_per_source=args.articles * 2)
        started = time.perf_counter()
        summary = run_crawl(sources, settings, store.url, tmp, "2024-05-01", run,
                            scrapy_overrides={"AUTOTHROTTLE_ENABLED": False, "LOG_LEVEL": "WARNING"})
        ours = time.perf_counter() - started
        with store.connect() as conn:
            urls = [r.url for r in conn.execute(pages_table.select())
                    if r.warc_file is not None]
        store.close()
        url_file = Path(tmp) / "urls.txt"
        url_file.write_text("\n".join(urls))
        out = subprocess.run([sys.executable, str(ROOT / "bench" / "crawl_baseline.py"),
                              str(url_file), str(args.per_site)], capture_output=True, text=True,
                             check=True).stdout.split()
    base_pages, base_seconds = int(out[0]), float(out[1])
    ours_rate, base_rate = summary.pages / ours, base_pages / base_seconds
    print(f"web: {args.sites} sites x {args.articles} articles, {expected} pages served")
    print(f"newsmon crawl: {summary.pages} pages ({summary.new_articles} articles) in "
          f"{ours:.1f}s = {ours_rate:.0f} pages/s")
    print(f"bare Scrapy fetch of the same {len(urls)} URLs: {base_pages} in {base_seconds:.1f}s "
          f"= {base_rate:.0f} pages/s")
    print(f"ratio newsmon / bare Scrapy: {ours_rate / base_rate:.2f}")
    for server in servers:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
