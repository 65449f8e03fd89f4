"""Limits: frame sizes, rate, quota, timeouts, connection caps, TTL purge. Nothing crashes."""

from __future__ import annotations

import asyncio
import time

import httpx


def test_an_oversized_envelope_is_refused_and_the_connection_carries_on(make_relay):
    relay = make_relay("max_update_bytes=1024", "max_checkpoint_bytes=4096")
    doc_id, token = relay.new_doc()

    async def scenario():
        client = await relay.client(doc_id, token)
        await client.push(b"x" * 1025, client_id="big")
        error = await client.recv()
        assert (error["type"], error["code"], error["id"]) == ("error", "too_large", "big")
        await client.send({"type": "checkpoint", "env": "eA==" * 1400, "covers_seq": 0})
        assert (await client.recv())["code"] == "too_large"
        # Nothing was stored, and the connection still works.
        assert await client.push_and_ack(b"x" * 1024) == 1
        # A frame beyond the WebSocket cap (a base64 checkpoint + slack) closes with 1009.
        await client.ws.send("y" * 64 * 1024)
        code, _ = await client.closed_with()
        assert code == 1009

    relay.run(scenario)
    assert 'relay_rejections_total{reason="too_large"} 2' in relay.metrics()


def test_a_connection_over_its_rate_is_told_to_wait_then_closed(make_relay):
    relay = make_relay("conn_msgs_per_s=1", "conn_msgs_burst=5", "rate_strikes_before_close=8")
    doc_id, token = relay.new_doc()

    async def scenario():
        client = await relay.client(doc_id, token)
        for i in range(8):
            await client.push(b"u%d" % i, client_id=i)
        frames = [await client.recv() for _ in range(8)]
        # Five fit in the burst (one more if a token refilled meanwhile).
        assert 5 <= [f["type"] for f in frames].count("ack") <= 6
        refused = [f for f in frames if f["type"] == "error"]
        assert {f["code"] for f in refused} == {"rate_limited"}
        assert all(0 < f["retry_after"] <= 1.0 for f in refused)
        # Ignoring the advice gets the connection closed.
        for i in range(10):
            await client.push(b"more%d" % i)
        code, _ = await client.closed_with()
        assert code == 4429

    relay.run(scenario)


def test_the_document_quota_holds_until_a_checkpoint_frees_it(relay):
    doc_id, token = relay.new_doc(quota_entries=3)
    bytes_doc, bytes_token = relay.new_doc(quota_bytes=100)

    async def scenario():
        client = await relay.client(doc_id, token)
        for i in range(3):
            await client.push_and_ack(b"q%d" % i)
        await client.push(b"one too many", client_id="x")
        error = await client.recv()
        assert (error["code"], error["id"]) == ("quota_exceeded", "x")
        await client.send({"type": "checkpoint", "env": "c3RhdGU=", "covers_seq": 3})
        assert (await client.recv())["type"] == "checkpointed"
        assert await client.push_and_ack(b"fits again") == 4

        by_bytes = await relay.client(bytes_doc, bytes_token)
        await by_bytes.push_and_ack(b"a" * 60)
        await by_bytes.push(b"b" * 60)
        assert (await by_bytes.recv())["code"] == "quota_exceeded"
        late = await relay.client(bytes_doc, bytes_token)
        assert late.welcome["last_seq"] == 1

    relay.run(scenario)


def test_silent_clients_are_closed_and_pinging_clients_are_not(make_relay):
    relay = make_relay("idle_timeout_s=0.4", "hello_timeout_s=0.3")
    doc_id, token = relay.new_doc()

    async def scenario():
        silent = await relay.client(doc_id, token)
        chatty = await relay.client(doc_id, token)
        for _ in range(5):
            await chatty.send({"type": "ping", "id": 7})
            assert await chatty.recv() == {"type": "pong", "id": 7}
            await asyncio.sleep(0.15)
        code, frames = await silent.closed_with()
        assert code == 4408
        assert frames[-1]["code"] == "timeout"
        assert await chatty.push_and_ack(b"still here") == 1

        from websockets.asyncio.client import connect

        async with connect(relay.ws_url(doc_id)) as mute:  # never says hello
            await mute.wait_closed()
            assert mute.close_code == 4408

    relay.run(scenario)


def test_connection_caps_refuse_with_try_again_later(make_relay):
    relay = make_relay("max_connections=3", "max_connections_per_doc=2")
    doc_id, token = relay.new_doc()
    other_doc, other_token = relay.new_doc()

    async def scenario():
        await relay.client(doc_id, token)
        await relay.client(doc_id, token)
        third = await relay.client(doc_id, token)
        assert third.welcome["code"] == "busy"
        assert (await third.closed_with())[0] == 1013
        await relay.client(other_doc, other_token)
        fourth = await relay.client(other_doc, other_token)
        assert fourth.welcome["code"] == "busy"
        assert (await fourth.closed_with())[0] == 1013

    relay.run(scenario)


def test_abandoned_documents_are_purged(make_relay):
    relay = make_relay("doc_ttl_s=0.5", "purge_interval_s=0.1")
    doc_id, token = relay.new_doc()

    async def scenario():
        client = await relay.client(doc_id, token)
        await client.push_and_ack(b"forgotten")
        # Its TTL runs out: the relay deletes it and closes its connection.
        code, _ = await client.closed_with(timeout=5)
        assert code == 4410
        gone = await relay.client(doc_id, token)
        assert gone.welcome["code"] == "unknown_doc"

    relay.run(scenario)
    assert "relay_docs_purged_total 1" in relay.metrics()
    assert relay.create_doc(doc_id, token).status_code == 201


def test_the_relay_stays_healthy_after_abuse(make_relay):
    relay = make_relay("max_update_bytes=1024", "max_checkpoint_bytes=2048")
    doc_id, token = relay.new_doc()

    async def scenario():
        client = await relay.client(doc_id, token)
        bad_frames = [
            "[]",
            "{}",
            '{"type":"push","env":"***"}',
            '{"type":"push","env":""}',
            '{"type":"push","env":"eA==","id":{}}',
            '{"type":"hello","token":"t","since":0}',
            '{"type":"checkpoint","env":"eA==","covers_seq":99}',
        ]
        for bad in bad_frames:
            await client.ws.send(bad)
            assert (await client.recv())["type"] == "error"
        await client.ws.send(b"\x00binary")
        assert (await client.recv())["code"] == "bad_frame"
        assert await client.push_and_ack(b"fine") == 1

    relay.run(scenario)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if httpx.get(relay.http + "/healthz").status_code == 200:
            break
    assert relay.proc is not None
    assert relay.proc.poll() is None
    assert "Traceback" not in relay.log_text()
