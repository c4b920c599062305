"""Check the dataset: `python -m allies.validate [DATA_DIR]` prints every problem, or an OK line.

The tours under DATA_DIR/tours are checked with the rest: their shape always, and what their
scenes point at once the dataset itself is valid.
"""

from __future__ import annotations

import sys
from pathlib import Path

from allies.load import DatasetError, load_dataset
from allies.paths import DATA_DIR
from allies.tours import check_tours, read_tours, tours_dir


def main(argv: list[str] | None = None) -> int:
    """Print every problem and their count (exit 1), or a one-line summary (exit 0)."""
    args = sys.argv[1:] if argv is None else argv
    data_dir = Path(args[0]) if args else DATA_DIR
    tours, problems = read_tours(tours_dir(data_dir))
    try:
        data = load_dataset(data_dir)
    except DatasetError as err:
        problems = [*err.problems, *problems]
    else:
        problems += check_tours(tours, data)
    if problems:
        for problem in problems:
            print(problem)
        count = len(problems)
        print(f"{count} problem{'' if count == 1 else 's'} in {data_dir}")
        return 1
    scenes = sum(len(t.scenes) for t in tours)
    print(
        f"OK: {len(data.actors)} actors, {len(data.relationships)} ties, "
        f"{len(data.excerpts)} excerpts, {len(data.places)} places, {len(data.events)} events, "
        f"{len(tours)} tours ({scenes} scenes)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
