"""Who may do what: tokens, document ids, deletion, rotation, cursors."""

from __future__ import annotations

import hashlib
import json

import httpx
import pytest
from websockets.asyncio.client import connect


def test_a_wrong_token_is_refused_on_the_socket_and_on_delete(relay):
    doc_id, _token = relay.new_doc()
    _other_doc, other_token = relay.new_doc()

    async def scenario():
        client = await relay.client(doc_id, "not-the-token")
        assert client.welcome["type"] == "error"
        assert client.welcome["code"] == "forbidden"
        code, _ = await client.closed_with()
        assert code == 4403
        # A valid token of another document does not open this one.
        client = await relay.client(doc_id, other_token)
        assert client.welcome["code"] == "forbidden"

    relay.run(scenario)
    assert relay.delete_doc(doc_id, "not-the-token").status_code == 403
    assert relay.delete_doc(doc_id, other_token).status_code == 403
    assert httpx.delete(f"{relay.http}/v1/docs/{doc_id}", timeout=5).status_code == 401


def test_an_unknown_document_is_refused(relay):
    async def scenario():
        client = await relay.client("doc-does-not-exist", "whatever")
        assert client.welcome["code"] == "unknown_doc"
        assert (await client.closed_with())[0] == 4404
        malformed = await relay.client("bad.id!", "whatever")
        assert malformed.welcome["code"] == "unknown_doc"

    relay.run(scenario)
    assert relay.delete_doc("doc-does-not-exist", "whatever").status_code == 404


def test_create_validates_its_body_and_refuses_a_taken_id(relay):
    doc_id, _token = relay.new_doc()
    assert relay.create_doc(doc_id, "another").status_code == 409
    post = f"{relay.http}/v1/docs"
    assert httpx.post(post, json={"doc_id": "short", "token_hash": "0" * 64}).status_code == 400
    assert httpx.post(post, json={"doc_id": "doc-okokokok", "token_hash": "xyz"}).status_code == 400
    assert httpx.post(post, content=b"not json").status_code == 400
    assert httpx.post(post, content=b"{" + b" " * 10_000 + b"}").status_code == 413
    # A requested quota is honoured only up to the relay's own ceiling.
    response = relay.create_doc("doc-quota-ceiling", "t", quota_entries=10**12)
    assert response.json()["quota_entries"] == 100_000


def test_delete_removes_the_document_and_closes_its_connections(relay):
    doc_id, token = relay.new_doc()

    async def scenario():
        client = await relay.client(doc_id, token)
        await client.push_and_ack(b"soon gone")
        assert relay.delete_doc(doc_id, token).status_code == 204
        code, frames = await client.closed_with()
        assert code == 4410
        assert frames[-1]["type"] == "error"
        again = await relay.client(doc_id, token)
        assert again.welcome["code"] == "unknown_doc"

    relay.run(scenario)
    # The id is free again, with an empty log.
    assert relay.create_doc(doc_id, token).status_code == 201


def test_rotating_the_token_closes_old_connections_and_locks_out_the_old_token(relay):
    doc_id, token = relay.new_doc()
    new_token = "rotated-" + token

    async def scenario():
        client = await relay.client(doc_id, token)
        body = {"token_hash": hashlib.sha256(new_token.encode()).hexdigest()}
        response = httpx.put(
            f"{relay.http}/v1/docs/{doc_id}/token",
            json=body,
            headers={"Authorization": f"Bearer {token}"},
            timeout=5,
        )
        assert response.status_code == 204
        assert (await client.closed_with())[0] == 4401
        assert (await relay.client(doc_id, token)).welcome["code"] == "forbidden"
        fresh = await relay.client(doc_id, new_token)
        assert fresh.welcome["type"] == "welcome"
        await fresh.close()

    relay.run(scenario)


def test_a_cursor_after_the_last_seq_is_refused(relay):
    doc_id, token = relay.new_doc()

    async def scenario():
        client = await relay.client(doc_id, token, since=5)
        assert client.welcome["code"] == "cursor_ahead"
        assert (await client.closed_with())[0] == 4409

    relay.run(scenario)


@pytest.mark.parametrize(
    "first_frame",
    [
        {"type": "push", "env": "eA=="},
        {"type": "hello", "token": "t"},
        {"type": "hello", "token": "t", "since": -1},
        {"type": "hello", "token": "t", "since": True},
        "not json at all",
    ],
)
def test_the_first_frame_must_be_a_valid_hello(relay, first_frame):
    doc_id, _ = relay.new_doc()

    async def scenario():
        async with connect(relay.ws_url(doc_id)) as ws:
            text = first_frame if isinstance(first_frame, str) else json.dumps(first_frame)
            await ws.send(text)
            error = json.loads(await ws.recv())
            assert error["type"] == "error"
            await ws.wait_closed()
            assert ws.close_code == 4400

    relay.run(scenario)


def test_healthz_and_metrics(make_relay):
    relay = make_relay()
    doc_id, token = relay.new_doc()

    async def scenario():
        client = await relay.client(doc_id, token)
        await client.push_and_ack(b"counted")
        await relay.client(doc_id, "wrong")
        metrics = relay.metrics()
        assert "relay_connections 1" in metrics  # the refused one has gone
        assert "relay_pushes_total 1" in metrics
        assert "relay_docs 1" in metrics
        assert 'relay_rejections_total{reason="forbidden"} 1' in metrics
        await client.close()

    relay.run(scenario)
    assert httpx.get(relay.http + "/healthz").json() == {"status": "ok"}
