"""analytics: ticket channel and what happened to the AI draft when an agent replied

Revision ID: 0013a
Revises: 0008
Create Date: 2026-11-25 23:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = '0013a'
down_revision: Union[str, Sequence[str], None] = '0008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Existing tickets came through the portal, except the imported history (best guess from label_source).
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('channel', sa.String(length=16), server_default='portal', nullable=False))
        batch_op.create_index('ix_ticket_channel', ['channel'], unique=False)
    op.execute("UPDATE ticket SET channel = 'import' WHERE label_source = 'import'")
    # Replies sent before this revision have no recorded outcome ('').
    with op.batch_alter_table('ticketmessage', schema=None) as batch_op:
        batch_op.add_column(sa.Column('draft_outcome', sa.String(length=16), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('ticketmessage', schema=None) as batch_op:
        batch_op.drop_column('draft_outcome')
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_channel')
        batch_op.drop_column('channel')
