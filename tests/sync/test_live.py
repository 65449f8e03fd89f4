"""The long-running client: live delivery, reconnecting with backoff after the relay dies,
and the sync status it leaves behind."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from store import Library
from sync import sharing
from sync.client import PlaylistSync
from sync.state import find_share
from tests.relay.conftest import RelayProcess
from tests.sync.library_data import load_playlist, spotify_track
from tests.sync.test_relay_sync import _pair


async def _until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.05)


def test_live_client_applies_updates_and_survives_a_relay_restart(
    relay_process: RelayProcess, make_library: Callable[[str], Library]
) -> None:
    ana, ben, doc_id = _pair(relay_process, make_library)
    load_playlist(ben, "More", [spotify_track(n) for n in (5, 6)], "more.json")

    async def scenario() -> None:
        live = PlaylistSync(ana, doc_id)
        stop = asyncio.Event()
        task = asyncio.create_task(live.run(stop, max_backoff=0.5))

        def titles() -> list[str]:
            return [e.track.title for e in live.replica.doc.render()]

        await asyncio.to_thread(sharing.add_track, ben, doc_id, f"spotify:sp{5:020d}")
        await asyncio.to_thread(sharing.sync_all, ben)
        await _until(lambda: "Song 5" in titles())

        relay_process.kill9()
        await asyncio.sleep(0.3)
        assert find_share(ana, doc_id).status == "offline"
        await asyncio.to_thread(relay_process.start)
        live.replica.rename("Renamed live")  # a local edit while reconnecting
        live.wake.set()
        await asyncio.to_thread(sharing.add_track, ben, doc_id, f"spotify:sp{6:020d}")
        await asyncio.to_thread(sharing.sync_all, ben)
        await _until(lambda: "Song 6" in titles() and not live.replica.outbox)
        stop.set()
        await task

    asyncio.run(scenario())
    sharing.sync_all(ben)
    assert [e.track.title for e, _ in sharing.entries(ben, doc_id)][-2:] == ["Song 5", "Song 6"]
    assert find_share(ben, doc_id).name == "Renamed live"
