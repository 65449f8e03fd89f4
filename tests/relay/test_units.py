"""The pieces that need no process: token bucket, frame parsing, limits, log redaction."""

from __future__ import annotations

import logging

import pytest

from relay import protocol as p
from relay.errors import ConfigError, FrameTooLarge, ProtocolError
from relay.limits import Limits, TokenBucket
from relay.logs import RedactAddresses


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_token_bucket_allows_its_burst_then_its_rate():
    clock = FakeClock()
    bucket = TokenBucket(rate=2.0, burst=3.0, clock=clock)
    assert [bucket.take() for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.take() == pytest.approx(0.5)
    clock.now += 0.5
    assert bucket.take() == 0.0
    clock.now += 100
    assert [bucket.take() for _ in range(4)][-1] > 0  # refills to the burst, not beyond


def test_a_refused_take_costs_nothing():
    clock = FakeClock()
    bucket = TokenBucket(rate=1.0, burst=10.0, clock=clock)
    assert bucket.take(11) == pytest.approx(1.0)
    assert bucket.take(10) == 0.0


def test_frames_are_parsed_and_validated():
    assert p.parse_client_frame('{"type":"push","env":"eA==","id":3}', 10, 10) == p.Push(b"x", 3)
    assert p.parse_client_frame('{"type":"hello","token":"t","since":4}', 1, 1) == p.Hello("t", 4)
    with pytest.raises(FrameTooLarge):
        p.parse_client_frame('{"type":"push","env":"eHh4eA=="}', 3, 100)
    with pytest.raises(ProtocolError) as refused:
        p.parse_client_frame('{"type":"push","env":"!!","id":"a"}', 10, 10)
    assert refused.value.client_id == "a"
    for bad in ['{"type":"nope"}', '{"type":"ping","id":true}', '{"type":"hello","since":0}']:
        with pytest.raises(ProtocolError):
            p.parse_client_frame(bad, 10, 10)


def test_limits_take_overrides_and_refuse_unknown_names():
    limits = Limits().with_overrides(["quota_entries=5", "conn-msgs-per-s=0.5"])
    assert (limits.quota_entries, limits.conn_msgs_per_s) == (5, 0.5)
    with pytest.raises(ConfigError):
        Limits().with_overrides(["no_such_limit=1"])
    with pytest.raises(ConfigError):
        Limits().with_overrides(["quota_entries=lots"])
    assert Limits().max_ws_frame_bytes > Limits().max_checkpoint_bytes * 4 // 3


def test_log_lines_never_carry_addresses():
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "%s:%d said hi", ("10.1.2.3", 5), None
    )
    RedactAddresses().filter(record)
    message = record.getMessage()
    assert "10.1.2.3" not in message
    assert message.startswith("ip:")
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "from %s", ("2001:db8::1",), None)
    RedactAddresses().filter(record)
    assert "2001:db8::1" not in record.getMessage()


def test_the_command_line_refuses_an_unknown_limit(capsys):
    from relay.__main__ import main

    with pytest.raises(SystemExit) as exited:
        main(["serve", "--limit", "no_such_limit=1"])
    assert exited.value.code == 2
    assert "unknown limit" in capsys.readouterr().err


def test_an_unknown_store_url_is_a_config_error():
    from relay.hub import Hub
    from relay.storage import open_store

    with pytest.raises(ConfigError):
        open_store("postgres://somewhere", Hub(Limits()))
