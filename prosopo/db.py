"""Engines, sessions and migrations, the same for SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"  # shipped in the package

# Full-text search lives outside the models (FTS5 on SQLite, a tsvector column on PostgreSQL):
# comparisons of models and database leave it out.
SEARCH_OBJECTS = ("passages_fts", "search_vector", "ix_passages_search_vector")


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, other: object
) -> bool:
    """For Alembic's autogenerate: everything but the full-text search objects."""
    return not (name or "").startswith(SEARCH_OBJECTS)


# PostgreSQL: each build writes a schema of its own, and this table in `public` names the one to
# read. An engine reads one schema (`make_engine`), so a request never mixes two builds, and a
# build never waits for readers or makes them fail.
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


def make_engine(url: str, schema: str | None = None, **kwargs: Any) -> Engine:
    """An engine for `url`. SQLite gets foreign keys enforced, as PostgreSQL always has. On
    PostgreSQL every connection reads one build: the schema `schema`, or else the build that is
    current when the engine is made (a server follows newer builds with engines of their own,
    `api/served.py`), so no request asks the database which build to read."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        if schema is None:
            schema = _current_of(url)
        options = dict(kwargs.pop("connect_args", {}))
        given = options.get("options", "")
        options["options"] = f"{given} -c search_path={schema},public".strip()
        return create_engine(url, connect_args=options, **kwargs)
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _foreign_keys_on(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

    return engine


def _current_of(url: str) -> str:
    """The schema of the newest build of the PostgreSQL database at `url`."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return current_schema(connection.connection.driver_connection)
    except DBAPIError:
        return "public"  # no server yet: the engine says why when it is used
    finally:
        engine.dispose()


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic configuration that runs on `connection` (inside its transaction), or only reads
    the migrations."""
    from alembic.config import Config  # Alembic only builds: a server need not import it

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Apply the migrations up to `revision` on an open connection."""
    from alembic import command

    command.upgrade(alembic_config(connection), revision)


def downgrade(connection: Connection, revision: str = "base") -> None:
    """Undo the migrations down to `revision` on an open connection."""
    from alembic import command

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
