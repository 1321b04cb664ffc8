"""Errors the pool raises for requests it refuses; each message is one line for a person."""

from __future__ import annotations


class PoolError(ValueError):
    """A request the pool refuses; nothing was written."""


class NotFound(PoolError):
    """A batch, task, device or account that does not exist."""


class InvalidRequest(PoolError):
    """A request whose values do not fit; the message names the field."""


class Conflict(PoolError):
    """A valid request that clashes with what is stored (e.g. retrying a running task)."""
