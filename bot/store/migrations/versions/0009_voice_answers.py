"""A spoken answer keeps what the recogniser heard and how sure it was, so an analyst can weigh it and a
therapist can see what the child was taken to have said; a session keeps the answer it is confirming; the audio
waits in voice_clips only until it is heard (or for the days a deployment keeps voice).

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
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("pending_answer", sa.Text))
    op.create_table(
        "voice_clips",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("audio", sa.LargeBinary, nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("heard_at", sa.DateTime(timezone=True)),
        sa.Column("session_id", sa.String(36), sa.ForeignKey("sessions.id"), index=True),
    )


def downgrade() -> None:
    op.drop_table("voice_clips")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("pending_answer")
    with op.batch_alter_table("responses") as batch:
        batch.drop_column("confidence")
        batch.drop_column("transcript")
