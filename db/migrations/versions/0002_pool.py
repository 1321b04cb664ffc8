"""The task pool: batches, tasks, ready rows, attempts, output items.

Revision ID: 0002_pool
Revises: 0001_fleet
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.types import UtcDateTime

revision = "0002_pool"
down_revision = "0001_fleet"
branch_labels = None
depends_on = None

KEY = 191
TARGET = 40


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=16)


TASK_STATES = (
    "blocked",
    "queued",
    "scheduled",
    "held",
    "running",
    "succeeded",
    "failed",
    "cancelled",
)
ERROR_CLASSES = ("retryable", "device", "fatal", "timeout", "cancelled", "lease_expired")


def upgrade() -> None:
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("admin_reason", sa.String(255), nullable=True))
    _create_batches()
    _create_tasks()
    _create_claim_tables()
    _create_runs()
    _create_items()


def _create_batches() -> None:
    op.create_table(
        "pool_batches",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(128), nullable=True),
        sa.Column("flow", sa.String(64), nullable=False),
        sa.Column("mode", _enum("pool_mode", "each-device", "pool", "spread"), nullable=False),
        sa.Column(
            "state",
            _enum("batch_state", "waiting", "active", "paused", "stopped", "completed"),
            nullable=False,
        ),
        sa.Column("priority", sa.SmallInteger(), nullable=False),
        sa.Column("params_json", sa.Text(), nullable=False),
        sa.Column(
            "target_kind",
            _enum("target_kind", "all-devices", "devices", "accounts"),
            nullable=False,
        ),
        sa.Column("task_count", sa.Integer(), nullable=False),
        sa.Column("successes", sa.SmallInteger(), nullable=False),
        sa.Column("share_cap", sa.Integer(), nullable=False),
        sa.Column("max_attempts", sa.SmallInteger(), nullable=False),
        sa.Column("timeout_s", sa.Integer(), nullable=False),
        sa.Column("lease_s", sa.Integer(), nullable=False),
        sa.Column("retry_delay_s", sa.Float(), nullable=False),
        sa.Column("needs_device", sa.Boolean(), nullable=False),
        sa.Column("needs_account", sa.Boolean(), nullable=False),
        sa.Column("author_param", sa.String(64), nullable=True),
        sa.Column("after_batch_id", sa.Integer(), nullable=True),
        sa.Column("map_json", sa.Text(), nullable=True),
        sa.Column("pipeline", sa.String(128), nullable=True),
        sa.Column("stage", sa.String(64), nullable=True),
        sa.Column("retry_of_batch_id", sa.Integer(), nullable=True),
        sa.Column("submitted_by", sa.String(128), nullable=False),
        sa.Column("stop_reason", sa.String(255), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("finished_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_pool_batches"),
        sa.ForeignKeyConstraint(
            ["after_batch_id"],
            ["pool_batches.id"],
            name="fk_pool_batches_after_batch_id_pool_batches",
        ),
    )
    op.create_index("ix_pool_batches_state", "pool_batches", ["state"])
    op.create_index("ix_pool_batches_after_batch_id", "pool_batches", ["after_batch_id"])


def _create_tasks() -> None:
    op.create_table(
        "pool_tasks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("state", _enum("task_state", *TASK_STATES), nullable=False),
        sa.Column("target", sa.String(TARGET), nullable=True),
        sa.Column("dedupe_key", sa.String(KEY), nullable=True),
        sa.Column("params_json", sa.Text(), nullable=False),
        sa.Column("author_id", sa.String(64), nullable=True),
        sa.Column("required", sa.SmallInteger(), nullable=False),
        sa.Column("succeeded_count", sa.Integer(), nullable=False),
        sa.Column("running_count", sa.Integer(), nullable=False),
        sa.Column("claim_count", sa.Integer(), nullable=False),
        sa.Column("failed_attempts", sa.Integer(), nullable=False),
        sa.Column("device_fails", sa.Integer(), nullable=False),
        sa.Column("retry_at", UtcDateTime(), nullable=True),
        sa.Column("stop_state", _enum("task_stop_state", *TASK_STATES), nullable=True),
        sa.Column("reason", sa.String(512), nullable=True),
        sa.Column("last_error_class", _enum("task_error_class", *ERROR_CLASSES), nullable=True),
        sa.Column("source_task_id", sa.Integer(), nullable=True),
        sa.Column("source_run_id", sa.Integer(), nullable=True),
        sa.Column("item_key", sa.String(KEY), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("finished_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_pool_tasks"),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["pool_batches.id"], name="fk_pool_tasks_batch_id_pool_batches"
        ),
    )
    op.create_index("ix_pool_tasks_batch_id_state", "pool_tasks", ["batch_id", "state"])
    op.create_index(
        "ix_pool_tasks_batch_id_dedupe_key", "pool_tasks", ["batch_id", "dedupe_key"], unique=True
    )
    op.create_index("ix_pool_tasks_retry_at", "pool_tasks", ["retry_at"])
    op.create_index("ix_pool_tasks_source_task_id", "pool_tasks", ["source_task_id"])


def _create_claim_tables() -> None:
    op.create_table(
        "pool_ready",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(TARGET), nullable=False),
        sa.Column("priority", sa.SmallInteger(), nullable=False),
        sa.Column("slots_open", sa.SmallInteger(), nullable=False),
        sa.Column("needs_account", sa.Boolean(), nullable=False),
        sa.Column("restricted", sa.Boolean(), nullable=False),
        sa.Column("share_cap", sa.Integer(), nullable=False),
        sa.Column("listed", sa.Boolean(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_pool_ready"),
        sa.UniqueConstraint("task_id", name="uq_pool_ready_task_id"),
    )
    op.create_index("ix_pool_ready_target_priority_id", "pool_ready", ["target", "priority", "id"])
    op.create_index("ix_pool_ready_batch_id", "pool_ready", ["batch_id"])

    op.create_table(
        "pool_task_actors",
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(TARGET), nullable=False),
        sa.Column("role", _enum("actor_role", "member", "excluded"), nullable=False),
        sa.Column("reason", sa.String(255), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("task_id", "actor", name="pk_pool_task_actors"),
    )
    op.create_index("ix_pool_task_actors_actor_task_id", "pool_task_actors", ["actor", "task_id"])

    op.create_table(
        "pool_batch_targets",
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(TARGET), nullable=False),
        sa.PrimaryKeyConstraint("batch_id", "target", name="pk_pool_batch_targets"),
    )
    op.create_table(
        "pool_shares",
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(TARGET), nullable=False),
        sa.Column("taken", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("batch_id", "actor", name="pk_pool_shares"),
    )


def _create_runs() -> None:
    op.create_table(
        "pool_runs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("flow", sa.String(64), nullable=False),
        sa.Column("attempt_no", sa.Integer(), nullable=False),
        sa.Column("host_id", sa.Integer(), nullable=True),
        sa.Column("host_name", sa.String(128), nullable=True),
        sa.Column("device_id", sa.Integer(), nullable=True),
        sa.Column("device_serial", sa.String(64), nullable=True),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("account_uid", sa.String(64), nullable=True),
        sa.Column("actor", sa.String(TARGET), nullable=False),
        sa.Column("author_id", sa.String(64), nullable=True),
        sa.Column(
            "status",
            _enum("run_status", "running", "succeeded", "failed", "cancelled"),
            nullable=False,
        ),
        sa.Column("error_class", _enum("error_class", *ERROR_CLASSES), nullable=True),
        sa.Column("error_message", sa.String(1024), nullable=True),
        sa.Column("failed_step", sa.String(128), nullable=True),
        sa.Column("stop_reason", sa.String(255), nullable=True),
        sa.Column("lease_s", sa.Integer(), nullable=False),
        sa.Column("started_at", UtcDateTime(), nullable=False),
        sa.Column("lease_expires_at", UtcDateTime(), nullable=True),
        sa.Column("deadline_at", UtcDateTime(), nullable=True),
        sa.Column("finished_at", UtcDateTime(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=True),
        sa.Column("exclusive_task_id", sa.Integer(), nullable=True),
        sa.Column("output_count", sa.Integer(), nullable=False),
        sa.Column("screenshot_path", sa.String(512), nullable=True),
        sa.Column("hierarchy_path", sa.String(512), nullable=True),
        sa.Column("log_path", sa.String(512), nullable=True),
        sa.Column("late_result", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_pool_runs"),
        sa.UniqueConstraint("exclusive_task_id", name="uq_pool_runs_exclusive_task_id"),
        sa.ForeignKeyConstraint(
            ["task_id"], ["pool_tasks.id"], name="fk_pool_runs_task_id_pool_tasks"
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["pool_batches.id"], name="fk_pool_runs_batch_id_pool_batches"
        ),
    )
    for name, columns, unique in (
        ("task_id_attempt_no", ["task_id", "attempt_no"], True),
        ("status_lease_expires_at", ["status", "lease_expires_at"], False),
        ("host_id_status", ["host_id", "status"], False),
        ("batch_id_status", ["batch_id", "status"], False),
        ("account_uid", ["account_uid"], False),
        ("author_id", ["author_id"], False),
        ("flow", ["flow"], False),
        ("device_serial", ["device_serial"], False),
        ("host_name", ["host_name"], False),
        ("started_at", ["started_at"], False),
        ("error_class", ["error_class"], False),
    ):
        op.create_index(f"ix_pool_runs_{name}", "pool_runs", columns, unique=unique)


def _create_items() -> None:
    op.create_table(
        "pool_items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("item_key", sa.String(KEY), nullable=False),
        sa.Column("data_json", sa.Text(), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_pool_items"),
        sa.ForeignKeyConstraint(
            ["run_id"], ["pool_runs.id"], name="fk_pool_items_run_id_pool_runs"
        ),
    )
    op.create_index("ix_pool_items_run_id_seq", "pool_items", ["run_id", "seq"], unique=True)
    op.create_index("ix_pool_items_batch_id_item_key", "pool_items", ["batch_id", "item_key"])


def downgrade() -> None:
    for table in (
        "pool_items",
        "pool_runs",
        "pool_shares",
        "pool_batch_targets",
        "pool_task_actors",
        "pool_ready",
        "pool_tasks",
        "pool_batches",
    ):
        op.drop_table(table)
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("admin_reason")
