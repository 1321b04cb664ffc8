"""Unread marks of monitor hits, shared by the farm (issue 13).

Revision ID: 0008_hit_reads
Revises: 0007_stop_kill
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.types import UtcDateTime

revision = "0008_hit_reads"
down_revision = "0007_stop_kill"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """monitor_hit_reads: one row per hit (output item) an operator has read."""
    op.create_table(
        "monitor_hit_reads",
        sa.Column("item_id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("read_at", UtcDateTime(), nullable=False),
        sa.Column("read_by", sa.String(128), nullable=False),
    )


def downgrade() -> None:
    """Drop the table."""
    op.drop_table("monitor_hit_reads")
