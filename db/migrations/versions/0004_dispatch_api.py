"""The dispatch-centre API (issue 11): tokens, client ids, outbox, deliveries, audit.

Revision ID: 0004_dispatch_api
Revises: 0003_pool_fixes
Create Date: 2026-12-01
"""

from __future__ import annotations

revision = "0004_dispatch_api"
down_revision = "0003_pool_fixes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Reserved in the chain so that parallel work keeps one linear history."""


def downgrade() -> None:
    """Nothing to undo yet."""
