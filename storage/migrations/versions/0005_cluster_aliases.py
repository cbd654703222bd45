"""dedupe: cluster aliases (merged clusters keep their ids), signature size/quote/place,
an index for a source's newest articles

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'cluster_aliases',
        sa.Column('alias_id', sa.String(length=32), primary_key=True),
        sa.Column('cluster_id', sa.String(length=32), nullable=False),
        sa.Column('article_id', sa.String(length=32), nullable=True),
        sa.Column('merged_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('config_key', sa.String(length=64), nullable=False),
    )
    op.create_index('ix_cluster_aliases_cluster', 'cluster_aliases', ['cluster_id'])
    op.create_index('ix_cluster_aliases_merged_at', 'cluster_aliases', ['merged_at'])
    op.create_index('ix_articles_source_id', 'articles', ['source', 'id'])
    # Nullable: signatures stored before this revision lack them; their config key changed
    # with the normalization anyway, so the dedupe stage computes them again.
    with op.batch_alter_table('signatures') as batch:
        batch.add_column(sa.Column('shingles', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('quoted', sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column('place', sa.String(length=64), nullable=True))


def downgrade() -> None:
    op.drop_index('ix_articles_source_id', table_name='articles')
    with op.batch_alter_table('signatures') as batch:
        batch.drop_column('place')
        batch.drop_column('quoted')
        batch.drop_column('shingles')
    op.drop_index('ix_cluster_aliases_merged_at', table_name='cluster_aliases')
    op.drop_index('ix_cluster_aliases_cluster', table_name='cluster_aliases')
    op.drop_table('cluster_aliases')
