"""Two kcost replicas behind nginx (deploy/run-replicas.sh): headers, affinity, limits, failover.

Runs Debian's nginx and two `streamlit run app.py` on loopback ports (8640 and up). The
failover test drives Debian's Chromium: it opens a scenario link through the proxy, kills the
replica that serves the page, and checks the page reconnects through nginx to the other one
and shows the same scenario, with no Content-Security-Policy violation and no request to any
other host.
"""

from __future__ import annotations

import threading

import http.client
import os
import re
import signal
import time
import urllib.request
from urllib.parse import urlsplit

import pytest

from .conftest import Replicas, require

pytestmark = pytest.mark.deploy

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AFFINITY = re.compile(r"kcost_replica=([0-9a-f]{32}); Path=/; HttpOnly; SameSite=Lax")
LOG_LINE = re.compile(r'"(?P<method>\S+) (?P<uri>\S+)" (?P<status>\d+) \d+ upstream=(?P<upstream>\S+(?:, \S+)*) time=')
IDLE = '[data-testid="stApp"][data-test-connection-state="CONNECTED"][data-test-script-state="notRunning"]'
STATUS_WIDGET = '[data-testid="stStatusWidget"]'
MAIN = '[data-testid="stMain"]'
#: Records every Content-Security-Policy violation and every connection state the page goes through.
PAGE_PROBE = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    e => window.__csp.push(e.effectiveDirective + ' ' + e.blockedURI));
window.__states = [];
new MutationObserver(() => {
    const app = document.querySelector('[data-testid="stApp"]');
    const s = app && app.getAttribute('data-test-connection-state');
    if (s && window.__states[window.__states.length - 1] !== s) window.__states.push(s);
}).observe(document, {subtree: true, attributes: true, childList: true,
                      attributeFilter: ['data-test-connection-state']});
"""
# The scenario in the link: a two-year horizon and $700 a session for IV ketamine (both not the
# defaults, which are one year and $550). The page shows them on the two sliders.
SCENARIO = "?weeks=2+years&ketamine-iv.price=700"
SHOWN = {"Over how long": "2 years", "Price per session": "700"}


def get(url: str, headers: dict[str, str] | None = None, method: str = "GET", body: bytes | None = None):
    """(status, headers) of one request; HTTP errors are answers too."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=15)
    try:
        conn.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), body=body, headers=headers or {})
        response = conn.getresponse()
        response.read()
        return response.status, response.headers
    finally:
        conn.close()


def answered_by(log_text: str) -> list[tuple[str, str, str]]:
    """(uri, status, replica that answered) per access-log line; nginx lists every replica it tried."""
    return [(m["uri"], m["status"], m["upstream"].split(", ")[-1]) for m in LOG_LINE.finditer(log_text)]


def assert_security_headers(headers, what: str) -> None:
    csp = headers.get("Content-Security-Policy", "")
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.strip()}
    assert directives.get("default-src") == ["'self'"], (what, csp)
    assert directives.get("frame-ancestors") == ["'none'"], (what, csp)
    assert directives.get("object-src") == ["'none'"], (what, csp)
    # Only this host: every source is a quoted keyword or hash, or the data: scheme; no host names.
    for name, sources in directives.items():
        for source in sources:
            assert source.startswith("'") or source == "data:", f"{what}: {name} allows {source}"
    assert headers.get("Referrer-Policy") == "no-referrer", what
    assert headers.get("X-Content-Type-Options") == "nosniff", what
    assert headers.get("X-Frame-Options") == "DENY", what
    assert headers.get("Server") == "nginx", f"{what}: Server header {headers.get('Server')!r} shows more than the name"
    # One copy of each: Streamlit's own are hidden behind nginx's.
    for name in ("Content-Security-Policy", "X-Frame-Options", "Referrer-Policy", "X-Content-Type-Options"):
        assert len(headers.get_all(name) or []) == 1, f"{what}: {name} twice"


def test_every_response_carries_the_security_headers(replicas: Replicas) -> None:
    for path, status in [("", 200), ("_stcore/health", 200), ("media/no-such-file.png", 404)]:
        got, headers = get(replicas.url + path)
        assert got == status, path
        assert_security_headers(headers, f"/{path} ({status})")


def test_a_browser_stays_on_one_replica_and_browsers_spread_over_both(replicas: Replicas) -> None:
    start = replicas.log_mark()
    cookies = []
    for _ in range(20):
        _, headers = get(replicas.url)
        match = AFFINITY.fullmatch(headers.get("Set-Cookie", ""))
        assert match, headers.get("Set-Cookie")
        cookies.append(match[1])
    assert len(set(cookies)) == 20  # a fresh random id per new browser
    first_pages = [replica for _, _, replica in answered_by(replicas.log_since(start, 20))]
    # 20 random ids all on one of two replicas: chance 2 in 2**20.
    assert set(first_pages) == {f"127.0.0.1:{replicas.port + i}" for i in (1, 2)}

    for cookie, first in list(zip(cookies, first_pages))[:4]:
        mark = replicas.log_mark()
        for path in ("", "_stcore/health", "_stcore/host-config", ""):
            _, headers = get(replicas.url + path, {"Cookie": f"kcost_replica={cookie}"})
            assert "Set-Cookie" not in headers or not headers["Set-Cookie"].startswith("kcost_replica")
        # The first request (no cookie yet) was hashed on the id it was given: same replica.
        log = replicas.log_since(mark, 4)
        assert {r for _, _, r in answered_by(log)} == {first}, log


def test_request_bodies_over_the_upload_limit_are_refused(replicas: Replicas) -> None:
    # Streamlit's maxUploadSize is 1 MB; nginx allows 1100 KB for the multipart envelope.
    status, headers = get(replicas.url + "_stcore/upload_file/x/y", method="PUT", body=b"x" * 1_200_000,
                          headers={"Content-Type": "application/octet-stream"})
    assert status == 413
    assert_security_headers(headers, "413")


def test_access_log_keeps_no_query_string(replicas: Replicas) -> None:
    start = replicas.log_mark()
    get(replicas.url + "?ketamine-iv.price=777&plans=ketamine-iv")
    lines = replicas.log_since(start, 1)
    assert '"GET /" 200' in lines
    assert "777" not in lines and "?" not in lines and "ketamine" not in lines


def slider_values(page) -> dict[str, str]:
    shown = {}
    for slider in page.get_by_role("slider").all():
        label = (slider.get_attribute("aria-label") or "").replace("\\", "")
        for name in SHOWN:
            if label.startswith(name) and name not in shown:
                shown[name] = slider.get_attribute("aria-valuetext")
    return shown


def settled_text(page, timeout_s: float = 60) -> str:
    """The page's main text once the script is idle, the scenario's sliders are drawn and the
    text has stayed the same for a second (a run draws the page in several steps)."""
    deadline = time.monotonic() + timeout_s
    previous = None
    while time.monotonic() < deadline:
        if page.locator(IDLE).count() and not page.locator(STATUS_WIDGET).count() and slider_values(page) == SHOWN:
            text = page.locator(MAIN).inner_text()
            if text == previous:
                return text
            previous = text
        else:
            previous = None
        page.wait_for_timeout(1000)
    raise AssertionError(f"the page did not settle on the scenario in {timeout_s:.0f} s: sliders show {slider_values(page)}")


def test_page_reconnects_to_the_other_replica_with_the_same_scenario(replicas: Replicas) -> None:
    require("chromium", CHROMIUM)
    # Its own thread: Playwright's sync API refuses to start where another sync session (the browser
    # tests' session-wide one, when both folders run in one pytest) keeps an event loop running.
    failure: list[BaseException] = []

    def run() -> None:
        try:
            _reconnects_with_the_same_scenario(replicas)
        except BaseException as exc:  # noqa: BLE001 - handed back to the test's own thread
            failure.append(exc)

    worker = threading.Thread(target=run, name="failover-browser")
    worker.start()
    worker.join(timeout=300)
    assert not worker.is_alive(), "the failover check did not finish in 300 s"
    if failure:
        raise failure[0]


def _reconnects_with_the_same_scenario(replicas: Replicas) -> None:
    from playwright.sync_api import sync_playwright

    origin = f"127.0.0.1:{replicas.port}"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context()
            context.set_default_timeout(30_000)
            page = context.new_page()
            seen: list[str] = []
            page.on("request", lambda r: seen.append(r.url))
            page.on("websocket", lambda ws: seen.append(ws.url))
            csp_console: list[str] = []
            page.on("console", lambda m: csp_console.append(m.text) if "Content Security Policy" in m.text else None)
            page.add_init_script(PAGE_PROBE)

            start = replicas.log_mark()
            response = page.goto(replicas.url + SCENARIO, wait_until="domcontentloaded")
            page_headers = response.all_headers()
            assert page_headers["referrer-policy"] == "no-referrer"
            assert "frame-ancestors 'none'" in page_headers["content-security-policy"]
            text_before = settled_text(page)
            assert "700" in text_before

            served = {replica for _, _, replica in answered_by(replicas.access_log()[start:replicas.log_mark()])}
            assert len(served) == 1, f"one browser, several replicas: {served}"
            (serving,) = served
            (survivor,) = {f"127.0.0.1:{replicas.port + i}" for i in (1, 2)} - served

            killed_at = replicas.log_mark()
            os.kill(replicas.replica_pid(serving), signal.SIGKILL)  # a crash, not a clean stop

            # The page notices, asks nginx again, and nginx answers from the survivor.
            deadline = time.monotonic() + 60
            while not any(r == survivor for _, _, r in answered_by(replicas.access_log()[killed_at:])):
                assert time.monotonic() < deadline, "no request reached the surviving replica:\n" + replicas.logs()
                time.sleep(0.25)
            page.wait_for_function("window.__states.slice(1).includes('CONNECTED') "
                                   "&& window.__states.some(s => s !== 'CONNECTED')", timeout=60_000)
            # The new session's first run draws the page again: the same scenario, the same page.
            assert settled_text(page) == text_before
            after = answered_by(replicas.access_log()[killed_at:])
            # Only the old websocket (closed by the crash) is logged against the dead replica.
            assert {r for uri, status, r in after if status != "101"} == {survivor}, after

            assert page.evaluate("window.__csp") == []
            assert csp_console == []
            other_hosts = {u for u in seen if urlsplit(u).scheme in ("http", "https", "ws", "wss")
                           and urlsplit(u).netloc != origin}
            assert not other_hosts
            assert any(urlsplit(u).scheme == "ws" for u in seen)
        finally:
            browser.close()
