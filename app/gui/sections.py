"""The sidebar's sections, in order, with the empty state each shows until it is built."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class Section:
    key: str
    title: str  # untranslated; translated in context "Sections"
    icon: str  # name of an SVG in resources/icons
    heading: str  # the empty state: what will live here...
    body: str  # ...and what to do next


def _t(text: str) -> str:
    return QT_TRANSLATE_NOOP("Sections", text)


SECTIONS: tuple[Section, ...] = (
    Section(
        "library",
        _t("Library"),
        "library",
        _t("Your library"),
        _t("Every track you saved, added to a playlist or listened to, from every service."),
    ),
    Section(
        "playlists",
        _t("Playlists"),
        "playlists",
        _t("Your playlists will live here"),
        _t(
            "Playlists from every service, side by side, with their order and when each song "
            "was added. Import a data export or connect a service to bring them in."
        ),
    ),
    Section(
        "history",
        _t("History & Insights"),
        "history",
        _t("Your listening history will live here"),
        _t(
            "What you played, when and where, across all your services, with your top "
            "artists, albums and months. Import a streaming-history export to see it."
        ),
    ),
    Section(
        "duplicates",
        _t("Duplicates"),
        "duplicates",
        _t("Duplicates will be gathered here"),
        _t(
            "The same song saved twice, or on two services, shown with the evidence that ties "
            "them together. Nothing is removed without your say, and every change can be undone."
        ),
    ),
    Section(
        "discover",
        _t("Discover"),
        "discover",
        _t("Recommendations will appear here"),
        _t(
            "Songs that sit well with the ones you love, worked out on this computer, each with "
            "the reason it was suggested. They get better as your library grows."
        ),
    ),
    Section(
        "shared",
        _t("Shared"),
        "shared",
        _t("Playlists you share with friends will live here"),
        _t(
            "Build a playlist together, each on your own service. Everything is end-to-end "
            "encrypted: the relay that passes changes along can’t read them."
        ),
    ),
    Section(
        "accounts",
        _t("Accounts"),
        "accounts",
        _t("Your connected services will be listed here"),
        _t(
            "Connect Spotify, Apple Music, YouTube Music and others to keep your library in "
            "sync. Until then, importing a data export works entirely offline."
        ),
    ),
    Section(
        "settings",
        _t("Settings & Privacy"),
        "settings",
        _t("Settings and privacy controls will live here"),
        _t(
            "Where your library is kept, your passphrase, backups, exporting everything you "
            "own, deleting everything, and what each service may be used for."
        ),
    ),
)
