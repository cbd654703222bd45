"""The composition root: settings (the one environment reader), the sources file, the stage
registry, the pre-flight check, reports, cluster views and the export.

The CLI, the web app and the flows build on this; it imports the stage packages
(`crawlers`, `dedupe`) and `storage`, never the CLI, the web or the demo.
"""

__all__ = ["archive", "clusterviews", "errors", "export", "health", "names", "outcome",
           "preflight", "run_report", "scheduling", "settings", "sources", "stages", "starter",
           "summary", "textdiff", "version", "yamllines"]
