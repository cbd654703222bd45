"""Open a store: engine for the URL, migrations applied, the data directory beside it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from .errors import StoreError, StoreUnavailable

_MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@dataclass(frozen=True)
class Store:
    """An opened store: the engine plus where its files (WARC, indexes) live."""

    url: str
    engine: Engine
    data_dir: Path

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def begin(self):
        """A transaction: `with store.begin() as conn: ...`."""
        return self.engine.begin()

    def connect(self):
        return self.engine.connect()

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str, data_dir: str | Path | None = None, migrate: bool = True) -> Store:
    """Open (creating if needed) the store at `url` and bring its schema to the latest version.

    >>> store = open_store("sqlite:///./newsmon-data/newsmon.db")
    """
    engine = _create_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        if migrate:
            _migrate(engine)
    except OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreUnavailable(f"cannot open store {_safe(url)}: {reason}") from exc
    return Store(url=url, engine=engine, data_dir=_data_dir(engine, data_dir))


def _create_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"store URL {url!r} is not a database URL "
                         "(expected sqlite:///PATH or postgresql+psycopg://user@host/db)") from exc
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        try:
            return create_engine(parsed, pool_pre_ping=True)
        except (ArgumentError, ImportError) as exc:
            raise StoreError(f"store URL {_safe(url)}: {exc}") from exc
    raise StoreError(f"store URL {_safe(url)}: unsupported database "
                     f"{parsed.get_backend_name()!r} (use sqlite or postgresql)")


def _sqlite_engine(parsed) -> Engine:
    if not parsed.database or parsed.database == ":memory:":
        raise StoreError("store URL must name a SQLite file, e.g. sqlite:///./newsmon-data/newsmon.db")
    path = Path(parsed.database).expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the store's directory {path.parent}: {exc.strerror}") from exc
    engine = create_engine(parsed.set(database=str(path)), connect_args={"timeout": 60})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # WAL lets the crawler subprocess write while the flow process reads.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=60000")
    cur.close()


def _migrate(engine: Engine) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        try:
            command.upgrade(cfg, "head")
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot migrate store {_safe(str(engine.url))}: {exc}") from exc


def _data_dir(engine: Engine, data_dir: str | Path | None) -> Path:
    if data_dir is not None:
        path = Path(data_dir)
    elif engine.dialect.name == "sqlite":
        path = Path(engine.url.database).resolve().parent
    else:
        path = Path("newsmon-data")
    path.mkdir(parents=True, exist_ok=True)
    return path.resolve()


def _safe(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url
