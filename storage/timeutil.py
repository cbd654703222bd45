"""UTC datetimes in and out of the store (SQLite keeps no timezone, so everything is UTC)."""

from datetime import datetime, timezone


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(value: datetime | None) -> datetime | None:
    """A timezone-aware UTC datetime, whatever the driver handed back."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def parse_iso(value: str | None) -> datetime | None:
    """ISO 8601 text to a UTC datetime; None when absent or unreadable."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return as_utc(parsed)


def iso(value: datetime | None) -> str | None:
    """UTC ISO 8601 with a 'Z'-free explicit offset, or None."""
    value = as_utc(value)
    return value.isoformat() if value else None


def iso_seconds(value: datetime | None) -> str | None:
    """What people and exports read: UTC ISO 8601 to the second (no microseconds).
    `iso` keeps full precision for what must compare exactly (cursors, fingerprints)."""
    value = as_utc(value)
    return value.replace(microsecond=0).isoformat() if value else None
