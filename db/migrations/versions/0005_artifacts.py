"""Failure evidence (issue 12): error codes on records, the artifact catalog and blobs.

Revision ID: 0005_artifacts
Revises: 0004_dispatch_api
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

from db.types import UtcDateTime

revision = "0005_artifacts"
down_revision = "0004_dispatch_api"
branch_labels = None
depends_on = None

# MEDIUMBLOB on MySQL (16 MiB; BLOB stops at 64 KiB); chunks are 512 KiB.
CHUNK_TYPE = sa.LargeBinary().with_variant(mysql.MEDIUMBLOB(), "mysql")


PATH_COLUMNS = ("screenshot_path", "hierarchy_path", "log_path")


def upgrade() -> None:
    # Records name their artifacts in the catalog (by id, kind, size, checksum) from
    # now on, never by a path on one PC's disk.
    with op.batch_alter_table("pool_runs") as batch:
        batch.add_column(sa.Column("error_code", sa.String(64), nullable=True))
        batch.add_column(sa.Column("failure_report", sa.Text(), nullable=True))
        batch.create_index("ix_pool_runs_error_code", ["error_code"])
        for column in PATH_COLUMNS:
            batch.drop_column(column)
    op.create_table(
        "artifacts",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("backend", sa.String(16), nullable=True),
        sa.Column("host_name", sa.String(128), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("stored_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_artifacts"),
    )
    op.create_index("ix_artifacts_run_id", "artifacts", ["run_id"])
    op.create_index("ix_artifacts_created_at", "artifacts", ["created_at"])
    op.create_table(
        "artifact_chunks",
        sa.Column("artifact_id", sa.String(32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", CHUNK_TYPE, nullable=False),
        sa.PrimaryKeyConstraint("artifact_id", "seq", name="pk_artifact_chunks"),
    )


def downgrade() -> None:
    op.drop_table("artifact_chunks")
    op.drop_index("ix_artifacts_created_at", table_name="artifacts")
    op.drop_index("ix_artifacts_run_id", table_name="artifacts")
    op.drop_table("artifacts")
    with op.batch_alter_table("pool_runs") as batch:
        for column in PATH_COLUMNS:
            batch.add_column(sa.Column(column, sa.String(512), nullable=True))
        batch.drop_index("ix_pool_runs_error_code")
        batch.drop_column("failure_report")
        batch.drop_column("error_code")
