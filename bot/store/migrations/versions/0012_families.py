"""Linked families: a session keeps the family key its invitation carried (a keyed hash of the council's family
reference) and when the person agreed to their answers being put beside their family's.

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("family_key", sa.String(32)))
        batch.add_column(sa.Column("family_consent_at", sa.DateTime(timezone=True)))
        batch.create_index("ix_sessions_family_key", ["family_key"])


def downgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.drop_index("ix_sessions_family_key")
        batch.drop_column("family_consent_at")
        batch.drop_column("family_key")
