"""The map's looks: every vocabulary value has a style, the legend shows them, the CSS is whole."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from allies.vocab import ACTOR_KINDS, CATEGORIES, CONTEXT_LABEL, PLACE_KINDS, STATUSES, STRENGTHS
from geo import styles


class _Legend(HTMLParser):
    """The legend's headings, its rows (symbol tags and label) and its other text."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[str] = []
        self.rows: list[tuple[list[tuple[str, dict]], str]] = []
        self.notes: list[str] = []
        self._in: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        if tag == "div" and attrs.get("class") == "row":
            self.rows.append(([], ""))
        elif self._in and self._in[-1] == "row" and tag != "span":
            self.rows[-1][0].append((tag, attrs))
        self._in.append("row" if attrs.get("class") == "row" else tag)

    def handle_startendtag(self, tag, attrs) -> None:
        if "row" in self._in:
            self.rows[-1][0].append((tag, dict(attrs)))

    def handle_endtag(self, tag) -> None:
        self._in.pop()

    def handle_data(self, data: str) -> None:
        if not self._in or not data.strip():
            return
        where = self._in[-1]
        if where == "h4":
            self.headings.append(data)
        elif where == "span" and "row" in self._in:
            symbol, _ = self.rows[-1]
            self.rows[-1] = (symbol, data)
        elif where == "p":
            self.notes.append(data)


@pytest.fixture(scope="module")
def legend() -> _Legend:
    return _Legend(styles.legend_html())


def test_every_vocabulary_value_the_map_draws_has_a_style():
    assert set(STATUSES) <= set(styles.STATUS_DASHES), "give each tie status a dash style"
    assert set(STRENGTHS) <= set(styles.TIE_WEIGHTS), "give each strength a line width"
    assert set(PLACE_KINDS) <= set(styles.PLACE_STYLE), "give each place kind a style"
    assert set(PLACE_KINDS) == set(styles.PLACE_UNDER_TIES) | set(styles.PLACE_OVER_TIES)
    drawn_kinds = set(ACTOR_KINDS) - {"informal grouping"}  # no seat, no marker
    assert drawn_kinds <= set(styles.KIND_SHAPES), "give each kind of actor a marker shape"


def test_the_legend_lists_every_camp_in_its_colour(legend):
    by_label = {label: symbol for symbol, label in legend.rows}
    for cat in CATEGORIES.values():
        tags = dict(by_label[cat.label])
        assert tags["circle"]["fill"] == cat.colour


def test_the_legend_lists_every_shape_and_the_hub(legend):
    labels = [label for _, label in legend.rows]
    for _shape, label in styles.LEGEND_SHAPES:
        assert label in labels
    hub = next(symbol for symbol, label in legend.rows if label == "Iran, the hub")
    assert [tag for tag, _ in hub] == ["svg", "circle", "circle"]  # the ring


def test_the_legend_lists_every_tie_status_with_its_dashes(legend):
    by_label = {label: symbol for symbol, label in legend.rows}
    for status, dash in styles.STATUS_DASHES.items():
        line = dict(by_label[status.capitalize()])["line"]
        assert line.get("stroke-dasharray") == dash


def test_the_legend_marks_context_and_names_its_sections(legend):
    labels = [label for _, label in legend.rows]
    assert CONTEXT_LABEL in labels and "Chokepoint" in labels
    assert legend.headings == [
        "Camp: marker and tie colour",
        "Marker shape",
        "Ties",
        "Places",
    ]
    assert any("Iran's counterpart" in note for note in legend.notes)


def test_the_legend_template_escapes_what_it_is_given(monkeypatch):
    monkeypatch.setattr(styles, "LEGEND_SHAPES", (("circle", "<script>x</script>"),))
    markup = styles.legend_html.__wrapped__()
    assert "<script>" not in markup and "&lt;script&gt;x&lt;/script&gt;" in markup


def test_the_map_css_is_read_from_its_file_with_the_zoom_rules():
    css = styles.map_css()
    assert css.startswith(styles.CSS_PATH.read_text(encoding="utf-8"))
    assert f"background: {styles.SEA}" in css
    assert f"color: {styles.INK}" in css
    assert ".ally-z4 .ally-lz5" in css
    assert css.count("{") == css.count("}")


@pytest.mark.parametrize(
    ("shape", "first"), [("circle", "circle"), ("diamond", "polygon"), ("square", "rect")]
)
def test_marker_symbols(shape, first):
    box, svg = styles.shape_svg(shape, 18, "#123456")
    assert box == 18 and svg.startswith("<svg") and f"<{first} " in svg and "#123456" in svg
    ringed, selected = styles.shape_svg(shape, 18, "#123456", selected=True)
    assert ringed == 18 + 2 * styles.SELECTED_PAD_PX
    assert selected.count("<circle") == svg.count("<circle") + 1
