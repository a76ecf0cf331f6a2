"""the order of seats, the tree of bodies and the days a body and all that holds it stood

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07

The leadership is shown body by body, party before state and each body before those inside
it, a page of seats at a time. Ordering and filtering every seat of a large tree in Python
cost more than the page; the build now writes each post's rank in that order, and for each
body the body at the root of its tree and the days its own dates and those of every body it
lies in leave it (NULL: open), so that the page is selected in SQL.
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('posts') as batch:
        batch.add_column(sa.Column('ordinal', sa.Integer(), nullable=False, server_default='0'))
    op.create_index('ix_posts_ordinal', 'posts', ['ordinal'])
    with op.batch_alter_table('organisations') as batch:
        batch.add_column(sa.Column('root_id', sa.String(length=100), nullable=True))
        batch.add_column(sa.Column('live_from', sa.Date(), nullable=True))
        batch.add_column(sa.Column('live_to', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('organisations') as batch:
        batch.drop_column('live_to')
        batch.drop_column('live_from')
        batch.drop_column('root_id')
    op.drop_index('ix_posts_ordinal', table_name='posts')
    with op.batch_alter_table('posts') as batch:
        batch.drop_column('ordinal')
