"""Load benchmark of the Mixtape relay against a bare WebSocket broadcast server (the floor).

Runs on loopback only. Two scenarios, each against both servers, in one run:

- rooms: 1,000 clients in 200 rooms of 5;
- big room: 100 clients in one room.

Each client pushes at a fixed pace (open loop: it does not wait for its acks), so the offered
load is the same for both servers and latency is measured below saturation of this one-process
load generator. Every envelope carries its send time, so a receiver knows the delivery latency.
The servers' CPU time per delivered message is the throughput-independent efficiency figure.
The floor server speaks the same frames (hello/welcome, push/ack, msg) but keeps nothing: no
storage, no auth, no limits — what the WebSocket stack alone costs. Afterwards every client's
log is checked: nothing lost, nothing duplicated, one order per room, strictly increasing.

    .venv/bin/python benchmarks/bench_relay.py            # about 1.5 minutes
    .venv/bin/python benchmarks/bench_relay.py --quick    # about 30 seconds

The load generator runs in this process, on the same machine: the numbers are a floor-relative
comparison, not the capacity of a dedicated server.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import hashlib
import json
import os
import resource
import secrets
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil
from websockets.asyncio.client import ClientConnection, connect
from websockets.asyncio.server import ServerConnection, broadcast, serve

REPO = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
ENVELOPE_BYTES = 200  # a small CRDT update, sealed
TOKEN = "bench-token"
RELAY_LIMITS = [
    "conn_msgs_per_s=100000",
    "conn_msgs_burst=100000",
    "doc_msgs_per_s=1000000",
    "doc_msgs_burst=1000000",
    "creates_per_s=100000",
    "creates_burst=100000",
    "max_connections=20000",
]


# -- the floor: a bare broadcast server speaking the same frames --------------------------


def run_floor_server(port: int) -> None:
    rooms: dict[str, tuple[list[int], set[ServerConnection]]] = {}

    async def handler(ws: ServerConnection) -> None:
        path = ws.request.path if ws.request else "/"
        seq, members = rooms.setdefault(path, ([0], set()))
        await ws.recv()  # hello
        await ws.send(json.dumps({"type": "welcome", "last_seq": seq[0], "checkpoint_seq": 0}))
        members.add(ws)
        try:
            async for text in ws:
                frame = json.loads(text)
                if frame.get("type") != "push":
                    continue
                seq[0] += 1
                await ws.send(f'{{"type":"ack","seq":{seq[0]}}}')
                msg = f'{{"type":"msg","seq":{seq[0]},"env":"{frame["env"]}"}}'
                broadcast([m for m in members if m is not ws], msg)
        finally:
            members.discard(ws)

    async def main() -> None:
        async with serve(handler, HOST, port, max_size=None, ping_interval=None):
            await asyncio.Future()

    asyncio.run(main())


# -- servers under test -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    name: str
    port: int
    proc: subprocess.Popen[bytes]
    creates_docs: bool
    rss_peak: int = 0

    def sample(self) -> None:
        with contextlib.suppress(psutil.Error):
            self.rss_peak = max(self.rss_peak, psutil.Process(self.proc.pid).memory_info().rss)

    def cpu_seconds(self) -> float:
        times = psutil.Process(self.proc.pid).cpu_times()
        return float(times.user + times.system)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def wait_listening(port: int, proc: subprocess.Popen[bytes], health: bool) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server on port {port} exited at start")
        try:
            if health:
                if httpx.get(f"http://{HOST}:{port}/healthz", timeout=1).status_code == 200:
                    return
            else:
                with socket.create_connection((HOST, port), timeout=1):
                    return
        except (OSError, httpx.HTTPError):
            time.sleep(0.05)
    raise SystemExit(f"server on port {port} did not start")


def start_relay(store: str | None, data_dir: Path) -> Server:
    port = free_port()
    store_url = store or f"sqlite:///{data_dir / 'relay.db'}"
    args = [sys.executable, "-m", "relay", "serve", "--host", HOST, "--port", str(port)]
    args += ["--store", store_url]
    for limit in RELAY_LIMITS:
        args += ["--limit", limit]
    log = (data_dir / "relay.log").open("ab")
    proc = subprocess.Popen(args, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    wait_listening(port, proc, health=True)
    return Server("relay", port, proc, creates_docs=True)


def start_floor() -> Server:
    port = free_port()
    proc = subprocess.Popen([sys.executable, __file__, "--floor-server", str(port)])
    wait_listening(port, proc, health=False)
    return Server("floor", port, proc, creates_docs=False)


# -- clients --------------------------------------------------------------------------------


@dataclass
class Member:
    index: int
    room: str
    ws: ClientConnection
    acked: dict[int, bytes] = field(default_factory=dict)  # own pushes: seq → envelope digest
    unacked: deque[bytes] = field(default_factory=deque)  # digests of pushes awaiting their ack
    received: list[tuple[int, bytes]] = field(default_factory=list)  # msgs: (seq, digest)
    latencies: list[float] = field(default_factory=list)


def envelope(member: Member, counter: int) -> bytes:
    head = struct.pack("!dII", time.perf_counter(), member.index, counter)
    return head + os.urandom(ENVELOPE_BYTES - len(head))


def digest(env: bytes) -> bytes:
    return hashlib.blake2b(env, digest_size=8).digest()


async def read_frames(member: Member) -> None:
    async for text in member.ws:
        frame = json.loads(text)
        kind = frame["type"]
        if kind == "msg":
            env = base64.b64decode(frame["env"])
            member.latencies.append(time.perf_counter() - struct.unpack_from("!d", env)[0])
            member.received.append((frame["seq"], digest(env)))
        elif kind == "ack":  # acks come in push order
            member.acked[frame["seq"]] = member.unacked.popleft()
        elif kind == "error":
            raise RuntimeError(f"relay refused a frame: {frame}")


async def push_at_pace(member: Member, rate: float, stop_at: float) -> None:
    period = 1.0 / rate
    next_at = time.monotonic() + secrets.randbelow(1000) / 1000 * period
    counter = 0
    while next_at < stop_at:
        delay = next_at - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        env = envelope(member, counter)
        member.unacked.append(digest(env))
        await member.ws.send('{"type":"push","env":"' + base64.b64encode(env).decode() + '"}')
        counter += 1
        next_at += period


async def open_members(server: Server, rooms: int, per_room: int) -> list[Member]:
    room_ids = [f"bench-{secrets.token_hex(6)}" for _ in range(rooms)]
    if server.creates_docs:
        token_hash = hashlib.sha256(TOKEN.encode()).hexdigest()
        async with httpx.AsyncClient(base_url=f"http://{HOST}:{server.port}") as http:
            for room in room_ids:
                response = await http.post(
                    "/v1/docs", json={"doc_id": room, "token_hash": token_hash}
                )
                response.raise_for_status()
    gate = asyncio.Semaphore(100)

    async def join(index: int, room: str) -> Member:
        async with gate:
            ws = await connect(
                f"ws://{HOST}:{server.port}/v1/docs/{room}",
                max_size=None,
                ping_interval=None,
                open_timeout=30,
            )
            await ws.send(json.dumps({"type": "hello", "token": TOKEN, "since": 0}))
            welcome = json.loads(await ws.recv())
            if welcome["type"] != "welcome":
                raise RuntimeError(f"refused: {welcome}")
            return Member(index, room, ws)

    jobs = [join(i, room_ids[i % rooms]) for i in range(rooms * per_room)]
    return list(await asyncio.gather(*jobs))


@dataclass
class Result:
    server: str
    scenario: str
    clients: int
    seconds: float
    push_seconds: float
    offered: float
    pushes: int
    deliveries: int
    p50_ms: float
    p99_ms: float
    rss_mib: float
    cpu_s: float
    generator_cpu: float
    verified: str


def verify(members: list[Member]) -> str:
    """Nothing lost, nothing duplicated, the same order per room for every member."""
    by_room: dict[str, list[Member]] = {}
    for member in members:
        by_room.setdefault(member.room, []).append(member)
    for room, group in by_room.items():
        log: dict[int, bytes] = {}
        for member in group:
            log.update(member.acked)
        if sorted(log) != list(range(1, len(log) + 1)):
            return f"FAIL: room {room} has gaps in its acked seqs"
        for member in group:
            seqs = [seq for seq, _ in member.received]
            if seqs != sorted(set(seqs)):
                return f"FAIL: member {member.index} got msgs out of order or twice"
            expected = {seq for seq in log if seq not in member.acked}
            if set(seqs) != expected:
                missing = len(expected - set(seqs))
                return f"FAIL: member {member.index} missed {missing} msgs"
            if any(log[seq] != env for seq, env in member.received):
                return f"FAIL: member {member.index} got a different envelope"
    return "ok"


async def run_scenario(
    server: Server, scenario: str, rooms: int, per_room: int, rate: float, seconds: float
) -> Result:
    members = await open_members(server, rooms, per_room)
    readers = [asyncio.create_task(read_frames(m)) for m in members]
    await asyncio.sleep(0.5)
    server.rss_peak = 0
    server.sample()
    cpu_before = server.cpu_seconds()
    me = psutil.Process()
    my_cpu_before = sum(me.cpu_times()[:2])
    started = time.monotonic()
    stop_at = started + seconds

    async def sample_rss() -> None:
        while True:
            server.sample()
            await asyncio.sleep(0.25)

    sampler = asyncio.create_task(sample_rss())
    await asyncio.gather(*(push_at_pace(m, rate, stop_at) for m in members))
    push_phase = time.monotonic() - started
    # Drain: every push acked, every member has every msg of its room (bounded wait).
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        expected = sum(len(m.acked) for m in members) * (per_room - 1)
        acked = all(not m.unacked for m in members)
        if acked and sum(len(m.received) for m in members) >= expected:
            break
        await asyncio.sleep(0.02)
    elapsed = time.monotonic() - started  # until the last delivery (or the drain timeout)
    cpu = server.cpu_seconds() - cpu_before
    generator_cpu = (sum(me.cpu_times()[:2]) - my_cpu_before) / elapsed
    sampler.cancel()
    for member in members:
        await member.ws.close()
    await asyncio.gather(*readers, sampler, return_exceptions=True)
    latencies = sorted(lat for m in members for lat in m.latencies)
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return Result(
        server=server.name,
        scenario=scenario,
        clients=len(members),
        seconds=elapsed,
        push_seconds=push_phase,
        offered=rate * len(members),
        pushes=sum(len(m.acked) for m in members),
        deliveries=len(latencies),
        p50_ms=q[49] * 1000,
        p99_ms=q[98] * 1000,
        rss_mib=server.rss_peak / 2**20,
        cpu_s=cpu,
        generator_cpu=generator_cpu,
        verified=verify(members),
    )


def report(results: list[Result]) -> None:
    print()
    header = (
        f"{'scenario':<9} {'server':<6} {'clients':>7} {'offered':>8} {'pushes/s':>9} "
        f"{'deliv/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'RSS MiB':>8} {'CPU us/deliv':>12}"
        f" {'gen CPU':>7}  verified"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r.scenario:<9} {r.server:<6} {r.clients:>7} {r.offered:>8.0f} "
            f"{r.pushes / r.push_seconds:>9.0f} {r.deliveries / r.seconds:>8.0f} {r.p50_ms:>7.1f} "
            f"{r.p99_ms:>7.1f} {r.rss_mib:>8.1f} {r.cpu_s / max(r.deliveries, 1) * 1e6:>12.0f}"
            f" {r.generator_cpu:>6.0%}  {r.verified}"
        )
    print()
    for scenario in dict.fromkeys(r.scenario for r in results):
        relay = next(r for r in results if r.scenario == scenario and r.server == "relay")
        floor = next(r for r in results if r.scenario == scenario and r.server == "floor")

        def ratio(a: float, b: float) -> str:
            return f"{a / b:.2f}x" if b else "n/a"

        relay_cpu = relay.cpu_s / max(relay.deliveries, 1)
        floor_cpu = floor.cpu_s / max(floor.deliveries, 1)
        parts = [
            "pushes/s "
            + ratio(relay.pushes / relay.push_seconds, floor.pushes / floor.push_seconds),
            "deliveries/s "
            + ratio(relay.deliveries / relay.seconds, floor.deliveries / floor.seconds),
            f"p50 {ratio(relay.p50_ms, floor.p50_ms)}",
            f"p99 {ratio(relay.p99_ms, floor.p99_ms)}",
            f"RSS {ratio(relay.rss_mib, floor.rss_mib)}",
            f"CPU/delivery {ratio(relay_cpu, floor_cpu)}",
        ]
        print(f"{scenario}: relay/floor  " + "  ".join(parts))
    if any(r.generator_cpu > 0.9 for r in results):
        print("warning: the load generator was near one full core; latencies include its queueing")


async def bench(args: argparse.Namespace, data_dir: Path) -> list[Result]:
    seconds = 3.0 if args.quick else args.seconds
    scenarios = [("rooms", 200, 5, args.rooms_rate), ("big-room", 1, 100, args.big_room_rate)]
    results: list[Result] = []
    for start in (lambda: start_relay(args.store, data_dir), start_floor):
        server = start()
        try:
            for name, rooms, per_room, rate in scenarios:
                result = await run_scenario(server, name, rooms, per_room, rate, seconds)
                print(f"  {result.server} {name}: {result.pushes} pushes, {result.verified}")
                results.append(result)
        finally:
            server.stop()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 s phases instead of --seconds")
    parser.add_argument("--seconds", type=float, default=15.0, help="length of each push phase")
    parser.add_argument(
        "--rooms-rate", type=float, default=1.0, help="pushes/s per client, rooms scenario"
    )
    parser.add_argument(
        "--big-room-rate", type=float, default=0.5, help="pushes/s per client, big room"
    )
    parser.add_argument("--store", help="relay store URL (default: SQLite in a temp dir)")
    parser.add_argument("--floor-server", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor_server:
        run_floor_server(args.floor_server)
        return 0
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 20000)), hard))
    with tempfile.TemporaryDirectory(prefix="bench-relay-") as tmp:
        print(f"relay store: {args.store or 'sqlite (temp dir)'}; CPUs: {os.cpu_count()}")
        results = asyncio.run(bench(args, Path(tmp)))
    report(results)
    return 0 if all(r.verified == "ok" for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
