"""Device maintenance flows: health, account detection, launching and installing apps."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from workers.flows.app_screens import (
    APP_START_TIMEOUT,
    SCREEN_TIMEOUT,
    open_app,
    profile_for,
    read_raw,
    tap_ref,
    wait_for,
)
from workers.flows.profile_parts import ITEM
from workers.flows.sdk import (
    DeviceFailure,
    FatalFailure,
    Flow,
    FlowContext,
    FlowItem,
    FlowParams,
    RetryableFailure,
    param,
)


class NoParams(FlowParams):
    """A flow without parameters."""


class HealthItem(FlowItem):
    """A phone's health at one moment."""

    key_field = "serial"
    serial: str
    battery_level: int | None
    battery_temp_c: float | None
    charging: bool | None
    storage_free_mb: int | None
    network: str | None
    screen_on: bool | None


class AppParams(FlowParams):
    """An app, by its profile name or package."""

    app: str = param(
        "simvideo", label="App", help="App profile name (e.g. simvideo) or package name."
    )


class AccountItem(FlowItem):
    """The account found logged in on a phone."""

    key_field = "uid"
    app: str
    uid: str
    name: str


class InstallParams(FlowParams):
    """Parameters of ``app.install``."""

    apk: str = param(label="APK file", help="Path of the APK on this PC.", min_length=1)


def run_health(ctx: FlowContext) -> None:
    """Read the phone's health once and emit it."""
    ctx.step("read health")
    health = ctx.device.health()
    ctx.emit(
        HealthItem(
            serial=ctx.device.serial,
            battery_level=health.battery_level,
            battery_temp_c=health.battery_temp_c,
            charging=health.charging,
            storage_free_mb=health.storage_free_mb,
            network="wifi" if health.network_up else "down",
            screen_on=health.screen_on,
        )
    )


def run_account_detect(ctx: FlowContext) -> None:
    """Open the app's account page, read the account and bind it to this phone."""
    params = cast(AppParams, ctx.params)
    profile = profile_for(ctx, params.app, "account.detect")
    spec = profile.account
    if spec is None:  # the profile's load-time check makes this unreachable
        raise FatalFailure(f"{profile.app} has no account page", code="profile_incomplete")
    open_app(ctx, profile)
    ctx.step("open the account page")
    for ref in spec.open:
        tap_ref(ctx, profile, ref)
    shows_id = profile.resolve(spec.id.selector) if spec.id.selector != ITEM else None
    if shows_id is None:
        raise FatalFailure("account.id must name an element", code="profile_incomplete")
    screen = wait_for(ctx, profile, shows_id, "the account page", SCREEN_TIMEOUT)
    uid = (read_raw(profile, screen, spec.id) or "").strip()
    name = (read_raw(profile, screen, spec.name) or "").strip()
    if not uid:
        raise RetryableFailure("the account page shows no account id", code="ui_not_found")
    ctx.bind_account(profile.app, uid, name)
    ctx.emit(AccountItem(app=profile.app, uid=uid, name=name))


def run_app_launch(ctx: FlowContext) -> None:
    """Start an app, wait until it is in front, and keep a screenshot of it."""
    params = cast(AppParams, ctx.params)
    profile = ctx.app_profile(params.app) if "." not in params.app else None
    package = profile.package if profile else params.app
    ctx.step(f"start {package}")
    if not ctx.device.app_installed(package):
        raise DeviceFailure(f"{package} is not installed", code="app_not_installed")
    ctx.device.app_start(package, timeout=APP_START_TIMEOUT)
    ctx.step("take a screenshot")
    artifact = ctx.save_artifact("screenshot", ctx.device.screenshot_png())
    ctx.log(f"{package} is in front; screenshot kept as artifact {artifact}")


def run_app_install(ctx: FlowContext) -> None:
    """Install an APK from this PC on the phone."""
    params = cast(InstallParams, ctx.params)
    apk = Path(params.apk).expanduser()
    if not apk.is_file():
        raise FatalFailure(f"no APK at {apk} on this PC", code="apk_missing")
    ctx.step(f"install {apk.name}")
    ctx.device.install(apk)
    ctx.log(f"installed {apk.name}")


FLOWS = [
    Flow(
        "device.health",
        "Read battery, temperature, storage, network and screen.",
        NoParams,
        HealthItem,
        run_health,
    ),
    Flow(
        "account.detect",
        "Read the logged-in account and bind it to the phone.",
        AppParams,
        AccountItem,
        run_account_detect,
    ),
    Flow(
        "app.launch",
        "Start an app, wait until it is in front, take a screenshot.",
        AppParams,
        None,
        run_app_launch,
    ),
    Flow(
        "app.install",
        "Install an APK from this PC on the phone.",
        InstallParams,
        None,
        run_app_install,
    ),
]
