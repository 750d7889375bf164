"""ticket index for the SLA-breaching filter and the priority sort

Revision ID: 0014s
Revises: 0009
Create Date: 2026-11-26 02:35:00

(status, created_at) becomes (status, created_at, priority, first_response_at): the same prefix
for the queue's status filters, and every column the SLA-breaching filter and the priority sort
read, so their counts and sorts never touch the table.
"""
from typing import Sequence, Union

from alembic import op

revision: str = '0014s'
down_revision: Union[str, Sequence[str], None] = '0009'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.create_index('ix_ticket_status_created_sla',
                              ['status', 'created_at', 'priority', 'first_response_at'], unique=False)
        batch_op.drop_index('ix_ticket_status_created_at')


def downgrade() -> None:
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.create_index('ix_ticket_status_created_at', ['status', 'created_at'], unique=False)
        batch_op.drop_index('ix_ticket_status_created_sla')
