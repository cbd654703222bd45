"""Publication dates as ISO 8601 strings."""
from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

__all__ = ["to_iso8601"]

_COMPACT_OFFSET = re.compile(r"([+-]\d{2})(\d{2})$")
_DATE_ONLY = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")


def to_iso8601(value: str) -> str | None:
    """'2019-11-18T10:00:00Z' -> '2019-11-18T10:00:00+00:00'; date-only stays a date; junk -> None."""
    value = value.strip()
    if not value or len(value) > 64:
        return None
    m = _DATE_ONLY.match(value)
    if m:
        return _valid_date(*map(int, m.groups()))
    parsed = _parse_iso(value) or _parse_rfc2822(value)
    if parsed is None or not 1990 <= parsed.year <= 2100:
        return None
    return parsed.isoformat()


def _parse_iso(value: str) -> datetime | None:
    text = value.replace(" ", "T", 1) if re.match(r"^\d{4}-\d{2}-\d{2} \d", value) else value
    text = _COMPACT_OFFSET.sub(r"\1:\2", text) if "T" in text else text
    try:
        return datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        return None


def _parse_rfc2822(value: str) -> datetime | None:
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None


def _valid_date(year: int, month: int, day: int) -> str | None:
    try:
        d = date(year, month, day)
    except ValueError:
        return None
    return d.isoformat() if 1990 <= year <= 2100 else None
