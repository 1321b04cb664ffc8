"""Alerts (issue 12): what needs a person, raised once across PCs; devices.conn_state_at.

Revision ID: 0010_alerts
Revises: 0009_health_roster
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.types import UtcDateTime

revision = "0010_alerts"
down_revision = "0009_health_roster"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """The alerts table (unique once_key) and when each phone's adb state last changed."""
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("once_key", sa.String(191), nullable=False),
        sa.Column("subject", sa.String(191), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("host_name", sa.String(128), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("raised_at", UtcDateTime(), nullable=False),
        sa.Column("last_seen_at", UtcDateTime(), nullable=False),
        sa.Column("acknowledged_at", UtcDateTime(), nullable=True),
        sa.Column("acknowledged_by", sa.String(128), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_alerts"),
        sa.UniqueConstraint("once_key", name="uq_alerts_once_key"),
    )
    op.create_index("ix_alerts_acknowledged_at_id", "alerts", ["acknowledged_at", "id"])
    op.create_index("ix_alerts_raised_at", "alerts", ["raised_at"])
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("conn_state_at", UtcDateTime(), nullable=True))


def downgrade() -> None:
    """Drop them."""
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("conn_state_at")
    op.drop_index("ix_alerts_raised_at", table_name="alerts")
    op.drop_index("ix_alerts_acknowledged_at_id", table_name="alerts")
    op.drop_table("alerts")
