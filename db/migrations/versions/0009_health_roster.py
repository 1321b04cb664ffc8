"""A phone an operator lets run despite its health; each-device batches that grow (issue 15).

Revision ID: 0009_health_roster
Revises: 0008_hit_reads
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_health_roster"
down_revision = "0008_hit_reads"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """devices.health_override; pool_batches.roster_grows (existing batches keep their roster)."""
    with op.batch_alter_table("devices") as batch:
        batch.add_column(
            sa.Column("health_override", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("pool_batches") as batch:
        batch.add_column(
            sa.Column("roster_grows", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    """Drop both columns."""
    with op.batch_alter_table("pool_batches") as batch:
        batch.drop_column("roster_grows")
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("health_override")
