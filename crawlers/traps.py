"""URL-level trap helpers: well-known session ids stripped, URL shapes, self-repeating paths.

Traps themselves are bounded by what they yield (crawlers.yieldguard) and session ids with
other names are learned from the site (crawlers.sessions); the names here only save the
requests that learning would cost. `url_pattern` names a trap's URL shapes in its log line.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query keys that only carry a visitor's session; removing them makes every session's copy of
# a URL the same URL.
_SESSION_KEYS = re.compile(
    r"^(jsessionid|phpsessid|sessionid|session_id|sessid|aspsessionid\w*|cfid|cftoken|zenid|"
    r"oscsid|sid|s_id|wmsid)$", re.IGNORECASE)
_SHORT_SID = re.compile(r"^(sid|s_id)$", re.IGNORECASE)  # also story ids on some CMSs
_PATH_SESSION = re.compile(r";(jsessionid|phpsessid|sessionid|sid)=[^/?#]*", re.IGNORECASE)
_OPAQUE = re.compile(r"[A-Za-z0-9_-]{20,}")  # session tokens, hashes in paths
_DIGITS = re.compile(r"\d+")
MAX_SEGMENT_REPEATS = 2  # /a/b/a/b/a: relative links resolving onto themselves


def strip_session(url: str) -> str:
    """The URL without session ids in its query or `;jsessionid=` path parameters.

    >>> strip_session("http://h/a;jsessionid=9F2A?id=4&PHPSESSID=77ab")
    'http://h/a?id=4'
    """
    parts = urlsplit(url)
    path = _PATH_SESSION.sub("", parts.path)
    query = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in query if not _is_session(k, v)]
    if path == parts.path and len(kept) == len(query):
        return url
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(kept), parts.fragment))


def _is_session(key: str, value: str) -> bool:
    if not _SESSION_KEYS.match(key):
        return False
    # A short numeric `sid` is a story id (Slashdot style); a session id is long and opaque.
    return not _SHORT_SID.match(key) or len(value) >= 16


def url_pattern(url: str) -> str:
    """The URL's shape: path with numbers and opaque tokens blanked, query keys only.

    >>> url_pattern("http://h/calendar/2024/05?day=3")
    '/calendar/0/0?day'
    """
    parts = urlsplit(url)
    path = _DIGITS.sub("0", _OPAQUE.sub("*", parts.path.rstrip("/")))
    keys = sorted({k.lower() for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return path + ("?" + "&".join(keys) if keys else "")


def repeats_segments(url: str) -> bool:
    """True for paths where one segment occurs more than MAX_SEGMENT_REPEATS times."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    counts = Counter(segments)
    return bool(counts) and max(counts.values()) > MAX_SEGMENT_REPEATS
