"""REST API tokens, idempotency keys, webhooks and their delivery log

Revision ID: 0010
Revises: 0008
Create Date: 2026-11-25 23:00:00
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0010'
down_revision: Union[str, Sequence[str], None] = '0011'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

S = sqlmodel.sql.sqltypes.AutoString
T = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        'apitoken',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', S(length=80), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('prefix', S(length=12), nullable=False),
        sa.Column('role', S(length=16), nullable=False),
        sa.Column('customer_id', sa.Integer(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', T(), nullable=False),
        sa.Column('last_used_at', T(), nullable=True),
        sa.Column('revoked_at', T(), nullable=True),
        sa.ForeignKeyConstraint(['customer_id'], ['customer.id'], ),
        sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_apitoken_token_hash'), 'apitoken', ['token_hash'], unique=True)

    op.create_table(
        'idempotencykey',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_id', sa.Integer(), nullable=False),
        sa.Column('key', S(length=255), nullable=False),
        sa.Column('request_hash', S(length=64), nullable=False),
        sa.Column('status_code', sa.Integer(), nullable=True),
        sa.Column('response', sa.Text(), server_default='', nullable=False),
        sa.Column('created_at', T(), nullable=False),
        sa.ForeignKeyConstraint(['token_id'], ['apitoken.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_id', 'key'),
    )
    op.create_index(op.f('ix_idempotencykey_created_at'), 'idempotencykey', ['created_at'], unique=False)

    op.create_table(
        'webhook',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('url', S(length=2000), nullable=False),
        sa.Column('events', S(length=200), nullable=False),
        sa.Column('secret', S(length=64), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=False),
        sa.Column('created_at', T(), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )

    op.create_table(
        'webhookdelivery',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('webhook_id', sa.Integer(), nullable=False),
        sa.Column('event', S(length=40), nullable=False),
        sa.Column('payload', sa.Text(), nullable=False),
        sa.Column('status', S(length=16), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('last_status_code', sa.Integer(), nullable=True),
        sa.Column('last_error', sa.Text(), server_default='', nullable=False),
        sa.Column('created_at', T(), nullable=False),
        sa.Column('next_attempt_at', T(), nullable=False),
        sa.Column('delivered_at', T(), nullable=True),
        sa.ForeignKeyConstraint(['webhook_id'], ['webhook.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index(op.f('ix_webhookdelivery_webhook_id'), 'webhookdelivery', ['webhook_id'], unique=False)
    op.create_index('ix_webhookdelivery_status_next', 'webhookdelivery', ['status', 'next_attempt_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_webhookdelivery_status_next', table_name='webhookdelivery')
    op.drop_index(op.f('ix_webhookdelivery_webhook_id'), table_name='webhookdelivery')
    op.drop_table('webhookdelivery')
    op.drop_table('webhook')
    op.drop_index(op.f('ix_idempotencykey_created_at'), table_name='idempotencykey')
    op.drop_table('idempotencykey')
    op.drop_index(op.f('ix_apitoken_token_hash'), table_name='apitoken')
    op.drop_table('apitoken')
