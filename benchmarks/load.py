"""Load: many concurrent sessions of kcost against the bare page, over Streamlit's own websocket protocol.

    .venv/bin/python benchmarks/load.py --sessions 50 --changes 20 --think 3        # goal 1
    .venv/bin/python benchmarks/load.py --sessions 100 --changes 6 --think 10       # goal 2
    .venv/bin/python benchmarks/load.py --sessions 50 --changes 20 --think 3 --replicas 2
    .venv/bin/python benchmarks/load.py --proxy http://127.0.0.1:8640/ --targets proxy  # a proxy already running

Each simulated user is one asyncio task that does what a browser tab does on the wire, and nothing
more (no rendering, so one client process can hold 100 users):

1. GET / (a browser loads the page first; behind nginx this response sets the affinity cookie);
2. opens ``/_stcore/stream`` (subprotocol ``streamlit``) and sends a ``BackMsg.rerun_script`` with
   the query string, reads ``ForwardMsg``s until ``script_finished``, and finds the slider whose
   label contains ``--widget`` ("Price per session" by default) among the new elements;
3. ``--changes`` times: waits a think time (uniform 0.5-1.5 x ``--think``), sends ``rerun_script``
   with the slider's new value as its widget state and the page's script hash, and times the
   change: send -> ``script_finished``. A change counts as an error when it times out, the socket
   closes, the run ends other than successfully, the page shows an exception element, or the page
   text is the same as before the change (the new value did not reach the script).

Every user moves the slider to its own values (seeded per user, never the previous value), so a
cache keyed on inputs cannot serve one user the work done for another.

The servers are started here on loopback (``--base-port``, default 8640; nothing listens on any
other address) one configuration after another, never side by side:

- ``bare``: ``benchmarks/bare_app.py`` (kcost's widgets, no kcost), one process: the baseline;
- ``kcost``: ``app.py``, one process;
- ``replicas``: ``deploy/run-replicas.sh --replicas`` kcost processes behind nginx (``--replicas 2``).

For each it reports the errors, the first render and per-change latency (p50, p95, max) with the
ratio to the bare page's, and the server's resident memory (VmRSS from /proc/<pid>/status, summed
over replicas): at the start (after one warm-up session has come and gone), at the peak, per
session, and after every session has closed. Streamlit keeps a closed session
``server.disconnectedSessionTTL`` seconds for a reconnect (2 minutes by default); the benchmark
starts its servers with ``--ttl`` (10 s) and, after the last session closes, waits that long, opens
one probe session (stored sessions are dropped lazily, on the next connect) and reads the memory.

Every run is bounded: ``--timeout`` per change, ``--max-seconds`` per configuration (cancelled
users count as errors), and the script stops its servers in every case. The client shares the
machine with the server, so its own CPU time is printed too.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import http.cookiejar
import os
import random
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[1]
APPS = {"kcost": ROOT / "app.py", "bare": ROOT / "benchmarks" / "bare_app.py"}
RUN_REPLICAS = ROOT / "deploy" / "run-replicas.sh"
#: Elements whose text makes up "what the page says"; a change must alter it.
TEXT_ELEMENTS = ("markdown", "metric", "heading", "text", "alert", "code")
GOALS = (
    "50 concurrent sessions x 20 changes with 0 errors",
    "100 active users at 10 s think time per process: p95 per change <= 2 s",
    "memory after the sessions close within 10 % of the start",
)


class ProtocolError(Exception):
    """The server did not answer as a Streamlit page should (the message says what was wrong)."""


# --- one simulated user ----------------------------------------------------------------------------


@dataclass
class Slider:
    widget_id: str
    low: float
    high: float
    step: float
    value: float


@dataclass
class RunResult:
    seconds: float
    page_text: str
    slider: Slider | None
    page_hash: str


@dataclass
class UserResult:
    first_render: float | None = None
    changes: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _plain(label: str) -> str:
    """A label as shown: Streamlit labels arrive markdown-escaped (``Price per session \\(USD\\)``)."""
    return label.replace("\\", "")


async def read_run(ws, widget: str, started: float, timeout: float) -> RunResult:
    """Read ForwardMsgs until ``script_finished``; collect the page's text, the slider and the page hash."""
    texts: list[str] = []
    slider: Slider | None = None
    page_hash = ""
    deadline = started + timeout
    while True:
        remaining = deadline - time.perf_counter()
        if remaining <= 0:
            raise ProtocolError(f"no script_finished within {timeout:.0f} s")
        msg = ForwardMsg()
        msg.ParseFromString(await asyncio.wait_for(ws.recv(), remaining))
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            page_hash = page_hash or msg.new_session.page_script_hash
        elif kind == "navigation":
            page_hash = msg.navigation.page_script_hash
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            etype = element.WhichOneof("type")
            if etype == "exception":
                raise ProtocolError(f"the page shows an exception ({element.exception.type})")
            if etype == "slider" and slider is None and widget in _plain(element.slider.label):
                s = element.slider
                value = s.value[0] if s.value else s.default[0]
                slider = Slider(s.id, s.min, s.max, s.step, value)
            elif etype in TEXT_ELEMENTS:
                texts.append(str(getattr(element, etype)))
        elif kind == "script_finished":
            status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
            if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                continue  # a newer run follows on the same socket
            if msg.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                raise ProtocolError(f"script finished with {status}")
            seconds = time.perf_counter() - started
            digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()
            return RunResult(seconds, digest, slider, page_hash)


def rerun_message(query: str, page_hash: str, widget_id: str | None = None, value: float | None = None) -> bytes:
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_script_hash = page_hash
    if widget_id is not None:
        state = msg.rerun_script.widget_states.widgets.add()
        state.id = widget_id
        state.double_array_value.data.append(value)
    return msg.SerializeToString()


def next_value(slider: Slider, previous: float, rng: random.Random) -> float:
    """A value on the slider's grid, inside its range, never the previous one."""
    steps = int(round((slider.high - slider.low) / slider.step))
    while True:
        value = slider.low + slider.step * rng.randint(0, steps)
        if value != previous:
            return value


def get_cookie(base_url: str) -> str:
    """GET the page as a browser would; return the Cookie header its response asks for (if any)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base_url, timeout=10) as response:
        response.read()
    return "; ".join(f"{c.name}={c.value}" for c in jar)


async def user(n: int, base_url: str, args: argparse.Namespace, start_delay: float, result: UserResult) -> None:
    rng = random.Random(f"{args.seed}-{n}")
    await asyncio.sleep(start_delay)
    parts = urllib.parse.urlsplit(base_url)
    ws_url = urllib.parse.urlunsplit(("ws", parts.netloc, parts.path.rstrip("/") + "/_stcore/stream", "", ""))
    try:
        cookie = await asyncio.to_thread(get_cookie, base_url)
        headers = {"Cookie": cookie} if cookie else None
        started = time.perf_counter()
        async with websockets.connect(
            ws_url,
            subprotocols=["streamlit"],
            additional_headers=headers,
            origin=f"{parts.scheme}://{parts.netloc}",
            max_size=None,
            open_timeout=args.timeout,
            ping_interval=None,
        ) as ws:
            await ws.send(rerun_message(args.query, ""))
            run = await read_run(ws, args.widget, started, args.timeout)
            result.first_render = run.seconds
            if run.slider is None:
                raise ProtocolError(
                    f"no slider whose label contains {args.widget!r} on the page "
                    "(the page changed? pass --widget with a slider label it shows)"
                )
            slider, page_hash, text = run.slider, run.page_hash, run.page_text
            for _ in range(args.changes):
                await asyncio.sleep(args.think * rng.uniform(0.5, 1.5))
                value = next_value(slider, slider.value, rng)
                t0 = time.perf_counter()
                await ws.send(rerun_message(args.query, page_hash, slider.widget_id, value))
                try:
                    run = await read_run(ws, args.widget, t0, args.timeout)
                except (ProtocolError, asyncio.TimeoutError) as exc:
                    result.errors.append(f"change: {exc or 'timeout'}")
                    return
                if run.page_text == text:
                    result.errors.append(f"change to {value:g}: the page text did not change")
                result.changes.append(run.seconds)
                slider.value, text = value, run.page_text
                page_hash = run.page_hash or page_hash
    except ProtocolError as exc:
        result.errors.append(str(exc))
    except (OSError, asyncio.TimeoutError, websockets.exceptions.WebSocketException, urllib.error.URLError) as exc:
        result.errors.append(f"{type(exc).__name__}: {exc}")


# --- servers ---------------------------------------------------------------------------------------


def rss_kb(pid: int) -> int:
    """Resident memory of one process (VmRSS, kB); 0 once it has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used (/proc/<pid>/stat); 0 once it has gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_healthy(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} s")


@dataclass
class Deployment:
    """Servers for one configuration: where users connect and which processes hold the sessions."""

    name: str
    url: str
    proc: subprocess.Popen | None
    pids: list[int]
    workdir: Path | None = None

    def rss_kb(self) -> int:
        return sum(rss_kb(pid) for pid in self.pids)

    def cpu_seconds(self) -> float:
        return sum(cpu_seconds(pid) for pid in self.pids)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            # Each server runs in its own process group; run-replicas.sh stops its children on TERM.
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=5)
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)


def server_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p)
    return env


def start_single(name: str, port: int, ttl: int) -> Deployment:
    log = Path(tempfile.mkdtemp(prefix=f"kcost-load-{name}-"))
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(APPS[name]),
        "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
        "--server.disconnectedSessionTTL", str(ttl),
    ]
    with open(log / "server.log", "wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=server_env(), stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    dep = Deployment(name, f"http://127.0.0.1:{port}/", proc, [proc.pid], log)
    try:
        wait_healthy(dep.url + "_stcore/health", proc)
    except BaseException:
        dep.stop()
        raise
    return dep


def start_replicas(replicas: int, port: int, ttl: int) -> Deployment:
    run_dir = Path(tempfile.mkdtemp(prefix="kcost-load-replicas-"))
    env = server_env()
    env.update(KCOST_RUN_DIR=str(run_dir), KCOST_STREAMLIT_ARGS=f"--server.disconnectedSessionTTL {ttl}",
               KCOST_STREAMLIT=f"{sys.executable} -m streamlit")
    with open(run_dir / "run-replicas.out", "wb") as out:
        proc = subprocess.Popen(["bash", str(RUN_REPLICAS), str(replicas), str(port)], cwd=ROOT, env=env,
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    dep = Deployment(f"kcost x{replicas} behind nginx", f"http://127.0.0.1:{port}/", proc, [], None)
    try:
        deadline = time.monotonic() + 90
        while not (run_dir / "ready").exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("run-replicas.sh did not become ready:\n"
                                 + (run_dir / "run-replicas.out").read_text(errors="replace")[-3000:])
            time.sleep(0.2)
        dep.pids = [int(p.read_text()) for p in sorted(run_dir.glob("replica-*.pid"))]
        wait_healthy(dep.url + "_stcore/health", proc)
    except BaseException:
        dep.stop()
        raise
    dep.workdir = run_dir
    return dep


# --- one configuration -----------------------------------------------------------------------------


@dataclass
class Report:
    name: str
    users: list[UserResult]
    rss_start: int
    rss_peak: int
    rss_after: int
    replicas_rss: list[int]
    seconds: float
    server_cpu: float  # CPU seconds the server processes used during the run

    @property
    def pids_known(self) -> bool:
        return bool(self.replicas_rss)

    @property
    def cpu_per_run_ms(self) -> float:
        """Server CPU per script run (first renders and changes): what one core can serve."""
        runs = len(self.changes) + sum(1 for u in self.users if u.first_render is not None)
        return 1000 * self.server_cpu / runs if runs else float("nan")

    @property
    def changes(self) -> list[float]:
        return [c for u in self.users for c in u.changes]

    @property
    def errors(self) -> list[str]:
        return [e for u in self.users for e in u.errors]


def quantile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q * 100) - 1]


async def drive(dep: Deployment, args: argparse.Namespace) -> Report:
    # Warm-up sessions (imports, caches) that close, so the start is a server that has served:
    # one per process, and behind nginx four per replica so that each very likely gets one.
    warm_args = argparse.Namespace(**{**vars(args), "changes": 1, "think": 0})
    warm = [UserResult() for _ in range(1 if len(dep.pids) <= 1 else 4 * len(dep.pids))]
    await asyncio.gather(*(user(-10 - i, dep.url, warm_args, 0, w) for i, w in enumerate(warm)))
    errors = [e for w in warm for e in w.errors]
    if errors:
        raise SystemExit(f"{dep.name}: warm-up session failed: {errors[0]}")
    await asyncio.sleep(args.ttl + 2)
    await user(-2, dep.url, argparse.Namespace(**{**vars(args), "changes": 0}), 0, UserResult())
    rss_start = dep.rss_kb()

    results = [UserResult() for _ in range(args.sessions)]
    peak = rss_start
    cpu_start = dep.cpu_seconds()
    t0 = time.perf_counter()
    tasks = [
        asyncio.create_task(user(n, dep.url, args, args.ramp * n / max(1, args.sessions), results[n]))
        for n in range(args.sessions)
    ]
    pending = set(tasks)
    deadline = t0 + args.max_seconds
    while pending and time.perf_counter() < deadline:
        _, pending = await asyncio.wait(pending, timeout=0.5)
        peak = max(peak, dep.rss_kb())
    for task in pending:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    for n, task in enumerate(tasks):
        if task in pending:
            results[n].errors.append(f"not finished within --max-seconds {args.max_seconds:.0f}")
    seconds = time.perf_counter() - t0
    server_cpu = dep.cpu_seconds() - cpu_start
    replicas_rss = [rss_kb(pid) for pid in dep.pids]

    # Closed sessions stay stored for --ttl seconds; a probe connection makes the server drop them.
    await asyncio.sleep(args.ttl + 2)
    await user(-3, dep.url, argparse.Namespace(**{**vars(args), "changes": 0}), 0, UserResult())
    await asyncio.sleep(2)
    return Report(dep.name, results, rss_start, peak, dep.rss_kb(), replicas_rss, seconds, server_cpu)


def summarise(report: Report, bare: Report | None, args: argparse.Namespace) -> list[str]:
    ch = report.changes
    first = [u.first_render for u in report.users if u.first_render is not None]
    p50, p95 = quantile(ch, 0.50), quantile(ch, 0.95)

    def ratio(mine: float, theirs: float) -> str:
        return f"{mine / theirs:.1f}x" if bare is not None and theirs == theirs and theirs > 0 else "-"

    bare_ch = bare.changes if bare is not None else []
    bare_first = [u.first_render for u in bare.users if u.first_render is not None] if bare else []
    mb = 1024
    per_session = (report.rss_peak - report.rss_start) / max(1, args.sessions) / mb
    back = report.rss_after / report.rss_start - 1 if report.rss_start else float("nan")
    lines = [
        f"## {report.name}: {args.sessions} sessions x {args.changes} changes, think {args.think:g} s "
        f"(ramp {args.ramp:g} s), {report.seconds:.0f} s",
        f"errors: {len(report.errors)} (users with an error: {sum(1 for u in report.users if u.errors)})",
        f"changes timed: {len(ch)} of {args.sessions * args.changes}",
        f"first render  p50 {quantile(first, .5) * 1000:.0f} ms  p95 {quantile(first, .95) * 1000:.0f} ms"
        + (f"  (bare p50 {quantile(bare_first, .5) * 1000:.0f} ms, ratio "
           f"{ratio(quantile(first, .5), quantile(bare_first, .5))})" if bare else ""),
        f"per change    p50 {p50 * 1000:.0f} ms  p95 {p95 * 1000:.0f} ms  max {max(ch, default=float('nan')) * 1000:.0f} ms"
        + (f"  (bare p50 {quantile(bare_ch, .5) * 1000:.0f} ms / p95 {quantile(bare_ch, .95) * 1000:.0f} ms; "
           f"ratio p50 {ratio(p50, quantile(bare_ch, .5))}, p95 {ratio(p95, quantile(bare_ch, .95))})" if bare else ""),
        f"server RSS    start {report.rss_start / mb:.0f} MB  peak {report.rss_peak / mb:.0f} MB "
        f"({per_session:.1f} MB per session)  after close {report.rss_after / mb:.0f} MB ({back:+.0%} of start)",
    ]
    if report.pids_known:
        cpu = report.cpu_per_run_ms
        lines.append(
            f"server CPU    {report.server_cpu:.0f} s, {cpu:.0f} ms per script run"
            + (f" (bare {bare.cpu_per_run_ms:.0f} ms, ratio {ratio(cpu, bare.cpu_per_run_ms)})" if bare else "")
            + f"; one core: about {1000 / cpu:.0f} runs/s, {10_000 / cpu:.0f} users at 10 s think"
        )
    if len(report.replicas_rss) > 1:
        lines.append("per replica RSS at the end of the run: "
                     + ", ".join(f"{kb / mb:.0f} MB" for kb in report.replicas_rss))
    for err in sorted(set(report.errors))[:5]:
        lines.append(f"  error: {err} (x{report.errors.count(err)})")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=50, help="concurrent users (default 50)")
    parser.add_argument("--changes", type=int, default=20, help="slider changes per user (default 20)")
    parser.add_argument("--think", type=float, default=3.0, help="mean think time between changes, s")
    parser.add_argument("--ramp", type=float, default=None, help="users start spread over this many s (default: --think)")
    parser.add_argument("--targets", default="bare,kcost", help="comma list of bare, kcost, replicas, proxy")
    parser.add_argument("--replicas", type=int, default=0, help="also run kcost x N behind nginx (adds 'replicas')")
    parser.add_argument("--proxy", default=None, help="URL of a kcost already running (target 'proxy'); no RSS")
    parser.add_argument("--base-port", type=int, default=8640, help="loopback port for the servers (replicas: +1..+N)")
    parser.add_argument("--widget", default="Price per session", help="label text of the slider to move")
    parser.add_argument("--query", default="", help="query string of the page (the scenario), without '?'")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per change before it is an error")
    parser.add_argument("--max-seconds", type=float, default=None, help="bound per configuration")
    parser.add_argument("--ttl", type=int, default=10, help="server.disconnectedSessionTTL for the servers, s")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.sessions < 1 or args.changes < 0 or args.think < 0 or not 1 <= args.sessions <= 1000:
        parser.error("--sessions must be 1-1000, --changes and --think not negative")
    args.ramp = args.think if args.ramp is None else args.ramp
    if args.max_seconds is None:
        args.max_seconds = args.ramp + args.changes * (1.5 * args.think + args.timeout / 3) + 60
    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    if args.replicas > 1 and "replicas" not in targets:
        targets.append("replicas")
    if "proxy" in targets and not args.proxy:
        parser.error("target 'proxy' needs --proxy URL")
    host = urllib.parse.urlsplit(args.proxy).hostname if args.proxy else "127.0.0.1"
    if host not in ("127.0.0.1", "localhost", "::1"):
        parser.error("--proxy must be a loopback URL: this benchmark never loads another host")

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, load average {os.getloadavg()[0]:.1f}")
    for goal in GOALS:
        print(f"goal: {goal}")
    reports: dict[str, Report] = {}
    for target in targets:
        if target in APPS:
            dep = start_single(target, args.base_port, args.ttl)
        elif target == "replicas":
            dep = start_replicas(max(2, args.replicas), args.base_port, args.ttl)
        elif target == "proxy":
            dep = Deployment("proxy", args.proxy, None, [])
        else:
            parser.error(f"unknown target {target!r}")
        try:
            cpu0 = resource.getrusage(resource.RUSAGE_SELF)
            reports[target] = asyncio.run(drive(dep, args))
            cpu1 = resource.getrusage(resource.RUSAGE_SELF)
        finally:
            dep.stop()
        for line in summarise(reports[target], reports.get("bare") if target != "bare" else None, args):
            print(line)
        print(f"client CPU: {cpu1.ru_utime - cpu0.ru_utime + cpu1.ru_stime - cpu0.ru_stime:.1f} s; "
              f"machine load average (1 min) at the end: {os.getloadavg()[0]:.1f}")
        sys.stdout.flush()
    if "kcost" in reports and "replicas" in reports:
        one, many = reports["kcost"], reports["replicas"]
        print(f"## scaling: p95 per change {quantile(one.changes, .95) * 1000:.0f} ms (1 process) -> "
              f"{quantile(many.changes, .95) * 1000:.0f} ms ({len(many.replicas_rss)} replicas); "
              f"errors {len(one.errors)} -> {len(many.errors)}")
    sys.exit(1 if any(r.errors for r in reports.values()) else 0)


if __name__ == "__main__":
    main()
