"""company documents and their passages; article tags, index errors and version notes; deflections by a document

Revision ID: 0011
Revises: 0008
Create Date: 2026-11-25 23:00:00

"""
from typing import Sequence, Union

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0011'
down_revision: Union[str, Sequence[str], None] = '0013a'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table('knowledgearticle', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tags', sa.String(length=500), server_default='', nullable=False))
        batch_op.add_column(sa.Column('index_error', sa.Text(), server_default='', nullable=False))
    with op.batch_alter_table('knowledgearticleversion', schema=None) as batch_op:
        batch_op.add_column(sa.Column('note', sa.String(length=300), server_default='', nullable=False))
    with op.batch_alter_table('deflection', schema=None) as batch_op:
        batch_op.add_column(sa.Column('document_id', sa.Integer(), nullable=True))
    op.create_table(
        'companydocument',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column('file_format', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('size_bytes', sa.Integer(), nullable=False),
        sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column('stored_name', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column('error', sa.Text(), server_default='', nullable=False),
        sa.Column('passage_count', sa.Integer(), nullable=False),
        sa.Column('uploaded_by', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column('indexed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_table(
        'documentpassage',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('document_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('section', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('page', sa.Integer(), nullable=True),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('tokens', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['document_id'], ['companydocument.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('document_id', 'position'),
    )
    with op.batch_alter_table('documentpassage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documentpassage_document_id'), ['document_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('documentpassage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documentpassage_document_id'))
    op.drop_table('documentpassage')
    op.drop_table('companydocument')
    with op.batch_alter_table('deflection', schema=None) as batch_op:
        batch_op.drop_column('document_id')
    with op.batch_alter_table('knowledgearticleversion', schema=None) as batch_op:
        batch_op.drop_column('note')
    with op.batch_alter_table('knowledgearticle', schema=None) as batch_op:
        batch_op.drop_column('index_error')
        batch_op.drop_column('tags')
