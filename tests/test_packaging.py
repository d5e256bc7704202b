"""The wheel works on its own: built from this checkout, installed in a fresh venv outside it, run from
an unrelated directory — `kcost validate`, `kcost project` and `kcost app` find the shipped data and app.

The fresh venv does not download kcost's dependencies again: a ``.pth`` line adds the site-packages of the
interpreter running the tests. A ``.pth`` line only adds a path; it does not process the ``.pth`` files in
it, so the checkout's own (editable) kcost stays out of reach, and the test proves it by checking where
``kcost`` is imported from.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STEP_TIMEOUT_S = 300


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clean_env() -> dict[str, str]:
    """The environment without anything that would put the checkout's sources on the path."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PYTHONNOUSERSITE"] = "1"
    return env


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=STEP_TIMEOUT_S)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv outside the checkout with the freshly built wheel installed; returns its bin directory."""
    work = tmp_path_factory.mktemp("packaging")
    assert ROOT not in work.parents
    # Build from a copy of the tracked files, so a stray build/ or egg-info in the checkout cannot leak in.
    source = work / "source"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    for name in filter(None, (f.decode() for f in files)):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    built = run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(work / "wheel")], work)
    assert built.returncode == 0, built.stderr
    (wheel,) = (work / "wheel").glob("kcost-*.whl")

    venv = work / "venv"
    made = run([sys.executable, "-m", "venv", "--without-pip", str(venv)], work)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    purelib = run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], work).stdout.strip()
    Path(purelib, "test-dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    before = run([str(python), "-c", "import kcost"], work)
    assert before.returncode != 0, "the checkout's kcost must not be importable in the fresh venv"
    # The shared interpreter's pip installs into the fresh venv (it has none of its own).
    added = run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)], work)
    assert added.returncode == 0, added.stderr
    return venv / "bin"


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """An empty working directory: no data/, no .streamlit/, no app.py."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    return cwd


def test_kcost_is_imported_from_the_venv_with_its_data(installed, elsewhere):
    probe = run(
        [str(installed / "python"), "-c",
         "import kcost, kcost.shipped as s; print(kcost.__file__); print(s.assumptions_file()); "
         "print(s.schema_file()); print(s.streamlit_settings_file())"],
        elsewhere,
    )  # fmt: skip
    assert probe.returncode == 0, probe.stderr
    venv = installed.parent.resolve()
    paths = [Path(line).resolve() for line in probe.stdout.splitlines()]
    assert all(venv in p.parents for p in paths), paths
    assert [p.name for p in paths[1:]] == ["pricing.yaml", "pricing.schema.json", "config.toml"]
    # The packaged copies are the checkout's files, byte for byte.
    assert paths[1].read_bytes() == (ROOT / "data" / "pricing.yaml").read_bytes()
    assert paths[2].read_bytes() == (ROOT / "data" / "pricing.schema.json").read_bytes()


def test_validate_and_project(installed, elsewhere):
    validated = run([str(installed / "kcost"), "validate"], elsewhere)
    assert validated.returncode == 0, validated.stderr
    assert "pricing.yaml: valid" in validated.stdout
    projected = run([str(installed / "kcost"), "project", "--plan", "ketamine-iv", "--weeks", "4", "--format", "json"], elsewhere)
    assert projected.returncode == 0, projected.stderr
    body = json.loads(projected.stdout)
    # 4 weeks of IV: a $250 consultation + 6 infusions at $550 (days 0, 3, 7, 10, 14, 17) = $3,550.
    assert body["plans"][0]["total_cost"] == 3550


def test_app_serves_the_installed_package(installed, elsewhere, tmp_path):
    port = free_port()
    log = tmp_path / "app.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(installed / "kcost"), "app", "--port", str(port), "--address", "127.0.0.1"],
            cwd=elsewhere, env=clean_env(), stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        health = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(url + "_stcore/health", timeout=2) as response:
                    health = response.read().decode().strip()
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        assert health == "ok", log.read_text(errors="replace")
        with urllib.request.urlopen(url, timeout=10) as response:
            page = response.read().decode()
        assert '<div id="root">' in page
        # The app script itself runs from the installed package (AppTest in the fresh venv, same cwd).
        script = (
            "import kcost.ui.app_entry as e; from streamlit.testing.v1 import AppTest; "
            "at = AppTest.from_file(e.__file__, default_timeout=60).run(); "
            "assert not at.exception, at.exception; print(e.__file__); print(at.title[0].value)"
        )
        ran = run([str(installed / "python"), "-c", script], elsewhere)
        assert ran.returncode == 0, ran.stderr
        entry, title = ran.stdout.splitlines()[-2:]
        assert installed.parent.resolve() in Path(entry).resolve().parents
        assert title.startswith("What ketamine or an SSRI may cost you")
        # kcost's Streamlit settings hold although the working directory has no .streamlit/: `kcost app`
        # became the Streamlit process (exec) with them as flags.
        argv = Path(f"/proc/{proc.pid}/cmdline").read_bytes().split(b"\0")
        flags = dict(zip(argv, argv[1:]))
        assert flags[b"--browser.gatherUsageStats"] == b"false"
        assert flags[b"--server.enableXsrfProtection"] == b"true"
        assert flags[b"--client.showErrorDetails"] == b"none"
        assert flags[b"--server.address"] == b"127.0.0.1"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
