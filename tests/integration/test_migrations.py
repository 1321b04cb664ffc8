"""Migrations on SQLite and MariaDB: up from empty, models in step, schema checks at start."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from app.database import connect
from app.errors import UserError
from app.settings import Settings
from db.engine import open_engine
from db.migrate import SchemaState, head_revision, schema_status, upgrade
from db.schema import all_metadata

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

FLEET_TABLES = {"hosts", "devices", "accounts"}


def test_upgrade_from_empty_creates_the_fleet_tables(db_url: URL) -> None:
    engine = open_engine(db_url)
    try:
        assert schema_status(engine).state is SchemaState.EMPTY
        upgrade(engine)
        status = schema_status(engine)
        assert status.state is SchemaState.CURRENT
        assert status.current == head_revision()
        assert set(inspect(engine).get_table_names()) >= FLEET_TABLES
        upgrade(engine)  # a second run changes nothing and does not fail
        assert schema_status(engine).state is SchemaState.CURRENT
    finally:
        engine.dispose()


def test_models_match_the_migrations(engine: Engine) -> None:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, all_metadata()) == []


def test_embedded_sqlite_is_migrated_at_start(tmp_path: object) -> None:
    settings = Settings(db=f"sqlite:///{tmp_path}/auto.db")
    engine = connect(settings)
    try:
        assert schema_status(engine).state is SchemaState.CURRENT
    finally:
        engine.dispose()


@pytest.mark.mariadb
def test_unmigrated_mysql_is_refused_without_writing(mariadb_server: object) -> None:
    url = mariadb_server.create_database()  # type: ignore[attr-defined]
    settings = Settings(db=url.render_as_string(hide_password=False))
    with pytest.raises(UserError, match="db upgrade"):
        connect(settings)
    probe = open_engine(url)
    try:
        assert inspect(probe).get_table_names() == []
    finally:
        probe.dispose()


def test_newer_schema_is_refused_and_left_alone(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    settings = Settings(db=engine.url.render_as_string(hide_password=False))
    with pytest.raises(UserError, match="newer than this FleetDeck"):
        connect(settings)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == (
            "9999_from_the_future"
        )
    assert schema_status(engine).state is SchemaState.NEWER


def test_the_chain_read_from_the_files_is_alembics_own() -> None:
    # schema_status reads the chain without importing alembic; it must agree with alembic.
    from alembic.script import ScriptDirectory

    from db.migrate import MIGRATIONS_DIR, _chain

    script = ScriptDirectory(str(MIGRATIONS_DIR))
    assert head_revision() == script.get_current_head()
    assert _chain() == {rev.revision: rev.down_revision for rev in script.walk_revisions()}
