"""Errors a user can cause when pointing newsmon at a store."""


class StoreError(Exception):
    """The store URL cannot be used; the message names it and what to fix."""

    exit_code = 2  # bad configuration


class StoreUnavailable(StoreError):
    """The database named by a valid URL cannot be reached or opened."""

    exit_code = 1  # the run itself failed


class StoreMissing(StoreError):
    """A command that only reads was pointed at a store that does not exist."""

    exit_code = 2


class BadCursor(StoreError):
    """A paging cursor this store never handed out."""

    exit_code = 2
