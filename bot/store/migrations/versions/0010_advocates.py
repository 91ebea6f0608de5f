"""Advocates: the accounts a council's administrator makes (`sayit advocates`), each sign-in's failures and lock
kept here so a restart does not reset them; the advocate who started a session, and whether the young person has
asked them to step back; and, with each answer, how it was given and the advocate's short observation.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "advocates",
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
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("advocate_id", sa.Integer,
                                   sa.ForeignKey("advocates.id", name="fk_sessions_advocate")))
        batch.add_column(sa.Column("stepped_back_at", sa.DateTime(timezone=True)))
        batch.add_column(sa.Column("asked_back_at", sa.DateTime(timezone=True)))
    with op.batch_alter_table("responses") as batch:
        batch.add_column(sa.Column("assistance", sa.String(20)))
        batch.add_column(sa.Column("observation", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("responses") as batch:
        batch.drop_column("observation")
        batch.drop_column("assistance")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_constraint("fk_sessions_advocate", type_="foreignkey")
        batch.drop_column("asked_back_at")
        batch.drop_column("stepped_back_at")
        batch.drop_column("advocate_id")
    op.drop_table("advocates")
