"""What the crawler needs of a URL from the sources file, said before a crawl instead of in it."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

# A DNS label; `_` too, as real hosts use it and Scrapy requests them.
_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$", re.IGNORECASE)


def url_problem(url: str) -> str | None:
    """What keeps `url` from being crawled, in words, or None when nothing does.

    >>> url_problem("http://127.0.0.1:99999/")
    'port must be a number from 1 to 65535'
    """
    # urlsplit drops tabs and newlines silently and Scrapy would quote spaces into another URL.
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return "must not contain spaces or control characters"
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unclosed [IPv6 address
        return "must be an http(s) URL"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "must be an http(s) URL"
    if parts.username is not None or parts.password is not None:
        # They would be sent to the site, logged and archived with every page.
        return "must not hold a user name or password"
    try:
        port = parts.port
    except ValueError:  # out of range or not a number
        port = 0
    if port is not None and not 1 <= port <= 65535:
        return "port must be a number from 1 to 65535"
    if not _valid_host(parts.hostname):
        return f"{parts.hostname!r} is not a valid host name or IP address"
    return None


def _valid_host(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    try:
        name = host.removesuffix(".").encode("idna").decode("ascii")  # bücher.de too
    except UnicodeError:  # an empty or overlong label
        return False
    labels = name.split(".")
    if all(label.isdigit() for label in labels):
        return False  # numbers only, yet no IPv4 address (999.1.1.1)
    return len(name) <= 253 and all(_LABEL.match(label) for label in labels)
