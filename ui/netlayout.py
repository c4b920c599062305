"""The network view's layout (no Streamlit, no chart): where each actor, label and tie goes.

Each camp owns a sector of the circle around Iran, and an actor sits nearer the centre the
stronger its strongest tie with Iran or one of its state organs. Positions and labels are
worked out in pixels of a chart of fixed size, so that no two labels overlap each other or a
node: a label tries a few places around its node and is left off (the tooltip and the panel
still name the actor) only when none is free. ui.network draws the chart from these tables.
"""

from __future__ import annotations

import math
from dataclasses import astuple, dataclass

import pandas as pd

from allies.load import Dataset
from allies.naming import actor_names, short_name, tie_title
from allies.vocab import CATEGORIES, HUB, tie_camp
from geo.labels import overlaps
from geo.styles import KIND_SHAPES

WIDTH, HEIGHT = 660, 660  # the chart's plotting area in pixels; one data unit is one pixel
ORGAN_RING = 58  # Iran's state organs sit close around it
# How far from the centre an actor sits, by the strength of its strongest tie with the hub.
BANDS = {3: 112, 2: 170, 1: 228, 0: 272}
SECTOR_INNER, SECTOR_OUTER = 80, 292
SECTOR_GAP = 0.07  # radians left empty between two camps
MIN_GAP = 30  # pixels between two nodes of the same camp before one moves out a step
NODE_RADIUS = 10
FONT, HUB_FONT = 14, 17
CHAR_WIDTH = 0.6  # a character's width as a share of the font size (a safe upper estimate)
LABEL_PAD = 2
LINE_HEIGHT = 1.25
FAR_STEPS = (
    2  # a label may go one label height away from its node, no further: it must read as its own
)
LONG_LABEL = 16  # longer labels may break over two lines
SHAPES = KIND_SHAPES  # the map's, one table
# Camps clockwise from twelve o'clock: the Axis of Resistance first, opponents last.
ORDER = ("proxy", "state partner", "pragmatic partner", "global power", "opponent", "other")


@dataclass(frozen=True)
class Box:
    """A label's or a node's extent in pixels (y up)."""

    left: float
    bottom: float
    right: float
    top: float

    def overlaps(self, other: Box) -> bool:
        return overlaps(
            (self.left, self.bottom, self.right, self.top),
            (other.left, other.bottom, other.right, other.top),
        )


def _hub_strength(ties: pd.DataFrame, hub: set[str]) -> dict[str, int]:
    """Each actor's strongest tie with the hub (Iran or a state organ), 0 for none."""
    out: dict[str, int] = {}
    for tie in ties.itertuples():
        for near, far in ((tie.from_actor, tie.to_actor), (tie.to_actor, tie.from_actor)):
            if near in hub and far not in hub:
                out[far] = max(out.get(far, 0), int(tie.strength))
    return out


def _polar(radius: float, angle: float) -> tuple[float, float]:
    """Pixels for a radius and a clockwise angle from twelve o'clock."""
    return radius * math.sin(angle), radius * math.cos(angle)


def sectors(actors: pd.DataFrame) -> pd.DataFrame:
    """One row per camp that has actors: its arc (start, end, clockwise radians from twelve
    o'clock). A camp's share of the circle follows its number of actors, each weighed up a
    little by the length of its name (long names need room for their labels)."""
    weights = 1 + actors["name"].str.len().clip(upper=30) / 15
    counts = weights.groupby(actors["category"]).sum()
    camps = [c for c in (*ORDER, *CATEGORIES) if c != HUB and counts.get(c, 0)]
    camps = list(dict.fromkeys(camps))
    total = sum(counts[c] for c in camps)
    free = 2 * math.pi - SECTOR_GAP * len(camps)
    rows, start = [], SECTOR_GAP / 2
    for camp in camps:
        span = free * counts[camp] / total
        label = CATEGORIES[camp].label if camp in CATEGORIES else camp
        colour = CATEGORIES[camp].colour if camp in CATEGORIES else "#8c8c8c"
        rows.append((camp, label, colour, start, start + span))
        start += span + SECTOR_GAP
    return pd.DataFrame(rows, columns=["category", "camp", "colour", "start", "end"])


def node_positions(actors: pd.DataFrame, ties: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per actor with x, y in pixels: Iran at the centre, its organs close around it,
    every other actor in its camp's sector, nearer the centre the stronger its tie with the
    hub."""
    ties = ties if ties is not None else pd.DataFrame(columns=["from_actor", "to_actor"])
    hub_rows = actors[actors["category"] == HUB]
    hub = set(hub_rows["actor_id"])
    centre = set(hub_rows.loc[hub_rows["kind"] == "state", "actor_id"])
    organs = sorted(a for a in hub if a not in centre)
    rows = [(a, 0.0, 0.0) for a in sorted(centre)]
    for i, actor_id in enumerate(organs):
        rows.append((actor_id, *_polar(ORGAN_RING, 2 * math.pi * (i + 0.5) / len(organs))))
    strength = _hub_strength(ties, hub) if len(ties) else {}
    for arc in sectors(actors[actors["category"] != HUB]).itertuples():
        members = actors[actors["category"] == arc.category].copy()
        members["strength"] = members["actor_id"].map(lambda a: strength.get(a, 0))
        members = members.sort_values(["name"])
        count = len(members)
        placed: list[tuple[float, float]] = []
        for i, row in enumerate(members.itertuples()):
            angle = arc.start + (arc.end - arc.start) * (i + 0.5) / count
            radius = BANDS[row.strength]
            # A neighbour too close: step inwards, then outwards, until there is room.
            steps = [radius + d for d in (0, -30, 30, -60)]
            for r in steps:
                x, y = _polar(r, angle)
                if all(math.hypot(x - px, y - py) >= MIN_GAP for px, py in placed):
                    break
            placed.append((x, y))
            rows.append((row.actor_id, x, y))
    frame = pd.DataFrame(rows, columns=["actor_id", "x", "y"])
    return actors.merge(frame, on="actor_id")[
        ["actor_id", "name", "aliases", "kind", "category", "x", "y"]
    ].assign(
        camp=lambda f: f["category"].map(lambda c: CATEGORIES[c].label if c in CATEGORIES else c),
        shape=lambda f: f["kind"].map(lambda k: SHAPES.get(k, "circle")),
        label=lambda f: [short_name(n, a) for n, a in zip(f["name"], f["aliases"], strict=True)],
    )


def _text_box(x: float, y: float, text: str, size: float, align: str) -> Box:
    """The box of a label anchored at (x, y) (its middle, vertically), one or more lines."""
    lines = text.split("\n")
    width = max(len(line) for line in lines) * size * CHAR_WIDTH + 2 * LABEL_PAD
    height = size * LINE_HEIGHT * len(lines)
    left = {"left": x, "right": x - width, "center": x - width / 2}[align]
    return Box(left, y - height / 2, left + width, y + height / 2)


def _variants(label: str, aliases=()) -> list[str]:
    """A label on one line; a long one also on two (broken at the space nearest its middle),
    then as its shortest alias that is part of it ('Khamenei' for the Supreme Leader)."""
    if len(label) <= LONG_LABEL or " " not in label:
        return [label]
    spaces = [i for i, ch in enumerate(label) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - len(label) / 2))
    shorter = sorted((a for a in aliases if 3 < len(a) < len(label) and a in label), key=len)
    return [label, f"{label[:cut]}\n{label[cut + 1 :]}", *shorter[:1]]


def _candidates(x: float, y: float, height: float, far: int = 0):
    """Where a label of this height may go around its node, best first: beside it on the
    side away from the centre, above, below, raised or lowered on that side, then the same on
    the side towards the centre; `far` gives the same spots that many label heights further
    away.
    Each spot is (x, y, align), y the label's vertical middle."""
    out, back = ("right", "left") if x < -0.5 else ("left", "right")
    gap = NODE_RADIUS + 3 + height * far
    shift = {"left": gap, "right": -gap}  # text aligned left starts right of the node
    over = gap + height / 2 - 1
    rise = height * 0.8
    spots = [(x + shift[out], y, out), (x, y + over, "center"), (x, y - over, "center")]
    for side in (out, back):
        if side == back:
            spots.append((x + shift[side], y, side))
        spots += [(x + shift[side], y + rise, side), (x + shift[side], y - rise, side)]
    return spots


def _free_spot(row, text: str, size: float, spots, taken: list[Box]):
    """The first spot where the label fits inside the chart and touches nothing taken (its own
    node aside), with its box; None if there is none."""
    own = Box(row.x - NODE_RADIUS, row.y - NODE_RADIUS, row.x + NODE_RADIUS, row.y + NODE_RADIUS)
    half_w, half_h = WIDTH / 2, HEIGHT / 2
    for lx, ly, align in spots:
        box = _text_box(lx, ly, text, size, align)
        inside = -half_w <= box.left and box.right <= half_w
        inside = inside and -half_h <= box.bottom and box.top <= half_h
        if inside and not any(box.overlaps(t) for t in taken if t != own):
            return (lx, ly, align), box
    return None


def place_labels(nodes: pd.DataFrame, selected: str | None = None) -> pd.DataFrame:
    """One row per node whose label fits: where its text goes (lx, ly, align) and how big.

    Labels are placed in order of priority (the selected actor, the hub, then the longest)
    and each takes the first free spot around its node: no label overlaps another label or
    any node, and every label stays inside the chart. A label that finds no free spot is left
    off (the node's tooltip still names it)."""
    taken = [
        Box(r.x - NODE_RADIUS, r.y - NODE_RADIUS, r.x + NODE_RADIUS, r.y + NODE_RADIUS)
        for r in nodes.itertuples()
    ]
    # The selected actor first, then the hub, then the longest labels (the hardest to fit).
    order = nodes.assign(
        first=nodes["actor_id"] != selected,
        hub=nodes["category"] != HUB,
        length=-nodes["label"].str.len(),
    ).sort_values(["first", "hub", "length", "name"])
    rows = []
    # Every label first tries the spots next to its node; those left try further out.
    for far in range(FAR_STEPS):
        placed = {r[0] for r in rows}
        for row in order.itertuples():
            if row.actor_id in placed:
                continue
            size = HUB_FONT if row.category == HUB and row.x == 0 and row.y == 0 else FONT
            for text in _variants(row.label, row.aliases):
                height = size * LINE_HEIGHT * (text.count("\n") + 1)
                box = _free_spot(row, text, size, _candidates(row.x, row.y, height, far), taken)
                if box is not None:
                    taken.append(box[1])
                    # Vega sets a text's first line at y and the others below it.
                    lx, ly, align = box[0]
                    ty = ly + text.count("\n") * size * LINE_HEIGHT / 2
                    rows.append((row.actor_id, text, lx, ly, ty, align, size, *astuple(box[1])))
                    break
    columns = ["actor_id", "label", "lx", "ly", "ty", "align", "size"]
    return pd.DataFrame(rows, columns=[*columns, "left", "bottom", "right", "top"])


def edges(ds: Dataset, nodes: pd.DataFrame, ties: pd.DataFrame) -> pd.DataFrame:
    """Two rows per tie (its two ends), for a line per tie, with its strength and status."""
    at = nodes.set_index("actor_id")[["x", "y"]]
    camp = nodes.set_index("actor_id")["camp"]
    category = nodes.set_index("actor_id")["category"]
    names = actor_names(ds)
    rows = []
    for tie in ties.itertuples():
        if tie.from_actor not in at.index or tie.to_actor not in at.index:
            continue
        label = tie_title(tie, names)
        drawn_in = tie_camp(category[tie.from_actor], category[tie.to_actor])
        far = tie.from_actor if category[tie.from_actor] == drawn_in else tie.to_actor
        dashed = tie.status != "active"
        for order, end in enumerate((tie.from_actor, tie.to_actor)):
            x, y = at.loc[end]
            strength = int(tie.strength)
            row = (tie.rel_id, order, end, x, y, label, strength, tie.status, dashed, camp[far])
            rows.append(row)
    columns = ["rel_id", "order", "actor_id", "x", "y", "tie", "strength", "status", "dashed"]
    return pd.DataFrame(rows, columns=[*columns, "camp"])
