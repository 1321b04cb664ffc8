"""Schema migrations: upgrade to head, and tell whether a database fits this FleetDeck."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from db.schema import all_metadata

if TYPE_CHECKING:
    from sqlalchemy import Engine, MetaData

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def target_metadata() -> MetaData:
    """The metadata of every model, for autogenerate and the model/migration check."""
    return all_metadata()


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    """The newest revision this FleetDeck knows."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


class SchemaState(enum.Enum):
    """How a database's schema relates to this FleetDeck's migrations."""

    EMPTY = "empty"  # no FleetDeck tables yet
    CURRENT = "current"
    BEHIND = "behind"  # migrations to apply
    NEWER = "newer"  # written by a newer FleetDeck


@dataclass(frozen=True)
class SchemaStatus:
    """Where a database's schema stands."""

    state: SchemaState
    current: str | None
    head: str


def schema_status(engine: Engine) -> SchemaStatus:
    """Read the database's revision and compare it with this FleetDeck's head."""
    script = ScriptDirectory.from_config(_config())
    head = head_revision()
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current is None:
        state = SchemaState.EMPTY
    elif current == head:
        state = SchemaState.CURRENT
    elif current in {rev.revision for rev in script.walk_revisions()}:
        state = SchemaState.BEHIND
    else:
        state = SchemaState.NEWER
    return SchemaStatus(state, current, head)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply every pending migration (each one in its own transaction where DDL allows)."""
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
