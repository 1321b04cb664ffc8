"""A batch stopped with kill (issue 11): the app of a running attempt is force-stopped.

Revision ID: 0007_stop_kill
Revises: 0006_monitoring
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_stop_kill"
down_revision = "0006_monitoring"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """pool_batches.stop_kill: set with the stop; running attempts also lose their app."""
    with op.batch_alter_table("pool_batches") as batch:
        batch.add_column(
            sa.Column("stop_kill", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    """Drop the column."""
    with op.batch_alter_table("pool_batches") as batch:
        batch.drop_column("stop_kill")
