"""stored pages with their total

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # a stored year list is its first page; this is the number of rows in the whole answer
    with op.batch_alter_table('stored_answers') as batch:
        batch.add_column(sa.Column('total', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('stored_answers') as batch:
        batch.drop_column('total')
