"""extraction: learnt site profiles, keyed by source, parser version and sample digest

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'site_profiles',
        sa.Column('source', sa.String(length=100), nullable=False),
        sa.Column('parser_version', sa.String(length=32), nullable=False),
        sa.Column('sample_digest', sa.String(length=64), nullable=False),
        sa.Column('chrome', sa.JSON(), nullable=False),
        sa.Column('pages', sa.Integer(), nullable=False),
        sa.Column('learned_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('source', 'parser_version', 'sample_digest'),
    )


def downgrade() -> None:
    op.drop_table('site_profiles')
