"""How much slower is kcost than a bare Streamlit page with the same widgets?

    .venv/bin/python benchmarks/app_speed.py            # the table (about 1-2 minutes)
    .venv/bin/python benchmarks/app_speed.py --profile  # plus where kcost's time goes

Runs kcost (app.py) and benchmarks/bare_app.py (same page config and widgets, same keys,
bound to the URL, but no kcost and no computation) and prints, for each, with the ratio:

1. cold start: process start -> /_stcore/health answers "ok" -> first page fully rendered
   in Chromium (script idle, figures and chart drawn); median over --cold-runs starts.
   The two apps are started one after the other, never at the same time.
2. rerun, server side: streamlit.testing.v1.AppTest runs the script once, then the median
   of --reruns reruns, each after `slider(key="ketamine-iv.price").set_value(...)`.
   AppTest always runs the whole script: for kcost that is the whole page, although in a
   browser a price change reruns only its figures (an st.fragment); measure 3 has that run.
3. slider change in Chromium: ArrowRight on the focused price slider -> the new value is
   on screen and the script is idle (kcost: the "First 4 weeks" figure shows the new cost
   and the cost chart has been redrawn; bare: the written value shows the new price);
   median over --changes changes. Both servers run side by side on free loopback ports (--ports
   or $KCOST_PORTS limit them to a range). Where the time went: the page's main-thread task time
   in Chromium and the server's CPU time, per change.

Goals (issue 10): slider change in Chromium <= 1.0x bare; rerun with the uncertainty band on <= 1.5x the
bare rerun; cold start <= 1.5x bare (issue 3: plain rerun <= 1.5x).

Chromium is Debian's /usr/bin/chromium (`playwright install` is not used).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = {"kcost": ROOT / "app.py", "bare": ROOT / "benchmarks" / "bare_app.py"}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PRICE_KEY = "ketamine-iv.price"
DEFAULT_PRICE, PRICE_STEP = 550, 5
# kcost's IV plan: $250 consultation + 6 infusions in the first 4 weeks.
CONSULTATION, INDUCTION = 250, 6
GOALS = {"cold": 1.5, "rerun": 1.5, "band": 1.5, "browser": 1.0}
TIMEOUT_S = 60


def first_4_weeks(price: int) -> str:
    return f"${CONSULTATION + INDUCTION * price:,}"


# --- servers -----------------------------------------------------------------------------------


#: Ports the servers may use, "LOW-HIGH" (from --ports or $KCOST_PORTS); None lets the OS pick a free one.
PORTS: range | None = None


def port_range(text: str | None) -> range | None:
    """``"8720-8739"`` -> range(8720, 8740); empty or None -> None."""
    if not text:
        return None
    low, _, high = text.partition("-")
    return range(int(low), int(high or low) + 1)


def free_port() -> int:
    """A loopback port that is free now: the first free one in PORTS, else one the OS picks."""
    for port in PORTS or [0]:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


@dataclass
class Server:
    name: str
    port: int
    proc: subprocess.Popen
    log: Path
    started: float  # perf_counter just before Popen
    healthy: float = 0.0  # perf_counter when /_stcore/health said "ok"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def start_server(name: str, logdir: Path) -> Server:
    port = free_port()
    log = logdir / f"{name}-{port}.log"
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(APPS[name]),
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log.open("wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = Server(name, port, proc, log, started)
    deadline = started + TIMEOUT_S
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(server.url + "_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    server.healthy = time.perf_counter()
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.02)
    server.stop()
    raise RuntimeError(f"{name}: no 'ok' from /_stcore/health within {TIMEOUT_S} s")


# --- in the browser ----------------------------------------------------------------------------

# True when the app is idle and shows what we wait for. `want` is
#   {"metric": [label, value]}  the first st.metric with that label shows that value, or
#   {"text": "..."}             the main area's text contains it;
# `before` (optional) is the cost chart's line paths before a change (MARKS_JS): they must differ.
READY_JS = """
([want, before]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning'
      || app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
  const chart = document.querySelector('[data-testid="stVegaLiteChart"]');
  if (!chart || !chart.querySelector('svg .role-mark')) return false;
  if (before !== null) {
    const lines = Array.from(chart.querySelectorAll('svg .mark-line path')).map(p => p.getAttribute('d')).join('|');
    if (lines === before) return false;
  }
  if (want.metric) {
    for (const m of document.querySelectorAll('[data-testid="stMetric"]')) {
      const label = m.querySelector('[data-testid="stMetricLabel"]');
      if (label && label.innerText.trim() === want.metric[0]) {
        const value = m.querySelector('[data-testid="stMetricValue"]');
        return !!value && value.innerText.trim() === want.metric[1];
      }
    }
    return false;
  }
  const main = document.querySelector('[data-testid="stMain"]');
  return !!main && main.innerText.includes(want.text);
}
"""

# The cost chart's line paths: a new price redraws the IV line. Reading only the lines' paths, not every mark's
# HTML, keeps the check itself cheap: it runs on every animation frame, and serialising all marks cost the
# kcost page 0.34 ms a check (the bare page 0.07 ms), about 3 ms of its measured browser time per change.
MARKS_JS = """
() => {
  const chart = document.querySelector('[data-testid="stVegaLiteChart"]');
  return chart ? Array.from(chart.querySelectorAll('svg .mark-line path')).map(p => p.getAttribute('d')).join('|') : '';
}
"""


def shows(name: str, price: int) -> dict:
    """What the page shows once it has caught up with `price`."""
    if name == "kcost":
        return {"metric": ["First 4 weeks", first_4_weeks(price)]}
    return {"text": f"{PRICE_KEY} = {price}"}


def wait_ready(page, name: str, price: int, before: str | None = None) -> float:
    page.wait_for_function(READY_JS, arg=[shows(name, price), before], polling="raf", timeout=TIMEOUT_S * 1000)
    return time.perf_counter()


def price_input(page):
    return (
        page.locator('[data-testid="stSlider"]')
        .filter(has=page.get_by_text("Price per session (USD)", exact=True))
        .first.locator('input[type="range"]')
    )


@dataclass
class Browser:
    playwright: object
    chromium: object

    @classmethod
    def launch(cls) -> "Browser":
        from playwright.sync_api import sync_playwright

        if not os.access(CHROMIUM, os.X_OK):
            raise SystemExit(f"{CHROMIUM} is missing: apt-get install chromium")
        pw = sync_playwright().start()
        return cls(pw, pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True))

    def close(self) -> None:
        self.chromium.close()
        self.playwright.stop()


def cold_start(browser: Browser, name: str, logdir: Path) -> tuple[Server, dict]:
    """Start `name`, load its page once; the server is left running."""
    server = start_server(name, logdir)
    context = browser.chromium.new_context()
    try:
        page = context.new_page()
        page.goto(server.url, wait_until="commit", timeout=TIMEOUT_S * 1000)
        rendered = wait_ready(page, name, DEFAULT_PRICE)
    finally:
        context.close()
    return server, {
        "health_s": server.healthy - server.started,
        "rendered_s": rendered - server.started,
    }


def server_cpu_s(server: Server) -> float:
    """CPU time (user + system) the server process has used so far; Linux only, else 0."""
    try:
        fields = Path(f"/proc/{server.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def slider_changes(
    browser: Browser, servers: dict[str, Server], changes: int
) -> tuple[dict[str, list[float]], dict[str, dict[str, list[float]]]]:
    """Time ArrowRight on the price slider -> updated page, alternating between the apps.

    Also returns where each change's time went, per app: "browser" is the page's main-thread task
    time (Chromium's Performance.getMetrics TaskDuration: scripts, style, layout, paint), "server" the
    server process's CPU time (in clock ticks of 10 ms, so read medians only). Both count CPU, not
    waiting, so they are less sensitive to other load on the machine than the wall times.
    """
    pages, cdps = {}, {}
    contexts = []
    for name, server in servers.items():
        context = browser.chromium.new_context()
        contexts.append(context)
        page = context.new_page()
        page.goto(server.url, timeout=TIMEOUT_S * 1000)
        wait_ready(page, name, DEFAULT_PRICE)
        price_input(page).focus()
        pages[name] = page
        cdps[name] = context.new_cdp_session(page)
        cdps[name].send("Performance.enable", {"timeDomain": "threadTicks"})
    times: dict[str, list[float]] = {name: [] for name in servers}
    where: dict[str, dict[str, list[float]]] = {name: {"browser": [], "server": []} for name in servers}

    def task_s(name: str) -> float:
        metrics = cdps[name].send("Performance.getMetrics")["metrics"]
        return next(m["value"] for m in metrics if m["name"] == "TaskDuration")

    try:
        for i in range(1, changes + 1):
            price = DEFAULT_PRICE + PRICE_STEP * i
            for name, page in pages.items():
                slider = price_input(page)
                slider.focus()
                before = page.evaluate(MARKS_JS) if name == "kcost" else None
                task0, cpu0 = task_s(name), server_cpu_s(servers[name])
                t0 = time.perf_counter()
                page.keyboard.press("ArrowRight")
                times[name].append(wait_ready(page, name, price, before) - t0)
                where[name]["browser"].append(task_s(name) - task0)
                where[name]["server"].append(server_cpu_s(servers[name]) - cpu0)
    finally:
        for context in contexts:
            context.close()
    return times, where


# --- AppTest (server side) -----------------------------------------------------------------------


def quiet_streamlit() -> None:
    """AppTest runs scripts without a server: silence Streamlit's "missing ScriptRunContext" warnings."""
    import logging

    for name in list(logging.root.manager.loggerDict):
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)


def apptest_worker(which: str, reruns: int, warmup: int = 2) -> dict:
    """Run in a process of its own.

    which="kcost" or "bare": time that app's first run (a fresh process, so imports count).
    which="both": run both apps, then time their reruns alternately, so that other load on
    the machine hits both alike. Wall time, and the process's CPU time (less sensitive to
    other processes), per rerun.
    """
    from streamlit.testing.v1 import AppTest

    quiet_streamlit()
    # "kcost-band": the same app with the uncertainty band on (the page draws 500 futures), for issues 4 and 10.
    names = [*APPS, "kcost-band"] if which == "both" else [which]
    tests, first = {}, {}
    for name in names:
        t0 = time.perf_counter()
        at = AppTest.from_file(str(APPS[name.split("-")[0]]), default_timeout=TIMEOUT_S)
        if name == "kcost-band":
            at.query_params["uncertainty"] = "true"
        tests[name] = at.run()
        first[name] = time.perf_counter() - t0
        if tests[name].exception:
            raise RuntimeError(f"{name}: {tests[name].exception}")
    if which != "both":
        return {"first_run_s": first[which]}
    quiet_streamlit()
    wall: dict[str, list[float]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    for i in range(1, warmup + reruns + 1):
        price = DEFAULT_PRICE + PRICE_STEP * i
        for name in names if i % 2 else reversed(names):
            at = tests[name]
            slider = at.slider(key=PRICE_KEY)
            w0, c0 = time.perf_counter(), time.process_time()
            slider.set_value(price).run()
            w1, c1 = time.perf_counter(), time.process_time()
            if at.exception:
                raise RuntimeError(f"{name}: {at.exception}")
            if name.startswith("kcost"):
                value = next(m.value for m in at.metric if m.label == "First 4 weeks")
                assert value == first_4_weeks(price), (value, price)
            else:
                assert any(f"{PRICE_KEY} = {price}" in md.value for md in at.markdown), price
            if i > warmup:
                wall[name].append(w1 - w0)
                cpu[name].append(c1 - c0)
    return {"reruns_s": wall, "reruns_cpu_s": cpu}


def apptest(which: str, reruns: int = 0) -> dict:
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--apptest-worker", which, "--reruns", str(reruns)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if out.returncode != 0:
        raise RuntimeError(f"AppTest worker ({which}) failed:\n{out.stderr[-4000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- where the time goes ---------------------------------------------------------------------------

PROFILE_WRAPPER = """\
import cProfile, os
APP = {app!r}
profile = cProfile.Profile()
profile.enable()
try:
    exec(compile(open(APP, encoding="utf-8").read(), APP, "exec"), {{"__name__": "__main__", "__file__": APP}})
finally:
    profile.disable()
    out = os.environ.get("KCOST_PROFILE_OUT")
    if out:
        profile.dump_stats(out)
"""


def profile_runs(top: int = 16) -> None:
    """cProfile kcost's first run and one rerun after a price change, inside the script thread."""
    from streamlit.testing.v1 import AppTest

    quiet_streamlit()
    with tempfile.TemporaryDirectory() as tmp:
        wrapper = Path(tmp) / "profiled_app.py"
        wrapper.write_text(PROFILE_WRAPPER.format(app=str(APPS["kcost"])), encoding="utf-8")
        first, rerun = Path(tmp) / "first.prof", Path(tmp) / "rerun.prof"
        os.environ["KCOST_PROFILE_OUT"] = str(first)
        at = AppTest.from_file(str(wrapper), default_timeout=TIMEOUT_S).run()
        quiet_streamlit()
        del os.environ["KCOST_PROFILE_OUT"]
        at.slider(key=PRICE_KEY).set_value(DEFAULT_PRICE + PRICE_STEP).run()  # warm
        os.environ["KCOST_PROFILE_OUT"] = str(rerun)
        at.slider(key=PRICE_KEY).set_value(DEFAULT_PRICE + 2 * PRICE_STEP).run()
        del os.environ["KCOST_PROFILE_OUT"]
        _print_profile("kcost's first run in a fresh process (imports included)", pstats.Stats(str(first)), top)
        _print_profile("one kcost rerun after a price change", pstats.Stats(str(rerun)), top)


def _print_profile(title: str, stats: pstats.Stats, top: int) -> None:
    total = max(stats.total_tt, 1e-9)
    rows = [
        (ct, f"{_short(filename)}:{line}({func})")
        for (filename, line, func), (_cc, _nc, _tt, ct, _callers) in stats.stats.items()
    ]
    print(f"\n## cProfile, {title}: {total * 1000:.0f} ms (profiling adds overhead)")
    imports = sum(ct for ct, where in rows if where.endswith("(_find_and_load)") and "importlib" in where)
    if imports:
        print(f"  {imports * 1000:7.1f} ms  {imports / total:5.1%}  imports during the run (importlib _find_and_load)")
    print("kcost functions by cumulative time:")
    for ct, where in sorted((r for r in rows if r[1].startswith("kcost/")), reverse=True)[:top]:
        print(f"  {ct * 1000:7.1f} ms  {ct / total:5.1%}  {where}")
    print("library calls by cumulative time:")
    libs = ("altair/", "streamlit/elements", "jsonschema/", "pandas/", "pyarrow/", "pydantic", "yaml/")
    for ct, where in sorted((r for r in rows if where_starts(r[1], libs)), reverse=True)[: top // 2]:
        print(f"  {ct * 1000:7.1f} ms  {ct / total:5.1%}  {where}")


def where_starts(where: str, prefixes: tuple[str, ...]) -> bool:
    return where.startswith(prefixes)


def _short(filename: str) -> str:
    for marker in ("site-packages/", "/src/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def import_times(top: int = 12) -> None:
    """`python -X importtime`: what importing kcost's UI adds on top of what the bare page imports."""
    baseline = "streamlit, pandas, altair, numpy"
    stmt = f"import {baseline}; import kcost.ui.app"
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", stmt], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    rows = []  # (cumulative µs, module with its nesting indent)
    for line in out.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _self, cumulative, module = line[len("import time:") :].split("|")
            if cumulative.strip().isdigit():
                rows.append((int(cumulative), module.rstrip()))
    top_level = {m.strip(): c for c, m in rows if not m.startswith("  ")}
    base = sum(v for k, v in top_level.items() if k in baseline.split(", "))
    extra = top_level.get("kcost.ui.app", 0)
    print(f"\n## python -X importtime -c '{stmt}'")
    print(f"  {base / 1000:7.0f} ms  {baseline} (the bare page imports these too)")
    print(f"  {extra / 1000:7.0f} ms  kcost.ui.app on top of them; its largest parts:")
    # Modules imported under kcost.ui.app: everything after the baseline's last top-level line.
    after = rows[[i for i, (_c, m) in enumerate(rows) if not m.startswith("  ")][-2] + 1 :] if len(top_level) > 1 else rows
    for cumulative, module in sorted(after, reverse=True)[1 : top + 1]:
        print(f"  {cumulative / 1000:7.0f} ms  {module.strip()}")


# --- report ------------------------------------------------------------------------------------------


@dataclass
class Row:
    """One measure: every sample for each app; shown as median (min–max), compared by median."""

    measure: str
    kcost: list[float]
    bare: list[float]
    unit: str
    goal: float | None = None

    @property
    def ratio(self) -> float:
        b = statistics.median(self.bare)
        return statistics.median(self.kcost) / b if b else float("inf")

    def _cell(self, values: list[float]) -> str:
        scale = 1000 if self.unit == "ms" else 1
        fmt = "{:.0f}" if self.unit == "ms" else "{:.2f}"
        median = fmt.format(statistics.median(values) * scale)
        if len(values) == 1:
            return f"{median} {self.unit}"
        return f"{median} {self.unit} ({fmt.format(min(values) * scale)}–{fmt.format(max(values) * scale)})"

    def cells(self) -> list[str]:
        goal = "" if self.goal is None else f"≤ {self.goal:g}× ({'met' if self.ratio <= self.goal else 'MISSED'})"
        return [self.measure, self._cell(self.kcost), self._cell(self.bare), f"{self.ratio:.1f}×", goal]


def table(rows: list[Row]) -> str:
    header = ["measure", "kcost: median (min–max)", "bare: median (min–max)", "ratio of medians", "goal"]
    lines = [header, ["---"] * len(header), *(r.cells() for r in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join("| " + " | ".join(c.ljust(w) for c, w in zip(line, widths)) + " |" for line in lines)


def machine() -> str:
    import streamlit

    try:
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except OSError:
        chromium = "chromium: missing"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"nproc {len(os.sched_getaffinity(0))}, {platform.machine()}, Python {platform.python_version()}, "
        f"Streamlit {streamlit.__version__}, {chromium}; load average {load}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cold-runs", type=int, default=3, help="cold starts per app (median)")
    parser.add_argument("--reruns", type=int, default=20, help="timed AppTest reruns per app (median)")
    parser.add_argument("--changes", type=int, default=10, help="slider changes in Chromium per app (median)")
    parser.add_argument("--profile", action="store_true", help="also show where kcost's rerun and import time goes")
    parser.add_argument("--json", type=Path, help="also write the raw measurements here")
    parser.add_argument(
        "--ports",
        default=os.environ.get("KCOST_PORTS", ""),
        help="loopback ports the servers may use, LOW-HIGH (default: $KCOST_PORTS, else any free port)",
    )
    parser.add_argument("--apptest-worker", choices=[*APPS, "both"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    global PORTS
    PORTS = port_range(args.ports)
    if args.apptest_worker:
        print(json.dumps(apptest_worker(args.apptest_worker, args.reruns)))
        return 0

    print(f"machine: {machine()}", flush=True)
    raw: dict = {"machine": machine()}

    print(f"AppTest: first run of each app, then {args.reruns} reruns per app, alternating ...", flush=True)
    raw["apptest"] = {name: apptest(name) for name in APPS}
    raw["apptest"]["reruns"] = apptest("both", args.reruns)

    browser = Browser.launch()
    cold: dict[str, list[dict]] = {name: [] for name in APPS}
    changes: dict[str, list[float]] = {}
    where: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory(prefix="kcost-bench-") as logdir:
        try:
            for run in range(args.cold_runs):
                order = list(APPS) if run % 2 == 0 else list(reversed(APPS))
                print(f"cold start {run + 1}/{args.cold_runs}: {' then '.join(order)} ...", flush=True)
                servers: dict[str, Server] = {}
                try:
                    for name in order:
                        servers[name], result = cold_start(browser, name, Path(logdir))
                        cold[name].append(result)
                    if run == args.cold_runs - 1:
                        print(f"slider changes in Chromium: {args.changes} per app, side by side ...", flush=True)
                        changes, where = slider_changes(browser, {n: servers[n] for n in APPS}, args.changes)
                finally:
                    for server in servers.values():
                        server.stop()
        finally:
            browser.close()
    raw["cold"] = cold
    raw["browser_changes_s"] = changes
    raw["browser_changes_where_s"] = where

    reruns = raw["apptest"]["reruns"]
    rows = [
        Row(
            f"cold start → first full render in Chromium (s; {args.cold_runs} starts)",
            [r["rendered_s"] for r in cold["kcost"]],
            [r["rendered_s"] for r in cold["bare"]],
            "s",
            GOALS["cold"],
        ),
        Row(
            "  of which process start → health ok",
            [r["health_s"] for r in cold["kcost"]],
            [r["health_s"] for r in cold["bare"]],
            "s",
        ),
        Row(
            "first AppTest run (fresh process, imports included)",
            [raw["apptest"]["kcost"]["first_run_s"]],
            [raw["apptest"]["bare"]["first_run_s"]],
            "ms",
        ),
        Row(
            f"rerun after slider change, AppTest ({args.reruns} reruns)",
            reruns["reruns_s"]["kcost"],
            reruns["reruns_s"]["bare"],
            "ms",
            GOALS["rerun"],
        ),
        Row("  same reruns, process CPU time", reruns["reruns_cpu_s"]["kcost"], reruns["reruns_cpu_s"]["bare"], "ms"),
        Row(
            f"rerun with the uncertainty band on (500 draws; {args.reruns} reruns)",
            reruns["reruns_s"]["kcost-band"],
            reruns["reruns_s"]["bare"],
            "ms",
            GOALS["band"],
        ),
        Row(
            f"slider change → updated page in Chromium ({args.changes} changes)",
            changes["kcost"],
            changes["bare"],
            "ms",
            GOALS["browser"],
        ),
        Row("  of which page main-thread task time (Chromium)", where["kcost"]["browser"], where["bare"]["browser"], "ms"),
        Row("  server CPU per change (10 ms ticks)", where["kcost"]["server"], where["bare"]["server"], "ms"),
        # The ticks summed over every change: a mean to about 1 ms, where each change's own figure is 0, 10, 20 ms...
        Row(
            "  server CPU per change, mean of all changes",
            [statistics.fmean(where["kcost"]["server"])],
            [statistics.fmean(where["bare"]["server"])],
            "ms",
        ),
    ]
    print()
    print(table(rows))
    missed = [r.measure.strip() for r in rows if r.goal is not None and r.ratio > r.goal]
    print("\ngoals: " + ("all met" if not missed else "MISSED: " + "; ".join(missed)))
    if args.json:
        args.json.write_text(json.dumps(raw, indent=2), encoding="utf-8")
    if args.profile:
        profile_runs()
        import_times()
    return 0


if __name__ == "__main__":
    sys.exit(main())
