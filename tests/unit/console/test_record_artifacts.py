"""An attempt's evidence files as the details pane gets them: decoded, bounded, never fatal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QImage

from app.controllers.record_artifacts import (
    read_artifacts,
    read_hierarchy,
    read_log_tail,
    read_screenshot,
)

if TYPE_CHECKING:
    from pathlib import Path


def png(path: Path, width: int, height: int, colour: str = "#27ae60") -> str:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    assert image.save(str(path))
    return str(path)


def test_a_tall_screenshot_is_decoded_scaled_to_the_pane(tmp_path: Path) -> None:
    image = read_screenshot(png(tmp_path / "f.png", 1080, 2400), max_height=640)
    assert image is not None
    assert (image.width(), image.height()) == (288, 640)  # the phone's proportions kept
    assert image.pixelColor(100, 300) == QColor("#27ae60")


def test_a_small_screenshot_keeps_its_size(tmp_path: Path) -> None:
    image = read_screenshot(png(tmp_path / "f.png", 90, 200), max_height=640)
    assert image is not None
    assert (image.width(), image.height()) == (90, 200)


def test_unreadable_screenshots_give_none(tmp_path: Path) -> None:
    (tmp_path / "broken.png").write_bytes(b"\x89PNG not really")
    assert read_screenshot(str(tmp_path / "broken.png")) is None
    assert read_screenshot(str(tmp_path / "missing.png")) is None
    assert read_screenshot(str(tmp_path)) is None  # a folder
    assert read_screenshot(None) is None
    assert read_screenshot("") is None


def test_the_log_keeps_its_last_lines_and_says_when_it_was_cut(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    log.write_text("".join(f"步骤 {i}\n" for i in range(10)), "utf-8")
    assert read_log_tail(str(log)) == tuple(f"步骤 {i}" for i in range(10))
    cut = read_log_tail(str(log), max_lines=3)
    assert cut[1:] == ("步骤 7", "步骤 8", "步骤 9")
    assert cut[0].startswith("… earlier lines not shown")


def test_a_huge_log_is_read_from_its_end_only(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    log.write_text("".join(f"line {i:06d}\n" for i in range(100_000)), "utf-8")
    lines = read_log_tail(str(log), max_bytes=1200)
    assert lines[-1] == "line 099999"
    assert all(line.startswith("line ") for line in lines[1:])  # no partial first line
    assert len(lines) < 120


def test_a_log_that_is_not_utf8_is_still_shown(tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    log.write_bytes(b"ok\n\xff\xfe broken bytes\n")
    assert read_log_tail(str(log)) == ("ok", "\ufffd\ufffd broken bytes")


def test_a_long_hierarchy_is_shortened_with_a_note(tmp_path: Path) -> None:
    dump = tmp_path / "hierarchy.xml"
    dump.write_text("<node/>" * 1000, "utf-8")
    assert read_hierarchy(str(dump)) == "<node/>" * 1000
    text = read_hierarchy(str(dump), max_chars=70)
    assert text.startswith("<node/>" * 10)
    assert text.endswith("… shortened: the first 70 characters of 6 KB")


def test_missing_files_give_empty_artifacts(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    found = read_artifacts(str(gone / "a.png"), str(gone / "h.xml"), str(gone / "log.txt"))
    assert (found.screenshot, found.hierarchy, found.log_lines) == (None, "", ())
