"""Articles: one row per (page, body hash, parser version); the newest ok row is current."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Select, and_, func, select

from .schema import articles
from .timeutil import as_utc


@dataclass(frozen=True)
class ArticleVersion:
    """One extraction of one fetched body."""

    article_id: str
    page_id: int
    body_hash: str
    parser_version: str
    status: str  # ok | empty | error
    source: str
    url: str
    canonical_url: str
    title: str | None
    author: str | None
    published: datetime | None
    language: str | None
    text: str
    content_hash: str | None
    fetched_at: datetime
    extracted_at: datetime
    error: str | None = None


def save_article(conn: Connection, version: ArticleVersion) -> bool:
    """Insert a version unless it is already stored; True when a row was added."""
    exists = conn.execute(select(articles.c.id).where(and_(
        articles.c.page_id == version.page_id,
        articles.c.body_hash == version.body_hash,
        articles.c.parser_version == version.parser_version))).first()
    if exists:
        return False
    conn.execute(articles.insert().values(**version.__dict__))
    return True


def current_versions() -> Select:
    """Row ids of the current (newest ok) version of every article, as a subquery source."""
    return (select(func.max(articles.c.id).label("row_id"))
            .where(articles.c.status == "ok")
            .group_by(articles.c.article_id))


def current_article(conn: Connection, article_id: str) -> ArticleVersion | None:
    row = conn.execute(
        select(articles).where(and_(articles.c.article_id == article_id,
                                    articles.c.status == "ok"))
        .order_by(articles.c.id.desc()).limit(1)).first()
    return _version(row) if row else None


def count_articles(conn: Connection, status: str = "ok") -> int:
    """Distinct articles having at least one version with this status."""
    return conn.execute(select(func.count(func.distinct(articles.c.article_id)))
                        .where(articles.c.status == status)).scalar_one()


def _version(row) -> ArticleVersion:
    data = row._asdict()
    data.pop("id", None)
    for key in ("published", "fetched_at", "extracted_at"):
        data[key] = as_utc(data[key])
    return ArticleVersion(**data)
