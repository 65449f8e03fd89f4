"""The Playlists section: every playlist side by side; local ones editable with undo."""
