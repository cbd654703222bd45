"""sources.yaml: pydantic models at the boundary, errors as `file:line: field: problem`."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from crawlers.config import DEFAULT_MINUTES_PER_SOURCE

from .urlcheck import url_problem
from .yamllines import YamlSyntaxError, line_of, load_with_lines

SOURCE_NAME = r"^[a-z0-9][a-z0-9-]*$"


class ConfigError(Exception):
    """A sources file that cannot be used; `problems` holds one line per error, each
    starting with the file and line it names."""

    exit_code = 2
    located = True

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _http_url(value: str) -> str:
    problem = url_problem(value)
    if problem:
        raise ValueError(problem)
    return value


HttpUrl = Annotated[str, AfterValidator(_http_url)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class SourceConfig(_Strict):
    name: str = Field(pattern=SOURCE_NAME, max_length=100)
    url: HttpUrl
    feeds: tuple[HttpUrl, ...] = ()
    sitemaps: tuple[HttpUrl, ...] = ()
    max_pages: int | None = Field(default=None, ge=1)


class CrawlConfig(_Strict):
    user_agent: str | None = Field(default=None, min_length=1)  # None: newsmon's own
    obey_robots: bool = True
    concurrency_per_host: int = Field(default=2, ge=1, le=64)
    download_delay: float = Field(default=1.0, ge=0, le=600)
    max_pages_per_source: int = Field(default=5000, ge=1)
    max_page_bytes: int = Field(default=10_000_000, ge=1024)
    # A source's time budget per run; what is left goes first next run (0: none).
    max_minutes_per_source: float = Field(default=DEFAULT_MINUTES_PER_SOURCE, ge=0)


def _redis_url(value: str) -> str:
    if urlsplit(value).scheme not in ("redis", "rediss", "unix"):
        raise ValueError("must be a redis:// (or rediss://, unix://) URL")
    return value


class DedupeSection(_Strict):
    threshold: float | None = Field(default=None, gt=0, le=1)  # None: the project's default
    window_days: int = Field(default=30, ge=1)
    # The shared LSH index, e.g. redis://127.0.0.1:6379/0; None: a file beside the store.
    index: Annotated[str, AfterValidator(_redis_url)] | None = None


class SourcesFile(_Strict):
    sources: tuple[SourceConfig, ...] = Field(min_length=1)
    crawl: CrawlConfig = CrawlConfig()
    dedupe: DedupeSection = DedupeSection()


def load_sources(path: str | Path) -> SourcesFile:
    """Read and validate a sources file, raising ConfigError with every problem found."""
    path = Path(path)
    try:
        data, lines = load_with_lines(path)
    except FileNotFoundError:
        raise ConfigError([f"{path}: file not found (give --config or set NEWSMON_CONFIG)"])
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([f"{path}: cannot read: {exc}"])
    except YamlSyntaxError as exc:
        raise ConfigError([f"{path}:{exc.line}: {exc.problem}"])
    if not isinstance(data, dict):
        raise ConfigError([f"{path}:1: the file must be a mapping with a 'sources' list"])
    problems = []
    try:
        parsed = SourcesFile.model_validate(data)
    except ValidationError as exc:
        problems = [_problem(path, lines, err) for err in _meaningful(exc.errors())]
        parsed = None
    problems += _duplicate_names(path, lines, data)
    if problems:
        raise ConfigError(sorted(problems, key=_line_number))
    return parsed


def _meaningful(errors: list) -> list[dict]:
    """Drop a list's 'too short' complaint when it is only a consequence of bad items."""
    item_locs = {tuple(e["loc"][:1]) for e in errors if len(e["loc"]) > 1}
    return [e for e in errors if not (e["type"] == "too_short" and tuple(e["loc"]) in item_locs)]


def _line_number(problem: str) -> int:
    parts = problem.split(":")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


def _problem(path: Path, lines: dict, err: dict) -> str:
    loc = tuple(err["loc"])
    return f"{path}:{line_of(lines, loc)}: {_field_name(loc)}: {_in_words(loc, err)}"


# Pydantic's error types in the words of someone editing a YAML file.
_WORDS = {
    "missing": "required",
    "bool_parsing": "must be true or false", "bool_type": "must be true or false",
    "int_parsing": "must be a whole number", "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_parsing": "must be a number", "float_type": "must be a number",
    "string_type": "must be text",
    "dict_type": "must be a mapping (indented `key: value` lines)",
    "model_type": "must be a mapping (indented `key: value` lines)",
    "model_attributes_type": "must be a mapping (indented `key: value` lines)",
}
_LISTS = {"sources": "must be a list of sources, each a `- name: ...` item with a url",
          "feeds": "must be a list of URLs, e.g. [https://www.example.com/rss.xml]",
          "sitemaps": "must be a list of URLs, e.g. [https://www.example.com/sitemap.xml]"}


def _in_words(loc: tuple, err: dict) -> str:
    kind = err["type"]
    # 0.0 reads as 0 in a YAML file
    ctx = {k: int(v) if isinstance(v, float) and v.is_integer() else v
           for k, v in (err.get("ctx") or {}).items()}
    if kind == "extra_forbidden":
        return "unknown key" + _did_you_mean(loc)
    if kind in ("tuple_type", "list_type", "iterable_type"):
        return _LISTS.get(str(loc[-1]), "must be a list")
    if kind in ("model_type", "dict_type") and len(loc) == 2 and loc[0] == "sources":
        return ("must be a source with `name:` and `url:` (a bare URL is not enough; "
                "`newsmon init URL...` writes them for you)")
    if kind == "too_short" and loc == ("sources",):
        return "needs at least one source (a `- name: ...` item with a url)"
    if kind == "string_pattern_mismatch" and loc[-1] == "name":
        return ("must be lowercase letters, digits and '-', starting with a letter or digit "
                "(e.g. daily-planet)")
    bounds = {"greater_than_equal": "at least {ge}", "less_than_equal": "at most {le}",
              "greater_than": "more than {gt}", "less_than": "less than {lt}",
              "string_too_long": "at most {max_length} characters long",
              "string_too_short": "at least {min_length} characters long"}
    if kind in bounds:
        return "must be " + bounds[kind].format(**ctx)
    if kind in _WORDS:
        return _WORDS[kind]
    return err["msg"].removeprefix("Value error, ")


def _did_you_mean(loc: tuple) -> str:
    model = _model_at(loc[:-1])
    close = difflib.get_close_matches(str(loc[-1]), list(model.model_fields), n=1, cutoff=0.6)
    if close:
        return f"; did you mean {close[0]}?"
    return f" (known keys: {', '.join(model.model_fields)})"


def _model_at(loc: tuple) -> type[BaseModel]:
    """The model whose keys live at `loc`, e.g. ("sources", 0) -> SourceConfig."""
    shape = tuple("#" if isinstance(part, int) else part for part in loc)
    models: dict[tuple, type[BaseModel]] = {
        ("sources", "#"): SourceConfig, ("crawl",): CrawlConfig, ("dedupe",): DedupeSection}
    return models.get(shape, SourcesFile)


def _field_name(loc: tuple) -> str:
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "(top level)"


def _duplicate_names(path: Path, lines: dict, data: dict) -> list[str]:
    seen: dict[str, int] = {}
    problems = []
    for i, source in enumerate(data.get("sources") or []):
        name = source.get("name") if isinstance(source, dict) else None
        if not isinstance(name, str):
            continue
        if name in seen:
            where = ("sources", i, "name")
            problems.append(f"{path}:{line_of(lines, where)}: {_field_name(where)}: "
                            f"duplicate name {name!r} (first used on line {seen[name]})")
        else:
            seen[name] = line_of(lines, ("sources", i, "name"))
    return problems
