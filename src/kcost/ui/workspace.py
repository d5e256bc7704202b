"""The analyst's page: every parameter with its evidence, a safe YAML editor, and sensitivity."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ..model.assumptions import MAX_BYTES, AssumptionsError, parse_assumptions
from ..model.assumptions.diff import differences
from ..model.assumptions.parameter_table import parameter_frame
from ..present.charts import tornado_spec
from ..model.sensitivity import one_way
from ..present import fixed_content
from ..present.formats import money, plain
from ..present.names import parameter_names
from .session import active_assumptions, active_text, apply_assumptions, shipped_assumptions, using_edited

__all__ = ["render"]

EDITOR = "yaml_text"
#: A copy of the editor's text that outlives the widget: Streamlit drops a widget's state on a page
#: that does not draw it, so without this the text was lost on a visit to Compare.
DRAFT = "yaml_draft"


def render() -> None:
    st.title("Assumptions")
    st.caption(
        "Every number kcost uses, where it came from, and how much it matters. Edits apply to your browser "
        "session only; nothing is saved on the server.  \n" + fixed_content.NOT_ADVICE + "  \n" + fixed_content.CRISIS_LINE
    )
    if using_edited():
        st.info("This session uses your edited assumptions.")
        st.button("Go back to the shipped assumptions", on_click=_back_to_shipped)
    _table()
    _editor()
    _sensitivity()


def _back_to_shipped() -> None:
    apply_assumptions(None, None)
    _set_text(active_text())


def _set_text(text: str) -> None:
    st.session_state[EDITOR] = text
    st.session_state[DRAFT] = text


def _keep_draft() -> None:
    st.session_state[DRAFT] = st.session_state[EDITOR]


def _table() -> None:
    assumptions = active_assumptions()
    st.subheader("Every parameter")
    choice = st.selectbox(
        "Show the parameters of",
        ["all", *assumptions.plans],
        format_func=lambda p: "every plan" if p == "all" else assumptions.plans[p].label,
        key="param_plan",
    )
    frame = parameter_frame(assumptions, None if choice == "all" else [choice])
    frame = frame.assign(
        flag=[
            ", ".join(
                x
                for x in (
                    "weak" if s in ("weak", "unverified") else "",
                    "kcost assumption" if s == "assumption" else "",
                    "depression data" if p == "depression" else "",
                )
                if x
            )
            for s, p in zip(frame["strength"], frame["population"])
        ]
    )
    st.dataframe(
        frame[["path", "base", "low", "high", "unit", "flag", "sources", "links", "seen", "note"]],
        hide_index=True,
        column_config={"links": st.column_config.TextColumn("links")},
    )


def read_upload(upload) -> tuple[str | None, str | None]:
    """``(text, None)`` for an acceptable upload, ``(None, problem)`` otherwise.

    The size is checked from the upload's declared size before any byte is
    read; the name and extension are ignored, the content is what counts.
    """
    if upload.size > MAX_BYTES:
        return None, f"The file is {upload.size:,} bytes; the limit is {MAX_BYTES:,} bytes."
    try:
        return upload.getvalue().decode("utf-8"), None
    except UnicodeDecodeError:
        return None, "The file is not UTF-8 text."


def _load_upload() -> None:
    upload = st.session_state.get("yaml_upload")
    if upload is None:
        return
    text, problem = read_upload(upload)
    if problem is None:
        _set_text(text)
        st.session_state.pop("upload_problem", None)
    else:
        st.session_state["upload_problem"] = problem


def _editor() -> None:
    st.subheader("Edit the assumptions")
    if EDITOR not in st.session_state:
        st.session_state[EDITOR] = st.session_state.get(DRAFT, active_text())
    st.file_uploader(
        "Load a YAML file into the editor",
        key="yaml_upload",
        on_change=_load_upload,
        help=f"Up to {MAX_BYTES // 1000:,} kB. The file's name and extension are not trusted; its content is checked.",
    )
    if "upload_problem" in st.session_state:
        st.error(st.session_state["upload_problem"])
    text = st.text_area("Assumptions (YAML)", key=EDITOR, height=360, max_chars=MAX_BYTES, on_change=_keep_draft)
    try:
        edited = parse_assumptions(text)
    except AssumptionsError as exc:
        count = len(exc.problems)
        st.error(
            f"{count} {'problem' if count == 1 else 'problems'}; the app keeps using the last valid assumptions. "
            "Your text is kept."
        )
        # Static, so a long message (a YAML syntax error quotes the line) wraps instead of being cut off.
        st.table(
            pd.DataFrame(
                [
                    {
                        "Where in the file": plain(p.path or "(file)"),
                        "Line": "—" if p.line is None else str(p.line),
                        "Problem": plain(p.message),
                    }
                    for p in exc.problems
                ]
            ),
            hide_index=True,
        )
        edited = None
    if edited is not None:
        changes = differences(shipped_assumptions(), edited)
        differ = "1 value differs" if len(changes) == 1 else f"{len(changes)} values differ"
        st.success(f"Valid. {differ} from the shipped defaults.")
        if changes:
            st.dataframe(
                pd.DataFrame(changes, columns=["path", "shipped", "edited"]).astype(str), hide_index=True
            )
        st.button("Apply to this session", type="primary", on_click=apply_assumptions, args=(edited, text))
    st.download_button(
        "Download the assumptions (YAML)", text, file_name="pricing.yaml", mime="application/x-yaml"
    )


def _sensitivity() -> None:
    assumptions = active_assumptions()
    st.subheader("What moves the answer (one-way sensitivity)")
    st.caption("Each ranged number is set to its low, then its high value, with every other number at its base.")
    plans = list(assumptions.plans)
    a, b, c = st.columns(3)
    plan = a.selectbox("Plan", plans, format_func=lambda p: assumptions.plans[p].label, key="sens_plan")
    outcome = b.selectbox(
        "Outcome",
        ["total", "until-onset", "difference"],
        format_func={"total": "Total at the horizon", "until-onset": "Cost until expected relief",
                     "difference": "Difference from another plan"}.get,
        key="sens_outcome",
    )
    weeks = c.number_input("Horizon (weeks)", 1, 260, 52, key="sens_weeks")
    against = None
    if outcome == "difference":
        others = [p for p in plans if p != plan]
        against = st.selectbox("Compared with", others, format_func=lambda p: assumptions.plans[p].label, key="sens_against")
    base, swings = one_way(assumptions, plan, int(weeks), outcome, against)
    moving = [s for s in swings if s.width > 0]
    st.write(plain(f"Base: {money(base)}. {len(moving)} of {len(swings)} ranged numbers move it."))
    if moving:
        # Named from the file's labels for reading; the exact path stays beside it for analysts.
        names = parameter_names(assumptions, [s.path for s in moving])
        if against is None:
            # One plan, picked just above: its name before every bar only narrows the chart (a phone shows
            # little else). A difference keeps both plans' names.
            mine = f"{assumptions.plans[plan].label}: "
            names = [(n := name.removeprefix(mine))[:1].upper() + n[1:] for name in names]
        frame = pd.DataFrame(
            [
                {
                    "parameter": name,
                    "path": s.path,
                    "low": s.low_value,
                    "high": s.high_value,
                    "at_low": round(s.outcome_at_low, 2),
                    "at_high": round(s.outcome_at_high, 2),
                    "swing": round(s.width, 2),
                }
                for name, s in zip(names, moving)
            ]
        )
        st.vega_lite_chart(
            spec=tornado_spec(frame, base),
            width="stretch",
            alt=f"Tornado chart; the largest swing is {names[0]}, {money(moving[0].width)}.",
        )
        st.dataframe(
            frame,
            hide_index=True,
            column_config={
                "parameter": "Number",
                "path": st.column_config.TextColumn("Path in the file"),
                "low": "Low value",
                "high": "High value",
                "at_low": st.column_config.NumberColumn("Result at low", format="dollar"),
                "at_high": st.column_config.NumberColumn("Result at high", format="dollar"),
                "swing": st.column_config.NumberColumn("Swing", help="How far apart the results at low and high are", format="dollar"),
            },
        )
