"""The migrations build the schema the models describe, and undo it again."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from prosopo import db
from prosopo.models import Base


def test_upgrade_then_downgrade_round_trip(empty_url: str) -> None:
    engine = db.make_engine(empty_url)
    with engine.begin() as conn:
        db.upgrade(conn)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    with engine.begin() as conn:
        db.downgrade(conn)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    with engine.begin() as conn:
        db.upgrade(conn)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_models_and_migrations_agree(empty_url: str) -> None:
    engine = db.make_engine(empty_url)
    with engine.begin() as conn:
        db.upgrade(conn)
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": db.include_object}
        )
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []
