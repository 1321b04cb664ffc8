"""A fresh simulated phone: identity, system packages, both simulated apps (SimVideo and
SimChannels), and optionally u2.jar."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import re
from pathlib import Path

from workers.sim.apps import PackageInfo
from workers.sim.clock import SimClock
from workers.sim.health import Health
from workers.sim.phone import Identity, PhoneModel
from workers.sim.simchannels import LABEL as SIMCHANNELS_LABEL
from workers.sim.simchannels import MAIN_ACTIVITY as SIMCHANNELS_ACTIVITY
from workers.sim.simchannels import PACKAGE as SIMCHANNELS_PACKAGE
from workers.sim.simchannels.app import SimChannelsApp
from workers.sim.simchannels.catalog import catalog_for as simchannels_catalog
from workers.sim.simvideo import MAIN_ACTIVITY, PACKAGE
from workers.sim.simvideo.app import SimVideoApp
from workers.sim.simvideo.catalog import catalog_for

U2_JAR_DEVICE_PATH = "/data/local/tmp/u2.jar"
SIMVIDEO_PACKAGE = PACKAGE
SIMVIDEO_ACTIVITY = MAIN_ACTIVITY

SYSTEM_PACKAGES = (
    PackageInfo("com.android.settings", "Settings", system=True, launch_activity=".Settings"),
    PackageInfo("com.android.systemui", "System UI", system=True),
    PackageInfo("com.android.inputmethod.latin", "Keyboard", system=True),
    PackageInfo("com.android.shell", "Shell", system=True),
)


def serial_for(seed: int, index: int) -> str:
    """ro.serialno of phone index (0-based) in a fleet with this seed: SIM-S7-0001."""
    return f"SIM-S{seed}-{index + 1:04d}"


def parse_serial(serial: str) -> tuple[int, int] | None:
    """The (seed, index) of a simulated phone's serial (SIM-S7-0001 -> (7, 0)); None if
    the serial is not a simulated phone's."""
    match = _SERIAL.fullmatch(serial)
    if match is None or int(match["number"]) < 1:
        return None
    return int(match["seed"]), int(match["number"]) - 1


_SERIAL = re.compile(r"SIM-S(?P<seed>\d{1,10})-(?P<number>\d{4,})")


@functools.cache
def u2_jar_bytes() -> bytes:
    """The u2.jar that the installed uiautomator2 pushes (read once, shared by all phones)."""
    spec = importlib.util.find_spec("uiautomator2")
    if spec is None or spec.origin is None:
        raise RuntimeError("uiautomator2 is not installed: cannot preseed u2.jar")
    return (Path(spec.origin).parent / "assets" / "u2.jar").read_bytes()


@functools.cache
def u2_jar_md5() -> str:
    """The md5 of u2_jar_bytes() (computed once instead of once per phone)."""
    return hashlib.md5(u2_jar_bytes(), usedforsecurity=False).hexdigest()


def provision_phone(
    seed: int, index: int, preseed_u2: bool = True, clock: SimClock | None = None
) -> PhoneModel:
    """A phone as it leaves the factory (plus u2.jar when preseed_u2, to skip the push).

    Both simulated apps are installed, each logged in as account index of its own
    catalog of the seed; they show the content at the clock's time (default: frozen
    at the origin).
    """
    identity = Identity(serial=serial_for(seed, index), model=f"SimPhone {index + 1}")
    clock = clock or SimClock()  # one clock: the phone's `date` and both apps' content
    model = PhoneModel(identity=identity, health=Health(seed=seed, index=index), clock=clock)
    for info in SYSTEM_PACKAGES:
        model.packages[info.name] = PackageInfo(**vars(info))
    model.packages[SIMVIDEO_PACKAGE] = PackageInfo(
        SIMVIDEO_PACKAGE,
        "SimVideo",
        version_name="3.2.1",
        version_code=321,
        launch_activity=SIMVIDEO_ACTIVITY,
    )
    catalog = catalog_for(seed)
    model.logins[PACKAGE] = catalog.account(index)
    model.app_factories[PACKAGE] = lambda: SimVideoApp(
        catalog, model.logins, clock, network=model.network
    )
    _install_simchannels(model, seed, index, clock)
    if preseed_u2:
        model.fs.write(U2_JAR_DEVICE_PATH, u2_jar_bytes(), 0o755, md5=u2_jar_md5())
    return model


def _install_simchannels(model: PhoneModel, seed: int, index: int, clock: SimClock) -> None:
    model.packages[SIMCHANNELS_PACKAGE] = PackageInfo(
        SIMCHANNELS_PACKAGE,
        SIMCHANNELS_LABEL,
        version_name="8.0.49",
        version_code=2840,
        launch_activity=SIMCHANNELS_ACTIVITY,
        url_schemes=("simchannels",),
    )
    catalog = simchannels_catalog(seed)
    model.logins[SIMCHANNELS_PACKAGE] = catalog.account(index)
    model.app_factories[SIMCHANNELS_PACKAGE] = lambda: SimChannelsApp(
        catalog, model.logins, clock, network=model.network
    )
