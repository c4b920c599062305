"""Tours: ordered scenes a teacher steps through, read from `data/tours/*.yaml` and checked.

A tour file is meant to be copied and edited by hand, so every problem names the file, the scene
(counting from 1), the field, the value found and what was expected, in the same words as the
loader's messages. Reading a file checks its shape (`read_tours`); `check_tours` then checks what
a scene points at against the loaded dataset: excerpts, the selection, layers and places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from allies.load import Dataset
from allies.paths import DATA_DIR
from allies.selection import Selection, exists, row_of
from allies.vocab import CATEGORIES, HUB

TOURS_FOLDER = "tours"
MIN_ZOOM, MAX_ZOOM = 2, 8
_VALUE_WIDTH = 80
# A sentence ends with . ! or ? (maybe inside a closing quote) before a space or the end, but
# not after a lone capital ("U.S." is not two sentences).
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])[.!?][\"'”’)]?(?=\s|$)")
_TOUR_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
Year = Annotated[int, Field(ge=1900, le=2100)]


@dataclass(frozen=True)
class TourProblem:
    """One thing wrong with a tour file: where, what was found and what was expected."""

    file: str
    scene: int | None = None
    field: str | None = None
    value: str | None = None
    message: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.scene is not None:
            where += f", scene {self.scene}"
        if self.field is not None:
            where += f", {self.field}"
        got = ""
        if self.value is not None:
            value = self.value
            if len(value) > _VALUE_WIDTH:
                value = value[: _VALUE_WIDTH - 1] + "…"
            got = f"got '{value}'; "
        return f"{where}: {got}{self.message}"


def sentences(text: str) -> int:
    """How many sentences a caption has (a full stop, ! or ? before a space or the end)."""
    return len(_SENTENCE_END.findall(text.strip()))


class Scene(BaseModel):
    """One step of a tour: what the map shows, where it looks, and what it says and quotes."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: Annotated[str, Field(min_length=1, max_length=90)]
    caption: str
    excerpts: Annotated[list[str], Field(min_length=1, max_length=2)]
    selection: str | None = None
    layers: list[str] | None = None
    places: list[str] = Field(default_factory=list)
    center: tuple[Annotated[float, Field(ge=-90, le=90)], Annotated[float, Field(ge=-180, le=180)]]
    zoom: Annotated[float, Field(ge=MIN_ZOOM, le=MAX_ZOOM)]
    # For the teacher only: shown in the presenter view, never on the projected page or exports.
    notes: Annotated[str, Field(max_length=2000)] | None = None
    # A playback scene: the years it plays through when it is reached, [first, last].
    play: tuple[Year, Year] | None = None

    @field_validator("caption")
    @classmethod
    def _two_or_three_sentences(cls, caption: str) -> str:
        count = sentences(caption)
        if not 2 <= count <= 3:
            raise ValueError(f"expected two or three sentences in our own words, found {count}")
        return caption

    @field_validator("play")
    @classmethod
    def _first_before_last(cls, play: tuple[int, int] | None) -> tuple[int, int] | None:
        if play is not None and play[0] >= play[1]:
            raise ValueError("expected [first year, last year], the first before the last")
        return play

    @field_validator("selection")
    @classmethod
    def _kind_and_id(cls, selection: str | None) -> str | None:
        if selection is not None and Selection.parse(selection) is None:
            raise ValueError("expected kind:id, the kind one of actor, tie, place")
        return selection


class Tour(BaseModel):
    """A titled, ordered list of scenes; `id` is the file's name without .yaml."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = ""
    title: Annotated[str, Field(min_length=1, max_length=90)]
    summary: Annotated[str, Field(min_length=1)]
    order: int = 100
    scenes: Annotated[list[Scene], Field(min_length=1)]


def tours_dir(data_dir: Path | None = None) -> Path:
    """The tours folder of a data folder (default: the repository's)."""
    return (DATA_DIR if data_dir is None else Path(data_dir)) / TOURS_FOLDER


def _expected(error: dict[str, Any]) -> str:
    """Pydantic's message, said the way the dataset's messages say it: 'expected …'."""
    kind, message = error["type"], error["msg"]
    if kind == "missing":
        return "missing; expected this field"
    if kind == "extra_forbidden":
        return "unknown field; expected only the fields that data/README.md lists for tours"
    if kind in ("too_short", "too_long") and error["loc"][-1] == "excerpts":
        return "expected one or two excerpt ids"
    if kind in ("too_short", "too_long"):
        limit = error.get("ctx", {})
        if "min_length" in limit and kind == "too_short":
            return f"expected at least {limit['min_length']}"
        if "max_length" in limit:
            return f"expected at most {limit['max_length']}"
    message = message.removeprefix("Value error, ")
    message = message.replace("Input should be", "expected")
    message = message.replace("String should have", "expected")
    return message if message.startswith("expected") else f"expected valid input ({message})"


def _problems_of(file: str, error: ValidationError) -> list[TourProblem]:
    """One TourProblem per pydantic error, located by scene and field."""
    out = []
    for item in error.errors():
        loc = list(item["loc"])
        scene = None
        if len(loc) >= 2 and loc[0] == "scenes" and isinstance(loc[1], int):
            scene = loc[1] + 1
            loc = loc[2:]
        field = ".".join(str(part) for part in loc) or None
        value = item.get("input")
        shown = None if item["type"] == "missing" or isinstance(value, dict) else str(value)
        out.append(TourProblem(file, scene, field, shown, _expected(item)))
    return out


def read_tour(path: Path, name: str | None = None) -> tuple[Tour | None, list[TourProblem]]:
    """Parse and shape-check one tour file."""
    file = name or f"{TOURS_FOLDER}/{path.name}"
    expected = "expected a YAML mapping with title, summary and scenes"
    if not _TOUR_ID.fullmatch(path.stem):
        message = "expected a file name of lower-case letters, digits, '-' or '_' (it is the id)"
        return None, [TourProblem(file, message=message)]
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        return None, [TourProblem(file, message="not UTF-8; expected UTF-8 text")]
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        reason = getattr(err, "problem", None) or "unreadable"
        return None, [TourProblem(file, message=f"not YAML ({reason}{where}); {expected}")]
    if not isinstance(data, dict):
        return None, [TourProblem(file, message=f"file is empty or not a mapping; {expected}")]
    try:
        tour = Tour.model_validate({**data, "id": path.stem})
    except ValidationError as err:
        return None, _problems_of(file, err)
    return tour, []


def read_tours(folder: Path) -> tuple[list[Tour], list[TourProblem]]:
    """Every tour file of a folder, in their `order` then by id; a missing folder has none."""
    tours, problems = [], []
    for path in sorted(Path(folder).glob("*.yaml")) if Path(folder).is_dir() else []:
        tour, found = read_tour(path)
        problems += found
        if tour is not None:
            tours.append(tour)
    return sorted(tours, key=lambda t: (t.order, t.id)), problems


def _selection_problems(ds: Dataset, scene: Scene, where: tuple[str, int]) -> list[TourProblem]:
    """The selection names a row of the dataset, is drawn under the scene's layers, and is what
    at least one of the scene's quotes speaks about."""
    if scene.selection is None:
        return []
    selection = Selection.parse(scene.selection)
    kind, ident = selection
    file, number = where
    actors = ds.actors.set_index("actor_id")
    ties = ds.relationships.set_index("rel_id")
    places = ds.places.set_index("place_id")
    if not exists(ds, selection):
        message = f"expected a {kind} id of the dataset after '{kind}:'"
        return [TourProblem(file, number, "selection", scene.selection, message)]
    layers = set(scene.layers if scene.layers is not None else CATEGORIES) | {HUB}
    if kind == "actor":
        ends = [ident]
    elif kind == "tie":
        ends = [ties.at[ident, "from_actor"], ties.at[ident, "to_actor"]]
    else:
        ends = []
    hidden = sorted({actors.at[a, "category"] for a in ends} - layers)
    if hidden:
        message = f"expected it on the map: add {', '.join(hidden)} to the scene's layers"
        return [TourProblem(file, number, "selection", scene.selection, message)]
    quoted = [ds.excerpts.set_index("excerpt_id").loc[e] for e in scene.excerpts]
    if kind == "actor":
        speaks = any(ident in row["actor_ids"] for row in quoted)
        need = f"expected at least one quoted excerpt to name {ident} in its actor_ids"
    else:
        evidence = (ties if kind == "tie" else places).at[ident, "excerpt_ids"]
        speaks = any(e in evidence for e in scene.excerpts)
        need = f"expected at least one quoted excerpt among the {kind}'s excerpt_ids"
    return [] if speaks else [TourProblem(file, number, "selection", scene.selection, need)]


def check_tours(tours: list[Tour], ds: Dataset) -> list[TourProblem]:
    """What each scene points at exists in the dataset and fits together."""
    known_excerpts = set(ds.excerpts["excerpt_id"])
    known_places = set(ds.places["place_id"])
    layer_names = [c for c in CATEGORIES if c != HUB]
    problems: list[TourProblem] = []
    for tour in tours:
        file = f"{TOURS_FOLDER}/{tour.id}.yaml"
        for number, scene in enumerate(tour.scenes, start=1):
            found = []
            for excerpt in scene.excerpts:
                if excerpt not in known_excerpts:
                    message = "expected an id from column excerpt_id of excerpts.csv"
                    found.append(TourProblem(file, number, "excerpts", excerpt, message))
            for layer in scene.layers or ():
                if layer not in layer_names:
                    message = f"expected one of {', '.join(layer_names)}"
                    found.append(TourProblem(file, number, "layers", layer, message))
            for place in scene.places:
                if place not in known_places:
                    message = "expected an id from property place_id of places.geojson"
                    found.append(TourProblem(file, number, "places", place, message))
            if not found:
                found = _selection_problems(ds, scene, (file, number))
            problems += found
    return problems


def load_tours(ds: Dataset, data_dir: Path | None = None):
    """The tours of a data folder that pass every check, and the problems of the others."""
    tours, problems = read_tours(tours_dir(data_dir))
    across = check_tours(tours, ds)
    broken = {p.file for p in across}
    good = [t for t in tours if f"{TOURS_FOLDER}/{t.id}.yaml" not in broken]
    return good, problems + across


def quotable(ds: Dataset, selection: Selection | str | None) -> list[str]:
    """The excerpts a scene about this selection (or its text form) may quote: those naming the
    actor, or the tie's or place's own evidence."""
    if isinstance(selection, str):
        selection = Selection.parse(selection)
    if selection is None:
        return []
    if selection.kind == "actor":
        return [r.excerpt_id for r in ds.excerpts.itertuples() if selection.id in r.actor_ids]
    row = row_of(ds, selection)
    return list(row["excerpt_ids"]) if row is not None else []


def draft_tour(tour_id: str, title: str, summary: str, scenes: list[dict[str, Any]]):
    """A tour made on the map, shape-checked: (tour, []) or (None, problems)."""
    file = f"{TOURS_FOLDER}/{tour_id}.yaml"
    data = {"id": tour_id, "title": title, "summary": summary, "scenes": scenes}
    try:
        return Tour.model_validate(data), []
    except ValidationError as err:
        return None, _problems_of(file, err)


def tour_yaml(tour: Tour) -> str:
    """The tour as a file ready for data/tours/ (its id is the file's name, so not written)."""
    data = tour.model_dump(mode="json", exclude={"id"})
    for scene in data["scenes"]:
        for name in ("selection", "layers", "notes", "play"):
            if scene[name] is None:
                del scene[name]
    header = "# A tour made on the map. Check it with: python -m allies.validate\n"
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=95)
