"""The deployment files themselves: the nginx template, its renderer, run-replicas.sh's
arguments, the Dockerfile and compose.yaml (docker is not run here: the compose file is read
with yaml.SafeLoader and its wiring checked)."""

from __future__ import annotations

import base64
import hashlib
import re
import subprocess
from pathlib import Path

import pytest
import streamlit
import yaml

from .conftest import DEPLOY

TEMPLATE = (DEPLOY / "nginx.conf.template").read_text()
RENDER = DEPLOY / "render-nginx-conf.sh"


def render(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(RENDER), *args], capture_output=True, text=True, timeout=30)


def csp() -> dict[str, list[str]]:
    (policy,) = re.findall(r'add_header Content-Security-Policy "([^"]+)" always;', TEMPLATE)
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


def test_csp_allows_exactly_the_inline_scripts_of_the_installed_streamlit_page() -> None:
    # Streamlit's index.html has inline <script>s; CSP allows each by the sha256 of its text.
    # A Streamlit upgrade that changes them fails here, before it fails in a browser.
    html = (Path(streamlit.__file__).parent / "static" / "index.html").read_text()
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S)
    assert inline, "no inline script in Streamlit's index.html: drop the hash from the CSP"
    wanted = {f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in inline}
    allowed = {s for s in csp()["script-src"] if s.startswith("'sha256-")}
    assert allowed == wanted


def test_csp_names_no_other_host_and_no_eval() -> None:
    policy = csp()
    assert policy["default-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    for name, sources in policy.items():
        for source in sources:
            assert source.startswith("'") or source == "data:", f"{name} allows {source}"
    assert "'unsafe-eval'" not in policy["script-src"] and "'unsafe-inline'" not in policy["script-src"]


def test_render_lists_every_replica_in_order(tmp_path: Path) -> None:
    done = render("127.0.0.1:8640", str(tmp_path), "127.0.0.1:8641", "kcost-2:8501", "10.0.0.7:9000")
    assert done.returncode == 0, done.stderr
    servers = re.findall(r"^\s+server (\S+) max_fails=1 fail_timeout=10s;$", done.stdout, re.M)
    assert servers == ["127.0.0.1:8641", "kcost-2:8501", "10.0.0.7:9000"]
    assert re.findall(r"^\s+listen (\S+);$", done.stdout, re.M) == ["127.0.0.1:8640"]
    assert f"pid {tmp_path}/nginx.pid;" in done.stdout
    assert "@@" not in done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("127.0.0.1:80; include /etc/shadow", "/tmp/x", "a:1"),  # a directive smuggled into listen
        ("127.0.0.1:80", "relative/dir", "a:1"),
        ("127.0.0.1:80", "/tmp/with space", "a:1"),
        ("127.0.0.1:80", "/tmp/x", "a:1;"),
        ("127.0.0.1:80", "/tmp/x", "no-port"),
        ("127.0.0.1:80", "/tmp/x"),  # no replica
    ],
)
def test_render_refuses_anything_but_plain_addresses_and_paths(args: tuple[str, ...]) -> None:
    done = render(*args)
    assert done.returncode == 2
    assert done.stdout == ""


def test_rendered_configuration_is_valid_for_nginx(nginx_path: str, tmp_path: Path) -> None:
    done = render("127.0.0.1:8640", str(tmp_path), "127.0.0.1:8641", "127.0.0.1:8642")
    (tmp_path / "nginx.conf").write_text(done.stdout)
    check = subprocess.run(
        [nginx_path, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True, text=True, timeout=30,
    )
    assert check.returncode == 0, check.stderr


@pytest.mark.parametrize("args", [[], ["0"], ["33"], ["two"], ["2", "80"], ["2", "8640x"], ["2", "8640", "extra"]])
def test_run_replicas_refuses_bad_arguments(args: list[str]) -> None:
    done = subprocess.run(["bash", str(DEPLOY / "run-replicas.sh"), *args], capture_output=True, text=True, timeout=30)
    assert done.returncode == 2
    assert "usage:" in done.stderr


def dockerfile_stages() -> dict[str, list[str]]:
    """Instructions per stage name, in order, continuation lines joined."""
    text = (DEPLOY / "Dockerfile").read_text().replace("\\\n", " ")
    stages: dict[str, list[str]] = {}
    current: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("FROM "):
            current = stages.setdefault(line.split()[-1], [])
        current.append(line)
    return stages


def test_dockerfile_runs_one_replica_as_a_user_other_than_root() -> None:
    stages = dockerfile_stages()
    assert list(stages)[-1] == "app", "the app must be the default (last) target"
    app = stages["app"]
    assert app[0] == "FROM python:3.11-slim AS app"
    users = [i.split()[1] for i in app if i.startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    cmd = next(i for i in app if i.startswith("CMD "))
    assert '"streamlit", "run", "app.py"' in cmd and '"--server.port", "8501"' in cmd
    proxy = stages["proxy"]
    assert proxy[0].startswith("FROM debian:")
    assert [i.split()[1] for i in proxy if i.startswith("USER ")][-1] not in ("root", "0")
    assert "EXPOSE 8080" in proxy


def test_compose_puts_every_replica_behind_the_proxy_and_only_the_proxy_in_front() -> None:
    compose = yaml.load((DEPLOY / "compose.yaml").read_text(), Loader=yaml.SafeLoader)
    services = compose["services"]
    replicas = sorted(name for name, s in services.items() if s["build"]["target"] == "app")
    assert len(replicas) >= 2
    proxy = services["proxy"]
    assert proxy["build"]["target"] == "proxy"
    assert proxy["environment"]["KCOST_REPLICAS"].split() == [f"{name}:8501" for name in replicas]
    assert proxy["depends_on"] == {name: {"condition": "service_healthy"} for name in replicas}
    (published,) = proxy["ports"]
    host, host_port, container_port = published.split(":")
    assert host == "127.0.0.1"
    assert container_port == proxy["environment"]["KCOST_LISTEN"].rsplit(":", 1)[1] == "8080"
    for name in replicas:
        assert "ports" not in services[name], f"{name} must be reached through the proxy only"
        assert services[name]["expose"] == ["8501"]
        assert set(services[name]["networks"]) == set(proxy["networks"])
    for service in services.values():
        assert service["read_only"] is True
        assert service["cap_drop"] == ["ALL"]
