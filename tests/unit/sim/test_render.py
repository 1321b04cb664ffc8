"""The pixels come from the same tree: what a node's bounds show on the rendered screen."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from PIL import Image, ImageChops

from workers.sim import render, selector
from workers.sim.simvideo import PACKAGE, rid

if TYPE_CHECKING:
    from workers.sim.phone import PhoneModel

BRAND = (254, 44, 85)


def screen(model: PhoneModel) -> Image.Image:
    return render.render(model.windows(), model.size, model.screen_on)


def region(image: Image.Image, model: PhoneModel, name: str) -> Image.Image:
    node = selector.find_first(model.windows(), {"resourceId": rid(name)})
    assert node is not None, name
    return image.crop(node.bounds)


def test_a_cjk_font_is_installed_and_used() -> None:
    path = render.font_path()
    assert path is not None
    assert "wqy" in path
    glyph = render.font(28).getmask("搜")
    assert glyph.getbbox() is not None  # the glyph has ink, not an empty box


def test_buttons_are_drawn_where_the_tree_puts_them(phone_model: PhoneModel) -> None:
    phone_model.launch(PACKAGE)
    image = screen(phone_model)
    button = region(image, phone_model, "search_button")
    colors = button.getcolors(maxcolors=100_000) or []
    dominant = max(colors)[1]
    assert dominant == BRAND
    text_row = region(image, phone_model, "popular_creator")
    assert text_row.convert("L").getextrema()[0] < 100  # dark text on a light row


def test_withheld_node_is_not_drawn(phone_model: PhoneModel) -> None:
    phone_model.launch(PACKAGE)
    before = screen(phone_model)
    node = selector.find_first(phone_model.windows(), {"resourceId": rid("search_button")})
    assert node is not None
    phone_model.withheld_ids = {rid("search_button")}
    phone_model.changed()
    after = screen(phone_model)
    assert ImageChops.difference(before.crop(node.bounds), after.crop(node.bounds)).getbbox()
    assert after.crop(node.bounds).getcolors() == [(node_area(node.bounds), (255, 255, 255))]


def test_screen_off_is_black_and_thumbnails_scale(phone_model: PhoneModel) -> None:
    image = screen(phone_model)
    thumb = Image.open(io.BytesIO(render.jpeg(image, scale=0.2, quality=50)))
    assert thumb.size == (144, 256)
    phone_model.press_key("sleep")
    assert screen(phone_model).getextrema() == ((0, 0), (0, 0), (0, 0))


def node_area(bounds: tuple[int, int, int, int]) -> int:
    left, top, right, bottom = bounds
    return (right - left) * (bottom - top)
