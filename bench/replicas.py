"""Scale-out: the load test through nginx in front of one replica, then two (deploy/replicas.sh).

Each run starts `deploy/replicas.sh N PORT`, warms it up, drives the same sessions through the
proxy, reads the memory of the replicas (their process ids come from the script's first line),
and stops it. Prints runs per second for each N and the ratio. Needs Debian's nginx.
Usage: python bench/replicas.py [SESSIONS] [RERUNS]
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from load import app_ring, free_port, measure, wait_healthy, warm_up  # noqa: E402


def through_proxy(replicas: int, sessions: int, reruns: int):
    """One measurement through nginx in front of `replicas` app processes."""
    port = free_port()
    while any(_busy(port + i) for i in range(1, replicas + 1)):
        port = free_port()
    with tempfile.TemporaryFile("w+") as out:
        script = ROOT / "deploy" / "replicas.sh"
        process = subprocess.Popen(
            ["bash", str(script), str(replicas), str(port)],
            cwd=ROOT,
            env={**os.environ, "PYTHON": sys.executable},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            wait_healthy(url, timeout=180, process=process)
            pids: list[int] = []
            deadline = time.monotonic() + 30
            while not pids and time.monotonic() < deadline:
                out.seek(0)
                found = re.search(r"replica pids: ([\d ]+)\)", out.read())
                pids = [int(p) for p in found.group(1).split()] if found else []
                time.sleep(0.1)
            warm_up(url, app_ring)
            return measure(
                f"{replicas} replica(s) via nginx",
                url,
                sessions=sessions,
                reruns=reruns,
                ring=app_ring,
                pids=pids or None,
                deadline=900,
            )
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def _busy(port: int) -> bool:
    import socket

    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def main() -> int:
    sessions = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    reruns = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    one = through_proxy(1, sessions, reruns)
    print(one.line(), flush=True)
    two = through_proxy(2, sessions, reruns)
    print(two.line(), flush=True)
    print(f"two replicas / one: {two.rate / one.rate:.2f} × the runs per second")
    return 1 if one.errors or two.errors else 0


if __name__ == "__main__":
    sys.exit(main())
