"""APKs a simulated phone installs: real ones, and the simulator's own small kind.

A real APK carries a binary AndroidManifest.xml: ``pm install`` reads the package name,
version, launcher activity and input methods from it (``workers/sim/axml.py``), so
uiautomator2's own input-method APK installs as on a phone. Tests and demos also build
APKs with ``build_sim_apk``: a zip whose manifest is a small JSON file. Anything else
fails to install, as a corrupt APK would.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

from workers.sim.apps import PackageInfo
from workers.sim.axml import BadManifest, read_manifest

MANIFEST_NAME = "fleetdeck-sim-manifest.json"
ANDROID_MANIFEST = "AndroidManifest.xml"
_PACKAGE = re.compile(r"^[a-zA-Z][\w]*(\.[a-zA-Z][\w]*)+$")


class BadApk(ValueError):
    """The bytes are not an APK the sim can install; the message names the reason."""


def build_sim_apk(
    package: str,
    label: str | None = None,
    version_name: str = "1.0",
    version_code: int = 1,
    launch_activity: str | None = ".MainActivity",
) -> bytes:
    """An installable sim APK for a package (launch_activity None: not in the launcher)."""
    if not _PACKAGE.match(package):
        raise BadApk(f"package name {package!r} is not a Java package name")
    manifest = {
        "package": package,
        "label": label or package.rsplit(".", 1)[-1],
        "versionName": version_name,
        "versionCode": int(version_code),
        "launchActivity": launch_activity,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST_NAME, json.dumps(manifest))
        archive.writestr("classes.dex", b"dex\n035\0")
    return buffer.getvalue()


def read_sim_apk(data: bytes) -> PackageInfo:
    """The package an APK installs, or BadApk naming why it cannot be installed."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if ANDROID_MANIFEST in names:
                return _real_package(archive.read(ANDROID_MANIFEST))
            manifest = json.loads(archive.read(MANIFEST_NAME))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise BadApk(f"not an APK ({exc})") from None
    package = manifest.get("package")
    if not isinstance(package, str) or not _PACKAGE.match(package):
        raise BadApk("manifest has no valid package name")
    activity = manifest.get("launchActivity")
    return PackageInfo(
        name=package,
        label=str(manifest.get("label") or package),
        version_name=str(manifest.get("versionName") or "1.0"),
        version_code=int(manifest.get("versionCode") or 1),
        launch_activity=activity if isinstance(activity, str) else None,
    )


def _real_package(manifest: bytes) -> PackageInfo:
    try:
        found = read_manifest(manifest)
    except BadManifest as exc:
        raise BadApk(f"unreadable AndroidManifest.xml ({exc})") from None
    if not _PACKAGE.match(found.package):
        raise BadApk(f"package name {found.package!r} is not a Java package name")
    return PackageInfo(
        name=found.package,
        label=found.label or found.package.rsplit(".", 1)[-1],
        version_name=found.version_name or "1.0",
        version_code=found.version_code,
        launch_activity=_short(found.launch_activity, found.package),
        input_methods=tuple(_short(s, found.package) or s for s in found.input_methods),
    )


def _short(name: str | None, package: str) -> str | None:
    """``com.x.Main`` of package ``com.x`` as ``.Main``: how pm and ime write it."""
    if name is None or not name.startswith(package + "."):
        return name
    return name[len(package) :]
