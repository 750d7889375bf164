"""triage state on tickets (pending triage is recorded in SQL)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 20:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Existing tickets count as triaged ("done"); new submissions start "pending".
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('triage_state', sa.String(length=16), server_default='done', nullable=False))
        batch_op.add_column(sa.Column('triage_attempts', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('triage_claimed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.create_index('ix_ticket_triage_state', ['triage_state'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_triage_state')
        batch_op.drop_column('triage_claimed_at')
        batch_op.drop_column('triage_attempts')
        batch_op.drop_column('triage_state')
