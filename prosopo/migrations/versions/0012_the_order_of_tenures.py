"""the order of tenures and the best of each year: a year list without sorting or ranking

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07

A year list is ordered by body, post and person name, then tenure. Sorting thousands of rows by
three joined names on every question cost most of its query at 100x the data; the build now
writes each tenure's rank in that order (equal names share a rank, the tenure id breaks ties).
Likewise each year of a tenure says whether it is the one that stands for its person in its
post that year (the strongest basis, then the lowest id), which a window function worked out
on every question before.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('tenures') as batch:
        batch.add_column(sa.Column('ordinal', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('tenure_years') as batch:
        batch.add_column(
            sa.Column('best', sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_index(
        'ix_tenure_years_best', 'tenure_years', ['year', 'best', 'tenure_id', 'basis']
    )


def downgrade() -> None:
    op.drop_index('ix_tenure_years_best', table_name='tenure_years')
    with op.batch_alter_table('tenure_years') as batch:
        batch.drop_column('best')
    with op.batch_alter_table('tenures') as batch:
        batch.drop_column('ordinal')
