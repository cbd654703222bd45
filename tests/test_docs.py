"""The README is all a user reads: it must mention every command, option and config key."""

from __future__ import annotations

import re
from pathlib import Path

import click
import typer.main
from pydantic import BaseModel

from newsmon.cli import app
from newsmon.core.sources import SourcesFile

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def _commands(group: click.Group, prefix: str = ""):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}", command


# Options the README documents once for every command that takes them.
SHARED_OPTIONS = ("--config", "--store", "--data-dir", "--date", "--index-url")


def test_every_command_and_option_is_in_the_readme():
    """Each command is in the README's command table, and each of its options on its own
    row there (or is one of the shared options), not merely somewhere in the README."""
    missing = []
    lines = README.splitlines()
    for name, command in _commands(typer.main.get_command(app)):
        rows = [line for line in lines if line.startswith("|") and f"newsmon {name}" in line]
        if not rows:
            missing.append(f"command `newsmon {name}`")
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if (opt.startswith("--") and opt not in ("--help", *SHARED_OPTIONS)
                        and not any(opt in row for row in rows)):
                    missing.append(f"`newsmon {name} {opt}`")
    assert not missing, "README's command table misses: " + ", ".join(missing)
    assert all(opt in README for opt in SHARED_OPTIONS)


def _keys(model: type[BaseModel]):
    for name, field in model.model_fields.items():
        yield name
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from _keys(annotation)


def test_every_sources_yaml_key_is_in_the_readme():
    from newsmon.core.sources import SourceConfig

    keys = set(_keys(SourcesFile)) | set(_keys(SourceConfig))
    missing = sorted(k for k in keys if f"{k}:" not in README)
    assert not missing, f"README's sources.yaml example misses: {missing}"


ARCHITECTURE = (Path(__file__).resolve().parents[1] / "docs" / "architecture.md").read_text()
_PATH = re.compile(r"`((?:crawlers|dedupe|storage|flows|newsmon|tests|bench)/[\w/.]*)`")


def named_paths(text: str) -> list[str]:
    """Repository paths in backticks, e.g. `crawlers/spiders/news.py` or `tests/dedupe/`."""
    return sorted({m.group(1) for m in _PATH.finditer(text)})


def test_every_path_the_architecture_names_exists():
    root = Path(__file__).resolve().parents[1]
    paths = named_paths(ARCHITECTURE)
    assert len(paths) > 30, "the architecture names the modules it describes"
    missing = [p for p in paths if not (root / p).exists()]
    assert not missing, f"docs/architecture.md names paths that do not exist: {missing}"


def test_named_paths_finds_a_path_that_does_not_exist():
    assert named_paths("see `crawlers/nowhere.py` and `storage/`") == [
        "crawlers/nowhere.py", "storage/"]


def _sample_sources_yaml() -> str:
    blocks = re.findall(r"```yaml\n(.*?)```", README, re.S)
    return next(b for b in blocks if b.startswith("sources:"))


def test_the_readme_sample_config_shows_the_true_defaults(tmp_path):
    """The sample claims its crawl and dedupe sections are the defaults: they must be, and
    the sample must be a file newsmon accepts."""
    import yaml

    from dedupe import DedupeConfig
    from newsmon.core.sources import CrawlConfig, DedupeSection, load_sources
    from newsmon.core.stages import crawl_settings, dedupe_config
    from newsmon.core.version import USER_AGENT, __version__

    text = _sample_sources_yaml()
    sample = yaml.safe_load(text)
    path = tmp_path / "sources.yaml"
    path.write_text(text.replace("<version>", __version__))
    parsed = load_sources(path)
    assert sample["crawl"]["user_agent"].replace("<version>", __version__) == USER_AGENT
    assert {**sample["crawl"], "user_agent": None} == CrawlConfig().model_dump()
    defaults = DedupeSection().model_dump()
    assert set(sample["dedupe"]) == set(defaults) - {"index"}  # the index line is a comment
    assert sample["dedupe"]["window_days"] == defaults["window_days"]
    assert sample["dedupe"]["threshold"] == DedupeConfig().threshold
    assert "# index: redis://" in text  # shown, but not switched on
    # and what a file without those sections gets is the same as what the sample spells out
    bare = tmp_path / "bare.yaml"
    bare.write_text(yaml.safe_dump({"sources": sample["sources"]}))
    plain = load_sources(bare)
    assert crawl_settings(plain) == crawl_settings(parsed)
    assert dedupe_config(plain) == dedupe_config(parsed)
