"""Form fields read leniently: a page says what was wrong with a value instead of a JSON 422."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode


def form_day(value: str, what: str, problems: list[str]) -> date | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        problems.append(f"{what} {value!r} is not a date (YYYY-MM-DD); ignored")
        return None


def form_int(value: str, what: str, default: int, problems: list[str]) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        problems.append(f"{what} {value!r} is not a whole number of at least 1; "
                        f"using {default}")
        return default
    return number


def form_choice(value: str, choices: tuple[str, ...], what: str, problems: list[str]) -> str:
    if value in choices:
        return value
    problems.append(f"{what} {value!r} is not one of {', '.join(choices)}; using {choices[0]}")
    return choices[0]


def link(path: str, query: dict, **changes) -> str:
    """`path?query` with `changes` applied; empty values are left out."""
    merged = {**query, **changes}
    shown = {k: v for k, v in merged.items() if v not in ("", None)}
    return path + ("?" + urlencode(shown) if shown else "")
