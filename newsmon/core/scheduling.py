"""The daily schedule: prefect.yaml's `daily` cron by default, checked before it is served."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import UsageProblem
from .settings import Settings

PREFECT_YAML = Path(__file__).resolve().parents[2] / "prefect.yaml"
# prefect.yaml's own schedule, for an installation that does not ship the file.
FALLBACK = ("15 5 * * *", "UTC")


@dataclass(frozen=True)
class DailySchedule:
    cron: str
    timezone: str


def daily_schedule(cron: str | None = None, path: Path = PREFECT_YAML) -> DailySchedule:
    """`cron` when given (checked), else the `daily` deployment's schedule in prefect.yaml."""
    default_cron, timezone = _from_prefect_yaml(path)
    chosen = cron or default_cron
    from prefect.client.schemas.schedules import CronSchedule  # Prefect's own check

    try:
        CronSchedule(cron=chosen, timezone=timezone)
    except ValueError:
        raise UsageProblem(f"--cron {chosen!r} is not a cron expression (five fields: minute "
                           "hour day-of-month month day-of-week, e.g. '15 5 * * *')") from None
    return DailySchedule(chosen, timezone)


def _from_prefect_yaml(path: Path) -> tuple[str, str]:
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        daily = next(d for d in spec["deployments"] if d["name"] == "daily")
        first = daily["schedules"][0]
        return str(first["cron"]), str(first.get("timezone") or "UTC")
    except (OSError, KeyError, IndexError, TypeError, StopIteration, yaml.YAMLError):
        return FALLBACK


def served_parameters(settings: Settings) -> dict:
    """The flow's parameters for a schedule: absolute paths, so a run means the same files
    whichever directory the runner's process happens to be in."""
    params: dict = {"config_path": str(settings.config_path.resolve()),
                    "store_url": absolute_store_url(settings.store_url)}
    if settings.data_dir:
        params["data_dir"] = str(settings.data_dir.resolve())
    if settings.index_url:
        params["index_url"] = settings.index_url
    return params


def absolute_store_url(url: str) -> str:
    """A SQLite URL with its file made absolute; other URLs as they are."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - not ours to judge here: opening the store says why
        return url
    if parsed.get_backend_name() != "sqlite" or not parsed.database or \
            parsed.database == ":memory:":
        return url
    path = Path(parsed.database).expanduser().resolve()
    return parsed.set(database=str(path)).render_as_string(hide_password=False)
