"""permanent assertion ids

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # rows of an older build have no permanent id: they get their row id until the next build
    with op.batch_alter_table("assertions") as batch:
        batch.add_column(sa.Column("permanent_id", sa.String(length=300), nullable=True))
    op.execute("UPDATE assertions SET permanent_id = 'row:' || CAST(id AS VARCHAR(20))")
    with op.batch_alter_table("assertions") as batch:
        batch.alter_column("permanent_id", existing_type=sa.String(length=300), nullable=False)
        batch.create_unique_constraint(batch.f("uq_assertions_permanent_id"), ["permanent_id"])


def downgrade() -> None:
    with op.batch_alter_table("assertions") as batch:
        batch.drop_constraint(batch.f("uq_assertions_permanent_id"), type_="unique")
        batch.drop_column("permanent_id")
