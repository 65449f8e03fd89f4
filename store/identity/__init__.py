"""Identity resolution in the library: recordings, decisions, review, undo, duplicates.

- ``resolver`` — the pipeline over the library (from scratch, or for new tracks on import)
- ``graph`` — recordings as groups of tracks linked by ISRC and decisions
- ``actions`` — merge, split, review, undo (every change is an undoable action)
- ``duplicates`` / ``dedupe`` — duplicate views, and removing them undoably
- ``mapping`` — the user's decisions as a shareable mapping pack
- ``service`` — :class:`Identity`, the facade the CLI and the app use

Errors: ``IdentityError`` (a ``StoreError``) for requests that cannot be carried out.
"""

from store.identity.actions import IdentityError
from store.identity.service import Identity

__all__ = ["Identity", "IdentityError"]
