"""The dispatch-centre API (issue 11): tokens, client ids, outbox, deliveries, audit.

Revision ID: 0004_dispatch_api
Revises: 0003_pool_fixes
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.types import UtcDateTime

revision = "0004_dispatch_api"
down_revision = "0003_pool_fixes"
branch_labels = None
depends_on = None

CLIENT_ID = 128
TABLES = (
    "api_audit",
    "api_deliveries",
    "api_endpoints",
    "api_events",
    "api_tasks",
    "api_batches",
    "api_tokens",
)


def _time(name: str, nullable: bool = True) -> sa.Column[object]:
    return sa.Column(name, UtcDateTime(), nullable=nullable)


def upgrade() -> None:
    """Create the API's tables."""
    _create_tokens()
    _create_client_ids()
    _create_outbox()
    op.create_table(
        "api_audit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token_prefix", sa.String(16), nullable=True),
        sa.Column("method", sa.String(8), nullable=False),
        sa.Column("path", sa.String(255), nullable=False),
        sa.Column("status", sa.SmallInteger(), nullable=False),
        sa.Column("created_ids", sa.String(512), nullable=True),
        _time("at", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_api_audit"),
    )
    op.create_index("ix_api_audit_at", "api_audit", ["at"])


def _create_tokens() -> None:
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("token_sha256", sa.String(64), nullable=False),
        sa.Column("scopes", sa.String(255), nullable=False),
        sa.Column("created_by", sa.String(128), nullable=False),
        _time("created_at", nullable=False),
        _time("expires_at"),
        _time("revoked_at"),
        _time("last_used_at"),
        sa.PrimaryKeyConstraint("id", name="pk_api_tokens"),
        sa.UniqueConstraint("token_sha256", name="uq_api_tokens_token_sha256"),
    )


def _create_client_ids() -> None:
    op.create_table(
        "api_batches",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("client_batch_id", sa.String(CLIENT_ID), nullable=False),
        sa.Column("request_sha256", sa.String(64), nullable=False),
        sa.Column("priority", sa.SmallInteger(), nullable=False),
        sa.Column("token_prefix", sa.String(16), nullable=True),
        _time("created_at", nullable=False),
        _time("finished_at"),
        sa.PrimaryKeyConstraint("id", name="pk_api_batches"),
        sa.UniqueConstraint("client_batch_id", name="uq_api_batches_client_batch_id"),
    )
    op.create_table(
        "api_tasks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("api_batch_id", sa.Integer(), nullable=False),
        sa.Column("client_task_id", sa.String(CLIENT_ID), nullable=False),
        sa.Column("pool_batch_id", sa.Integer(), nullable=False),
        sa.Column("flow", sa.String(64), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("request_json", sa.Text(), nullable=False),
        sa.Column("event_seq", sa.Integer(), nullable=False),
        sa.Column("retries", sa.Integer(), nullable=False),
        _time("created_at", nullable=False),
        _time("finished_at"),
        sa.PrimaryKeyConstraint("id", name="pk_api_tasks"),
        sa.UniqueConstraint("client_task_id", name="uq_api_tasks_client_task_id"),
        sa.UniqueConstraint("pool_batch_id", name="uq_api_tasks_pool_batch_id"),
        sa.ForeignKeyConstraint(
            ["api_batch_id"], ["api_batches.id"], name="fk_api_tasks_api_batch_id_api_batches"
        ),
    )
    op.create_index("ix_api_tasks_api_batch_id", "api_tasks", ["api_batch_id"])


def _create_outbox() -> None:
    op.create_table(
        "api_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("event_id", sa.String(40), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("api_task_id", sa.Integer(), nullable=True),
        sa.Column("once_key", sa.String(80), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        _time("created_at", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_api_events"),
        sa.UniqueConstraint("event_id", name="uq_api_events_event_id"),
        sa.UniqueConstraint("once_key", name="uq_api_events_once_key"),
    )
    op.create_index("ix_api_events_created_at", "api_events", ["created_at"])
    op.create_index("ix_api_events_type_id", "api_events", ["type", "id"])
    op.create_table(
        "api_endpoints",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("url", sa.String(1024), nullable=False),
        sa.Column("events", sa.String(255), nullable=False),
        sa.Column("secret_encrypted", sa.Text(), nullable=False),
        sa.Column("old_secret_encrypted", sa.Text(), nullable=True),
        _time("old_secret_until"),
        sa.Column("allow_http", sa.Boolean(), nullable=False),
        sa.Column("ca_bundle", sa.String(512), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("disabled_reason", sa.String(255), nullable=True),
        _time("breaker_until"),
        sa.Column("breaker_probes", sa.Integer(), nullable=False),
        _time("created_at", nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_api_endpoints"),
    )
    states = ("pending", "delivering", "delivered", "dead")
    op.create_table(
        "api_deliveries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("event_pk", sa.Integer(), nullable=False),
        sa.Column("endpoint_id", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                *states, name="delivery_state", native_enum=False, create_constraint=True, length=16
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _time("next_attempt_at", nullable=False),
        _time("lease_until"),
        sa.Column("last_status", sa.SmallInteger(), nullable=True),
        sa.Column("last_error", sa.String(255), nullable=True),
        sa.Column("latency_ms", sa.Integer(), nullable=True),
        _time("created_at", nullable=False),
        _time("delivered_at"),
        sa.PrimaryKeyConstraint("id", name="pk_api_deliveries"),
        sa.ForeignKeyConstraint(
            ["event_pk"], ["api_events.id"], name="fk_api_deliveries_event_pk_api_events"
        ),
        sa.ForeignKeyConstraint(
            ["endpoint_id"],
            ["api_endpoints.id"],
            name="fk_api_deliveries_endpoint_id_api_endpoints",
        ),
    )
    op.create_index(
        "ix_api_deliveries_endpoint_id_state_next_attempt_at_id",
        "api_deliveries",
        ["endpoint_id", "state", "next_attempt_at", "id"],
    )
    op.create_index(
        "ix_api_deliveries_state_lease_until", "api_deliveries", ["state", "lease_until"]
    )
    op.create_index("ix_api_deliveries_event_pk", "api_deliveries", ["event_pk"])


def downgrade() -> None:
    """Drop the API's tables."""
    for table in TABLES:
        op.drop_table(table)
