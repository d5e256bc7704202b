"""``kcost app``: serve the installed package's Streamlit app with kcost's own settings.

The settings of ``.streamlit/config.toml`` (shipped as package data) are passed
to ``streamlit run`` as flags, so they hold whatever the current directory is:
no usage statistics, XSRF protection, no error details shown, small uploads.
The process is replaced by Streamlit's (``exec``), so stopping ``kcost app``
stops the server.
"""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

from .shipped import streamlit_settings_file

__all__ = ["app_command", "settings_flags"]

APP_SCRIPT = Path(__file__).resolve().parent / "ui" / "app_entry.py"


def settings_flags(config: Path | None = None) -> list[str]:
    """kcost's Streamlit settings as ``streamlit run`` flags: ``[browser] gatherUsageStats = false`` →
    ``--browser.gatherUsageStats false``."""
    data = tomllib.loads((config or streamlit_settings_file()).read_text(encoding="utf-8"))
    flags = []
    for section, options in data.items():
        for key, value in options.items():
            text = str(value).lower() if isinstance(value, bool) else str(value)
            flags += [f"--{section}.{key}", text]
    return flags


def app_command(port: int, address: str) -> list[str]:
    """The ``streamlit run`` command line that serves the app on ``address:port``, headless."""
    return [
        sys.executable, "-m", "streamlit", "run", str(APP_SCRIPT),
        *settings_flags(),
        "--server.headless", "true",
        "--server.address", address,
        "--server.port", str(port),
    ]  # fmt: skip


def serve(port: int, address: str) -> None:  # pragma: no cover - replaces the process; tested end to end
    command = app_command(port, address)
    os.execv(command[0], command)
