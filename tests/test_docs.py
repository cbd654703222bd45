"""The README is all a user reads: it must mention every command, option and config key."""

from __future__ import annotations

from pathlib import Path

import click
import typer.main
from pydantic import BaseModel

from newsmon.cli import app
from newsmon.config import SourcesFile

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def _commands(group: click.Group, prefix: str = ""):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}", command


def test_every_command_and_option_is_in_the_readme():
    missing = []
    for name, command in _commands(typer.main.get_command(app)):
        if f"newsmon {name}" not in README:
            missing.append(f"command `newsmon {name}`")
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt != "--help" and opt not in README:
                    missing.append(f"`newsmon {name} {opt}`")
    assert not missing, "README misses: " + ", ".join(missing)


def _keys(model: type[BaseModel]):
    for name, field in model.model_fields.items():
        yield name
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from _keys(annotation)


def test_every_sources_yaml_key_is_in_the_readme():
    from newsmon.config import SourceConfig

    keys = set(_keys(SourcesFile)) | set(_keys(SourceConfig))
    missing = sorted(k for k in keys if f"{k}:" not in README)
    assert not missing, f"README's sources.yaml example misses: {missing}"
