"""Downloads of stills and handouts in the app: the view as an image (PNG, SVG) and a one-page
handout on the Map page; the scene as an image and the tour's handout in presentation mode.

Nothing is drawn on a rerun: each button is given a function that makes its file when it is
pressed, and the files are cached by what they depend on (the view, the frame, the format).
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit, urlunsplit

import streamlit as st

from allies.selection import text_of
from allies.tours import Scene, Tour
from geo import still
from geo.stillparts import describe
from ui import data, handout, keys
from ui.render import render
from ui.sitemap import PAGE_NAMES
from ui.stills import focus, view_words
from ui.urlstate import P_TOUR, VIEWS, View, filters, parse_view, tour_position

IMAGE_HELP = "A 16:9 image for a slide, with the legend, the sources and the date: {what}."
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
FILES_KEPT = 32
PAPERS = {"a4": "A4", "letter": "US Letter"}


def app_root(url: str) -> str:
    """The app's own address from a page's (its page name and query taken off)."""
    parts = urlsplit(url or handout.DEFAULT_BASE)
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    if last in PAGE_NAMES:
        path = head
    return urlunsplit((parts.scheme, parts.netloc, path + "/", "", ""))


def _view_key(view: View) -> tuple:
    return (filters(view), text_of(view.selection), view.as_of)


@st.cache_data(show_spinner=False, max_entries=FILES_KEPT)
def _image(_view: View, key: tuple, center, zoom, fmt: str, heading: str | None) -> bytes:
    """The still of a view (its frame at `center` and `zoom`) in a format."""
    ds = data.dataset()
    drawn = data.drawn(key[0], key[1])
    words = view_words(ds, _view, heading)
    made = still.render(drawn, data.countries(), words, center=tuple(center), zoom=zoom)
    return made.save("png", 1) if fmt == "png1" else made.save(fmt)


@st.cache_data(show_spinner=False, max_entries=FILES_KEPT)
def _view_handout(_view: View, key: tuple, center, zoom, link: str) -> bytes:
    return handout.view_pdf(
        data.dataset(), data.countries(), _view, link=link, center=tuple(center), zoom=zoom
    )


@st.cache_data(show_spinner=False, max_entries=8)
def _tour_handout(_tour: Tour, key: tuple, base: str, paper: str, landscape: bool) -> bytes:
    return handout.tour_pdf(
        data.dataset(), data.countries(), _tour, base=base, paper=paper, landscape=landscape
    )


def alt_text(view: View) -> str:
    """The description of a view's still (alt text), from what it draws."""
    key = _view_key(view)
    return describe(data.drawn(key[0], key[1]), view_words(data.dataset(), view).title)


def _image_args(view, center, zoom, fmt: str, name: str, what: str, heading) -> dict:
    """A still's download button, but for its key: the file is made when it is pressed."""
    key = _view_key(view)
    return dict(
        label=f"Image ({fmt.upper()})",
        data=lambda: _image(view, key, tuple(center), float(zoom), fmt, heading),
        file_name=f"{name}.{fmt}",
        mime=MIME[fmt],
        icon=":material/image:",
        on_click="ignore",
        help=IMAGE_HELP.format(what=what),
    )


def view_downloads(view: View, *, center, zoom, link: str) -> None:
    """ "Download this view as an image" (PNG, SVG) and as a one-page handout (PDF)."""
    box = st.popover(
        "Download this view as an image",
        icon=":material/image:",
        key=keys.VIEW_IMAGES_OPEN,
        on_change="rerun",
    )
    if not box.open:  # drawn only while open, as the Share control's contents (ui.share)
        return
    with box:
        args = (view, center, zoom)
        what = ("iran-alliance-view", "the map as it is framed now", None)
        st.download_button(**_image_args(*args, "png", *what), key=keys.STILL_PNG)
        st.download_button(**_image_args(*args, "svg", *what), key=keys.STILL_SVG)
        key = _view_key(view)
        st.download_button(
            "Handout of this view (PDF)",
            lambda: _view_handout(view, key, tuple(center), float(zoom), link),
            file_name="iran-alliance-view.pdf",
            mime=MIME["pdf"],
            key=keys.STILL_VIEW_HANDOUT,
            icon=":material/print:",
            on_click="ignore",
            help="One printable page: the map, its legend and the quotes behind the selection.",
        )


def scene_downloads(view: View, scene: Scene, tour: Tour) -> None:
    """The scene as an image (PNG, SVG) and the tour's printed handout (PDF)."""
    with st.popover("Image or handout", icon=":material/print:"):
        args = (view, scene.center, scene.zoom)
        what = (f"tour-{tour.id}-scene", "this scene's map", scene.title)
        st.download_button(**_image_args(*args, "png", *what), key=keys.STILL_SCENE_PNG)
        st.download_button(**_image_args(*args, "svg", *what), key=keys.STILL_SCENE_SVG)
        base = app_root(st.context.url or "")
        tour_key = (tour.id, tour.model_dump_json())
        paper = st.radio(
            "Paper", PAPERS, format_func=PAPERS.get, horizontal=True, key=keys.STILL_PAPER
        )
        landscape = st.checkbox("Landscape", key=keys.STILL_LANDSCAPE)
        st.download_button(
            "Download handout (PDF)",
            lambda: _tour_handout(tour, tour_key, base, paper, landscape),
            file_name=f"tour-{tour.id}.pdf",
            mime=MIME["pdf"],
            key=keys.STILL_TOUR_HANDOUT,
            icon=":material/print:",
            on_click="ignore",
            help="A title page, then one scene a page: its map, caption and quotes, with a link "
            "and a QR code to the scene live.",
        )


STILLS_DIR = data.STATIC_DIR / "stills"
EMBED_PX = (1280, 720)


def _frame(view: View, params) -> tuple[tuple[float, float], float, str | None]:
    """Where a link opens its view: a tour scene's centre, zoom and title, or the view's zoom
    centred on its selection (or the view's centre)."""
    tours = data.tours()[0]
    if P_TOUR in params and tours:
        tour_id, index, _ = tour_position(params, {t.id: len(t.scenes) for t in tours})
        scene = next(t for t in tours if t.id == tour_id).scenes[index]
        return tuple(scene.center), float(scene.zoom), scene.title
    center, zoom = VIEWS[view.view]
    key = _view_key(view)
    return focus(data.drawn(key[0], key[1])) or center, zoom, None


def _publish(view: View, params) -> str:
    """Write the view's PNG (at 1×) into the static folder, once; its file name."""
    key = _view_key(view)
    center, zoom, heading = _frame(view, params)
    png = _image(view, key, tuple(center), float(zoom), "png1", heading)
    name = f"view-{hashlib.sha256(png).hexdigest()[:16]}.png"
    STILLS_DIR.mkdir(parents=True, exist_ok=True)
    if not (STILLS_DIR / name).exists():
        (STILLS_DIR / name).write_bytes(png)
    return name


def embed_still(params, *, link: str, embed: str, title: str, frame_height: int = 720) -> None:
    """In the Share popover: a still image of the view in the address (`params`) for the embed
    snippet, made when asked."""
    view = parse_view(params, data.choices(data.dataset()))
    made = st.session_state.get(keys.STILL_EMBED + "_made")
    if st.button("Add a still image of this view", key=keys.STILL_EMBED, icon=":material/image:"):
        made = (_view_key(view), _publish(view, params))
        st.session_state[keys.STILL_EMBED + "_made"] = made
    if not made or made[0] != _view_key(view):
        st.caption("For newsletters, print and pages that run no iframe: an image of the view.")
        return
    src = f"{app_root(st.context.url or '')}app/static/stills/{made[1]}"
    context = dict(link=link, src=src, alt=alt_text(view), width=EMBED_PX[0], height=EMBED_PX[1])
    st.markdown("**The live view, with the image as its fallback**")
    st.code(
        render(
            "embed_still.html",
            iframe=True,
            embed=embed,
            title=title,
            frame_height=frame_height,
            **context,
        ),
        language="html",
        wrap_lines=True,
    )
    st.markdown("**The image alone** (a link to the live view)")
    st.code(render("embed_still.html", iframe=False, **context), language="html", wrap_lines=True)
