"""Respondents record which store key their key was made with, so `sayit rekey` can rotate it: each person is
moved to the new key at their next message, and `sayit rekey --finish` anonymises the rest.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("respondents") as batch:
        batch.add_column(sa.Column("key_id", sa.String(16)))


def downgrade() -> None:
    with op.batch_alter_table("respondents") as batch:
        batch.drop_column("key_id")
