"""Scrapy spiders: the one generic news spider (news.py) and how it names download errors."""

__all__ = ["errors", "news"]
