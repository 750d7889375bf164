"""rate limit hits

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 20:05:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'ratelimithit',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('scope', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('key_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('ratelimithit', schema=None) as batch_op:
        batch_op.create_index('ix_ratelimithit_scope_key_created', ['scope', 'key_hash', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_ratelimithit_created_at'), ['created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('ratelimithit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ratelimithit_created_at'))
        batch_op.drop_index('ix_ratelimithit_scope_key_created')
    op.drop_table('ratelimithit')
