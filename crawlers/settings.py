"""Scrapy settings for the newsmon crawl: the one settings module (Scrapy project style).

Module-level names are the fixed policy; `overrides()` maps the user's `crawl:` settings onto
Scrapy names and is applied with higher priority by `crawlers.process`.
"""

from __future__ import annotations

from .config import CrawlSettings

BOT_NAME = "newsmon"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

ROBOTSTXT_OBEY = True
USER_AGENT = "newsmon (+https://github.com/newsmon/newsmon)"

# Politeness: a floor delay per host, AutoThrottle backs off further when the site slows down.
CONCURRENT_REQUESTS = 32  # across sites; per site see CONCURRENT_REQUESTS_PER_DOMAIN
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
# Scrapy's default jitter (x0.5..x1.5) would make download_delay and Crawl-delay averages;
# the contract promises a floor.
DOWNLOAD_DELAY_JITTER = 0.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
# Download slots are keyed per site (host:port) by the spider, so this is "per site".
# robots.txt Crawl-delay raises a site's floor delay (crawlers.politeness).

# Scrapy's HttpCompressionMiddleware applies DOWNLOAD_MAXSIZE to the decompressed body as well
# (checked in Scrapy 2.19: it raises IgnoreRequest during decompression), so one number caps both.
DOWNLOAD_MAXSIZE = 10_000_000
DOWNLOAD_WARNSIZE = 5_000_000
DOWNLOAD_TIMEOUT = 30
DNS_TIMEOUT = 15

# Transient server trouble is retried, later tries wait longer (BackoffMiddleware).
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
NEWSMON_RETRY_BACKOFF = 1.0  # seconds before the first retry, doubled for each later one
NEWSMON_RETRY_BACKOFF_MAX = 30.0

REDIRECT_ENABLED = True
REDIRECT_MAX_TIMES = 5
METAREFRESH_ENABLED = False  # meta refresh is mostly ad/consent junk on news sites

URLLENGTH_LIMIT = 2000
# Requests are sent by the spider's own per-source frontier (crawlers.scheduling), not as
# callback output, so Scrapy's depth has no meaning; traps are bounded by what they yield.
DEPTH_LIMIT = 0
# Crawl traps (crawlers.yieldguard): at most this many pages in a row that led to no new
# article above any request, and at most this many such listing pages per source and run.
NEWSMON_BARREN_CHAIN = 6
NEWSMON_BARREN_BUDGET = 100
# Session ids learned from the site (crawlers.sessions): confirming requests per source and run.
NEWSMON_SESSION_PROBES = 8
# Requests of one source handed to Scrapy at once; 0: from the concurrency and delay (spider).
NEWSMON_SOURCE_WINDOW = 0
# Known listings, feeds and sitemaps are re-checked (conditional GET) while they changed
# within this many days; older ones are reached by link following or not at all.
NEWSMON_RECHECK_DAYS = 30

# Raw responses are archived to WARC by the pipeline; an HTTP cache would hide changes.
HTTPCACHE_ENABLED = False
COOKIES_ENABLED = False
# No control ports: Scrapy 2.19 also starts a remote-control HTTP server (code execution over
# HTTP, token in a job file) unless told not to.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"
# Scrapy >= 2.12 has no REQUEST_FINGERPRINTER_IMPLEMENTATION to choose; the default is current.

DOWNLOADER_MIDDLEWARES = {
    # Replaces Scrapy's own so robots.txt fetched by the spider is not fetched a second time.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawlers.middlewares.SharedRobotsMiddleware": 100,
    "crawlers.middlewares.ScopeMiddleware": 90,
    "crawlers.middlewares.IncrementalMiddleware": 120,
    "crawlers.middlewares.BudgetMiddleware": 130,
    "crawlers.middlewares.BackoffMiddleware": 560,  # just after RetryMiddleware (550)
}
EXTENSIONS = {
    "scrapy.extensions.throttle.AutoThrottle": None,
    "crawlers.politeness.PoliteThrottle": 0,  # AutoThrottle that keeps Crawl-delay
}
ITEM_PIPELINES = {
    "crawlers.pipelines.ArchivePipeline": 300,
}


def overrides(settings: CrawlSettings) -> dict:
    """Scrapy settings that follow the user's `crawl:` section."""
    delay = max(0.0, float(settings.download_delay))
    return {
        "USER_AGENT": settings.user_agent,
        "ROBOTSTXT_OBEY": bool(settings.obey_robots),
        "CONCURRENT_REQUESTS_PER_DOMAIN": max(1, int(settings.concurrency_per_host)),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(max(1, int(settings.concurrency_per_host))),
        "DOWNLOAD_DELAY": delay,
        # AutoThrottle starts at max(START_DELAY, DOWNLOAD_DELAY): keep it at the user's floor.
        "AUTOTHROTTLE_START_DELAY": delay,
        "DOWNLOAD_MAXSIZE": int(settings.max_page_bytes),
        "DOWNLOAD_WARNSIZE": max(1, int(settings.max_page_bytes) // 2),
    }
