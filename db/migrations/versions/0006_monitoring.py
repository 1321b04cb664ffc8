"""Monitoring (issue 13): schedules, slots, the seen-store.

Revision ID: 0006_monitoring
Revises: 0005_artifacts
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.types import UtcDateTime

revision = "0006_monitoring"
down_revision = "0005_artifacts"
branch_labels = None
depends_on = None


KEY = 191


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=16)


def upgrade() -> None:
    """Schedules, their slots (unique per schedule and time), and the seen-store."""
    op.create_table(
        "monitor_schedules",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(128), nullable=True),
        sa.Column("flow", sa.String(64), nullable=False),
        sa.Column("spec_json", sa.Text(), nullable=False),
        sa.Column("every_s", sa.Integer(), nullable=True),
        sa.Column("cron", sa.String(120), nullable=True),
        sa.Column("tz", sa.String(64), nullable=False),
        sa.Column("overlap", _enum("schedule_overlap", "skip", "allow", "cancel"), nullable=False),
        sa.Column("catch_up_s", sa.Integer(), nullable=False),
        sa.Column("start_at", UtcDateTime(), nullable=True),
        sa.Column("end_at", UtcDateTime(), nullable=True),
        sa.Column("state", _enum("schedule_state", "active", "paused", "removed"), nullable=False),
        sa.Column("next_run_at", UtcDateTime(), nullable=True),
        sa.Column("last_batch_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(128), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_monitor_schedules"),
    )
    op.create_index(
        "ix_monitor_schedules_state_next_run_at", "monitor_schedules", ["state", "next_run_at"]
    )
    op.create_table(
        "monitor_slots",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("schedule_id", sa.Integer(), nullable=False),
        sa.Column("slot_at", UtcDateTime(), nullable=False),
        sa.Column("kind", _enum("slot_kind", "scheduled", "manual"), nullable=False),
        sa.Column("outcome", _enum("slot_outcome", "fired", "skipped"), nullable=False),
        sa.Column("reason", sa.String(255), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("host_name", sa.String(128), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_monitor_slots"),
        sa.ForeignKeyConstraint(
            ["schedule_id"],
            ["monitor_schedules.id"],
            name="fk_monitor_slots_schedule_id_monitor_schedules",
        ),
    )
    op.create_index(
        "ix_monitor_slots_schedule_id_slot_at",
        "monitor_slots",
        ["schedule_id", "slot_at"],
        unique=True,
    )
    op.create_index("ix_monitor_slots_batch_id", "monitor_slots", ["batch_id"])
    op.create_table(
        "monitor_seen",
        sa.Column("monitor", sa.String(KEY), nullable=False),
        sa.Column("item_key", sa.String(KEY), nullable=False),
        sa.Column("value", sa.String(255), nullable=False),
        sa.Column("label", sa.String(KEY), nullable=True),
        sa.Column("first_seen_at", UtcDateTime(), nullable=False),
        sa.Column("last_seen_at", UtcDateTime(), nullable=False),
        sa.Column("first_run_id", sa.Integer(), nullable=True),
        sa.Column("first_batch_id", sa.Integer(), nullable=True),
        sa.Column("last_run_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("monitor", "item_key", name="pk_monitor_seen"),
    )
    op.create_index("ix_monitor_seen_label", "monitor_seen", ["label"])
    op.create_index("ix_monitor_seen_item_key", "monitor_seen", ["item_key"])


def downgrade() -> None:
    """Drop monitoring's tables."""
    op.drop_index("ix_monitor_seen_item_key", table_name="monitor_seen")
    op.drop_index("ix_monitor_seen_label", table_name="monitor_seen")
    op.drop_table("monitor_seen")
    op.drop_index("ix_monitor_slots_batch_id", table_name="monitor_slots")
    op.drop_index("ix_monitor_slots_schedule_id_slot_at", table_name="monitor_slots")
    op.drop_table("monitor_slots")
    op.drop_index("ix_monitor_schedules_state_next_run_at", table_name="monitor_schedules")
    op.drop_table("monitor_schedules")
