"""Version and the user agent the crawler sends by default."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("newsmon")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0"

PROJECT_URL = "https://github.com/newsmon/newsmon"
USER_AGENT = f"newsmon/{__version__} (+{PROJECT_URL})"
