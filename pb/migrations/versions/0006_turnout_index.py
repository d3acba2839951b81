"""turnout index: count the cards of a debate from one covering index

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 15:00:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('ballot_cards', schema=None) as batch_op:
        batch_op.create_index('ix_ballot_cards_turnout',
                              ['debate_id', 'category', 'status', 'channel'], unique=False)
        batch_op.drop_index('ix_ballot_cards_debate_id')


def downgrade():
    with op.batch_alter_table('ballot_cards', schema=None) as batch_op:
        batch_op.create_index('ix_ballot_cards_debate_id', ['debate_id'], unique=False)
        batch_op.drop_index('ix_ballot_cards_turnout')
