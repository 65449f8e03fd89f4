"""The raw JSON of the Last.fm API (https://www.last.fm/api), only what Mixtape reads.

Last.fm's JSON is XML in disguise: numbers are strings, text sits under ``#text``, a list of
one is a bare object, attributes live under ``@attr``.
"""

from __future__ import annotations

from typing import TypedDict

NamedText = TypedDict("NamedText", {"#text": str, "mbid": str, "name": str}, total=False)
DateObject = TypedDict("DateObject", {"uts": str, "#text": str}, total=False)


class TrackAttr(TypedDict, total=False):
    nowplaying: str


class PageAttr(TypedDict, total=False):
    page: str
    perPage: str
    totalPages: str
    total: str
    user: str


ScrobbleObject = TypedDict(
    "ScrobbleObject",
    {
        "name": str,
        "mbid": str,
        "url": str,
        "artist": NamedText,
        "album": NamedText,
        "date": DateObject,
        "@attr": TrackAttr,
    },
    total=False,
)

TrackList = TypedDict(
    "TrackList", {"track": "list[ScrobbleObject] | ScrobbleObject", "@attr": PageAttr}, total=False
)


class SessionObject(TypedDict, total=False):
    name: str
    key: str
    subscriber: int


class ErrorBody(TypedDict, total=False):
    error: int
    message: str
