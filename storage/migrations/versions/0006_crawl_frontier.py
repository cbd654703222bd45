"""crawl: per-source completion marker and budget figures, leftover frontier, learned rules

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: rows of earlier runs have no figures for them.
    with op.batch_alter_table('crawl_stats') as batch:
        batch.add_column(sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('out_of_time', sa.Boolean(), nullable=True))
        batch.add_column(sa.Column('frontier_left', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('traps', sa.JSON(), nullable=True))
    op.create_table(
        'crawl_frontier',
        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column('source', sa.String(length=100), nullable=False),
        sa.Column('url', sa.Text(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('barren', sa.Integer(), nullable=False),
        sa.Column('lastmod', sa.String(length=40), nullable=True),
        sa.Column('saved_at', sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index('ix_crawl_frontier_source', 'crawl_frontier', ['source'])
    op.create_table(
        'crawl_rules',
        sa.Column('source', sa.String(length=100), primary_key=True),
        sa.Column('rule', sa.String(length=200), primary_key=True),
        sa.Column('evidence', sa.Text(), nullable=True),
        sa.Column('learned_at', sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table('crawl_rules')
    op.drop_index('ix_crawl_frontier_source', table_name='crawl_frontier')
    op.drop_table('crawl_frontier')
    with op.batch_alter_table('crawl_stats') as batch:
        batch.drop_column('traps')
        batch.drop_column('frontier_left')
        batch.drop_column('out_of_time')
        batch.drop_column('finished_at')
