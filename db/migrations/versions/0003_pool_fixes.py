"""Pool fixes (issue 9): account exclusion and settled-batch bookkeeping.

- ``pool_items.dedupe_key``: the downstream task's de-duplication key, made from the
  item's whole key (``item_key`` is cut to 191 characters for display and search).
- ``pool_batch_bars``: accounts (or phones) barred from a whole batch after a
  device-class failure; ``pool_batches.barred`` counts them, so ready rows of a
  batch with bars are checked against them.
- ``devices.problem*`` and ``devices.attention``: the last device-class failure of
  the phone's account, how many there were across batches since the operator last
  resumed it, and why it was drained and raised to the operator.

Revision ID: 0003_pool_fixes
Revises: 0002_pool
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from db.types import UtcDateTime

revision = "0003_pool_fixes"
down_revision = "0002_pool"
branch_labels = None
depends_on = None

KEY = 191
TARGET = 40


def upgrade() -> None:
    """Add the columns and the table described above."""
    with op.batch_alter_table("pool_items") as batch:
        batch.add_column(sa.Column("dedupe_key", sa.String(KEY), nullable=True))
    with op.batch_alter_table("pool_batches") as batch:
        batch.add_column(sa.Column("barred", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "pool_batch_bars",
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(TARGET), nullable=False),
        sa.Column("reason", sa.String(255), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("batch_id", "actor", name="pk_pool_batch_bars"),
    )
    with op.batch_alter_table("devices") as batch:
        batch.add_column(sa.Column("problem", sa.String(255), nullable=True))
        batch.add_column(sa.Column("problem_code", sa.String(64), nullable=True))
        batch.add_column(
            sa.Column("problem_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("attention", sa.String(255), nullable=True))


def downgrade() -> None:
    """Drop them again."""
    with op.batch_alter_table("devices") as batch:
        batch.drop_column("attention")
        batch.drop_column("problem_count")
        batch.drop_column("problem_code")
        batch.drop_column("problem")
    op.drop_table("pool_batch_bars")
    with op.batch_alter_table("pool_batches") as batch:
        batch.drop_column("barred")
    with op.batch_alter_table("pool_items") as batch:
        batch.drop_column("dedupe_key")
