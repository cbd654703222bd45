"""Open a store: engine for the URL, migrations applied, the data directory beside it."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError, SQLAlchemyError

from .errors import StoreError, StoreMissing, StoreUnavailable
from .timeutil import utcnow

_MIGRATIONS = Path(__file__).resolve().parent / "migrations"


@dataclass(frozen=True)
class Store:
    """An opened store: the engine plus where its files (WARC, indexes) live."""

    url: str
    engine: Engine
    data_dir: Path
    read_only: bool = False  # a SQLite store this user may read but not write

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def shown(self) -> str:
        """The store's URL as the user gave it, any password hidden: for messages."""
        return _safe(self.url)

    def begin(self):
        """A transaction: `with store.begin() as conn: ...`."""
        return self.engine.begin()

    def connect(self):
        return self.engine.connect()

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str, data_dir: str | Path | None = None, migrate: bool = True,
               create: bool = True) -> Store:
    """Open the store at `url` and bring its schema to the latest version; `create`: make
    it if it does not exist (only commands that write do; the others refuse a missing
    store rather than report an empty one). A database holding tables that are not
    newsmon's, or a schema newer than this newsmon's, is refused untouched.

    >>> store = open_store("sqlite:///./newsmon-data/newsmon.db")
    """
    engine = _create_engine(url, create)
    read_only = engine.url.query.get("mode") == "ro"
    try:
        with engine.connect() as conn:
            revision = check_ours(conn, _safe(url), create)
            if read_only and revision != _head():
                # a store opened read-only cannot be migrated: it must be this newsmon's
                raise StoreError(f"store {_safe(url)} is read-only for this user and was "
                                 "written by an older newsmon: run a command that writes "
                                 "(e.g. `newsmon run`) as a user who may write it, to bring "
                                 "it up to date")
        if migrate and not read_only:
            _migrate(engine)
    except OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreUnavailable(f"cannot open store {_safe(url)}: {reason}") from exc
    except DatabaseError as exc:  # a file that is not a database
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise StoreError(f"store {_safe(url)}: {reason}; give a newsmon store or a new "
                         "file name") from exc
    except BaseException:
        engine.dispose()
        raise
    try:
        files = _data_dir(engine, data_dir)
        if data_dir is not None or engine.dialect.name == "sqlite":
            # (PostgreSQL without a data dir falls back to ./newsmon-data, as before: the
            # README asks for --data-dir there; not claimed, so old set-ups keep working.)
            _claim_files(engine, files, _safe(url), migrate and not read_only)
    except BaseException:
        engine.dispose()
        raise
    return Store(url=url, engine=engine, data_dir=files, read_only=read_only)


def check_ours(conn, shown: str, create: bool) -> str | None:
    """Refuse a database that is another program's, newer than this newsmon, or (when not
    creating) empty; the store's schema revision (None: not a store yet)."""
    tables = set(inspect(conn).get_table_names())
    if "alembic_version" not in tables:
        if tables:
            raise StoreError(f"store {shown} holds tables that are not newsmon's ("
                             f"{', '.join(sorted(tables)[:4])}); give a new file or an empty "
                             "database")
        if not create:
            raise StoreMissing(f"store {shown} holds no newsmon store yet: run `newsmon run` "
                               "first, or give the right --store")
        return None
    revision = conn.execute(text("select version_num from alembic_version")).scalar()
    known = _revisions()
    if revision is not None and revision not in known:
        raise StoreError(f"store {shown} has schema revision {revision}, which this newsmon "
                         f"does not know (it knows up to {max(known)}): it was written by a "
                         "newer newsmon, or is not newsmon's; upgrade newsmon")
    return revision


@cache  # read once per process: every store opened compares its revision with these
def _scripts():
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    return ScriptDirectory.from_config(cfg)


def _revisions() -> set[str]:
    return {s.revision for s in _scripts().walk_revisions()}


def _head() -> str:
    return _scripts().get_current_head()


def _create_engine(url: str, create: bool = True) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"store URL {url!r} is not a database URL "
                         "(expected sqlite:///PATH or postgresql+psycopg://user@host/db)") from exc
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, create, url)
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        try:
            return create_engine(parsed, pool_pre_ping=True)
        except (ArgumentError, ImportError) as exc:
            raise StoreError(f"store URL {_safe(url)}: {exc}") from exc
    raise StoreError(f"store URL {_safe(url)}: unsupported database "
                     f"{parsed.get_backend_name()!r} (use sqlite or postgresql)")


def _sqlite_engine(parsed, create: bool, url: str) -> Engine:
    if not parsed.database or parsed.database == ":memory:":
        raise StoreError("store URL must name a SQLite file, e.g. sqlite:///./newsmon-data/newsmon.db")
    if "?" in url and not parsed.query:  # `?` starts URL options: another file would open
        raise StoreError(f"store URL {url!r}: a '?' in a SQLite store URL starts options, so "
                         f"it would open {parsed.database}; rename the file (or write ? as %3F)")
    path = Path(parsed.database).expanduser()
    if path.is_dir():
        raise StoreError(f"store {url}: {path} is a directory; give a file, e.g. "
                         f"sqlite:///{path / 'newsmon.db'}")
    if not create and not path.exists():
        raise StoreMissing(f"store {url} does not exist ({path}): run `newsmon run` first, "
                           "or give the right --store")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the store's directory {path.parent}: {exc.strerror}") from exc
    if path.exists() and not _writable(path):
        if not create:
            return _read_only_engine(parsed, path)
        raise StoreError(f"store {url}: this user may not write {path} or its directory "
                         f"{path.parent} (SQLite writes files beside it); commands that only "
                         "read (clusters, cluster, export, serve) can use it as it is")
    engine = create_engine(parsed.set(database=str(path)), connect_args={"timeout": 60})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _writable(path: Path) -> bool:
    # SQLite in WAL mode writes the file and its -wal/-shm files beside it, even to read.
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def _read_only_engine(parsed, path: Path) -> Engine:
    """Commands that only read work on a store this user cannot write (a colleague's,
    a read-only mount). Without write access to the directory SQLite cannot make the WAL
    index file; when no -wal file is there, no writer is at work, and the file is read
    as immutable."""
    options = {"mode": "ro", "uri": "true"}
    wal = path.with_name(path.name + "-wal")
    if not os.access(path.parent, os.W_OK) and not wal.exists():
        options["immutable"] = "1"
    engine = create_engine(parsed.set(database=f"file:{path}", query=options),
                           connect_args={"timeout": 60})
    event.listen(engine, "connect", _read_only_pragmas)
    return engine


def _read_only_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=60000")
    cur.close()


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


MARKER = ".newsmon-store"


def _claim_files(engine: Engine, files: Path, shown: str, writable: bool) -> None:
    """The data dir holds one store's files (WARC, logs, index, run lock): refuse one that
    another store's marker claims, and mark an unclaimed one as this store's."""
    from .schema import store_identity

    with engine.begin() as conn:
        if "store_identity" not in inspect(conn).get_table_names():
            return  # not migrated (migrate=False on an old store): nothing to compare
        first = select(store_identity.c.store_id).order_by(
            store_identity.c.created_at, store_identity.c.store_id).limit(1)
        mine = conn.execute(first).scalar()
        if mine is None:
            if not writable:
                return
            conn.execute(store_identity.insert().values(store_id=uuid.uuid4().hex,
                                                        created_at=utcnow()))
            mine = conn.execute(first).scalar()  # two first openers agree on the earliest
    marker = files / MARKER
    try:
        claimed = marker.read_text().split()[0]
    except (OSError, IndexError):
        claimed = None
    if claimed is not None and claimed != mine:
        raise StoreError(f"--data-dir {files} holds the files of another newsmon store "
                         f"(see {marker}); give store {shown} a data directory of its own "
                         "(--data-dir), as two stores would overwrite each other's files")
    if claimed is None:
        try:
            marker.write_text(f"{mine}\nthe files here belong to the newsmon store {shown}\n")
        except OSError:
            pass  # a read-only directory: it can still be read


def _data_dir(engine: Engine, data_dir: str | Path | None) -> Path:
    if data_dir is not None:
        path = Path(data_dir)
    elif engine.dialect.name == "sqlite":
        path = sqlite_file(engine).parent
    else:
        path = Path("newsmon-data")
    if path.exists() and not path.is_dir():
        raise StoreError(f"--data-dir {data_dir or path}: is a file; give a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"--data-dir {path}: cannot create it: {exc.strerror}") from exc
    return path.resolve()


def sqlite_file(engine: Engine) -> Path:
    """The SQLite file an engine opens (a read-only engine names it as a `file:` URI)."""
    database = engine.url.database or ""
    if engine.url.query.get("uri") == "true":
        database = database.removeprefix("file:")
    return Path(database).resolve()


def _safe(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url
