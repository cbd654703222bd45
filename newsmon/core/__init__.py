"""The composition root: settings (the one environment reader), the sources file, the stage
registry, the pre-flight check, reports, cluster views and the export.

The CLI, the web app and the flows build on this; it imports the stage packages
(`crawlers`, `dedupe`) and `storage`, never the CLI, the web or the demo.
"""

__all__ = ["clusterviews", "errors", "export", "health", "preflight", "run_report",
           "settings", "sources", "stages", "summary", "textdiff", "version", "yamllines"]
