"""The log: ordering, replay, durability of acks, compaction, fan-out, concurrency."""

from __future__ import annotations

import asyncio
import base64

from websockets.exceptions import ConnectionClosed


def test_pushes_get_increasing_seqs_and_replay_from_a_cursor(relay):
    doc_id, token = relay.new_doc()

    async def scenario():
        writer = await relay.client(doc_id, token)
        assert writer.welcome == {"type": "welcome", "last_seq": 0, "checkpoint_seq": 0}
        for i in range(5):
            await writer.push(b"env-%d" % i, client_id=i)
        acks = [await writer.recv_type("ack") for _ in range(5)]
        assert [(a["seq"], a["id"]) for a in acks] == [(i + 1, i) for i in range(5)]

        reader = await relay.client(doc_id, token, since=2)
        assert reader.welcome["last_seq"] == 5
        assert await reader.replay(3) == [(3, b"env-2"), (4, b"env-3"), (5, b"env-4")]
        # Then live: a new push reaches the reader, and is not echoed to its writer.
        assert await writer.push_and_ack(b"env-5") == 6
        assert await reader.replay(1) == [(6, b"env-5")]
        assert await writer.no_frame_within(0.3)
        await writer.close()
        await reader.close()

    relay.run(scenario)


def test_an_acked_entry_survives_kill_9_right_after_the_ack_and_a_restart(make_relay):
    relay = make_relay()
    doc_id, token = relay.new_doc()

    async def push_one() -> int:
        client = await relay.client(doc_id, token)
        seq = await client.push_and_ack(b"durable")
        relay.kill9()  # no graceful shutdown, no flush: only what was committed remains
        return seq

    seq = relay.run(push_one)
    relay.start()

    async def replay_and_push():
        client = await relay.client(doc_id, token)
        assert client.welcome["last_seq"] == seq
        assert await client.replay(1) == [(seq, b"durable")]
        assert await client.push_and_ack(b"after the crash") == seq + 1

    relay.run(replay_and_push)
    relay.restart()  # graceful this time

    async def replay_from_a_cursor():
        client = await relay.client(doc_id, token, since=seq)
        assert await client.replay(1) == [(seq + 1, b"after the crash")]
        assert await client.push_and_ack(b"later") == seq + 2

    relay.run(replay_from_a_cursor)


def test_kill_9_mid_stream_loses_no_acked_entry_and_seq_stays_monotonic(make_relay):
    relay = make_relay()
    doc_id, token = relay.new_doc()
    acked: dict[int, bytes] = {}

    async def stream_until_killed():
        client = await relay.client(doc_id, token)
        for i in range(400):  # pipelined: many pushes in flight when the relay dies
            await client.push(b"p%03d" % i, client_id=i)
        try:
            while True:
                frame = await client.recv()
                if frame["type"] == "ack":
                    acked[frame["seq"]] = b"p%03d" % frame["id"]
                    if len(acked) == 50:
                        relay.kill9()
        except (ConnectionClosed, TimeoutError):
            pass

    relay.run(stream_until_killed)
    assert len(acked) >= 50
    relay.start()

    async def verify():
        client = await relay.client(doc_id, token)
        last = client.welcome["last_seq"]
        log = dict(await client.replay(last))
        assert list(log) == list(range(1, last + 1))  # contiguous, in order
        for seq, env in acked.items():
            assert log[seq] == env
        assert await client.push_and_ack(b"after") == last + 1
        await client.close()

    relay.run(verify)


def test_checkpoint_compacts_the_log_and_an_old_cursor_gets_it_first(relay):
    doc_id, token = relay.new_doc()

    async def scenario():
        writer = await relay.client(doc_id, token)
        for i in range(6):
            await writer.push_and_ack(b"u%d" % i)
        await writer.send({"type": "checkpoint", "env": "Q0tQVA==", "covers_seq": 4, "id": "c"})
        assert await writer.recv_type("checkpointed") == {
            "type": "checkpointed",
            "covers_seq": 4,
            "id": "c",
        }
        late = await relay.client(doc_id, token, since=1)
        assert late.welcome == {"type": "welcome", "last_seq": 6, "checkpoint_seq": 4}
        frame = await late.recv()
        assert frame == {"type": "checkpoint", "covers_seq": 4, "env": "Q0tQVA=="}
        assert await late.replay(2) == [(5, b"u4"), (6, b"u5")]

        recent = await relay.client(doc_id, token, since=5)  # after the checkpoint: no checkpoint
        assert await recent.replay(1) == [(6, b"u5")]

        # A checkpoint older than the current one is refused; the log is left alone.
        await writer.send({"type": "checkpoint", "env": "b2xk", "covers_seq": 3})
        error = await writer.recv()
        assert error["type"] == "error"
        assert error["code"] == "stale_checkpoint"
        for client in (writer, late, recent):
            await client.close()

    relay.run(scenario)


def test_ephemeral_reaches_the_others_and_is_never_stored(relay):
    doc_id, token = relay.new_doc()

    async def scenario():
        a = await relay.client(doc_id, token)
        b = await relay.client(doc_id, token)
        c = await relay.client(doc_id, token)
        await a.send({"type": "ephemeral", "env": base64.b64encode(b"cursor at 3").decode()})
        for other in (b, c):
            frame = await other.recv()
            assert frame == {"type": "ephemeral", "env": base64.b64encode(b"cursor at 3").decode()}
        assert await a.no_frame_within(0.3)
        # Nothing was appended to the log.
        assert await a.push_and_ack(b"real") == 1
        late = await relay.client(doc_id, token)
        assert late.welcome["last_seq"] == 1
        assert await late.replay(1) == [(1, b"real")]
        for client in (a, b, c, late):
            await client.close()

    relay.run(scenario)


def test_concurrent_pushers_all_see_one_total_order(relay):
    doc_id, token = relay.new_doc()
    clients_n, pushes_n = 8, 25
    total = clients_n * pushes_n

    async def member(index: int, start: asyncio.Event) -> tuple[dict[int, bytes], list[int]]:
        client = await relay.client(doc_id, token)
        await start.wait()
        mine = [b"c%d-%d" % (index, i) for i in range(pushes_n)]
        for i, env in enumerate(mine):
            await client.push(env, client_id=i)
        seen: dict[int, bytes] = {}
        msg_order: list[int] = []
        while len(seen) < total:
            frame = await client.recv()
            if frame["type"] == "ack":
                seen[frame["seq"]] = mine[frame["id"]]
            else:
                assert frame["type"] == "msg", frame
                assert frame["seq"] not in seen
                seen[frame["seq"]] = base64.b64decode(frame["env"])
                msg_order.append(frame["seq"])
        await client.close()
        return seen, msg_order

    async def scenario():
        start = asyncio.Event()
        tasks = [asyncio.create_task(member(i, start)) for i in range(clients_n)]
        await asyncio.sleep(0.2)  # let every member connect first
        start.set()
        return await asyncio.wait_for(asyncio.gather(*tasks), 60)

    results = relay.run(scenario)
    first, _ = results[0]
    assert sorted(first) == list(range(1, total + 1))
    expected = {b"c%d-%d" % (c, i) for c in range(clients_n) for i in range(pushes_n)}
    assert set(first.values()) == expected
    for seen, msg_order in results:
        assert seen == first  # the same entry at the same seq for everyone
        assert msg_order == sorted(msg_order)  # delivered in log order
