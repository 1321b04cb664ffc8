"""The fleet: hosts, devices and app accounts.

Revision ID: 0001_fleet
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.types import UtcDateTime

revision = "0001_fleet"
down_revision = None
branch_labels = None
depends_on = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=16)


def upgrade() -> None:
    op.create_table(
        "hosts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("hostname", sa.String(128), nullable=False),
        sa.Column("pid", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("version", sa.String(32), nullable=False),
        sa.Column("started_at", UtcDateTime(), nullable=False),
        sa.Column("last_heartbeat_at", UtcDateTime(), nullable=False),
        sa.Column("stopped_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_hosts"),
    )
    op.create_index("ix_hosts_last_heartbeat_at", "hosts", ["last_heartbeat_at"])

    op.create_table(
        "devices",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("serial", sa.String(64), nullable=False),
        sa.Column("adb_serial", sa.String(128), nullable=True),
        sa.Column("model", sa.String(64), nullable=True),
        sa.Column("android_version", sa.String(16), nullable=True),
        sa.Column("host_id", sa.Integer(), nullable=True),
        sa.Column("label", sa.String(64), nullable=True),
        sa.Column("rack_slot", sa.String(32), nullable=True),
        sa.Column(
            "admin_state",
            _enum("admin_state", "enabled", "draining", "stopped", "disabled"),
            nullable=False,
        ),
        sa.Column(
            "conn_state",
            _enum("conn_state", "device", "offline", "unauthorized", "gone"),
            nullable=False,
        ),
        sa.Column("battery_level", sa.SmallInteger(), nullable=True),
        sa.Column("battery_temp_c", sa.Float(), nullable=True),
        sa.Column("screen_on", sa.Boolean(), nullable=True),
        sa.Column("storage_free_mb", sa.Integer(), nullable=True),
        sa.Column("capture_method", sa.String(16), nullable=True),
        sa.Column("health_at", UtcDateTime(), nullable=True),
        sa.Column("last_seen_at", UtcDateTime(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_devices"),
        sa.UniqueConstraint("serial", name="uq_devices_serial"),
        sa.ForeignKeyConstraint(
            ["host_id"], ["hosts.id"], name="fk_devices_host_id_hosts", ondelete="SET NULL"
        ),
    )
    op.create_index("ix_devices_host_id", "devices", ["host_id"])

    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("app", sa.String(64), nullable=False),
        sa.Column("uid", sa.String(64), nullable=False),
        sa.Column("name", sa.String(128), nullable=True),
        sa.Column("device_id", sa.Integer(), nullable=True),
        sa.Column("source", _enum("account_source", "detected", "operator"), nullable=True),
        sa.Column("bound_at", UtcDateTime(), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_accounts"),
        sa.ForeignKeyConstraint(
            ["device_id"],
            ["devices.id"],
            name="fk_accounts_device_id_devices",
            ondelete="SET NULL",
        ),
    )
    op.create_index("ix_accounts_app_uid", "accounts", ["app", "uid"], unique=True)
    op.create_index("ix_accounts_device_id", "accounts", ["device_id"])


def downgrade() -> None:
    op.drop_table("accounts")
    op.drop_table("devices")
    op.drop_table("hosts")
