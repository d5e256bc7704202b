"""Light and dark: kcost follows the system's colour-scheme preference, in a real Chromium.

`.streamlit/config.toml` sets no `[theme]` option on purpose: any option there (fonts included)
turns Streamlit's light/dark pair into one custom light theme, and `client.toolbarMode = "viewer"`
hides the menu that could switch it. Streamlit's own fonts and icons are bundled and served from
the app's host, so following the system costs no request to any other host.

Colours are compared as WCAG relative luminance (0 is black, 1 is white) and contrast ratio.
"""

from __future__ import annotations

import io
import re
import struct
from urllib.parse import urlsplit

import numpy as np
import pytest

from PIL import Image  # numpy and Pillow are dependencies of streamlit itself

from .conftest import APP_TIMEOUT_MS, open_app, playwright_api

Page = playwright_api().Page
expect = playwright_api().expect

pytestmark = pytest.mark.browser

APP = '[data-testid="stApp"]'
CHART = '[data-testid="stVegaLiteChart"]'
SKELETON = '[data-testid^="stSkeleton"]'
FONT_FILE = re.compile(r"\.(woff2?|ttf|otf)$")
#: Okabe–Ito colours of the first two plans (src/kcost/charts.py), as the default scenario draws them.
FIRST_PLAN_COLOURS = {"#0072B2": (0x00, 0x72, 0xB2), "#E69F00": (0xE6, 0x9F, 0x00)}
DARK = 0.2  # a background below this luminance is dark
LIGHT = 0.6  # text above this luminance is light


# --- colour arithmetic -------------------------------------------------------------------------


def css_rgb(value: str) -> tuple[int, int, int]:
    """'rgb(23, 22, 20)' or an opaque 'rgba(…, 1)' -> (23, 22, 20)."""
    match = re.fullmatch(r"rgba?\((\d+),\s*(\d+),\s*(\d+)(?:,\s*([\d.]+))?\)", value.strip())
    assert match, f"not an rgb() colour: {value!r}"
    assert match.group(4) is None or float(match.group(4)) == 1, f"not opaque: {value!r}"
    return int(match.group(1)), int(match.group(2)), int(match.group(3))


def luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2 relative luminance."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def pixels(png: bytes) -> np.ndarray:
    """A PNG's pixels as an (n, 3) array of 0-255 RGB values."""
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float).reshape(-1, 3)


def pixel_luminance(rgb: np.ndarray) -> np.ndarray:
    """:func:`luminance` for every row of an (n, 3) array."""
    s = rgb / 255
    linear = np.where(s <= 0.03928, s / 12.92, ((s + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def count_near(rgb: np.ndarray, colour: tuple[int, int, int], tolerance: int = 16) -> int:
    return int((np.abs(rgb - np.array(colour)) <= tolerance).all(axis=1).sum())


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


# --- page helpers ------------------------------------------------------------------------------


def open_drawn(page: Page, url: str) -> None:
    """Open the app and wait until every element is drawn: no loading skeletons, every chart has marks."""
    open_app(page, url)
    expect(page.locator(SKELETON)).to_have_count(0, timeout=APP_TIMEOUT_MS)
    page.wait_for_function(
        """sel => {
            const charts = document.querySelectorAll(sel);
            return charts.length > 0 && Array.from(charts).every(c => c.querySelector('svg .role-mark'));
        }""",
        arg=CHART,
    )


def app_colours(page: Page) -> dict[str, tuple[int, int, int]]:
    """Computed background and text colours of the app root and the body."""
    colours = page.evaluate(
        """sel => {
            const style = el => getComputedStyle(el);
            const app = document.querySelector(sel);
            return {
                app_background: style(app).backgroundColor,
                app_text: style(app).color,
                body_background: style(document.body).backgroundColor,
            };
        }""",
        APP,
    )
    return {name: css_rgb(value) for name, value in colours.items()}


def chart_backgrounds(page: Page) -> list[tuple[int, int, int]]:
    """The background each chart's SVG is drawn on (Streamlit paints it with the theme's colour)."""
    charts = page.locator(f"{CHART} svg.marks")
    values = charts.evaluate_all("svgs => svgs.map(s => getComputedStyle(s).backgroundColor)")
    return [css_rgb(v) for v in values]


def chart_texts(page: Page) -> list[tuple[str, tuple[int, int, int], tuple[int, int, int]]]:
    """Every text drawn in a chart (axis and legend labels, titles, text marks) as (text, fill, background)."""
    rows = page.locator(f"{CHART} svg.marks").evaluate_all(
        """svgs => svgs.flatMap(svg => {
            const background = getComputedStyle(svg).backgroundColor;
            return Array.from(svg.querySelectorAll('text'))
                .filter(t => t.textContent.trim() && getComputedStyle(t).fillOpacity !== '0')
                .map(t => [t.textContent, getComputedStyle(t).fill, background]);
        })"""
    )
    return [(text, css_rgb(fill), css_rgb(background)) for text, fill, background in rows]


# --- tests -------------------------------------------------------------------------------------


def test_dark_preference_gives_a_dark_page_that_stays_on_its_host(app_server, new_page, tmp_path):
    page = new_page(color_scheme="dark", viewport={"width": 1280, "height": 1000}, device_scale_factor=1)
    requests: list[str] = []
    sockets: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("websocket", lambda ws: sockets.append(ws.url))
    open_drawn(page, app_server.url)
    page.wait_for_load_state("networkidle")

    colours = app_colours(page)
    assert luminance(colours["app_background"]) < DARK, f"dark system, light page: {colours}"
    assert luminance(colours["body_background"]) < DARK, f"dark system, light body: {colours}"
    assert luminance(colours["app_text"]) > LIGHT, f"text is not light on the dark page: {colours}"
    assert contrast(colours["app_text"], colours["app_background"]) >= 7, colours  # WCAG AAA for body text
    backgrounds = chart_backgrounds(page)
    assert backgrounds and all(luminance(bg) < DARK for bg in backgrounds), f"a chart is not on dark: {backgrounds}"

    # Nothing from other hosts: not the page, not its fonts or icons, not the websocket.
    checked = [u for u in requests + sockets if urlsplit(u).scheme not in ("data", "blob")]
    assert len(checked) > 10, f"too few requests recorded to mean anything: {checked}"
    assert sockets, "the app's websocket was not seen"
    elsewhere = sorted({u for u in checked if urlsplit(u).netloc != app_server.host})
    assert elsewhere == [], f"requests left {app_server.host}: {elsewhere}"
    fonts = [u for u in checked if FONT_FILE.search(urlsplit(u).path)]
    assert fonts, f"no font or icon file was loaded, so none was seen coming from {app_server.host}"

    # A screenshot that shows a dark page with light text on it, not a blank or a white one.
    shot = tmp_path / "dark.png"
    data = page.screenshot(path=str(shot))
    assert shot.stat().st_size == len(data) > 10_000, "the dark screenshot is nearly empty"
    assert png_size(data) == (1280, 1000)
    lum = pixel_luminance(pixels(data))
    dark_share = float((lum < DARK).mean())
    light_share = float((lum > LIGHT).mean())
    assert dark_share > 0.6, f"only {dark_share:.0%} of the dark-mode screenshot is dark"
    assert light_share > 0.005, f"almost no light pixels (text) on the dark page: {light_share:.2%}"

    # The cost chart keeps its colour-blind-safe plan colours on the dark background.
    chart_shot = page.locator(CHART).first.screenshot(path=str(tmp_path / "dark-cost-chart.png"))
    chart_pixels = pixels(chart_shot)
    for name, rgb in FIRST_PLAN_COLOURS.items():
        found = count_near(chart_pixels, rgb)
        assert found > 50, f"the cost chart shows almost no {name} ({found} pixels) in dark mode"
        assert contrast(rgb, backgrounds[0]) >= 3, f"{name} is below 3:1 on the chart's dark background"


def test_light_preference_gives_a_light_page(app_server, new_page):
    page = new_page(color_scheme="light")
    open_drawn(page, app_server.url)
    colours = app_colours(page)
    assert luminance(colours["app_background"]) > 0.8, f"light system, dark page: {colours}"
    assert luminance(colours["body_background"]) > 0.8, colours
    assert luminance(colours["app_text"]) < DARK, f"text is not dark on the light page: {colours}"
    assert contrast(colours["app_text"], colours["app_background"]) >= 7, colours
    backgrounds = chart_backgrounds(page)
    assert backgrounds and all(luminance(bg) > 0.8 for bg in backgrounds), f"a chart is not on light: {backgrounds}"


def wait_for_background(page: Page, dark: bool) -> None:
    """Wait until the app's and every chart's background is dark (channels below 80) or light (above 200)."""
    page.wait_for_function(
        """([app, charts, dark]) => {
            const all = [document.querySelector(app), ...document.querySelectorAll(charts)];
            return all.length > 1 && all.every(el => {
                const rgb = el && getComputedStyle(el).backgroundColor.match(/\\d+/g);
                return !!rgb && rgb.slice(0, 3).every(c => (dark ? Number(c) < 80 : Number(c) > 200));
            });
        }""",
        arg=[APP, f"{CHART} svg.marks", dark],
    )


def test_page_follows_the_system_when_it_switches(app_server, new_page):
    """A system that changes its mind (dark after sunset, say) is followed without a reload."""
    page = new_page(color_scheme="light")
    open_drawn(page, app_server.url)
    assert luminance(app_colours(page)["app_background"]) > 0.8
    page.emulate_media(color_scheme="dark")
    wait_for_background(page, dark=True)
    assert luminance(app_colours(page)["app_background"]) < DARK
    assert all(luminance(bg) < DARK for bg in chart_backgrounds(page))
    assert luminance(app_colours(page)["app_text"]) > LIGHT
    page.emulate_media(color_scheme="light")
    wait_for_background(page, dark=False)
    assert luminance(app_colours(page)["app_background"]) > 0.8


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chart_text_is_readable(app_server, new_page, scheme):
    """Every label in every chart has at least 3:1 contrast against the chart's background."""
    page = new_page(color_scheme=scheme)
    open_drawn(page, app_server.url)
    texts = chart_texts(page)
    assert len(texts) > 10, f"too few chart labels found to mean anything: {texts}"
    faint = sorted({(text, fill) for text, fill, bg in texts if contrast(fill, bg) < 3})
    assert faint == [], f"chart labels below 3:1 in {scheme} mode: {faint}"
