"""Writing to the dataset's files safely: CSV tables as text rows, and an all-or-nothing commit.

The ingest and accept commands change several files at once. `commit` writes every changed file
into a staged copy of the data folder, validates the copy with the loader, and only then moves
the files into place; if validation fails, the data folder is left exactly as it was and the
problems are returned. CSV files keep their own line endings and quoting, so that a file gains
only the rows and cells that changed.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from allies.load import DatasetError, load_dataset
from allies.schema import Problem


@dataclass
class CsvTable:
    """A CSV file of the dataset as text: its header, its rows (dicts of text) and its line end."""

    header: list[str]
    rows: list[dict[str, str]]
    newline: str = "\n"

    @classmethod
    def read(cls, path: Path) -> CsvTable:
        text = path.read_text(encoding="utf-8-sig")
        newline = "\r\n" if "\r\n" in text else "\n"
        records = list(csv.reader(io.StringIO(text, newline="")))
        header, *body = records or [[]]
        rows = [dict(zip(header, [*r, *[""] * (len(header) - len(r))], strict=False)) for r in body]
        return cls(header, [r for r in rows if any(v.strip() for v in r.values())], newline)

    def text(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator=self.newline)
        writer.writerow(self.header)
        writer.writerows([[row.get(c, "") for c in self.header] for row in self.rows])
        return out.getvalue()

    def column(self, name: str) -> list[str]:
        return [row.get(name, "") for row in self.rows]

    def append(self, row: dict[str, str]) -> None:
        """Add a row; a column the file does not have yet (an optional one) is added empty."""
        for name in row:
            if name not in self.header:
                self.header.append(name)
        self.rows.append({c: row.get(c, "") for c in self.header})


def commit(data_dir: Path, changes: dict[str, bytes]) -> list[Problem]:
    """Write `changes` ({path relative to data_dir: content}) only if the result validates.

    Returns the problems of the staged result (nothing written), or [] once every file is in
    place. The staged copy lives next to the data folder, so each file moves with one rename.
    """
    data_dir = Path(data_dir)
    if not changes:
        return []
    with tempfile.TemporaryDirectory(prefix=".allies-stage-", dir=data_dir.parent) as tmp:
        stage = Path(tmp) / data_dir.name
        shutil.copytree(data_dir, stage)
        for rel, content in changes.items():
            target = stage / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        try:
            load_dataset(stage)
        except DatasetError as err:
            return err.problems
        for rel in changes:
            (data_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(stage / rel, data_dir / rel)
    return []
