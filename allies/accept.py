"""Add what a reviewer accepted to the dataset: `python -m allies.accept REVIEW_FILE [--data DIR]`.

Reads a review file written by `python -m allies.ingest` and edited by a person. Accepted items
become rows of excerpts.csv (the quote verbatim, its paragraph the line of the source where it
starts); the ties they name gain their excerpt ids; `new_actors` and `new_ties` become rows of
actors.csv and relationships.csv. The result is validated as a whole before anything is written:
if it does not validate, nothing is written and every problem is printed. Accepting the same
review twice changes nothing (an excerpt already in the dataset is not added again).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from allies.datafiles import CsvTable, commit
from allies.load import DatasetError, load_dataset
from allies.paths import DATA_DIR
from allies.schema import TABLES
from allies.text import SourceText, normalize

DECISIONS = ("accept", "reject", "pending")
ACTOR_COLUMNS = TABLES["actors"].columns
TIE_COLUMNS = [c for c in TABLES["relationships"].columns if c != "excerpt_ids"]


@dataclass(frozen=True)
class ReviewProblem:
    """Something wrong with the review file itself: where, what was found, what was expected."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class Outcome:
    """What an accept did or would do."""

    problems: list = field(default_factory=list)
    excerpts: int = 0
    ties_extended: int = 0
    new_ties: int = 0
    new_actors: int = 0
    rejected: int = 0
    pending: int = 0
    written: bool = False

    @property
    def changes(self) -> int:
        return self.excerpts + self.ties_extended + self.new_ties + self.new_actors


def _cell(value: object) -> str:
    """A YAML value as the text of a CSV cell (lists joined by ';', None empty)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(str(v).strip() for v in value if str(v).strip())
    return str(value).strip()


def _as_list(item: dict, name: str, where: str, problems: list) -> list[str]:
    value = item.get(name) or []
    if isinstance(value, str):
        value = [v for v in value.replace(",", ";").split(";")]
    if not isinstance(value, list):
        problems.append(ReviewProblem(where, f"{name}: got {value!r}; expected a list"))
        return []
    return [str(v).strip() for v in value if str(v).strip()]


def _rows(review: dict, name: str, columns: list[str], key: str, problems: list) -> list[dict]:
    """new_actors or new_ties as rows of text cells; each needs its id and known columns."""
    value = review.get(name) or []
    if not isinstance(value, list):
        problems.append(ReviewProblem(name, f"got {value!r}; expected a list of rows"))
        return []
    rows = []
    for n, entry in enumerate(value, start=1):
        where = f"{name}[{n}]"
        if not isinstance(entry, dict):
            problems.append(ReviewProblem(where, f"got {entry!r}; expected a mapping"))
            continue
        unknown = [k for k in entry if k not in columns]
        if unknown:
            problems.append(
                ReviewProblem(
                    where, f"unknown field {', '.join(unknown)}; expected {', '.join(columns)}"
                )
            )
        if not _cell(entry.get(key)):
            problems.append(ReviewProblem(where, f"{key} is missing"))
            continue
        rows.append({c: _cell(entry.get(c)) for c in columns})
    return rows


def _paragraph(text: SourceText, quote: str, line: int) -> int:
    """The line where the quote starts: the quotable match on the reviewed line, else the first
    quotable match; the reviewed line if the quote is not in the document (the validator then
    says so)."""
    quotable = [m for m in text.find(quote) if m.quotable]
    at_line = [m for m in quotable if m.line == line]
    return (at_line or quotable)[0].line if quotable else line


def _read_review(path: Path, out: Outcome) -> dict | None:
    """The review file as a mapping with a list of items, or None (with the problem noted)."""
    name = path.name
    try:
        review = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        out.problems.append(ReviewProblem(name, f"cannot be read ({err})"))
        return None
    except yaml.YAMLError as err:
        out.problems.append(ReviewProblem(name, f"not valid YAML: {err}"))
        return None
    if not isinstance(review, dict) or not isinstance(review.get("items"), list):
        out.problems.append(ReviewProblem(name, "expected a mapping with a list of items"))
        return None
    return review


def _source_text(review: dict, ds, data_dir: Path, name: str, out: Outcome):
    """The reviewed source's id and text, if it is registered and unchanged since the review."""
    source_id = str(review.get("source_id") or "")
    sources = ds.sources.set_index("source_id")
    if source_id not in sources.index:
        out.problems.append(
            ReviewProblem(f"{name}: source_id", f"got {source_id!r}; not in sources.csv")
        )
        return None
    path = sources.at[source_id, "path"]
    digest = hashlib.sha256((data_dir / path).read_bytes()).hexdigest()
    if review.get("sha256") and review["sha256"] != digest:
        out.problems.append(
            ReviewProblem(
                f"{name}: sha256",
                f"the document {path} changed since this review was written; ingest it again",
            )
        )
        return None
    return source_id, ds.texts[source_id]


class _Apply:
    """The data folder's tables as text, changed item by item as the review says."""

    def __init__(self, data_dir: Path, name: str, out: Outcome):
        self.name, self.out = name, out
        self.excerpts = CsvTable.read(data_dir / "excerpts.csv")
        self.ties = CsvTable.read(data_dir / "relationships.csv")
        self.actors = CsvTable.read(data_dir / "actors.csv")
        self.quoted = {
            (row["source_id"], normalize(row["quote"])): row["excerpt_id"]
            for row in self.excerpts.rows
        }
        self.excerpt_ids = set(self.excerpts.column("excerpt_id"))
        self.tie_rows = {row["rel_id"]: row for row in self.ties.rows}
        self.cites: dict[str, list[str]] = {}  # rel_id -> excerpt ids to add
        self.seen: set[str] = set()

    def problem(self, where: str, message: str) -> None:
        self.out.problems.append(ReviewProblem(where, message))

    def item(self, n: int, item: object, source_id: str, text, new_tie_ids: set[str]) -> None:
        """One item of the review: counted, or added as an excerpt and attached to its ties."""
        if not isinstance(item, dict):
            self.problem(f"{self.name}: items[{n}]", "expected a mapping")
            return
        excerpt_id = _cell(item.get("excerpt_id"))
        where = f"{self.name}: item {excerpt_id or n} (line {item.get('line')})"
        decision = _cell(item.get("decision")) or "pending"
        if decision not in DECISIONS:
            self.problem(where, f"decision: got {decision!r}; expected {', '.join(DECISIONS)}")
            return
        if decision != "accept":
            self.out.rejected += decision == "reject"
            self.out.pending += decision == "pending"
            return
        quote = normalize(_cell(item.get("quote")))
        actor_ids = _as_list(item, "actor_ids", where, self.out.problems)
        tags = _as_list(item, "tags", where, self.out.problems)
        attach = _as_list(item, "ties", where, self.out.problems)
        if not excerpt_id or not quote:
            self.problem(where, "an accepted item needs excerpt_id and quote")
            return
        if excerpt_id in self.seen:
            self.problem(where, "excerpt_id appears twice in the review")
            return
        self.seen.add(excerpt_id)
        known = self.quoted.get((source_id, quote))
        if known is None:
            if excerpt_id in self.excerpt_ids:
                self.problem(
                    where,
                    f"excerpt_id {excerpt_id} is already used by another quote; choose another id",
                )
                return
            try:
                line = int(item.get("line"))
            except (TypeError, ValueError):
                line = 0
            self.excerpts.append(
                {
                    "excerpt_id": excerpt_id,
                    "source_id": source_id,
                    "paragraph": str(_paragraph(text, quote, line)),
                    "quote": quote,
                    "actor_ids": ";".join(actor_ids),
                    "tags": ";".join(tags),
                }
            )
            self.excerpt_ids.add(excerpt_id)
            self.out.excerpts += 1
            known = excerpt_id
        for rel_id in attach:
            if rel_id not in self.tie_rows and rel_id not in new_tie_ids:
                self.problem(
                    where,
                    f"ties: got {rel_id!r}; expected a rel_id of relationships.csv or of new_ties",
                )
                continue
            self.cites.setdefault(rel_id, []).append(known)

    def new_actor(self, row: dict[str, str]) -> None:
        current = next((a for a in self.actors.rows if a["actor_id"] == row["actor_id"]), None)
        if current is None:
            self.actors.append(row)
            self.out.new_actors += 1
        elif {c: current.get(c, "") for c in ACTOR_COLUMNS} != row:
            self.problem(
                f"{self.name}: new_actors {row['actor_id']}",
                "an actor with this id exists with other values; choose another id",
            )

    def new_tie(self, row: dict[str, str]) -> None:
        current = self.tie_rows.get(row["rel_id"])
        if current is None:
            self.ties.append({**row, "excerpt_ids": ""})
            self.tie_rows[row["rel_id"]] = self.ties.rows[-1]
            self.out.new_ties += 1
        elif {c: current.get(c, "") for c in TIE_COLUMNS} != row:
            self.problem(
                f"{self.name}: new_ties {row['rel_id']}",
                "a tie with this rel_id exists with other values; choose another rel_id",
            )

    def cite(self, new_tie_ids: set[str]) -> None:
        """Add the accepted excerpts to the excerpt_ids of the ties they were attached to."""
        for rel_id, ids in self.cites.items():
            row = self.tie_rows.get(rel_id)
            if row is None:
                continue
            have = [i for i in row["excerpt_ids"].split(";") if i.strip()]
            added = [i for i in dict.fromkeys(ids) if i not in have]
            if added:
                row["excerpt_ids"] = ";".join([*have, *added])
                self.out.ties_extended += rel_id not in new_tie_ids

    def changes(self) -> dict[str, bytes]:
        out, changes = self.out, {}
        if out.excerpts:
            changes["excerpts.csv"] = self.excerpts.text().encode("utf-8")
        if out.ties_extended or out.new_ties:
            changes["relationships.csv"] = self.ties.text().encode("utf-8")
        if out.new_actors:
            changes["actors.csv"] = self.actors.text().encode("utf-8")
        return changes


def accept(review_path: Path, data_dir: Path | None = None) -> Outcome:
    """Apply one review file to the data folder (see the module docstring)."""
    data_dir = DATA_DIR if data_dir is None else Path(data_dir)
    review_path = Path(review_path)
    out = Outcome()
    review = _read_review(review_path, out)
    if review is None:
        return out
    try:
        ds = load_dataset(data_dir)
    except DatasetError as err:
        out.problems += err.problems
        return out
    found = _source_text(review, ds, data_dir, review_path.name, out)
    if found is None:
        return out
    source_id, text = found

    apply = _Apply(data_dir, review_path.name, out)
    new_actors = _rows(review, "new_actors", ACTOR_COLUMNS, "actor_id", out.problems)
    new_ties = _rows(review, "new_ties", TIE_COLUMNS, "rel_id", out.problems)
    new_tie_ids = {row["rel_id"] for row in new_ties}
    for n, item in enumerate(review["items"], start=1):
        apply.item(n, item, source_id, text, new_tie_ids)
    for row in new_actors:
        apply.new_actor(row)
    for row in new_ties:
        apply.new_tie(row)
    apply.cite(new_tie_ids)
    if out.problems:
        return out
    changes = apply.changes()
    out.problems = commit(data_dir, changes)
    out.written = bool(changes) and not out.problems
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m allies.accept", description=__doc__)
    parser.add_argument("review", type=Path, help="a review file written by allies.ingest")
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="the data folder")
    args = parser.parse_args(argv)
    out = accept(args.review, args.data)
    if out.problems:
        for problem in out.problems:
            print(problem)
        count = len(out.problems)
        print(f"{count} problem{'' if count == 1 else 's'}: nothing was written")
        return 1
    summary = (
        f"{out.excerpts} excerpts, {out.new_actors} actors and {out.new_ties} ties added; "
        f"{out.ties_extended} ties gained evidence ({out.rejected} items rejected, "
        f"{out.pending} pending)"
    )
    print(("written: " if out.written else "nothing new to write: ") + summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
