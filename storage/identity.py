"""Identity rules in one place: URL keys, canonical URLs, article ids and content hashes."""

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that only track the visitor; they never change the article.
_TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|ref|ref_src|ref_url|"
    r"cmpid|ocid|src|share|sharing|via|amp|outputtype|output|print|_ga|yclid)$",
    re.IGNORECASE,
)
# Path suffixes of AMP and print variants of an article.
_VARIANT_SUFFIX = re.compile(r"/(amp|print|amp\.html)/?$", re.IGNORECASE)
_VARIANT_PREFIX = re.compile(r"^/(amp|print)/", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_SPACE = re.compile(r"\s+")


def url_key(url: str) -> str:
    """Normalize a URL so that aliases of one page share a key.

    >>> url_key("HTTPS://Example.com:443/a/b/amp/?utm_source=x&b=2&a=1#top")
    'https://example.com/a/b?a=1&b=2'
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    path = _VARIANT_SUFFIX.sub("", parts.path) or "/"
    prefix = _VARIANT_PREFIX.match(path)
    if prefix and len(path) > prefix.end():
        path = path[prefix.end() - 1:]  # /amp/a/b and /print/a/b are /a/b
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not _TRACKING_PARAMS.match(k)]
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))


def canonical_url(url: str, rel_canonical: str | None = None) -> str:
    """rel=canonical when it is an http(s) URL, else the normalized fetched URL."""
    if rel_canonical and urlsplit(rel_canonical).scheme in ("http", "https"):
        return url_key(rel_canonical)
    return url_key(url)


def article_id(source: str, canonical: str) -> str:
    """Stable id of one canonical article of one source."""
    return hashlib.sha256(f"{source}\n{canonical}".encode()).hexdigest()[:16]


def normalize_for_hash(text: str) -> str:
    """NFKC, casefold, collapsed whitespace: the form content hashes are taken of."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def content_hash(text: str) -> str:
    """Hash of the normalized text: equal for copies that differ only in case or spacing."""
    return hashlib.sha256(normalize_for_hash(text).encode()).hexdigest()


def body_hash(body: bytes) -> str:
    """Hash of a raw response body, to tell whether a page changed."""
    return hashlib.sha256(body).hexdigest()
