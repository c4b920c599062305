"""Memory soak: many sessions in waves on one server, and whether its memory stays bounded.

Starts the app, warms it up, then runs SESSIONS sessions (bench/load.py's client) with at most
OPEN of them at a time: each opens the page, walks VIEWS views and closes, and a new one opens
as one closes. After every OPEN sessions closed (a wave) it reads the server's memory (RSS).
Closed sessions are kept by Streamlit for `server.disconnectedSessionTTL` seconds (a browser
may reconnect), so memory first grows for that long, then should stay flat: what the closed
sessions held is freed, and the per-view caches are bounded (ui/data.py). At the end it waits
for that time once more and reads the memory again.

Prints one line per wave and a summary: memory after warm-up, peak, at the last wave, after
the wait, and the growth over the second half of the waves (MB per 100 sessions; about zero
when memory is bounded).

    python bench/soak.py [--sessions 300] [--open 20] [--views 20] [--wait SECONDS]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from load import Result, Session, app_ring, rss_kb, start_server, stop, warm_up, ws_url_of  # noqa: E402

TTL = 120  # Streamlit's default server.disconnectedSessionTTL (the repository does not set it)


@dataclass
class Soak:
    sessions: int
    open: int
    views: int
    seconds: float = 0.0
    runs: int = 0
    errors: list[str] = field(default_factory=list)
    start_mb: float = 0.0  # after the warm-up
    waves_mb: list[float] = field(default_factory=list)  # after each wave closed
    end_mb: float = 0.0  # after the wait that follows the last wave
    wait_s: float = 0.0

    @property
    def peak_mb(self) -> float:
        return max([self.start_mb, self.end_mb, *self.waves_mb])

    @property
    def growth_per_100(self) -> float:
        """MB per 100 sessions over the second half of the waves (0 when bounded)."""
        half = len(self.waves_mb) // 2
        if half < 1:
            return float("nan")
        done = (len(self.waves_mb) - half) * self.open
        return (self.waves_mb[-1] - self.waves_mb[half - 1]) * 100 / done

    def summary(self) -> str:
        return (
            f"soak: {self.sessions} sessions × {self.views} views, {self.open} open at a time, "
            f"{self.runs} runs in {self.seconds:.0f} s, errors {len(self.errors)}; memory "
            f"{self.start_mb:.0f} MB after warm-up, peak {self.peak_mb:.0f} MB, "
            f"{self.waves_mb[-1] if self.waves_mb else float('nan'):.0f} MB at the last wave, "
            f"{self.end_mb:.0f} MB {self.wait_s:.0f} s after the last session closed; growth "
            f"over the second half {self.growth_per_100:+.1f} MB per 100 sessions"
        )

    def as_dict(self) -> dict:
        return {
            **asdict(self),
            "errors": len(self.errors),
            "peak_mb": self.peak_mb,
            "growth_mb_per_100_sessions": self.growth_per_100,
        }


async def _waves(url: str, pid: int, soak: Soak) -> None:
    ws_url = ws_url_of(url)
    gate = asyncio.Semaphore(soak.open)
    closed = 0
    results: list[Result] = []

    async def one(index: int) -> None:
        nonlocal closed
        async with gate:
            result = Result()
            results.append(result)
            await Session(index, ws_url, app_ring, 0.0, result).go(soak.views, None)
            closed += 1
            if closed % soak.open == 0:
                mb = (rss_kb([pid]) or 0) / 1024
                soak.waves_mb.append(mb)
                print(
                    f"  wave {closed // soak.open:3d}: {closed:4d} sessions closed, "
                    f"server {mb:.0f} MB",
                    flush=True,
                )

    await asyncio.gather(*(one(i) for i in range(soak.sessions)))
    soak.runs = sum(r.runs for r in results)
    soak.errors = [e for r in results for e in r.errors]


def soak(sessions: int = 300, open_: int = 20, views: int = 20, wait: float = TTL + 15) -> Soak:
    """Run the soak on a fresh server of the app and return its figures."""
    result = Soak(sessions=sessions, open=open_, views=views, wait_s=wait)
    process, url = start_server("app.py")
    try:
        warm_up(url, app_ring)
        result.start_mb = (rss_kb([process.pid]) or 0) / 1024
        start = time.perf_counter()
        asyncio.run(_waves(url, process.pid, result))
        result.seconds = time.perf_counter() - start
        time.sleep(wait)
        result.end_mb = (rss_kb([process.pid]) or 0) / 1024
    finally:
        stop(process)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=300)
    parser.add_argument("--open", type=int, default=20, help="sessions open at a time")
    parser.add_argument("--views", type=int, default=20, help="views each session walks")
    parser.add_argument("--wait", type=float, default=TTL + 15, help="seconds after the last")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = soak(args.sessions, args.open, args.views, args.wait)
    print(json.dumps(result.as_dict()) if args.json else result.summary())
    for error in result.errors[:5]:
        print("   ", error)
    return 1 if result.errors else 0


if __name__ == "__main__":
    sys.exit(main())
