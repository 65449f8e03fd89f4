"""Several relay processes sharing one Redis: one order per document, fan-out across them."""

from __future__ import annotations

import asyncio
import base64

import pytest


@pytest.mark.parametrize("backend", ["redis"], indirect=True)
def test_two_relay_processes_share_one_ordered_log(make_relay):
    first = make_relay()
    second = make_relay(store_url=first.store_url)
    doc_id, token = first.new_doc()
    per_client = 30

    async def member(relay, name: str) -> dict[int, bytes]:
        client = await relay.client(doc_id, token)
        mine = [b"%s-%d" % (name.encode(), i) for i in range(per_client)]
        for i, env in enumerate(mine):
            await client.push(env, client_id=i)
        seen: dict[int, bytes] = {}
        last_msg = 0
        while len(seen) < 4 * per_client:
            frame = await client.recv()
            if frame["type"] == "ack":
                seen[frame["seq"]] = mine[frame["id"]]
            else:
                assert frame["type"] == "msg", frame
                assert frame["seq"] > last_msg
                last_msg = frame["seq"]
                seen[frame["seq"]] = base64.b64decode(frame["env"])
        return seen

    async def scenario():
        results = await asyncio.wait_for(
            asyncio.gather(
                member(first, "a"), member(second, "b"), member(first, "c"), member(second, "d")
            ),
            30,
        )
        assert all(seen == results[0] for seen in results)
        assert sorted(results[0]) == list(range(1, 4 * per_client + 1))

        # Ephemeral envelopes and deletions cross processes too.
        last = 4 * per_client
        on_first = await first.client(doc_id, token, since=last)
        on_second = await second.client(doc_id, token, since=last)
        await on_first.send({"type": "ephemeral", "env": "aGk="})
        assert await on_second.recv_type("ephemeral") == {"type": "ephemeral", "env": "aGk="}
        assert first.delete_doc(doc_id, token).status_code == 204
        assert (await on_second.closed_with())[0] == 4410

    first.run(scenario)


@pytest.mark.parametrize("backend", ["redis"], indirect=True)
def test_an_acked_entry_survives_a_redis_restart_and_live_delivery_resumes(
    make_relay, redis_server
):
    relay = make_relay()
    doc_id, token = relay.new_doc()

    async def scenario():
        listener = await relay.client(doc_id, token)
        writer = await relay.client(doc_id, token)
        seq = await writer.push_and_ack(b"fsynced")
        assert await listener.replay(1) == [(seq, b"fsynced")]
        redis_server.stop(sig=9)  # appendfsync always: the ack came after the fsync
        redis_server.start()
        # The relay reconnects by itself; the listener's connection stays up throughout.
        for _ in range(100):
            late = await relay.client(doc_id, token)
            if late.welcome["type"] == "welcome":
                break
            await asyncio.sleep(0.1)
        assert await late.replay(1) == [(seq, b"fsynced")]
        assert await late.push_and_ack(b"after the restart") == seq + 1
        assert await listener.replay(1) == [(seq + 1, b"after the restart")]

    relay.run(scenario)
