"""The spoken texts the audio address may name, and which engine made each clip (gTTS, or espeak-ng when
Google's speech could not be reached), at each pace.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "clips",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("pace", sa.String(10), primary_key=True),
        sa.Column("lang", sa.String(10), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("parts", sa.Text),
        sa.Column("engine", sa.String(40)),
        sa.Column("named_at", WHEN, nullable=False),
        sa.Column("made_at", WHEN),
    )


def downgrade() -> None:
    op.drop_table("clips")
