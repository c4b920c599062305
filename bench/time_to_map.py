"""Time to map in Chromium: from navigation until the map has drawn its markers.

Each repetition opens the page in a fresh browser context (an empty cache, as for a first visit)
and waits until the map's iframe shows its markers: every `.ally-marker` of the app, or the 40
Leaflet markers of the bare st_folium page (bench/bare_folium.py). Prints the median per page
and the app's ratio to the bare page. Usage: python bench/time_to_map.py [N]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

from browser_support import CHROMIUM_ARGS, MAP_IFRAME, READY, chromium_path  # noqa: E402
from load import start_server, stop  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

PAGES = {
    "app.py": ".ally-marker",
    "bench/bare_folium.py": ".leaflet-marker-icon",
}


def time_to_map(n: int = 7) -> dict[str, float]:
    """Median seconds to map for the app and the bare page, measured in one run."""
    out: dict[str, list[float]] = {page: [] for page in PAGES}
    servers = {page: start_server(page) for page in PAGES}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            for i in range(n + 1):  # the first round warms the servers up and is not counted
                for page_path, selector in PAGES.items():
                    context = browser.new_context(viewport={"width": 1440, "height": 900})
                    page = context.new_page()
                    start = time.perf_counter()
                    page.goto(servers[page_path][1])
                    page.wait_for_selector(READY, timeout=60_000)
                    expect(page.frame_locator(MAP_IFRAME).locator(selector).first).to_be_visible(
                        timeout=60_000
                    )
                    if i:
                        out[page_path].append(time.perf_counter() - start)
                    context.close()
            browser.close()
    finally:
        for process, _ in servers.values():
            stop(process)
    return {page: statistics.median(values) for page, values in out.items()}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    medians = time_to_map(n)
    for page, value in medians.items():
        print(f"time to map  {page:24s} median {value:5.2f} s  (n={n})")
    ratio = medians["app.py"] / medians["bench/bare_folium.py"]
    print(f"time to map  app / bare st_folium page: {ratio:.2f}")


if __name__ == "__main__":
    main()
