"""Concerns record when the safeguarding lead was notified and who reviewed them.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("concerns") as batch:
        batch.add_column(sa.Column("notified_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("reviewed_by", sa.String(100)))


def downgrade() -> None:
    with op.batch_alter_table("concerns") as batch:
        batch.drop_column("reviewed_by")
        batch.drop_column("notified_at")
