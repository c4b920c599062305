"""The shareable view: parse it from query parameters and write it back (no Streamlit here).

One function reads, one writes. Values that are unknown or malformed are dropped and reported,
so that an edited or stale link still opens, with one quiet notice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import quote, urlencode, urlsplit

from allies import queries
from allies.queries import Filters
from allies.selection import Selection, everything, id_of
from allies.vocab import CATEGORIES, HUB, STATUSES, SUPPORT_TYPES

VIEWS = {
    "region": ((31.0, 44.0), 4),
    "world": ((30.0, 30.0), 2),
}
DEFAULT_VIEW = "region"

# Query-parameter names: short, stable, documented in the README.
P_SELECTION = "sel"
P_LAYERS = "layers"
P_SUPPORT = "support"
P_STATUS = "status"
P_PLACES = "places"
P_SOURCE = "source"
P_ASOF = "asof"
P_VIEW = "view"
P_MULTI = "multi"
P_SINCE = "since"  # mark on the map what changed since the sources (context)
OWN_PARAMS = (
    P_SELECTION,
    P_LAYERS,
    P_SUPPORT,
    P_STATUS,
    P_PLACES,
    P_SOURCE,
    P_ASOF,
    P_VIEW,
    P_MULTI,
    P_SINCE,
)
TRUE_TOKEN = "true"
# An empty list must survive a round trip: "layers=" would be dropped by some browsers.
NONE_TOKEN = "none"


@dataclass(frozen=True)
class Choices:
    """What the dataset offers: the valid values of each parameter."""

    layers: tuple[str, ...]
    support: tuple[str, ...]
    status: tuple[str, ...]
    places: tuple[str, ...]
    default_places: tuple[str, ...]
    sources: tuple[str, ...]
    years: tuple[int, int]
    selectable: frozenset[Selection]


@dataclass(frozen=True)
class View:
    """Everything a share link restores."""

    selection: Selection | None
    layers: tuple[str, ...]
    support: tuple[str, ...]
    status: tuple[str, ...]
    places: tuple[str, ...]
    source: str | None
    as_of: int
    view: str = DEFAULT_VIEW
    multi_source: bool = False  # only ties that more than one source supports
    since: bool = False  # the map marks what changed since the sources (context notes)
    ignored: tuple[str, ...] = field(default=(), compare=False)


def default_view(choices: Choices) -> View:
    """The view with nothing selected and every relationship layer on."""
    return View(
        selection=None,
        layers=choices.layers,
        support=(),
        status=choices.status,
        places=choices.default_places,
        source=None,
        as_of=choices.years[1],
    )


def _first(params: Mapping[str, object], name: str) -> str | None:
    value = params.get(name)
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    return None if value is None else str(value)


def _parse_list(raw: str | None, allowed: tuple[str, ...], name: str, ignored: list[str]):
    if raw is None:
        return None
    if raw.strip() == NONE_TOKEN:
        return ()
    items = list(dict.fromkeys(item.strip() for item in raw.split(",") if item.strip()))
    good = [item for item in items if item in allowed]
    ignored.extend(f"{name}={item!r}" for item in items if item not in allowed)
    if items and not good:  # nothing usable: keep the default rather than an empty map
        return None
    return tuple(value for value in allowed if value in good)


def parse_view(params: Mapping[str, object], choices: Choices) -> View:
    """Read a View from query parameters; unknown or malformed values fall back to defaults."""
    base = default_view(choices)
    ignored: list[str] = []
    updates: dict[str, object] = {}

    raw = _first(params, P_SELECTION)
    if raw is not None:
        selection = Selection.parse(raw)
        if selection in choices.selectable:
            updates["selection"] = selection
        else:
            ignored.append(f"{P_SELECTION}={raw!r}")

    for name, attr, allowed in (
        (P_SOURCE, "source", choices.sources),
        (P_VIEW, "view", VIEWS),
    ):
        value = _first(params, name)
        if value is not None:
            if value in allowed:
                updates[attr] = value
            else:
                ignored.append(f"{name}={value!r}")

    for name, attr, allowed in (
        (P_LAYERS, "layers", choices.layers),
        (P_SUPPORT, "support", choices.support),
        (P_STATUS, "status", choices.status),
        (P_PLACES, "places", choices.places),
    ):
        parsed = _parse_list(_first(params, name), allowed, name, ignored)
        if parsed is not None:
            updates[attr] = parsed

    as_of = _first(params, P_ASOF)
    if as_of is not None:
        low, high = choices.years
        if as_of.strip() in {str(year) for year in range(low, high + 1)}:
            updates["as_of"] = int(as_of)
        else:
            ignored.append(f"{P_ASOF}={as_of!r}")

    for name, attr in ((P_MULTI, "multi_source"), (P_SINCE, "since")):
        flag = _first(params, name)
        if flag is not None:
            if flag.strip() in (TRUE_TOKEN, "false"):
                updates[attr] = flag.strip() == TRUE_TOKEN
            else:
                ignored.append(f"{name}={flag!r}")

    return replace(base, **updates, ignored=tuple(ignored))


def view_params(view: View, choices: Choices) -> dict[str, str]:
    """The query parameters for a View: only what differs from the default."""
    base = default_view(choices)
    out: dict[str, str] = {}
    if view.selection is not None:
        out[P_SELECTION] = str(view.selection)
    for name, attr in (
        (P_LAYERS, "layers"),
        (P_SUPPORT, "support"),
        (P_STATUS, "status"),
        (P_PLACES, "places"),
    ):
        value = getattr(view, attr)
        if tuple(value) != tuple(getattr(base, attr)):
            out[name] = ",".join(value) if value else NONE_TOKEN
    if view.source:
        out[P_SOURCE] = view.source
    if view.as_of != base.as_of:
        out[P_ASOF] = str(view.as_of)
    if view.view != base.view:
        out[P_VIEW] = view.view
    if view.multi_source:
        out[P_MULTI] = TRUE_TOKEN
    if view.since:
        out[P_SINCE] = TRUE_TOKEN
    return out


def query_string(params: Mapping[str, str]) -> str:
    """The one way the app writes a query string (without its '?'): spaces as %20, never '+',
    and ':' and ',' left readable (sel=actor:iran, layers=proxy,state%20partner)."""
    return urlencode(params, quote_via=quote, safe=":,")


# Presentation mode: which tour, and which scene of it (counting from 1).
P_TOUR = "tour"
P_SCENE = "scene"
P_SHARED = "t"  # a tour carried by the link itself (allies.tourlink)
# The Map draws the ties that differ between two years (allies.compare): compare=2015-2024.
P_COMPARE = "compare"
SHARED_PARAMS = (*OWN_PARAMS, P_TOUR, P_SCENE, P_SHARED, P_COMPARE)


def parse_years(raw: str | None, low: int, high: int) -> tuple[int, int] | None:
    """Two years 'first-second' within low..high, in order; None when absent or malformed."""
    first, dash, second = (raw or "").strip().partition("-")
    if not (dash and first.isdigit() and second.isdigit() and len(first) == len(second) == 4):
        return None
    years = sorted((int(first), int(second)))
    if years[0] == years[1] or years[0] < low or years[1] > high:
        return None
    return years[0], years[1]


def years_param(first: int, second: int) -> str:
    """The compare parameter's value for two years (see `parse_years`)."""
    return f"{min(first, second)}-{max(first, second)}"


def share_url(base: str, params: Mapping[str, str], *, embed: bool = False) -> str:
    """The address of a view: the page's URL and the view's parameters (plus embed=true)."""
    if base and not urlsplit(base).path:
        base += "/"  # the app's root comes without its slash
    query = {k: params[k] for k in SHARED_PARAMS if params.get(k)}
    if embed:
        query["embed"] = "true"
    encoded = query_string(query)
    return f"{base}?{encoded}" if encoded else base


def tour_position(params: Mapping[str, object], tours: dict[str, int]) -> tuple[str, int, bool]:
    """The tour id and scene index (from 0) that a link asks for, given each tour's scene count;
    unknown or out-of-range values fall back to the first tour's first scene. The flag says
    whether anything in the link had to be left out."""
    first = next(iter(tours))
    tour = _first(params, P_TOUR)
    scene = _first(params, P_SCENE)
    ok = tour is None or tour in tours
    tour = tour if tour in tours else first
    number = int(scene) if scene is not None and scene.strip().isdigit() else None
    if scene is not None and (number is None or not 1 <= number <= tours[tour]):
        ok, number = False, None
    return tour, (number or 1) - 1, not ok


def filters(view: View) -> Filters:
    """The map's filters for a view; a selected place is drawn even while its toggle is off."""
    place = id_of(view.selection, "place")
    places = view.places
    if place is not None and place not in places:
        places = (*places, place)
    return Filters(
        layers=view.layers,
        support=view.support,
        status=view.status,
        places=places,
        source=view.source,
        as_of=view.as_of,
        multi_source=view.multi_source,
    )


def dataset_choices(ds) -> Choices:
    """The valid values of every filter and of the selection, from a loaded dataset."""
    used_support = {s for items in ds.relationships["support"] for s in items}
    default_places = tuple(ds.places.loc[ds.places["default_on"], "place_id"])
    return Choices(
        layers=tuple(c for c in CATEGORIES if c != HUB),
        support=tuple(s for s in SUPPORT_TYPES if s in used_support),
        status=tuple(STATUSES),
        places=tuple(ds.places["place_id"]),
        default_places=default_places,
        sources=tuple(ds.sources["source_id"]),
        years=queries.year_range(ds),
        selectable=frozenset(everything(ds)),
    )


# How an embedded view is laid out (never part of a shared view: a link keeps them as written).
P_PANEL = "panel"
P_PLAIN = "plain"
P_ZOOM = "zoom"
EMBED_PARAMS = (P_PANEL, P_PLAIN, P_ZOOM)
PANELS = ("side", "below", "none")
ZOOMS = ("click", "wheel")


@dataclass(frozen=True)
class Layout:
    """Where the panel goes, whether the title and Share are left out, and whether the scroll
    wheel zooms the map at once or only after a click on it."""

    panel: str = "side"
    plain: bool = False
    zoom: str = "wheel"
    ignored: tuple[str, ...] = field(default=(), compare=False)


def parse_layout(params: Mapping[str, object], *, embedded: bool) -> Layout:
    """Read the embed options; an embed zooms on click unless the link says otherwise."""
    ignored: list[str] = []
    updates: dict[str, object] = {"zoom": "click"} if embedded else {}
    for name, allowed in ((P_PANEL, PANELS), (P_ZOOM, ZOOMS)):
        value = _first(params, name)
        if value is not None:
            if value.strip() in allowed:
                updates[name] = value.strip()
            else:
                ignored.append(f"{name}={value!r}")
    plain = _first(params, P_PLAIN)
    if plain is not None:
        if plain.strip() in (TRUE_TOKEN, "false"):
            updates["plain"] = plain.strip() == TRUE_TOKEN
        else:
            ignored.append(f"{P_PLAIN}={plain!r}")
    return Layout(**updates, ignored=tuple(ignored))
