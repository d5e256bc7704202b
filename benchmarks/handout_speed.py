"""Benchmark: the one-page handout PDF from a warm process (issue 10: goal <= 2 s).

Run: .venv/bin/python benchmarks/handout_speed.py   (or `make bench`)

Prints, in one run, for 4 plans over 2 years on Letter (the fullest page the app can ask for):
1. The first handout in a fresh process (vl-convert starts its JavaScript engine, fpdf2 loads).
2. kcost.present.handout.handout() once warm, the projection already computed (as in the app when
   the download button is pressed): median of 10; goal <= 2 s.
3. Where that time goes: the chart alone (Vega-Lite -> SVG with vl-convert), median of 10.
4. Same-run baseline: fpdf2 writing one page with the same text in plain cells and no chart, median of 10,
   and the ratio of the handout to it.
"""

from __future__ import annotations

import sys
import time
from datetime import date

from fpdf import FPDF
from timing import median_time

from kcost import load_assumptions, project
from kcost.present.handout import handout
from kcost.present.handout_pdf import chart_svg, pdf_text
from kcost.present.handout_table import ROWS, columns_from

PLANS = ["ketamine-iv", "ketamine-at-home", "esketamine", "ssri-cbt"]
WEEKS, REPEATS, GOAL_S = 104, 10, 2.0
TODAY = date(2026, 11, 20)


def bare_page(texts: list[str]) -> bytes:
    """The same words in one column of plain cells on one page: fpdf2's own cost for this much text."""
    pdf = FPDF(format="letter")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("helvetica", "", 7.5)
    for text in texts:
        pdf.multi_cell(190, 3, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def main() -> int:
    assumptions = load_assumptions()
    start = time.perf_counter()
    result = project(assumptions, PLANS, WEEKS)
    first = handout(result, assumptions, today=TODAY)
    t_cold = time.perf_counter() - start
    assert first.startswith(b"%PDF-")

    t_handout = median_time(lambda: handout(result, assumptions, today=TODAY), REPEATS)
    t_chart = median_time(lambda: chart_svg(result, 300, 150), REPEATS)
    texts = [pdf_text(answer(c), keep_newlines=True, latin1=True) for _, answer in ROWS for c in columns_from(result, assumptions)]
    t_bare = median_time(lambda: bare_page(texts), REPEATS)

    print(f"Handout PDF, {len(PLANS)} plans, {WEEKS} weeks, Letter ({len(first):,} bytes)")
    print(f"  first in a fresh process (projection + imports warm-up):  {t_cold:6.3f} s")
    print(f"  warm, median of {REPEATS}:                                   {t_handout:6.3f} s   goal <= {GOAL_S:.1f} s "
          f"({'met' if t_handout <= GOAL_S else 'NOT met'})")
    print(f"    of which the chart (vl-convert to SVG), median of {REPEATS}:  {t_chart:6.3f} s")
    print(f"  baseline: fpdf2, same words, plain cells, no chart:         {t_bare:6.3f} s   "
          f"ratio {t_handout / t_bare:5.1f}x")
    return 0 if t_handout <= GOAL_S else 1


if __name__ == "__main__":
    sys.exit(main())
