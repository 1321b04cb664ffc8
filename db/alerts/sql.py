"""Table handle of the alerts model, for Core statements."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from db.alerts.models import Alert

if TYPE_CHECKING:
    from sqlalchemy import Table

ALERTS = cast("Table", Alert.__table__)
