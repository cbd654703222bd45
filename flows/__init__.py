"""Prefect flows: thin tasks over newsmon's stage functions, and the daily flow."""

import os as _os

# Set before Prefect is imported anywhere: it reads these at import and would phone home.
for _key, _value in (("DO_NOT_TRACK", "1"), ("PREFECT_SERVER_ANALYTICS_ENABLED", "false")):
    _os.environ.setdefault(_key, _value)

from .daily_pipeline import daily  # noqa: E402
from .shard_pipeline import shard_flow  # noqa: E402

__all__ = ["daily", "shard_flow"]
