"""The kcost page in a real browser: Debian's Chromium, driven by Playwright, against `streamlit run app.py`.

Defaults checked by hand (data/pricing.yaml): IV ketamine's first 4 weeks are a $250
consultation plus 6 infusions at $550, i.e. $3,550. The price slider moves in steps of $5,
so k presses of ArrowRight add 6 · 5 · k dollars to the first 4 weeks.
"""

from __future__ import annotations

import csv
import io
import json
import re
import struct
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import APP_TIMEOUT_MS, METRIC, open_app, playwright_api, wait_until_idle

Page = playwright_api().Page
expect = playwright_api().expect

pytestmark = pytest.mark.browser

IV_LABEL = "Ketamine IV infusions (clinic)"
SSRI_LABEL = "Generic SSRI or SNRI"
PRICE_LABEL = "Price per session (USD)"
DEFAULT_PRICE = 550
PRICE_STEP = 5
INDUCTION_SESSIONS = 6
CONSULTATION = 250
DEFAULT_FIRST_4_WEEKS = CONSULTATION + INDUCTION_SESSIONS * DEFAULT_PRICE  # $3,550
COST_CHART = '[data-testid="stVegaLiteChart"]'


# --- helpers -----------------------------------------------------------------------------------


def dollars(text: str) -> int:
    """'$3,550' -> 3550."""
    match = re.fullmatch(r"\$([\d,]+)", text.strip())
    assert match, f"not a whole-dollar figure: {text!r}"
    return int(match.group(1).replace(",", ""))


def plan_card(page: Page, label: str):
    """The bordered results box of one plan: the innermost block holding its name and its metrics."""
    return (
        page.locator('[data-testid="stVerticalBlock"]')
        .filter(has=page.get_by_text(label, exact=True))
        .filter(has=page.locator(METRIC))
        .last
    )


def metric_value(page: Page, plan_label: str, metric_label: str):
    metric = plan_card(page, plan_label).locator(METRIC).filter(
        has=page.locator('[data-testid="stMetricLabel"]').get_by_text(metric_label, exact=True)
    )
    return metric.locator('[data-testid="stMetricValue"]')


def all_figures(page: Page) -> list[tuple[str, str]]:
    """Every metric on the page as (label, value), in page order."""
    metrics = page.locator(METRIC)
    labels = metrics.locator('[data-testid="stMetricLabel"]').all_inner_texts()
    values = metrics.locator('[data-testid="stMetricValue"]').all_inner_texts()
    return [(lab.strip(), val.strip()) for lab, val in zip(labels, values, strict=True)]


def price_slider(page: Page):
    """The hidden <input type=range> behind the IV plan's price slider thumb."""
    return (
        page.locator('[data-testid="stSlider"]')
        .filter(has=page.get_by_text(PRICE_LABEL, exact=True))
        .first.locator('input[type="range"]')
    )


def chart_marks(page: Page) -> str:
    """The cost chart's drawn marks (lines, bands, rules, symbols) as SVG text."""
    chart = page.locator(COST_CHART).first
    chart.locator("svg .role-mark").first.wait_for(state="attached")
    return chart.evaluate(
        "el => Array.from(el.querySelectorAll('svg .role-mark')).map(g => g.outerHTML).join('\\n')"
    )


def press_price_right(page: Page, presses: int) -> int:
    """Focus the price thumb, press ArrowRight `presses` times; return the expected first-4-weeks cost."""
    slider = price_slider(page)
    slider.focus()
    for _ in range(presses):
        slider.press("ArrowRight")
    expect(slider).to_have_value(str(DEFAULT_PRICE + PRICE_STEP * presses))
    return DEFAULT_FIRST_4_WEEKS + INDUCTION_SESSIONS * PRICE_STEP * presses


def wait_for_chart_change(page: Page, before: str, timeout_ms: int = APP_TIMEOUT_MS) -> str:
    """Vega redraws after the figures: poll until the marks differ from `before`."""
    page.wait_for_function(
        """before => {
            const el = document.querySelector('[data-testid="stVegaLiteChart"]');
            if (!el) return false;
            const now = Array.from(el.querySelectorAll('svg .role-mark')).map(g => g.outerHTML).join('\\n');
            return now.length > 0 && now !== before;
        }""",
        arg=before,
        timeout=timeout_ms,
    )
    return chart_marks(page)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


# --- tests -------------------------------------------------------------------------------------


def test_page_loads_without_errors_and_says_not_medical_advice(app_server, new_page):
    page = new_page()
    page_errors: list[str] = []
    page.on("pageerror", lambda exc: page_errors.append(str(exc)))
    open_app(page, app_server.url)

    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.locator('[data-testid="stAlertContentError"]')).to_have_count(0)
    expect(page.get_by_text("Not medical advice.", exact=False).first).to_be_visible()
    # Loaded with the shipped defaults: two plans, IV at its default price.
    # Four figures per plan; waited for, since under load the second plan's card can be drawn a moment later.
    expect(page.locator(METRIC)).to_have_count(8)
    assert dollars(metric_value(page, IV_LABEL, "First 4 weeks").inner_text()) == DEFAULT_FIRST_4_WEEKS
    assert len(all_figures(page)) == 8
    expect(page.locator(COST_CHART).first).to_be_visible()
    assert page_errors == []


def test_price_slider_changes_the_chart_and_the_first_4_weeks(app_server, new_page):
    page = new_page()
    open_app(page, app_server.url)
    first_4_weeks = metric_value(page, IV_LABEL, "First 4 weeks")
    assert dollars(first_4_weeks.inner_text()) == DEFAULT_FIRST_4_WEEKS
    ssri_before = metric_value(page, SSRI_LABEL, "First 4 weeks").inner_text()
    chart_before = chart_marks(page)
    alt_before = page.locator(COST_CHART).first.get_attribute("aria-label")
    assert IV_LABEL in alt_before and SSRI_LABEL in alt_before
    # Mark the drawn <svg>: Vega keeps it when only the data changes, and makes a new one when it rebuilds.
    page.locator(COST_CHART).first.locator("svg").first.evaluate("svg => { svg.dataset.kcostBefore = '1'; }")
    # The invisible hover targets, one per week (0..52), each labelled for screen readers: mark them too.
    targets = page.locator(COST_CHART).first.locator('svg path[aria-label^="Week "]')
    expect(targets).to_have_count(53)
    targets.evaluate_all("ts => ts.forEach(t => { t.dataset.kcostBefore = '1'; })")

    presses = 4
    expected = press_price_right(page, presses)  # 3,550 + 6 · 5 · 4 = 3,670

    expect(first_4_weeks).to_have_text(f"${expected:,}")
    wait_until_idle(page)
    chart_after = wait_for_chart_change(page, chart_before)
    assert chart_after != chart_before
    # Same spec and alt text for a new price: the chart took the new data in place instead of being built again.
    assert page.locator(COST_CHART).first.get_attribute("aria-label") == alt_before
    assert page.locator(COST_CHART).first.locator("svg[data-kcost-before]").count() == 1
    # The hover targets are keyed by week: Vega updated the same 53 <path>s (none removed and drawn anew), and
    # each reads the new costs: week 52's target gives every plan's total, as on its card.
    assert targets.count() == 53
    assert page.locator(COST_CHART).first.locator('svg path[aria-label^="Week "][data-kcost-before]').count() == 53
    iv_total = metric_value(page, IV_LABEL, "Over 1 year").inner_text().strip()
    ssri_total = metric_value(page, SSRI_LABEL, "Over 1 year").inner_text().strip()
    week_52 = f"Week 52: {IV_LABEL} {iv_total}; {SSRI_LABEL} {ssri_total}"
    expect(page.locator(COST_CHART).first.locator(f'svg path[aria-label="{week_52}"]')).to_have_count(1)
    # The SSRI plan has no session price: its figure does not move.
    assert metric_value(page, SSRI_LABEL, "First 4 weeks").inner_text() == ssri_before


def test_eight_quick_price_moves_all_land_and_the_rest_of_the_page_keeps_its_state(app_server, new_page):
    """A price move reruns only the figures (a Streamlit fragment). Each of eight quick presses must count, in
    the figures, the box to type the price and the link; the horizon set by the link (drawn outside the
    fragment) must stay on the page and in the link."""
    page = new_page()
    open_app(page, app_server.url + "?weeks=2+years")
    expect(metric_value(page, IV_LABEL, "Over 2 years")).to_be_visible()
    presses = 8
    expected = press_price_right(page, presses)  # 3,550 + 6 · 5 · 8 = 3,790
    price = DEFAULT_PRICE + PRICE_STEP * presses  # $590
    expect(metric_value(page, IV_LABEL, "First 4 weeks")).to_have_text(f"${expected:,}")
    wait_until_idle(page)
    expect(price_slider(page)).to_have_value(str(price))
    expect(page.get_by_label("Type the price per session (USD)", exact=True)).to_have_value(str(price))
    page.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("ketamine-iv.price") == [str(price)])
    assert parse_qs(urlsplit(page.url).query).get("weeks") == ["2 years"]
    expect(metric_value(page, IV_LABEL, "Over 2 years")).to_be_visible()
    expect(page.locator(METRIC)).to_have_count(8)


def legend_labels(page: Page) -> list[str]:
    return page.locator(COST_CHART).first.evaluate(
        "el => Array.from(el.querySelectorAll('.role-legend-label text')).map(t => t.textContent)"
    )


def test_a_line_hidden_with_its_pill_leaves_the_chart_and_its_legend(app_server, new_page):
    page = new_page()
    open_app(page, app_server.url)
    assert legend_labels(page) == [IV_LABEL, SSRI_LABEL]
    before = chart_marks(page)
    page.locator('[data-testid="stButtonGroup"] button', has_text=SSRI_LABEL).first.click()
    wait_until_idle(page)
    wait_for_chart_change(page, before)
    page.wait_for_function(
        "n => document.querySelector('[data-testid=\"stVegaLiteChart\"]').querySelectorAll('.role-legend-label text').length === n",
        arg=1,
        timeout=APP_TIMEOUT_MS,
    )
    assert legend_labels(page) == [IV_LABEL]
    assert SSRI_LABEL not in page.locator(COST_CHART).first.get_attribute("aria-label")


def test_url_holds_the_change_and_reopens_the_same_figures(app_server, new_page):
    page = new_page()
    open_app(page, app_server.url)
    defaults = all_figures(page)
    presses = 3
    expected = press_price_right(page, presses)
    expect(metric_value(page, IV_LABEL, "First 4 weeks")).to_have_text(f"${expected:,}")
    wait_until_idle(page)

    new_price = str(DEFAULT_PRICE + PRICE_STEP * presses)
    page.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("ketamine-iv.price") == [new_price])
    shared_url = page.url
    figures = all_figures(page)
    assert figures != defaults
    # The chart follows the figures (it can lag them by a frame): its week-52 hover target, whose label screen
    # readers read, gives IV as the consultation plus 30 infusions (6 + 24 boosters every 2 weeks),
    # 250 + 30 x 565 = $17,200.
    year = CONSULTATION + 30 * (DEFAULT_PRICE + PRICE_STEP * presses)
    year_point = f'[aria-label^="Week 52: {IV_LABEL} ${year:,};"]'
    expect(page.locator(COST_CHART).first.locator(year_point)).to_have_count(1, timeout=APP_TIMEOUT_MS)
    alt = page.locator(COST_CHART).first.get_attribute("aria-label")

    fresh = new_page()  # a new browser context: no session, no storage, only the link
    open_app(fresh, shared_url)
    expect(metric_value(fresh, IV_LABEL, "First 4 weeks")).to_have_text(f"${expected:,}")
    assert all_figures(fresh) == figures
    expect(price_slider(fresh)).to_have_value(new_price)
    expect(fresh.locator(COST_CHART).first).to_have_attribute("aria-label", alt, timeout=APP_TIMEOUT_MS)
    expect(fresh.locator(COST_CHART).first.locator(year_point)).to_have_count(1, timeout=APP_TIMEOUT_MS)
    expect(fresh.get_by_text("ignored", exact=False)).to_have_count(0)


def test_every_request_stays_on_the_app_host(app_server, new_page):
    page = new_page()
    requests: list[str] = []
    sockets: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("websocket", lambda ws: sockets.append(ws.url))
    open_app(page, app_server.url)
    expected = press_price_right(page, 1)
    expect(metric_value(page, IV_LABEL, "First 4 weeks")).to_have_text(f"${expected:,}")
    wait_until_idle(page)
    page.wait_for_load_state("networkidle")

    checked = [u for u in requests + sockets if urlsplit(u).scheme not in ("data", "blob")]
    assert len(checked) > 10, f"too few requests recorded to mean anything: {checked}"
    assert sockets, "the app's websocket was not seen"
    elsewhere = sorted({u for u in checked if urlsplit(u).netloc != app_server.host})
    assert elsewhere == [], f"requests left {app_server.host}: {elsewhere}"


def test_narrow_screen_shows_chart_and_figures(app_server, new_page, tmp_path):
    width = 400
    page = new_page(viewport={"width": width, "height": 800}, device_scale_factor=1)
    open_app(page, app_server.url)
    chart = page.locator(COST_CHART).first
    chart.locator("svg .role-mark").first.wait_for(state="attached")
    metric = metric_value(page, IV_LABEL, "First 4 weeks")

    for name, element in (("figure", metric), ("chart", chart)):
        element.scroll_into_view_if_needed()
        expect(element).to_be_in_viewport()
        box = element.bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0, name
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{name} overflows {width} px: {box}"
        shot = tmp_path / f"narrow-{name}.png"
        data = page.screenshot(path=str(shot))
        assert shot.stat().st_size == len(data) > 10_000, f"{name} screenshot is nearly empty"
        assert png_size(data) == (width, 800)

    chart_svg = chart.locator("svg").first.bounding_box()
    assert chart_svg is not None and chart_svg["x"] + chart_svg["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"


def test_print_to_pdf(app_server, new_page, tmp_path):
    page = new_page()
    open_app(page, app_server.url)
    page.locator(COST_CHART).first.locator("svg .role-mark").first.wait_for(state="attached")
    page.emulate_media(media="print")
    # A printout keeps the figures and charts and leaves out the inputs' details and the buttons.
    expect(page.locator(".st-key-details")).to_be_hidden()
    expect(page.locator(".st-key-share")).to_be_hidden()
    expect(page.locator(METRIC).first).to_be_visible()
    expect(page.locator(COST_CHART).first).to_be_visible()
    expect(page.get_by_text("Not medical advice.", exact=False).first).to_be_visible()
    pdf = page.pdf(format="A4", print_background=True)
    (tmp_path / "kcost.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 20_000, f"PDF is only {len(pdf)} bytes"
    assert pdf.rstrip().endswith(b"%%EOF")
    assert pdf.count(b"/Type /Page") >= 1


def test_downloads_hold_the_figures_and_inputs_on_screen(app_server, new_page):
    page = new_page(accept_downloads=True)
    open_app(page, app_server.url)
    presses = 2
    expected = press_price_right(page, presses)  # 3,550 + 6 · 5 · 2 = 3,610
    expect(metric_value(page, IV_LABEL, "First 4 weeks")).to_have_text(f"${expected:,}")
    wait_until_idle(page)

    with page.expect_download() as csv_download:
        page.get_by_role("button", name="Weekly costs (CSV)").click()
    assert csv_download.value.suggested_filename == "kcost-weekly-costs.csv"
    rows = list(csv.DictReader(io.StringIO(Path(csv_download.value.path()).read_text())))
    assert list(rows[0]) == [
        "plan_id", "label", "week", "plan_year", "cumulative_cost", "cumulative_full_price", "cumulative_insurer",
        "cumulative_assistance", "cumulative_hours", "cumulative_time_value",
    ]
    assert {r["plan_id"] for r in rows} == {"ketamine-iv", "ssri-generic"}
    assert len(rows) == 2 * 52
    iv_week_4 = next(r for r in rows if r["plan_id"] == "ketamine-iv" and r["week"] == "4")
    assert float(iv_week_4["cumulative_cost"]) == expected

    with page.expect_download() as json_download:
        page.get_by_role("button", name="Scenario inputs (JSON)").click()
    scenario = json.loads(Path(json_download.value.path()).read_text())
    assert scenario["plans"] == ["ketamine-iv", "ssri-generic"] and scenario["horizon_weeks"] == 52
    price = DEFAULT_PRICE + PRICE_STEP * presses
    assert {"path": "plans.ketamine-iv.sessions.infusions.price", "value": price, "set_by": "session price"} in scenario[
        "changes"
    ]
