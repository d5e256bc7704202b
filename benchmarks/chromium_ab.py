"""Same-run A/B of price changes in Chromium: kcost checkouts against each other and the bare page.

    git worktree add /tmp/kcost-before main      # any commit to compare with
    .venv/bin/python benchmarks/chromium_ab.py before=/tmp/kcost-before after=. bare=bare --changes 60

Each NAME=TREE is a kcost checkout (its app.py, src/, data/ and .streamlit/ are used; the server runs
with PYTHONPATH=TREE/src from TREE), or ``bare`` for benchmarks/bare_app.py. All servers run side by
side; price changes go to the pages in turn, the order rotated each round, so load on the machine hits
them alike. A change is timed as in benchmarks/app_speed.py (ArrowRight on the price slider -> the
new value is on screen and the script idle; for kcost also the cost chart redrawn).

Printed per page: the median wall time and the page's main-thread task time (CDP TaskDuration) per
change, with quartiles; for every page after the first, the median of its paired differences to the
first page (same round) with a 95 % bootstrap interval; and where a change's wall time goes, from
timestamps taken in the page: key press -> rerun request sent -> first and last websocket message ->
updated page ("last msg -> ready" is the browser's work after the server's last message).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import app_speed as A

#: Timestamps in the page: the websocket's sent and received messages (performance.now()).
WS_JS = """(() => {
  window.__ws = {send: [], recv: []};
  const Base = window.WebSocket;
  window.WebSocket = class extends Base {
    constructor(...args) { super(...args); this.addEventListener('message', () => window.__ws.recv.push(performance.now())); }
    send(data) { window.__ws.send.push(performance.now()); return super.send(data); }
  };
})()"""


def start(name: str, tree: str, logdir: Path) -> A.Server:
    """Serve a kcost checkout (or the bare page) on a free loopback port."""
    root = A.ROOT if tree == "bare" else Path(tree).resolve()
    app = A.APPS["bare"] if tree == "bare" else root / "app.py"
    env = {**os.environ, "PYTHONPATH": str(A.ROOT / "src" if tree == "bare" else root / "src")}
    port = A.free_port()
    log = logdir / f"{name}-{port}.log"
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.headless", "true", "--server.address", "127.0.0.1", "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = A.Server(name, port, proc, log, time.perf_counter())
    deadline = time.perf_counter() + A.TIMEOUT_S
    while time.perf_counter() < deadline:
        try:
            with urllib.request.urlopen(server.url + "_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return server
        except OSError:
            time.sleep(0.05)
    server.stop()
    raise RuntimeError(f"{name}: no 'ok' from /_stcore/health:\n{log.read_text(errors='replace')}")


def bootstrap_median(diffs: list[float], rounds: int = 2000) -> tuple[float, float]:
    """A 95 % interval for the median of ``diffs`` (percentile bootstrap, fixed seed)."""
    rng = random.Random(0)
    medians = sorted(statistics.median(rng.choices(diffs, k=len(diffs))) for _ in range(rounds))
    return medians[int(rounds * 0.025)], medians[int(rounds * 0.975)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="+", metavar="NAME=TREE", help="a kcost checkout, or 'bare'")
    parser.add_argument("--changes", type=int, default=40, help="timed price changes per page")
    parser.add_argument("--ports", default=os.environ.get("KCOST_PORTS", ""), help="LOW-HIGH (default: $KCOST_PORTS)")
    args = parser.parse_args(argv)
    A.PORTS = A.port_range(args.ports)
    trees = dict(page.split("=", 1) for page in args.pages)
    names = list(trees)
    wall: dict[str, list[float]] = {n: [] for n in names}
    task: dict[str, list[float]] = {n: [] for n in names}
    split: dict[str, list[tuple[float, ...]]] = {n: [] for n in names}
    with tempfile.TemporaryDirectory(prefix="kcost-ab-") as logdir:
        servers = {}
        browser = A.Browser.launch()
        try:
            for name, tree in trees.items():
                servers[name] = start(name, tree, Path(logdir))
            pages = {}
            for name, server in servers.items():
                kind = "bare" if trees[name] == "bare" else "kcost"
                context = browser.chromium.new_context()
                context.add_init_script(WS_JS)
                page = context.new_page()
                page.goto(server.url, timeout=A.TIMEOUT_S * 1000)
                A.wait_ready(page, kind, A.DEFAULT_PRICE)
                cdp = context.new_cdp_session(page)
                cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
                pages[name] = (page, kind, cdp)

            def task_s(cdp) -> float:
                return next(m["value"] for m in cdp.send("Performance.getMetrics")["metrics"] if m["name"] == "TaskDuration")

            warmup = 2
            for i in range(warmup + args.changes):
                price = A.DEFAULT_PRICE + A.PRICE_STEP * (i + 1)
                for name in names[i % len(names) :] + names[: i % len(names)]:
                    page, kind, cdp = pages[name]
                    A.price_input(page).focus()
                    before = page.evaluate(A.MARKS_JS) if kind == "kcost" else None
                    p0 = page.evaluate("() => { window.__ws.send = []; window.__ws.recv = []; return performance.now(); }")
                    task0, t0 = task_s(cdp), time.perf_counter()
                    page.keyboard.press("ArrowRight")
                    t1 = A.wait_ready(page, kind, price, before)
                    if i < warmup:
                        continue
                    wall[name].append(t1 - t0)
                    task[name].append(task_s(cdp) - task0)
                    p1 = page.evaluate("() => performance.now()") - (time.perf_counter() - t1) * 1000
                    ws = page.evaluate("() => window.__ws")
                    if ws["send"] and ws["recv"]:
                        sent, first, last = ws["send"][0], ws["recv"][0], ws["recv"][-1]
                        split[name].append((sent - p0, first - p0, last - p0, p1 - last, len(ws["recv"])))
        finally:
            browser.close()
            for server in servers.values():
                server.stop()

    def ms(values: list[float]) -> str:
        q1, q2, q3 = statistics.quantiles(values, n=4)
        return f"{q2 * 1000:6.1f} ms (q1 {q1 * 1000:5.0f}, q3 {q3 * 1000:5.0f})"

    print(f"{args.changes} changes per page; load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for name in names:
        print(f"{name:10s} wall {ms(wall[name])}   main-thread task {ms(task[name])}")
    for name in names[1:]:
        for label, values in (("wall", wall), ("task", task)):
            diffs = [a - b for a, b in zip(values[name], values[names[0]])]
            low, high = bootstrap_median(diffs)
            print(
                f"  {name} - {names[0]} {label}: median paired difference {statistics.median(diffs) * 1000:+6.1f} ms "
                f"(95 % bootstrap {low * 1000:+.1f} .. {high * 1000:+.1f})"
            )
    for name in names:
        rows = split[name]
        if rows:
            med = [statistics.median(r[k] for r in rows) for k in range(5)]
            print(
                f"  {name}: press -> sent {med[0]:.0f}, first msg {med[1]:.0f}, last msg {med[2]:.0f} ms; "
                f"last msg -> ready {med[3]:.0f} ms; {med[4]:.0f} messages"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
