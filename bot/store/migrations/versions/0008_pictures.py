"""A respondent may choose to have each question as a picture card (Telegram's /pictures): a yes or no kept with
them, so it survives a restart, and goes when they are erased.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("respondents") as batch:
        batch.add_column(sa.Column("pictures", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("respondents") as batch:
        batch.drop_column("pictures")
