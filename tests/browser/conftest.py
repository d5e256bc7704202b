"""Fixtures for the browser tests: a real `streamlit run app.py` on a free loopback port,
driven by Debian's Chromium through Playwright.

`playwright install` is not used: the tests launch /usr/bin/chromium. When it is missing
the tests are skipped on a workstation and fail in CI (CI=true), so CI cannot pass
without having run them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def playwright_api():
    """``playwright.sync_api``; without the package, skip the calling test module on a workstation and fail in
    CI (CI=true). Called at the top of each browser test module: ``expect = playwright_api().expect``."""
    try:
        import playwright.sync_api as api
    except ImportError:  # pragma: no cover - the test extra is not installed
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("the playwright package is not installed (pip install -e '.[test]')", allow_module_level=True)
    return api

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HEALTH_TIMEOUT_S = 60
# One page load or rerun; generous for a loaded CI machine, far below pytest's patience.
APP_TIMEOUT_MS = 30_000

# The app is idle: connected, its script not running, no "Running..." widget.
IDLE = (
    '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
    '[data-test-script-state="notRunning"]'
)
STATUS_WIDGET = '[data-testid="stStatusWidget"]'
METRIC = '[data-testid="stMetric"]'


def free_port() -> int:
    """A port that was free on 127.0.0.1 a moment ago: the first free one in $KCOST_PORTS ("LOW-HIGH",
    for a shared machine where each person has a range), else one the OS picks."""
    low, _, high = os.environ.get("KCOST_PORTS", "").partition("-")
    for port in range(int(low), int(high or low) + 1) if low else [0]:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError(f"no free port in KCOST_PORTS={low}-{high}")


def chromium_or_skip() -> str:
    """Chromium's path; skip without it, except in CI where a missing browser is a failure."""
    if os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    message = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to run the browser tests"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (CI=true, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(message)


@dataclass(frozen=True)
class Server:
    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"


def wait_for_health(url: str, proc: subprocess.Popen, log: Path, timeout_s: float = HEALTH_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=2) as response:
                if response.status == 200 and response.read().decode().strip() == "ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url}_stcore/health did not answer 'ok' in {timeout_s} s:\n{log.read_text(errors='replace')}")


def start_streamlit(script: Path, port: int, log: Path, cwd: Path = ROOT) -> subprocess.Popen:
    """`python -m streamlit run SCRIPT` headless on 127.0.0.1:PORT, output to LOG."""
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log.open("wb") as out:
        return subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    return chromium_or_skip()


@pytest.fixture(scope="session")
def app_server(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The kcost app, served once for the whole browser session."""
    port = free_port()
    log = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    proc = start_streamlit(ROOT / "app.py", port, log)
    try:
        server = Server(port, log)
        wait_for_health(server.url, proc, log)
        yield server
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_page(browser):
    """Open pages in fresh browser contexts (no shared storage); all are closed after the test."""
    contexts = []

    def make(**context_options):
        context = browser.new_context(**context_options)
        context.set_default_timeout(APP_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def wait_until_idle(page, timeout_ms: int = APP_TIMEOUT_MS) -> None:
    """Wait until the app has finished running: first metric visible, script idle, no status widget."""
    page.locator(METRIC).first.wait_for(state="visible", timeout=timeout_ms)
    page.locator(IDLE).wait_for(state="attached", timeout=timeout_ms)
    page.locator(STATUS_WIDGET).wait_for(state="detached", timeout=timeout_ms)


def open_app(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    wait_until_idle(page)
