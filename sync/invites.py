"""Invite links and QR codes.

``mixtape://join?v=1#relay=…&doc=…&epoch=…&key=…&owner=…&invite=…&secret=…&exp=…&name=…``

Everything secret is in the URL *fragment*, which browsers and link previews never send to a
server. The invite secret is single-use and expires: the owner keeps only its hash and admits
the first device that proves it holds it (an HMAC over the device's public key, carried in a
join request), if the invite has not expired by the owner's clock.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import struct
import zlib
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit

import qrcode
import qrcode.constants

from sync.envelope import Kind
from sync.errors import InviteInvalid
from sync.replica import Invite, Replica

SCHEME = "mixtape"
DEFAULT_TTL_MS = 7 * 24 * 3600 * 1000


@dataclass(frozen=True, slots=True)
class InviteLink:
    relay_url: str
    doc_id: str
    epoch: int
    key: bytes
    owner: bytes
    invite_id: str
    secret: bytes
    expires_at: int
    name: str = ""

    def to_url(self) -> str:
        fragment = urlencode(
            {
                "relay": self.relay_url,
                "doc": self.doc_id,
                "epoch": self.epoch,
                "key": _b64(self.key),
                "owner": _b64(self.owner),
                "invite": self.invite_id,
                "secret": _b64(self.secret),
                "exp": self.expires_at,
                "name": self.name,
            }
        )
        return f"{SCHEME}://join?v=1#{fragment}"

    @classmethod
    def parse(cls, url: str) -> InviteLink:
        parts = urlsplit(url.strip())
        if parts.scheme != SCHEME or parts.netloc != "join" or not parts.fragment:
            raise InviteInvalid("not a Mixtape invite link (mixtape://join?…#…)")
        fields = dict(parse_qsl(parts.fragment, keep_blank_values=True))
        try:
            link = cls(
                relay_url=fields["relay"],
                doc_id=fields["doc"],
                epoch=int(fields["epoch"]),
                key=_unb64(fields["key"]),
                owner=_unb64(fields["owner"]),
                invite_id=fields["invite"],
                secret=_unb64(fields["secret"]),
                expires_at=int(fields["exp"]),
                name=fields.get("name", ""),
            )
        except (KeyError, ValueError) as e:
            raise InviteInvalid(f"the invite link is incomplete ({e})") from e
        if len(link.key) != 32 or len(link.owner) != 32 or not link.relay_url.startswith("ws"):
            raise InviteInvalid("the invite link is damaged")
        return link


def create_invite(replica: Replica, relay_url: str, ttl_ms: int = DEFAULT_TTL_MS) -> InviteLink:
    """A new single-use invite (the owner keeps only the secret's hash)."""
    invite_id, secret = secrets.token_hex(8), secrets.token_bytes(24)
    expires_at = replica.clock() + ttl_ms
    replica.invites[invite_id] = Invite(hashlib.sha256(secret).hexdigest(), expires_at)
    return InviteLink(
        relay_url=relay_url,
        doc_id=replica.doc_id,
        epoch=replica.epoch,
        key=replica.keys[replica.epoch],
        owner=replica.roster.owner,
        invite_id=invite_id,
        secret=secret,
        expires_at=expires_at,
        name=replica.doc.name,
    )


def request_to_join(replica: Replica, link: InviteLink, name: str) -> None:
    """Queue the join request (the first envelope this device sends)."""
    if link.expires_at < replica.clock():
        raise InviteInvalid("this invite has expired; ask for a new one")
    secret_hash = hashlib.sha256(link.secret).digest()
    proof = hmac.new(secret_hash, replica.me, hashlib.sha256).hexdigest()
    payload = {
        "invite": link.invite_id,
        "proof": proof,
        "x25519": replica.device.receiving_public.hex(),
        "name": name,
    }
    replica.seal(Kind.JOIN, json.dumps(payload, sort_keys=True).encode())


def qr_png(text: str, scale: int = 6) -> bytes:
    """A QR code of ``text`` as PNG bytes (for the app's share dialog).

    Encoded here with zlib: qrcode's own PNG writers need Pillow or PyPNG, which we don't ship.
    """
    code = qrcode.QRCode(border=4, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    rows = bytearray()
    for row in code.get_matrix():
        line = bytes(0 if dark else 255 for dark in row for _ in range(scale))
        rows += (b"\x00" + line) * scale  # filter byte 0 per scanline
    size = len(code.get_matrix()) * scale
    header = struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
