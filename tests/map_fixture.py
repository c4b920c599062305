"""Datasets for the map builder, grown from the tiny fixture dataset and loaded through the
validator, so that the map is always built from typed, checked rows.

`write_map_dataset` adds what the map must handle: actors sharing a seat, an informal grouping
without one, two actors with one name, a hostile name, every tie status, and places of every
geometry. `write_synthetic_dataset` adds N actors and M ties for the benchmarks. Each adds a
source document of its own, written for these tests, that its excerpts quote verbatim.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from helpers import read_rows, write_rows, write_tiny_dataset

from allies.vocab import ACTOR_KINDS, CATEGORIES, REL_TYPES, STATUSES

EVIL = "<script>alert(1)</script> ${x} `y` back\\slash {{ 7 * 7 }} {% raw %}"
TEHRAN, GAZA, MOSCOW = (35.69, 51.39), (31.502, 34.467), (55.76, 37.62)


def add_rows(data_dir: Path, file: str, rows: list[dict[str, str]]) -> None:
    """Append rows to a CSV table of the dataset (missing columns are left empty)."""
    path = data_dir / file
    old = read_rows(path)
    write_rows(path, old + rows, list(old[0]))


def add_source(data_dir: Path, source_id: str, title: str, sentences: list[tuple[str, str]]):
    """Write a source document (a title, then one sentence per line), register it, and add one
    excerpt per sentence citing the given actor ids ('a;b'). Returns the excerpt ids."""
    text = "\n".join([title, *(s for s, _ in sentences)]) + "\n"
    (data_dir / "sources" / f"{source_id}.txt").write_text(text, encoding="utf-8")
    add_rows(
        data_dir,
        "sources.csv",
        [
            {
                "source_id": source_id,
                "title": title,
                "path": f"sources/{source_id}.txt",
                "kind": "web article",
                "published": "not given",
                "period": "written for the tests",
            }
        ],
    )
    ids = [f"{source_id}-{n:03d}" for n in range(1, len(sentences) + 1)]
    excerpts = [
        {
            "excerpt_id": e,
            "source_id": source_id,
            "paragraph": str(n + 2),
            "quote": s,
            "actor_ids": a,
        }
        for n, (e, (s, a)) in enumerate(zip(ids, sentences, strict=True))
    ]
    add_rows(data_dir, "excerpts.csv", excerpts)
    return ids


def add_places(data_dir: Path, features: list[dict]) -> None:
    """Append GeoJSON features to places.geojson."""
    path = data_dir / "places.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    collection["features"] += features
    path.write_text(json.dumps(collection), encoding="utf-8")


def _actor(actor_id, name, kind, country, seat, category, lat_lon=None):
    lat, lon = ("", "") if lat_lon is None else (str(lat_lon[0]), str(lat_lon[1]))
    return {
        "actor_id": actor_id,
        "name": name,
        "kind": kind,
        "country": country,
        "seat": seat,
        "lat": lat,
        "lon": lon,
        "category": category,
        "summary": "An actor made for the map tests.",
    }


def _tie(rel_id, a, b, kind, strength, status, support, excerpt):
    return {
        "rel_id": rel_id,
        "from_actor": a,
        "to_actor": b,
        "type": kind,
        "strength": str(strength),
        "status": status,
        "support": support,
        "excerpt_ids": excerpt,
    }


def _place(place_id, name, kind, geometry, excerpt=""):
    props = {"place_id": place_id, "name": name, "kind": kind, "in_sources": bool(excerpt)}
    props |= {"excerpt_ids": excerpt, "note": "", "default_on": True}
    return {"type": "Feature", "properties": props, "geometry": geometry}


def write_map_dataset(data_dir: Path) -> Path:
    """The tiny dataset plus the actors, ties and places the map tests need."""
    write_tiny_dataset(data_dir)
    e = add_source(
        data_dir,
        "gamma",
        "Gamma Notes For The Map Tests",
        [
            ("The IRGC works beside Iran in Tehran.", "irgc;iran"),
            ("Hamas and Palestinian Islamic Jihad both sit in Gaza.", "hamas;pij"),
            ("Syria hosts Iranian advisers near Damascus.", "syria;iran"),
            ("Israel fights Hamas.", "israel;hamas"),
            ("A Moscow institute comments on Russia.", "institute;russia"),
            ("Hezbollah calls itself part of the Axis of Resistance.", "hezbollah;axis"),
            ("A faction with a strange name rivals Iran.", "evil;iran"),
            ("Another group also calls itself Hezbollah.", "twin"),
            ("Ships pass Bab al-Mandab on their way from Sana'a to Gaza.", ""),
            ("Russia shares technology with Iran.", "russia;iran"),
        ],
    )
    irgc = "Islamic Revolutionary Guard Corps"
    add_rows(
        data_dir,
        "actors.csv",
        [
            _actor("irgc", irgc, "state organ", "IRN", "Tehran", "hub", TEHRAN)
            | {"aliases": "IRGC"},
            _actor("hamas", "Hamas", "non-state armed group", "PSE", "Gaza", "proxy", GAZA),
            _actor(
                "pij",
                "Palestinian Islamic Jihad",
                "non-state armed group",
                "PSE",
                "Gaza",
                "proxy",
                GAZA,
            ),
            _actor("syria", "Syria", "state", "SYR", "Damascus", "state partner", (33.513, 36.292)),
            _actor("israel", "Israel", "state", "ISR", "Jerusalem", "opponent", (31.778, 35.235)),
            _actor(
                "institute",
                "Moscow Institute",
                "research institute",
                "RUS",
                "Moscow",
                "other",
                MOSCOW,
            ),
            _actor("axis", "Axis of Resistance", "informal grouping", "", "", "proxy"),
            _actor("evil", EVIL, "political faction", "", "", "other", (20.0, 20.0)),
            _actor("twin", "Hezbollah", "non-state armed group", "", "", "proxy", (10.0, 10.0)),
        ],
    )
    add_rows(
        data_dir,
        "relationships.csv",
        [
            _tie("r101", "iran", "syria", "strategic partnership", 3, "contested", "", e[2]),
            _tie("r102", "russia", "iran", "military cooperation", 3, "active", "technology", e[9]),
            _tie("r103", "hezbollah", "axis", "membership", 3, "active", "", e[5]),
            _tie("r104", "hamas", "israel", "conflict", 2, "weakened", "", e[3]),
            _tie("r105", "irgc", "iran", "part of", 3, "active", "", e[0]),
            _tie("r106", "evil", "iran", "rivalry", 1, "active", "", e[6]),
        ],
    )
    point = {"type": "Point", "coordinates": [43.33, 12.58]}
    gaza = [[[34.2, 31.2], [34.5, 31.6], [34.6, 31.5], [34.3, 31.2], [34.2, 31.2]]]
    add_places(
        data_dir,
        [
            _place("bab", "Bab al-Mandab", "chokepoint", point, e[8]),
            _place(
                "gaza", "Gaza Strip", "territory", {"type": "Polygon", "coordinates": gaza}, e[8]
            ),
            _place(
                "hormuz",
                "Strait of Hormuz",
                "chokepoint",
                {"type": "Point", "coordinates": [56.4, 26.6]},
            ),
            _place(
                "sanaa", "Sana'a", "city", {"type": "Point", "coordinates": [44.2, 15.35]}, e[8]
            ),
            _place(
                "evil_place",
                EVIL,
                "coast",
                {"type": "LineString", "coordinates": [[40, 20], [41, 19]]},
            ),
        ],
    )
    return data_dir


def write_synthetic_dataset(data_dir: Path, n_actors: int, n_ties: int, seed: int = 1) -> Path:
    """The tiny dataset plus n_actors actors (a quarter sharing a few crowded seats, one
    informal grouping without a seat), n_ties ties and twelve places, for the benchmarks."""
    rng = random.Random(seed)
    write_tiny_dataset(data_dir)
    ids = [f"a{i}" for i in range(1, n_actors + 1)]
    excerpts = add_source(
        data_dir,
        "synthetic",
        "Synthetic Actors For The Benchmarks",
        [(f"Actor {i} takes part in this timing run.", a) for i, a in enumerate(ids, 1)]
        + [("Some places matter to shipping.", "")],
    )
    cited = dict(zip(ids, excerpts, strict=False))
    kinds = [k for k in ACTOR_KINDS if k != "informal grouping"]
    camps = [c for c in CATEGORIES if c != "hub"]
    crowded = [TEHRAN, GAZA, MOSCOW, (33.315, 44.366)]
    actors = []
    for i, actor_id in enumerate(ids, 1):
        if actor_id == ids[-1]:
            actors.append(_actor(actor_id, f"Actor {i}", "informal grouping", "", "", "proxy"))
            continue
        seat = rng.choice(crowded) if i % 4 == 0 else (rng.uniform(10, 60), rng.uniform(-100, 140))
        kind, camp = rng.choice(kinds), rng.choice(camps)
        actors.append(_actor(actor_id, f"Actor {i}", kind, "", "somewhere", camp, seat))
    add_rows(data_dir, "actors.csv", actors)
    everyone = ["iran", *ids]
    ties = []
    for i in range(n_ties):
        a = "iran" if i % 2 == 0 else rng.choice(everyone)
        b = rng.choice([x for x in everyone if x != a])
        evidence = ";".join(cited[x] for x in (a, b) if x in cited)
        status, kind = rng.choice(list(STATUSES)), rng.choice(list(REL_TYPES))
        ties.append(
            _tie(f"s{i:04d}", a, b, kind, rng.randint(1, 3), status, "funding;arms", evidence)
        )
    add_rows(data_dir, "relationships.csv", ties)
    shapes = [
        ("chokepoint", {"type": "Point", "coordinates": [43.3, 12.6]}),
        ("corridor", {"type": "LineString", "coordinates": [[32.5, 29.9], [43.3, 12.6]]}),
        (
            "territory",
            {
                "type": "Polygon",
                "coordinates": [[[34.2, 31.2], [34.6, 31.2], [34.6, 31.6], [34.2, 31.2]]],
            },
        ),
    ]
    places = [
        _place(f"p{i}", f"Place {i}", *shapes[i % 3], excerpts[-1] if i % 5 else "")
        for i in range(12)
    ]
    add_places(data_dir, places)
    return data_dir
