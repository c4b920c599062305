"""A real Streamlit server and a real Chromium for the browser tests.

The server runs on a free port and is polled on /_stcore/health; its log is printed when a test
fails to start it. Chromium is Debian's package driven by Playwright; every request that leaves
localhost is blocked and counted.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
MAP_IFRAME = "iframe[title='streamlit_folium.st_folium']"
# The map has drawn, reported its first view and ended any animated zoom.
SETTLED = (
    "() => window.map && window.__GLOBAL_DATA__ && window.__GLOBAL_DATA__.last_zoom"
    " && !window.map._animatingZoom"
)


def chromium_path() -> str | None:
    """Debian's Chromium, or the one named by $CHROMIUM."""
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


def require_browser() -> str:
    """The Chromium path; skip locally without one, fail where the browser is required."""
    path = chromium_path()
    if path:
        return path
    message = "Chromium not found: install Debian's 'chromium' package or set CHROMIUM"
    if os.environ.get("REQUIRE_BROWSER") or os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A running `streamlit run app.py`."""

    url: str
    process: subprocess.Popen
    log: Path

    def tail(self, lines: int = 80) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def start_server(timeout: float = 90.0) -> Server:
    """Start the app on a free port and wait until its health check answers."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = ARTIFACTS / "server.log"
    handle = log.open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        stdout=handle,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return Server(url, process, log)
        except OSError:
            time.sleep(0.25)
    process.kill()
    raise RuntimeError(f"Streamlit did not become healthy:\n{log.read_text(errors='replace')}")


def stop_server(server: Server) -> None:
    """Terminate, then kill if it lingers."""
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=10)


@dataclass
class Traffic:
    """Requests seen by the browser: those that tried to leave the machine are blocked."""

    blocked: list[str] = field(default_factory=list)
    local: int = 0

    def handle(self, route) -> None:
        host = urlparse(route.request.url).hostname or ""
        scheme = urlparse(route.request.url).scheme
        if scheme in ("data", "blob", "about") or host in LOCAL_HOSTS:
            self.local += 1
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@contextmanager
def serving(data_dir: Path | None = None) -> Iterator[Server]:
    """A server for the bundled data, or for the data folder given (through ALLIES_DATA, which
    the server process inherits); stopped on leaving."""
    require_browser()
    before = os.environ.get("ALLIES_DATA")
    if data_dir is not None:
        os.environ["ALLIES_DATA"] = str(data_dir)
    try:
        srv = start_server()
    finally:
        if before is None:
            os.environ.pop("ALLIES_DATA", None)
        else:
            os.environ["ALLIES_DATA"] = before
    try:
        yield srv
    finally:
        stop_server(srv)


def new_page(browser, traffic: Traffic, timeout: float, **options):
    """A fresh context and page: requests routed through `traffic`, page errors collected in
    `page.errors`."""
    context = browser.new_context(**options)
    context.route("**/*", traffic.handle)
    pg = context.new_page()
    pg.set_default_timeout(timeout)
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    return context, pg


def finish_page(context, pg, traffic: Traffic, request, server: Server) -> None:
    """Close a page; on failure keep a screenshot and print the server's log. Nothing may have
    left the machine, and the page may have raised no error."""
    failed = request.node.rep_call.failed if hasattr(request.node, "rep_call") else False
    if failed:
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}-failure.png"))
        print(server.tail())
    context.close()
    assert traffic.blocked == [], f"requests left the machine: {traffic.blocked}"
    assert pg.errors == [], f"page errors: {pg.errors}"


def offline_page(browser, url: str, timeout: float, viewport: dict | None = None):
    """A page that may load the file at `url` and nothing else: returns (context, page, the
    addresses it asked for and was refused, the page's script errors)."""
    context = browser.new_context(viewport=viewport or {"width": 1400, "height": 900})
    asked: list[str] = []
    errors: list[str] = []

    def only_the_file(route) -> None:
        if route.request.url.split("#")[0] == url:
            route.continue_()
        else:
            asked.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_file)
    pg = context.new_page()
    pg.set_default_timeout(timeout)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    return context, pg, asked, errors
