"""dedupe: lead signature and frame signals per signature, how each member matched

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: signatures stored before this revision lack them, and the dedupe stage
    # recomputes such rows from the article text (their key changed anyway).
    with op.batch_alter_table('signatures') as batch:
        batch.add_column(sa.Column('lead_hashvalues', sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column('teaser', sa.Boolean(), nullable=True))
        batch.add_column(sa.Column('words', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('credit', sa.String(length=64), nullable=True))
    with op.batch_alter_table('memberships') as batch:
        batch.add_column(sa.Column('match_kind', sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('memberships') as batch:
        batch.drop_column('match_kind')
    with op.batch_alter_table('signatures') as batch:
        batch.drop_column('credit')
        batch.drop_column('words')
        batch.drop_column('teaser')
        batch.drop_column('lead_hashvalues')
