"""Engines, sessions and migrations, the same for SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker

from prosopo.config import REPO_ROOT

MIGRATIONS_DIR = REPO_ROOT / "migrations"

# Full-text search lives outside the models (FTS5 on SQLite, a tsvector column on PostgreSQL):
# comparisons of models and database leave it out.
SEARCH_OBJECTS = ("passages_fts", "search_vector", "ix_passages_search_vector")


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, other: object
) -> bool:
    """For Alembic's autogenerate: everything but the full-text search objects."""
    return not (name or "").startswith(SEARCH_OBJECTS)


# PostgreSQL: each build writes a schema of its own, and this table in `public` names the one to
# read. A connection reads the schema current when it is taken from the pool, so a request never
# mixes two builds, and a build never waits for readers or makes them fail.
CURRENT_SCHEMA = "public.prosopo_current"


def current_schema(dbapi_connection: Any) -> str:
    """The schema of the newest build (`public` for a database built before schemas). The
    connection must be in autocommit: a missing table must not abort a transaction."""
    import psycopg  # only PostgreSQL connections come here

    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"SELECT schema FROM {CURRENT_SCHEMA}")
        found = cursor.fetchone()
    except psycopg.errors.UndefinedTable:
        return "public"
    finally:
        cursor.close()
    return str(found[0]) if found else "public"


def _read_current_build(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """On PostgreSQL, at each checkout: point the connection at the current build's schema.

    One round trip as a rule: the query runs outside a transaction (autocommit, so there is no
    COMMIT to send), and the search path is set only when the build has changed since this
    connection last looked. `record.info["build"]` keeps the schema, which is also the key under
    which a server may hold answers of this build in memory (api/answer.py)."""
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    try:
        schema = current_schema(dbapi_connection)
        if record.info.get("build") != schema:
            cursor = dbapi_connection.cursor()
            cursor.execute("SELECT set_config('search_path', %s, false)", (f'"{schema}", public',))
            cursor.close()
            record.info["build"] = schema
    finally:
        dbapi_connection.autocommit = autocommit


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url`; SQLite gets foreign keys enforced, as PostgreSQL always has, and
    PostgreSQL connections read the current build's schema."""
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _foreign_keys_on(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

    elif engine.dialect.name == "postgresql":
        event.listen(engine, "checkout", _read_current_build)

    return engine


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """Alembic configuration that runs on `connection` (inside its transaction) or on `url`."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Apply the migrations up to `revision` on an open connection."""
    command.upgrade(alembic_config(connection), revision)


def downgrade(connection: Connection, revision: str = "base") -> None:
    """Undo the migrations down to `revision` on an open connection."""
    command.downgrade(alembic_config(connection), revision)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A read session that is closed afterwards."""
    with sessionmaker(engine)() as session:
        yield session


def is_built(engine: Engine) -> bool:
    """Whether the database holds prosopo's schema at the current migration."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() == head


# Worker threads a server runs sync routes in (anyio's default limit). A request holds a
# connection only while its route runs (api/answer.py), so this many connections are enough
# for no thread ever to wait for one.
SERVER_THREADS = 40


def server_pool(url: str) -> dict[str, Any]:
    """Pool settings for a server on `url`: room for every worker thread at once."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        return {}  # an in-memory database has a single connection
    return {"pool_size": 10, "max_overflow": SERVER_THREADS - 10, "pool_timeout": 15}
