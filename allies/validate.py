"""Check the dataset: `python -m allies.validate [DATA_DIR]` prints every problem, or an OK line."""

from __future__ import annotations

import sys
from pathlib import Path

from allies.load import DatasetError, load_dataset
from allies.paths import DATA_DIR


def main(argv: list[str] | None = None) -> int:
    """Print every problem and their count (exit 1), or a one-line summary (exit 0)."""
    args = sys.argv[1:] if argv is None else argv
    data_dir = Path(args[0]) if args else DATA_DIR
    try:
        data = load_dataset(data_dir)
    except DatasetError as err:
        for problem in err.problems:
            print(problem)
        count = len(err.problems)
        print(f"{count} problem{'' if count == 1 else 's'} in {data_dir}")
        return 1
    print(
        f"OK: {len(data.actors)} actors, {len(data.relationships)} ties, "
        f"{len(data.excerpts)} excerpts, {len(data.places)} places, {len(data.events)} events"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
