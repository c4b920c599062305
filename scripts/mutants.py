"""Break the code on purpose, one known way at a time, and check that a fast test notices.

Each mutant replaces one exact piece of a file (the piece must occur exactly once), runs the
tests named for it without the browser, and puts the file back, whatever happens. A mutant
is killed when those tests fail, and survives when they pass: a surviving mutant is a change the
suite cannot see. Prints one line per mutant and a count; the exit code is the number that
survived (so a new survivor fails a check that runs this). Usage:

    python scripts/mutants.py [NAME ...]     # all of them, or the named ones
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Mutant:
    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]


MUTANTS = (
    Mutant(
        "a quote rendered |safe",
        "ui/templates/_macros.html",
        "{% else %}{{ text }}{% endif %}",
        "{% else %}{{ text|safe }}{% endif %}",
        ("tests/test_seams.py", "tests/test_panel.py"),
    ),
    Mutant(
        "the layers cache ignores the selection",
        "ui/data.py",
        "_layers.get((filters, selection, tuple(labelled))",
        "_layers.get((filters, None, tuple(labelled))",
        ("tests/test_seams.py", "tests/test_bounded.py"),
    ),
    Mutant(
        "the cached panel drops the view's parameters",
        "ui/data.py",
        "view = tuple(sorted((query or {}).items())) if panel.depends_on_view(parsed) else ()",
        "view = ()",
        ("tests/test_seams.py",),
    ),
    Mutant(
        "a bundle of ties put under the wrong camp",
        "geo/aggregate.py",
        "camp = tie_camp(actors[a].category, actors[b].category)",
        "camp = actors[a].category",
        ("tests/test_seams.py", "tests/test_aggregate.py"),
    ),
    Mutant(
        "the curve's sign flipped in map-kit.js",
        "geo/static/map-kit.js",
        "var cx = (lon0 + lon1) / 2 - dy * bend",
        "var cx = (lon0 + lon1) / 2 + dy * bend",
        ("tests/test_seams.py",),
    ),
    Mutant(
        "data text not escaped on the map",
        "geo/tooltips.py",
        "out = html.escape(str(text), quote=True)",
        "out = str(text)",
        ("tests/test_seams.py", "tests/test_mapbuild.py"),
    ),
    Mutant(
        "'</' left as is in script JSON",
        "geo/jsonsafe.py",
        '    ("<", "\\\\u003c"),\n',
        "",
        ("tests/test_seams.py", "tests/test_fastrender.py"),
    ),
    Mutant(
        "a comparison counts a tie that started in its first year",
        "allies/compare.py",
        "if year is not None and first < year <= second:",
        "if year is not None and first <= year <= second:",
        ("tests/test_compare.py",),
    ),
    Mutant(
        "a comparison of a year with itself accepted",
        "ui/urlstate.py",
        "if years[0] == years[1] or years[0] < low",
        "if years[0] < low",
        ("tests/test_urlstate.py",),
    ),
    Mutant(
        "the live map numbers its per-view groups from zero",
        "ui/mapcall.py",
        "groups_script(extra, first=len(layers.layers))",
        "groups_script(extra, first=0)",
        ("tests/test_mapcall.py",),
    ),
    Mutant(
        "a thinned tie keeps every point of its curve",
        "geo/items.py",
        'return {**item, "arc": [*curve[:5], curve[5] // step]}',
        "return item",
        ("tests/test_aggregate.py",),
    ),
    Mutant(
        "a tie sent on the opposite bend of the model's curve",
        "geo/mapbuild.py",
        "curve = (points[0], points[-1], tie.bend, ARC_POINTS)",
        "curve = (points[0], points[-1], -tie.bend, ARC_POINTS)",
        ("tests/test_mapbuild.py",),
    ),
    Mutant(
        "a still of a big map draws every actor at every scale",
        "geo/still.py",
        "drawn = still.shown = at_zoom(drawn, frame.zoom)",
        "drawn = still.shown = drawn",
        ("tests/test_aggregate.py",),
    ),
    Mutant(
        "the map page draws its links before writing the view, and again after",
        "ui/pageview.py",
        "layout.setup(links=False)  # state.write_url below draws them",
        "layout.setup(links=True)  # state.write_url below draws them",
        ("tests/test_app.py",),
    ),
    Mutant(
        "a place switched on in its pills is not drawn",
        "ui/sidebar.py",
        "st.session_state[keys.PLACES] = [pid for pid in choices.places if pid in picked]",
        "st.session_state[keys.PLACES] = [pid for pid in choices.places if pid not in picked]",
        ("tests/test_app.py",),
    ),
)


def run(mutant: Mutant) -> tuple[bool, float]:
    """Whether the mutant was killed, and how long its tests took."""
    path = ROOT / mutant.path
    original = path.read_text(encoding="utf-8")
    if original.count(mutant.old) != 1:
        raise SystemExit(f"{mutant.name}: the piece to change is not once in {mutant.path}")
    start = time.monotonic()
    try:
        path.write_text(original.replace(mutant.old, mutant.new), encoding="utf-8")
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-x",
                "-p",
                "no:cacheprovider",
                "-m",
                "not browser",
                *mutant.tests,
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
    finally:
        path.write_text(original, encoding="utf-8")
    return done.returncode != 0, time.monotonic() - start


def main(names: list[str]) -> int:
    chosen = [m for m in MUTANTS if not names or m.name in names]
    survived = 0
    for mutant in chosen:
        killed, seconds = run(mutant)
        survived += not killed
        print(f"{'killed  ' if killed else 'SURVIVED'}  {mutant.name}  ({seconds:.0f} s)")
    print(f"{len(chosen) - survived} of {len(chosen)} mutants killed")
    return survived


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
