"""Errors raised by connectors and importers.

ConnectorError
├── BadExport          a file we recognise but cannot read (names the file and record)
│   └── TooLarge       a file or archive beyond the safety limits (zip bombs, 2 GB files)
├── UnknownFormat      no importer recognises the file
├── ImportCancelled    the user cancelled; nothing was written
└── ServiceError       a live service call failed (``service`` names which)
    ├── RateLimited    429, Deezer's "200 + error 4", Last.fm's error 29; ``until`` on the clock
    ├── QuotaExhausted a daily quota is used up (YouTube); ``until`` on the clock
    ├── CircuitOpen    too many 5xx/timeouts in a row; calls are refused until ``until``
    ├── NeedsReauth    the sign-in is gone (``invalid_grant``, revoked); reconnect needed
    ├── Transient      5xx, timeouts, dropped connections: worth retrying later
    ├── ClientError    any other refusal (4xx, malformed answer): retrying will not help
    └── LoginCancelled the sign-in timed out or was declined; nothing was saved
"""

from __future__ import annotations


class ConnectorError(Exception):
    """Root of every connector error; the message is one line a user can act on."""


class BadExport(ConnectorError):
    """A file that cannot be imported. ``str()`` names the file and, when known, the record."""

    def __init__(self, source: str, problem: str, record: str | None = None) -> None:
        self.source = source
        self.problem = problem
        self.record = record
        where = f"{source}, {record}" if record else source
        super().__init__(f"{where}: {problem}")


class TooLarge(BadExport):
    """Refused before reading: bigger than Mixtape will read for this kind of file."""


class UnknownFormat(ConnectorError):
    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__(f"{source}: not a music export Mixtape knows")


class ImportCancelled(ConnectorError):
    def __init__(self) -> None:
        super().__init__("import cancelled; nothing was changed")


class ServiceError(ConnectorError):
    """A call to a live service failed. ``service`` is the service name from the CLI contract."""

    def __init__(self, service: str, message: str) -> None:
        self.service = service
        super().__init__(f"{service}: {message}")


class RateLimited(ServiceError):
    """The service asked us to slow down; calls may resume at ``until`` (clock seconds)."""

    def __init__(self, service: str, until: float, retry_after: float) -> None:
        self.until = until
        self.retry_after = retry_after
        super().__init__(service, f"rate limited; retry in {retry_after:.0f} s")


class QuotaExhausted(ServiceError):
    def __init__(self, service: str, until: float) -> None:
        self.until = until
        super().__init__(
            service,
            "the day's quota is used up; run it again after the reset (YouTube: at"
            " midnight Pacific time)",
        )


class CircuitOpen(ServiceError):
    def __init__(self, service: str, until: float) -> None:
        self.until = until
        super().__init__(service, "the service keeps failing; paused for a while")


class NeedsReauth(ServiceError):
    def __init__(self, service: str, message: str = "reconnect needed") -> None:
        super().__init__(service, message)


class Transient(ServiceError):
    """A failure that may go away on its own (5xx, timeout, dropped connection)."""


class ClientError(ServiceError):
    """The service refused the request for a reason retrying will not fix."""

    def __init__(self, service: str, message: str, status: int | None = None) -> None:
        self.status = status
        super().__init__(service, message)


class LoginCancelled(ServiceError):
    def __init__(self, service: str, message: str = "sign-in cancelled") -> None:
        super().__init__(service, message)
