"""A person may switch language at any point: each answer records its own language, and a session remembers
where to go back to once the new language is chosen.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("returning_to", sa.String(20)))
    with op.batch_alter_table("responses") as batch:
        batch.add_column(sa.Column("language", sa.String(10)))
    # answers given before this change were all in their session's language
    op.execute("UPDATE responses SET language = "
               "(SELECT language FROM sessions WHERE sessions.id = responses.session_id)")
    with op.batch_alter_table("responses") as batch:
        batch.alter_column("language", existing_type=sa.String(10), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("responses") as batch:
        batch.drop_column("language")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("returning_to")
