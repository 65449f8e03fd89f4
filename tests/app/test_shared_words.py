"""The Shared section's checks and words, without a relay: relay addresses, untrusted invite
links, status texts, friendly errors, and the empty state of a library that shares nothing."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from app.gui.shared import SharedView
from app.gui.shared.links import MAX_LINK_CHARS, check_invite, check_relay
from app.gui.shared.rows import ShareSummary
from app.gui.shared.words import describe_sharing_error, status_text, status_tone
from app.gui.tasks import TaskRunner
from store import Library
from sync.errors import InviteInvalid, RelayFailure

NOW = 1_750_000_000_000
UP_TO_DATE = ShareSummary(
    doc_id="d1",
    name="Road trip",
    relay_url="wss://relay.example.org",
    status="up_to_date",
    detail=None,
    offline_since=None,
    last_sync=NOW,
    pending=0,
    members=2,
    is_owner=True,
)


@pytest.mark.usefixtures("qapp")
@pytest.mark.parametrize(
    ("changes", "text", "tone"),
    [
        ({}, "Up to date", "ok"),
        ({"status": "pending", "pending": 3}, "3 changes waiting to send", "busy"),
        ({"status": "pending", "pending": 1}, "1 change waiting to send", "busy"),
        (
            {"status": "offline", "offline_since": NOW - 5 * 60_000, "pending": 2},
            "Offline since 5 min ago · 2 changes waiting to send",
            "away",
        ),
        ({"status": "offline"}, "Not synced yet", "away"),
        (
            {"status": "error", "detail": "the relay refused us (forbidden)"},
            "Can’t sync: the relay no longer lets this device in (you may have been removed)",
            "bad",
        ),
        (
            {"detail": "waiting for the owner to admit this device"},
            "Waiting for the owner to admit this device.",
            "busy",
        ),
    ],
)
def test_status_says_up_to_date_pending_offline_or_error(
    changes: dict[str, Any], text: str, tone: str
) -> None:
    share = replace(UP_TO_DATE, **changes)
    assert status_text(share, NOW) == text
    assert status_tone(share) == tone


@pytest.mark.usefixtures("qapp")
@pytest.mark.parametrize(
    "text",
    [
        "",
        "https://example.org/join",
        "javascript:alert(1)",
        "mixtape://join?v=1",
        "mixtape://join?v=1#relay=ws://h&doc=x",
        "mixtape://join?v=1#" + "a" * MAX_LINK_CHARS,
    ],
)
def test_a_bad_invite_link_is_refused_with_words_not_tracebacks(text: str) -> None:
    checked = check_invite(text, NOW)
    assert not checked.ok
    assert checked.message
    assert "Traceback" not in checked.message


@pytest.mark.usefixtures("qapp")
def test_relay_addresses_are_checked_and_normalised() -> None:
    assert check_relay("https://relay.example.org/").value == "wss://relay.example.org"
    assert check_relay("ws://127.0.0.1:8787").ok
    assert not check_relay("relay.example.org").ok
    assert not check_relay("ftp://relay.example.org").ok
    assert not check_relay("  ").ok


@pytest.mark.usefixtures("qapp")
def test_sharing_errors_become_sentences() -> None:
    expired = describe_sharing_error(InviteInvalid("this invite has expired; ask for a new one"))
    assert expired.title == "That invite link doesn’t work"
    assert expired.message.startswith("This invite has expired")
    offline = describe_sharing_error(RelayFailure("the relay is unreachable (ConnectError)"))
    assert offline.title == "Can’t reach the relay"
    assert "kept" in offline.message
    removed = describe_sharing_error(RelayFailure("refused", "forbidden"))
    assert "removed" in removed.message


def test_a_library_that_shares_nothing_shows_what_sharing_is(
    qtbot: Any, tasks: TaskRunner, real_library: Library
) -> None:
    view = SharedView(tasks)
    qtbot.addWidget(view)
    view.set_library(real_library)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show()
    assert view.stack.currentWidget() is view.empty
    assert "end-to-end encrypted" in view.empty.body.text()
    assert not view.sync_button.isVisible()


def test_joining_from_a_bad_link_never_starts_work(
    qtbot: Any, tasks: TaskRunner, real_library: Library
) -> None:
    view = SharedView(tasks)
    qtbot.addWidget(view)
    view.set_library(real_library)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show()
    dialog = view.join()
    qtbot.keyClicks(dialog.link, "mixtape://join?v=1#relay=file:///etc/passwd")
    assert not dialog.join_button.isEnabled()
    dialog.submit()  # even forced, nothing is sent
    assert "isn’t a Mixtape invite link" in dialog.error.text()
    assert not tasks.jobs(visible_only=True)
