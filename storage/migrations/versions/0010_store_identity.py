"""storage: the store's own id, so two stores never share one data directory unawares

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'store_identity',
        sa.Column('store_id', sa.String(length=32), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('store_id'),
    )


def downgrade() -> None:
    op.drop_table('store_identity')
