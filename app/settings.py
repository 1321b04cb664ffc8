"""The one declared settings schema, and its loader.

Every option is declared once below (name, type, default, description). Values come
from, in rising precedence: the defaults, the TOML file in the user config dir,
``FLEETDECK_<NAME>`` environment variables, and the command line.

When adding an option: declare it here with a description; nothing else reads files
or the environment for configuration.
"""

from __future__ import annotations

import os
import socket
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import platformdirs
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)

from app.errors import UserError
from app.time_zones import zone_named
from db.tls import DbTls
from db.urls import BadDatabaseURL, mask_in_text, parse_db_url, sqlite_url_for

if TYPE_CHECKING:
    from collections.abc import Mapping

APP_NAME = "fleetdeck"
ENV_PREFIX = "FLEETDECK_"
CONFIG_ENV = "FLEETDECK_CONFIG"  # path of the TOML file, overriding the default place
# Settings whose default comes from another tool's environment variable when it is set;
# the file, FLEETDECK_<NAME> and the command line still override them.
INHERITED_DEFAULTS = {"adb_port": "ANDROID_ADB_SERVER_PORT"}


def default_config_file() -> Path:
    """Where the settings file lives unless FLEETDECK_CONFIG or --config says otherwise."""
    return Path(platformdirs.user_config_dir(APP_NAME)) / "fleetdeck.toml"


class Settings(BaseModel):
    """Every FleetDeck option. Read-only once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    data_dir: Path = Field(
        default_factory=lambda: Path(platformdirs.user_data_dir(APP_NAME)),
        description="Folder for the embedded SQLite database and artifacts.",
    )
    db: str = Field(
        default="",
        description=(
            "Database URL: sqlite:///PATH for one PC, mysql://USER:PASSWORD@HOST:PORT/DB "
            "for a shared pool. Empty: the SQLite file fleetdeck.db in data_dir."
        ),
    )
    db_tls: Literal["off", "required", "verify-ca", "verify-identity"] = Field(
        default="off",
        description="TLS on the link to a MySQL server: off; required (encrypted, or "
        "refused); verify-ca (and the server's certificate signed by db_tls_ca); "
        "verify-identity (and naming the URL's host). Not used with SQLite.",
    )
    db_tls_ca: Path | None = Field(
        default=None,
        description="PEM file of the CA that signed the MySQL server's certificate "
        "(needed by verify-ca and verify-identity).",
    )
    db_tls_cert: Path | None = Field(
        default=None,
        description="PEM client certificate this PC shows the MySQL server (for accounts "
        "that REQUIRE X509); needs db_tls_key.",
    )
    db_tls_key: Path | None = Field(
        default=None, description="PEM private key of db_tls_cert (keep it mode 0600)."
    )
    artifacts_dir: Path | None = Field(
        default=None,
        description="Folder of the local artifact store and this PC's upload spool "
        "(default: data_dir/artifacts, next to the database).",
    )
    artifact_store: Literal["auto", "local", "db", "s3"] = Field(
        default="auto",
        description="Where failure evidence is kept: local (a folder of this PC), db "
        "(the pool database), s3 (an S3-compatible object store); auto: local with "
        "the embedded SQLite, db with MySQL.",
    )
    artifact_retention_days: float = Field(
        default=30.0,
        ge=0,
        le=36500,
        description="Artifacts older than this are deleted (records stay); 0 keeps them.",
    )
    s3_endpoint: str = Field(
        default="",
        description="S3 endpoint URL, e.g. https://oss-cn-hangzhou.aliyuncs.com "
        "(empty: AWS by region).",
    )
    s3_bucket: str = Field(default="", description="S3 bucket for artifacts.")
    s3_prefix: str = Field(default="fleetdeck/", description="Key prefix inside the bucket.")
    s3_region: str = Field(default="", description="S3 region (empty: the endpoint's).")
    s3_access_key: str = Field(
        default="",
        description="S3 access key id (empty: boto3's chain, e.g. AWS_ACCESS_KEY_ID).",
    )
    s3_secret_key: SecretStr = Field(
        default=SecretStr(""),
        description="S3 secret key (never printed; empty: boto3's chain).",
    )
    flows_dir: Path = Field(
        default_factory=lambda: Path(platformdirs.user_config_dir(APP_NAME)) / "flows",
        description="Your own YAML flows (besides the built-in ones).",
    )
    profiles_dir: Path = Field(
        default_factory=lambda: Path(platformdirs.user_config_dir(APP_NAME)) / "profiles",
        description="Your own app profiles (they override built-in ones of the same name).",
    )
    log_dir: Path = Field(
        default_factory=lambda: Path(platformdirs.user_log_dir(APP_NAME)),
        description="Folder of the process log fleetdeck.log (rotated at 5 MB, 5 kept).",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="Least severe log level written."
    )
    host_name: str = Field(
        default_factory=socket.gethostname,
        min_length=1,
        max_length=128,
        description="This PC's name in the hosts table and on every record.",
    )
    adb_path: str = Field(
        default="",
        description="adb binary to use; empty: the one bundled with adbutils.",
    )
    adb_port: int = Field(
        default=5037,
        ge=1024,
        le=65535,
        description="Port of this PC's adb server (default: ANDROID_ADB_SERVER_PORT, the "
        "variable every adb tool honours, when it is set; else 5037).",
    )
    drain_after_device_failures: int = Field(
        default=3,
        ge=0,
        le=1000,
        description="Device-class failures of a phone's account (restricted, not logged "
        "in, app missing), across batches, before the pool drains the phone and raises it "
        "to the operator; 0 never drains. Resuming the phone starts the count again.",
    )
    failure_frames: bool = Field(
        default=True,
        description="While an attempt runs, keep a few screen frames a second at thumbnail "
        "size; when it fails, store its last ~10 seconds as an animated WebP (kind frames).",
    )
    alert_offline_minutes: float = Field(
        default=10.0,
        ge=0,
        le=10_080,
        description="Raise an alert when a phone has been offline or unauthorized this "
        "long (minutes; 0: never).",
    )
    alert_store_minutes: float = Field(
        default=15.0,
        ge=0,
        le=10_080,
        description="Raise an alert when the artifact store has accepted no upload for "
        "this long while evidence waits (minutes; 0: never).",
    )
    alert_sound: bool = Field(
        default=False, description="The console beeps when a new alert arrives."
    )
    heartbeat_seconds: float = Field(
        default=5.0, gt=0, le=60, description="How often a host renews its heartbeat and leases."
    )
    thumbnail_interval_ms: int = Field(
        default=1000, ge=100, le=60_000, description="Phone grid refresh interval per tile."
    )
    battery_warn_percent: int = Field(
        default=20, ge=0, le=100, description="Battery level below which a tile warns."
    )
    temperature_warn_c: float = Field(
        default=42.0, ge=0, le=100, description="Battery temperature above which a tile warns."
    )
    temperature_pause_c: float = Field(
        default=45.0,
        ge=30,
        le=80,
        description="Battery temperature above which a phone takes no new work (a running "
        "attempt finishes); it takes work again once health_resume_cooler_c cooler.",
    )
    battery_pause_percent: int = Field(
        default=10,
        ge=0,
        le=90,
        description="Battery level below which a phone takes no new work (0: never "
        "pauses); it takes work again once health_resume_battery_points higher.",
    )
    health_resume_cooler_c: float = Field(
        default=3.0,
        ge=0.5,
        le=20,
        description="Hysteresis: degrees below temperature_pause_c a hot phone must cool "
        "to before it takes work again.",
    )
    health_resume_battery_points: int = Field(
        default=5,
        ge=1,
        le=50,
        description="Hysteresis: percentage points above battery_pause_percent a phone "
        "must charge to before it takes work again.",
    )
    time_zone: str = Field(
        default="",
        description="Time zone of the dates in Excel exports, an IANA name such as "
        "Asia/Shanghai; empty: this PC's zone.",
    )

    @model_validator(mode="after")
    def _reachable_battery_resume(self) -> Settings:
        # A resume level above 100 % would keep a low phone paused for ever.
        if self.battery_pause_percent + self.health_resume_battery_points > 100:
            raise ValueError(
                "battery_pause_percent + health_resume_battery_points must be at most 100"
            )
        return self

    @field_validator("time_zone")
    @classmethod
    def _known_time_zone(cls, value: str) -> str:
        value = value.strip()
        if value:
            zone_named(value)
        return value

    # The same words as ui.i18n.CHOICES (app may not make settings depend on Qt).
    language: Literal["auto", "zh_CN", "en"] = Field(
        default="auto",
        description="Console language: auto (the system's: zh_* is Chinese, else English), "
        "zh_CN or en. When auto, the Language menu's last choice applies.",
    )

    api_dir: Path = Field(
        default_factory=lambda: Path(platformdirs.user_config_dir(APP_NAME)) / "api",
        description="Folder of the API's TLS certificate and key and of the key that "
        "encrypts the callback signing secret (kept out of the database; mode 0600).",
    )
    api_rate_per_minute: int = Field(
        default=600, ge=1, le=1_000_000, description="API calls one token may make a minute."
    )

    @field_validator("db")
    @classmethod
    def _valid_db_url(cls, value: str) -> str:
        if value:
            try:
                parse_db_url(value)
            except BadDatabaseURL as exc:
                raise ValueError(str(exc)) from None
        return value

    @field_validator("db_tls_ca", "db_tls_cert", "db_tls_key")
    @classmethod
    def _readable_file(cls, value: Path | None) -> Path | None:
        if value is None or str(value) == "":
            return None
        value = value.expanduser()
        if not value.is_file():
            raise ValueError(f"no such file: {value}")
        return value

    @model_validator(mode="after")
    def _tls_complete(self) -> Settings:
        if self.db_tls in ("verify-ca", "verify-identity") and self.db_tls_ca is None:
            raise ValueError(f"db_tls = {self.db_tls} needs db_tls_ca (the CA's PEM file)")
        if (self.db_tls_cert is None) != (self.db_tls_key is None):
            raise ValueError("db_tls_cert and db_tls_key go together: give both or neither")
        if self.db_tls == "off" and (self.db_tls_ca or self.db_tls_cert):
            raise ValueError("db_tls_ca, db_tls_cert and db_tls_key need db_tls turned on")
        return self

    @property
    def db_tls_options(self) -> DbTls:
        """The TLS settings as the engine takes them."""
        return DbTls(self.db_tls, self.db_tls_ca, self.db_tls_cert, self.db_tls_key)

    @property
    def db_url(self) -> str:
        """The database URL in effect (the embedded SQLite file when none is set)."""
        return self.db or sqlite_url_for(self.data_dir / "fleetdeck.db")

    @field_validator("s3_endpoint")
    @classmethod
    def _valid_endpoint(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("expected an http:// or https:// URL")
        return value

    @property
    def artifacts_path(self) -> Path:
        """The folder in effect for attempt artifacts."""
        return self.artifacts_dir or self.data_dir / "artifacts"

    @property
    def log_file(self) -> Path:
        """The process log in effect (stderr gets the same lines)."""
        return self.log_dir / "fleetdeck.log"

    @property
    def artifact_backend(self) -> str:
        """The artifact store in effect: ``auto`` resolved by the database kind."""
        if self.artifact_store != "auto":
            return self.artifact_store
        return "local" if self.db_url.startswith("sqlite") else "db"


@dataclass(frozen=True)
class SettingInfo:
    """One declared option, as documented to the operator."""

    name: str
    type: str
    default: str
    description: str
    env: str


def declared_settings() -> list[SettingInfo]:
    """The schema, for ``config`` listings and the README."""
    infos = []
    for name, field in Settings.model_fields.items():
        default = "" if field.default_factory is not None else repr(field.default)
        annotation = field.annotation
        type_name = getattr(annotation, "__name__", None) or str(annotation)
        infos.append(
            SettingInfo(
                name=name,
                type=type_name.replace("typing.", ""),
                default=default or "(computed)",
                description=field.description or "",
                env=ENV_PREFIX + name.upper(),
            )
        )
    return infos


def load_settings(
    cli: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    config_file: Path | None = None,
) -> tuple[Settings, dict[str, str]]:
    """Merge defaults, file, environment and command line; return settings and sources.

    Raises UserError naming the source and field of any bad value.
    """
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    path = config_file or (Path(env[CONFIG_ENV]) if env.get(CONFIG_ENV) else None)
    explicit_file = path is not None
    path = path or default_config_file()
    for name, variable in INHERITED_DEFAULTS.items():
        if env.get(variable, "") != "":
            values[name] = env[variable]
            sources[name] = variable
    if path.exists():
        for key, value in _read_toml(path).items():
            values[key] = value
            sources[key] = str(path)
    elif explicit_file:
        raise UserError(f"settings file {path} does not exist")
    for name in Settings.model_fields:
        env_name = ENV_PREFIX + name.upper()
        if env.get(env_name, "") != "":
            values[name] = env[env_name]
            sources[name] = env_name
    for name, value in (cli or {}).items():
        if value is not None:
            values[name] = value
            sources[name] = "command line"
    try:
        settings = Settings.model_validate(values)
    except ValidationError as exc:
        raise UserError(_describe(exc, sources)) from None
    return settings, sources


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read settings file {path}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UserError(f"settings file {path} is not valid TOML: {exc}") from None
    unknown = sorted(set(data) - set(Settings.model_fields))
    if unknown:
        raise UserError(
            f"settings file {path}: unknown setting {unknown[0]!r} "
            f"(known: {', '.join(Settings.model_fields)})"
        )
    return data


def _describe(exc: ValidationError, sources: Mapping[str, str]) -> str:
    error = exc.errors()[0]
    message = error["msg"].removeprefix("Value error, ")
    if not error["loc"]:  # a rule across settings: its message names them
        return mask_in_text(f"settings: {message}")
    field = ".".join(str(part) for part in error["loc"])
    source = sources.get(str(error["loc"][0]), "defaults")
    return mask_in_text(f"setting {field!r} from {source}: {message}")
