"""What every route shares: the database engine, the flows, the limiter, the secret box."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from app.api.auth import RateLimiter
    from app.api.secret_box import SecretBox
    from db.artifacts.reader import ArtifactReader
    from workers.flows.registry import FlowRegistry


@dataclass(frozen=True)
class ApiContext:
    """The parts an API process builds once."""

    engine: Engine
    registry: FlowRegistry
    limiter: RateLimiter
    secrets: SecretBox
    host_name: str
    artifacts: ArtifactReader | None = None
