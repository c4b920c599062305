"""Presentation mode: a tour's scenes, one at a time, on a large map (see ui/present.py)."""

from ui import present

present.page()
