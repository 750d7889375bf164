"""article translations

Revision ID: 0008
Revises: 0005
Create Date: 2026-11-25 20:15:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0008'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        'knowledgearticletranslation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('editor', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['article_id'], ['knowledgearticle.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('article_id', 'language'),
    )
    with op.batch_alter_table('knowledgearticletranslation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_knowledgearticletranslation_article_id'), ['article_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('knowledgearticletranslation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_knowledgearticletranslation_article_id'))
    op.drop_table('knowledgearticletranslation')
