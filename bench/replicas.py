"""Scale-out: the load test through nginx in front of one replica, then two (deploy/replicas.sh).

Each run starts `deploy/replicas.sh N PORT`, warms it up, drives the same sessions through the
proxy, reads the memory of the replicas (their process ids come from the script's first line),
and stops it. Prints runs per second for each N and the ratio. Needs Debian's nginx.

The load generator (this process) is pinned away from the servers where the machine allows it
(taskset's system call, sched_setaffinity): with three cores or more, nginx and the replicas get
all cores but the last and the generator the last; with two, the generator gets the last core
and the servers stay free to use both (two replicas and a generator cannot be kept apart on
two cores). What was done is printed and returned.
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

from load import app_ring, free_port, measure, wait_healthy  # noqa: E402


def through_proxy(
    replicas: int,
    sessions: int,
    reruns: int,
    client_cpus: set[int] | None = None,
    server_cpus: set[int] | None = None,
):
    """One measurement through nginx in front of `replicas` app processes; the generator runs
    on `client_cpus` and the servers on `server_cpus` (None: wherever the system puts them)."""
    port = free_port()
    while any(_busy(port + i) for i in range(1, replicas + 1)):
        port = free_port()
    with tempfile.TemporaryFile("w+") as out:
        script = ROOT / "deploy" / "replicas.sh"
        pin = ["taskset", "-c", ",".join(map(str, sorted(server_cpus)))] if server_cpus else []
        process = subprocess.Popen(
            [*pin, "bash", str(script), str(replicas), str(port)],
            cwd=ROOT,
            env={**os.environ, "PYTHON": sys.executable},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        everywhere = os.sched_getaffinity(0)
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
            if client_cpus:
                os.sched_setaffinity(0, client_cpus)
            # Every replica's caches filled first: connections spread at random over them.
            warm = measure("warm-up", url, sessions=4 * replicas, reruns=12, deadline=300)
            if warm.errors:
                raise SystemExit("warm-up failed: " + "; ".join(warm.errors[:3]))
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
            os.sched_setaffinity(0, everywhere)
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


def pinning() -> tuple[set[int] | None, set[int] | None, str]:
    """(cores of the generator, cores of the servers, in words)."""
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) >= 3:
        return (
            {cores[-1]},
            set(cores[:-1]),
            (
                f"load generator on core {cores[-1]}, nginx and the replicas on cores "
                f"{','.join(map(str, cores[:-1]))}"
            ),
        )
    if len(cores) == 2:
        return (
            {cores[-1]},
            None,
            (
                f"load generator pinned to core {cores[-1]}; nginx and the replicas free on both "
                "cores (two cores cannot keep them apart)"
            ),
        )
    return None, None, "one core: nothing pinned"


def compare(sessions: int = 60, reruns: int = 8) -> dict:
    """One replica, then two, through nginx, with the same sessions; plain figures."""
    client, servers, how = pinning()
    one = through_proxy(1, sessions, reruns, client, servers)
    print(one.line(), flush=True)
    two = through_proxy(2, sessions, reruns, client, servers)
    print(two.line(), flush=True)
    ratio = two.rate / one.rate if one.rate else float("nan")

    def plain(m) -> dict:
        return {
            "runs_per_s": round(m.rate, 2),
            "p50_s": round(m.p50, 3),
            "p95_s": round(m.p95, 3),
            "errors": len(m.errors),
            "first_errors": m.errors[:3],
        }

    summary = (
        f"Through nginx, {sessions} sessions × {reruns} views ({how}): one replica "
        f"{one.rate:.1f} runs/s (p95 {one.p95:.2f} s, {len(one.errors)} errors), two replicas "
        f"{two.rate:.1f} runs/s (p95 {two.p95:.2f} s, {len(two.errors)} errors): "
        f"{ratio:.2f} × the runs per second."
    )
    return {
        "sessions": sessions,
        "reruns": reruns,
        "pinning": how,
        "one": plain(one),
        "two": plain(two),
        "ratio": round(ratio, 3),
        "summary": summary,
    }


def main() -> int:
    sessions = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    reruns = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    result = compare(sessions, reruns)
    print(result["summary"])
    return 1 if result["one"]["errors"] or result["two"]["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
