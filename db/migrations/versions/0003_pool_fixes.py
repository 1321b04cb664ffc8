"""Pool fixes (issue 9): account exclusion and settled-batch bookkeeping.

Revision ID: 0003_pool_fixes
Revises: 0002_pool
Create Date: 2026-12-01
"""

from __future__ import annotations

revision = "0003_pool_fixes"
down_revision = "0002_pool"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Reserved in the chain so that parallel work keeps one linear history."""


def downgrade() -> None:
    """Nothing to undo yet."""
