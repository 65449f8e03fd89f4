"""A per-member mailbox on the relay for new epoch keys.

After a removal the owner rotates the relay token, so a member who was offline cannot read the
log (where the key envelope is) with the token it knows. Each (owner, member) pair therefore has
a small relay document of its own, whose id and token both sides derive from an X25519 exchange
between their device keys; the relay cannot link it to the playlist. The owner drops the key
envelope there; a member refused by the relay looks in its mailbox, learns the new key (the
envelope is checked and unwrapped as in the log), and connects with the new token.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from sync.crypto import hkdf
from sync.envelope import Kind, check_signature, parse
from sync.errors import EnvelopeRejected, RelayFailure
from sync.relay_admin import create_doc, ws_url
from sync.replica import Replica
from sync.roster import Member

logger = logging.getLogger(__name__)
TIMEOUT_S = 10.0


def mailbox_address(replica: Replica, peer_x25519: bytes) -> tuple[str, str]:
    """(doc id, token) of the mailbox between this device and the device with ``peer_x25519``."""
    shared = replica.device.receiving.exchange(X25519PublicKey.from_public_bytes(peer_x25519))
    context = replica.doc_id.encode()
    doc_id = base64.urlsafe_b64encode(hkdf(shared, b"mixtape/mailbox-id|" + context, 18))
    token = hkdf(shared, b"mixtape/mailbox-token|" + context).hex()
    return "mbx-" + doc_id.decode(), token


async def _exchange(url: str, token: str, push: bytes | None) -> list[bytes]:
    """Push ``push`` (and wait for its ack), or read every envelope in the mailbox."""
    try:
        async with (
            asyncio.timeout(TIMEOUT_S),
            connect(url, close_timeout=1, max_size=None, compression=None) as ws,
        ):
            await ws.send(json.dumps({"type": "hello", "token": token, "since": 0}))
            welcome = json.loads(await ws.recv())
            if welcome.get("type") != "welcome":
                return []
            if push is not None:
                env = base64.b64encode(push).decode()
                await ws.send(json.dumps({"type": "push", "env": env, "id": 1}))
                while json.loads(await ws.recv()).get("type") != "ack":
                    pass
                return []
            found: list[bytes] = []
            while len(found) < int(welcome.get("last_seq", 0)):
                frame = json.loads(await ws.recv())
                if frame.get("type") == "msg":
                    found.append(base64.b64decode(frame["env"]))
            return found
    except (OSError, InvalidHandshake, InvalidURI, TimeoutError, ConnectionClosed) as e:
        raise RelayFailure(f"the relay is unreachable ({type(e).__name__})") from e


async def post_key(relay_url: str, replica: Replica, key_envelope: bytes) -> None:
    """The owner leaves the key envelope in every remaining member's mailbox."""
    for member in replica.roster.active():
        if member.device == replica.me:
            continue
        doc_id, token = mailbox_address(replica, member.x25519)
        try:
            await asyncio.to_thread(create_doc, relay_url, doc_id, token)
        except RelayFailure as e:
            if e.code != "doc_exists":
                raise
        await _exchange(ws_url(relay_url, doc_id), token, key_envelope)


async def fetch_keys(relay_url: str, replica: Replica) -> bool:
    """A member looks for new keys from the owner; True when it learned one."""
    from sync.receiver import apply_key_envelope

    owner: Member | None = replica.roster.members.get(replica.roster.owner)
    if owner is None:
        return False
    doc_id, token = mailbox_address(replica, owner.x25519)
    before = set(replica.keys)
    for env in await _exchange(ws_url(relay_url, doc_id), token, None):
        try:
            parsed = parse(env)
            if parsed.header.kind is not Kind.KEY or parsed.header.doc_id != replica.doc_id:
                continue
            check_signature(parsed)
            apply_key_envelope(replica, parsed)
        except EnvelopeRejected as e:
            logger.info("a mailbox envelope was rejected: %s", e.reason)
    return set(replica.keys) != before
