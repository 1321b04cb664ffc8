"""Draw a phone's UI tree with Pillow, and encode frames as JPEG or PNG.

Rendering is a pure function of an immutable snapshot (windows, size, screen on), so it
runs in a worker thread while the phone's event loop keeps serving other requests.
"""

from __future__ import annotations

import functools
import io
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw, ImageFont

if TYPE_CHECKING:
    from workers.sim.uitree import Node, Style

log = logging.getLogger(__name__)

# fonts-wqy-microhei (installed by scripts/setup.sh) renders Chinese; the others are
# fallbacks that still draw Latin text when it is missing.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)
PADDING = 16
HINT_COLOR = "#9aa0a6"

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@functools.cache
def font_path() -> str | None:
    """The first installed font of FONT_CANDIDATES, or None for Pillow's built-in one."""
    for candidate in FONT_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    log.warning("no CJK font found (install fonts-wqy-microhei); Chinese text will not render")
    return None


@functools.cache
def font(size: int) -> Font:
    """The UI font at a pixel size (cached: loading a .ttc costs milliseconds)."""
    path = font_path()
    if path is None:
        return ImageFont.load_default(size)
    return ImageFont.truetype(path, size)


def char_width(char: str, size: int) -> float:
    """A cheap width estimate: wide (CJK, emoji) characters are square, others narrower."""
    return size if ord(char) >= 0x2E80 else size * 0.56


def wrap(text: str, size: int, width: int, max_lines: int) -> list[str]:
    """Split text into at most max_lines lines that fit width; the last one ends in '…'."""
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for char in text.replace("\n", " "):
        step = char_width(char, size)
        if used + step > width and current:
            lines.append("".join(current))
            if len(lines) == max_lines:
                lines[-1] = lines[-1][:-1] + "…"
                return lines
            current, used = [], 0.0
        current.append(char)
        used += step
    if current:
        lines.append("".join(current))
    return lines


# A mask is at most a screen-wide line (~30 KB): 2048 of them bound the cache to tens of MB.
@functools.lru_cache(maxsize=2048)
def text_mask(line: str, size: int, bold: bool) -> Image.Image:
    """The line's glyphs as an 'L' mask (cached: list rows repeat as they scroll by)."""
    face = font(size)
    left, top, right, bottom = face.getbbox(line)
    mask = Image.new("L", (max(1, int(right) + 2), max(1, int(bottom) + 2)))
    draw = ImageDraw.Draw(mask)
    draw.text((0, 0), line, fill=255, font=face)
    if bold:
        draw.text((1, 0), line, fill=255, font=face)
    return mask


def _draw_text(image: Image.Image, node: Node, style: Style) -> None:
    text = node.text or style.hint
    if not text:
        return
    color = style.fg if node.text else HINT_COLOR
    left, top, right, bottom = node.bounds
    inner = max(1, right - left - 2 * PADDING)
    lines = wrap(text, style.size, inner, max(1, style.lines))
    line_height = int(style.size * 1.3)
    y = top + max(0, (bottom - top - line_height * len(lines)) // 2)
    for line in lines:
        if y + style.size > bottom:
            break  # the node clips what does not fit, as a TextView would
        width = sum(char_width(c, style.size) for c in line)
        if style.align == "center":
            x = left + (right - left - width) / 2
        elif style.align == "right":
            x = right - PADDING - width
        else:
            x = left + PADDING
        image.paste(color, (int(x), int(y)), text_mask(line, style.size, style.bold))
        y += line_height


def render(windows: list[Node], size: tuple[int, int], screen_on: bool) -> Image.Image:
    """The screen as an RGB image: black when off, else every styled node drawn in order."""
    image = Image.new("RGB", size, "black" if not screen_on else "white")
    if not screen_on:
        return image
    draw = ImageDraw.Draw(image)
    for root in windows:
        for node in root.walk():
            style = node.style
            if style is None:
                continue
            if style.bg or style.border:
                draw.rectangle(node.bounds, fill=style.bg, outline=style.border, width=2)
            _draw_text(image, node, style)
    return image


def jpeg(image: Image.Image, scale: float = 1.0, quality: int = 80) -> bytes:
    """JPEG bytes of the image, scaled (0 < scale <= 1) first."""
    if 0 < scale < 1:
        width = max(1, round(image.width * scale))
        height = max(1, round(image.height * scale))
        factor = round(1 / scale)
        if abs(1 / scale - factor) < 1e-6 and image.width % factor == image.height % factor == 0:
            image = image.reduce(factor)  # box filter: the cheap path for 1/2, 1/4, ...
        else:
            image = image.resize((width, height), Image.Resampling.BILINEAR)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=max(1, min(100, int(quality))))
    return buffer.getvalue()


def encode_frame(
    windows: list[Node],
    size: tuple[int, int],
    screen_on: bool,
    kind: str,
    scale: float,
    quality: int,
) -> bytes:
    """Render and encode in one step: 'png' (screencap) or 'jpeg' (scaled, quality)."""
    image = render(windows, size, screen_on)
    return png(image) if kind == "png" else jpeg(image, scale, quality)


def png(image: Image.Image) -> bytes:
    """PNG bytes of the image (fast compression: screencap output is read once)."""
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()
