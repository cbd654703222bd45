"""newsmon: crawl news sites, extract clean articles, cluster near-duplicates across days.

Packages: `core` (composition root), `cli` (the `newsmon` command), `web` (UI and API),
`demo` (the bundled demo web).
"""

__all__ = ["cli", "core", "demo", "web"]
