"""``python -m newsmon.demo``: same as ``python -m newsmon.demo.server``."""

from .server import main

raise SystemExit(main())
