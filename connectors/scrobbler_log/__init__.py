"""``.scrobbler.log``: the Audioscrobbler 1.1 portable-player log (Rockbox, iPod tools, …).

Header lines start with ``#`` (``#AUDIOSCROBBLER/1.1``, ``#TZ/UTC`` or ``#TZ/UNKNOWN``,
``#CLIENT/…``); each play is a tab-separated line: artist, album, title, track number, length
in seconds, rating (``L`` listened, ``S`` skipped), Unix timestamp of the start of the play and,
optionally, the MusicBrainz track id. Rockbox writes ``#TZ/UNKNOWN``: its clock is the device's
local time, which the file does not record, so those times are read as UTC (they may be off by
the device's offset). Plays are local-player plays: ``service`` and ``source`` are ``local``.
"""

from connectors.scrobbler_log._importer import ScrobblerLog

IMPORTERS = (ScrobblerLog(),)

__all__ = ["IMPORTERS", "ScrobblerLog"]
