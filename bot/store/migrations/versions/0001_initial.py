"""The first schema: respondents, sessions, responses, handled messages and concerns.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "respondents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", WHEN, nullable=False),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("respondent_id", sa.Integer, sa.ForeignKey("respondents.id"), nullable=False),
        sa.Column("survey", sa.String(100), nullable=False),
        sa.Column("survey_version", sa.Integer, nullable=False),
        sa.Column("role", sa.String(20)),
        sa.Column("language", sa.String(10), nullable=False),
        sa.Column("channel", sa.String(30), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("current_question", sa.String(100)),
        sa.Column("unclear_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("started_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.Column("finished_at", WHEN),
    )
    op.create_index("ix_sessions_respondent_id", "sessions", ["respondent_id"])
    op.create_table(
        "responses",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.String(36), sa.ForeignKey("sessions.id"), nullable=False),
        sa.Column("question_id", sa.String(100), nullable=False),
        sa.Column("area", sa.String(100), nullable=False),
        sa.Column("raw_reply", sa.Text, nullable=False),
        sa.Column("given_via", sa.String(10), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("value", sa.Integer),
        sa.Column("concern", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("answered_at", WHEN, nullable=False),
        sa.Column("survey_version", sa.Integer, nullable=False),
        sa.Column("times_changed", sa.Integer, nullable=False, server_default="0"),
        sa.UniqueConstraint("session_id", "question_id", name="uq_responses_session_question"),
    )
    op.create_table(
        "handled_messages",
        sa.Column("message_key", sa.String(128), primary_key=True),
        sa.Column("session_id", sa.String(36), sa.ForeignKey("sessions.id"), nullable=False),
        sa.Column("handled_at", WHEN, nullable=False),
    )
    op.create_table(
        "concerns",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.String(36), sa.ForeignKey("sessions.id"), nullable=False),
        sa.Column("question_id", sa.String(100)),
        sa.Column("raw_reply", sa.Text, nullable=False),
        sa.Column("raised_at", WHEN, nullable=False),
        sa.Column("reviewed_at", WHEN),
    )
    op.create_index("ix_concerns_session_id", "concerns", ["session_id"])


def downgrade() -> None:
    for table in ("concerns", "handled_messages", "responses", "sessions", "respondents"):
        op.drop_table(table)
