"""The one user-error protocol: an exception with an `exit_code` is a user error, and its
`str()` is what the user reads (one line per problem); anything else is a bug.

Errors are defined where they arise (storage, crawlers, dedupe, the sources file); this
module only adds the composition root's own and says how any of them is shown.
"""

from __future__ import annotations


class UsageProblem(Exception):
    """A bad option or argument value."""

    exit_code = 2


class NotFound(Exception):
    """A cluster, article or source that the store does not have."""

    exit_code = 2


def user_error(exc: BaseException) -> tuple[int, list[str]] | None:
    """(exit code, lines to print) for a user error; None for a bug (keep its traceback).

    Lines of an error whose messages already start with their location (`located`, e.g.
    `sources.yaml:4: sources[0].colour: unknown key`) are shown as they are; the others
    get the program's name in front. A `quiet` one ends the command with its code alone.
    """
    code = getattr(exc, "exit_code", None)
    if not isinstance(code, int) or isinstance(code, bool):
        return None
    if getattr(exc, "quiet", False):
        return code, []  # nothing to say (a reader that stopped reading, as `| head` does)
    lines = [line for line in str(exc).splitlines() if line.strip()] or [type(exc).__name__]
    if not getattr(exc, "located", False):
        lines = [f"newsmon: {line}" for line in lines]
    return code, lines
