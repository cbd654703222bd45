"""Table definitions: the one place the store's shape is described (Alembic migrates to it)."""

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

sources = Table(
    "sources",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("url", Text, nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
)

pages = Table(
    "pages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(100), ForeignKey("sources.name"), nullable=False),
    Column("url_key", Text, nullable=False),  # identity.url_key of the requested URL
    Column("url", Text, nullable=False),  # the URL as fetched (after redirects)
    Column("canonical_url", Text, nullable=True),  # rel=canonical or url_key
    # article | listing | feed | sitemap | other (non-HTML, robots.txt) | alias (of canonical_url)
    Column("kind", String(16), nullable=False),
    Column("status", Integer, nullable=False),
    Column("content_type", String(200), nullable=True),
    Column("etag", Text, nullable=True),
    Column("last_modified", Text, nullable=True),
    Column("body_hash", String(64), nullable=True),
    Column("body_bytes", BigInteger, nullable=True),
    Column("warc_file", Text, nullable=True),  # relative to the data dir
    Column("warc_offset", BigInteger, nullable=True),
    Column("warc_length", BigInteger, nullable=True),
    Column("first_fetched_at", DateTime(timezone=True), nullable=False),
    Column("last_fetched_at", DateTime(timezone=True), nullable=False),
    Column("last_changed_at", DateTime(timezone=True), nullable=False),
    Column("fetch_count", Integer, nullable=False, default=1),
    UniqueConstraint("source", "url_key", name="uq_pages_source_url_key"),
)
Index("ix_pages_kind", pages.c.kind)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),  # one row per version
    Column("article_id", String(32), nullable=False),  # identity.article_id, stable
    Column("page_id", Integer, ForeignKey("pages.id"), nullable=False),
    Column("body_hash", String(64), nullable=False),
    Column("parser_version", String(32), nullable=False),
    Column("status", String(16), nullable=False),  # ok | empty | error
    Column("source", String(100), nullable=False),
    Column("url", Text, nullable=False),
    Column("canonical_url", Text, nullable=False),
    Column("title", Text, nullable=True),
    Column("author", Text, nullable=True),
    Column("published", DateTime(timezone=True), nullable=True),
    Column("language", String(8), nullable=True),
    Column("text", Text, nullable=False, default=""),
    Column("content_hash", String(64), nullable=True),
    Column("fetched_at", DateTime(timezone=True), nullable=False),  # first fetch of the page
    Column("extracted_at", DateTime(timezone=True), nullable=False),
    Column("error", Text, nullable=True),
    UniqueConstraint("page_id", "body_hash", "parser_version", name="uq_articles_version"),
)
Index("ix_articles_article_id", articles.c.article_id)
Index("ix_articles_content_hash", articles.c.content_hash)
# A source's newest articles (migration 0005): dedupe learns its template lines from them.
Index("ix_articles_source_id", articles.c.source, articles.c.id)

signatures = Table(
    "signatures",
    metadata,
    Column("content_hash", String(64), primary_key=True),
    Column("config_key", String(64), primary_key=True),
    Column("num_perm", Integer, nullable=False),
    Column("hashvalues", LargeBinary, nullable=False),  # little-endian, num_perm values
    Column("created_at", DateTime(timezone=True), nullable=False),
    # What dedupe derives from the same normalized text (migration 0004): the lead
    # signature, whether the text was a teaser, its word count and the wire its frame credits.
    Column("lead_hashvalues", LargeBinary, nullable=True),
    Column("teaser", Boolean, nullable=True),
    Column("words", Integer, nullable=True),
    Column("credit", String(64), nullable=True),
    # Migration 0005: distinct shingles (the length guards' size), which signature values
    # came from quotations (bits), and the dateline's place.
    Column("shingles", Integer, nullable=True),
    Column("quoted", LargeBinary, nullable=True),
    Column("place", String(64), nullable=True),
)

clusters = Table(
    "clusters",
    metadata,
    Column("cluster_id", String(32), primary_key=True),
    Column("config_key", String(64), nullable=False),
    Column("representative_id", String(32), nullable=False),  # an article_id
    Column("representative_reason", Text, nullable=False),
    Column("size", Integer, nullable=False),
    Column("first_seen", DateTime(timezone=True), nullable=False),
    Column("last_seen", DateTime(timezone=True), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

memberships = Table(
    "memberships",
    metadata,
    Column("article_id", String(32), primary_key=True),
    Column("cluster_id", String(32), ForeignKey("clusters.cluster_id"), nullable=False),
    Column("similarity", Float, nullable=False),  # estimated Jaccard to the matched member
    Column("matched_id", String(32), nullable=True),  # the member it matched, null for founder
    Column("joined_at", DateTime(timezone=True), nullable=False),
    # founder | same-text | copy | excerpt | full-story (migration 0004; null before it)
    Column("match_kind", String(16), nullable=True),
)
Index("ix_memberships_cluster", memberships.c.cluster_id)

# A cluster merged into another (migration 0005): its id stays valid and resolves to the
# surviving cluster. Chains are kept one hop long (a survivor absorbed later re-points its
# aliases), so resolving is one lookup.
cluster_aliases = Table(
    "cluster_aliases",
    metadata,
    Column("alias_id", String(32), primary_key=True),  # the absorbed cluster's id
    Column("cluster_id", String(32), nullable=False),  # the cluster it is part of now
    Column("article_id", String(32), nullable=True),  # the copy that bridged the two
    Column("merged_at", DateTime(timezone=True), nullable=False),
    Column("config_key", String(64), nullable=False),
)
Index("ix_cluster_aliases_cluster", cluster_aliases.c.cluster_id)
Index("ix_cluster_aliases_merged_at", cluster_aliases.c.merged_at)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("stage", String(16), nullable=False),  # crawl | extract | dedupe | flow
    Column("run_date", String(10), nullable=False),  # YYYY-MM-DD the run is for
    Column("status", String(16), nullable=False),  # running | done | failed | interrupted
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True), nullable=True),
    Column("stats", JSON, nullable=True),
    Column("error", Text, nullable=True),
)

crawl_stats = Table(
    "crawl_stats",
    metadata,
    Column("run_id", Integer, ForeignKey("runs.id"), primary_key=True),
    Column("source", String(100), primary_key=True),
    Column("requests", Integer, nullable=False, default=0),
    Column("pages", Integer, nullable=False, default=0),
    Column("new_articles", Integer, nullable=False, default=0),
    Column("updated_articles", Integer, nullable=False, default=0),
    Column("not_modified", Integer, nullable=False, default=0),
    Column("errors", JSON, nullable=True),  # {kind: count}
    Column("bytes", BigInteger, nullable=False, default=0),
    Column("seconds", Float, nullable=False, default=0.0),
    Column("skipped", JSON, nullable=True),  # {known, robots, over_budget, trap, ...: count}
    Column("failed", Boolean, nullable=True),  # nothing at all could be fetched
    Column("zero_articles", Boolean, nullable=True),  # up, but not one article seen
    # Migration 0006: when the source's crawl ended (its completion marker: extraction may
    # start on it), whether its time budget ran out, what it left for the next run, its traps.
    Column("finished_at", DateTime(timezone=True), nullable=True),
    Column("out_of_time", Boolean, nullable=True),
    Column("frontier_left", Integer, nullable=True),
    Column("traps", JSON, nullable=True),  # [{entry, pages, dropped, patterns}]
)

# URLs a source had queued when its time budget ran out: tried first by its next crawl.
crawl_frontier = Table(
    "crawl_frontier",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(100), nullable=False),
    Column("url", Text, nullable=False),
    Column("kind", String(16), nullable=False),  # page | feed | sitemap
    Column("barren", Integer, nullable=False, default=0),  # pages since one that yielded
    Column("lastmod", String(40), nullable=True),
    Column("saved_at", DateTime(timezone=True), nullable=False),
)
Index("ix_crawl_frontier_source", crawl_frontier.c.source)

# URL parts a source was seen to vary without changing the page (session ids): stripped.
crawl_rules = Table(
    "crawl_rules",
    metadata,
    Column("source", String(100), primary_key=True),
    Column("rule", String(200), primary_key=True),  # "query:<name>" | "path:<pos>:<shape>"
    Column("evidence", Text, nullable=True),  # the two URLs that showed it
    Column("learned_at", DateTime(timezone=True), nullable=False),
)

# What extraction learnt of a source's template (its recurring lines), from a fixed sample of its
# stored pages under one parser version (migration 0008): a rerun on the same sample reuses it.
site_profiles = Table(
    "site_profiles",
    metadata,
    Column("source", String(100), primary_key=True),
    Column("parser_version", String(32), primary_key=True),
    Column("sample_digest", String(64), primary_key=True),  # sha256 of the sample's body hashes
    Column("chrome", JSON, nullable=False),  # the recurring lines' keys (site_profile.line_key)
    Column("pages", Integer, nullable=False),  # pages of the sample that had text
    Column("learned_at", DateTime(timezone=True), nullable=False),
)

# Who holds a run lock of a PostgreSQL store, renewed every few seconds (migration 0009): an
# advisory lock dies with its connection, the lease outlives a dropped connection or restart.
run_leases = Table(
    "run_leases",
    metadata,
    Column("name", String(64), primary_key=True),  # run | shard-I-of-N
    Column("holder", String(300), nullable=False),  # what, pid, host, a token of this hold
    Column("renewed_at", DateTime(timezone=True), nullable=False),
)

# The store's own id (one row, migration 0010), written beside its files as
# `<data dir>/.newsmon-store`: a second store pointed at the same directory is refused.
store_identity = Table(
    "store_identity",
    metadata,
    Column("store_id", String(32), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
