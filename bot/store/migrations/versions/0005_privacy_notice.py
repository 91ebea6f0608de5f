"""Sessions record which wording of the privacy notice the person was shown, so consent can be traced to the
words they read.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("notice_version", sa.Integer))
        batch.add_column(sa.Column("notice_shown_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("notice_shown_at")
        batch.drop_column("notice_version")
