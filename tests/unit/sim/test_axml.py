"""The binary-manifest reader on uiautomator2's real APK and on damaged bytes."""

from __future__ import annotations

import io
import zipfile
from importlib import resources

import pytest

from workers.sim.apk import BadApk, read_sim_apk
from workers.sim.axml import BadManifest, read_manifest


def _u2_manifest() -> bytes:
    apk = resources.files("uiautomator2") / "assets" / "app-uiautomator.apk"
    with zipfile.ZipFile(str(apk)) as archive:
        return archive.read("AndroidManifest.xml")


def test_uiautomators_manifest_gives_its_package_version_launcher_and_keyboard() -> None:
    manifest = read_manifest(_u2_manifest())
    assert (manifest.package, manifest.version_code, manifest.version_name) == (
        "com.github.uiautomator",
        2004001,
        "2.4.0",
    )
    assert manifest.launch_activity == "com.github.uiautomator.MainActivity"
    assert manifest.input_methods == ("com.github.uiautomator.AdbKeyboard",)


def test_the_package_manager_writes_names_short_as_pm_and_ime_do() -> None:
    apk = resources.files("uiautomator2") / "assets" / "app-uiautomator.apk"
    info = read_sim_apk(apk.read_bytes())
    assert (info.launch_activity, info.ime_ids) == (
        ".MainActivity",
        ["com.github.uiautomator/.AdbKeyboard"],
    )


@pytest.mark.parametrize(
    "data",
    [b"", b"\x03\x00\x08\x00", b"<manifest/>", _u2_manifest()[:200], b"\x01\x00" * 40],
    ids=["empty", "header only", "text XML", "truncated", "string pool kind"],
)
def test_damaged_bytes_are_refused_with_a_reason(data: bytes) -> None:
    with pytest.raises(BadManifest):
        read_manifest(data)


def test_an_apk_with_a_damaged_manifest_fails_to_install() -> None:
    broken = _u2_manifest()[:300]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("AndroidManifest.xml", broken)
    with pytest.raises(BadApk, match="AndroidManifest.xml"):
        read_sim_apk(buffer.getvalue())
