"""The `newsmon` command (Typer + rich); the only importer of `flows`.

>>> from newsmon.cli import app, main
"""

# Importing a command module registers its commands on `app`, in this order in --help.
from . import run_commands, schedule_command, export_command, inspect_commands  # noqa: I001
from . import serve_command, parse_command, dedupe_texts_command  # noqa: I001
from .app import app, main

__all__ = ["app", "main"]
_COMMANDS = (run_commands, schedule_command, export_command, inspect_commands, serve_command,
             parse_command, dedupe_texts_command)
