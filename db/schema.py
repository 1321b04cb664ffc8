"""Every table FleetDeck owns, gathered in one MetaData for migrations and checks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from db.alerts import models as alert_models
from db.artifacts import models as artifact_models
from db.dispatch import models as dispatch_models
from db.models import Base
from db.monitor import models as monitor_models
from db.pool import models as pool_models

if TYPE_CHECKING:
    from sqlalchemy import MetaData


def all_metadata() -> MetaData:
    """The metadata holding every model's table."""
    assert pool_models.PoolRun.metadata is Base.metadata  # the pool's tables are registered
    assert monitor_models.MonitorSlot.metadata is Base.metadata
    assert artifact_models.Artifact.metadata is Base.metadata
    assert dispatch_models.ApiEvent.metadata is Base.metadata
    assert alert_models.Alert.metadata is Base.metadata
    return Base.metadata
