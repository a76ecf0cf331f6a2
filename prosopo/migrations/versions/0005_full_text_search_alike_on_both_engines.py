"""full-text search alike on both engines: PostgreSQL indexes words without stemming, as FTS5 does

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _search_vector(config: str) -> None:
    op.execute("DROP INDEX IF EXISTS ix_passages_search_vector")
    op.execute("ALTER TABLE passages DROP COLUMN IF EXISTS search_vector")
    op.execute(
        "ALTER TABLE passages ADD COLUMN search_vector tsvector GENERATED ALWAYS AS"
        f" (to_tsvector('{config}', coalesce(text, ''))) STORED"
    )
    op.execute("CREATE INDEX ix_passages_search_vector ON passages USING gin (search_vector)")


def upgrade() -> None:
    # SQLite's FTS5 (unicode61) matches words as written, lower-cased; PostgreSQL's 'english'
    # configuration stemmed them ("purges" found "purged"). The 'simple' one does as FTS5 does.
    if op.get_bind().dialect.name == "postgresql":
        _search_vector("simple")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _search_vector("english")
