"""The real adb server and adbutils accept the simulated phones: connect, shell, sync, install."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from workers.sim.apk import build_sim_apk

if TYPE_CHECKING:
    from pathlib import Path

    from workers.sim.adb_host import AdbServer
    from workers.sim.fleet import PhoneInfo, SimFleet


def test_adb_devices_lists_every_phone_with_its_model(
    sim_fleet: SimFleet, sim_adb_server: AdbServer
) -> None:
    out = sim_adb_server.run("devices", "-l").stdout
    for info in sim_fleet.phones():
        line = next(ln for ln in out.splitlines() if ln.startswith(info.adb_serial + " "))
        assert " device " in line
        assert f"model:{info.model.replace(' ', '_')}" in line


def test_getprop_reports_the_stable_serial_and_model(sim_fleet: SimFleet, sim_adb: Any) -> None:
    info = sim_fleet.phone(2)
    device = sim_adb.device(info.adb_serial)
    assert device.getprop("ro.serialno") == "SIM-S7-0003" == info.serial
    assert device.getprop("ro.product.model") == "SimPhone 3"
    assert device.getprop("ro.build.version.release") == "13"


def test_shell2_reports_exit_codes_and_output(sim_fleet: SimFleet, sim_adb: Any) -> None:
    device = sim_adb.device(sim_fleet.phone(0).adb_serial)
    assert device.shell2("echo hello; false").returncode == 1
    result = device.shell2("nosuchcommand")
    assert result.returncode == 127
    assert "nosuchcommand: inaccessible or not found" in result.output
    assert device.shell("echo 'a;b' && echo ok || echo no") == "a;b\nok"


def test_window_size_battery_and_current_app(sim_fleet: SimFleet, sim_adb: Any) -> None:
    device = sim_adb.device(sim_fleet.phone(1).adb_serial)
    assert tuple(device.window_size()) == (720, 1280)
    status = sim_fleet.status(1)
    battery = device.battery()
    assert battery.level == status.battery_level
    assert abs(battery.temperature - status.temperature_c) < 0.2
    assert device.is_screen_on() is True


def test_sync_push_stat_list_pull_roundtrip(
    sim_fleet: SimFleet, sim_adb: Any, tmp_path: Path
) -> None:
    device = sim_adb.device(sim_fleet.phone(0).adb_serial)
    payload = bytes(range(256)) * 2000 + "完".encode()  # over one sync chunk and one WRTE
    device.sync.push(payload, "/sdcard/Download/blob.bin", check=True)
    assert device.sync.stat("/sdcard/Download/blob.bin").size == len(payload)
    names = [f.path for f in device.sync.list("/sdcard/Download")]
    assert "blob.bin" in names
    target = tmp_path / "blob.bin"
    device.sync.pull("/sdcard/Download/blob.bin", target)
    assert target.read_bytes() == payload
    digest = hashlib.md5(payload).hexdigest()
    assert device.shell("md5sum /sdcard/Download/blob.bin").startswith(digest)
    assert device.sync.exists("/sdcard/Download/missing.bin") is False


def test_push_to_a_read_only_path_fails(sim_fleet: SimFleet, sim_adb: Any) -> None:
    import adbutils
    import pytest

    device = sim_adb.device(sim_fleet.phone(0).adb_serial)
    with pytest.raises(adbutils.AdbError):
        device.sync.push(b"x", "/system/bin/evil")


def test_adb_cli_push_pull_and_ls(
    sim_phone: PhoneInfo, sim_adb_server: AdbServer, tmp_path: Path
) -> None:
    source = tmp_path / "notes.txt"
    source.write_text("第一行\nsecond line\n", encoding="utf-8")
    pushed = sim_adb_server.run("-s", sim_phone.adb_serial, "push", str(source), "/sdcard/")
    assert pushed.returncode == 0, pushed.stderr
    listing = sim_adb_server.run("-s", sim_phone.adb_serial, "ls", "/sdcard")
    assert "notes.txt" in listing.stdout
    back = tmp_path / "back.txt"
    pulled = sim_adb_server.run("-s", sim_phone.adb_serial, "pull", "/sdcard/notes.txt", str(back))
    assert pulled.returncode == 0, pulled.stderr
    assert back.read_text(encoding="utf-8") == "第一行\nsecond line\n"


def test_install_through_adbutils_and_the_adb_cli(
    sim_phone: PhoneInfo, sim_adb: Any, sim_adb_server: AdbServer, tmp_path: Path
) -> None:
    device = sim_adb.device(sim_phone.adb_serial)
    apk = tmp_path / "demo.apk"
    apk.write_bytes(build_sim_apk("com.example.demo", "Demo", "2.0", 20))
    device.install(str(apk), nolaunch=True, silent=True)
    assert "com.example.demo" in device.list_packages()
    info = device.app_info("com.example.demo")
    assert info.version_name == "2.0"
    assert info.version_code == 20
    other = tmp_path / "other.apk"
    other.write_bytes(build_sim_apk("com.example.other"))
    result = sim_adb_server.run("-s", sim_phone.adb_serial, "install", str(other))
    assert "Success" in result.stdout, result.stdout + result.stderr
    assert "com.example.other" in device.list_packages()
    broken = tmp_path / "broken.apk"
    broken.write_bytes(b"not a zip")
    failed = sim_adb_server.run("-s", sim_phone.adb_serial, "install", str(broken))
    assert "Success" not in failed.stdout
    assert "INSTALL_PARSE_FAILED_NOT_APK" in failed.stdout + failed.stderr


def test_interactive_adb_shell_runs_lines_until_exit(
    sim_fleet: SimFleet, sim_adb_server: AdbServer
) -> None:
    import subprocess

    info = sim_fleet.phone(0)
    result = subprocess.run(
        [sim_adb_server.adb_path, "-P", str(sim_adb_server.port), "-s", info.adb_serial, "shell"],
        input="getprop ro.serialno\nexit\n",
        capture_output=True,
        text=True,
        timeout=20,
        env=sim_adb_server.env(),
        check=False,
    )
    assert info.serial in result.stdout
