"""Fixtures for the deployment tests: deploy/run-replicas.sh with Debian's nginx on loopback.

nginx is found as `nginx` on PATH or at /usr/sbin/nginx (Debian's path, often not on a
non-login shell's PATH). Without it (or without Chromium, for the browser test) the tests are
skipped on a workstation and fail in CI (CI=true), like the browser tests.
"""

from __future__ import annotations

import os
import shutil
import signal
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
DEPLOY = ROOT / "deploy"
DEBIAN_NGINX = "/usr/sbin/nginx"
START_TIMEOUT_S = 90
#: Loopback ports tried for nginx (BASE) and the replicas (BASE+1, BASE+2): KCOST_TEST_PORT_BASE
#: and up, in steps of 3, until three consecutive ones are free.
PORT_BASE = int(os.environ.get("KCOST_TEST_PORT_BASE", "8640"))


def require(tool: str, path: str | None) -> str:
    """The tool's path; skip without it, except in CI where a missing tool is a failure."""
    if path and os.access(path, os.X_OK):
        return path
    message = f"{tool} is missing: install Debian's {tool} (apt-get install {tool}) to run the deployment tests"
    if os.environ.get("CI") == "true":
        pytest.fail(message + " (CI=true, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(message)


def find_nginx() -> str | None:
    return shutil.which("nginx") or (DEBIAN_NGINX if os.path.exists(DEBIAN_NGINX) else None)


@pytest.fixture(scope="session")
def nginx_path() -> str:
    return require("nginx", find_nginx())


def _free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        # As the servers do: a port whose old connections linger in TIME_WAIT is free to listen on.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port_run(count: int) -> int:
    for base in range(PORT_BASE, PORT_BASE + 60, count):
        if all(_free(base + i) for i in range(count)):
            return base
    raise RuntimeError(f"no {count} free consecutive loopback ports from {PORT_BASE}")


@dataclass
class Replicas:
    """A running deploy/run-replicas.sh: nginx on `port`, replica i on port + i."""

    port: int
    run_dir: Path
    proc: subprocess.Popen
    count: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def replica_pid(self, upstream: str) -> int:
        """The pid of the replica behind HOST:PORT as nginx logs it."""
        index = int(upstream.rsplit(":", 1)[1]) - self.port
        assert 1 <= index <= self.count, f"{upstream} is not one of the replicas"
        return int((self.run_dir / f"replica-{index}.pid").read_text())

    def access_log(self) -> str:
        return (self.run_dir / "access.log").read_text()

    def log_mark(self) -> int:
        """The access log's length once it has stopped growing: nginx writes a request's line
        just after sending the answer, so a client can be faster than the log."""
        deadline = time.monotonic() + 5
        size = len(self.access_log())
        while time.monotonic() < deadline:
            time.sleep(0.3)
            now = len(self.access_log())
            if now == size:
                break
            size = now
        return size

    def log_since(self, mark: int, lines: int) -> str:
        """The access log after `mark`, once it holds `lines` lines (bounded wait)."""
        deadline = time.monotonic() + 10
        while True:
            text = self.access_log()[mark:]
            if text.count("\n") >= lines or time.monotonic() > deadline:
                return text
            time.sleep(0.05)

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-2000:]}" for p in sorted(self.run_dir.glob("*.log")))


def wait_ok(url: str, proc: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"run-replicas.sh exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.read() == b"ok":
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer ok in time")


@pytest.fixture(scope="module")
def replicas(nginx_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replicas]:
    """Two kcost replicas behind nginx, started by deploy/run-replicas.sh, stopped with TERM."""
    run_dir = tmp_path_factory.mktemp("replicas")
    base = free_port_run(3)
    env = dict(os.environ)
    env.update(
        KCOST_RUN_DIR=str(run_dir),
        KCOST_STREAMLIT=f"{sys.executable} -m streamlit",
        KCOST_NGINX=nginx_path,
        PYTHONPATH=os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p),
    )
    with (run_dir / "run-replicas.out").open("wb") as out:
        proc = subprocess.Popen(
            ["bash", str(DEPLOY / "run-replicas.sh"), "2", str(base)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    deployment = Replicas(base, run_dir, proc, 2)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not (run_dir / "ready").exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("run-replicas.sh did not start:\n" + (run_dir / "run-replicas.out").read_text())
            time.sleep(0.2)
        wait_ok(deployment.url + "_stcore/health", proc, deadline)
        yield deployment
    finally:
        # TERM to the script only: its trap must stop nginx and the replicas by itself.
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
