"""The demo library ``mixtape demo`` loads (Mixtape JSON, made by ``make_demo.py``)."""

from importlib.resources import files

#: Read it with ``DEMO_LIBRARY.open("rb")``; it is package data, so it is there when installed.
DEMO_LIBRARY = files(__name__) / "demo-library.json"
