"""Every widget and session-state key, defined once."""

from functools import cache

SELECTION = "selection"
SEARCH = "search"
SEARCH_MESSAGE = "search_message"
LAYERS = "f_layers"
SUPPORT = "f_support"
STATUS = "f_status"
PLACES = "f_places"
SOURCE = "f_source"
AS_OF = "f_as_of"
VIEW = "f_view"
MULTI_SOURCE = "f_multi_source"
SINCE = "f_since"  # the Map's toggle "What changed since the sources"
MAP = "map"
# How long the view's widgets keep their values (their persist_state): the whole session, across
# pages. Streamlit names a widget by its page as well as its key, so without it the Map's
# filters would open at their defaults after the Network page drew its own, and a page that
# draws none of them would forget them.
KEEP = "session"
NAVIGATION = "navigation_pages"  # the st.Page objects of app.py, made once per session
URL_NOTICE = "url_notice"
URL_WRITTEN = "url_written"  # the view parameters the widgets last put in the address
CLEAR = "clear_selection"
TOOLTIP_INDEX = "tooltip_index"
FOCUS = "focus_requested"
CENTER = "map_center"
NETWORK = "network_chart"
NETWORK_BOX = "network_graph"  # the container the chart sits in (ui/static/network.css)


def places_in(group: str) -> str:
    """The key of one group's place toggles (ui.sidebar.PLACE_GROUPS)."""
    return f"places_{group}"


@cache
def map_state(script: str) -> str:
    """The key under which streamlit-folium's component keeps the live map's state (MAP): it
    names it by a hash of the base map's script, as `st_folium` does (ui.mapcall)."""
    from streamlit_folium import generate_js_hash

    return generate_js_hash(script, MAP, False)


# Presentation mode and sharing.
PRESENT_MAP = "present_map"
PRESENT_TOUR = "present_tour"
PRESENT_NEXT = "present_next"
PRESENT_PREVIOUS = "present_previous"
PRESENT_NEXT_PAGE = "present_next_page_down"
PRESENT_PREVIOUS_PAGE = "present_previous_page_up"
PRESENT_CLICKER = "present_clicker"
PRESENT_CONTROLS = "present_controls"
SHARE_BAR = "share_bar"
PRESENT_POSITION = "present_position"

# Making a tour on the map.
DRAFT_SCENES = "draft_scenes"
DRAFT_TITLE = "draft_title"
DRAFT_TITLE_SAVED = "draft_title_saved"
DRAFT_MESSAGE = "draft_message"
DRAFT_SCENE_TITLE = "draft_scene_title"
DRAFT_CAPTION = "draft_caption"
DRAFT_EXCERPTS = "draft_excerpts"
DRAFT_ADD = "draft_add"
DRAFT_DOWNLOAD = "draft_download"
DRAFT_CLEAR = "draft_clear"
EXPORT_VIEW = "export_view"
EXPORT_TOUR = "export_tour"
MATRIX = "matrix_chart"
MATRIX_DIRECTION = "matrix_direction"
DATA_TABLE = "data_table"
DATA_SEARCH = "data_search"
DATA_SCOPE = "data_scope"
# Stills and printed handouts (ui.stillbuttons).
STILL_PNG = "still_png"
STILL_SVG = "still_svg"
STILL_VIEW_HANDOUT = "still_view_handout"
STILL_SCENE_PNG = "still_scene_png"
STILL_SCENE_SVG = "still_scene_svg"
STILL_TOUR_HANDOUT = "still_tour_handout"
STILL_PAPER = "still_paper"
STILL_LANDSCAPE = "still_landscape"
STILL_EMBED = "still_embed"

# The lesson (issue 19): the map's framing kept by the tour maker, shared tours, the presenter.
DRAFT_FRAME = "draft_frame"
TOUR_MAKER = "tour_maker_open"  # the "Make a tour from this view" section is open
SHARED_TOUR = "shared_tour"  # (the link's text, the tour it carries), kept for the session
CSV_UPLOAD = "csv_upload"
CSV_MESSAGE = "csv_message"
COMPARE_FROM = "compare_from"
COMPARE_TO = "compare_to"
TEXT_VIEW = "text_view_open"  # the text view above the map is open
# Popovers whose contents are drawn only while they are open (opening one reruns the page).
SHARE_OPEN = "share_open"
VIEW_IMAGES_OPEN = "view_images_open"
