"""A tiny, complete and valid dataset for tests, and small tools to corrupt a copy of it."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import branca
import folium
import folium.elements
import pytest

from allies.load import DatasetError, load_dataset

ALPHA = """Tiny Allies Of Iran
Table of Contents
- Iran And Its Friends
Iran And Its Friends
Iran arms Hezbollah in Lebanon. Russia backs Iran at the UN Security Council.
- Click Here For Celebrity Gossip Today
- Ten Secrets Of Cheap Flights Revealed
Hezbollah was formed in the early 1980s with Iranian support. It sits on the Mediterranean coast.

Iran Talks With Russia About Oil
"""

BETA = """Friends Of Tehran
China buys Iranian oil despite sanctions. In 2021, China and Iran signed a 25-year agreement.
Related Post
Some Unrelated Celebrity Story
"""

TEXTS = {"sources/alpha.txt": ALPHA, "sources/beta.txt": BETA}

TABLES: dict[str, list[dict[str, str]]] = {
    "sources.csv": [
        {
            "source_id": "alpha",
            "title": "Tiny Allies Of Iran",
            "path": "sources/alpha.txt",
            "kind": "web article",
            "published": "not given",
            "period": "the 2020s",
            "notes": "Two link lists and a table of contents.",
        },
        {
            "source_id": "beta",
            "title": "Friends Of Tehran",
            "path": "sources/beta.txt",
            "kind": "web article",
            "published": "2024-01",
            "period": "2021 to 2024",
            "notes": "",
        },
    ],
    "actors.csv": [
        {
            "actor_id": "iran",
            "name": "Iran",
            "aliases": "Islamic Republic of Iran",
            "kind": "state",
            "country": "IRN",
            "seat": "Tehran",
            "lat": "35.69",
            "lon": "51.39",
            "category": "hub",
            "summary": "The hub of the network.",
        },
        {
            "actor_id": "hezbollah",
            "name": "Hezbollah",
            "aliases": "Hizballah;Hizbullah",
            "kind": "non-state armed group",
            "country": "LBN",
            "seat": "Beirut",
            "lat": "33.89",
            "lon": "35.50",
            "category": "proxy",
            "summary": "A Lebanese group armed by Iran.",
        },
        {
            "actor_id": "russia",
            "name": "Russia",
            "aliases": "",
            "kind": "state",
            "country": "RUS",
            "seat": "Moscow",
            "lat": "55.76",
            "lon": "37.62",
            "category": "global power",
            "summary": "Backs Iran at the UN.",
        },
        {
            "actor_id": "china",
            "name": "China",
            "aliases": "",
            "kind": "state",
            "country": "CHN",
            "seat": "Beijing",
            "lat": "39.90",
            "lon": "116.40",
            "category": "global power",
            "summary": "Buys Iran's oil.",
        },
    ],
    "relationships.csv": [
        {
            "rel_id": "r001",
            "from_actor": "iran",
            "to_actor": "hezbollah",
            "type": "proxy support",
            "strength": "3",
            "status": "active",
            "support": "arms",
            "since": "1980",
            "since_precision": "decade",
            "excerpt_ids": "alpha-001;alpha-003",
            "note": "Iran arms the group it helped to found.",
            "qualifying_excerpt_ids": "",  # the optional role columns (allies.roles)
            "weakening_excerpt_ids": "",
        },
        {
            "rel_id": "r002",
            "from_actor": "russia",
            "to_actor": "iran",
            "type": "diplomatic backing",
            "strength": "2",
            "status": "active",
            "support": "diplomatic cover",
            "since": "",
            "since_precision": "",
            "excerpt_ids": "alpha-002",
            "note": "",
        },
    ],
    "excerpts.csv": [
        {
            "excerpt_id": "alpha-001",
            "source_id": "alpha",
            "paragraph": "5",
            "quote": "Iran arms Hezbollah in Lebanon.",
            "actor_ids": "iran;hezbollah",
            "tags": "",
        },
        {
            "excerpt_id": "alpha-002",
            "source_id": "alpha",
            "paragraph": "5",
            "quote": "Russia backs Iran at the UN Security Council.",
            "actor_ids": "russia;iran",
            "tags": "",
        },
        {
            "excerpt_id": "alpha-003",
            "source_id": "alpha",
            "paragraph": "8",
            "quote": "Hezbollah was formed in the early 1980s with Iranian support.",
            "actor_ids": "hezbollah;iran",
            "tags": "date",
        },
        {
            "excerpt_id": "alpha-004",
            "source_id": "alpha",
            "paragraph": "10",
            "quote": "Iran Talks With Russia About Oil",
            "actor_ids": "iran;russia",
            "tags": "related-headline",
        },
        {
            "excerpt_id": "beta-001",
            "source_id": "beta",
            "paragraph": "2",
            "quote": "China buys Iranian oil despite sanctions.",
            "actor_ids": "china;iran",
            "tags": "",
        },
        {
            "excerpt_id": "beta-002",
            "source_id": "beta",
            "paragraph": "2",
            "quote": "In 2021, China and Iran signed a 25-year agreement.",
            "actor_ids": "china;iran",
            "tags": "date;figure",
        },
    ],
    "events.csv": [
        {
            "event_id": "v01",
            "date": "2021",
            "precision": "year",
            "date_in_sources": "true",
            "label": "China and Iran sign a 25-year agreement",
            "actor_ids": "china;iran",
            "excerpt_ids": "beta-002",
        },
    ],
    "disagreements.csv": [
        {
            "disagreement_id": "d01",
            "subject_type": "actor",
            "subject_id": "russia",
            "summary": "Alpha has Russia shield Iran; its headline has them bargain over oil.",
            "excerpt_ids": "alpha-002;alpha-004",
        },
    ],
    "context_notes.csv": [
        {
            "note_id": "c01",
            "subject_type": "relationship",
            "subject_id": "r001",
            "as_of": "2024-11",
            "note": "A note in our words, for tests.",
        },
    ],
}

PLACES = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {
                "place_id": "lebanon",
                "name": "Lebanon",
                "kind": "territory",
                "in_sources": True,
                "excerpt_ids": "alpha-001",
                "note": "A point for the country.",
                "default_on": True,
            },
            "geometry": {"type": "Point", "coordinates": [35.5, 33.9]},
        },
        {
            "type": "Feature",
            "properties": {
                "place_id": "oil_route",
                "name": "Oil route",
                "kind": "corridor",
                "in_sources": False,
                "excerpt_ids": "",
                "note": "Our own drawing.",
                "default_on": False,
            },
            "geometry": {"type": "LineString", "coordinates": [[56.3, 26.6], [121.5, 31.2]]},
        },
    ],
}

GAMMA = (
    "Groupings Around Iran\n"
    "CRINK links China, Russia, Iran and North Korea, four states that the article calls a "
    "loose grouping\n"
    "of states at odds with the West.\n"
    "The Islamic Revolutionary Guard Corps (IRGC) trains Hezbollah. Nobody quotes this sentence.\n"
)

# Rows that the code tests need beyond the minimal set above: a third source whose sentence runs
# over two lines, a state organ of the hub with an acronym, a grouping without a seat, a tie
# with no support and one that starts late, an event dated only by us, a disagreement about a
# tie and context notes on an actor and an event. They are kept apart (`more=True`) so that the
# validation tests keep their row numbers and counts.
MORE_TEXTS = {"sources/gamma.txt": GAMMA}
MORE: dict[str, list[dict[str, str]]] = {
    "sources.csv": [
        {
            "source_id": "gamma",
            "title": "Groupings Around Iran",
            "path": "sources/gamma.txt",
            "kind": "web article",
            "published": "not given",
            "period": "the 2020s",
            "notes": "One sentence runs over two lines.",
        },
    ],
    "actors.csv": [
        {
            "actor_id": "irgc",
            "name": "Islamic Revolutionary Guard Corps",
            "aliases": "IRGC",
            "kind": "state organ",
            "country": "IRN",
            "seat": "Tehran",
            "lat": "35.69",
            "lon": "51.39",
            "category": "hub",
            "summary": "Iran's guard corps, which trains the group.",
        },
        {
            "actor_id": "crink",
            "name": "CRINK",
            "aliases": "",
            "kind": "informal grouping",
            "country": "",
            "seat": "",
            "lat": "",
            "lon": "",
            "category": "global power",
            "summary": "A loose grouping of four states.",
        },
    ],
    "relationships.csv": [
        {
            "rel_id": "r003",
            "from_actor": "china",
            "to_actor": "iran",
            "type": "economic partnership",
            "strength": "1",
            "status": "weakened",
            "support": "",
            "since": "2021",
            "since_precision": "year",
            "excerpt_ids": "beta-002",
            "note": "A late tie with no support recorded.",
        },
        {
            "rel_id": "r004",
            "from_actor": "iran",
            "to_actor": "crink",
            "type": "membership",
            "strength": "2",
            "status": "active",
            "support": "",
            "since": "",
            "since_precision": "",
            "excerpt_ids": "gamma-001",
            "note": "",
        },
        {
            "rel_id": "r005",
            "from_actor": "irgc",
            "to_actor": "hezbollah",
            "type": "proxy support",
            "strength": "2",
            "status": "active",
            "support": "training",
            "since": "",
            "since_precision": "",
            "excerpt_ids": "gamma-002",
            "note": "",
        },
    ],
    "excerpts.csv": [
        {
            "excerpt_id": "gamma-001",
            "source_id": "gamma",
            "paragraph": "2",
            "quote": "CRINK links China, Russia, Iran and North Korea, four states that the "
            "article calls a loose grouping of states at odds with the West.",
            "actor_ids": "crink;china;russia;iran",
            "tags": "",
        },
        {
            "excerpt_id": "gamma-002",
            "source_id": "gamma",
            "paragraph": "4",
            "quote": "The Islamic Revolutionary Guard Corps (IRGC) trains Hezbollah.",
            "actor_ids": "irgc;hezbollah",
            "tags": "",
        },
    ],
    "events.csv": [
        {
            "event_id": "v02",
            "date": "2024-06",
            "precision": "month",
            "date_in_sources": "false",
            "label": "Iran and Russia talk about oil",
            "actor_ids": "iran;russia",
            "excerpt_ids": "alpha-004",
        },
    ],
    "disagreements.csv": [
        {
            "disagreement_id": "d02",
            "subject_type": "relationship",
            "subject_id": "r002",
            "summary": "Alpha's text and its headline tell the tie two ways.",
            "excerpt_ids": "alpha-002;alpha-004",
        },
        {
            "disagreement_id": "d03",
            "subject_type": "relationship",
            "subject_id": "r003",
            "summary": "Beta's agreement and gamma's loose grouping pull in two directions.",
            "excerpt_ids": "beta-002;gamma-001",
            "kind": "tension",
        },
    ],
    "context_notes.csv": [
        {
            "note_id": "c02",
            "subject_type": "actor",
            "subject_id": "hezbollah",
            "as_of": "2025-01",
            "note": "A note on the group, in our words.",
        },
        {
            "note_id": "c03",
            "subject_type": "event",
            "subject_id": "v01",
            "as_of": "2025-02",
            "note": "A note on the agreement, in our words.",
        },
    ],
}

# Cells of the optional columns that only some rows fill: what the others hold.
OPTIONAL_DEFAULTS = {("disagreements.csv", "kind"): "contradiction"}
# With `more`, the base event v01 (the 2021 agreement) also marks a change of r003, a tie that
# only MORE has: the event columns that older files may leave out.
MORE_CELLS = {("events.csv", "v01"): {"rel_ids": "r003", "tie_change": "formalised"}}

# Self-intersecting "bow tie": invalid as a polygon.
BOW_TIE = {"type": "Polygon", "coordinates": [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]]}


def write_rows(path: Path, rows: list[dict[str, str]], columns: list[str] | None = None) -> None:
    """Write rows as a UTF-8 CSV file with a header."""
    columns = columns if columns is not None else list(rows[0])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_tiny_dataset(data_dir: Path, *, more: bool = False) -> Path:
    """Write the tiny dataset into data_dir (created if needed) and return data_dir; with
    `more`, also the rows of MORE."""
    (data_dir / "sources").mkdir(parents=True, exist_ok=True)
    texts = {**TEXTS, **MORE_TEXTS} if more else TEXTS
    for path, text in texts.items():
        (data_dir / path).write_text(text, encoding="utf-8")
    for file, rows in TABLES.items():
        rows = rows + (MORE.get(file, []) if more else [])
        if more:
            rows = [row | MORE_CELLS.get((file, next(iter(row.values()))), {}) for row in rows]
        columns = list(dict.fromkeys(c for row in rows for c in row))
        filled = [
            {c: row.get(c, OPTIONAL_DEFAULTS.get((file, c), "")) for c in columns} for row in rows
        ]
        write_rows(data_dir / file, filled, columns)
    (data_dir / "places.geojson").write_text(json.dumps(PLACES, indent=1), encoding="utf-8")
    return data_dir


def set_cell(data_dir: Path, file: str, row: int, column: str, value: str) -> None:
    """Change one cell; `row` counts as a spreadsheet does (the header is row 1)."""
    rows = read_rows(data_dir / file)
    rows[row - 2][column] = value
    write_rows(data_dir / file, rows)


def drop_column(data_dir: Path, file: str, column: str) -> None:
    rows = read_rows(data_dir / file)
    write_rows(data_dir / file, rows, [c for c in rows[0] if c != column])


def set_feature(data_dir: Path, number: int, **changes: object) -> None:
    """Change a place: `geometry=` replaces its geometry, other keywords its properties."""
    path = data_dir / "places.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    feature = collection["features"][number - 1]
    if "geometry" in changes:
        feature["geometry"] = changes.pop("geometry")
    feature["properties"].update(changes)
    path.write_text(json.dumps(collection), encoding="utf-8")


def problems(data_dir: Path) -> list[str]:
    """The problems that loading the dataset reports, as printed lines."""
    with pytest.raises(DatasetError) as caught:
        load_dataset(data_dir)
    return [str(p) for p in caught.value.problems]


def st_folium_urls(fig) -> list[str]:
    """The URLs streamlit-folium's iframe would load, gathered the way it gathers them."""

    def walk(element):
        if isinstance(element, branca.colormap.ColorMap):
            yield element
        if isinstance(element, folium.elements.JSCSSMixin):
            yield element
        if hasattr(element, "_children"):
            for child in element._children.values():
                yield from walk(child)

    urls: list[str] = []
    for element in walk(fig):
        if isinstance(element, branca.colormap.ColorMap):
            urls.append("https://d3js.org/d3.v4.min.js")
        urls.extend(href for _, href in getattr(element, "default_css", []))
        urls.extend(src for _, src in getattr(element, "default_js", []))
    return list(dict.fromkeys(urls))  # st_folium drops repeats too


# --- HTML through a parser --------------------------------------------------------------------

VOID = frozenset(
    {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


@dataclass
class Node:
    """An element of parsed HTML: its tag, attributes and children (nodes and text)."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """All the text inside, entities decoded, as a reader sees it (style content aside)."""
        if self.tag == "style":
            return ""
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def elements(self):
        """Every element below this one, in document order."""
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.elements()

    def find_all(self, tag: str | None = None, class_: str | None = None, **attrs: str):
        """Elements below with this tag, class and attribute values (data_x means data-x)."""
        wanted = {k.replace("_", "-"): v for k, v in attrs.items()}
        return [
            e
            for e in self.elements()
            if (tag is None or e.tag == tag)
            and (class_ is None or class_ in e.classes)
            and all(e.attrs.get(k) == v for k, v in wanted.items())
        ]

    def find(self, tag: str | None = None, class_: str | None = None, **attrs: str) -> Node:
        """The first such element; fails the test when there is none."""
        found = self.find_all(tag, class_, **attrs)
        assert found, f"no <{tag or '*'}> with class {class_!r} and {attrs} in {self.tag}"
        return found[0]

    def own(self, tag: str) -> list[Node]:
        """Direct children with this tag."""
        return [c for c in self.children if isinstance(c, Node) and c.tag == tag]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        open_tags = [n.tag for n in self.stack]
        assert tag in open_tags, f"</{tag}> closes nothing"
        while self.stack.pop().tag != tag:
            pass

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse_html(markup: str) -> Node:
    """Parse HTML into a tree of Nodes; an end tag that closes nothing fails the test."""
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    assert builder.stack == [builder.root], f"unclosed: {[n.tag for n in builder.stack[1:]]}"
    return builder.root


def words(text: str) -> str:
    """Text with runs of whitespace made one space, as a browser shows it."""
    return " ".join(text.split())


def prose_characters(text) -> tuple[str, str]:
    """The characters of a SourceText's article and headline lines, and those of its sentences,
    with whitespace, blockquote marks and bullets left out: equal when no sentence is lost."""
    import re

    def bare(s: str) -> str:
        return re.sub(r"\s+|^>|(?<=\s)>|^[-*•](?=\s)", "", s)

    lines = "".join(
        bare(" ".join(line.text.split()))
        for line in text.lines
        if line.role in ("article", "headline")
    )
    return lines, "".join(bare(s.text) for s in text.sentences)
