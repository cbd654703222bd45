"""Full-text search over headlines and clean text, with the store's own engine.

SQLite: the FTS5 table `articles_fts` (migration 0007), kept in step with `articles` by
triggers. PostgreSQL: the GIN index `ix_articles_fulltext` over the same words. Either way
a user's query is read the same: every word must occur, "quoted words" as a phrase.

A SQLite migration that rebuilds `articles` (batch mode copies the table) drops the
triggers with it: such a migration must create them again (see 0007).
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, column, func, literal_column, text

from .schema import articles

# What the migrations build beside storage/schema.py's tables; a schema comparison skips them.
FULLTEXT_OBJECTS = ("articles_fts", "ix_articles_fulltext")
# The indexed expression of migration 0007; a query must use the very same text.
PG_DOCUMENT = "to_tsvector('simple', coalesce(articles.title, '') || ' ' || articles.text)"

_PHRASE_OR_WORD = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


def search_terms(query: str) -> list[str]:
    """The phrases of a query: "quoted words" stay together, anything else is one word.

    >>> search_terms('port strike "rate decision" U.S.')
    ['port', 'strike', 'rate decision', 'u s']
    """
    terms = []
    for match in _PHRASE_OR_WORD.finditer(query):
        words = _WORD.findall((match.group(1) or match.group(2) or "").lower())
        if words:
            terms.append(" ".join(words))
    return terms


def is_fulltext_object(name: str | None) -> bool:
    """True for the FTS5 table, its shadow tables and the PostgreSQL index."""
    return bool(name) and any(name == o or name.startswith(o + "_") for o in FULLTEXT_OBJECTS)


def matching_rows(dialect: str, query: str) -> ColumnElement[bool] | None:
    """A condition on `articles` rows whose headline or text holds every term; None when
    the query has no words at all."""
    terms = search_terms(query)
    if not terms:
        return None
    if dialect == "sqlite":
        # Each term quoted: FTS5 then reads it as a phrase, never as its query syntax.
        fts_query = " ".join('"' + t.replace('"', "") + '"' for t in terms)
        rows = (text("SELECT rowid FROM articles_fts WHERE articles_fts MATCH :fts_query")
                .bindparams(fts_query=fts_query).columns(column("rowid")))
        return articles.c.id.in_(rows)
    # phraseto_tsquery per term, joined with AND: the same reading as on SQLite.
    tsquery: ColumnElement = func.phraseto_tsquery(literal_column("'simple'"), terms[0])
    for term in terms[1:]:
        tsquery = tsquery.op("&&")(func.phraseto_tsquery(literal_column("'simple'"), term))
    return literal_column(PG_DOCUMENT).op("@@")(tsquery)
