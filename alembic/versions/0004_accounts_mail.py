"""accounts and mail: verified emails, single-use email tokens, outbox, session idle time;
login attempts move to the shared rate-limit table

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 20:10:00

Existing agents and admins count as verified; existing customers must verify their address
(a link is offered on log-in) before they see the tickets filed under it again.
"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_verified_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.execute("UPDATE \"user\" SET email_verified_at = CURRENT_TIMESTAMP WHERE role IN ('agent', 'admin')")

    with op.batch_alter_table('usersession', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_seen_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False,
                                      server_default=sa.func.current_timestamp()))
        batch_op.create_index(batch_op.f('ix_usersession_expires_at'), ['expires_at'], unique=False)

    op.create_table(
        'emailtoken',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('purpose', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('emailtoken', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_emailtoken_token_hash'), ['token_hash'], unique=True)
        batch_op.create_index(batch_op.f('ix_emailtoken_user_id'), ['user_id'], unique=False)

    op.create_table(
        'outboxmessage',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('to_address', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('last_error', sa.Text(), server_default='', nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('next_attempt_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('outboxmessage', schema=None) as batch_op:
        batch_op.create_index('ix_outboxmessage_status_next', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outboxmessage_created_at'), ['created_at'], unique=False)

    # 0003 created this column as a plain DateTime; the model (like every other table) uses UTCDateTime,
    # which PostgreSQL stores as TIMESTAMP WITH TIME ZONE.
    with op.batch_alter_table('ratelimithit', schema=None) as batch_op:
        batch_op.alter_column('created_at', existing_type=sa.DateTime(), type_=sqlmodel.sql.sqltypes.UTCDateTime(),
                              existing_nullable=False)

    with op.batch_alter_table('loginattempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_loginattempt_email'))
        batch_op.drop_index(batch_op.f('ix_loginattempt_created_at'))
    op.drop_table('loginattempt')


def downgrade() -> None:
    op.create_table(
        'loginattempt',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('loginattempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_loginattempt_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_loginattempt_email'), ['email'], unique=False)

    with op.batch_alter_table('ratelimithit', schema=None) as batch_op:
        batch_op.alter_column('created_at', existing_type=sqlmodel.sql.sqltypes.UTCDateTime(), type_=sa.DateTime(),
                              existing_nullable=False)
    with op.batch_alter_table('outboxmessage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outboxmessage_created_at'))
        batch_op.drop_index('ix_outboxmessage_status_next')
    op.drop_table('outboxmessage')
    with op.batch_alter_table('emailtoken', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_emailtoken_user_id'))
        batch_op.drop_index(batch_op.f('ix_emailtoken_token_hash'))
    op.drop_table('emailtoken')
    with op.batch_alter_table('usersession', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_usersession_expires_at'))
        batch_op.drop_column('last_seen_at')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('email_verified_at')
