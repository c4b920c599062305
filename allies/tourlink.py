"""A tour carried by its link alone: the tour's fields as compact JSON, deflated, in base64url,
after a version mark (`1.`), so that a teacher on a hosted copy can give a class one address and
nothing is written on the server.

Opening a link checks it exactly as a tour file is checked (the same model, then the same
checks against the dataset); a damaged, truncated or hostile link gives problems, never an
exception. The reader is bounded: the link's length, the inflated size and the JSON's depth.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from dataclasses import replace
from typing import Any

from pydantic import ValidationError

from allies.load import Dataset
from allies.tours import Tour, TourProblem, _problems_of, check_tours

VERSION = "1"
SHARED_ID = "shared"
LINK_NAME = "the tour link"
# Two limits. A link should stay under TARGET_LINK characters, the length every browser, chat
# tool, mail client and link shortener carries whole (the old 2,083 of Internet Explorer, the
# 2,048 of the sitemap protocol); a 6-scene tour's link takes about 1,500
# (tests/test_tourlink.py), and the tour maker warns beyond it. A link is refused beyond
# MAX_CHARS, which keeps the whole address under the 8,000 octets that HTTP (RFC 9110) asks
# servers to accept and nginx's default 8 KB request line.
TARGET_LINK = 2000
MAX_CHARS = 6000
MAX_JSON_BYTES = 64_000  # inflating beyond this is refused (a "zip bomb")
_WBITS = -15  # raw deflate: no zlib header, six bytes saved


def _compact(tour: Tour, *, notes: bool) -> dict[str, Any]:
    """The tour's fields as a tour file would hold them, without empty ones."""
    data = tour.model_dump(mode="json", exclude={"id", "order"})
    for scene in data["scenes"]:
        for name in [k for k, v in scene.items() if v is None or v == []]:
            del scene[name]
        if not notes:
            scene.pop("notes", None)
    return data


def encode(tour: Tour, *, notes: bool = False) -> str:
    """The tour as the text of a link parameter (speaker notes left out unless asked for)."""
    text = json.dumps(_compact(tour, notes=notes), ensure_ascii=False, separators=(",", ":"))
    packer = zlib.compressobj(9, zlib.DEFLATED, _WBITS)
    packed = packer.compress(text.encode("utf-8")) + packer.flush()
    return VERSION + "." + base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def _problem(message: str) -> list[TourProblem]:
    return [TourProblem(LINK_NAME, message=message)]


def _inflate(payload: str) -> bytes | None:
    """The JSON bytes of a payload, or None when it is not base64url deflate of a bounded size."""
    try:
        packed = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        unpacker = zlib.decompressobj(_WBITS)
        raw = unpacker.decompress(packed, MAX_JSON_BYTES)
    except (binascii.Error, ValueError, zlib.error):
        return None
    if unpacker.unconsumed_tail or not unpacker.eof:
        return None  # too big, or cut short
    return raw


def decode(text: str, ds: Dataset) -> tuple[Tour | None, list[TourProblem]]:
    """The tour a link carries, checked like a tour file: (tour, []) or (None, problems)."""
    text = text.strip()
    if len(text) > MAX_CHARS:
        return None, _problem(f"too long ({len(text)} characters; expected at most {MAX_CHARS})")
    version, dot, payload = text.partition(".")
    if not dot or version != VERSION:
        return None, _problem(f"expected a link made by this dashboard (version {VERSION})")
    raw = _inflate(payload)
    if raw is None:
        return None, _problem("damaged or incomplete: copy the whole link again")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None, _problem("damaged: its contents are not a tour")
    if not isinstance(data, dict):
        return None, _problem("damaged: its contents are not a tour")
    data.pop("id", None)
    try:
        tour = Tour.model_validate({**data, "id": SHARED_ID})
    except ValidationError as err:
        return None, _problems_of(LINK_NAME, err)
    problems = check_tours([tour], ds)
    if problems:
        return None, [replace(p, file=LINK_NAME) for p in problems]
    return tour, []
