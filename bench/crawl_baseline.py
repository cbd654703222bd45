"""A bare Scrapy fetch of a URL list (no robots, no storage, no parsing): the bench's yardstick.

    python bench/crawl_baseline.py URLS.txt CONCURRENCY_PER_SITE
Prints one line: `<responses> <seconds>`.
"""

from __future__ import annotations

import sys
import time
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import CrawlerProcess


class FetchSpider(Spider):
    name = "fetch"

    def __init__(self, urls: list[str], **kwargs):
        super().__init__(**kwargs)
        self.urls = urls
        self.count = 0

    async def start(self):
        for url in self.urls:
            # The same one-slot-per-site rule newsmon uses, so concurrency is comparable.
            yield Request(url, meta={"download_slot": urlsplit(url).netloc}, dont_filter=True)

    def parse(self, response):
        self.count += 1


def main(argv: list[str]) -> int:
    urls = [u.strip() for u in open(argv[0], encoding="utf-8") if u.strip()]
    per_site = int(argv[1])
    process = CrawlerProcess({
        "LOG_LEVEL": "ERROR", "TELNETCONSOLE_ENABLED": False, "REMOTE_CONTROL_ENABLED": False,
        "ROBOTSTXT_OBEY": False, "CONCURRENT_REQUESTS": 32, "DOWNLOAD_DELAY": 0,
        "CONCURRENT_REQUESTS_PER_DOMAIN": per_site, "COOKIES_ENABLED": False})
    crawler = process.create_crawler(FetchSpider)
    started = time.perf_counter()
    process.crawl(crawler, urls=urls)
    process.start()
    print(crawler.spider.count, round(time.perf_counter() - started, 3))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
