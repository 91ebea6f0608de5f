"""A spoken answer keeps what the recogniser heard and how sure it was, so an analyst can weigh it and a
therapist can see what the child was taken to have said (the audio itself is not kept).

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("responses") as batch:
        batch.add_column(sa.Column("transcript", sa.Text))
        batch.add_column(sa.Column("confidence", sa.Float))


def downgrade() -> None:
    with op.batch_alter_table("responses") as batch:
        batch.drop_column("confidence")
        batch.drop_column("transcript")
