"""deploy/replicas.sh: two replicas behind nginx, and a session that stays on its replica.

Starts the script for real (two Streamlit servers and Debian's nginx on free loopback ports)
and talks to it over HTTP and Streamlit's websocket protocol (bench/load.py's client). Skipped
where nginx is not installed, except in CI (REQUIRE_BROWSER or CI set), where .ci/run installs
it and a missing nginx fails.
"""

from __future__ import annotations

import asyncio
import fnmatch
import http.cookies
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import load  # noqa: E402

websockets = pytest.importorskip("websockets")


def _nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if found:
        return found
    message = "nginx not found: install Debian's 'nginx' package"
    if os.environ.get("REQUIRE_BROWSER") or os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _free_run(count: int) -> int:
    """A port whose next `count` ports are free too."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            base = s.getsockname()[1]
        if base + count > 65000:
            continue
        try:
            for offset in range(count + 1):
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", base + offset))
            return base
        except OSError:
            continue
    raise RuntimeError("no run of free ports")


@pytest.fixture(scope="module")
def proxy():
    _nginx()
    port = _free_run(2)
    log = ROOT / "tests" / "artifacts" / "replicas.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    out = log.open("w")
    env = {**os.environ, "PYTHON": sys.executable}
    process = subprocess.Popen(
        ["bash", str(ROOT / "deploy" / "replicas.sh"), "2", str(port)],
        cwd=ROOT,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"replicas.sh exited:\n{log.read_text(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(log.read_text(errors="replace")) from None
                time.sleep(0.25)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)  # the script stops nginx and both replicas
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        out.close()


def _get(url: str, cookie: str | None = None) -> tuple[str, str | None]:
    """(the replica that answered, the route cookie it set)."""
    request = urllib.request.Request(url)
    if cookie:
        request.add_header("Cookie", cookie)
    with urllib.request.urlopen(request, timeout=10) as reply:
        jar = http.cookies.SimpleCookie(reply.headers.get("Set-Cookie") or "")
        route = jar.get("ally_route")
        return reply.headers["X-Replica"], (route.value if route else None)


def test_a_browser_stays_on_one_replica_and_browsers_spread_over_both(proxy):
    replica, route = _get(proxy + "/")
    assert route, "the proxy gives a new browser its route cookie"
    cookie = f"ally_route={route}"
    assert {_get(proxy + path, cookie)[0] for path in ("/", "/_stcore/health") * 5} == {replica}
    # Browsers without a cookie are spread: both replicas answer some of them.
    seen = {_get(proxy + "/")[0] for _ in range(30)}
    assert len(seen) == 2


def test_a_session_keeps_its_state_and_its_replica_across_reruns_and_a_reconnect(proxy):
    replica, route = _get(proxy + "/")
    headers = {"Cookie": f"ally_route={route}"}
    ws_url = load.ws_url_of(proxy)

    async def scenario() -> None:
        session = load.Session(0, ws_url, load.app_ring, 0, load.Result())
        async with websockets.connect(
            ws_url, subprotocols=["streamlit"], additional_headers=headers, max_size=None
        ) as ws:
            assert ws.response.headers["X-Replica"] == replica
            await session.run_script(ws)
            first_id = session.session_id
            assert first_id
            session._set("selection", load._exactly("Hezbollah"))
            _, _, text = await session.run_script(ws)
            assert "<h2>Hezbollah</h2>" in text
            for value in (load._all_but("Proxy"), load._every, load._all_but("Opponent")):
                session._set("f_layers", value)
                _, _, text = await session.run_script(ws)
                assert "<h2>Hezbollah</h2>" in text  # the selection survives each rerun
        # The browser reconnects with its session id: the same replica takes it back.
        async with websockets.connect(
            ws_url,
            subprotocols=["streamlit", "xsrf", first_id],
            additional_headers=headers,
            max_size=None,
        ) as ws:
            assert ws.response.headers["X-Replica"] == replica
            _, _, text = await session.run_script(ws)
            assert session.session_id == first_id
            assert "<h2>Hezbollah</h2>" in text

    asyncio.run(scenario())


# The settings one process's capacity rests on (tests/test_capacity.py): every way of deploying
# must run Streamlit where it reads .streamlit/config.toml, and none may override them.
CAPACITY_OPTIONS = (
    "runner.postScriptGC",
    "server.fileWatcherType",
    "server.enableWebsocketCompression",
)


def test_replicas_run_in_the_repository_with_its_capacity_settings(proxy):
    found = re.search(
        r"replica pids: ([\d ]+)\)", (ROOT / "tests/artifacts/replicas.log").read_text()
    )
    assert found, "replicas.sh names its replicas' process ids"
    pids = found.group(1).split()
    assert len(pids) == 2
    for pid in pids:
        assert Path(f"/proc/{pid}/cwd").resolve() == ROOT.resolve()
        command = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
        assert "app.py" in command
        assert not [arg for arg in command if any(o in arg for o in CAPACITY_OPTIONS)]


def test_the_image_and_the_scripts_keep_the_repository_settings():
    ignored = (ROOT / ".dockerignore").read_text().split()
    for path in (".streamlit", ".streamlit/config.toml"):
        assert not [p for p in ignored if fnmatch.fnmatch(path, p.strip("/"))]
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    assert "WORKDIR /app" in dockerfile and "COPY --chown=app:app . ." in dockerfile
    for text in (dockerfile, (ROOT / "deploy" / "replicas.sh").read_text()):
        assert not [o for o in CAPACITY_OPTIONS if o in text]
