"""The sidebar's sections, in order, with the empty state each shows until it is built."""

from __future__ import annotations

from dataclasses import dataclass

from app.gui.i18n import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class Section:
    key: str
    title: str  # untranslated; translated in context "Sections"
    icon: str  # name of an SVG in resources/icons
    heading: str  # the empty state: what will live here...
    body: str  # ...and what to do next


SECTIONS: tuple[Section, ...] = (
    Section(
        "library",
        QT_TRANSLATE_NOOP("Sections", "Library"),
        "library",
        QT_TRANSLATE_NOOP("Sections", "Your library"),
        QT_TRANSLATE_NOOP(
            "Sections",
            "Every track you saved, added to a playlist or listened to, from every service.",
        ),
    ),
    Section(
        "playlists",
        QT_TRANSLATE_NOOP("Sections", "Playlists"),
        "playlists",
        QT_TRANSLATE_NOOP("Sections", "Your playlists will live here"),
        QT_TRANSLATE_NOOP(
            "Sections",
            "Playlists from every service, side by side, with their order and when each song "
            "was added. Import a data export or connect a service to bring them in.",
        ),
    ),
    Section(
        "history",
        QT_TRANSLATE_NOOP("Sections", "History & Insights"),
        "history",
        QT_TRANSLATE_NOOP("Sections", "Your listening history will live here"),
        QT_TRANSLATE_NOOP(
            "Sections",
            "What you played, when and where, across all your services, with your top "
            "artists, albums and months. Import a streaming-history export to see it.",
        ),
    ),
    Section(
        "duplicates",
        QT_TRANSLATE_NOOP("Sections", "Duplicates"),
        "duplicates",
        QT_TRANSLATE_NOOP("Sections", "Duplicates will be gathered here"),
        QT_TRANSLATE_NOOP(
            "Sections",
            "The same song saved twice, or on two services, shown with the evidence that ties "
            "them together. Nothing is removed without your say, and every change can be undone.",
        ),
    ),
    Section(
        "discover",
        QT_TRANSLATE_NOOP("Sections", "Discover"),
        "discover",
        QT_TRANSLATE_NOOP("Sections", "Recommendations will appear here"),
        QT_TRANSLATE_NOOP(
            "Sections",
            "Songs that sit well with the ones you love, worked out on this computer, each with "
            "the reason it was suggested. They get better as your library grows.",
        ),
    ),
    Section(
        "shared",
        QT_TRANSLATE_NOOP("Sections", "Shared"),
        "shared",
        QT_TRANSLATE_NOOP("Sections", "Playlists you share with friends will live here"),
        QT_TRANSLATE_NOOP(
            "Sections",
            "Build a playlist together, each on your own service. Everything is end-to-end "
            "encrypted: the relay that passes changes along can’t read them.",
        ),
    ),
    Section(
        "accounts",
        QT_TRANSLATE_NOOP("Sections", "Accounts"),
        "accounts",
        QT_TRANSLATE_NOOP("Sections", "Your connected services will be listed here"),
        QT_TRANSLATE_NOOP(
            "Sections",
            "Connect Spotify, Apple Music, YouTube Music and others to keep your library in "
            "sync. Until then, importing a data export works entirely offline.",
        ),
    ),
    Section(
        "settings",
        QT_TRANSLATE_NOOP("Sections", "Settings & Privacy"),
        "settings",
        QT_TRANSLATE_NOOP("Sections", "Settings and privacy controls will live here"),
        QT_TRANSLATE_NOOP(
            "Sections",
            "Where your library is kept, your passphrase, backups, exporting everything you "
            "own, deleting everything, and what each service may be used for.",
        ),
    ),
)
