"""answers made when asked: the table of answers stored at build time goes

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07

A build no longer computes answers ahead (it cost far more than writing the data); a server
holds each answer once made, for the build it came from (api/cache.py).
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_table('stored_answers')


def downgrade() -> None:
    op.create_table(
        'stored_answers',
        sa.Column('kind', sa.String(length=24), nullable=False),
        sa.Column('key', sa.String(length=100), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint('kind', 'key', name=op.f('pk_stored_answers')),
    )
