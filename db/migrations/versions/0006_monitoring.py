"""Monitoring (issue 13): schedules, slots, the seen-store.

Revision ID: 0006_monitoring
Revises: 0005_artifacts
Create Date: 2026-12-01
"""

from __future__ import annotations

revision = "0006_monitoring"
down_revision = "0005_artifacts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Reserved in the chain so that parallel work keeps one linear history."""


def downgrade() -> None:
    """Nothing to undo yet."""
