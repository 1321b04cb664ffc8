"""Device maintenance flows: health, account detection, launching and installing apps."""

from __future__ import annotations

from workers.flows.sdk import Flow, FlowContext, FlowItem, FlowParams, param


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


def _pending(ctx: FlowContext) -> None:
    raise NotImplementedError("device flows land with the flow runtime (issue 5)")


FLOWS = [
    Flow(
        "device.health",
        "Read battery, temperature, storage, network and screen.",
        NoParams,
        HealthItem,
        _pending,
    ),
    Flow(
        "account.detect",
        "Read the logged-in account and bind it to the phone.",
        AppParams,
        AccountItem,
        _pending,
    ),
    Flow(
        "app.launch",
        "Start an app, wait until it is in front, take a screenshot.",
        AppParams,
        None,
        _pending,
    ),
    Flow("app.install", "Install an APK from this PC on the phone.", InstallParams, None, _pending),
]
