"""Analysts: the accounts a council's administrator makes (`sayit analysts`) for the analysts' page, kept as
advocates' are, and a log of every download made from it (who, what, when; never the data).

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "analysts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("password_set_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("disabled_at", sa.DateTime(timezone=True)),
        sa.Column("failed_sign_ins", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", sa.DateTime(timezone=True)),
        sa.Column("last_sign_in_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "downloads",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("analyst_id", sa.Integer, sa.ForeignKey("analysts.id", name="fk_downloads_analyst"),
                  nullable=False),
        sa.Column("what", sa.String(20), nullable=False),
        sa.Column("survey", sa.String(100), nullable=False),
        sa.Column("term", sa.String(20), nullable=False),
        sa.Column("rows", sa.Integer),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_downloads_at", "downloads", ["at"])


def downgrade() -> None:
    op.drop_index("ix_downloads_at", "downloads")
    op.drop_table("downloads")
    op.drop_table("analysts")
