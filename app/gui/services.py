"""How each streaming service is named and coloured in the app (badges, health, filters)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from app.gui.i18n import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class ServiceLook:
    label: str  # untranslated; use :func:`service_label`
    color: str  # badge colour, readable with white text


_LOOKS: dict[str, ServiceLook] = {
    "spotify": ServiceLook(QT_TRANSLATE_NOOP("Service", "Spotify"), "#1a9e4b"),
    "apple_music": ServiceLook(QT_TRANSLATE_NOOP("Service", "Apple Music"), "#d6336c"),
    "youtube_music": ServiceLook(QT_TRANSLATE_NOOP("Service", "YouTube Music"), "#c4302b"),
    "deezer": ServiceLook(QT_TRANSLATE_NOOP("Service", "Deezer"), "#7b3fe4"),
    "tidal": ServiceLook(QT_TRANSLATE_NOOP("Service", "Tidal"), "#2f3a45"),
    "lastfm": ServiceLook(QT_TRANSLATE_NOOP("Service", "Last.fm"), "#b90000"),
    "listenbrainz": ServiceLook(QT_TRANSLATE_NOOP("Service", "ListenBrainz"), "#353070"),
    "soundcloud": ServiceLook(QT_TRANSLATE_NOOP("Service", "SoundCloud"), "#e65c00"),
    "local": ServiceLook(QT_TRANSLATE_NOOP("Service", "Local files"), "#5f6b73"),
}
_FALLBACK_COLOR = "#6b7280"


def service_label(service: str) -> str:
    """The service's name as people know it ("apple_music" → "Apple Music")."""
    look = _LOOKS.get(service)
    if look is None:
        return service.replace("_", " ").title()
    return QCoreApplication.translate("Service", look.label)


def service_color(service: str) -> str:
    look = _LOOKS.get(service)
    return look.color if look is not None else _FALLBACK_COLOR


def known_services() -> list[str]:
    return list(_LOOKS)
