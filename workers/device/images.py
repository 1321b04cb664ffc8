"""Screen image conversions on this PC (Pillow): PNG or JPEG in, scaled JPEG or PNG out."""

from __future__ import annotations

import io

from PIL import Image, UnidentifiedImageError

from workers.device.errors import DeviceError, ErrorCode

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"


def scaled_size(width: int, height: int, scale: float) -> tuple[int, int]:
    """The size of a screen of width x height scaled by ``scale`` (at least 1x1)."""
    return max(1, round(width * scale)), max(1, round(height * scale))


def open_image(data: bytes, what: str) -> Image.Image:
    """Decode image bytes; DeviceError(u2_unavailable) when they are not an image."""
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError) as exc:
        raise DeviceError(
            ErrorCode.U2_UNAVAILABLE, f"{what} is not an image ({len(data)} bytes): {exc}"
        ) from exc
    return image


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height from an image's header (without decoding its pixels)."""
    with Image.open(io.BytesIO(data)) as image:
        return image.size


def to_jpeg(image: Image.Image, quality: int, scale: float = 1.0) -> bytes:
    """Encode as JPEG, scaled by ``scale``."""
    if scale != 1.0:
        image = image.resize(
            scaled_size(image.width, image.height, scale), Image.Resampling.BILINEAR
        )
    if image.mode != "RGB":
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality)
    return out.getvalue()


def to_png(image: Image.Image) -> bytes:
    """Encode as PNG."""
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
