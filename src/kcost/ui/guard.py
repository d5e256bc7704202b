"""No traceback to a user, no user value in the server log.

Two holes are closed here:

* An unexpected error while drawing a page would reach Streamlit's own
  handler, which shows a generic box (``client.showErrorDetails = "none"``)
  but logs the full exception: its message can hold values from the link or
  an uploaded file. :func:`guarded` catches it first, shows a plain message
  and logs only the exception's *type* and where it happened (file, line,
  function: code, never data).
* Errors that escape anyway (in a widget callback, in a file made for a
  download button, or in Streamlit itself) are logged by Streamlit's own
  loggers; :class:`OnlyTheType`, on each of them, rewrites those records the
  same way before any handler sees them.
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path
from typing import Callable

import streamlit as st

__all__ = ["OnlyTheType", "guarded", "install_log_filter", "where"]

LOG = logging.getLogger("kcost")
#: Streamlit's logger for uncaught errors in a script or callback (streamlit/error_util.py).
STREAMLIT_ERROR_LOGGER = "streamlit.error_util"

MESSAGE = (
    "Something went wrong while drawing this page, and it has been noted (without your values). "
    "Your scenario is kept in the address: reload the page to try again."
)


def where(exc: BaseException) -> str:
    """Where ``exc`` was raised, as ``file:line in function`` frames (innermost last); no values, no source text."""
    frames = traceback.extract_tb(exc.__traceback__)[-4:]
    return " < ".join(f"{Path(f.filename).name}:{f.lineno} in {f.name}" for f in reversed(frames))


class OnlyTheType(logging.Filter):
    """Rewrite a record that carries an exception to its type and location only (its text may hold user values)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            # The template only: its arguments may be values too.
            record.msg = f"{record.msg}: {type(exc).__name__} at {where(exc)}"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


def install_log_filter() -> None:
    """Add :class:`OnlyTheType` to every Streamlit logger (idempotent; cheap enough for every script run).

    Each Streamlit module logs to a logger of its own that does not pass records on to its parents, so a
    filter on one of them covers only that one: a file made for a download button that raises is logged
    by ``streamlit.runtime.backend_operation_handler``, a callback's error by ``streamlit.error_util``.
    """
    names = [STREAMLIT_ERROR_LOGGER, *logging.root.manager.loggerDict]
    for name in names:
        if name != "streamlit" and not name.startswith("streamlit."):
            continue
        logger = logging.getLogger(name)
        if not any(isinstance(f, OnlyTheType) for f in logger.filters):
            logger.addFilter(OnlyTheType())


def guarded(draw: Callable[[], None]) -> None:
    """Run ``draw``; on an unexpected error show :data:`MESSAGE` and log only the error's type and place.

    Streamlit's own control flow (``st.rerun``, ``st.stop``) derives from
    ``BaseException``, not ``Exception``, and passes through untouched.
    """
    try:
        draw()
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback, never a value in the log
        LOG.error("internal error while drawing a page: %s at %s", type(exc).__name__, where(exc))
        st.error(MESSAGE)
