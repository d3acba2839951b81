"""debate tellers: the tellers assigned to count at each debate's desk

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 18:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('debate_tellers',
    sa.Column('debate_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['debate_id'], ['debates.id'], name=op.f('fk_debate_tellers_debate_id_debates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_debate_tellers_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('debate_id', 'user_id', name=op.f('pk_debate_tellers'))
    )


def downgrade():
    op.drop_table('debate_tellers')
