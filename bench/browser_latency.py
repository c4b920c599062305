"""Time what a person waits for in the browser: a layer toggle and a marker click.

Starts the app on a free port, drives Debian's Chromium with Playwright, and prints the median
and maximum of N repetitions of: switching the proxy layer off (until its markers are gone) and
on again, and clicking a marker (until the side panel names it).
Usage: python bench/browser_latency.py [N]
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from browser_support import (  # noqa: E402
    CHROMIUM_ARGS,
    MAP_IFRAME,
    READY,
    chromium_path,
    start_server,
    stop_server,
)
from playwright.sync_api import expect, sync_playwright  # noqa: E402


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    server = start_server()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto(server.url)
            page.wait_for_selector(READY)
            frame = page.frame_locator(MAP_IFRAME)

            def marker(name: str):
                return frame.locator(f".ally-marker [aria-label={json.dumps(name)}]")

            expect(marker("Hezbollah")).to_have_count(1)
            pill = page.locator("[data-testid='stSidebar'] button", has_text="Proxy / Axis")
            toggles, clicks = [], []
            for i in range(n):
                start = time.perf_counter()
                pill.click()
                expect(marker("Hezbollah")).to_have_count(0)
                pill.click()
                expect(marker("Hezbollah")).to_have_count(1)
                toggles.append((time.perf_counter() - start) * 1000 / 2)
                name = ("Houthis", "Turkey")[i % 2]
                start = time.perf_counter()
                marker(name).click()
                expect(page.locator(".ap h2")).to_have_text(name)
                clicks.append((time.perf_counter() - start) * 1000)
            browser.close()
    finally:
        stop_server(server)
    for label, values in (
        ("layer toggle to map updated", toggles),
        ("marker click to panel", clicks),
    ):
        print(
            f"{label:30s} median {statistics.median(values):6.0f} ms   max {max(values):6.0f} ms"
            f"   (n={len(values)})"
        )


if __name__ == "__main__":
    main()
