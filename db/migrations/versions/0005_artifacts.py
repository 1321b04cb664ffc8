"""Failure evidence (issue 12): artifacts, error codes, alerts.

Revision ID: 0005_artifacts
Revises: 0004_dispatch_api
Create Date: 2026-12-01
"""

from __future__ import annotations

revision = "0005_artifacts"
down_revision = "0004_dispatch_api"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Reserved in the chain so that parallel work keeps one linear history."""


def downgrade() -> None:
    """Nothing to undo yet."""
