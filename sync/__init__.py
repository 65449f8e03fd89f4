"""Shared playlists: friends on different services keep one playlist together, end-to-end
encrypted through a relay that can read nothing (shared/docs/sharing.md).

Modules: ``document`` (the pycrdt document), ``envelope`` (sealing), ``receiver`` (the checks,
in order), ``replica`` (one device's state), ``state`` (saving it), ``roster`` and ``crypto``
(members and keys), ``invites``, ``client`` (the relay connection), ``sharing`` (what the CLI and
app call), ``resolve`` (an entry against my library). Errors: ``sync.errors`` (root ``SyncError``).
"""
