"""The mini shell: parsing as /system/bin/sh would, and the commands adbutils and u2 parse."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from workers.sim.apk import build_sim_apk
from workers.sim.provision import u2_jar_md5
from workers.sim.shell import lex, parse

if TYPE_CHECKING:
    from tests.unit.sim.conftest import OfflineHost


def test_lexer_keeps_quoted_operators_as_words() -> None:
    tokens = lex("echo 'a;b' \"c && d\" e\\;f; true")
    assert [t.value for t in tokens] == ["echo", "a;b", "c && d", "e;f", ";", "true"]
    assert [t.op for t in tokens] == [False, False, False, False, True, False]


def test_parse_drops_stderr_and_input_redirects() -> None:
    steps = parse("rm -f /x </dev/null 2>/dev/null; ls 2>&1 | grep a > /sdcard/o")
    assert steps[0].commands == [["rm", "-f", "/x"]]
    assert steps[1].commands == [["ls"], ["grep", "a"]]
    assert steps[1].output == "/sdcard/o"


@pytest.mark.parametrize(
    ("line", "output", "status"),
    [
        ("echo hi; echo X4EXIT:$?", "hi\nX4EXIT:0\n", 0),
        ("false; echo X4EXIT:$?", "X4EXIT:1\n", 0),
        ("false && echo no || echo yes", "yes\n", 0),
        ("true && echo yes", "yes\n", 0),
        ("CLASSPATH=/x toybox echo ok", "ok\n", 0),
        ("exit 3; echo never", "", 3),
        ("echo 'unterminated", "/system/bin/sh: syntax error: unterminated '\n", 2),
        ("nosuch --x", "/system/bin/sh: nosuch: inaccessible or not found\n", 127),
    ],
)
def test_shell_lines(host: OfflineHost, line: str, output: str, status: int) -> None:
    assert host.sh(line) == (output, status)


def test_getprop_and_wm(host: OfflineHost) -> None:
    assert host.sh("getprop ro.serialno")[0] == "SIM-S7-0001\n"
    assert host.sh("getprop no.such.prop")[0] == "\n"
    assert "[ro.product.model]: [SimPhone 1]" in host.sh("getprop")[0]
    assert host.sh("wm size")[0] == "Physical size: 720x1280\n"
    display = host.sh("dumpsys display")[0]
    first = re.search(r".*?orientation=(\d+)", display)
    assert first is not None
    assert first.group(1) == "0"


def test_md5sum_matches_the_stored_jar(host: OfflineHost) -> None:
    out, status = host.sh("toybox md5sum /data/local/tmp/u2.jar")
    assert status == 0
    assert out == f"{u2_jar_md5()}  /data/local/tmp/u2.jar\n"
    assert host.sh("md5sum /nope")[1] == 1


def test_files_mkdir_ls_rm_and_redirect(host: OfflineHost) -> None:
    assert host.sh("mkdir -p /sdcard/a/b && echo hi > /sdcard/a/b/f.txt")[1] == 0
    assert host.sh("cat /sdcard/a/b/f.txt")[0] == "hi\n"
    assert host.sh("ls /sdcard/a/b")[0] == "f.txt\n"
    assert host.sh("rm -r /sdcard/a")[1] == 0
    assert host.sh("ls /sdcard/a")[1] == 1
    assert "Read-only file system" in host.sh("echo x > /system/x")[0]


def test_pm_install_list_path_uninstall(host: OfflineHost) -> None:
    host.model.fs.write("/data/local/tmp/demo.apk", build_sim_apk("com.example.demo", "Demo"))
    assert host.sh("pm install -r -t /data/local/tmp/demo.apk")[0] == "Success\n"
    assert "package:com.example.demo\n" in host.sh("pm list packages -3")[0]
    assert host.sh("pm path com.example.demo")[0].startswith("package:/data/app/")
    assert host.sh("monkey -p com.example.demo -c android.intent.category.LAUNCHER 1")[1] == 0
    assert "mCurrentFocus=Window{1a2b3c u0 com.example.demo/" in host.sh("dumpsys window")[0]
    assert host.sh("pm uninstall com.example.demo")[0] == "Success\n"
    assert host.sh("pm path com.example.demo")[1] == 1
    assert host.sh("monkey -p com.example.demo 1")[1] == 252


def test_am_start_force_stop_and_ps(host: OfflineHost) -> None:
    cmd = "am start -n com.fleetdeck.simvideo/.MainActivity"
    assert host.sh(cmd)[0].startswith("Starting: Intent")
    rows = host.sh("ps -A")[0].splitlines()
    app = [r for r in rows if r.endswith("com.fleetdeck.simvideo")]
    assert len(app) == 1
    assert len(app[0].split()) >= 9
    host.sh("am force-stop com.fleetdeck.simvideo")
    assert "com.android.launcher3/" in host.sh("dumpsys activity top")[0]
    assert host.sh("am start -n com.fleetdeck.simvideo/.Nope")[1] == 1


def test_battery_and_df_follow_the_health_model(host: OfflineHost) -> None:
    host.model.health.battery_override = 17
    host.model.health.temperature_override = 41.5
    host.model.health.storage_free_override = 1234
    battery = host.sh("dumpsys battery")[0]
    assert "  level: 17\n" in battery
    assert "  temperature: 415\n" in battery
    data_row = host.sh("df /data")[0].splitlines()[1].split()
    assert data_row[-1] == "/data"
    assert int(data_row[3]) == 1234 * 1024


def test_input_and_screen_power(host: OfflineHost) -> None:
    host.sh("input keyevent KEYCODE_POWER")
    assert host.model.screen_on is False
    assert "mHoldingDisplaySuspendBlocker=false" in host.sh("dumpsys power")[0]
    host.sh("input keyevent 224")
    assert host.model.screen_on is True


def test_uiautomator_dump_and_screencap(host: OfflineHost) -> None:
    out, status = host.sh("rm -f /data/local/tmp/u.xml; uiautomator dump /data/local/tmp/u.xml")
    assert status == 0
    assert "dumped to: /data/local/tmp/u.xml" in out
    dumped = host.model.fs.get("/data/local/tmp/u.xml")
    assert dumped is not None
    assert dumped.data.startswith(b"<?xml")
    assert host.sh("screencap -p /sdcard/s.png")[1] == 0
    shot = host.model.fs.get("/sdcard/s.png")
    assert shot is not None
    assert shot.data.startswith(b"\x89PNG")


def test_reboot_is_requested(host: OfflineHost) -> None:
    host.sh("reboot")
    assert host.reboots == 1
