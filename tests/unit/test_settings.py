"""Settings: one schema; file < environment < command line; errors name field and source."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from app.errors import UserError
from app.settings import Settings, declared_settings, load_settings

if TYPE_CHECKING:
    from pathlib import Path


def _write(path: Path, body: str) -> Path:
    path.write_text(body, encoding="utf-8")
    return path


def test_defaults_put_sqlite_in_the_user_data_dir(tmp_path: Path) -> None:
    settings, sources = load_settings(env={}, config_file=None)
    assert settings.db_url.startswith("sqlite:///")
    assert settings.db_url.endswith("fleetdeck/fleetdeck.db")
    assert settings.artifacts_path == settings.data_dir / "artifacts"
    assert sources == {}


def test_precedence_file_then_env_then_command_line(tmp_path: Path) -> None:
    config = _write(
        tmp_path / "f.toml",
        'db = "sqlite:////from/file.db"\nlog_level = "WARNING"\nadb_port = 6000\n',
    )
    env = {"FLEETDECK_DB": "sqlite:////from/env.db", "FLEETDECK_ADB_PORT": "7000"}

    only_file, _ = load_settings(env={}, config_file=config)
    assert only_file.db == "sqlite:////from/file.db"
    assert only_file.adb_port == 6000

    with_env, sources = load_settings(env=env, config_file=config)
    assert with_env.db == "sqlite:////from/env.db"
    assert with_env.adb_port == 7000
    assert with_env.log_level == "WARNING"  # only the file sets it
    assert sources["db"] == "FLEETDECK_DB"
    assert sources["log_level"] == str(config)

    with_cli, sources = load_settings(
        cli={"db": "sqlite:////from/cli.db"}, env=env, config_file=config
    )
    assert with_cli.db == "sqlite:////from/cli.db"
    assert with_cli.adb_port == 7000
    assert sources["db"] == "command line"


def test_config_file_located_by_environment(tmp_path: Path) -> None:
    config = _write(tmp_path / "farm.toml", 'host_name = "rack-7-pc"\n')
    settings, _ = load_settings(env={"FLEETDECK_CONFIG": str(config)})
    assert settings.host_name == "rack-7-pc"


def test_missing_explicit_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        load_settings(env={}, config_file=tmp_path / "nope.toml")


def test_unknown_key_in_file_is_named(tmp_path: Path) -> None:
    config = _write(tmp_path / "f.toml", "db_url = 'sqlite:////x.db'\n")
    with pytest.raises(UserError, match="unknown setting 'db_url'"):
        load_settings(env={}, config_file=config)


def test_invalid_toml_is_reported_with_the_file(tmp_path: Path) -> None:
    config = _write(tmp_path / "f.toml", "adb_port = = 1\n")
    with pytest.raises(UserError, match="not valid TOML"):
        load_settings(env={}, config_file=config)


def test_bad_value_names_field_and_source(tmp_path: Path) -> None:
    with pytest.raises(UserError) as info:
        load_settings(env={"FLEETDECK_ADB_PORT": "eighty"})
    assert "'adb_port'" in str(info.value)
    assert "FLEETDECK_ADB_PORT" in str(info.value)


def test_bad_db_url_error_hides_password() -> None:
    with pytest.raises(UserError) as info:
        load_settings(cli={"db": "mysql://ops:topsecret@"}, env={})
    assert "topsecret" not in str(info.value)
    assert "'db'" in str(info.value)


def test_every_setting_is_declared_with_a_description() -> None:
    infos = declared_settings()
    assert {info.name for info in infos} == set(Settings.model_fields)
    for info in infos:
        assert info.description, info.name
        assert info.env == "FLEETDECK_" + info.name.upper()


def test_adb_port_defaults_to_the_adb_tools_variable(tmp_path: Path) -> None:
    plain, _ = load_settings(env={})
    assert plain.adb_port == 5037
    inherited, sources = load_settings(env={"ANDROID_ADB_SERVER_PORT": "5123"})
    assert inherited.adb_port == 5123
    assert sources["adb_port"] == "ANDROID_ADB_SERVER_PORT"
    # It is only a default: the file, FLEETDECK_ADB_PORT and the command line win.
    config = _write(tmp_path / "f.toml", "adb_port = 6000\n")
    from_file, _ = load_settings(env={"ANDROID_ADB_SERVER_PORT": "5123"}, config_file=config)
    assert from_file.adb_port == 6000
    env = {"ANDROID_ADB_SERVER_PORT": "5123", "FLEETDECK_ADB_PORT": "7000"}
    assert load_settings(env=env)[0].adb_port == 7000


def test_a_bad_adb_tools_variable_is_named(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="'adb_port' from ANDROID_ADB_SERVER_PORT"):
        load_settings(env={"ANDROID_ADB_SERVER_PORT": "adb"})


def test_health_pause_settings_are_range_checked() -> None:
    settings, _ = load_settings(env={}, config_file=None)
    assert (settings.temperature_pause_c, settings.battery_pause_percent) == (45.0, 10)
    with pytest.raises(UserError, match="temperature_pause_c"):
        load_settings(env={"FLEETDECK_TEMPERATURE_PAUSE_C": "120"}, config_file=None)
    # A resume level above 100 % would never be reached.
    env = {"FLEETDECK_BATTERY_PAUSE_PERCENT": "80", "FLEETDECK_HEALTH_RESUME_BATTERY_POINTS": "30"}
    with pytest.raises(UserError, match="health_resume_battery_points"):
        load_settings(env=env, config_file=None)
