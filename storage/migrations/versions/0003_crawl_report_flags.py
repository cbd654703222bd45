"""crawl report: skipped counts and source flags per crawl

Revision ID: 0003
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: rows of earlier runs simply have no figures for them.
    with op.batch_alter_table('crawl_stats') as batch:
        batch.add_column(sa.Column('skipped', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('failed', sa.Boolean(), nullable=True))
        batch.add_column(sa.Column('zero_articles', sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('crawl_stats') as batch:
        batch.drop_column('zero_articles')
        batch.drop_column('failed')
        batch.drop_column('skipped')
