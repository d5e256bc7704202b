"""The compare page's charts as Streamlit sends them: what the legend lists, and what a price change resends.

The browser builds a Vega chart anew (compile, parse, first render) whenever the chart's spec or its
alt text changes, and only swaps the data when they stay the same; tests/browser checks the drawing.
"""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
PRICE = "ketamine-iv.price"
IV, SSRI = "Ketamine IV infusions (clinic)", "Generic SSRI or SNRI"


def charts(at: AppTest) -> list:
    """The page's vega_lite_chart protos, in page order (cost over time first, then time to relief)."""
    found = []

    def walk(node):
        if getattr(node, "type", None) == "vega_lite_chart":
            found.append(node.proto)
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)

    walk(at._tree)
    return found


def scales(spec: str) -> list[dict]:
    """Every colour and dash scale in the spec."""
    return [
        layer["encoding"][channel]["scale"]
        for layer in json.loads(spec)["layer"]
        for channel in ("color", "strokeDash")
        if "scale" in layer["encoding"].get(channel, {})
    ]


def start() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    return at


def test_a_hidden_line_leaves_the_legend_and_the_other_keeps_its_colour():
    at = start()
    cost = charts(at)[0]
    assert all(scale["domain"] == [IV, SSRI] for scale in scales(cost.spec))
    pills = at.pills[0]
    assert pills.options == [IV, SSRI] and pills.value == [IV, SSRI]
    pills.set_value([SSRI]).run()
    cost = charts(at)[0]
    colour, dash = scales(cost.spec)[-2:]  # the line layer's
    # The SSRI is the second plan: it keeps the palette's second colour and the second dash pattern.
    assert colour == {"domain": [SSRI], "range": ["#E69F00"]}
    assert dash == {"domain": [SSRI], "range": [[6, 3]]}
    assert all(scale["domain"] == [SSRI] for scale in scales(cost.spec))
    assert IV not in cost.alt


def test_a_new_price_sends_new_cost_data_but_the_same_spec_and_alt_text():
    at = start()
    cost, onset = charts(at)
    at.slider(key=PRICE).set_value(555).run()
    cost_after, onset_after = charts(at)
    # Same spec and alt: the browser swaps the data in place instead of building the chart again.
    assert cost_after.spec == cost.spec and cost_after.alt == cost.alt
    by_name = {d.name: d.data.data for d in cost.datasets}
    after = {d.name: d.data.data for d in cost_after.datasets}
    assert by_name.keys() == after.keys() and by_name["costs"] != after["costs"]
    # Time to relief does not depend on the price: the element is the same, byte for byte.
    assert onset_after.SerializeToString() == onset.SerializeToString()


def test_counting_time_adds_a_thin_line_per_plan_above_the_money():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["time.include"] = "true"
    at.query_params["time.hourly_value"] = "40"
    at.run()
    assert not at.exception
    cost = charts(at)[0]
    layers = json.loads(cost.spec)["layer"]
    thin = [layer for layer in layers if layer["encoding"].get("y", {}).get("field") == "with_time"]
    money = [layer for layer in layers if layer["encoding"].get("y", {}).get("field") == "cumulative_cost"]
    assert len(thin) == 1 and thin[0]["mark"]["strokeWidth"] < money[0]["mark"]["strokeWidth"]
    assert "Thin lines add the value of your time and travel" in cost.alt
    caption = " ".join(c.value for c in at.caption)
    assert "Thin faint lines: what you pay plus the value of your time and travel" in caption
    # Without time counted, neither the layer nor the words.
    plain = start()
    plain_cost = charts(plain)[0]
    assert "with_time" not in plain_cost.spec and "Thin lines" not in plain_cost.alt
