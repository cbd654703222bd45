from __future__ import annotations

import pytest

from crawlers.parsers.datelines import parse_dateline


@pytest.mark.parametrize("text, expected", [
    ("Published March 12, 2024 at 2:05 p.m. ET", "2024-03-12T14:05:00-04:00"),  # summer time
    ("Jan. 9, 2024 2:05 PM ET", "2024-01-09T14:05:00-05:00"),
    ("Updated: 12 March 2024, 14:05 CET", "2024-03-12T14:05:00+01:00"),
    ("Tuesday 12 March 2024 14.05 GMT", "2024-03-12T14:05:00+00:00"),
    ("2024-05-01 09:00 UTC+02:00", "2024-05-01T09:00:00+02:00"),
    ("16/07/2025 13:10", "2025-07-16T13:10:00"),  # no zone stated: none invented
    ("12.03.2024, 14:05 Uhr", "2024-03-12T14:05:00"),
    ("le 3 juin 2024 à 18h30", "2024-06-03T18:30:00"),
    ("12 de marzo de 2024 - 10:15 CET", "2024-03-12T10:15:00+01:00"),
    ("Updated 9:41 AM EDT, March 12, 2024", "2024-03-12T09:41:00-04:00"),  # time first
    ("Room 101, March 12, 2024", "2024-03-12"),
    ("19 November 2019 • 3 min read", "2019-11-19"),
    ("Sunday May 5, 2024", "2024-05-05"),
    ("nothing here", None),
    ("Room 12/40/2024", None),
])
def test_parse_dateline(text, expected):
    assert parse_dateline(text) == expected


def test_month_first_only_when_the_page_is_us_english():
    assert parse_dateline("03/04/2024") == "2024-04-03"
    assert parse_dateline("03/04/2024", month_first=True) == "2024-03-04"
    assert parse_dateline("03/19/2024") == "2024-03-19"  # 19 cannot be a month
