"""Texts and Telegram updates wait in an inbox between the webhook, which answers at once, and the conversation,
so a burst is never refused and nothing is lost to a restart (docs/decisions/0011-webhook-inbox.md).

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inbox",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("message_key", sa.String(80), nullable=False, unique=True),
        sa.Column("sender", sa.String(64), nullable=False, index=True),
        sa.Column("sealed", sa.LargeBinary, nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True)),
    )


def downgrade() -> None:
    op.drop_table("inbox")
