"""A stand-in for the browser on Mixtape's MusicKit page: GET the page, find this attempt's
``state``, and POST a Music User Token back, as the page's script does after ``authorize()``.

In process (``sign_in_in_thread``) and as ``BROWSER="python tests/fakes/musickit_browser.py %s"``
for the CLI. Only 127.0.0.1 is ever reached; the token comes from ``FAKE_MUSIC_USER_TOKEN``.
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

STATE = re.compile(r'<meta name="mixtape-state" content="([^"]+)">')


def page_state(url: str) -> str:
    if urlsplit(url).hostname != "127.0.0.1":
        raise SystemExit(f"the fake browser only visits 127.0.0.1, not {url!r}")
    with urllib.request.urlopen(url, timeout=10) as response:
        page = response.read().decode()
    found = STATE.search(page)
    if found is None:
        raise SystemExit("no state on the MusicKit page")
    return found.group(1)


def post_token(url: str, state: str, token: str) -> int:
    body = json.dumps({"state": state, "music_user_token": token}).encode()
    request = urllib.request.Request(
        urljoin(url, "/token"),
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as e:
        e.close()
        return int(e.code)


def sign_in(url: str, token: str) -> int:
    return post_token(url, page_state(url), token)


def sign_in_in_thread(token: str) -> Callable[[str], bool]:
    """An ``open_browser`` for ``webbrowser.open`` semantics: returns at once."""

    def open_browser(url: str) -> bool:
        threading.Thread(target=sign_in, args=(url, token), daemon=True).start()
        return True

    return open_browser


if __name__ == "__main__":
    sign_in(sys.argv[1], os.environ["FAKE_MUSIC_USER_TOKEN"])
