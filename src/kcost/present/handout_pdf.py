"""Layout of the one-page handout (Letter or A4) with fpdf2, and its cost chart as vector art.

The page, top to bottom: a title and the dates; the grid (plans as columns, the
patient's questions as rows, see :mod:`kcost.present.handout_table`); the
cumulative-cost chart beside the scenario; the link that reopens the scenario,
the not-advice line and the crisis line.

Fonts are the PDF core fonts (Helvetica), which need no font file and read the
Windows-1252 character set. Every string passes through :func:`pdf_text` first:
it keeps what that set can show (en dash, curly quotes, ×, é…), spells out what it
cannot (``≥`` → ``>=``), drops control characters, and cuts over-long text, so an
odd character in the assumptions file can neither crash the PDF nor overflow a
cell. Text is never read as Markdown or HTML; only our own fixed lines use
fpdf2's ``**bold**`` markup.

One page, always, and no text over text: the layout measures the grid, lowers the
body size step by step to 7.5 pt, then shortens the chart, then cuts the summary
rows (how soon, how many respond) to fewer lines, then moves the insurance and
time terms from the scenario box to a paragraph across the page, then shortens
the chart further and leaves out its legend (the grid's heading bars carry each
line's colour and dashes), until it fits. Money, visits, time and the safety rows
are never cut.
"""

from __future__ import annotations

import io
import re
import unicodedata
import xml.etree.ElementTree as ET
from datetime import date
from typing import Literal

import vl_convert
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from ..model.assumptions import Assumptions
from ..model.projection import Projection
from . import fixed_content
from .charts import PALETTE, cost_spec
from .frames import cost_frame, crossover_frame, onset_frame
from .handout_scenario import ScenarioFacts
from .handout_table import ROWS, SHORTENED_ROWS, HandoutColumn, columns_from
from .sentences import horizon_phrase

__all__ = ["MIN_BODY_PT", "chart_svg", "evidence_reviewed", "layout_pdf", "pdf_text"]

Page = Literal["letter", "a4"]
#: Smallest body text the handout prints; below this a printed page is hard to read.
MIN_BODY_PT = 7.5
_LABEL_CHARS = 70
_CELL_CHARS = 400
_LINK_CHARS = 2000
_MARGIN = 11.0  # mm
_CHART_MIN_MM = 56.0
_CHART_MAX_MM = 85.0
#: The shortest chart, kept for the most crowded pages only (4 plans, insurance and time terms).
_CHART_CROWDED_MM = 40.0
#: Chart pixels per printed mm. fpdf2 draws SVG text at 0.75 pt per px of font size, in the image's own units,
#: so vl-convert's 10 px labels print at 10 × 0.75 / 2.55 × (72 / 25.4) ≈ 8.3 pt (measured with pdftotext -bbox).
_CHART_PX_PER_MM = 2.55
_PT = 0.3528  # mm per point

# Characters outside Windows-1252 that have a plain spelling; the rest fall back to their
# accent-free form (NFKD) or "?".
_SPELLED = {
    "≥": ">=", "≤": "<=", "≠": "!=", "≈": "~", "→": "->", "←": "<-", "−": "-", "‐": "-", "‑": "-",
    "‒": "-", "―": "-", "⁄": "/", "∕": "/", "′": "'", "″": '"', "✓": "yes", "✔": "yes", "✗": "no",
    "\u2009": " ", "\u202f": " ", "\u2007": " ", "\u200a": " ",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


# What Windows-1252 adds to Latin-1, spelled in Latin-1: fpdf2 measures SVG text with Latin-1 widths only.
_WINDOWS_ONLY = {
    "–": "-", "—": "-", "‘": "'", "’": "'", "‚": ",", "“": '"', "”": '"', "„": '"', "…": "...", "•": "*",
    "€": "EUR", "™": "(TM)", "‹": "<", "›": ">", "†": "+", "‡": "+", "ˆ": "^", "˜": "~", "‰": " per mille",
}


def pdf_text(text: object, limit: int | None = None, keep_newlines: bool = False, latin1: bool = False) -> str:
    """``text`` as the core fonts can draw it: Windows-1252 only, no control characters, at most ``limit`` chars.

    ``"Dose ≥ 56 mg\\x07"`` → ``"Dose >= 56 mg"``; ``"Ketamine – IV"`` keeps its en dash;
    ``"日本"`` → ``"??"``; a 500-character label cut to ``limit`` ends in ``…``. With ``latin1``
    (for the chart's text) the characters Windows-1252 adds to Latin-1 are spelled out too:
    ``"–"`` → ``"-"``, ``"…"`` → ``"..."``.
    """
    s = unicodedata.normalize("NFC", str(text))
    s = "".join(_SPELLED.get(ch, ch) for ch in s)
    s = s.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    if not keep_newlines:
        s = s.replace("\n", " ")
    s = _CONTROL.sub("", s)
    out = []
    for ch in s:
        try:
            ch.encode("cp1252")
            out.append(ch)
        except UnicodeEncodeError:
            plain = unicodedata.normalize("NFKD", ch).encode("cp1252", "ignore").decode("cp1252")
            plain = "".join(c for c in plain if not unicodedata.combining(c))
            out.append(plain if plain and plain.isprintable() else "?")
    s = re.sub(r"[ ]{2,}", " ", "".join(out)).strip()
    if limit is not None and len(s) > limit:
        s = s[: limit - 1].rstrip() + "…"
    if latin1:
        s = "".join(_WINDOWS_ONLY.get(ch, ch) if ord(ch) > 255 else ch for ch in s)
        s = "".join(ch if ord(ch) <= 255 else "?" for ch in s)
    return s


def evidence_reviewed(assumptions: Assumptions) -> str:
    """The latest date kcost recorded a source (``seen``), as ``"November 2026"``; "not recorded" if none parses."""
    best: tuple[int, int] | None = None
    for source in assumptions.sources.values():
        m = re.fullmatch(r"(\d{4})-(\d{2})(?:-\d{2})?", source.seen.strip())
        if m and 1 <= int(m.group(2)) <= 12:
            best = max(best or (0, 0), (int(m.group(1)), int(m.group(2))))
    if best is None:
        return "not recorded"
    return date(best[0], best[1], 1).strftime("%B %Y")


# --- the chart ---------------------------------------------------------------------------------

_SVG = "http://www.w3.org/2000/svg"
ET.register_namespace("", _SVG)
ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")


def chart_svg(projection: Projection, width_px: int, height_px: int, legend: bool = True) -> bytes:
    """The cumulative-cost chart (:func:`kcost.present.charts.cost_spec` in its print form) as SVG for fpdf2;
    without its legend when ``legend`` is false (the handout prints one, see :func:`legend_entries`).

    vl-convert draws it; the SVG is then tidied for fpdf2's SVG reader, which refuses some of
    what browsers accept: hidden elements and empty paths go, ``<line>`` gets its default
    coordinates written out, and every text passes :func:`pdf_text` (plan labels come from the
    file).
    """
    spec = _print_spec(projection, width_px, height_px)
    datasets = {name: _records(frame) for name, frame in spec["datasets"].items()}
    # Every string, the labels in scale domains included, the same way as the data: vl-convert aborts the whole
    # process (a Rust panic, not an exception) on a control character, and a domain must match its data.
    spec = {**_clean({k: v for k, v in spec.items() if k != "datasets"}), "datasets": datasets}
    if not legend:
        # The page draws the plans' names itself (:func:`_legend`): vega-lite cuts a long name to fit
        # its own estimate of the text, and fpdf2 then draws it narrower, in Helvetica.
        for layer in spec["layer"]:
            for channel in layer.get("encoding", {}).values():
                if isinstance(channel, dict) and "legend" in channel:
                    channel["legend"] = None
    svg = vl_convert.vegalite_to_svg(spec)
    root = ET.fromstring(svg)
    _tidy(root)
    return ET.tostring(root, encoding="utf-8")


def _print_spec(projection: Projection, width_px: int, height_px: int) -> dict:
    return cost_spec(
        cost_frame(projection), onset_frame(projection), crossover_frame(projection), print_size=(width_px, height_px)
    )


def legend_entries(projection: Projection) -> list[tuple[str, str, list[float]]]:
    """Each plan's whole name with its line's colour and dash pattern (in chart px), read from the chart's
    own scales, so the printed legend cannot disagree with the lines: ``[("Ketamine IV infusions (clinic)",
    "#0072B2", [1, 0]), …]``."""
    spec = _print_spec(projection, 100, 100)
    line = next(layer for layer in spec["layer"] if "strokeDash" in layer["encoding"])
    colour, dash = line["encoding"]["color"]["scale"], line["encoding"]["strokeDash"]["scale"]
    return list(zip(colour["domain"], colour["range"], dash["range"]))


def _clean(value):
    """``value`` (a spec's dicts, lists and strings) with every string passed through :func:`pdf_text`."""
    if isinstance(value, str):
        return pdf_text(value, _LABEL_CHARS, latin1=True)
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _records(frame) -> list[dict]:
    clean = frame.astype(object).where(frame.notna(), None)
    rows = clean.to_dict("records")
    for row in rows:
        for k, v in row.items():
            if hasattr(v, "item"):
                row[k] = v.item()
            if isinstance(row[k], str):
                row[k] = pdf_text(row[k], _LABEL_CHARS, latin1=True)
    return rows


def _tidy(parent: ET.Element) -> None:
    for child in list(parent):
        tag = child.tag.rsplit("}", 1)[-1]
        if child.get("display") == "none" or (tag == "path" and not child.get("d", "").strip()):
            parent.remove(child)
            continue
        if tag == "line":
            for k in ("x1", "y1", "x2", "y2"):
                child.attrib.setdefault(k, "0")
        if child.text:
            child.text = pdf_text(child.text, latin1=True)
        _tidy(child)


# --- the page ----------------------------------------------------------------------------------


class _Handout(FPDF):
    def __init__(self, page: Page):
        super().__init__(orientation="portrait", unit="mm", format=page)
        self.core_fonts_encoding = "windows-1252"
        self.set_auto_page_break(False)
        self.set_margins(_MARGIN, _MARGIN, _MARGIN)
        self.set_creator("kcost")
        self.set_title("kcost handout: treatment costs and what to expect")
        self.c_margin = 1.2

    def lines(self, width: float, text: str, size: float, bold: bool = False) -> int:
        self.set_font("helvetica", "B" if bold else "", size)
        return len(self.multi_cell(width, size * _PT * 1.2, text, align="L", dry_run=True, output="LINES"))


def layout_pdf(
    projection: Projection,
    assumptions: Assumptions,
    facts: ScenarioFacts,
    *,
    page: Page,
    link: str | None,
    today: date,
) -> bytes:
    """The handout as PDF bytes (see the module docstring for the page)."""
    if page not in ("letter", "a4"):
        raise ValueError(f"page must be 'letter' or 'a4', not {page!r}")
    columns = columns_from(projection, assumptions)
    pdf = _Handout(page)
    pdf.add_page()
    width = pdf.w - 2 * _MARGIN

    _title(pdf, projection, assumptions, today)
    top = pdf.get_y() + 1.5
    terms = pdf_text(" ".join(facts.terms), 1_000) if facts.terms else None
    box_lines = [pdf_text(line, 220) for line in facts.lines]

    label_w = 31.0 if len(columns) >= 3 else 36.0
    col_w = (width - label_w) / max(len(columns), 1)
    cells = [[pdf_text(answer(c), _CELL_CHARS, keep_newlines=True) for c in columns] for _, answer in ROWS]
    heads = [pdf_text(c.label, _LABEL_CHARS) for c in columns]

    # Shrink until it fits: body size first, then the chart, then lines per cell (never the money rows), and
    # last the insurance and time terms leave the scenario box for a paragraph across the page above the link.
    chart_h, max_lines, size, terms_across, legend = 62.0, 12, 9.5, False, True
    while True:
        # The terms as one paragraph: a gap after every sentence would cost the page a line's height each.
        in_box = box_lines + ([terms] if terms and not terms_across else [])
        # The scenario box beside the chart: wider when it also holds the terms.
        chart_w = width * (0.5 if terms and not terms_across else 0.62)
        facts_w = width - chart_w - 3
        footer_h = _footer(pdf, link, facts, terms if terms_across else None, dry=True)
        bottom = pdf.h - _MARGIN - footer_h - 2
        grid_h = _grid(pdf, heads, cells, label_w, col_w, size, max_lines, top, dry=True)
        lower_h = max(chart_h, _facts_height(pdf, in_box, facts_w, size))
        if top + grid_h + 3 + lower_h <= bottom:
            break
        if size > MIN_BODY_PT:
            size = max(MIN_BODY_PT, size - 0.25)
        elif chart_h > _CHART_MIN_MM:
            chart_h -= 2
        elif max_lines > 4:
            max_lines -= 1
        elif terms and not terms_across:
            terms_across = True
        elif chart_h > _CHART_CROWDED_MM:
            chart_h -= 2  # a crowded page: a shorter chart rather than text over text
        elif legend:
            legend = False  # the grid's heading bars show each plan's colour and dashes too
        elif max_lines > 3:
            max_lines -= 1
        else:
            break
    bars = [(colour, dash) for _, colour, dash in legend_entries(projection)]
    grid_h = _grid(pdf, heads, cells, label_w, col_w, size, max_lines, top, dry=False, bars=bars)
    y = top + grid_h + 3
    # The chart takes the room left over, up to a height where it stops gaining detail.
    chart_h = max(chart_h, min(_CHART_MAX_MM, bottom - y))
    _chart(pdf, projection, _MARGIN, y, chart_w, chart_h, legend)
    _facts(pdf, in_box, _MARGIN + chart_w + 3, y, facts_w, size)
    pdf.set_xy(_MARGIN, pdf.h - _MARGIN - footer_h)
    _footer(pdf, link, facts, terms if terms_across else None, dry=False)
    return bytes(pdf.output())


def _title(pdf: _Handout, projection: Projection, assumptions: Assumptions, today: date) -> None:
    pdf.set_xy(_MARGIN, _MARGIN)
    pdf.set_font("helvetica", "B", 14)
    pdf.set_text_color(20, 20, 20)
    pdf.cell(0, 6.5, "Treatment choices for hard-to-treat anxiety: cost and what to expect",
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("helvetica", "", 8.5)
    pdf.set_text_color(60, 60, 60)
    when = f"{today.day} {today:%B %Y}"
    pdf.multi_cell(
        0, 4,
        align="L",
        text=pdf_text(
            f"Made on {when} with kcost for a time span of {horizon_phrase(projection.horizon_weeks)}. "
            f"Evidence last reviewed: {evidence_reviewed(assumptions)}. "
            "Money is what you pay, in US dollars; figures are rough and come from published prices and studies."
        ),
        new_x=XPos.LMARGIN, new_y=YPos.NEXT,
    )
    pdf.set_text_color(0, 0, 0)


def _grid(pdf: _Handout, heads, cells, label_w, col_w, size, max_lines, top, dry, bars=None) -> float:
    """Draw (or, with ``dry``, only measure) the grid; returns its height in mm.

    Each plan's heading sits under a bar in its line's colour and dashes, ``bars`` = [(colour, dash pattern in
    chart px)] as :func:`legend_entries` gives them, so the grid says which line is which even when the legend
    is left out.
    """
    line_h = size * _PT * 1.2
    pad = 1.0
    y = top
    # Header row: a bar in the plan's chart colour, then its name.
    head_lines = min(3, max(pdf.lines(col_w, h, size + 0.5, bold=True) for h in heads))
    head_h = head_lines * (size + 0.5) * _PT * 1.2 + 2 * pad + 1.2
    if not dry:
        for i, head in enumerate(heads):
            x = _MARGIN + label_w + i * col_w
            colour, dash = bars[i] if bars else (PALETTE[i % len(PALETTE)], [1, 0])
            pdf.set_fill_color(*_rgb(colour))
            for start, end in _dashes(dash, col_w - 0.8):
                pdf.rect(x + 0.4 + start, y, end - start, 1.2, style="F")
            pdf.set_xy(x, y + 1.2 + pad)
            head = _first_lines(pdf, head, col_w, size + 0.5, head_lines, bold=True)
            pdf.set_font("helvetica", "B", size + 0.5)
            pdf.multi_cell(col_w, (size + 0.5) * _PT * 1.2, head, align="L", new_x=XPos.RIGHT, new_y=YPos.TOP)
    y += head_h
    for r, ((question, _), row) in enumerate(zip(ROWS, cells)):
        q_lines = pdf.lines(label_w, question, size, bold=True)
        # Money, time and safety are never cut short: on a crowded page only the summary rows lose lines.
        limit = max_lines if question in SHORTENED_ROWS else 1_000
        n = max([q_lines] + [min(limit, pdf.lines(col_w, t, size)) for t in row])
        h = n * line_h + 2 * pad
        if not dry:
            if r % 2 == 0:
                pdf.set_fill_color(242, 244, 247)
                pdf.rect(_MARGIN, y, label_w + col_w * len(row), h, style="F")
            pdf.set_draw_color(200, 200, 200)
            pdf.line(_MARGIN, y, _MARGIN + label_w + col_w * len(row), y)
            pdf.set_xy(_MARGIN, y + pad)
            pdf.set_font("helvetica", "B", size)
            pdf.multi_cell(label_w, line_h, question, align="L", new_x=XPos.RIGHT, new_y=YPos.TOP)
            pdf.set_font("helvetica", "", size)
            for i, text in enumerate(row):
                text = _first_lines(pdf, text, col_w, size, limit)
                pdf.set_xy(_MARGIN + label_w + i * col_w, y + pad)
                pdf.multi_cell(col_w, line_h, text, align="L", new_x=XPos.RIGHT, new_y=YPos.TOP)
        y += h
    if not dry:
        pdf.line(_MARGIN, y, _MARGIN + label_w + col_w * len(heads), y)
    return y - top


def _first_lines(pdf: _Handout, text: str, width: float, size: float, max_lines: int, bold: bool = False) -> str:
    """``text`` cut to ``max_lines`` wrapped lines (ending in "…" when cut)."""
    pdf.set_font("helvetica", "B" if bold else "", size)
    lines = pdf.multi_cell(width, size * _PT * 1.2, text, align="L", dry_run=True, output="LINES")
    if len(lines) <= max_lines:
        return text
    # fpdf2 hands the lines back in its own encoding (cp1252 bytes read as Latin-1: "–" comes back as
    # "\x96"); drawn again as they are, those bytes are control characters the core fonts refuse.
    kept = [line.encode("latin-1").decode("cp1252").rstrip() for line in lines[:max_lines]]
    kept[-1] = kept[-1][: max(0, len(kept[-1]) - 2)].rstrip() + "…"
    return "\n".join(kept)


#: The printed legend: text size (pt), row height and line sample length (mm).
_LEGEND_PT = 8.0
_LEGEND_ROW_MM = 3.6
_LEGEND_LINE_MM = 7.0


def _chart(pdf: _Handout, projection: Projection, x: float, y: float, w: float, h: float, legend: bool = True) -> None:
    """The chart's heading, the chart, and (with ``legend``) each plan's line sample and name under it."""
    pdf.set_xy(x, y)
    pdf.set_font("helvetica", "B", 9)
    pdf.cell(w, 4.5, "What you pay so far (US dollars), week by week")
    entries = legend_entries(projection)
    columns = _legend_columns(pdf, [label for label, _, _ in entries], w)
    rows = -(-len(entries) // columns)
    legend_h = rows * _LEGEND_ROW_MM + 1.0 if legend else 0.0
    plot_h = h - 5 - legend_h
    svg = chart_svg(projection, int(w * _CHART_PX_PER_MM), int(plot_h * _CHART_PX_PER_MM), legend=False)
    pdf.image(io.BytesIO(svg), x=x, y=y + 5, w=w, h=plot_h)
    if legend:
        _legend(pdf, entries, columns, x, y + 5 + plot_h + 1.0, w)


def _dashes(pattern: list[float], length: float) -> list[tuple[float, float]]:
    """The drawn stretches of a line ``length`` mm long with an SVG dash ``pattern`` in chart px (on, off, …).

    ``[8, 3, 2, 3]`` over 7 mm (8 px = 3.1 mm): (0, 3.1), (4.3, 5.1) and (6.3, 7); ``[1, 0]`` is one solid stretch.
    """
    steps = [max(float(x), 0.0) / _CHART_PX_PER_MM for x in pattern] or [length]
    if len(steps) % 2:
        steps = steps * 2  # an odd list repeats, as in SVG
    if sum(steps[1::2]) <= 0:
        return [(0.0, length)]
    out, at, i = [], 0.0, 0
    while at < length:
        step = steps[i % len(steps)]
        if i % 2 == 0 and step > 0:
            out.append((at, min(at + step, length)))
        at += step
        i += 1
    return out


def _legend_columns(pdf: _Handout, labels: list[str], width: float) -> int:
    """Two columns when every whole name fits half the width beside its line sample, else one."""
    pdf.set_font("helvetica", "", _LEGEND_PT)
    room = width / 2 - _LEGEND_LINE_MM - 3
    return 2 if all(pdf.get_string_width(pdf_text(label, _LABEL_CHARS)) <= room for label in labels) else 1


def _legend(pdf: _Handout, entries, columns: int, x: float, y: float, width: float) -> None:
    """Each plan's line sample (its colour and dashes) and whole name, in ``columns`` columns, row by row."""
    col_w = width / columns
    pdf.set_font("helvetica", "", _LEGEND_PT)
    pdf.set_line_width(0.7)
    for i, (label, colour, dash) in enumerate(entries):
        cx, cy = x + (i % columns) * col_w, y + (i // columns) * _LEGEND_ROW_MM
        pdf.set_draw_color(*_rgb(colour))
        for start, end in _dashes(dash, _LEGEND_LINE_MM):
            pdf.line(cx + 0.5 + start, cy + _LEGEND_ROW_MM / 2, cx + 0.5 + end, cy + _LEGEND_ROW_MM / 2)
        pdf.set_xy(cx + _LEGEND_LINE_MM + 1.5, cy)
        text = pdf_text(label, _LABEL_CHARS)
        pdf.cell(col_w - _LEGEND_LINE_MM - 2, _LEGEND_ROW_MM, _first_lines(pdf, text, col_w - _LEGEND_LINE_MM - 2, _LEGEND_PT, 1))
    pdf.set_line_width(0.2)
    pdf.set_draw_color(0, 0, 0)


def _facts_height(pdf: _Handout, lines: list[str], width: float, size: float) -> float:
    line_h = size * _PT * 1.2
    return 5 + sum(pdf.lines(width, line, size) * line_h + 0.8 for line in lines)


def _facts(pdf: _Handout, lines: list[str], x: float, y: float, w: float, size: float) -> None:
    pdf.set_xy(x, y)
    pdf.set_font("helvetica", "B", 9)
    pdf.cell(w, 4.5, "Your scenario")
    pdf.set_font("helvetica", "", size)
    line_h = size * _PT * 1.2
    y += 5
    for line in lines:
        pdf.set_xy(x, y)
        pdf.multi_cell(w, line_h, line, align="L", new_x=XPos.LEFT, new_y=YPos.NEXT)
        y = pdf.get_y() + 0.8


def _footer(pdf: _Handout, link: str | None, facts: ScenarioFacts, terms: str | None, dry: bool) -> float:
    """Draw (or measure) the terms (when given), the link, the not-advice line and the crisis line; returns the
    height in mm."""
    size = 8.0
    line_h = size * _PT * 1.25
    width = pdf.w - 2 * _MARGIN
    parts: list[tuple[str, str, bool]] = []  # (text, style, markdown)
    if terms:
        parts.append((terms, "", False))
    if link:
        left = ""
        if facts.left_out_of_link:
            left = " It cannot carry: " + "; ".join(facts.left_out_of_link) + "."
        parts.append((pdf_text("Open this comparison again in kcost with the link below." + left, 600), "", False))
        parts.append((pdf_text(link, _LINK_CHARS), "link", False))
    parts.append((pdf_text(fixed_content.NOT_ADVICE), "", True))
    parts.append((pdf_text(fixed_content.CRISIS_LINE), "", True))  # bold where the text says so
    height = 1.5
    for text, style, _ in parts:
        height += pdf.lines(width, text.replace("**", ""), size) * line_h + 0.6
    if dry:
        return height
    y = pdf.get_y()
    pdf.set_draw_color(150, 150, 150)
    pdf.line(_MARGIN, y, _MARGIN + width, y)
    pdf.set_xy(_MARGIN, y + 1.5)
    for text, style, markdown in parts:
        pdf.set_font("helvetica", "", size)
        if style == "link":
            pdf.set_text_color(0, 70, 160)
            pdf.multi_cell(width, line_h, text, link=text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.set_text_color(0, 0, 0)
        else:
            pdf.multi_cell(width, line_h, text, markdown=markdown, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_y(pdf.get_y() + 0.6)
    return height


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)

