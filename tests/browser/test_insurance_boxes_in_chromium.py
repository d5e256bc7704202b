"""The insurance panel's number boxes in Chromium: a typed value the page cannot use is never changed silently.

What Streamlit 1.67 does in Chromium (issue 8, D3 and D8, and the acceptance review): given a range, a box
refuses a number outside it (200000, -5) with a red outline and a hover message that does not name the box,
and nothing reaches the app; text the browser cannot read as a number (``1e400``, ``abc``) reaches the app as
an empty box, which a box with a default used to turn into that default without a word; a whole-number box
read ``2.5`` as 2. The boxes now have no range of their own: the page keeps the last value and says so under
the panel, naming the box, and the plan-year box refuses a fraction of a week.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import open_app, playwright_api, wait_until_idle

expect = playwright_api().expect

pytestmark = pytest.mark.browser

DEDUCTIBLE = "Deductible per plan year (USD)"
WEEKS = "Plan year starts again in (weeks)"
WARNING = '[data-testid="stAlert"]'


def type_into(page, box, text: str) -> None:
    """Type ``text`` key by key into ``box`` (as a person does), leave it with Tab, and wait for the page."""
    box.click()
    box.fill("")
    box.press_sequentially(text, delay=20)
    page.keyboard.press("Tab")
    page.wait_for_timeout(300)
    wait_until_idle(page)


def link_value(page, key: str) -> list[str]:
    return parse_qs(urlsplit(page.url).query).get(key, [])


@pytest.mark.parametrize("text", ["1e400", "abc"])
def test_unreadable_text_in_the_deductible_keeps_the_last_value_and_says_so(app_server, new_page, text):
    page = new_page(viewport={"width": 1280, "height": 900})
    open_app(page, app_server.url + "?pay=Your+insurance&ins.deductible=2000")
    box = page.get_by_role("spinbutton", name=DEDUCTIBLE)
    expect(box).to_have_value("2000.00")
    type_into(page, box, text)
    expect(page.locator(WARNING).filter(has_text=DEDUCTIBLE)).to_have_text(
        f"“{DEDUCTIBLE}”: type a number from $0 to $100,000. The box was empty or did not hold a number, "
        "so $2,000 is kept."
    )
    expect(box).to_have_value("2000.00")  # not the default, 1787.00
    assert [float(v) for v in link_value(page, "ins.deductible")] == [2000.0]


@pytest.mark.parametrize("text, said", [("200000", "$200,000"), ("-5", "-$5")])
def test_a_number_out_of_range_keeps_the_last_value_and_says_so(app_server, new_page, text, said):
    # The box has no range of its own: given one, Streamlit refused the value with only a red outline and a
    # message on hover that did not name the box, and went on showing it while the figures used $2,000.
    page = new_page(viewport={"width": 1280, "height": 900})
    open_app(page, app_server.url + "?pay=Your+insurance&ins.deductible=2000&ins.copay_visit=15")
    box = page.get_by_role("spinbutton", name=DEDUCTIBLE)
    # Only a copay, which may be left empty, offers a "clear" button; the deductible, which needs a figure, not.
    clear = '[data-testid="stNumberInputClearButton"]'
    number = page.locator('[data-testid="stNumberInput"]')
    expect(number.filter(has=box).locator(clear)).to_be_hidden()
    expect(number.filter(has=page.get_by_role("spinbutton", name="Copay per doctor or therapy visit (USD)")).locator(clear)).to_be_visible()
    type_into(page, box, text)
    expect(page.locator(WARNING).filter(has_text=DEDUCTIBLE)).to_have_text(
        f"“{DEDUCTIBLE}”: type a number from $0 to $100,000. {said} is outside that range, so $2,000 is kept."
    )
    expect(box).to_have_value("2000.00")
    assert [float(v) for v in link_value(page, "ins.deductible")] == [2000.0]


def test_unreadable_text_in_a_copay_empties_it_and_says_so(app_server, new_page):
    # A copay may be empty (no copay), and the browser sends unreadable text as an empty box: the page cannot
    # tell the two apart, so it takes "none" and says what the box held.
    page = new_page(viewport={"width": 1280, "height": 900})
    open_app(page, app_server.url + "?pay=Your+insurance&ins.copay_visit=30")
    label = "Copay per doctor or therapy visit (USD)"
    type_into(page, page.get_by_role("spinbutton", name=label), "1e400")
    expect(page.locator(WARNING).filter(has_text=label)).to_have_text(
        f"“{label}” is now empty, which means none (it was $30). If you meant a number, type it again using digits only."
    )
    assert link_value(page, "ins.copay_visit") == []


def test_a_fraction_of_a_week_is_refused_with_a_notice(app_server, new_page):
    page = new_page(viewport={"width": 1280, "height": 900})
    open_app(page, app_server.url + "?pay=Your+insurance&ins.renews_in_weeks=10")
    page.get_by_text("More about your plan").click()
    box = page.get_by_role("spinbutton", name=WEEKS)
    expect(box).to_have_value("10")
    type_into(page, box, "2.5")
    expect(page.locator(WARNING).filter(has_text=WEEKS)).to_have_text(
        f"“{WEEKS}”: type whole weeks from 1 to 52. 2.5 is not a whole number of weeks, so 10 weeks is kept."
    )
    expect(box).to_have_value("10")
    assert [float(v) for v in link_value(page, "ins.renews_in_weeks")] == [10.0]


@pytest.mark.parametrize("width, per_line", [(1280, 2), (400, 1)])
def test_the_first_terms_read_in_the_panels_order_at_any_width(app_server, new_page, width, per_line):
    # Two columns stacked on a phone read deductible, limit, session copay, then the share (acceptance review).
    page = new_page(viewport={"width": width, "height": 900})
    open_app(page, app_server.url + "?pay=Your+insurance")
    labels = [DEDUCTIBLE, "Your share of each bill (%)", "Out-of-pocket limit per plan year (USD)",
              "Copay per doctor or therapy visit (USD)", "Copay per treatment session (USD)",
              "Copay per prescription fill (USD)"]  # fmt: skip
    boxes = [page.get_by_role("spinbutton", name=label).bounding_box() for label in labels]
    lines = [boxes[i : i + per_line] for i in range(0, len(boxes), per_line)]
    for line, next_line in zip(lines, lines[1:]):
        assert max(b["y"] for b in line) < min(b["y"] for b in next_line), (width, boxes)
    for line in lines:
        # The boxes of a line sit level whatever their labels' lengths, left to right in the panel's order.
        assert len({round(b["y"]) for b in line}) == 1 and [b["x"] for b in line] == sorted(b["x"] for b in line)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
