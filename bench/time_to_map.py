"""Time to map in Chromium: from navigation until the map has drawn its markers.

Each repetition opens the page in a fresh browser context (an empty cache, as for a first visit)
and waits until the map's iframe shows its markers: every `.ally-marker` of the app, or the 40
Leaflet markers of the bare st_folium page (bench/bare_folium.py) and of the same page with the
app's sidebar (bench/bare_sidebar.py), which tells the sidebar's share from the rest of the app's.
The pages take turns, and which goes first rotates.

Two clocks, both printed:
- in the page (the figure compared): the map's frame looks for its first marker on every
  animation frame and every 5 ms, and notes the time; the figure is that time less the moment
  the browser began to navigate (performance.timeOrigin of the page).
- waited: the wall time from `goto` until Playwright saw the marker. Playwright looks again at
  20, 70, 170 and 270 ms and then only every 500 ms, so this figure moves in steps of half a
  second, whichever page it measures.

Prints the median per page and clock, the app's ratio to the bare page, and how that ratio
splits: the bare page with the app's sidebar against the bare page, the app against that page.
Usage: python bench/time_to_map.py [N]
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

from browser_support import CHROMIUM_ARGS, MAP_IFRAME, READY, chromium_path  # noqa: E402
from load import start_server, stop  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

APP, BARE, SIDEBAR = "app.py", "bench/bare_folium.py", "bench/bare_sidebar.py"
PAGES = {APP: ".ally-marker", BARE: ".leaflet-marker-icon", SIDEBAR: ".leaflet-marker-icon"}


# In every frame of the page: the map's frame notes when its first marker is there.
MARK = """
(() => {
  if (window === window.top) { return; }
  const selector = %s;
  const note = () => {
    if (window.__mapAt || !document.querySelector(selector)) { return false; }
    window.__mapAt = performance.timeOrigin + performance.now();
    return true;
  };
  const frame = () => { if (!note()) { requestAnimationFrame(frame); } };
  requestAnimationFrame(frame);
  const every = setInterval(() => { if (note() || window.__mapAt) { clearInterval(every); } }, 5);
})();
"""


def time_to_map(n: int = 7) -> dict[str, dict[str, float]]:
    """Median seconds to map for each page, measured in one run: per page,
    {"in_page": ..., "waited": ...}."""
    out: dict[str, dict[str, list[float]]] = {p: {"in_page": [], "waited": []} for p in PAGES}
    servers = {page: start_server(page) for page in PAGES}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            for i in range(n + 1):  # the first round warms the servers up and is not counted
                order = list(PAGES)[i % len(PAGES) :] + list(PAGES)[: i % len(PAGES)]
                for page_path in order:
                    selector = PAGES[page_path]
                    context = browser.new_context(viewport={"width": 1440, "height": 900})
                    context.add_init_script(MARK % json.dumps(selector))
                    page = context.new_page()
                    start = time.perf_counter()
                    page.goto(servers[page_path][1])
                    page.wait_for_selector(READY, timeout=60_000)
                    expect(page.frame_locator(MAP_IFRAME).locator(selector).first).to_be_visible(
                        timeout=60_000
                    )
                    waited = time.perf_counter() - start
                    frame = page.locator(MAP_IFRAME).element_handle().content_frame()
                    drawn_at = frame.wait_for_function("() => window.__mapAt").json_value()
                    began = page.evaluate("() => performance.timeOrigin")
                    if i:
                        out[page_path]["waited"].append(waited)
                        out[page_path]["in_page"].append((drawn_at - began) / 1000)
                    context.close()
            browser.close()
    finally:
        for process, _ in servers.values():
            stop(process)
    return {
        page: {clock: statistics.median(values) for clock, values in clocks.items()}
        for page, clocks in out.items()
    }


# The ratios printed (and written by bench/report.py), of the times in the page.
RATIOS = {
    (APP, BARE): "this app / the bare page",
    (SIDEBAR, BARE): "the bare page with the app's sidebar / the bare page",
    (APP, SIDEBAR): "this app / the bare page with the app's sidebar",
}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    medians = time_to_map(n)
    for page, clocks in medians.items():
        print(
            f"time to map  {page:24s} median {clocks['in_page']:5.2f} s in the page, "
            f"{clocks['waited']:5.2f} s waited  (n={n})"
        )
    for clock in ("in_page", "waited"):
        for (a, b), name in RATIOS.items():
            ratio = medians[a][clock] / medians[b][clock]
            print(f"time to map  {name} ({clock.replace('_', ' ')}): {ratio:.2f}")


if __name__ == "__main__":
    main()
