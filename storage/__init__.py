"""Storage: tables, migrations, identity rules and read/write functions per table."""

from .articles import ArticleVersion, count_articles, current_article, save_article
from .browse import (
    SourceHealth,
    cluster_of,
    clusters_changed,
    extraction_counts,
    source_health,
    source_names,
)
from .clusterlist import (
    SORTS,
    ClusterFilter,
    ClusterOverview,
    Facets,
    cluster_facets,
    count_found_clusters,
    find_clusters,
    overviews,
)
from .clusters import (
    ClusterInfo,
    DedupeInput,
    Member,
    NewMembership,
    cluster_members,
    count_clusters,
    expired_members,
    get_cluster,
    list_clusters,
    members_of,
    members_since,
    membership_watermark,
    recent_texts,
    save_memberships,
    set_representative,
    set_representatives,
    unclustered,
    window_members,
    window_signatures,
)
from .engine import Store, open_store
from .errors import BadCursor, StoreError, StoreMissing, StoreUnavailable
from .merges import ClusterMerge, aliases_of, cluster_merges, merge_clusters, resolve_cluster
from .exports import EXPORT_FIELDS, cluster_records, export_page, iter_export_records
from .frontier import (
    FrontierEntry,
    finished_sources,
    load_frontier,
    load_rules,
    rekey_page,
    save_frontier,
    save_rule,
)
from .identity import article_id, body_hash, canonical_url, content_hash, url_key
from .pages import (
    ArchivedCopy,
    KnownPage,
    PageFetch,
    PageStub,
    PendingPage,
    archived_copy,
    count_pages,
    ensure_source,
    forget_validators,
    known_pages,
    load_site_profile,
    pending_extraction,
    profile_sample,
    record_fetch,
    record_not_modified,
    record_stub,
    save_site_profile,
)
from .recorder import RecordedRun, recorded_run
from .runs import (
    RunInfo,
    close_interrupted,
    crawl_stats_for,
    finish_run,
    get_run,
    mark_shard,
    recent_runs,
    save_crawl_stats,
    start_run,
)
from .signatures import (
    SignatureRecord,
    load_signature_records,
    save_signature_records,
)
from .timeutil import as_utc, iso, iso_seconds, parse_iso, utcnow

__all__ = [
    "EXPORT_FIELDS", "ArticleVersion", "ClusterInfo", "DedupeInput", "KnownPage", "Member",
    "PageFetch", "PageStub", "PendingPage", "RunInfo", "Store", "StoreError", "StoreMissing", "StoreUnavailable", "article_id",
    "as_utc", "body_hash", "canonical_url", "cluster_members", "content_hash", "count_articles",
    "count_clusters", "count_pages", "crawl_stats_for", "current_article",
    "ensure_source", "finish_run", "get_cluster", "iso", "iter_export_records", "known_pages",
    "list_clusters", "members_since", "open_store", "parse_iso",
    "pending_extraction", "recent_runs", "record_fetch", "record_not_modified", "record_stub",
    "save_article", "save_crawl_stats", "set_representative", "set_representatives",
    "start_run",
    "unclustered", "url_key", "utcnow",
    # reading side: browsing, paging, run reports, source health
    "ClusterFilter", "ClusterOverview", "SourceHealth", "cluster_of", "cluster_records", "clusters_changed",
    "count_found_clusters", "export_page", "extraction_counts", "find_clusters", "get_run",
    "overviews", "source_health", "source_names",
    # dedupe: bulk placements, signature records with lead signatures
    "NewMembership", "SignatureRecord", "expired_members", "load_signature_records",
    "members_of", "membership_watermark", "window_members",
    "window_signatures",
    # crash recovery and shards
    "close_interrupted", "forget_validators", "mark_shard",
    "save_memberships", "save_signature_records",
    # extraction: each source's learnt template profile
    "load_site_profile", "profile_sample", "save_site_profile",
    # the web UI: cluster lists, facets, archived copies, full-text search
    "SORTS", "ArchivedCopy", "Facets", "archived_copy", "cluster_facets",
    # crawl budgets: leftover frontier, learned URL rules, per-source completion
    "FrontierEntry", "finished_sources", "load_frontier", "load_rules", "rekey_page",
    "save_frontier", "save_rule",
    # cluster merges: aliases that resolve to the surviving cluster; template samples
    "ClusterMerge", "aliases_of", "cluster_merges", "merge_clusters", "recent_texts",
    "resolve_cluster",
    # errors and the run recorder
    "BadCursor", "RecordedRun", "recorded_run", "iso_seconds",
]
