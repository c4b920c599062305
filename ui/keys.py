"""Every widget and session-state key, defined once."""

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
MAP = "map"
URL_NOTICE = "url_notice"
CLEAR = "clear_selection"
TOOLTIP_INDEX = "tooltip_index"
FOCUS = "focus_requested"
CENTER = "map_center"
NETWORK = "network_chart"


def place(place_id: str) -> str:
    """The key of one place's checkbox."""
    return f"place_{place_id}"


MATRIX = "matrix_chart"
MATRIX_DIRECTION = "matrix_direction"
DATA_TABLE = "data_table"
DATA_SEARCH = "data_search"
DATA_SCOPE = "data_scope"
