"""each year of a tenure says which tenures stand before it and carries its tenure's scope and
rank: a year list, with or without a filter on basis, read from one index

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-08

A year list keeps the rows of one year and one scope that stand for their person in their post,
ordered by the tenure's rank (body, post and person name), and counts them. With the scope and
the rank on the tenure, every one of the year's rows was joined to its tenure before the first
could be returned (20 ms at 100x on SQLite, 33 ms on PostgreSQL, for 14,900 rows), and a filter
on basis ranked the tenures of each person in each post with a window function on every
question (39 ms); the posts of some bodies were found through the tenures of those posts in
every year (32 ms). Each year row now carries the scope and rank of its tenure, its post's body,
and in
`outranked` the bases of the tenures of its person in its post that stand before it that year
(one bit a basis; `best` was `outranked = 0`): with or without a filter on basis, the list's
first page and its count are read from one index (a filter on basis keeps the few values of
`outranked` that hold none of its bases), which also serves what the index on (year, basis)
served.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index('ix_tenure_years_best', table_name='tenure_years')
    op.drop_index('ix_tenure_years_year', table_name='tenure_years')
    with op.batch_alter_table('tenure_years') as batch:
        batch.drop_column('best')
        batch.add_column(
            sa.Column('outranked', sa.Integer(), nullable=False, server_default='0')
        )
        batch.add_column(
            sa.Column('scope', sa.String(length=8), nullable=False, server_default='all')
        )
        batch.add_column(sa.Column('ordinal', sa.Integer(), nullable=False, server_default='0'))
        batch.add_column(
            sa.Column(
                'organisation_id', sa.String(length=100), nullable=False, server_default=''
            )
        )
    op.create_index(
        'ix_tenure_years_list',
        'tenure_years',
        ['year', 'scope', 'outranked', 'ordinal', 'tenure_id', 'basis', 'organisation_id'],
    )


def downgrade() -> None:
    op.drop_index('ix_tenure_years_list', table_name='tenure_years')
    with op.batch_alter_table('tenure_years') as batch:
        batch.drop_column('organisation_id')
        batch.drop_column('ordinal')
        batch.drop_column('scope')
        batch.drop_column('outranked')
        batch.add_column(
            sa.Column('best', sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_index('ix_tenure_years_year', 'tenure_years', ['year', 'basis'])
    op.create_index(
        'ix_tenure_years_best', 'tenure_years', ['year', 'best', 'tenure_id', 'basis']
    )
