"""A stand-in for the user's browser: GET the URL and follow redirects, like a user who approves.

Used in process (``open_in_thread``) and as ``BROWSER="python tests/fakes/browser.py %s"`` for
the CLI, which opens URLs through ``webbrowser``. Only 127.0.0.1 is ever reached.
"""

from __future__ import annotations

import sys
import threading
import urllib.error
import urllib.request
from urllib.parse import urlsplit


def visit(url: str) -> int:
    if urlsplit(url).hostname != "127.0.0.1":
        raise SystemExit(f"the fake browser only visits 127.0.0.1, not {url!r}")
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # follows the 302
            return int(response.status)
    except urllib.error.HTTPError as e:
        e.close()
        return int(e.code)


def open_in_thread(url: str) -> bool:
    """``webbrowser.open`` semantics: returns at once, the page loads in the background."""
    threading.Thread(target=visit, args=(url,), daemon=True).start()
    return True


if __name__ == "__main__":
    visit(sys.argv[1])
