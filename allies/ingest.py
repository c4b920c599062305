"""Add a source document and draft its review:
`python -m allies.ingest FILE --title "..." [--published DATE] [--data DIR]`.

The document is copied into `sources/` byte for byte and registered in sources.csv. Its lines get
their roles and its prose is split into sentences (allies.text, the rules the loader uses). Each
sentence and heading becomes an item of a review file (YAML, under `reviews/`) that a person
edits: the actors and places it names (by name or alias, allies.mentions), suggested tags, and
candidate ties (two actors and a relation word: the existing tie it would support, or a new
one). Capitalised names that match no actor or place are listed for the reviewer. Nothing is
accepted here: `python -m allies.accept REVIEW_FILE` does that.

Ingesting a document whose bytes are already registered changes nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from allies.datafiles import CsvTable, commit
from allies.load import Dataset, DatasetError, load_dataset
from allies.mentions import Matcher, matcher
from allies.paths import DATA_DIR
from allies.text import SourceText
from allies.vocab import HUB

REVIEWS = "reviews"
NOT_GIVEN = "not given"
DEFAULT_PERIOD = "Not yet described: the reviewer writes the period the text covers."
MAX_NEW_TIE_ACTORS = 4  # with more actors in one sentence (a list of names), no new ties

# Relation words, and the kinds of tie each suggests (first the likeliest).
RELATION_WORDS: dict[str, tuple[str, ...]] = {
    r"arm(?:s|ed|ing)?|weapon\w*|rockets?|munitions?": ("proxy support", "military cooperation"),
    r"fund(?:s|ed|ing)?|financ\w*|money|cash": ("proxy support",),
    r"train(?:s|ed|ing)?|proxy|proxies|sponsor\w*": ("proxy support",),
    r"back(?:s|ed|ing|er|ers)?|support\w*|suppl(?:y|ies|ied)|sends?|sent": (
        "proxy support",
        "strategic partnership",
    ),
    r"missiles?|drones?|militar\w*|defen[cs]e|exercises?|troops|advis[eo]rs?": (
        "military cooperation",
    ),
    r"trade|trades|trading|oil|gas|energy|invest\w*|econom\w*|barter": ("economic partnership",),
    r"shield\w*|veto\w*|votes?|diplomatic\w*": ("diplomatic backing",),
    r"partner\w*|all(?:y|ies|ied|iance|iances)|ties|cooperat\w*|coordinat\w*|relations?\w*": (
        "strategic partnership",
    ),
    r"condemn\w*": ("condemnation",),
    r"warn\w*": ("warning",),
    r"wars?|attack\w*|strikes?|struck|clash\w*|conflicts?|fights?|fighting|fought|retaliat\w*": (
        "conflict",
    ),
    r"rival\w*|compet\w*|counter\w*|oppos\w*": ("rivalry",),
    r"members?|membership|part of|grouping": ("membership",),
}
_RELATION = [
    (re.compile(rf"(?i)(?<![\w-])(?:{w})(?![\w-])"), types) for w, types in RELATION_WORDS.items()
]

_FIGURE = re.compile(
    r"\$\s?\d|\d[\d,.]*\s*(?:%|percent|billion|million|thousand)|\b\d{1,3}(?:,\d{3})+\b|"
    r"\b\d+-year\b"
)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE = re.compile(rf"\b(?:1[89]\d\d|20\d\d)s?\b|\b(?:{_MONTHS})\b|\bdecades?\b")
_QUOTED = re.compile(r"[“\"].{12,}[”\"]")
_SAYS = re.compile(r"(?i)\b(?:notes?|observes?|says?|said|according to|told|writes?|argues?)\b")


class IngestError(Exception):
    """The document cannot be ingested; the message says why."""


@dataclass(frozen=True)
class Ingested:
    """What an ingest did: the source's id, its review file, and whether anything changed."""

    source_id: str
    review: Path
    changed: bool
    message: str


def relation_types(text: str) -> tuple[list[str], list[str]]:
    """The relation words of a sentence and the kinds of tie they suggest, likeliest first."""
    words: list[str] = []
    types: dict[str, None] = {}
    for pattern, kinds in _RELATION:
        found = [m.group(0) for m in pattern.finditer(text)]
        if found:
            words += found
            types.update(dict.fromkeys(kinds))
    return list(dict.fromkeys(w.lower() for w in words)), list(types)


def suggested_tags(text: str, role: str, places: list[str]) -> list[str]:
    """Tags a reviewer will likely want (the vocabulary of excerpts.csv)."""
    tags = []
    if role == "heading":
        tags.append("heading")
    if role == "headline":
        tags.append("related-headline")
    if _QUOTED.search(text) and _SAYS.search(text):
        tags.append("quoted-commentary")
    if _FIGURE.search(text):
        tags.append("figure")
    if _DATE.search(text):
        tags.append("date")
    if places:
        tags.append("geography")
    return tags


def _existing_ties(ds: Dataset) -> dict[frozenset[str], list[tuple]]:
    out: dict[frozenset[str], list[tuple]] = {}
    for tie in ds.relationships.itertuples(index=False):
        out.setdefault(frozenset((tie.from_actor, tie.to_actor)), []).append(tie)
    return out


def candidate_ties(
    actor_ids: list[str], text: str, ties: dict[frozenset[str], list[tuple]], hubs: set[str]
) -> list[dict]:
    """Ties a sentence naming two actors and a relation word could support: the existing ties
    between them (those of a suggested kind first), and a new tie of the likeliest kind when
    none of them is of a kind the words suggest."""
    words, types = relation_types(text)
    if len(actor_ids) < 2 or not words:
        return []
    out = []
    for a, b in itertools.combinations(actor_ids, 2):
        existing = ties.get(frozenset((a, b)), [])
        ranked = sorted(existing, key=lambda t: (t.type not in types, t.rel_id))
        for tie in ranked:
            out.append(
                {
                    "tie": tie.rel_id,
                    "from_actor": tie.from_actor,
                    "to_actor": tie.to_actor,
                    "type": tie.type,
                    "words": words,
                }
            )
        fitting = any(t.type in types for t in existing)
        if not fitting and len(actor_ids) <= MAX_NEW_TIE_ACTORS:
            first, second = (b, a) if b in hubs and a not in hubs else (a, b)
            out.append(
                {
                    "tie": "new",
                    "from_actor": first,
                    "to_actor": second,
                    "type": types[0],
                    "words": words,
                }
            )
    return out


def _slug(title: str) -> str:
    words = re.findall(r"[a-z0-9]+", re.sub(r"['’]s\b", "", title.lower()))
    stop = {"a", "an", "the", "of", "and", "in", "on", "its", "to", "for", "with", "from", "into"}
    kept = [w for w in words if w not in stop][:3] or ["source"]
    return "-".join(kept)


def _prefix(source_id: str, taken: set[str]) -> str:
    base = "".join(part[0] for part in source_id.split("-") if part)[:3] or "src"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}{n}", n + 1
    return candidate


def review_items(text: SourceText, prefix: str, match: Matcher, ds: Dataset) -> list[dict]:
    """One item per sentence and heading of the document, in reading order."""
    ties = _existing_ties(ds)
    hubs = set(ds.actors.loc[ds.actors["category"] == HUB, "actor_id"])
    units = [
        (line.number, -1, f"{prefix}-h{line.number:02d}", line.text.strip(), "heading")
        for line in text.lines
        if line.role == "heading"
    ]
    roles = {line.number: line.role for line in text.lines}
    units += [
        (s.line, i, f"{prefix}-{i:03d}", s.text, roles[s.line])
        for i, s in enumerate(text.sentences)
    ]
    items = []
    for line, _, excerpt_id, quote, role in sorted(units, key=lambda u: (u[0], u[1])):
        actors = match.ids(quote, "actor")
        places = match.ids(quote, "place")
        items.append(
            {
                "excerpt_id": excerpt_id,
                "line": line,
                "role": role,
                "quote": quote,
                "decision": "pending",
                "actor_ids": actors,
                "places": places,
                "tags": suggested_tags(quote, role, places),
                "ties": [],
                "candidates": candidate_ties(actors, quote, ties, hubs),
                # A heading is in Title Case: every word would look like a name.
                "unknown_names": [] if role == "heading" else match.unknown_names(quote),
            }
        )
    return items


HEADER = """\
# Review of source {source_id} ({path}), written by python -m allies.ingest.
#
# Each item is a sentence or heading of the document. For each one:
#   decision:   accept, reject, or leave pending. Only accepted items are added.
#   quote:      verbatim from the document; you may cut it, never reword it.
#   actor_ids:  every actor the quote speaks about, and no other (found by name and alias:
#               check them, add those it speaks of as "its", "these groups").
#   tags:       suggestions from the excerpt tags vocabulary; correct them.
#   ties:       rel_ids this excerpt supports. `candidates` lists existing ties between the
#               actors it names (and tie: new where none exists) next to its relation words;
#               copy a rel_id here, or add the tie under new_ties and put its rel_id here.
# new_actors: rows for actors.csv (actor_id, name, aliases, kind, country, seat, lat, lon,
#   category, summary); `unknown_names` lists capitalised names that match no known actor.
# new_ties: rows for relationships.csv (rel_id, from_actor, to_actor, type, strength, status,
#   support, since, since_precision, note); their excerpt_ids are the accepted items that list
#   them under ties.
# Then run: python -m allies.accept THIS_FILE [--data DATA_DIR]
"""


def review_document(source_id: str, path: str, digest: str, prefix: str, items: list[dict]):
    """The review file's text: a header on how to edit it, then the YAML."""
    unknown: dict[str, list[int]] = {}
    for item in items:
        for name in item["unknown_names"]:
            unknown.setdefault(name, []).append(item["line"])
    body = {
        "source_id": source_id,
        "path": path,
        "sha256": digest,
        "prefix": prefix,
        "unknown_names": [
            {"name": name, "lines": sorted(set(lines))} for name, lines in unknown.items()
        ],
        "new_actors": [],
        "new_ties": [],
        "items": [{k: v for k, v in item.items() if k != "unknown_names"} for item in items],
    }
    dumped = yaml.safe_dump(
        body, sort_keys=False, allow_unicode=True, width=100, default_flow_style=None
    )
    return HEADER.format(source_id=source_id, path=path) + dumped


def _registered(sources: CsvTable, data_dir: Path, digest: str) -> Ingested | None:
    """What to report when a registered source has exactly these bytes, else None."""
    for row in sources.rows:
        existing = data_dir / row["path"]
        if existing.is_file() and hashlib.sha256(existing.read_bytes()).hexdigest() == digest:
            return Ingested(
                row["source_id"],
                data_dir / REVIEWS / f"{row['source_id']}.yaml",
                False,
                f"already registered as source {row['source_id']} ({row['path']}); nothing changed",
            )
    return None


def _free_path(sources: CsvTable, data_dir: Path, source_id: str, name: str, content: bytes) -> str:
    """The document's path under the data folder; the id and the file name must be free (a file
    already copied there with the same bytes is fine)."""
    if source_id in set(sources.column("source_id")):
        raise IngestError(f"source_id {source_id!r} is taken; choose another with --id")
    rel_path = f"sources/{name}"
    target = data_dir / rel_path
    if target.exists() and target.read_bytes() != content:
        raise IngestError(
            f"{rel_path} already exists with other content; rename the file before ingesting"
        )
    return rel_path


def ingest(
    file: Path,
    title: str,
    *,
    published: str | None = None,
    data_dir: Path | None = None,
    source_id: str | None = None,
    period: str | None = None,
) -> Ingested:
    """Copy, register and draft the review of one document (see the module docstring)."""
    data_dir = DATA_DIR if data_dir is None else Path(data_dir)
    file = Path(file)
    if not file.is_file():
        raise IngestError(f"{file}: file not found")
    content = file.read_bytes()
    try:
        raw = content.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise IngestError(f"{file}: not UTF-8 (byte offset {err.start}); save it as UTF-8") from err
    if not title.strip():
        raise IngestError("--title: expected the document's own title")
    try:
        ds = load_dataset(data_dir)
    except DatasetError as err:
        raise IngestError(f"the data folder does not validate; fix it first:\n{err}") from err

    digest = hashlib.sha256(content).hexdigest()
    sources = CsvTable.read(data_dir / "sources.csv")
    registered = _registered(sources, data_dir, digest)
    if registered is not None:
        return registered
    source_id = source_id or _slug(title)
    rel_path = _free_path(sources, data_dir, source_id, file.name, content)
    taken = {e.split("-")[0] for e in ds.excerpts["excerpt_id"]}
    prefix = _prefix(source_id, taken)

    text = SourceText(raw)
    boilerplate = [line.number for line in text.lines if line.role == "boilerplate"]
    sources.append(
        {
            "source_id": source_id,
            "title": title.strip(),
            "path": rel_path,
            "kind": "web article",
            "published": (published or NOT_GIVEN).strip(),
            "period": (period or DEFAULT_PERIOD).strip(),
            "notes": f"Added with allies.ingest; {len(boilerplate)} lines taken as boilerplate.",
        }
    )
    items = review_items(text, prefix, matcher(ds), ds)
    review_rel = f"{REVIEWS}/{source_id}.yaml"
    review = review_document(source_id, rel_path, digest, prefix, items)
    problems = commit(
        data_dir,
        {
            rel_path: content,
            "sources.csv": sources.text().encode("utf-8"),
            review_rel: review.encode("utf-8"),
        },
    )
    if problems:
        raise IngestError("\n".join(str(p) for p in problems))
    found = sum(bool(i["actor_ids"]) for i in items)
    return Ingested(
        source_id,
        data_dir / review_rel,
        True,
        f"registered {source_id} ({rel_path}): {len(text.sentences)} sentences, "
        f"{found} items naming a known actor, {len(boilerplate)} boilerplate lines",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m allies.ingest", description=__doc__)
    parser.add_argument("file", type=Path, help="the document, UTF-8 text, one paragraph a line")
    parser.add_argument("--title", required=True, help="the document's own title")
    parser.add_argument("--published", help="publication date (default: not given)")
    parser.add_argument("--id", dest="source_id", help="source_id (default: from the title)")
    parser.add_argument("--period", help="the period the text describes, in our words")
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="the data folder")
    args = parser.parse_args(argv)
    try:
        done = ingest(
            args.file,
            args.title,
            published=args.published,
            data_dir=args.data,
            source_id=args.source_id,
            period=args.period,
        )
    except IngestError as err:
        print(f"ingest failed: {err}")
        return 1
    print(done.message)
    if done.changed:
        print(f"review file: {done.review}")
        print(f"edit it, then run: python -m allies.accept {done.review}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
