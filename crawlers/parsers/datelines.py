"""Publication times printed for readers ("March 12, 2024 at 2:05 p.m. ET", "16/07/2025 13:10").

Used only when no machine-readable date exists. A time zone is given only when the text names
one (offset or abbreviation); otherwise the result is a local wall-clock time without offset.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["parse_dateline", "DATE_WORDS"]

_MONTHS = {name: i for i, names in enumerate((
    "jan january janv janvier januar enero gennaio janeiro januari",
    "feb february févr fevr février februar febrero febbraio fevereiro februari",
    "mar march mars märz marz marzo março maart",
    "apr april avr avril abril aprile",
    "may mai mayo maggio maio mei",
    "jun june juin juni junio giugno junho",
    "jul july juil juillet juli julio luglio julho",
    "aug august août aout agosto augustus",
    "sep sept september septembre septiembre settembre setembro",
    "oct october octobre oktober octubre ottobre outubro",
    "nov november novembre noviembre novembro",
    "dec december déc décembre dezember diciembre dicembre dezembro",
), start=1) for name in names.split()}
# Words a dateline carries besides numbers: month names and the little words around them.
DATE_WORDS = frozenset(_MONTHS) | frozenset("de del à às le am um el ore uhr at on h".split())
# Abbreviations read as zones, so summer time is right ("ET" is -05:00 or -04:00 by date).
_ZONES = {"et": "America/New_York", "est": "America/New_York", "edt": "America/New_York",
          "ct": "America/Chicago", "cst": "America/Chicago", "cdt": "America/Chicago",
          "mt": "America/Denver", "mst": "America/Denver", "mdt": "America/Denver",
          "pt": "America/Los_Angeles", "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles",
          "bst": "Europe/London", "cet": "Europe/Berlin", "cest": "Europe/Berlin",
          "mez": "Europe/Berlin", "mesz": "Europe/Berlin", "aest": "Australia/Sydney",
          "aedt": "Australia/Sydney", "ist": "Asia/Kolkata", "jst": "Asia/Tokyo"}
_UTC_NAMES = {"utc", "gmt", "z"}

_MONTH = r"(?P<mon>[^\W\d_]{3,10})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|º)?\.?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DATE_FORMS = (
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),  # March 12, 2024
    re.compile(rf"\b{_DAY}\s+(?:de\s+)?{_MONTH}\s+(?:de\s+)?{_YEAR}\b"),  # 12 March 2024
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<day>\d{2})\b"),  # 2024-03-12
    re.compile(r"\b(?P<a>\d{1,2})[./](?P<b>\d{1,2})[./](?P<year>(?:19|20)\d{2})\b"),  # 12/03/2024
)
_TIME = re.compile(r"(?<![\d:])(?P<h>\d{1,2})(?:[:.h](?P<min>\d{2}))(?::(?P<s>\d{2}))?\s*(?P<ampm>[ap]\.?\s?m\.?)?"
                   r"|(?<![\d:])(?P<h2>\d{1,2})\s*(?P<ampm2>[ap]\.?\s?m\.?)(?!\w)", re.I)
_ZONE = re.compile(r"^\s*\(?(?P<name>[A-Za-z]{1,5})?\s*(?:(?P<sign>[+-−])(?P<oh>\d{1,2}):?(?P<om>\d{2})?)?\)?")


def parse_dateline(text: str, month_first: bool = False) -> str | None:
    """ISO 8601 for the first date (and time, and zone) a short visible text states.

    >>> parse_dateline("Published March 12, 2024 at 2:05 p.m. ET")
    '2024-03-12T14:05:00-04:00'
    """
    text = " ".join(text.split())
    for form in _DATE_FORMS:
        for m in form.finditer(text):
            day = _date(m, month_first)
            if day is not None:
                return _with_time(day, text[m.end():m.end() + 40], text[max(0, m.start() - 30):m.start()])
    return None


def _date(m: re.Match[str], month_first: bool) -> datetime | None:
    groups = m.groupdict()
    if groups.get("mon"):
        month = _MONTHS.get(groups["mon"].lower().rstrip("."))
    elif groups.get("m"):
        month = int(groups["m"])
    else:  # dd/mm/yyyy unless the page is US English or the first number cannot be a day
        a, b = int(groups["a"]), int(groups["b"])
        month, groups["day"] = (a, str(b)) if (month_first and a <= 12) or b > 12 else (b, str(a))
    try:
        return datetime(int(groups["year"]), month or 0, int(groups["day"]))
    except (TypeError, ValueError):
        return None


def _with_time(day: datetime, rest: str, before: str = "") -> str:
    m = _TIME.search(rest)
    if not m or m.start() > 8:
        # "9:41 AM EDT, March 12, 2024": the time may come first, ending right before the date.
        m = next((t for t in _TIME.finditer(before) if len(before) - t.end() <= 12), None)
        if m is None:
            return day.date().isoformat()
        rest = before
    hour = int(m.group("h") or m.group("h2"))
    ampm = (m.group("ampm") or m.group("ampm2") or "").lower()
    if ampm.startswith("p") and hour < 12:
        hour += 12
    elif ampm.startswith("a") and hour == 12:
        hour = 0
    try:
        when = day.replace(hour=hour, minute=int(m.group("min") or 0), second=int(m.group("s") or 0))
    except ValueError:
        return day.date().isoformat()
    return _zoned(when, rest[m.end():]).isoformat()


def _zoned(when: datetime, rest: str) -> datetime:
    m = _ZONE.match(rest)
    name = (m.group("name") or "").lower() if m else ""
    if m and m.group("sign") and (name in _UTC_NAMES or not name):
        sign = -1 if m.group("sign") in "-−" else 1
        offset = timedelta(hours=int(m.group("oh")), minutes=int(m.group("om") or 0))
        return when.replace(tzinfo=timezone(sign * offset))
    if name in _UTC_NAMES:
        return when.replace(tzinfo=timezone.utc)
    if name in _ZONES:
        try:
            return when.replace(tzinfo=ZoneInfo(_ZONES[name]))
        except ZoneInfoNotFoundError:
            return when
    return when
