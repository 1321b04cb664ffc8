"""The simulator's APK format: a zip whose manifest is a small JSON file.

Real APKs carry a binary AndroidManifest.xml; the sim only needs the package name, label,
version and launch activity, so tests and demos build APKs with ``build_sim_apk`` and
``pm install`` reads them back. Anything else fails to install, as a corrupt APK would.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

from workers.sim.apps import PackageInfo

MANIFEST_NAME = "fleetdeck-sim-manifest.json"
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
            manifest = json.loads(archive.read(MANIFEST_NAME))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise BadApk(f"not a sim APK ({exc})") from None
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
