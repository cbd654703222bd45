"""Prefect flows: thin tasks over newsmon's stage registry, and the daily flow.

Prefect's telemetry is turned off where processes start (`newsmon`'s entry point, the
deployments' environment in prefect.yaml), never by importing this package.
"""

from .daily_pipeline import daily
from .shard_pipeline import shard_flow

__all__ = ["daily", "shard_flow"]
