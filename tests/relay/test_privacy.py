"""The relay sees opaque bytes only, and its files and logs give nothing away."""

from __future__ import annotations

import base64
import os

from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

MARKER = b"PLAINTEXT-MARKER-Bohemian-Rhapsody-7f3a"


def seal(key: bytes, plaintext: bytes) -> bytes:
    """What a Mixtape client does before pushing (a stand-in for the real envelope)."""
    nonce = os.urandom(12)
    return nonce + ChaCha20Poly1305(key).encrypt(nonce, plaintext, b"header")


def test_no_plaintext_token_or_address_in_the_relay_files_or_logs(make_relay):
    relay = make_relay()
    doc_id, token = relay.new_doc()
    key = ChaCha20Poly1305.generate_key()
    update = seal(key, b"track: " + MARKER)
    checkpoint = seal(key, b"state: " + MARKER * 3)

    async def scenario():
        client = await relay.client(doc_id, token)
        for _ in range(5):
            await client.push_and_ack(update)
        await client.send(
            {"type": "checkpoint", "env": base64.b64encode(checkpoint).decode(), "covers_seq": 2}
        )
        await client.recv_type("checkpointed")
        await client.send({"type": "ephemeral", "env": base64.b64encode(update).decode()})
        await relay.client(doc_id, token + "-wrong")

    relay.run(scenario)
    relay.delete_doc("doc-unknown-1", token)
    relay.delete_doc(doc_id, token + "-wrong")
    relay.stop()  # flushes nothing more than a kill would; it just ends the writers

    stored = b"".join(
        path.read_bytes() for path in sorted(relay.data_dir.rglob("*")) if path.is_file()
    )
    assert update in stored  # we are looking at the right files: the ciphertext is there
    assert MARKER not in stored
    assert token.encode() not in stored

    log = relay.log_text()
    assert "starting the relay" in log  # the log is there and in use
    for secret in (MARKER.decode(), token, doc_id + "-wrong", "127.0.0.1", "Bearer"):
        assert secret not in log
    assert base64.b64encode(update).decode()[:40] not in log
