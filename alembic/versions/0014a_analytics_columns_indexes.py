"""analytics in SQL: the stored analysis' engine and best article similarity as columns; indexes
covering the analytics queries (tickets of a period, draft outcomes per ticket, corrections, deflections)

Revision ID: 0014a
Revises: 0014s
Create Date: 2026-11-26 03:00:00

"""
from typing import Sequence, Union

import json

import sqlalchemy as sa
from alembic import op

revision: str = '0014a'
down_revision: Union[str, Sequence[str], None] = '0014s'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

BATCH = 2000
ANALYTICS_COLUMNS = ['created_at', 'category', 'priority', 'status', 'channel', 'assignee_id', 'escalated', 'ai_engine',
                     'ai_best_similarity', 'ai_confidence', 'sentiment_score', 'csat_score', 'first_response_at',
                     'resolved_at', 'id']


def analysis_columns(text: str) -> dict:
    """As `support_app.models.analysis_columns` reads an analysis today (kept here as it was)."""
    try:
        data = json.loads(text or "{}")
    except ValueError:
        data = {}
    data = data if isinstance(data, dict) else {}
    try:
        best = max((float(a.get("similarity") or 0.0) for a in data.get("articles") or [] if isinstance(a, dict)),
                   default=0.0)
    except (TypeError, ValueError):
        best = 0.0
    engine = data.get("engine")
    return {"ai_engine": str(engine)[:40] if engine else "", "ai_best_similarity": best}


def upgrade() -> None:
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ai_engine', sa.String(length=40), server_default='', nullable=False))
        batch_op.add_column(sa.Column('ai_best_similarity', sa.Float(), server_default='0', nullable=False))
    # Existing analyses are read once, in batches by id.
    connection = op.get_bind()
    ticket = sa.table('ticket', sa.column('id', sa.Integer), sa.column('ai_analysis', sa.Text),
                      sa.column('ai_engine', sa.String), sa.column('ai_best_similarity', sa.Float))
    last = 0
    while True:
        rows = connection.execute(sa.select(ticket.c.id, ticket.c.ai_analysis).where(
            ticket.c.id > last, ticket.c.ai_analysis.notin_(['', '{}'])).order_by(ticket.c.id).limit(BATCH)).all()
        if not rows:
            break
        connection.execute(ticket.update().where(ticket.c.id == sa.bindparam('ticket_id')).values(
            ai_engine=sa.bindparam('engine'), ai_best_similarity=sa.bindparam('similarity')), [
            {'ticket_id': i, 'engine': c['ai_engine'], 'similarity': c['ai_best_similarity']}
            for i, c in ((i, analysis_columns(text)) for i, text in rows)])
        last = rows[-1][0]
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.create_index('ix_ticket_analytics', ANALYTICS_COLUMNS, unique=False)
    with op.batch_alter_table('ticketmessage', schema=None) as batch_op:
        batch_op.create_index('ix_ticketmessage_ticket_kind_outcome', ['ticket_id', 'kind', 'draft_outcome'],
                              unique=False)
        batch_op.drop_index('ix_ticketmessage_ticket_id')  # its prefix
    with op.batch_alter_table('ticketevent', schema=None) as batch_op:
        batch_op.create_index('ix_ticketevent_action_ticket_id', ['action', 'ticket_id'], unique=False)
    with op.batch_alter_table('deflection', schema=None) as batch_op:
        batch_op.create_index('ix_deflection_created_at', ['created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('deflection', schema=None) as batch_op:
        batch_op.drop_index('ix_deflection_created_at')
    with op.batch_alter_table('ticketevent', schema=None) as batch_op:
        batch_op.drop_index('ix_ticketevent_action_ticket_id')
    with op.batch_alter_table('ticketmessage', schema=None) as batch_op:
        batch_op.create_index('ix_ticketmessage_ticket_id', ['ticket_id'], unique=False)
        batch_op.drop_index('ix_ticketmessage_ticket_kind_outcome')
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_analytics')
        batch_op.drop_column('ai_best_similarity')
        batch_op.drop_column('ai_engine')
