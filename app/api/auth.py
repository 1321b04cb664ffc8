"""Bearer tokens and the per-token rate limit, as FastAPI dependencies.

401 carries ``WWW-Authenticate: Bearer``; 403 names the missing scope; 429 carries
``Retry-After``. Only a token's display prefix is ever kept in memory or logs.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.api.problems import ApiProblem
from app.api.service import Caller
from app.pool_calls import pool_call
from db.dispatch.tokens import TOKEN_PREFIX, authenticate

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.api.context import ApiContext

_bearer = HTTPBearer(auto_error=False, description="A token made by `api token create`.")
_CREDENTIALS = Depends(_bearer)


@dataclass
class RateLimiter:
    """A token bucket per token prefix: ``per_minute`` calls, bursts up to that many."""

    per_minute: int
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, key: str) -> float | None:
        """Spend one call; None when allowed, else seconds until the next is."""
        rate = self.per_minute / 60.0
        now = time.monotonic()
        with self._lock:
            tokens, stamp = self._buckets.get(key, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - stamp) * rate)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                return (1.0 - tokens) / rate
            self._buckets[key] = (tokens - 1.0, now)
            return None


def context(request: Request) -> ApiContext:
    """The API's shared parts (engine, flows, limiter)."""
    ctx: ApiContext = request.app.state.ctx
    return ctx


def _unauthorized() -> ApiProblem:
    return ApiProblem(401, "unauthorized", headers={"WWW-Authenticate": "Bearer"})


def require(scope: str) -> Callable[..., Caller]:
    """A dependency admitting callers whose token has ``scope``."""

    def check(
        request: Request, credentials: HTTPAuthorizationCredentials | None = _CREDENTIALS
    ) -> Caller:
        if credentials is None or not credentials.credentials.startswith(TOKEN_PREFIX):
            raise _unauthorized()
        ctx = context(request)
        token = credentials.credentials
        info = pool_call(ctx.engine, lambda s: authenticate(s, token))
        if info is None:
            raise _unauthorized()
        request.state.token_prefix = info.prefix
        if scope not in info.scopes:
            raise ApiProblem(403, "forbidden", scope=scope)
        wait = ctx.limiter.take(info.prefix)
        if wait is not None:
            seconds = max(1, math.ceil(wait))
            raise ApiProblem(
                429, "rate_limited", headers={"Retry-After": str(seconds)}, seconds=seconds
            )
        return Caller(info.prefix, frozenset(info.scopes))

    return check
