"""`python -m newsmon` is the `newsmon` command."""

from .cli import main

main()
